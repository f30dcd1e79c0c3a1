"""The control window's menu bar: File (Open, Open Recent), View (theme, incremental builds,
subinterpreters) and Help.
"""

from __future__ import annotations

import logging
from pathlib import Path

import dearpygui.dearpygui as dpg

from storydesk.gui.hot import callback, hot_module

log = logging.getLogger("storydesk.gui")


@hot_module(
    delegation_targets=[
        "on_open",
        "on_open_chosen",
        "on_open_recent",
        "on_theme",
        "on_subinterpreters",
        "on_incremental",
        "on_shortcuts",
    ]
)
def build(app, parent) -> None:
    """Add the menu bar to ``parent`` and the (hidden) folder dialog."""
    with dpg.menu_bar(parent=parent):
        with dpg.menu(label="File", tag="sd:menu:file"):
            dpg.add_menu_item(label="Open catalog...", tag="sd:menu:open", callback=callback(__name__, "on_open", app))
            with dpg.menu(label="Open Recent", tag="sd:menu:recent"):
                fill_recent(app)
        with dpg.menu(label="View"):
            for name in ("dark", "light"):
                dpg.add_menu_item(
                    label=f"{name.title()} theme",
                    check=True,
                    default_value=app.settings.theme == name,
                    user_data=name,
                    tag=f"sd:menu:theme:{name}",
                    callback=callback(__name__, "on_theme", app),
                )
            dpg.add_menu_item(
                label="Incremental builds",
                check=True,
                tag="sd:menu:incremental",
                default_value=app.incremental,
                callback=callback(__name__, "on_incremental", app),
            )
            dpg.add_menu_item(
                label="Build in fresh subinterpreters",
                check=True,
                tag="sd:menu:subinterpreters",
                default_value=app.use_subinterpreters,
                callback=callback(__name__, "on_subinterpreters", app),
            )
        with dpg.menu(label="Help", tag="sd:menu:help"):
            dpg.add_menu_item(
                label="Keyboard shortcuts  F1",
                tag="sd:menu:shortcuts",
                callback=callback(__name__, "on_shortcuts", app),
            )
    if not dpg.does_item_exist("sd:dialog:open"):
        dpg.add_file_dialog(
            tag="sd:dialog:open",
            directory_selector=True,
            show=False,
            width=560,
            height=380,
            callback=callback(__name__, "on_open_chosen", app),
        )


def fill_recent(app) -> None:
    """(Re)fill File > Open Recent with the remembered catalogs other than the open one."""
    dpg.delete_item("sd:menu:recent", children_only=True)
    recent = [r for r in app.settings.recent_catalogs if r != str(app.catalog)]
    for path in recent:
        dpg.add_menu_item(
            label=path, user_data=path, parent="sd:menu:recent", callback=callback(__name__, "on_open_recent", app)
        )
    if not recent:
        dpg.add_menu_item(label="(none yet)", enabled=False, parent="sd:menu:recent")


def refresh(app) -> None:
    """After a build: another catalog may be open, so the recent list changes."""
    fill_recent(app)


def teardown(app) -> None:
    """Remove the folder dialog (it lives outside the control window)."""
    if dpg.does_item_exist("sd:dialog:open"):
        dpg.delete_item("sd:dialog:open")


def on_open(app, sender, app_data, user_data) -> None:
    """File > Open catalog...: the pane's folder dialog (never hidden under the pane), else DPG's own."""
    if not app.choose_catalog():
        dpg.show_item("sd:dialog:open")


def on_open_chosen(app, sender, app_data, user_data) -> None:
    """A folder was chosen in the dialog."""
    open_catalog(app, Path(app_data.get("file_path_name", "")))


def on_open_recent(app, sender, app_data, user_data) -> None:
    """File > Open Recent > path."""
    open_catalog(app, Path(user_data))


def open_catalog(app, path: Path) -> None:
    """Open ``path`` in the app (an error in the log if it is not a catalog folder)."""
    app.open_catalog_logged(path)


def on_theme(app, sender, app_data, user_data) -> None:
    """View > Dark/Light theme."""
    from storydesk.gui import theme

    app.settings.theme = user_data
    theme.apply(user_data)
    for name in ("dark", "light"):
        dpg.set_value(f"sd:menu:theme:{name}", name == user_data)


def on_subinterpreters(app, sender, app_data, user_data) -> None:
    """View > Build in fresh subinterpreters."""
    app.set_use_subinterpreters(bool(app_data))


def on_incremental(app, sender, app_data, user_data) -> None:
    """View > Incremental builds."""
    app.set_incremental(bool(app_data))


def on_shortcuts(app, sender, app_data, user_data) -> None:
    """Help > Keyboard shortcuts."""
    from storydesk.gui.views import keys

    keys.show_shortcuts(app)
