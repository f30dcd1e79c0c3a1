"""``storydesk new DIR``: a small working catalog to start from (issue 12; Storyville's ``seed`` does the same).

What it writes, each file short enough to read in a minute::

    DIR/__init__.py, stories.py              the Catalog
    DIR/components/stories.py                a Section
    DIR/components/button/button.py          a component with typed props (str, Literal, bool)
    DIR/components/button/static/button.css  its own CSS (loaded by every page: storydesk.catalog.static)
    DIR/components/button/stories.py         a Subject with three stories, one with assertions
    DIR/components/forms/stories.py          a nested Section
    DIR/components/forms/field/...           a labelled text field and its stories

Modules import each other relatively (``from .button import Button``), so the folder may be given any name
that is a Python identifier.
"""

from __future__ import annotations

import keyword
import sys
from pathlib import Path

FILES: dict[str, str] = {
    "__init__.py": '"""A storydesk catalog (made by storydesk new)."""\n',
    "stories.py": '''"""The catalog: the root stories.py returns a Catalog, a sub-folder's a Section or a Subject."""

from storydesk import Catalog


def catalog() -> Catalog:
    return Catalog(
        title="{title}",
        description="Components and their stories. Edit any file and save.",
    )
''',
    "components/__init__.py": "",
    "components/stories.py": """from storydesk import Section


def components() -> Section:
    return Section(title="Components", description="The building blocks.")
""",
    "components/button/__init__.py": "",
    "components/button/button.py": '''"""A button: a plain function of typed props returning a tdom template.

It returns the t-string itself (a ``Template``), not ``html(...)``'s string, so other components can hold it:
``t"<div>{Button(label='Inside')}</div>"`` renders the button, not its escaped text.
"""

from string.templatelib import Template
from typing import Literal


def Button(
    label: str,
    variant: Literal["primary", "secondary", "danger"] = "primary",
    disabled: bool = False,
) -> Template:
    """A button.

    Args:
        label: the text on the button.
        variant: its colour.
        disabled: whether it can be pressed.
    """
    return t'<button class="btn btn-{variant}" type="button" disabled={disabled}>{label}</button>'
''',
    "components/button/static/button.css": """.btn { font: inherit; padding: .45rem 1rem; border-radius: 6px; }
.btn { border: 1px solid transparent; }
.btn-primary { background: #1f5fbf; color: #fff; }
.btn-secondary { background: #fff; color: #1f2933; border-color: #9aa5b1; }
.btn-danger { background: #b42318; color: #fff; }
.btn:disabled { opacity: .55; }
""",
    "components/button/stories.py": """from storydesk import Story, Subject
from storydesk.assertions import GetByRole

from .button import Button


def button() -> Subject:
    return Subject(
        title="Button",
        description="The call to action. Edit its props in the app's Props panel.",
        target=Button,
        items=[
            Story(
                title="Primary",
                props={"label": "Save"},
                assertions=[
                    GetByRole("button", name="Save"),
                    GetByRole("button").with_attribute("class", "btn btn-primary"),
                ],
            ),
            Story(title="Secondary", props={"label": "Cancel", "variant": "secondary"}),
            Story(title="Disabled", props={"label": "Delete", "variant": "danger", "disabled": True}),
        ],
    )
""",
    "components/forms/__init__.py": "",
    "components/forms/stories.py": """from storydesk import Section


def forms() -> Section:
    return Section(title="Forms", description="A section inside a section.")
""",
    "components/forms/field/__init__.py": "",
    "components/forms/field/field.py": '''from string.templatelib import Template


def Field(label: str, name: str, value: str = "") -> Template:
    """A labelled text field."""
    return t'<label>{label} <input type="text" name={name} value={value}></label>'
''',
    "components/forms/field/stories.py": """from storydesk import Story, Subject
from storydesk.assertions import GetByLabelText

from .field import Field


def field() -> Subject:
    return Subject(
        title="Field",
        target=Field,
        items=[
            Story(
                title="Empty",
                props={"label": "Name", "name": "name"},
                assertions=[GetByLabelText("Name")],
            ),
            Story(title="Filled", props={"label": "Email", "name": "email", "value": "ada@example.org"}),
        ],
    )
""",
}


class ScaffoldError(Exception):
    """``storydesk new`` cannot write its catalog there (the message says why)."""


def scaffold(folder: Path) -> list[Path]:
    """Write the starter catalog into ``folder`` (created; it must not exist or be empty); return the files.

    Raises:
        ScaffoldError: ``folder`` exists and is not empty, or its name is not a Python identifier or is a
            standard library module's (``html``, ``email``...).
        OSError: a file could not be written.
    """
    folder = folder.resolve()
    if not folder.name.isidentifier():
        raise ScaffoldError(f"{folder.name!r} is not a valid Python package name; use letters, digits and _")
    if keyword.iskeyword(folder.name) or keyword.issoftkeyword(folder.name):
        raise ScaffoldError(f"{folder.name!r} is a Python keyword and cannot be imported; pick another name")
    if folder.name in sys.stdlib_module_names or folder.name == "storydesk":
        raise ScaffoldError(f"{folder.name!r} is the name of a Python module the catalog would hide; pick another")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} exists and is not an empty folder")
    title = folder.name.replace("_", " ").title()
    written = []
    for name, text in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{title}", title), encoding="utf-8")
        written.append(path)
    return written


def run_new(folder: Path) -> int:
    """``storydesk new DIR``: scaffold and say what to do next; return the exit status (0, or 1 on error)."""
    try:
        files = scaffold(folder)
    except (ScaffoldError, OSError) as exc:
        print(f"storydesk new: {exc}", file=sys.stderr)
        return 1
    print(f"created a catalog of {len(files)} files in {folder}")
    print(f"open it:   storydesk {folder}")
    print(f"build it:  storydesk build {folder} {folder}-site")
    print(f"test it:   pytest --storydesk {folder}")
    return 0
