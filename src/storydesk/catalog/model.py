"""The catalog model, compatible with Storyville's ``stories.py`` conventions.

A :class:`Catalog` holds :class:`Section` and :class:`Subject` items; unlike Storyville, a Section may hold
Sections as well as Subjects, and Subjects may sit directly under the Catalog. A :class:`Subject` names a
component (``target``) and its example states, the :class:`Story` items.

Discovery (``storydesk.catalog.discovery``) fills in ``items`` from sub-folders and the ``path`` of every node.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from string.templatelib import Template
from types import FrameType
from typing import Any

from storydesk.catalog.static import StaticFiles

type Renderable = Template | str
type Node = Section | Subject


@dataclass
class Story:
    """One example state of a component.

    Args:
        props: keyword arguments passed to the subject's ``target`` (``dict[str, Any]``).
        title: shown in the tree and on the page; defaults to ``"Story N"``.
        description: one paragraph shown above the rendered story.
        template: optional; a tdom ``Template``, a ``str`` of HTML, or a zero-argument callable returning
            either. When given it is rendered instead of ``target(**props)``.

    Attributes:
        defined_at: ``(file, line)`` of the ``Story(...)`` call, so an error in its props (a typo in a prop
            name) names that line of the user's ``stories.py`` (issue 11).
    """

    props: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    description: str = ""
    template: Renderable | Callable[[], Renderable] | None = None
    path: str = ""
    defined_at: tuple[str, int] = field(default=("", 0), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        frame: FrameType | None = sys._getframe(1)  # the dataclass __init__; its caller wrote Story(...)
        while frame is not None and frame.f_code.co_filename in (__file__, "<string>"):
            frame = frame.f_back
        if frame is not None:
            self.defined_at = (frame.f_code.co_filename, frame.f_lineno)


@dataclass
class Subject:
    """A component and its stories.

    Args:
        title: the subject's name, e.g. ``"Button"``.
        description: one paragraph.
        target: the component, a callable returning a tdom ``Template`` or ``str`` when called with a story's
            props; may be ``None`` when every story has its own ``template``.
        items: the stories, a ``list[Story]``.
    """

    title: str
    description: str = ""
    target: Callable[..., Renderable] | None = None
    items: list[Story] = field(default_factory=list)
    path: str = ""


@dataclass
class Section:
    """A group of Sections and Subjects, one per sub-folder with a ``stories.py``.

    Args:
        title: the section's name.
        description: one paragraph.
        items: child nodes, a ``list[Section | Subject]``; discovery appends those found in sub-folders.
    """

    title: str
    description: str = ""
    items: list[Node] = field(default_factory=list)
    path: str = ""


@dataclass
class Catalog:
    """The root of a catalog, returned by the root package's ``stories.py``.

    Args:
        title: the catalog's name, shown in the window title and the site header.
        description: one paragraph.
        items: top-level Sections and Subjects, a ``list[Section | Subject]``.

    Attributes:
        broken: set by discovery, ``[(folder path, CatalogError)]``: the sub-folders whose ``stories.py``
            failed to load (they and the folders below them are left out of this build; issue 10).
        static: set by discovery: the catalog's ``static/`` folders' files (see
            :mod:`storydesk.catalog.static`), copied into the site and loaded by every page.
    """

    title: str
    description: str = ""
    items: list[Node] = field(default_factory=list)
    path: str = ""
    broken: list[tuple[str, Exception]] = field(default_factory=list, init=False, repr=False, compare=False)
    static: StaticFiles = field(default_factory=StaticFiles, init=False, repr=False, compare=False)
