"""Keyboard access (issue 11): the tree by arrow keys, the filter by Ctrl+F or ``/``, and the app's
shortcuts, listed in Help > Keyboard shortcuts (F1).

| keys | does |
|---|---|
| Up / Down | the previous / next row of the tree, shown in the pane |
| Left / Right | fold / unfold the row, or go to its parent / first child |
| Ctrl+F or / | to the filter box; Enter there opens the only match, Escape clears it |
| Ctrl+R | rebuild the catalog |
| Ctrl+O | open a catalog folder |
| Ctrl+E | open the selected story's ``Story(...)`` line in your editor |
| Ctrl+= / Ctrl+- / Ctrl+0 | zoom the preview in / out / back to 100 % (also over the pane) |
| Ctrl+Alt+R | reload storydesk's own GUI code (the shell's, also over the pane) |
| Tab | the next text or number field |
| F1 | this list |

Arrow keys act on the tree only while no text field is being edited.
"""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.app.selection import filter_words, shown_by_filter
from storydesk.gui.hot import callback, hot_module

KEYS = "sd:keys:nav"
#: The ``=`` key's code (Dear ImGui's ``ImGuiKey_Equal``): Dear PyGui 2.3.1 names no constant for it, and its
#: ``mvKey_Plus`` is a pre-2.0 code (61) that fired while Ctrl alone was held (a user-style pass found Ctrl+R
#: zooming to 200 %).
KEY_EQUAL = 602
#: The preview's zoom keys with Ctrl: ``{key: direction}`` (= and keypad +: in, - : out, 0: 100 %; issue 14).
ZOOM_KEYS = {KEY_EQUAL: 1, dpg.mvKey_Add: 1, dpg.mvKey_Minus: -1, dpg.mvKey_Subtract: -1, dpg.mvKey_0: 0}
HELP = "sdh:shortcuts"
#: The shortcuts listed in Help > Keyboard shortcuts: ``(keys, what they do)``.
SHORTCUTS = [
    ("Up / Down", "previous / next row of the tree (shown in the pane)"),
    ("Left / Right", "fold / unfold, or parent / first child"),
    ("Ctrl+F or /", "filter box (Enter: open the only match, Escape: clear)"),
    ("Ctrl+R", "rebuild the catalog"),
    ("Ctrl+O", "open a catalog folder"),
    ("Ctrl+E", "open the selected story's Story(...) line in your editor"),
    ("Ctrl+= / - / 0", "zoom the preview in / out / 100% (also over the pane)"),
    ("Ctrl+Alt+R", "reload storydesk's GUI code (also over the pane)"),
    ("Tab", "next text or number field"),
    ("F1", "this list"),
]


@hot_module(delegation_targets=["on_key", "show_shortcuts"])
def build(app, parent) -> None:
    """Register the key handlers (outside the control window; :func:`teardown` removes them)."""
    if dpg.does_item_exist(KEYS):
        return
    on_key = callback(__name__, "on_key", app)
    with dpg.handler_registry(tag=KEYS):
        for key in (
            dpg.mvKey_Up,
            dpg.mvKey_Down,
            dpg.mvKey_Left,
            dpg.mvKey_Right,
            dpg.mvKey_Return,
            dpg.mvKey_NumPadEnter,
            dpg.mvKey_Escape,
            dpg.mvKey_F,
            dpg.mvKey_Slash,
            dpg.mvKey_R,
            dpg.mvKey_O,
            *ZOOM_KEYS,
            dpg.mvKey_E,
            dpg.mvKey_F1,
        ):
            dpg.add_key_press_handler(key, callback=on_key)


def teardown(app) -> None:
    """Remove the key handlers and the shortcuts window."""
    for tag in (KEYS, HELP):
        if dpg.does_item_exist(tag):
            dpg.delete_item(tag)


def editing() -> str | None:
    """The alias of the field being typed into (the filter, a prop, the Console), if any."""
    for alias in dpg.get_aliases():
        if not alias.startswith(("sd:filter", "sdp:")) or not dpg.does_item_exist(alias):
            continue
        if "Input" in dpg.get_item_info(alias)["type"] and dpg.is_item_active(alias):
            return alias
    return None


