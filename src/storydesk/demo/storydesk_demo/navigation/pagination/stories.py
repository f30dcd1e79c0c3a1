from storydesk import Story, Subject
from storydesk_demo.components.navigation import Pagination


def pagination() -> Subject:
    return Subject(
        title="Pagination", target=Pagination,
        items=[
            Story(title="First page", props={"pages": 5}),
            Story(title="Middle page", props={"pages": 9, "current": 5}),
        ],
    )
