from storydesk import Story, Subject
from storydesk_demo.components.data import Table


def table() -> Subject:
    return Subject(
        title="Table", target=Table,
        items=[
            Story(title="Simple", props={"columns": ["Name", "Role"],
                                         "rows": [["Ada", "Engineer"], ["Grace", "Admiral"]]}),
            Story(title="With caption", props={"columns": ["Build", "Time"], "caption": "Recent builds",
                                               "rows": [["#41", "62 ms"], ["#42", "58 ms"]]}),
        ],
    )
