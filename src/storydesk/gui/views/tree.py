"""The story tree (catalog > sections > subjects > stories) with its filter box.

Clicking a story shows it; clicking the catalog, a section or a subject shows its overview page (the
subject's has all its stories side by side); the arrow folds (issue 11). The tree follows the pane: the
node of the page shown is highlighted and its ancestors opened, whichever way the page was reached. A right
click on a story opens its menu: Open in editor, Copy story id (issue 14).
"""

from __future__ import annotations

import logging

import dearpygui.dearpygui as dpg

from storydesk.app.selection import filter_words, shown_by_filter
from storydesk.gui import redraw
from storydesk.gui.hot import callback, hot_module
from storydesk.gui.theme import MUTED, text_colour

FAILED_COLOUR = (255, 120, 120)
#: Height in px the props panel below the tree keeps (the tree's child window takes the rest).
PROPS_HEIGHT = 340


#: Clicks this close (px) to a node's left edge hit its arrow: they fold, the rest show its page.
ARROW_PX = 22
CLICKS = "sd:tree:clicks"
#: right clicks on stories, and the story menu they open (issue 14)
STORY_CLICKS = "sd:tree:story-clicks"
MENU = "sd:story-menu"

log = logging.getLogger("storydesk.gui")


@hot_module(
    state_keys=["ui_state"],
    delegation_targets=["on_filter", "on_select", "on_node_clicked", "on_story_menu", "on_menu_open", "on_menu_copy"],
)
def build(app, parent) -> None:
    """Add the filter box and the tree to ``parent``."""
    # and, outside the control window, the handlers and the story menu a right click opens (issue 14)
    if not dpg.does_item_exist(CLICKS):
        with dpg.item_handler_registry(tag=CLICKS):
            dpg.add_item_clicked_handler(
                button=dpg.mvMouseButton_Left, callback=callback(__name__, "on_node_clicked", app)
            )
    if not dpg.does_item_exist(STORY_CLICKS):
        with dpg.item_handler_registry(tag=STORY_CLICKS):
            dpg.add_item_clicked_handler(
                button=dpg.mvMouseButton_Right, callback=callback(__name__, "on_story_menu", app)
            )
    if not dpg.does_item_exist(MENU):
        with dpg.window(tag=MENU, popup=True, show=False, no_title_bar=True, autosize=True, min_size=(120, 20)):
            # selectables, not menu items: they report where they are, so tests click them as a person does
            open_ = callback(__name__, "on_menu_open", app)
            dpg.add_selectable(label="Open in editor  Ctrl+E", tag="sd:story-menu:open", callback=open_)
            copy = callback(__name__, "on_menu_copy", app)
            dpg.add_selectable(label="Copy story id", tag="sd:story-menu:copy", callback=copy)
    dpg.add_input_text(
        parent=parent,
        tag="sd:filter",
        hint="Filter stories",
        width=-1,
        default_value=app.ui_state.filter_text,
        callback=callback(__name__, "on_filter", app),
    )
    with dpg.child_window(parent=parent, tag="sd:tree", border=False, height=-PROPS_HEIGHT):
        fill(app)


def _shape(app) -> tuple:
    """What the tree's nodes are made from: the nav tree, the failing stories and the title."""
    return app.title, repr(app.tree), tuple(sorted(failing_stories(app.stories)))


def failing_stories(stories: dict[str, dict]) -> list[str]:
    """The paths of the stories that failed to render or have a failed assertion (issue 12)."""
    return [p for p, s in stories.items() if s.get("error") or any(not r["passed"] for r in s.get("assertions") or ())]


def refresh(app) -> None:
    """After a build: recreate the nodes only when the tree's shape changed (open nodes are kept)."""
    if dpg.get_value("sd:filter") != app.ui_state.filter_text and not dpg.is_item_focused("sd:filter"):
        dpg.set_value("sd:filter", app.ui_state.filter_text)  # another catalog was opened: its filter is clear
        fill(app)
        return
    if dpg.get_item_user_data("sd:tree") == _shape(app):
        return
    from storydesk.gui import uistate

    if not app.ui_state.filter_text.strip():
        uistate.capture(app, scroll=False)  # the nodes the user opened survive the refill
    fill(app)


