from storydesk import Story, Subject
from storydesk_demo.components.navigation import Tabs


def tabs() -> Subject:
    return Subject(
        title="Tabs", target=Tabs,
        items=[
            Story(title="First selected", props={"tabs": ["Overview", "Activity", "Settings"]}),
            Story(title="Last selected", props={"tabs": ["Overview", "Activity", "Settings"], "selected": 2}),
        ],
    )
