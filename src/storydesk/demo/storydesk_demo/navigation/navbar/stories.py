from storydesk import Story, Subject
from storydesk_demo.components.navigation import Navbar

LINKS = ["Home", "Projects", "Settings"]


def navbar() -> Subject:
    return Subject(
        title="Navbar", target=Navbar,
        items=[
            Story(title="Home active", props={"brand": "Acme", "links": LINKS, "active": "Home"}),
            Story(title="Settings active", props={"brand": "Acme", "links": LINKS, "active": "Settings"}),
        ],
    )
