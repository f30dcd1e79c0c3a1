"""The GUI themes: dark (default) and light, applied globally; also the red tint's colours per theme."""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.app.status import BuildState

#: RGBA fill of the error tint per theme: a translucent red; stronger on the dark theme so it reads.
TINT = {"dark": (255, 40, 40, 90), "light": (255, 0, 0, 60)}
#: Text colours by build state.
STATE_COLOURS = {
    BuildState.OK: (120, 220, 120),
    BuildState.BROKEN: (240, 160, 60),  # built, but a stories.py is broken (its last good pages kept)
    BuildState.FAILED: (255, 110, 110),
    BuildState.BUILDING: (240, 200, 90),
    BuildState.IDLE: (180, 180, 180),
}


def apply(name: str) -> None:
    """Bind the global theme ``name`` (``"dark"`` or ``"light"``); unknown names fall back to dark."""
    tag = f"sd.theme.{name}"
    if not dpg.does_item_exist(tag):
        with dpg.theme(tag=tag), dpg.theme_component(dpg.mvAll):
            dpg.add_theme_style(dpg.mvStyleVar_FrameRounding, 4)
            dpg.add_theme_style(dpg.mvStyleVar_WindowPadding, 10, 8)
            if name == "light":
                dpg.add_theme_color(dpg.mvThemeCol_WindowBg, (245, 245, 248))
                dpg.add_theme_color(dpg.mvThemeCol_Text, (25, 25, 30))
                dpg.add_theme_color(dpg.mvThemeCol_FrameBg, (225, 225, 232))
                dpg.add_theme_color(dpg.mvThemeCol_Button, (210, 214, 230))
                dpg.add_theme_color(dpg.mvThemeCol_Header, (200, 210, 240))
                dpg.add_theme_color(dpg.mvThemeCol_ChildBg, (238, 238, 242))
    dpg.bind_theme(tag)


def text_colour(name: str, rgb: tuple[int, int, int]) -> str:
    """Return the tag of an item theme (created once) that colours text ``rgb``; bind it with
    ``dpg.bind_item_theme``. ``name`` keeps themes of different purposes apart.
    """
    tag = f"sd.theme.text.{name}"
    if not dpg.does_item_exist(tag):
        with dpg.theme(tag=tag), dpg.theme_component(dpg.mvAll):
            dpg.add_theme_color(dpg.mvThemeCol_Text, rgb)
    return tag
