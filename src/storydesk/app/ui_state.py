"""The GUI's own state, one typed object the hot reloader captures and restores (issue 10).

It lives in the stable app layer (:class:`storydesk.app.controller.App` owns it), never in the reloadable
view modules: a GUI hot reload deep-copies it before re-executing the views and puts it back after, whether
the reload succeeded or was rolled back (see :mod:`storydesk.gui.hot`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class UIState:
    """What the user chose in the control window.

    Attributes:
        selected_story: the selected story's path (``"section/subject/story"``), or ``None``.
        filter_text: the tree's filter box text.
        items: Dear PyGui item state keyed ``"<what>:<alias>"`` (open nodes, active tabs, input values,
            window sizes, scroll positions; see :mod:`storydesk.gui.uistate`).
        auto_reload: reload the GUI when a view module is saved.
    """

    selected_story: str | None = None
    filter_text: str = ""
    items: dict[str, Any] = field(default_factory=dict)
    auto_reload: bool = False
