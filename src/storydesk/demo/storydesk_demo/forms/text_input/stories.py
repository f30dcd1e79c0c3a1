from storydesk import Story, Subject
from storydesk.assertions import GetByLabelText, GetByRole, GetByText
from storydesk_demo.components.forms import TextInput


def text_input() -> Subject:
    return Subject(
        title="Text input", target=TextInput,
        items=[
            Story(title="Empty", props={"label": "Email", "name": "email", "placeholder": "you@example.com"},
                  assertions=[GetByLabelText("Email").with_attribute("placeholder", "you@example.com")]),
            Story(title="Filled", props={"label": "Email", "name": "email", "value": "ada@example.com"}),
            Story(title="With hint", props={"label": "Username", "name": "user", "hint": "3 to 20 letters."}),
            Story(title="Invalid", props={"label": "Email", "name": "email", "value": "ada@",
                                          "error": "Enter a full email address.", "required": True},
                  assertions=[GetByRole("textbox").with_attribute("aria-invalid", "true"),
                              GetByText("Enter a full email address.")]),
        ],
    )
