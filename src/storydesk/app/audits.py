"""The accessibility audits of the stories (issue 15): what axe-core found on each story page, kept until the
page changes.

The pane audits the story it shows after every load or morph (:mod:`storydesk.pane.audit`) and reports it;
:class:`Audits` keeps the result per site page, drops it when a build changes that page, and counts the
violations for the tree's badges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: axe-core's impacts, most serious first.
IMPACTS = ("critical", "serious", "moderate", "minor")


@dataclass(frozen=True)
class Offender:
    """One element a rule failed on: its CSS ``target`` selector, its ``html`` (the first 300 characters) and
    axe's ``summary`` of how to fix it.
    """

    target: str
    html: str
    summary: str


@dataclass(frozen=True)
class Violation:
    """One failed axe-core rule: its ``rule`` id, ``impact`` (one of :data:`IMPACTS`), ``help`` text, the
    ``url`` of its documentation and the ``offenders``.
    """

    rule: str
    impact: str
    help: str
    url: str
    offenders: tuple[Offender, ...]

    @classmethod
    def from_axe(cls, data: dict) -> Violation:
        """The violation in an ``audit`` event's ``violations`` entry (unknown impacts count as minor)."""
        impact = str(data.get("impact") or "minor")
        return cls(
            str(data.get("id", "")),
            impact if impact in IMPACTS else "minor",
            str(data.get("help", "")),
            str(data.get("helpUrl", "")),
            tuple(
                Offender(str(n.get("target", "")), str(n.get("html", "")), str(n.get("summary", "")))
                for n in data.get("nodes") or ()
                if isinstance(n, dict)
            ),
        )


@dataclass(frozen=True)
class Audit:
    """The audit of one story page: its ``violations``, most serious first, its time (``ms``) and ``error``
    (``""``: it ran).
    """

    violations: tuple[Violation, ...]
    ms: float = 0.0
    error: str = ""

    def counts(self) -> dict[str, int]:
        """``{impact: violations}`` for the impacts that have any, most serious first."""
        found = {impact: sum(v.impact == impact for v in self.violations) for impact in IMPACTS}
        return {impact: n for impact, n in found.items() if n}


@dataclass
class Audits:
    """The audits by site page (``"section/subject/story.html"``), and a ``version`` bumped on every change
    (the views redraw when it moves).
    """

    pages: dict[str, Audit] = field(default_factory=dict)
    version: int = 0

    def record(self, page: str, violations: list, ms: float, error: str = "") -> Audit:
        """Keep the audit of ``page`` (``violations`` as the pane sent them) and return it."""
        found = [Violation.from_axe(v) for v in violations if isinstance(v, dict)]
        found.sort(key=lambda v: IMPACTS.index(v.impact))
        audit = Audit(tuple(found), ms, error)
        self.pages[page] = audit
        self.version += 1
        return audit

    def forget(self, pages: list[str]) -> None:
        """Drop the audits of ``pages`` (a build changed them: what was found no longer holds)."""
        gone = [page for page in pages if page in self.pages]
        for page in gone:
            del self.pages[page]
        if gone:
            self.version += 1

    def clear(self) -> None:
        """Drop every audit (another catalog was opened)."""
        self.pages.clear()
        self.version += 1
