"""Query helpers for ``Story.assertions``, compatible with ``storyville.assertions`` (issue 12).

Each helper is a frozen dataclass; calling it with the rendered story (anything whose ``__html__()`` or
``str()`` gives its HTML: the :class:`~storydesk.catalog.assertions.RenderedStory` passed to assertions, a
``str``, a tdom ``Markup``) runs the query and raises ``AssertionError`` with a readable message when it
fails. Refinements return a new helper::

    GetByRole("button", name="Save")             # exactly one such element
    GetByRole("button").not_()                   # none (or not exactly one)
    GetByText("Save").text_content("Save")       # its normalised text content
    GetByTestId("card").with_attribute("aria-expanded", "true")
    GetAllByRole("listitem").count(3)            # at least one; exactly 3
    GetAllByRole("listitem").nth(0).text_content("First")

Single helpers (``GetBy*``) fail when none or more than one element matches (``.not_()`` passes then);
``GetAllBy*`` fail when none does. Names, labels and text are matched as in ``storyville.assertions``: a
``str`` is looked for inside the element's whitespace-normalised name or text, a compiled ``re.Pattern`` is
searched (``GetByRole("button", name=re.compile(r"^Save$"))`` for an exact name). Roles, names and text:
:mod:`storydesk.catalog.roles`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, fields, replace
from types import FrameType
from typing import Self

from justhtml.dom import Element, Node

from storydesk.catalog import roles

#: how much of the searched HTML a failure message shows (characters), as Storyville's helpers do
SHOWN_HTML = 300

#: what a name, label or text is matched with: a ``str`` looked for inside the normalised text, or a compiled
#: ``re.Pattern`` searched in it (as ``storyville.assertions`` does; :func:`storydesk.catalog.roles.matches`)
type Match = str | re.Pattern[str]


def _markup(container: object) -> str:
    html = getattr(container, "__html__", None)
    return str(html() if callable(html) else container)


def _searched(markup: str) -> str:
    return markup if len(markup) <= SHOWN_HTML else markup[:SHOWN_HTML] + "..."


@dataclass(frozen=True, kw_only=True, repr=False)
class _Query:
    """What every helper shares: the checks on the element found (text content, attributes; each refinement
    adds one, none replaces another), and where in the user's code the helper was made (``defined_at``,
    ``(file, line)``: a failure is reported there).
    """

    expected_text: str | None = None
    attribute_name: str | None = None
    attribute_value: str | None = None
    more: tuple[tuple[str, str, str | None], ...] = ()  # further ("text", text, None) / ("attr", name, value)
    defined_at: tuple[str, int] = field(default=("", 0), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.defined_at[0]:
            object.__setattr__(self, "defined_at", _made_at())

    def __repr__(self) -> str:
        """The helper as written, its query first: ``GetByRole(role='button', name='Save', negate=True)``."""
        own = [f for f in fields(self) if f.repr]
        own.sort(
            key=lambda f: f.name in _Query.__dataclass_fields__ or f.name in ("negate", "expected_count", "nth_index")
        )
        shown = [f"{f.name}={getattr(self, f.name)!r}" for f in own if getattr(self, f.name) != f.default]
        return f"{type(self).__name__}({', '.join(shown)})"

    def _find(self, root: Node) -> list[Element]:
        raise NotImplementedError

    def _describe(self) -> str:
        raise NotImplementedError

    def _check(self, element: Element, where: str) -> None:
        __tracebackhide__ = True
        checks = list(self.more)
        if self.expected_text is not None:
            checks.insert(0, ("text", self.expected_text, None))
        if self.attribute_name is not None:
            checks.insert(
                1 if self.expected_text is not None else 0, ("attr", self.attribute_name, self.attribute_value)
            )
        for kind, name, value in checks:
            if kind == "text":
                actual = roles.text_content(element)
                if actual != name:
                    raise AssertionError(f"Expected text: {name!r} but got: {actual!r}\n\nQuery: {where}")
                continue
            found = element.attrs.get(name)
            if found is None:
                raise AssertionError(f"Expected attribute {name!r} not found\n\nQuery: {where}")
            if value is not None and found != value:
                raise AssertionError(f"Expected attribute {name!r}={value!r} but got {found!r}\n\nQuery: {where}")

    def text_content(self, expected: str) -> Self:
        """A copy that also checks the element's normalised text content equals ``expected``."""
        if self.expected_text is None:
            return replace(self, expected_text=expected)
        return replace(self, more=(*self.more, ("text", expected, None)))

    def with_attribute(self, name: str, value: str | None = None) -> Self:
        """A copy that also checks the element has the attribute ``name`` (equal to ``value`` when given)."""
        if self.attribute_name is None:
            return replace(self, attribute_name=name, attribute_value=value)
        return replace(self, more=(*self.more, ("attr", name, value)))


