"""The selected story's HTML snapshot line in the props panel (issue 15).

In a catalog that keeps snapshots (a ``__snapshots__`` folder, written by ``storydesk snapshot PATH``) the
line says whether the story is unchanged, **changed since snapshot** (with the unified diff, coloured, below
it) or has no snapshot yet; **Update snapshot** writes the story's HTML as it is now (what
``storydesk snapshot`` writes for it). While its props are edited it is not compared: the snapshot is of the
story's own props. The comparison is the app's (:mod:`storydesk.app.snapshot_status`); tags are ``sdp:``.
"""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.app.status import BuildState
from storydesk.build.snapshots import Outcome
from storydesk.gui import redraw
from storydesk.gui.hot import callback, hot_module
from storydesk.gui.theme import MUTED, state_colour

DIFF = "sdp:snapdiff"
#: the most diff lines drawn (a story's markup rewritten whole can be thousands)
MAX_LINES = 300
#: diff line colours per theme: added, removed (4.5:1 or more on the light theme's background)
ADDED = {"dark": (120, 220, 120), "light": (20, 110, 30)}
REMOVED = {"dark": (255, 130, 130), "light": (170, 20, 20)}


@hot_module(delegation_targets=["on_update"])
def build(app, parent) -> None:
    """Add the snapshot line, Update snapshot and the diff box to ``parent`` (hidden until a story has one)."""
    with dpg.group(parent=parent, tag="sdp:snapshot:row", show=False):
        with dpg.group(horizontal=True):
            dpg.add_text("", tag="sdp:snapshot")
            dpg.add_button(
                label="Update snapshot", tag="sdp:snapshot:update", callback=callback(__name__, "on_update", app)
            )
        with dpg.child_window(tag="sdp:snapdiff:box", height=160, border=True, horizontal_scrollbar=True, show=False):
            dpg.add_group(tag=DIFF)
    if dpg.does_item_exist("sdp:source:lines"):  # the lines close together, as the HTML source panel's
        dpg.bind_item_theme(DIFF, "sdp:source:lines")
    tick(app)


def tick(app) -> None:
    """Follow the selected story's comparison (looked at again at most once a second, see
    :class:`storydesk.app.snapshot_status.SnapshotWatch`).
    """
    if not dpg.does_item_exist(DIFF):
        return
    story = app.ui_state.selected_story
    found = app.snapshot_of(story)
    if redraw.due(app, DIFF, (story, found)):
        fill(app, found)


def fill(app, found) -> None:
    """Show ``found`` (a :class:`~storydesk.app.snapshot_status.SnapshotStatus` or ``None``)."""
    dpg.configure_item("sdp:snapshot:row", show=found is not None)
    dpg.delete_item(DIFF, children_only=True)
    if found is None:
        return
    theme = app.settings.theme if app.settings.theme in ("dark", "light") else "dark"
    muted = MUTED.get(theme, MUTED["dark"])
    if found.outcome is None:
        text, colour = "Snapshot: not compared, props edited", muted
    elif found.outcome is Outcome.CHANGED:
        text, colour = "Changed since snapshot:", state_colour(theme, BuildState.BROKEN)
    elif found.outcome is Outcome.NEW:
        text, colour = "No snapshot of this story yet", muted
    else:
        text, colour = "Snapshot: unchanged", muted
    dpg.set_value("sdp:snapshot", text)
    dpg.configure_item("sdp:snapshot", color=colour)
    dpg.configure_item(
        "sdp:snapshot:update",
        show=found.outcome in (Outcome.CHANGED, Outcome.NEW),
        label="Write snapshot" if found.outcome is Outcome.NEW else "Update snapshot",
    )
    lines = found.diff.splitlines()
    dpg.configure_item("sdp:snapdiff:box", show=bool(lines))
    for number, line in enumerate(lines[:MAX_LINES]):
        dpg.add_text(line, parent=DIFF, tag=f"sdp:snapdiff:{number}", **_line_colour(line, theme))
    if len(lines) > MAX_LINES:
        dpg.add_text(
            f"... {len(lines) - MAX_LINES} more lines (storydesk snapshot --check prints them all)", parent=DIFF
        )


def _line_colour(line: str, theme: str) -> dict:
    """The ``color`` keyword for a diff ``line`` on ``theme``: added green, removed red, headers muted, the
    context lines the theme's own text colour (``{}``).
    """
    if line.startswith(("+++", "---", "@@")):
        return {"color": MUTED.get(theme, MUTED["dark"])}
    if line.startswith("+"):
        return {"color": ADDED[theme]}
    if line.startswith("-"):
        return {"color": REMOVED[theme]}
    return {}


def on_update(app, sender, app_data, user_data) -> None:
    """Write the selected story's snapshot as it renders now."""
    story = app.ui_state.selected_story
    if story and app.update_snapshot(story):
        redraw.again(app, DIFF)