def fill(app) -> None:
    """(Re)create the tree's nodes inside ``sd:tree`` for the current filter."""
    dpg.delete_item("sd:tree", children_only=True)
    dpg.set_item_user_data("sd:tree", _shape(app))
    words = filter_words(app.ui_state.filter_text)
    shown, matches = shown_by_filter(app.tree, words)
    failing = failing_stories(app.stories)
    flagged = _flagged(app)
    with dpg.tree_node(
        label=app.title + _failing_label(failing) + _a11y_node_label(flagged, ""),
        parent="sd:tree",
        tag="sd:node:",
        default_open=True,
        open_on_arrow=True,
        user_data="index.html",
        selectable=app.pane.page == "index.html",
    ) as root:
        for node in app.tree:
            if not words or node["path"] in shown:
                _add(app, node, shown if words else None, failing, flagged)
    dpg.bind_item_handler_registry(root, CLICKS)
    if words and not matches:
        dpg.add_text(
            # straight quotes: Dear PyGui's default font has no curly ones (they showed as "?")
            f'No stories match "{app.ui_state.filter_text.strip()}"',
            parent="sd:tree",
            tag="sd:tree:none",
            color=MUTED.get(app.settings.theme, MUTED["dark"]),
        )
    if words:
        for alias in dpg.get_aliases():
            if alias.startswith("sd:node:"):
                dpg.set_value(alias, True)
    else:
        for key, value in app.ui_state.items.items():
            if key.startswith("open:sd:node:") and dpg.does_item_exist(key[5:]):
                dpg.set_value(key[5:], value)


def _failing_label(failing: list[str], path: str | None = None) -> str:
    """`` (2 failing)`` for the failing stories under ``path`` (``None``: the whole catalog), else ``""``."""
    n = len(failing) if path is None else sum(1 for p in failing if p.startswith(path + "/"))
    return f"  ({n} failing)" if n else ""


def _checks_label(checks: list[int] | None) -> str:
    """The tree's badge of a story's assertions: ``  [3 passed]`` or ``  [1 of 3 failed]`` (``""`` without)."""
    if not checks:
        return ""
    passed, failed = checks
    return f"  [{failed} of {passed + failed} failed]" if failed else f"  [{passed} passed]"


def _a11y_label(app, path: str) -> str:
    """The tree's badge of a story's last accessibility audit: ``  [a11y: 2]`` (its violations), ``""`` when it
    has none or was not audited since its page changed (issue 15).
    """
    audit = app.audit_of(path)
    return f"  [a11y: {len(audit.violations)}]" if audit is not None and audit.violations else ""


def _flagged(app) -> list[str]:
    """The stories whose last audit found violations (usually few: the node badges count among these only)."""
    return [path for path, info in app.stories.items() if (a := app.audits.pages.get(info["href"])) and a.violations]


def _a11y_node_label(flagged: list[str], path: str) -> str:
    """A subject's, section's or the catalog's badge: how many of the ``flagged`` stories are under it
    (``  [a11y: 3 stories]``; ``""``: none), so they show on folded rows too.
    """
    n = len(flagged) if not path else sum(1 for story in flagged if story.startswith(path + "/"))
    return f"  [a11y: {n} {'story' if n == 1 else 'stories'}]" if n else ""


def _add(app, node: dict, shown: set[str] | None, failing: list[str], flagged: list[str]) -> None:
    parent = "sd:node:" + node["path"].rpartition("/")[0] if "/" in node["path"] else "sd:node:"
    if node["kind"] == "story":
        checks = node.get("assertions")  # [passed, failed] of its assertions (issue 12)
        failed = node["path"] in failing
        error = bool(app.stories.get(node["path"], {}).get("error"))
        item = dpg.add_selectable(
            label=node["title"]
            + ("  (error)" if error else "")
            + _checks_label(checks)
            + _a11y_label(app, node["path"]),
            parent=parent,
            tag=f"sd:story:{node['path']}",
            user_data=node["path"],
            default_value=node["path"] == app.ui_state.selected_story,
            callback=callback(__name__, "on_select", app),
        )
        dpg.bind_item_handler_registry(item, STORY_CLICKS)
        if failed:
            dpg.bind_item_theme(item, text_colour("failed-story", FAILED_COLOUR))
        return
    selected = app.ui_state.selected_story or ""
    holds_selection = selected.startswith(node["path"] + "/")
    broken = node.get("broken")  # its stories.py failed to load: the last good pages are kept (issue 10)
    where = f"{broken.get('file', '').rsplit('/', 1)[-1]}:{broken.get('line')}" if broken else ""
    count = _failing_label(failing, node["path"])  # failing stories seen from afar (issue 11)
    with dpg.tree_node(
        label=node["title"]
        + (f"  (broken: {where})" if broken else "")
        + count
        + _a11y_node_label(flagged, node["path"]),
        parent=parent,
        tag=f"sd:node:{node['path']}",
        default_open=node["kind"] == "section" or holds_selection,
        open_on_arrow=True,
        user_data=node["href"],
        selectable=node["href"] == app.pane.page,
    ) as item:
        for child in node["children"]:
            if shown is None or child["path"] in shown:
                _add(app, child, shown, failing, flagged)
    dpg.bind_item_handler_registry(item, CLICKS)
    # a node's "(broken: ...)" or "(N failing)" marks it; no colour on the node, which its rows would inherit
    # (every story under it looked failed)


