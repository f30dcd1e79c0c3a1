"""The events worker threads hand to the main thread: frozen dataclasses, one per kind (issue 10).

The build thread posts :class:`BuildStarted` and :class:`BuildFinished`; the pane client's reader thread
posts the pane's events, parsed from its JSON lines (see :mod:`storydesk.pane.protocol`) by
:func:`pane_event`. :meth:`storydesk.app.controller.App.poll` applies them on the main thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storydesk.build.result import BuildResult


@dataclass(frozen=True)
class BuildStarted:
    """A build began. ``changes``: the changed files (or labels such as ``"rebuild requested"``), sorted."""

    changes: tuple[str, ...]


@dataclass(frozen=True)
class BuildFinished:
    """A build ended (well or not). ``reloaded``: the build thread already told the pane to reload;
    ``generation``: the coordinator's catalog generation when the build started (a build of a catalog that
    was closed since is dropped).
    """

    result: BuildResult
    reloaded: bool = False
    generation: int = 0


@dataclass(frozen=True)
class PaneReady:
    """The pane's window is up and takes commands."""


@dataclass(frozen=True)
class PaneOpenFile:
    """A click in the pane on an error's ``file:line``: open ``file`` at ``line`` in the user's editor (issue 14)."""

    file: str
    line: int


@dataclass(frozen=True)
class PaneLoaded:
    """The pane finished loading ``url``, or morphing it in place (``morphed``, taking ``morph_ms`` ms; issue
    13); ``text`` is the start of its visible text, ``scroll`` its scroll position in px; ``received_at``:
    ``time.time()`` (s) when the app read the event.
    """

    url: str
    text: str = ""
    scroll: float = 0.0
    received_at: float = 0.0
    morphed: bool = False
    morph_ms: float = 0.0


@dataclass(frozen=True)
class PaneOverlay:
    """The pane's build-error overlay now shows ``text`` (``""``: none)."""

    text: str


@dataclass(frozen=True)
class PaneShortcut:
    """An app shortcut (``keys``, e.g. ``"ctrl+alt+r"``) was pressed while the pane had focus."""

    keys: str


@dataclass(frozen=True)
class PaneView:
    """Where the pane laid the page out (issue 14): the viewport ``width`` x ``height`` in CSS px, the ``zoom``
    factor it is shown at, whether it was ``fitted`` (scaled down to fit the pane) and whether it is still
    larger than the pane (``overflow``: cut off at Chromium's smallest zoom, 25 %).
    """

    width: int
    height: int
    zoom: float
    fitted: bool
    overflow: bool = False


@dataclass(frozen=True)
class PaneAudit:
    """The accessibility audit of the story page at ``url`` (issue 15, :mod:`storydesk.pane.audit`):
    ``violations`` as axe-core reports them (``[{"id", "impact", "help", "helpUrl", "nodes": [{"target",
    "html", "summary"}]}]``), the audit's time in ``ms``, and ``error`` (``""``: it ran).
    """

    url: str
    violations: list
    ms: float
    error: str


@dataclass(frozen=True)
class PaneAuditProgress:
    """Audit all's progress (issue 15): ``done`` of ``total`` story pages audited; ``finished`` when it
    stopped, ``cancelled`` when it was cancelled.
    """

    done: int
    total: int
    finished: bool
    cancelled: bool = False


@dataclass(frozen=True)
class PaneDomEvents:
    """DOM events of the story shown at ``url`` (issue 15, :mod:`storydesk.pane.dom_log`), oldest first, as the
    pane sent them (``[{"t", "type", "selector", "value", "blocked", "custom"}]``).
    """

    url: str
    events: list


@dataclass(frozen=True)
class PaneMessage:
    """Something the pane reports for the log: ``level`` is ``"info"`` or ``"warning"``."""

    level: str
    text: str


@dataclass(frozen=True)
class PaneFolderChosen:
    """The pane's folder dialog was answered: ``path`` (``""``: cancelled), asked for ``purpose``."""

    path: str
    purpose: str = ""


@dataclass(frozen=True)
class PaneExited:
    """The pane process ``pid`` ended with ``code``; ``expected``: the app asked it to."""

    code: int | None
    pid: int | None
    expected: bool


PaneEvent = (
    PaneReady
    | PaneLoaded
    | PaneOverlay
    | PaneShortcut
    | PaneOpenFile
    | PaneView
    | PaneAudit
    | PaneAuditProgress
    | PaneDomEvents
    | PaneMessage
    | PaneFolderChosen
    | PaneExited
)
AppEvent = BuildStarted | BuildFinished | PaneEvent


def pane_event(raw: dict[str, Any], received_at: float) -> PaneEvent | None:
    """Return the typed event for one decoded pane line (``None`` for kinds the app does not act on, such
    as ``eval`` answers). ``received_at``: ``time.time()`` in s.
    """
    match raw.get("event"):
        case "ready":
            return PaneReady()
        case "loaded":
            return PaneLoaded(
                str(raw.get("url", "")),
                str(raw.get("text", "")),
                float(raw.get("scroll") or 0.0),
                received_at,
                bool(raw.get("morphed")),
                float(raw.get("morph_ms") or 0.0),
            )
        case "overlay":
            return PaneOverlay(str(raw.get("text", "")))
        case "shortcut":
            return PaneShortcut(str(raw.get("keys", "")))
        case "open":
            try:
                return PaneOpenFile(str(raw.get("file", "")), int(raw.get("line") or 0))
            except TypeError, ValueError:
                return None
        case "view":
            try:
                return PaneView(
                    int(raw.get("width") or 0),
                    int(raw.get("height") or 0),
                    float(raw.get("zoom") or 1.0),
                    bool(raw.get("fitted")),
                    bool(raw.get("overflow")),
                )
            except TypeError, ValueError:
                return None
        case "audit":
            violations = raw.get("violations")
            return PaneAudit(
                str(raw.get("url", "")),
                violations if isinstance(violations, list) else [],
                float(raw.get("ms") or 0.0),
                str(raw.get("error") or ""),
            )
        case "audit_progress":
            return PaneAuditProgress(
                int(raw.get("done") or 0),
                int(raw.get("total") or 0),
                bool(raw.get("finished")),
                bool(raw.get("cancelled")),
            )
        case "dom_events":
            events = raw.get("events")
            return PaneDomEvents(str(raw.get("url", "")), events if isinstance(events, list) else [])
        case "navigation":
            return PaneMessage(
                "info",
                "links and forms in stories now navigate the pane"
                if raw.get("allow")
                else "links and forms in stories are logged in the Events tab; the pane stays on the story",
            )
        case "embedded":
            ok = raw.get("ok", True)
            return PaneMessage(
                "info" if ok else "warning",
                "preview pane embedded in the app window"
                if ok
                else "preview pane could not be embedded; it is placed beside the app",
            )
        case "error":
            return PaneMessage("warning", f"preview pane: {raw.get('message')}")
        case "highlighted":  # an audit's offending element, asked for from the Accessibility tab (issue 15)
            selector = raw.get("selector", "")
            return PaneMessage(
                "info" if raw.get("found") else "warning",
                f"showing {selector} in the pane"
                if raw.get("found")
                else f"{selector} is not on the page shown (it changed since the audit)",
            )
        case "folder_chosen":
            return PaneFolderChosen(str(raw.get("path", "")), str(raw.get("purpose", "")))
        case "exited":
            return PaneExited(raw.get("code"), raw.get("pid"), bool(raw.get("expected")))
    return None
