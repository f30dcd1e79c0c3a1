"""The Events tab (issue 15): the DOM events the shown stories' elements emitted, newest first.

Each row gives the time (to the ms), the type, a short selector of the target and the value it carried;
an event from another story than the one selected names its page. **Show** filters by kind (``custom``:
events a story dispatched itself), **Clear** empties the log, and **Links and forms navigate** lets a
story's links and form submits leave the story (off: they are logged, marked "not followed", and the pane stays).
The log is the app's (:mod:`storydesk.app.event_log`), filled by the pane's script
(:mod:`storydesk.pane.dom_log`). The filter is an ``sd:`` item, so a GUI reload keeps it; the rows are
``sde:``, redrawn from the log.
"""

from __future__ import annotations

import time

import dearpygui.dearpygui as dpg

from storydesk.app.event_log import KINDS, DomEvent
from storydesk.gui import redraw
from storydesk.gui.hot import callback, hot_module
from storydesk.gui.theme import MUTED

TABLE = "sde:table"
FILTER = "sd:events:kind"
ALL = "All"
#: the most rows drawn; the log keeps more (storydesk.app.event_log.LIMIT)
ROWS = 200
#: the type column's colour per kind family and theme (text at 4.5:1 or more on the light theme)
TYPE_COLOURS = {
    "pointer": {"dark": (120, 190, 255), "light": (20, 70, 170)},
    "field": {"dark": (140, 220, 140), "light": (20, 110, 30)},
    "focus": {"dark": (200, 200, 120), "light": (110, 90, 0)},
    "custom": {"dark": (230, 150, 230), "light": (130, 30, 130)},
}
_FAMILY = {"click": "pointer", "submit": "pointer", "input": "field", "change": "field", "keydown": "field"}


def type_colour(theme: str, event: DomEvent) -> tuple[int, int, int]:
    """The type column's colour of ``event`` on ``theme`` (``"dark"`` or ``"light"``)."""
    family = "custom" if event.custom else _FAMILY.get(event.type, "focus")
    return TYPE_COLOURS[family].get(theme, TYPE_COLOURS[family]["dark"])


@hot_module(delegation_targets=["on_clear", "on_navigation"])
def build(app, parent) -> None:
    """Add the filter, Clear, the navigation toggle, the summary line and the events table to ``parent``."""
    with dpg.group(horizontal=True, parent=parent):
        dpg.add_text("Show")
        # tick() follows its value; a large list, so every kind shows without scrolling
        dpg.add_combo([ALL, *KINDS], default_value=ALL, width=90, tag=FILTER, height_mode=dpg.mvComboHeight_Large)
        dpg.add_button(label="Clear", tag="sde:clear", callback=callback(__name__, "on_clear", app))
        dpg.add_checkbox(
            label="Links and forms navigate",
            tag="sde:navigate",
            default_value=app.settings.follow_links,
            callback=callback(__name__, "on_navigation", app),
        )
    dpg.add_text("", parent=parent, tag="sde:summary", wrap=360, color=MUTED.get(app.settings.theme, MUTED["dark"]))
    with dpg.table(
        parent=parent,
        tag=TABLE,
        header_row=True,
        resizable=True,
        policy=dpg.mvTable_SizingStretchProp,
        scrollY=True,
        borders_innerV=True,
        row_background=True,
        height=-1,
    ):
        dpg.add_table_column(label="Time", width_fixed=True, init_width_or_weight=84)
        dpg.add_table_column(label="Type", width_fixed=True, init_width_or_weight=64)
        dpg.add_table_column(label="Target", init_width_or_weight=1.0)
        dpg.add_table_column(label="Value", init_width_or_weight=1.4)
    tick(app)


def _kind(app) -> str:
    value = dpg.get_value(FILTER) if dpg.does_item_exist(FILTER) else ALL
    return "" if value in (ALL, None) else str(value)


def tick(app) -> None:
    """Redraw when the log, the filter or the selected story changed."""
    if not dpg.does_item_exist(TABLE):
        return
    if redraw.due(app, TABLE, (app.event_log.version, _kind(app), app.ui_state.selected_story)):
        fill(app)


def fill(app) -> None:
    """The summary and one row per event, newest first (at most :data:`ROWS`)."""
    kind = _kind(app)
    events = app.event_log.newest_first(kind, ROWS)
    total = len(app.event_log.entries)
    if not total:
        summary = "No events yet: click, type or tab in the story in the pane, and what its elements emit shows here."
    elif kind:
        more = "+" if len(events) >= ROWS else ""
        summary = f"{len(events)}{more} {kind} {_events(len(events))} of {total} logged, newest first"
    else:
        summary = f"{total} {_events(total)} logged, newest first" + (
            f" (the newest {ROWS} shown)" if total > ROWS else ""
        )
    dpg.set_value("sde:summary", summary)
    for row in dpg.get_item_children(TABLE, 1) or []:
        dpg.delete_item(row)
    theme = app.settings.theme if app.settings.theme in ("dark", "light") else "dark"
    muted = MUTED.get(theme, MUTED["dark"])
    info = app.stories.get(app.ui_state.selected_story or "") or {}
    shown_page = info.get("href", "")
    for number, event in enumerate(events):
        with dpg.table_row(parent=TABLE):
            stamp = time.strftime("%H:%M:%S", time.localtime(event.at)) + f".{int(event.at * 1000) % 1000:03d}"
            dpg.add_text(stamp, color=muted)
            dpg.add_text(event.type, tag=f"sde:type:{number}", color=type_colour(theme, event))
            # another story's: named by its page's name (its full path wrapped each row to three lines)
            where = "" if event.page == shown_page else f" (in {event.page.rpartition('/')[2].removesuffix('.html')})"
            dpg.add_text(event.selector + where, tag=f"sde:target:{number}", wrap=0)
            value = event.value + ("  (not followed)" if event.blocked else "")
            dpg.add_text(value, tag=f"sde:value:{number}", wrap=0)


def _events(n: int) -> str:
    return "event" if n == 1 else "events"


def on_clear(app, sender, app_data, user_data) -> None:
    """Empty the log."""
    app.event_log.clear()


def on_navigation(app, sender, app_data, user_data) -> None:
    """Let a story's links and form submits navigate the pane, or log them and stay (kept in the settings)."""
    app.allow_navigation(bool(app_data))
