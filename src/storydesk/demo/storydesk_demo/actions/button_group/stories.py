from storydesk import Story, Subject
from storydesk_demo.components.actions import ButtonGroup


def button_group() -> Subject:
    return Subject(
        title="Button group", target=ButtonGroup,
        items=[
            Story(title="Two", props={"labels": ["Left", "Right"]}),
            Story(title="Three", props={"labels": ["Day", "Week", "Month"]}),
        ],
    )
