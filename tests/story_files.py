"""Catalog files for tests: a subject of template stories, and a root ``stories.py`` with a themed layout."""

from __future__ import annotations


def subject_files(folder: str, subject: str, stories: dict[str, str], extra: dict[str, str] | None = None) -> dict:
    """``{"<folder>/stories.py": ...}``: the subject ``subject`` whose stories are ``{title: HTML template}``;
    ``extra``: more ``Story(...)`` keyword arguments by title, as source (``"a11y={...}"``).
    """
    items = ",\n".join(
        f"        Story(title={title!r}, template={html!r}{', ' + extra[title] if extra and title in extra else ''})"
        for title, html in stories.items()
    )
    return {
        f"{folder}/stories.py": "from storydesk import Story, Subject\n\n"
        f"def subject() -> Subject:\n    return Subject(title={subject!r}, items=[\n{items},\n    ])\n"
    }


def themed_root(title: str, body: str, extra: str = "") -> str:
    """A root ``stories.py``: the catalog ``title`` with a ``themed_layout`` whose page is ``body`` (HTML with
    ``{children}`` where the story goes); ``extra``: more ``Catalog(...)`` keyword arguments, as source.
    """
    template = "t" + repr(f'<!doctype html><html lang="en"><body>{body}</body></html>')
    more = f", {extra}" if extra else ""
    return (
        "from storydesk import Catalog\nfrom tdom import html\n\n"
        f"def layout(story_title=None, children=None):\n    return html({template})\n\n"
        f"def catalog() -> Catalog:\n    return Catalog(title={title!r}, themed_layout=layout{more})\n"
    )
