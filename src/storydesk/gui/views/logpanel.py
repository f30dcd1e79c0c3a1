"""The log and error panel: the failing build's or reload's error on top, then the log."""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.gui.hot import hot_module

MAX_LINES = 400
ERROR_COLOUR = (255, 120, 120)


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


@hot_module(delegation_targets=["tick"])
def build(app, parent) -> None:
    """Add the error text and the scrolling log to ``parent``."""
    dpg.add_text(error_text(app), parent=parent, tag="sd:errors", color=ERROR_COLOUR, wrap=380)
    with dpg.child_window(parent=parent, tag="sd:log", border=True):
        dpg.add_text("", tag="sd:log:text", wrap=360, user_data=-1)


def tick(app) -> None:
    """Refresh the error text and the log when they changed (the log's version is kept on the item)."""
    version = app.logs.version
    if dpg.get_item_user_data("sd:log:text") == version:
        return
    lines = app.logs.snapshot()[-MAX_LINES:]
    dpg.set_value("sd:log:text", "\n".join(f"{line.time} {line.level[0]} {line.text}" for line in lines))
    dpg.set_item_user_data("sd:log:text", version)
    text = error_text(app)
    if dpg.get_value("sd:errors") != text:
        dpg.set_value("sd:errors", text)
