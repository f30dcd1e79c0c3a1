"""The preview toolbar above the pane (issue 14): viewport, zoom, background, outline and grid.

Its choices live in the app (``app.preview``, kept per catalog in the settings); these widgets only show and
change them. Choices are radio buttons and buttons, not combos: a combo's list opens downwards, where the
native pane window would hide it (as it cut off tooltips, issue 11). The pane answers each change with where
it laid the page out, shown at the end of the first row ("320 x 568 at 100%"). Tags are ``sdv:``, not ``sd:``: a
GUI reload must not restore them from captured widget values (:mod:`storydesk.gui.uistate`), the app's choices
are their truth.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import dearpygui.dearpygui as dpg

from storydesk.app.preview import BACKGROUNDS, MAX_SIDE, MIN_SIDE, VIEWPORTS
from storydesk.app.status import BuildState
from storydesk.gui import redraw
from storydesk.gui.hot import callback, hot_module
from storydesk.gui.theme import MUTED, state_colour

#: The viewport radio buttons' labels, ``{name: label}``: the presets' short names.
VIEWPORT_LABELS = {"full": "Full", "phone": "Phone", "tablet": "Tablet", "desktop": "Desktop", "custom": "Custom"}
BG_LABELS = {"default": "Default", "light": "Light", "dark": "Dark", "checkerboard": "Transparent", "custom": "Custom"}
_HEX = re.compile(r"^([0-9a-f]{6}|[0-9a-f]{3})$")


@hot_module(
    delegation_targets=[
        "on_viewport",
        "on_side",
        "on_rotate",
        "on_zoom",
        "on_background",
        "on_colour",
        "on_outline",
        "on_grid",
        "on_back",
    ]
)
def build(app, parent) -> None:
    """Add the toolbar's two rows to ``parent`` (the shell's window above the pane)."""
    p = app.preview
    muted = MUTED.get(app.settings.theme, MUTED["dark"])
    with dpg.group(horizontal=True, parent=parent):
        dpg.add_text("Viewport")
        dpg.add_radio_button(
            items=list(VIEWPORT_LABELS.values()),
            default_value=VIEWPORT_LABELS[p.viewport],
            horizontal=True,
            tag="sdv:viewport",
            callback=callback(__name__, "on_viewport", app),
        )
        width, height = p.size() or (p.width, p.height)
        for tag, value in (("sdv:width", width), ("sdv:height", height)):
            dpg.add_input_int(
                tag=tag,
                default_value=value,
                width=52,
                step=0,
                callback=callback(__name__, "on_side", app),
                user_data=tag,
            )
            if tag == "sdv:width":
                dpg.add_text("x")
        dpg.add_button(label="Rotate", tag="sdv:rotate", callback=callback(__name__, "on_rotate", app))
        dpg.add_text("", tag="sdv:size", color=muted)
        # the pane followed a story's link out of the catalog (navigation let through, issue 15): where, and Back
        dpg.add_text("", tag="sdv:away", show=False, color=state_colour(app.settings.theme, BuildState.BROKEN))
        with dpg.tooltip("sdv:away"):
            dpg.add_text("", tag="sdv:away-url")
        dpg.add_button(label="Back", tag="sdv:back", show=False, callback=callback(__name__, "on_back", app))
        # a custom colour being typed that is not one yet (the end of this row has the room)
        dpg.add_text("", tag="sdv:colour-note", color=state_colour(app.settings.theme, BuildState.BROKEN))
    with dpg.group(horizontal=True, parent=parent):
        dpg.add_text("Zoom")
        zoom = callback(__name__, "on_zoom", app)
        dpg.add_button(label="-", tag="sdv:zoom-out", width=22, callback=zoom, user_data=-1)
        dpg.add_button(label=f"{p.zoom}%", tag="sdv:zoom", width=48, callback=zoom, user_data=0)
        dpg.add_button(label="+", tag="sdv:zoom-in", width=22, callback=zoom, user_data=1)
        dpg.add_spacer(width=8)
        dpg.add_text("Background")
        dpg.add_radio_button(
            items=list(BG_LABELS.values()),
            default_value=BG_LABELS[p.background],
            horizontal=True,
            tag="sdv:background",
            callback=callback(__name__, "on_background", app),
        )
        dpg.add_input_text(
            tag="sdv:colour",
            default_value=p.colour,
            width=70,
            hint="#rrggbb",
            callback=callback(__name__, "on_colour", app),
        )
        dpg.add_spacer(width=8)
        dpg.add_checkbox(
            label="Outline",
            tag="sdv:outline",
            default_value=p.outline,
            callback=callback(__name__, "on_outline", app),
        )
        dpg.add_checkbox(
            label="Grid", tag="sdv:grid", default_value=p.grid, callback=callback(__name__, "on_grid", app)
        )


def tick(app) -> None:
    """Show the app's choices (changed by keys or another catalog) and where the pane laid the page out; a
    field being typed in is left alone.
    """
    # only when the app says something changed (app.preview_version): the idle frame's work is measured
    # (make bench), and this is ~20 calls
    if not dpg.does_item_exist("sdv:size") or not redraw.due(app, "sdv:size", app.preview_version):
        return
    p = app.preview
    shown = app.pane.view_shown
    if shown is None:
        size = ""
    else:
        size = f"{shown.width} x {shown.height} at {round(shown.zoom * 100)}%"
        size += " (cut off: larger than the pane)" if shown.overflow else " (fitted)" if shown.fitted else ""
    if dpg.get_value("sdv:size") != size:
        dpg.set_value("sdv:size", size)
    away = app.pane.away
    dpg.configure_item("sdv:size", show=not away)
    dpg.configure_item("sdv:away", show=bool(away))
    dpg.configure_item("sdv:back", show=bool(away))
    if away:
        dpg.set_value("sdv:away", f"Left for {short_address(away)}")
        dpg.set_value("sdv:away-url", away)
    busy = _set("sdv:viewport", VIEWPORT_LABELS[p.viewport])
    busy |= _set("sdv:background", BG_LABELS[p.background])
    busy |= _set("sdv:outline", p.outline)
    busy |= _set("sdv:grid", p.grid)
    if dpg.get_item_label("sdv:zoom") != f"{p.zoom}%":
        dpg.set_item_label("sdv:zoom", f"{p.zoom}%")
    width, height = p.size() or ((shown.width, shown.height) if shown else (p.width, p.height))
    busy |= _set("sdv:width", width)
    busy |= _set("sdv:height", height)
    full = p.viewport == "full"
    if dpg.get_item_configuration("sdv:rotate")["enabled"] == full:  # nothing to rotate on the whole pane
        dpg.configure_item("sdv:rotate", enabled=not full)
    if dpg.is_item_active("sdv:colour"):
        busy = True
    else:
        _set("sdv:colour", p.colour)
        if dpg.get_value("sdv:colour-note"):
            dpg.set_value("sdv:colour-note", "")
    if busy:  # a field being typed in was left as typed: look again next frame, until it is left
        redraw.again(app, "sdv:size")


def _set(tag: str, value) -> bool:
    """Show ``value`` in the item ``tag`` unless it is being edited; return whether it is (left alone)."""
    if dpg.is_item_active(tag):
        return True
    if dpg.get_value(tag) != value:
        dpg.set_value(tag, value)
    return False


def short_address(url: str, limit: int = 18) -> str:
    """What the toolbar names a ``url`` the pane went to by: its file's name, or its host (``limit``
    characters at most; the end kept); the whole address is the tooltip's.
    """
    parts = urlsplit(url)
    name = parts.path.rstrip("/").rpartition("/")[2] if parts.scheme == "file" or not parts.netloc else parts.netloc
    name = name or url
    return name if len(name) <= limit else "..." + name[-(limit - 3) :]


def on_back(app, sender, app_data, user_data) -> None:
    """Show the selected story again after the pane followed a link out of the catalog."""
    app.back_to_catalog()


def on_viewport(app, sender, app_data, user_data) -> None:
    """A viewport preset chosen; Custom is the size last typed (kept while other presets are used)."""
    app.set_preview(viewport=next((n for n, label in VIEWPORT_LABELS.items() if label == app_data), "full"))


def on_side(app, sender, app_data, user_data) -> None:
    """A width or height typed: the viewport becomes that custom size (clamped to 50-4000 px)."""
    width, height = dpg.get_value("sdv:width"), dpg.get_value("sdv:height")
    app.set_preview(viewport="custom", width=_side(width), height=_side(height), rotated=False)


def _side(value) -> int:
    return max(MIN_SIDE, min(int(value or 0), MAX_SIDE))


def on_rotate(app, sender, app_data, user_data) -> None:
    """Swap the viewport's width and height (portrait / landscape)."""
    app.set_preview(rotated=not app.preview.rotated)


