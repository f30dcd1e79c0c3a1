from storydesk import Story, Subject
from storydesk.assertions import GetByRole
from storydesk_demo.components.forms import Checkbox


def checkbox() -> Subject:
    return Subject(
        title="Checkbox", target=Checkbox,
        items=[
            Story(title="Unchecked", props={"label": "Subscribe", "name": "subscribe"}),
            Story(title="Checked", props={"label": "Remember me", "name": "remember", "checked": True},
                  assertions=[GetByRole("checkbox").with_attribute("checked")]),
        ],
    )
