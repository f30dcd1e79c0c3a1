"""The toolbar: Rebuild and Restart pane for the catalog; apart from them, storydesk's own GUI code reload
(the button and the Auto toggle) with a confirmation naming its time; and the hint line.

Hints replace tooltips (issue 11): a Dear PyGui tooltip next to the pointer was cut off where the native
preview pane starts, so the help for the item under the pointer is shown on a line inside the control panel.
"""

from __future__ import annotations

import time

import dearpygui.dearpygui as dpg

from storydesk.gui.hot import callback, hot_module
from storydesk.gui.theme import MUTED

#: How long (s) the "GUI code reloaded at ..." confirmation stays.
CONFIRM_S = 8.0
#: The hint shown while the pointer is over an item: ``{alias: text}``.
HINTS = {
    "sd:btn:rebuild": "Build the catalog again now (Ctrl+R)",
    "sd:btn:restart-pane": "Restart the preview pane process",
    "sd:btn:reload": "Reload storydesk's GUI code (Ctrl+Alt+R)",
    "sd:auto-reload": "Reload the GUI when a view module is saved",
    "sd:filter": "Words in any order; Enter opens, Esc clears",
}


@hot_module(state_keys=["ui_state"], delegation_targets=["on_rebuild", "on_restart_pane", "on_auto_reload"])
def build(app, parent) -> None:
    """Add the toolbar rows and the hint line to ``parent``."""
    muted = MUTED.get(app.settings.theme, MUTED["dark"])
    with dpg.group(horizontal=True, parent=parent):
        dpg.add_button(label="Rebuild", tag="sd:btn:rebuild", callback=callback(__name__, "on_rebuild", app))
        dpg.add_button(
            label="Restart pane", tag="sd:btn:restart-pane", callback=callback(__name__, "on_restart_pane", app)
        )
        dpg.add_text("", tag="sd:pane-state", color=muted)  # "starting the preview..." until it is up
    with dpg.group(horizontal=True, parent=parent):
        dpg.add_text("storydesk GUI:", color=muted)
        # bound to the stable controller, so the button works whatever state this module's code is in
        dpg.add_button(label="Reload GUI code", tag="sd:btn:reload", callback=app.request_gui_reload)
        dpg.add_checkbox(
            label="Auto",
            tag="sd:auto-reload",
            default_value=app.ui_state.auto_reload,
            callback=callback(__name__, "on_auto_reload", app),
        )
        dpg.add_text("", tag="sd:gui-reloaded", color=muted)
    # one line, always there (a space when empty): a hint appearing must not move what is under the pointer
    dpg.add_text(" ", parent=parent, tag="sd:hint", color=muted)


def tick(app) -> None:
    """Show the hint of the item under the pointer, and the last GUI reload's confirmation for a while."""
    hovered = next(
        (text for alias, text in HINTS.items() if dpg.does_item_exist(alias) and dpg.is_item_hovered(alias)), ""
    )
    if not hovered and time.time() - app.editor_note_at < CONFIRM_S:
        hovered = app.editor_note  # what Open in editor did (issue 14)
    if dpg.get_value("sd:hint") != hovered:
        dpg.set_value("sd:hint", hovered)
    client = app.pane.client
    pane = "" if app.pane.ready or client is None or not client.alive else "starting the preview..."
    if dpg.get_value("sd:pane-state") != pane:
        dpg.set_value("sd:pane-state", pane)
    note = app.reload_note if time.time() - app.reload_finished_at < CONFIRM_S else ""
    if dpg.get_value("sd:gui-reloaded") != note:
        dpg.set_value("sd:gui-reloaded", note)


def on_rebuild(app, sender, app_data, user_data) -> None:
    """Rebuild the catalog now."""
    app.request_rebuild()


def on_restart_pane(app, sender, app_data, user_data) -> None:
    """Restart the preview pane process."""
    app.start_pane()


def on_auto_reload(app, sender, app_data, user_data) -> None:
    """Toggle reloading the GUI when its view modules are saved."""
    app.ui_state.auto_reload = bool(app_data)