def on_zoom(app, sender, app_data, user_data) -> None:
    """Zoom out (``user_data`` -1), in (1) or back to 100 % (0)."""
    app.zoom(int(user_data))


def on_background(app, sender, app_data, user_data) -> None:
    """A background chosen."""
    app.set_preview(background=next((n for n, label in BG_LABELS.items() if label == app_data), "default"))


def on_colour(app, sender, app_data, user_data) -> None:
    """A custom colour typed: applied (and Custom chosen) once it is a whole ``#rrggbb`` or ``#rgb``; until then
    the note beside the field says what it takes.
    """
    text = str(app_data).strip().lstrip("#").lower()
    if _HEX.match(text):
        digits = text if len(text) == 6 else "".join(c * 2 for c in text)
        app.set_preview(background="custom", colour="#" + digits)
        dpg.set_value("sdv:colour-note", "")
    else:
        dpg.set_value("sdv:colour-note", "Custom colour: #rrggbb or #rgb")


def on_outline(app, sender, app_data, user_data) -> None:
    """Outline every element of the story, or stop."""
    app.set_preview(outline=bool(app_data))


def on_grid(app, sender, app_data, user_data) -> None:
    """Draw the grid over the preview, or stop."""
    app.set_preview(grid=bool(app_data))


assert set(VIEWPORT_LABELS) == set(VIEWPORTS) and set(BG_LABELS) == {"default", *BACKGROUNDS, "custom"}
