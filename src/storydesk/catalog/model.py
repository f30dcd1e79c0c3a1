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
        target: optional; the component of this story, overriding the subject's ``target`` (Storyville's
            ``Story.target``).
        assertions: callables run on the rendered story (:class:`storydesk.catalog.assertions.RenderedStory`)
            that raise ``AssertionError`` when it is wrong, e.g. the helpers of :mod:`storydesk.assertions`;
            results are shown as pass/fail badges (issue 12).
        a11y: optional; axe-core options for this story's accessibility audit (issue 15), over the catalog's:
            ``{"rules": {"color-contrast": {"enabled": False}}}`` switches a rule off (axe's ``rules`` option).

    A story without a title is named as Storyville names it: its subject's title followed by ``" Story"``.

    Attributes:
        defined_at: ``(file, line)`` of the ``Story(...)`` call, so an error in its props (a typo in a prop
            name) names that line of the user's ``stories.py`` (issue 11).
    """

    props: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    description: str = ""
    template: Renderable | Callable[[], object] | None = None
    path: str = ""
    target: Callable[..., object] | None = None
    assertions: list[Callable[..., object]] = field(default_factory=list)
    a11y: dict[str, Any] = field(default_factory=dict)
    defined_at: tuple[str, int] = field(default=("", 0), init=False, repr=False, compare=False)

    @classmethod
    def outline(cls, title: str, description: str) -> Story:
        """A story with only its ``title`` and ``description``, as an incremental build rebuilds one it does not
        render (:mod:`storydesk.catalog.incremental`): made without ``__init__``, whose caller-frame walk
        cost 9 ms of a 3,000-story incremental build.
        """
        story = cls.__new__(cls)
        story.__dict__.update(
            props={},
            title=title,
            description=description,
            template=None,
            path="",
            target=None,
            assertions=[],
            a11y={},
            defined_at=("", 0),
        )
        return story

    def __post_init__(self) -> None:
        self.title = self.title or ""  # Storyville's title=None
        self.description = self.description or ""
        self.props = dict(self.props or {})
        self.assertions = list(self.assertions or [])
        self.a11y = dict(self.a11y or {})
        frame: FrameType | None = sys._getframe(1)  # the dataclass __init__; its caller wrote Story(...)
        while frame is not None and frame.f_code.co_filename in (__file__, "<string>"):
            frame = frame.f_back
        if frame is not None:
            self.defined_at = (frame.f_code.co_filename, frame.f_lineno)


@dataclass
class Subject:
    """A component and its stories.

    Args:
        title: the subject's name, e.g. ``"Button"``; without one it is named as Storyville names it, by its
            folder's dotted path below the catalog (``".components.button"``).
        description: one paragraph.
        target: the component, a callable returning a tdom ``Template`` or ``str`` when called with a story's
            props; when what it returns is callable (a dataclass component with ``__call__``), that is called
            too, as Storyville's ``Story.instance`` does. May be ``None`` when every story has its own
            ``template`` or ``target``.
        items: the stories, a ``list[Story]``.
        background: optional; the preview's default background for its stories (issue 14): ``"light"``,
            ``"dark"``, ``"checkerboard"`` or a CSS colour such as ``"#f4f4f5"``; ``""``: the catalog's.
        variants: optional; the two props (``bool``, ``Literal`` or ``Enum``) whose combinations the docs page's
            variants matrix shows first, e.g. ``("tone", "size")``; ``()``: the first two such props (issue 14).
    """

    title: str = ""
    description: str = ""
    target: Callable[..., object] | None = None
    items: list[Story] = field(default_factory=list)
    path: str = ""
    background: str = ""
    variants: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.title, self.description = self.title or "", self.description or ""
        self.items = list(self.items.values() if isinstance(self.items, dict) else self.items or [])
        self.variants = tuple(self.variants or ())


@dataclass
class Section:
    """A group of Sections and Subjects, one per sub-folder with a ``stories.py``.

    Args:
        title: the section's name.
        description: one paragraph.
        items: child nodes, a ``list[Section | Subject]`` (or Storyville's ``dict`` of them); discovery appends
            those found in sub-folders.
    """

    title: str = ""
    description: str = ""
    items: list[Node] = field(default_factory=list)
    path: str = ""

    def __post_init__(self) -> None:
        self.title, self.description = self.title or "", self.description or ""
        self.items = list(self.items.values() if isinstance(self.items, dict) else self.items or [])


@dataclass
class Catalog:
    """The root of a catalog, returned by the root package's ``stories.py``.

    Args:
        title: the catalog's name, shown in the window title and the site header.
        description: one paragraph.
        items: top-level Sections and Subjects, a ``list[Section | Subject]`` (or Storyville's ``dict``).
        themed_layout: optional; a callable ``themed_layout(story_title=str, children=markup)`` returning a
            whole HTML document (a ``str``, tdom ``Template`` or a callable returning one), the catalog's own
            page around a story. Each story is then also written as ``<story>.themed.html`` through it,
            shown in an iframe on the story page and as the pane's view of the story (Storyville's
            ``Catalog.themed_layout``; issue 12).
        background: optional; the preview's default background for every story (issue 14), as
            :class:`Subject`'s; a subject's own wins.
        a11y: optional; axe-core options for every story's accessibility audit (issue 15), e.g.
            ``{"rules": {"region": {"enabled": False}}}``; a story's own ``a11y`` rules win rule by rule.

    Attributes:
        broken: set by discovery, ``[(folder path, CatalogError)]``: the sub-folders whose ``stories.py``
            failed to load (they and the folders below them are left out of this build; issue 10).
        static: set by discovery: the catalog's ``static/`` folders' files (see
            :mod:`storydesk.catalog.static`), copied into the site and loaded by every page.
        reused: set by discovery in an incremental build: the paths of the subjects whose pages the previous
            build made and this one keeps (:mod:`storydesk.catalog.incremental`; issue 13).
    """

    title: str = ""
    description: str = ""
    items: list[Node] = field(default_factory=list)
    path: str = ""
    themed_layout: Callable[..., object] | None = None
    background: str = ""
    a11y: dict[str, Any] = field(default_factory=dict)
    broken: list[tuple[str, Exception]] = field(default_factory=list, init=False, repr=False, compare=False)
    static: StaticFiles = field(default_factory=StaticFiles, init=False, repr=False, compare=False)
    reused: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.title, self.description = self.title or "", self.description or ""
        self.items = list(self.items.values() if isinstance(self.items, dict) else self.items or [])