def _relabel_audited(app) -> None:
    """Put the current a11y badge on every story row (the badge is the label's last part)."""
    app.redraw["tree.a11y"] = app.audits.version
    flagged = _flagged(app)
    for alias in dpg.get_aliases():
        if alias.startswith(("sd:story:", "sd:node:")):
            label = dpg.get_item_label(alias) or ""
            base = label.split("  [a11y:")[0]
            if alias.startswith("sd:story:"):
                wanted = base + _a11y_label(app, alias[9:])
            else:
                wanted = base + _a11y_node_label(flagged, alias[8:])
            if wanted != label:
                dpg.set_item_label(alias, wanted)


def on_filter(app, sender, app_data, user_data) -> None:
    """Filter box edited: remember the text and refill the tree."""
    from storydesk.gui import uistate

    if not app.ui_state.filter_text.strip():
        uistate.capture(app)  # remember which nodes the user had open before filtering
    app.ui_state.filter_text = app_data
    fill(app)


def tick(app) -> None:
    """Follow the selection and the pane's page when they changed (a link followed in the pane); relabel the
    stories whose accessibility audits changed.
    """
    if dpg.does_item_exist("sd:tab:a11y") and redraw.due(app, "tree.a11y", app.audits.version):
        _relabel_audited(app)
    shown = (app.ui_state.selected_story, app.pane.page)
    if not dpg.does_item_exist("sd:node:") or not redraw.due(app, "tree.shown", shown):
        return
    story, page = shown
    for alias in dpg.get_aliases():
        if alias.startswith("sd:story:"):
            dpg.set_value(alias, alias[9:] == story)
        elif alias.startswith("sd:node:") and dpg.does_item_exist(alias):
            dpg.configure_item(alias, selectable=dpg.get_item_user_data(alias) == page)
    if story:  # open the folds above it, so the highlighted row is visible
        parts = story.split("/")
        for depth in range(1, len(parts)):
            node = "sd:node:" + "/".join(parts[:depth])
            if dpg.does_item_exist(node):
                dpg.set_value(node, True)


def on_node_clicked(app, sender, app_data, user_data) -> None:
    """The catalog, a section or a subject clicked: show its page; a click on its arrow only folds."""
    item = app_data[1]
    x = dpg.get_mouse_pos(local=False)[0]
    if x - dpg.get_item_rect_min(item)[0] < ARROW_PX:
        return
    app.show_page(dpg.get_item_user_data(item))


def on_select(app, sender, app_data, user_data) -> None:
    """A story clicked: select it (and show it in the pane), unselect the previous one."""
    previous = app.ui_state.selected_story
    if previous and previous != user_data and dpg.does_item_exist(f"sd:story:{previous}"):
        dpg.set_value(f"sd:story:{previous}", False)
    dpg.set_value(sender, True)
    app.select_story(user_data)


def teardown(app) -> None:
    """Remove the click handlers and the story menu (they live outside the control window)."""
    for tag in (CLICKS, STORY_CLICKS, MENU):
        if dpg.does_item_exist(tag):
            dpg.delete_item(tag)


def on_story_menu(app, sender, app_data, user_data) -> None:
    """A story right-clicked: select it (the pane and Props follow) and open its menu at the pointer."""
    story = dpg.get_item_user_data(app_data[1])
    if story != app.ui_state.selected_story:
        app.select_story(story)
    dpg.set_item_user_data(MENU, story)
    dpg.set_item_pos(MENU, dpg.get_mouse_pos(local=False))
    dpg.show_item(MENU)


def on_menu_open(app, sender, app_data, user_data) -> None:
    """Story menu > Open in editor: its ``Story(...)`` line."""
    dpg.set_value(sender, False)
    dpg.hide_item(MENU)
    app.open_in_editor(*app.story_location(dpg.get_item_user_data(MENU)))


def on_menu_copy(app, sender, app_data, user_data) -> None:
    """Story menu > Copy story id (what ``--story`` and the pytest plugin's ids take)."""
    dpg.set_value(sender, False)
    dpg.hide_item(MENU)
    story = dpg.get_item_user_data(MENU) or ""
    dpg.set_clipboard_text(story)
    log.info("copied the story id %s", story)
