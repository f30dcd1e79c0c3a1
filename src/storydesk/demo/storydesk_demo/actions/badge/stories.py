from storydesk import Story, Subject
from storydesk_demo.components.actions import Badge


def badge() -> Subject:
    return Subject(
        title="Badge", description="A short status label.", target=Badge,
        items=[
            Story(title="Neutral", props={"text": "Draft"}),
            Story(title="Success", props={"text": "Passing", "tone": "success"}),
            Story(title="Warning", props={"text": "Flaky", "tone": "warning"}),
            Story(title="Danger", props={"text": "Failing", "tone": "danger"}),
        ],
    )
