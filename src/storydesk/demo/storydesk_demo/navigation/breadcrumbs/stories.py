from storydesk import Story, Subject
from storydesk_demo.components.navigation import Breadcrumbs


def breadcrumbs() -> Subject:
    return Subject(
        title="Breadcrumbs", target=Breadcrumbs,
        items=[
            Story(title="Two levels", props={"trail": ["Home", "Projects"]}),
            Story(title="Deep", props={"trail": ["Home", "Projects", "storydesk", "Settings"]}),
        ],
    )
