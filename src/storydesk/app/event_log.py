"""The Events tab's log (issue 15): DOM events the shown story's elements emitted, newest first.

The pane's script (:mod:`storydesk.pane.dom_log`) sends them in batches; :class:`EventLog` keeps the last
:data:`LIMIT` of them for the session (switching stories keeps them: each entry names its story's page) and
a ``version`` the tab redraws on.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from storydesk.pane.dom_log import KINDS

__all__ = ["KINDS", "LIMIT", "DomEvent", "EventLog"]

#: The most entries kept; older ones are dropped (Storybook's Actions panel keeps 50 by default; a form
#: being filled in is a few hundred events).
LIMIT = 1000


@dataclass(frozen=True)
class DomEvent:
    """One logged DOM event.

    Attributes:
        at: when it happened, in s since the epoch (the page's clock).
        type: the event's type (``"click"``, ``"input"``; a custom event's own name).
        selector: a short selector of its target (``button#save``, ``input.field[name=email]``).
        value: what it carried (a field's value, a key, a link's address, a form's fields, a custom event's
            ``detail`` as JSON), at most 200 characters.
        page: the site page of the story it came from (``"section/subject/story.html"``).
        blocked: a link's or form's navigation that was stopped (navigation not let through).
        custom: an event the story dispatched itself.
    """

    at: float
    type: str
    selector: str
    value: str
    page: str
    blocked: bool = False
    custom: bool = False

    @property
    def kind(self) -> str:
        """The filter's kind: the type, or ``"custom"`` for an event the story dispatched itself."""
        return "custom" if self.custom else self.type

    @classmethod
    def from_pane(cls, data: dict, page: str) -> DomEvent | None:
        """The entry the pane sent (``{"t", "type", "selector", "value", "blocked", "custom"}``) from ``page``;
        ``None`` when it is not one.
        """
        try:
            return cls(
                float(data["t"]) / 1000,
                str(data["type"]),
                str(data.get("selector", "")),
                str(data.get("value", "")),
                page,
                bool(data.get("blocked")),
                bool(data.get("custom")),
            )
        except KeyError, TypeError, ValueError:
            return None


@dataclass
class EventLog:
    """The logged events, oldest first (the tab shows them newest first), and a ``version`` bumped on every
    change.
    """

    entries: deque[DomEvent] = field(default_factory=lambda: deque(maxlen=LIMIT))
    version: int = 0

    def add(self, raw: list, page: str) -> int:
        """Keep the pane's entries ``raw`` from ``page``; return how many were kept."""
        added = [event for event in (DomEvent.from_pane(r, page) for r in raw if isinstance(r, dict)) if event]
        self.entries.extend(added)
        if added:
            self.version += 1
        return len(added)

    def clear(self) -> None:
        """Drop every entry (the tab's Clear)."""
        self.entries.clear()
        self.version += 1

    def newest_first(self, kind: str = "", limit: int = 200) -> list[DomEvent]:
        """At most ``limit`` entries, newest first, of ``kind`` (``""``: every kind; see :attr:`DomEvent.kind`)."""
        found: list[DomEvent] = []
        for event in reversed(self.entries):
            if not kind or event.kind == kind:
                found.append(event)
                if len(found) >= limit:
                    break
        return found