def _made_at() -> tuple[str, int]:
    """``(file, line)`` of the code that made a helper: the first frame outside this module and dataclasses."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None and (
        frame.f_code.co_filename in (__file__, "<string>") or "dataclasses" in frame.f_code.co_filename
    ):
        frame = frame.f_back
    return (frame.f_code.co_filename, frame.f_lineno) if frame is not None else ("", 0)


@dataclass(frozen=True, kw_only=True, repr=False)
class _Single(_Query):
    negate: bool = False

    def __call__(self, container: object) -> None:
        """Run the query on ``container``'s HTML.

        Raises:
            AssertionError: not exactly one element matched (or, after ``.not_()``, exactly one did), or a
                check failed.
        """
        __tracebackhide__ = True  # pytest shows the assertion's own line, not this helper's
        markup = _markup(container)
        found = self._find(roles.parse(markup))
        where = self._describe()
        if len(found) != 1:
            if self.negate:
                return
            problem = "Unable to find an element" if not found else f"Found {len(found)} elements, expected one"
            raise AssertionError(f"{problem} with {where}\n\nQuery: {where}\n\nSearched in:\n{_searched(markup)}")
        if self.negate:
            raise AssertionError(f"Expected element NOT to exist but found: {found[0].to_html()}\n\nQuery: {where}")
        self._check(found[0], where)

    def not_(self) -> Self:
        """A copy that passes unless exactly one element matches (none, or several: ``storyville.assertions``
        passes then too).
        """
        return replace(self, negate=True)


@dataclass(frozen=True, kw_only=True, repr=False)
class _All(_Query):
    expected_count: int | None = None
    nth_index: int | None = None

    def __call__(self, container: object) -> None:
        """Run the query on ``container``'s HTML.

        Raises:
            AssertionError: nothing matched, the count differs, the ``nth`` element does not exist, or a check
                on it failed.
        """
        __tracebackhide__ = True
        markup = _markup(container)
        found = self._find(roles.parse(markup))
        where = self._describe()
        if not found:
            raise AssertionError(
                f"Unable to find any element with {where}\n\nQuery: {where}\n\nSearched in:\n{_searched(markup)}"
            )
        if self.expected_count is not None and len(found) != self.expected_count:
            raise AssertionError(
                f"Expected count: {self.expected_count} but found: {len(found)} elements\n\nQuery: {where}"
            )
        if self.nth_index is not None:
            if not 0 <= self.nth_index < len(found):
                raise AssertionError(
                    f"Index {self.nth_index} out of bounds, found {len(found)} elements\n\nQuery: {where}"
                )
            self._check(found[self.nth_index], f"{where}, nth={self.nth_index}")

    def count(self, expected: int) -> Self:
        """A copy that also checks exactly ``expected`` elements match."""
        return replace(self, expected_count=expected)

    def nth(self, index: int) -> Self:
        """A copy whose text and attribute checks apply to the ``index``-th match (0-based)."""
        return replace(self, nth_index=index)


# -- what each helper looks for: one class per query, shared by its GetBy* and GetAllBy* forms ----------


@dataclass(frozen=True, repr=False)
class _ByRole:
    role: str
    level: int | None = None
    name: Match | None = None

    def _find(self, root: Node) -> list[Element]:
        found = [e for e in roles.elements(root) if roles.role(e) == self.role and not roles.is_hidden(e)]
        if self.level is not None:
            found = [e for e in found if roles.level(e) == self.level]
        if self.name is not None:
            name = self.name
            found = [e for e in found if roles.matches(roles.accessible_name(e, root), name)]
        return found

    def _describe(self) -> str:
        level = f", level={self.level}" if self.level is not None else ""
        return f"role={self.role!r}{level}" + (f", name={self.name!r}" if self.name is not None else "")


@dataclass(frozen=True, repr=False)
class _ByText:
    text: Match

    def _find(self, root: Node) -> list[Element]:
        return [
            e
            for e in roles.elements(root)
            if e.name not in ("script", "style") and (own := roles.own_text(e)) and roles.matches(own, self.text)
        ]

    def _describe(self) -> str:
        return f"text={self.text!r}"


@dataclass(frozen=True, repr=False)
class _ByLabelText:
    label: Match

    def _find(self, root: Node) -> list[Element]:
        return roles.labelled(root, self.label)

    def _describe(self) -> str:
        return f"label={self.label!r}"


@dataclass(frozen=True, repr=False)
class _ByTestId:
    test_id: str

    def _find(self, root: Node) -> list[Element]:
        return [e for e in roles.elements(root) if e.attrs.get("data-testid") == self.test_id]

    def _describe(self) -> str:
        return f"test_id={self.test_id!r}"


@dataclass(frozen=True, repr=False)
class _ByClass:
    class_name: str

    def _find(self, root: Node) -> list[Element]:
        return [e for e in roles.elements(root) if self.class_name in (e.attrs.get("class") or "").split()]

    def _describe(self) -> str:
        return f"class_name={self.class_name!r}"


@dataclass(frozen=True, repr=False)
class _ById:
    id: str

    def _find(self, root: Node) -> list[Element]:
        return [e for e in roles.elements(root) if e.attrs.get("id") == self.id]

    def _describe(self) -> str:
        return f"id={self.id!r}"


@dataclass(frozen=True, repr=False)
class _ByTagName:
    tag_name: str

    def _find(self, root: Node) -> list[Element]:
        return [e for e in roles.elements(root) if e.name == self.tag_name.lower()]

    def _describe(self) -> str:
        return f"tag_name={self.tag_name!r}"


# -- the helpers: a query with the single (GetBy*) or the list (GetAllBy*) checks -------------------------


@dataclass(frozen=True, repr=False)
class GetByRole(_ByRole, _Single):
    """Exactly one element with ARIA ``role`` (and heading ``level``, accessible ``name`` when given)."""


@dataclass(frozen=True, repr=False)
class GetByText(_ByText, _Single):
    """Exactly one element whose own text holds ``text`` (see :data:`Match`)."""


@dataclass(frozen=True, repr=False)
class GetByLabelText(_ByLabelText, _Single):
    """Exactly one element labelled ``label`` (``<label>``, ``aria-labelledby`` or ``aria-label``)."""


@dataclass(frozen=True, repr=False)
class GetByTestId(_ByTestId, _Single):
    """Exactly one element with ``data-testid="test_id"``."""


@dataclass(frozen=True, repr=False)
class GetByClass(_ByClass, _Single):
    """Exactly one element with ``class_name`` among its classes."""


@dataclass(frozen=True, repr=False)
class GetById(_ById, _Single):
    """Exactly one element with ``id="id"``."""


@dataclass(frozen=True, repr=False)
class GetByTagName(_ByTagName, _Single):
    """Exactly one ``<tag_name>`` element."""


@dataclass(frozen=True, repr=False)
class GetAllByRole(_ByRole, _All):
    """Every element with ARIA ``role`` (and ``level``, ``name`` when given); at least one."""


@dataclass(frozen=True, repr=False)
class GetAllByText(_ByText, _All):
    """Every element whose own text holds ``text`` (see :data:`Match`); at least one."""


@dataclass(frozen=True, repr=False)
class GetAllByLabelText(_ByLabelText, _All):
    """Every element labelled ``label``; at least one."""


@dataclass(frozen=True, repr=False)
class GetAllByTestId(_ByTestId, _All):
    """Every element with ``data-testid="test_id"``; at least one."""


@dataclass(frozen=True, repr=False)
class GetAllByClass(_ByClass, _All):
    """Every element with ``class_name`` among its classes; at least one."""


@dataclass(frozen=True, repr=False)
class GetAllByTagName(_ByTagName, _All):
    """Every ``<tag_name>`` element; at least one."""
