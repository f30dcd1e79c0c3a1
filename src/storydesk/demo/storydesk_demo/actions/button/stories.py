from storydesk import Story, Subject
from storydesk.assertions import GetByRole
from storydesk_demo.components.actions import Button


def button() -> Subject:
    return Subject(
        title="Button", description="The primary call to action and its variants.", target=Button,
        items=[
            Story(title="Primary", props={"label": "Save changes"},
                  assertions=[GetByRole("button", name="Save changes")]),
            Story(title="Secondary", props={"label": "Cancel", "variant": "secondary"}),
            Story(title="Danger", props={"label": "Delete project", "variant": "danger"}),
            Story(title="Small ghost", props={"label": "More", "variant": "ghost", "size": "sm"}),
            Story(title="Disabled", props={"label": "Unavailable", "disabled": True},
                  assertions=[GetByRole("button").with_attribute("disabled")]),
        ],
    )
