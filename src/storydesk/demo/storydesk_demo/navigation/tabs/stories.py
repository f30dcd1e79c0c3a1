from storydesk import Story, Subject
from storydesk.assertions import GetAllByRole, GetByRole
from storydesk_demo.components.navigation import Tabs


def tabs() -> Subject:
    return Subject(
        title="Tabs", target=Tabs,
        items=[
            Story(title="First selected", props={"tabs": ["Overview", "Activity", "Settings"]},
                  assertions=[GetAllByRole("tab").count(3),
                              GetAllByRole("tab").nth(0).with_attribute("aria-selected", "true")]),
            Story(title="Last selected", props={"tabs": ["Overview", "Activity", "Settings"], "selected": 2},
                  assertions=[GetByRole("tab", name="Settings").with_attribute("aria-selected", "true")]),
        ],
    )
