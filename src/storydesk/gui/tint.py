"""The red error tint: a translucent red rectangle over the whole viewport, drawn in front of everything.

Shown while the last GUI reload failed (``app.error_tint``) and removed by the next successful reload.
"""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.gui.theme import TINT

TAG = "sd.tint"


def update(on: bool, theme: str = "dark") -> None:
    """Show (``on``) or remove the tint, sized to the current viewport."""
    exists = dpg.does_item_exist(TAG)
    if not on:
        if exists:
            dpg.delete_item(TAG)
        return
    w, h = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
    if exists:
        rect = dpg.get_item_children(TAG, 2)[0]
        dpg.configure_item(rect, pmax=(w, h))
        return
    with dpg.viewport_drawlist(front=True, tag=TAG):
        colour = TINT.get(theme, TINT["dark"])
        dpg.draw_rectangle((0, 0), (w, h), fill=colour, color=colour)
