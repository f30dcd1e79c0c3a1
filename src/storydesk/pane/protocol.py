"""The JSON-lines protocol between the app and the pane process.

One JSON object per line. The app writes commands to the pane's stdin:

* ``{"cmd": "load", "url": "file:///.../page.html"}``: show a page.
* ``{"cmd": "reload"}``: reload the current page, keeping its scroll position.
* ``{"cmd": "overlay", "html": "..."}``: show (or with ``""`` remove) a build-error overlay over the page.
* ``{"cmd": "embed", "parent": <X11 window id>, "x": .., "y": .., "w": .., "h": ..}``: become a native child
  of that window at that rectangle (px, relative to the parent).
* ``{"cmd": "geometry", "x": .., "y": .., "w": .., "h": ..}``: move/resize (relative to the parent when
  embedded, else on screen).
* ``{"cmd": "eval", "id": n, "js": "..."}``: evaluate JavaScript; the answer is an ``eval`` event.
* ``{"cmd": "choose_folder", "title", "start", "purpose"}``: show a folder dialog (a window of the pane's own,
  never hidden under it); the answer is a ``folder_chosen`` event.
* ``{"cmd": "view", "width", "height", "zoom", "background", "outline", "grid"}``: lay the page out at a
  viewport of ``width`` x ``height`` CSS px (``0``: the whole pane) at ``zoom`` (a factor), with a CSS
  ``background`` (``""``: the page's own) and the overlays (:mod:`storydesk.pane.stage`; issue 14); answered
  by a ``view`` event.
* ``{"cmd": "highlight", "selector"}``: scroll the element to view and box it for 3 s (an audit's offending
  element, issue 15); answered by ``{"event": "highlighted", "selector", "found"}``.
* ``{"cmd": "audit_all", "urls": [...]}``: audit those story pages one by one in a view of the pane's own,
  never on screen (the shown page is not disturbed); ``{"cmd": "audit_cancel"}`` stops it. Each page gives an
  ``audit`` event (with ``"background": true``) and an ``audit_progress`` event ``{"done", "total",
  "finished", "cancelled"?}``.
* ``{"cmd": "navigation", "allow"}``: let a story's links and form submits navigate the pane (``true``), or
  log them and stay (``false``, the default); answered by ``{"event": "navigation", "allow"}`` (issue 15).
* ``{"cmd": "quit"}``.

The pane writes events to its stdout (kept for the protocol only; library output goes to stderr):

* ``{"event": "ready"}``; ``{"event": "embedded", "ok": bool}``;
* ``{"event": "loaded", "url", "title", "text", "scroll"}`` after every page load (``text``: the first
  4,000 characters of the page's visible text);
* ``{"event": "overlay", "text"}`` after each ``overlay`` command: the overlay's visible text ("" if none);
* ``{"event": "eval", "id", "result"}``; ``{"event": "error", "message"}``;
* ``{"event": "shortcut", "keys": "ctrl+alt+r"}``: the app's shortcut pressed while the pane has focus
  (also ``"ctrl+="``, ``"ctrl+-"``, ``"ctrl+0"``: the preview's zoom keys).
* ``{"event": "view", "width", "height", "zoom", "fitted", "overflow"}``: where the page is laid out, after a
  ``view`` command or a resize: the viewport in CSS px, the zoom factor shown, whether it was scaled down to
  fit, and whether it is larger than the pane even so (cut off at the smallest zoom).
* ``{"event": "open", "file", "line"}``: a click on an error's ``file:line`` in the page.
* ``{"event": "audit", "url", "violations", "ms", "error"}``: the accessibility audit of the story shown at
  ``url`` (axe-core, :mod:`storydesk.pane.audit`): ``violations`` is ``[{"id", "impact", "help", "helpUrl",
  "nodes": [{"target", "html", "summary"}]}]``; ``error``: why it could not run (``""``).
* ``{"event": "dom_events", "url", "events": [{"t", "type", "selector", "value", "blocked", "custom"}]}``: DOM
  events of the story shown at ``url``, oldest first (:mod:`storydesk.pane.dom_log`: ``t`` in ms since the
  epoch; ``custom``: an event the story dispatched itself; ``blocked``: its navigation was stopped).
* ``{"event": "folder_chosen", "path", "purpose"}``: the folder dialog's answer (``path`` ``""``: cancelled).
"""

from __future__ import annotations

import json
from typing import Any

TEXT_LIMIT = 4000


def encode(message: dict[str, Any]) -> str:
    """Return ``message`` as one protocol line (JSON plus newline)."""
    return json.dumps(message, separators=(",", ":")) + "\n"


def decode(line: str) -> dict[str, Any]:
    """Return the message on ``line``.

    Raises:
        ValueError: not a JSON object.
    """
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError(f"protocol line is not a JSON object: {line[:80]!r}")
    return message
