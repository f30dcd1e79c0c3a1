from storydesk import Story, Subject
from storydesk_demo.components.layout import Alert


def alert() -> Subject:
    return Subject(
        title="Alert", target=Alert,
        items=[
            Story(title="Info", props={"message": "A new version is available."}),
            Story(title="Warning", props={"message": "Your trial ends in 3 days.", "tone": "warning",
                                          "title": "Heads up"}),
            Story(title="Danger", props={"message": "The build failed.", "tone": "danger", "title": "Error"}),
        ],
    )
