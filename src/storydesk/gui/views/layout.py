"""The control window's layout: toolbar, status, and tabs for the story tree and the log/error panel."""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.gui.hot import hot_module

from . import logpanel, menu, props, status, toolbar, tree


@hot_module(state_keys=["ui_state"], delegation_targets=["build", "tick"])
def build(app, parent) -> None:
    """Fill ``parent`` (the control window) from ``app`` state."""
    menu.build(app, parent)
    toolbar.build(app, parent)
    status.build(app, parent)
    with dpg.tab_bar(parent=parent, tag="sd:tabs"):
        with dpg.tab(label="Stories", tag="sd:tab:stories"):
            tree.build(app, "sd:tab:stories")
        with dpg.tab(label="Props", tag="sd:tab:props"):
            props.build(app, "sd:tab:props")
        with dpg.tab(label="Log", tag="sd:tab:log"):
            logpanel.build(app, "sd:tab:log")


def teardown(app) -> None:
    """Remove what the views created outside the control window."""
    menu.teardown(app)


def tick(app) -> None:
    """Per-frame refresh of the parts that change without a rebuild (status line, log text)."""
    status.tick(app)
    props.tick(app)
    logpanel.tick(app)
