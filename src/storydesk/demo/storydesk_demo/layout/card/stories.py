from storydesk import Story, Subject
from storydesk_demo.components.layout import Card


def card() -> Subject:
    return Subject(
        title="Card", description="A titled box of content.", target=Card,
        items=[
            Story(title="Plain", props={"title": "Quarterly report", "body": "Revenue grew 12% over Q2."}),
            Story(title="With action", props={"title": "Invite your team", "body": "Work together on stories.",
                                              "action": "Send invites"}),
            Story(title="Long text", props={"title": "Release notes", "body": "Faster rebuilds. " * 12}),
        ],
    )
