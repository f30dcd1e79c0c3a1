from storydesk import Story, Subject
from storydesk_demo.components.forms import Select

COUNTRIES = ["France", "Germany", "Japan", "Kenya", "Peru"]


def select() -> Subject:
    return Subject(
        title="Select", target=Select,
        items=[
            Story(title="Default", props={"label": "Country", "name": "country", "options": COUNTRIES}),
            Story(title="Preselected", props={"label": "Country", "name": "country", "options": COUNTRIES,
                                              "selected": "Japan"}),
        ],
    )
