"""The log and error panel: the failing build's or reload's error on top, then the log.

The log opens at its newest entry and follows new ones unless the user has scrolled up to read (then it
stays put); warnings are amber and errors red (issue 11).
"""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.gui import redraw
from storydesk.gui.hot import callback, hot_module

MAX_LINES = 300
ERROR_COLOUR = (255, 120, 120)
WARNING_COLOUR = (240, 180, 70)
LEVEL_COLOURS = {"ERROR": ERROR_COLOUR, "CRITICAL": ERROR_COLOUR, "WARNING": WARNING_COLOUR}
#: On the light theme: darker, for a contrast of at least 4.5:1 on its background.
LIGHT_LEVEL_COLOURS = {"ERROR": (180, 30, 30), "CRITICAL": (180, 30, 30), "WARNING": (150, 90, 0)}
#: How close (px) to the bottom counts as "at the newest entry": the log follows new entries from there.
FOLLOW_PX = 24


def error_text(app) -> str:
    """Return the errors to show: the last failed build's and the last failed GUI reload's."""
    parts = []
    err = app.status.error
    if err:
        headline = "A stories.py is broken (its last good pages are kept)" if app.status.broken else "Build failed"
        parts.append(f"{headline}: {err.where}\n{err.message}\n{err.details}".rstrip())
    if app.reload_error:
        parts.append("GUI reload failed (the last good code is running):\n" + app.reload_error.rstrip())
    return "\n\n".join(parts)


@hot_module(delegation_targets=["tick", "on_open_error"])
def build(app, parent) -> None:
    """Add the error's Open in editor button, the error text and the scrolling log to ``parent``."""
    dpg.add_button(
        label="Open in editor",
        parent=parent,
        tag="sd:btn:open-error",
        show=False,
        callback=callback(__name__, "on_open_error", app),
    )
    # tracebacks are never wrapped (their ^ carets must stay under the code): these scroll sideways instead
    with dpg.child_window(parent=parent, tag="sd:errors:box", height=150, horizontal_scrollbar=True, show=False):
        dpg.add_text(error_text(app), tag="sd:errors", color=ERROR_COLOUR)
    with dpg.child_window(parent=parent, tag="sd:log", border=True, horizontal_scrollbar=True):
        dpg.add_group(tag="sd:log:lines")


def tick(app) -> None:
    """Refresh the error text and the log when they changed (the log's version is kept on the item)."""
    version = app.logs.version
    first = "log.lines" not in app.redraw
    if not redraw.due(app, "log.lines", version):
        _follow(app)
        return
    at_bottom = dpg.get_y_scroll("sd:log") >= dpg.get_y_scroll_max("sd:log") - FOLLOW_PX
    dpg.delete_item("sd:log:lines", children_only=True)
    colours = LIGHT_LEVEL_COLOURS if app.settings.theme == "light" else LEVEL_COLOURS
    for line in app.logs.snapshot()[-MAX_LINES:]:
        text = f"{line.time} {line.level[0]} {line.text}"
        colour = colours.get(line.level)
        wrap = -1 if "\n" in text else 360  # a traceback keeps its lines (and carets) as they are
        if colour:
            dpg.add_text(text, parent="sd:log:lines", wrap=wrap, color=colour)
        else:
            dpg.add_text(text, parent="sd:log:lines", wrap=wrap)
    if first or at_bottom:  # the scroll range grows once the new lines are laid out: follow on the next frames
        app.redraw["log.follow"] = 3
    text = error_text(app)
    if dpg.get_value("sd:errors") != text:
        dpg.set_value("sd:errors", text)
        dpg.configure_item("sd:errors:box", show=bool(text))
        err = app.status.error
        where = f"{err.file}:{err.line}" if err and err.file and err.line else (err.file if err else "")
        dpg.configure_item("sd:btn:open-error", show=bool(where), label=f"Open {where.rsplit('/', 1)[-1]} in editor")


def on_open_error(app, sender, app_data, user_data) -> None:
    """The Log tab's Open in editor: the failing build's (or broken stories.py's) file at its line."""
    err = app.status.error
    if err is not None:
        app.open_in_editor(err.file, err.line)


def _follow(app) -> None:
    """Scroll to the newest entry for a few frames after new lines came while at the bottom."""
    frames = app.redraw.get("log.follow") or 0
    if frames and _shown():  # a hidden tab has no scroll range: wait until it is shown
        dpg.set_y_scroll("sd:log", dpg.get_y_scroll_max("sd:log"))
        app.redraw["log.follow"] = frames - 1


def _shown() -> bool:
    """Whether the Log tab is the active one."""
    active = dpg.get_value("sd:tabs") if dpg.does_item_exist("sd:tabs") else None
    return active == "sd:tab:log" or (isinstance(active, int) and dpg.get_item_alias(active) == "sd:tab:log")
