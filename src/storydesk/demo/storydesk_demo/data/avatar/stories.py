from storydesk import Story, Subject
from storydesk_demo.components.data import Avatar


def avatar() -> Subject:
    return Subject(
        title="Avatar", target=Avatar,
        items=[
            Story(title="Default", props={"name": "Ada Lovelace"}),
            Story(title="Large", props={"name": "Grace Hopper", "size": 72}),
        ],
    )
