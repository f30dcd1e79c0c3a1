"""The control window's layout: toolbar, status, and tabs: Stories (the tree above the selected story's
props, a split, so editing props never hides the tree; issue 11), Accessibility and Events (issue 15) and Log; and the
preview toolbar, in the shell's window above the pane (issue 14).
"""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.gui import redraw
from storydesk.gui.hot import hot_module

from . import a11y, events, keys, logpanel, menu, previewbar, props, snapshot, status, toolbar, tree

PREVIEW_BAR = "sdv:bar"  # the shell's window above the pane


@hot_module(state_keys=["ui_state"], delegation_targets=["build", "tick"])
def build(app, parent) -> None:
    """Fill ``parent`` (the control window) from ``app`` state."""
    redraw.forget_all(app)  # the widgets are new: every view draws afresh
    menu.build(app, parent)
    keys.build(app, parent)
    toolbar.build(app, parent)
    status.build(app, parent)
    with dpg.tab_bar(parent=parent, tag="sd:tabs"):
        with dpg.tab(label="Stories", tag="sd:tab:stories"):
            tree.build(app, "sd:tab:stories")
            with dpg.child_window(tag="sd:props", border=True):
                props.build(app, "sd:props")
                snapshot.build(app, "sdp:snapshot:slot")
        with dpg.tab(label="Accessibility", tag="sd:tab:a11y"):
            a11y.build(app, "sd:tab:a11y")
        with dpg.tab(label="Events", tag="sd:tab:events"):
            events.build(app, "sd:tab:events")
        with dpg.tab(label="Log", tag="sd:tab:log"):
            logpanel.build(app, "sd:tab:log")
    if dpg.does_item_exist(PREVIEW_BAR):
        previewbar.build(app, PREVIEW_BAR)


def teardown(app) -> None:
    """Remove what the views created outside the control window."""
    menu.teardown(app)
    tree.teardown(app)
    keys.teardown(app)


def refresh(app) -> None:
    """A build changed the catalog data: update the views in place (no widget under the cursor is rebuilt)."""
    menu.refresh(app)
    status.refresh(app)
    tree.refresh(app)
    props.refresh(app)


def tick(app) -> None:
    """Per-frame refresh of the parts that change without a rebuild (status line, log text)."""
    status.tick(app)
    toolbar.tick(app)
    tree.tick(app)
    props.tick(app)
    logpanel.tick(app)
    previewbar.tick(app)
    a11y.tick(app)
    events.tick(app)
    snapshot.tick(app)