def on_key(app, sender, app_data, user_data) -> None:
    """One key pressed over the control window (see the module's table)."""
    key = app_data
    ctrl = dpg.is_key_down(dpg.mvKey_ModCtrl)
    alt = dpg.is_key_down(dpg.mvKey_ModAlt)
    typing = editing()
    if ctrl and not alt and key == dpg.mvKey_R:
        app.request_rebuild()
    elif ctrl and key == dpg.mvKey_O:
        if not app.choose_catalog():
            dpg.show_item("sd:dialog:open")
    elif ctrl and not alt and key == dpg.mvKey_E:
        app.open_in_editor(*app.story_location(app.ui_state.selected_story))
    elif ctrl and not alt and key in ZOOM_KEYS:
        app.zoom(ZOOM_KEYS[key])
    elif (ctrl and key == dpg.mvKey_F) or (key == dpg.mvKey_Slash and not typing):
        dpg.focus_item("sd:filter")
    elif key == dpg.mvKey_F1:
        show_shortcuts(app)
    elif key in (dpg.mvKey_Return, dpg.mvKey_NumPadEnter) and (
        typing == "sd:filter" or dpg.is_item_focused("sd:filter")  # Enter has already ended the editing
    ):
        _open_single_match(app)
    elif key == dpg.mvKey_Escape and dpg.does_item_exist(HELP):
        dpg.delete_item(HELP)
    elif key == dpg.mvKey_Escape and (typing == "sd:filter" or (not typing and app.ui_state.filter_text)):
        _clear_filter(app)
    elif not typing and not ctrl and not alt and key in (dpg.mvKey_Up, dpg.mvKey_Down, dpg.mvKey_Left, dpg.mvKey_Right):
        _move(app, key)


def _open_single_match(app) -> None:
    _, stories = shown_by_filter(app.tree, filter_words(app.ui_state.filter_text))
    if len(stories) == 1:
        app.select_story(stories[0])


def _clear_filter(app) -> None:
    from storydesk.gui.views import tree

    app.ui_state.filter_text = ""
    dpg.set_value("sd:filter", "")
    tree.fill(app)


def rows(app) -> list[tuple[str, str, str]]:
    """The tree's rows as shown (folded nodes' children left out): ``(alias, href, parent alias)``."""
    out: list[tuple[str, str, str]] = []

    def visit(nodes: list[dict], parent: str) -> None:
        for node in nodes:
            if node["kind"] == "story":
                alias = f"sd:story:{node['path']}"
                if dpg.does_item_exist(alias):
                    out.append((alias, node["href"], parent))
                continue
            alias = f"sd:node:{node['path']}"
            if dpg.does_item_exist(alias):
                out.append((alias, node["href"], parent))
                if dpg.get_value(alias):
                    visit(node["children"], alias)

    if dpg.does_item_exist("sd:node:"):
        out.append(("sd:node:", "index.html", ""))
        if dpg.get_value("sd:node:"):
            visit(app.tree, "sd:node:")
    return out


def _move(app, key: int) -> None:
    shown = rows(app)
    if not shown:
        return
    at = next((i for i, row in enumerate(shown) if row[1] == app.pane.page), 0)
    alias, _, parent = shown[at]
    folder = alias.startswith("sd:node:")
    target = at
    if key == dpg.mvKey_Up:
        target = max(0, at - 1)
    elif key == dpg.mvKey_Down:
        target = min(len(shown) - 1, at + 1)
    elif key == dpg.mvKey_Left:
        if folder and dpg.get_value(alias) and at + 1 < len(shown) and shown[at + 1][2] == alias:
            dpg.set_value(alias, False)
            return
        target = next((i for i, row in enumerate(shown) if row[0] == parent), at)
    elif key == dpg.mvKey_Right and folder:
        if not dpg.get_value(alias):
            dpg.set_value(alias, True)
            return
        target = at + 1 if at + 1 < len(shown) and shown[at + 1][2] == alias else at
    if target != at or shown[at][1] != app.pane.page:
        app.show_page(shown[target][1])


def show_shortcuts(app, *_) -> None:
    """Help > Keyboard shortcuts (F1): a window inside the control panel (never under the pane)."""
    if dpg.does_item_exist(HELP):
        dpg.delete_item(HELP)
        return
    width = max(260, (dpg.get_item_width("sd:control") or 400) - 20)
    with (
        dpg.window(label="Keyboard shortcuts", tag=HELP, pos=(10, 60), width=width, autosize=True, no_collapse=True),
        dpg.table(header_row=False),
    ):
        dpg.add_table_column(width_fixed=True)
        dpg.add_table_column()
        for keys, what in SHORTCUTS:
            with dpg.table_row():
                dpg.add_text(keys)
                dpg.add_text(what, wrap=width - 130)
