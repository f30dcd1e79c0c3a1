"""The GUI themes: dark (default) and light, applied globally; also the red tint's colours per theme."""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.app.status import BuildState

#: RGBA fill of the error tint per theme: a translucent red; stronger on the dark theme so it reads.
TINT = {"dark": (255, 40, 40, 90), "light": (255, 0, 0, 60)}
#: Text colours by build state, per theme. The light theme's are darker: on its (245, 245, 248) background
#: each has a contrast of at least 4.5:1 (WCAG AA; issue 11), checked by tests/test_desk.py.
STATE_COLOURS = {
    BuildState.OK: (120, 220, 120),
    BuildState.BROKEN: (240, 160, 60),  # built, but a stories.py is broken (its last good pages kept)
    BuildState.FAILED: (255, 110, 110),
    BuildState.BUILDING: (240, 200, 90),
    BuildState.IDLE: (180, 180, 180),
}
LIGHT_STATE_COLOURS = {
    BuildState.OK: (20, 110, 40),
    BuildState.BROKEN: (150, 90, 0),
    BuildState.FAILED: (180, 30, 30),
    BuildState.BUILDING: (120, 90, 0),
    BuildState.IDLE: (80, 80, 90),
}
#: Secondary text (hints, labels) per theme.
MUTED = {"dark": (170, 170, 170), "light": (85, 85, 95)}
#: The light theme's colours: every text colour on its backgrounds has a contrast of at least 4.5:1.
LIGHT = {
    "WindowBg": (245, 245, 248),
    "ChildBg": (238, 238, 242),
    "PopupBg": (250, 250, 252),
    "MenuBarBg": (228, 228, 234),
    "Text": (25, 25, 30),
    "TextDisabled": (85, 85, 95),
    "FrameBg": (225, 225, 232),
    "FrameBgHovered": (210, 214, 230),
    "Button": (210, 214, 230),
    "ButtonHovered": (190, 200, 235),
    "Header": (165, 185, 240),
    "HeaderHovered": (190, 205, 245),
    "Tab": (215, 218, 228),
    "TabHovered": (190, 200, 235),
    "TabActive": (165, 185, 240),
    "TitleBg": (228, 228, 234),
    "TitleBgActive": (200, 210, 240),
    "CheckMark": (40, 70, 160),
    "ScrollbarBg": (238, 238, 242),
}


def state_colour(theme: str, state: BuildState) -> tuple[int, int, int]:
    """The status line's colour for ``state`` on ``theme`` (``"dark"`` or ``"light"``)."""
    return (LIGHT_STATE_COLOURS if theme == "light" else STATE_COLOURS)[state]


def apply(name: str) -> None:
    """Bind the global theme ``name`` (``"dark"`` or ``"light"``); unknown names fall back to dark."""
    tag = f"sd.theme.{name}"
    if not dpg.does_item_exist(tag):
        with dpg.theme(tag=tag), dpg.theme_component(dpg.mvAll):
            dpg.add_theme_style(dpg.mvStyleVar_FrameRounding, 4)
            dpg.add_theme_style(dpg.mvStyleVar_WindowPadding, 10, 8)
            if name == "light":
                for colour, rgb in LIGHT.items():
                    dpg.add_theme_color(getattr(dpg, f"mvThemeCol_{colour}"), rgb)
            else:  # the selected row stands out without hovering it (the default header grey did not)
                dpg.add_theme_color(dpg.mvThemeCol_Header, (40, 75, 140))
                dpg.add_theme_color(dpg.mvThemeCol_HeaderHovered, (55, 95, 170))
        # section headers keep a neutral colour, so only the selected row wears the selection's
        with dpg.theme_component(dpg.mvCollapsingHeader, parent=tag):
            neutral = (215, 218, 228) if name == "light" else (55, 55, 62)
            dpg.add_theme_color(dpg.mvThemeCol_Header, neutral)
            dpg.add_theme_color(dpg.mvThemeCol_HeaderHovered, (195, 200, 220) if name == "light" else (70, 70, 80))
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
