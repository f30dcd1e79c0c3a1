"""Capturing and restoring Dear PyGui item state (open nodes, tabs, inputs, windows, scroll) in ``app.ui_state.items``.

Every item whose alias starts with ``sd:`` takes part. Keys in ``app.ui_state.items`` are ``"<what>:<alias>"`` with
``what`` one of ``open`` (tree nodes, collapsing headers), ``tab`` (tab bars: the active tab's alias),
``value`` (inputs, checkboxes, combos, sliders), ``pos``/``size`` (windows) and ``scroll`` (windows and child
windows, ``[x, y]`` px). Scroll positions can only be set once the content has been laid out, so they are
re-applied on the next frames (:func:`apply_scroll`).
"""

from __future__ import annotations

from typing import Any

import dearpygui.dearpygui as dpg

PREFIX = "sd:"
_OPENABLE = ("mvTreeNode", "mvCollapsingHeader")
_VALUED = (
    "mvInputText",
    "mvInputInt",
    "mvInputFloat",
    "mvCheckbox",
    "mvCombo",
    "mvSliderInt",
    "mvSliderFloat",
    "mvRadioButton",
    "mvListbox",
)
_SCROLLABLE = ("mvWindowAppItem", "mvChildWindow")


def _kind(alias: str) -> str:
    return dpg.get_item_info(alias)["type"].rpartition(":")[2]


def capture(app: Any, scroll: bool = True) -> None:
    """Read the state of every live ``sd:`` item into ``app.ui_state.items`` (keys of items not shown are kept).

    ``scroll=False`` leaves scroll positions as they are: right after a rebuild the new windows have not been
    laid out, so their scroll positions read 0 until :func:`apply_scroll` has run on a rendered frame.
    """
    ui = app.ui_state.items
    for alias in dpg.get_aliases():
        if not alias.startswith(PREFIX) or not dpg.does_item_exist(alias):
            continue
        kind = _kind(alias)
        if kind in _OPENABLE:
            ui[f"open:{alias}"] = bool(dpg.get_value(alias))
        elif kind == "mvTabBar":
            active = dpg.get_value(alias)
            if active is not None:
                ui[f"tab:{alias}"] = active if isinstance(active, str) else dpg.get_item_alias(active)
        elif kind in _VALUED:
            ui[f"value:{alias}"] = dpg.get_value(alias)
        if kind == "mvWindowAppItem":
            ui[f"pos:{alias}"] = list(dpg.get_item_pos(alias))
            ui[f"size:{alias}"] = [dpg.get_item_width(alias), dpg.get_item_height(alias)]
        if scroll and kind in _SCROLLABLE:
            ui[f"scroll:{alias}"] = [dpg.get_x_scroll(alias), dpg.get_y_scroll(alias)]


def restore(app: Any) -> None:
    """Apply ``app.ui_state.items`` to the items that exist now (scroll positions too; see :func:`apply_scroll`)."""
    for key, value in list(app.ui_state.items.items()):
        what, _, alias = key.partition(":")
        if not dpg.does_item_exist(alias):
            continue
        if what == "open":
            dpg.set_value(alias, bool(value))
        elif what == "tab" and value and dpg.does_item_exist(value) or what == "value":
            dpg.set_value(alias, value)
        elif what == "pos":
            dpg.set_item_pos(alias, value)
        elif what == "size":
            dpg.set_item_width(alias, int(value[0]))
            dpg.set_item_height(alias, int(value[1]))
    apply_scroll(app)


def apply_scroll(app: Any) -> None:
    """Set every remembered scroll position on the items that exist."""
    for key, value in app.ui_state.items.items():
        if key.startswith("scroll:"):
            alias = key[7:]
            if dpg.does_item_exist(alias):
                dpg.set_x_scroll(alias, float(value[0]))
                dpg.set_y_scroll(alias, float(value[1]))
