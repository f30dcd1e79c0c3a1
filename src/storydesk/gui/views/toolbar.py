"""The toolbar: Rebuild, Hot Reload, Restart pane, and the GUI auto-reload toggle."""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.gui.hot import callback, hot_module


@hot_module(state_keys=["ui_state"], delegation_targets=["on_rebuild", "on_restart_pane", "on_auto_reload"])
def build(app, parent) -> None:
    """Add the toolbar row to ``parent``."""
    with dpg.group(horizontal=True, parent=parent):
        dpg.add_button(label="Rebuild", tag="sd:btn:rebuild", callback=callback(__name__, "on_rebuild", app))
        # bound to the stable controller, so the button works whatever state this module's code is in
        dpg.add_button(label="Hot Reload", tag="sd:btn:reload", callback=app.request_gui_reload)
        dpg.add_button(label="Restart pane", callback=callback(__name__, "on_restart_pane", app))
        dpg.add_checkbox(
            label="Auto",
            tag="sd:auto-reload",
            default_value=app.ui_state.auto_reload,
            callback=callback(__name__, "on_auto_reload", app),
        )
        with dpg.tooltip(dpg.last_item()):
            dpg.add_text("Reload the GUI automatically when a view module is saved")


def on_rebuild(app, sender, app_data, user_data) -> None:
    """Rebuild the catalog now."""
    app.request_rebuild()


def on_restart_pane(app, sender, app_data, user_data) -> None:
    """Restart the preview pane process."""
    app.start_pane()


def on_auto_reload(app, sender, app_data, user_data) -> None:
    """Toggle reloading the GUI when its view modules are saved."""
    app.ui_state.auto_reload = bool(app_data)
