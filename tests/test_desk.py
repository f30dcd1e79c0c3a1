"""A day at the desk (issue 11): the real app under Xvfb, driven with xdotool as a person would.

Widget positions come from the state file's ``widgets`` (``alias: [x, y, w, h]`` px in the window, written
by the shell for the items shown in the last frame), so the tests click where a person would see the item.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from gui_driver import RunningApp

pytestmark = pytest.mark.gui

STORY = "actions/button/primary"
AVATAR = "data/avatar/default"


def ready(app: RunningApp, story_text: str) -> dict:
    """Wait until the pane shows the selected story (its text holds ``story_text``) and no build runs."""
    return app.wait(
        lambda s: (
            s.get("pane_ready")
            and story_text in s.get("pane_text", "")
            and s["status"]["state"] == "ok"
            and any("embedded in the app window" in line for line in s["log"])
        ),  # the pane's window settled
        90,
        f"the pane showing {story_text!r}",
    )


def test_typing_into_props_at_normal_speed_keeps_every_keystroke(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        ready(app, "Save changes")
        app.focus_field("sdp:prop:label")
        app.keys("ctrl+a", at=None)
        app.type_text("Publish now")  # ~9 keys a second: each one starts a build while the next is typed
        state = app.wait(
            lambda s: (
                s["prop_overrides"].get(STORY, {}).get("label") == "Publish now"
                and "Publish now" in s.get("pane_text", "")
                and s["status"]["state"] == "ok"
            ),
            30,
            "the whole text applied and shown",
        )
        assert state["focused"] == "sdp:prop:label", "the field kept the keyboard focus through the rebuilds"
        app.type_text(" today")  # still typing into the same field, without clicking it again
        app.wait(lambda s: "Publish now today" in s.get("pane_text", ""), 30, "typing went on in the field")
        # a number: 120 into the avatar's size (40)
        app.focus_field("sd:filter")
        app.type_text("avatar")
        app.click_widget(f"sd:story:{AVATAR}")
        app.wait(lambda s: s["pane_page"] == f"{AVATAR}.html", 20, "the avatar shown")
        app.wait(lambda s: "sdp:prop:size" in s.get("widgets", {}), 20, "the avatar's size field")
        app.focus_field("sdp:prop:size")
        app.keys("ctrl+a", at=None)
        app.type_text("120")
        app.wait(
            lambda s: s["prop_overrides"].get(AVATAR, {}).get("size") == 120 and s["status"]["state"] == "ok",
            30,
            "size 120 applied",
        )
        assert "width:120px" in (tmp_path / "site" / f"{AVATAR}.html").read_text().replace(" ", "")
    finally:
        app.stop()


def test_invalid_json_in_a_json_prop_is_shown_next_to_the_field(display, demo_copy, tmp_path):
    story = "data/table/simple"
    app = RunningApp(demo_copy, tmp_path, "--story", story)
    try:
        ready(app, "Engineer")
        x, y, w, h = app.widget("sdp:prop:columns")
        assert h >= 40, "a JSON prop gets a multi-line editor"
        app.focus_field("sdp:prop:columns")
        app.keys("ctrl+a", at=None)
        app.type_text('["Name", ')
        state = app.wait(lambda s: "sdp:error:columns" in s.get("widgets", {}), 20, "the inline JSON error")
        assert "JSON" in state["texts"]["sdp:error:columns"]
        app.type_text('"Job"]')
        app.wait(
            lambda s: (
                s["prop_overrides"].get(story, {}).get("columns") == ["Name", "Job"]
                and "sdp:error:columns" not in s.get("widgets", {})
            ),
            30,
            "the fixed JSON applied and the error gone",
        )
    finally:
        app.stop()


def write_catalog(root, title: str, subject_stories: str = "", slow_import_s: float = 0.0) -> None:
    """A small catalog as a new user writes it from the README: a root ``stories.py`` and one subject."""
    (root / "text").mkdir(parents=True)
    pause = f"import time\ntime.sleep({slow_import_s})\n" if slow_import_s else ""
    (root / "stories.py").write_text(
        f"{pause}from storydesk import Catalog\n\ndef catalog() -> Catalog:\n    return Catalog(title={title!r})\n"
    )
    (root / "text" / "stories.py").write_text(
        subject_stories
        or "from storydesk import Subject, Story\n\ndef subject() -> Subject:\n"
        "    return Subject(title='Text', target=lambda: '<p>mini text</p>', items=[Story(title='Only')])\n"
    )


def open_folder_from_the_menu(app: RunningApp, folder) -> None:
    """File > Open catalog..., then type the folder into the dialog and press Enter, as a person does."""
    wid = app.window_id()
    app.click_at(wid, 26, 9)  # File, the menu bar's first entry
    app.click_at(wid, 50, 33)  # Open catalog...
    dialog = app.wait_window("^Open catalog folder$")
    app.type_text(str(folder), delay_ms=40)
    app.keys("Return", at=None)
    app.wait_window_gone(dialog)


def test_file_open_shows_the_new_catalog_clears_the_filter_and_retitles(display, demo_copy, tmp_path):
    mini, empty = tmp_path / "mini", tmp_path / "empty"
    write_catalog(mini, "Mini catalog")
    empty.mkdir()
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        ready(app, "Save changes")
        app.focus_field("sd:filter")
        app.type_text("button")
        app.wait(lambda s: s["filter_text"] == "button", 10, "the filter typed")
        open_folder_from_the_menu(app, mini)
        state = app.wait(
            lambda s: s["catalog"] == str(mini) and s["status"]["state"] == "ok" and "Mini catalog" in s["pane_text"],
            60,
            "the new catalog's index in the pane",
        )
        assert state["pane_page"] == "index.html" and state["filter_text"] == ""
        app.widget("sd:node:text")  # the new tree is shown, not filtered away by the old filter
        app.wait(lambda s: app.window_name() == "storydesk: Mini catalog", 10, "the window retitled")
        open_folder_from_the_menu(app, empty)
        state = app.wait(lambda s: s["catalog"] == str(empty) and s["status"]["state"] == "failed", 60, "empty")
        state = app.wait(lambda s: "No site for empty yet" in s["pane_text"] and s["pane_overlay"], 30, "says so")
        assert "no stories.py" in state["pane_overlay"] and "Mini catalog" not in state["pane_text"]
    finally:
        app.stop()


def test_the_pane_shows_building_until_the_first_build_then_the_index_for_an_unknown_story(display, tmp_path):
    slow = tmp_path / "slow"
    write_catalog(slow, "Slow catalog", slow_import_s=6)
    app = RunningApp(slow, tmp_path, "--story", "text/nope")
    try:
        state = app.wait(lambda s: s.get("pane_ready") and "Building the catalog" in s.get("pane_text", ""), 60, "b")
        assert state["status"]["state"] in ("idle", "building")
        state = app.wait(lambda s: s["status"]["state"] == "ok" and "Slow catalog" in s["pane_text"], 60, "index")
        assert state["pane_page"] == "index.html" and state["selected_story"] is None
        state = app.wait(lambda s: "text/nope" in s.get("pane_overlay", ""), 20, "the notice naming the id")
        assert any("no story 'text/nope'" in line for line in state["log"])
    finally:
        app.stop()


def test_tree_and_pane_follow_each_other_and_overview_pages_open_from_the_tree(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        ready(app, "Save changes")
        app.click_widget("sd:node:actions/button")  # its label: the subject page, all its stories side by side
        state = app.wait(lambda s: s["pane_page"] == "actions/button/index.html", 20, "the subject page")
        assert (
            state["selected_story"] is None
            and "Delete project" in app.wait(lambda s: "Delete" in s["pane_text"])["pane_text"]
        )
        # the "Danger" link in the docs page's list of stories (the pane's layout is fixed: 1280x800 window, its
        # fonts and the demo's stylesheet; the preview toolbar above the pane)
        app.click_at(app.window_id(), 698, 259)
        state = app.wait(lambda s: s["selected_story"] == "actions/button/danger", 20, "the tree following the pane")
        assert state["pane_page"] == "actions/button/danger.html"
        app.wait(lambda s: s.get("texts", {}).get("sdp:title") == "Button: Danger", 20, "Props on the shown story")
        app.click_widget("sd:node:actions/button", dx=8)  # its arrow: folds, the page stays
        state = app.wait(lambda s: "sd:story:actions/button/primary" not in s["widgets"], 20, "the subject folded")
        assert state["pane_page"] == "actions/button/danger.html"
        app.click_widget("sd:node:actions")
        app.wait(lambda s: s["pane_page"] == "actions/index.html" and s["selected_story"] is None, 20, "section")
        app.click_widget("sd:node:")
        app.wait(lambda s: s["pane_page"] == "index.html", 20, "the catalog's page")
    finally:
        app.stop()


def test_renaming_or_deleting_the_shown_story_keeps_the_pane_on_the_nearest_node(display, demo_copy, tmp_path):
    stories = demo_copy / "actions" / "button" / "stories.py"
    app = RunningApp(demo_copy, tmp_path, "--story", "actions/button/danger")
    try:
        ready(app, "Delete project")
        stories.write_text(stories.read_text().replace('title="Danger"', 'title="Destructive"'))
        state = app.wait(lambda s: s["pane_page"] == "actions/button/destructive.html", 30, "the renamed story")
        assert state["selected_story"] == "actions/button/destructive"
        lines = stories.read_text().splitlines(keepends=True)
        stories.write_text("".join(line for line in lines if "Destructive" not in line))
        state = app.wait(
            lambda s: s["pane_page"] == "actions/button/small-ghost.html" and "More" in s["pane_text"], 30, "next"
        )
        assert state["selected_story"] == "actions/button/small-ghost"
        (demo_copy / "actions" / "button" / "stories.py").unlink()
        state = app.wait(lambda s: s["pane_page"] == "actions/index.html", 30, "the section, its subject gone")
        assert state["selected_story"] is None and state["status"]["state"] == "ok"
    finally:
        app.stop()


def test_the_keyboard_reaches_the_tree_the_filter_and_the_shortcuts(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        ready(app, "Save changes")
        app.keys("Down", at=(200, 700), click=True)  # a click on the panel's empty part, then the arrow keys
        app.wait(lambda s: s["selected_story"] == "actions/button/secondary", 10, "Down: the next story")
        app.keys("Left", at=None)
        app.wait(lambda s: s["pane_page"] == "actions/button/index.html", 10, "Left: its subject")
        app.keys("Left", at=None)  # folds it
        app.wait(lambda s: "sd:story:actions/button/primary" not in s["widgets"], 10, "Left again: folded")
        app.keys("Right", at=None)
        app.keys("Right", at=None)
        app.wait(lambda s: s["selected_story"] == "actions/button/primary", 10, "Right twice: unfolded, first story")
        app.keys("slash", at=None)
        app.type_text("button danger")  # words in any order, across the subject and the story
        app.wait(lambda s: s["filter_text"] == "button danger", 10, "the filter typed after /")
        app.wait(
            lambda s: [w for w in s["widgets"] if w.startswith("sd:story:")] == ["sd:story:actions/button/danger"],
            10,
            "only the story matching both words",
        )
        app.keys("Return", at=None)
        app.wait(lambda s: s["pane_page"] == "actions/button/danger.html", 10, "Enter: the only match opened")
        app.keys("Escape", at=None)
        app.wait(lambda s: s["filter_text"] == "" and "sd:story:actions/button/primary" in s["widgets"], 10, "clear")
        app.keys("ctrl+f", at=None)
        app.type_text("zzz")
        app.wait(lambda s: s.get("texts", {}).get("sd:tree:none") == 'No stories match "zzz"', 10, "no match")
        app.keys("Escape", at=None)
        builds = app.wait(lambda s: s["filter_text"] == "", 10, "cleared")["status"]["builds"]
        app.keys("ctrl+r", at=None)
        app.wait(lambda s: s["status"]["builds"] == builds + 1, 30, "Ctrl+R: a rebuild")
        app.keys("F1", at=None)
        app.widget("sdh:shortcuts")
        x, y, w, h = app.state()["widgets"]["sdh:shortcuts"]
        assert x + w <= 400, "the shortcuts list is inside the control panel, not under the pane"
    finally:
        app.stop()


def test_failing_stories_are_seen_from_afar_and_the_status_is_not_green(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        ready(app, "Save changes")
        app.wait(lambda s: s.get("status_colour") == [120, 220, 120, 255], 10, "green while all is well")
        stories = demo_copy / "actions" / "button" / "stories.py"
        stories.write_text(stories.read_text().replace('"label": "Cancel", ', '"label": "Cancel", "oops": 1, '))
        state = app.wait(lambda s: s["status"]["failed_stories"] == 1, 30, "one failing story")
        assert state["status"]["state"] == "ok"
        state = app.wait(lambda s: "(1 failing)" in s.get("labels", {}).get("sd:node:actions/button", ""), 10, "badge")
        assert "(1 failing)" in state["labels"]["sd:node:actions"] and "(1 failing)" in state["labels"]["sd:node:"]
        assert state["status_colour"] != [120, 220, 120, 255], "not green while a story fails"
        assert "(1 failing)" in state["texts"]["sd:status"]
    finally:
        app.stop()


def test_the_gui_reload_button_says_what_it_does_and_confirms_with_the_time(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        ready(app, "Save changes")
        x, y, w, h = app.widget("sd:auto-reload")
        app.keys("shift", at=(x + 8, y + h // 2))  # the pointer rests on Auto: its hint shows in the panel
        state = app.wait(lambda s: "view module" in s.get("texts", {}).get("sd:hint", ""), 10, "Auto's hint")
        hx, hy, hw, hh = state["widgets"]["sd:hint"]
        assert hx + hw <= 400, "hints are drawn inside the control panel, never under the pane"
        before = app.widget("sd:filter")
        app.keys("shift", at=(before[0] + 40, before[1] + before[3] // 2))
        state = app.wait(lambda s: "any order" in s.get("texts", {}).get("sd:hint", ""), 10, "the filter's hint")
        assert app.widget("sd:filter") == before, "a hint appearing does not move the item under the pointer"
        app.click_widget("sd:btn:reload")
        state = app.wait(lambda s: s["gui_reloads"] == 1, 20, "a GUI reload")
        assert state["reload_note"].startswith("reloaded at ")
        app.wait(lambda s: s.get("texts", {}).get("sd:gui-reloaded", "").startswith("reloaded at"), 10, "shown")
    finally:
        app.stop()


CATALOG_CSS = ".probe { color: rgb(1, 2, 3); }\n"
CATALOG_JS = """document.addEventListener("DOMContentLoaded", function () {
  var probe = document.querySelector(".probe");
  if (probe) { probe.insertAdjacentText("afterend", " probe colour " + getComputedStyle(probe).color); }
});
"""
STYLED = """from storydesk import Subject, Story

def probe():
    return '<p class="probe">Probe</p><img alt="logo" src="static/logo.svg">'

def braces():
    return t'<a href="#" class={{"active": True}}>Home</a>'

def subject() -> Subject:
    return Subject(title="Text", target=probe, items=[Story(title="Only"), Story(title="Braces", template=braces)])
"""


def test_a_catalogs_static_css_and_js_reach_every_page_and_literal_braces_are_warned(display, tmp_path):
    styled = tmp_path / "styled"
    write_catalog(styled, "Styled", subject_stories=STYLED)
    (styled / "static").mkdir()
    (styled / "static" / "catalog.css").write_text(CATALOG_CSS)
    (styled / "static" / "catalog.js").write_text(CATALOG_JS)
    (styled / "text" / "static").mkdir()  # a component's own static folder, Storyville style
    (styled / "text" / "static" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    app = RunningApp(styled, tmp_path, "--story", "text/only")
    try:
        state = app.wait(lambda s: "probe colour rgb(1, 2, 3)" in s.get("pane_text", ""), 60, "the catalog's CSS+JS")
        page = (tmp_path / "site" / "text" / "only.html").read_text()
        assert 'src="../static/text/static/logo.svg"' in page, "a static/ reference points at the copied file"
        assert (tmp_path / "site" / "static" / "text" / "static" / "logo.svg").is_file()
        assert any("story text/braces: attribute class=" in line and "literal brace" in line for line in state["log"])
    finally:
        app.stop()


def test_the_demo_styles_live_in_the_demo_catalog_not_in_storydesks_chrome():
    from storydesk.paths import assets_dir, demo_catalog

    chrome = (assets_dir() / "site.css").read_text()
    rules = "\n".join(line for line in chrome.splitlines() if "{" in line)  # not the comments
    assert ".btn" not in rules and ".card" not in rules and not rules.startswith("* {") and "\n* {" not in rules
    assert ".btn-primary" in (demo_catalog() / "static" / "demo.css").read_text()


def test_the_log_opens_at_the_newest_entry_and_follows_unless_scrolled_up(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        ready(app, "Save changes")
        for n in range(12):  # enough lines to scroll
            builds = app.state()["status"]["builds"]
            app.keys("ctrl+r", at=(200, 700) if n == 0 else None)
            app.wait(lambda s, b=builds: s["status"]["builds"] > b, 30, "a rebuild")
        time.sleep(1)  # the last build's lines are in
        app.click_widget("sd:tab:log")
        app.wait(lambda s: s.get("scrolls", {}).get("sd:log", [0, 0])[1] > 0, 10, "a scrolling log")
        app.wait(lambda s: s["scrolls"]["sd:log"][0] == s["scrolls"]["sd:log"][1], 10, "opened at the newest")
        x, y, w, h = app.widget("sd:tab:log")  # the log fills the tab below its header
        subprocess.run(["xdotool", "mousemove", "--window", app.window_id(), str(x + 50), str(y + 150)], check=True)
        subprocess.run(["xdotool", "click", "--repeat", "5", "--delay", "50", "4"], check=True)
        app.wait(lambda s: s["scrolls"]["sd:log"][0] < s["scrolls"]["sd:log"][1] - 50, 10, "scrolled up")
        time.sleep(0.5)  # the wheel's last notches
        held = app.state()["scrolls"]["sd:log"][0]
        app.keys("ctrl+r", at=None)
        app.wait(lambda s: s["status"]["builds"] >= 14, 30, "one more build")
        time.sleep(0.5)
        assert app.state()["scrolls"]["sd:log"][0] == held, "a reader scrolled up is not pulled to the bottom"
        subprocess.run(["xdotool", "click", "--repeat", "40", "--delay", "20", "5"], check=True)  # back down
        app.wait(lambda s: s["scrolls"]["sd:log"][0] >= s["scrolls"]["sd:log"][1] - 24, 10, "at the bottom again")
        builds = app.state()["status"]["builds"]
        app.keys("ctrl+r", at=None)
        app.wait(lambda s: s["status"]["builds"] > builds, 30, "another build")
        app.wait(lambda s: s["scrolls"]["sd:log"][0] == s["scrolls"]["sd:log"][1], 10, "following again")
    finally:
        app.stop()


def test_restart_pane_shows_progress_and_comes_back_on_the_same_page(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        state = ready(app, "Save changes")
        pid = state["pane_pid"]
        app.click_widget("sd:btn:restart-pane")
        app.wait(lambda s: "starting the preview" in s.get("texts", {}).get("sd:pane-state", ""), 10, "progress")
        state = app.wait(
            lambda s: s["pane_pid"] != pid and s["pane_ready"] and "Save changes" in s["pane_text"], 30, "back"
        )
        assert state["pane_page"] == f"{STORY}.html"
        app.wait(lambda s: not s.get("texts", {}).get("sd:pane-state"), 10, "the progress gone")
    finally:
        app.stop()


def contrast(a: tuple, b: tuple) -> float:
    """WCAG contrast ratio of two sRGB colours (0-255)."""

    def luminance(rgb: tuple) -> float:
        c = [v / 255 for v in rgb[:3]]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_light_themes_text_meets_wcag_aa_contrast():
    from storydesk.app.status import BuildState
    from storydesk.gui.theme import LIGHT, LIGHT_STATE_COLOURS, MUTED
    from storydesk.gui.views.logpanel import LIGHT_LEVEL_COLOURS

    grounds = [LIGHT[k] for k in ("WindowBg", "ChildBg", "MenuBarBg", "Tab", "TabActive", "Header", "FrameBg")]
    for ground in grounds:  # menu labels, tabs (inactive too), the selected row, fields
        assert contrast(LIGHT["Text"], ground) >= 4.5, ground
    for ground in (LIGHT["WindowBg"], LIGHT["ChildBg"], LIGHT["MenuBarBg"]):  # hints and secondary labels
        assert contrast(MUTED["light"], ground) >= 4.5 and contrast(LIGHT["TextDisabled"], ground) >= 4.5
    for state in BuildState:
        assert contrast(LIGHT_STATE_COLOURS[state], LIGHT["WindowBg"]) >= 4.5, state
    for colour in LIGHT_LEVEL_COLOURS.values():
        assert contrast(colour, LIGHT["ChildBg"]) >= 4.5, colour


def test_the_html_source_is_pretty_printed_coloured_and_copied(display, demo_copy, tmp_path):
    settings = tmp_path / "xdg" / "config" / "storydesk" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"theme": "light"}')
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        state = ready(app, "Save changes")
        from storydesk.gui.theme import LIGHT

        assert contrast(tuple(state["status_colour"]), LIGHT["WindowBg"]) >= 4.5, "the light theme's status line"
        app.click_widget("sd:hdr:source")
        state = app.wait(lambda s: "sdp:source" in s.get("widgets", {}), 10, "the HTML source shown")
        x, y, w, h = state["widgets"]["sdp:source"]
        assert x + w <= 400, "inside the panel (it scrolls sideways for a long line)"
        # coloured by token kind (issue 14): the tag name, the attribute names and the quoted values
        from storydesk.gui.highlight import COLOURS

        seen = app.colours([x, y, w, h])
        for kind in ("tag", "attribute", "string", "text"):
            assert COLOURS[kind]["light"] in seen, f"no {kind} colour in the HTML source"
        app.click_widget("sdp:source:copy")
        app.wait(lambda s: any("copied the HTML source" in line for line in s["log"]), 10, "copied")
        clipboard = subprocess.run(
            [sys.executable, "-c", CLIPBOARD], capture_output=True, text=True, timeout=30, env=app.env
        ).stdout
        source = clipboard.strip()
        assert source.startswith("<button") and "\n Save changes\n</button>" in source, "pretty-printed"
    finally:
        app.stop()


CLIPBOARD = (
    "import sys\nfrom PySide6.QtGui import QGuiApplication\napp = QGuiApplication(sys.argv[:1])\n"
    "print(QGuiApplication.clipboard().text())\n"
)


TYPO = """from storydesk import Subject, Story

def comp(*, label: str):
    return helper(label)

def helper(label):
    return label.upper() + undefined_name

def subject() -> Subject:
    return Subject(title="T", target=comp, items=[
        Story(title="Raises", props={"label": "x"}),
        Story(title="Typo", props={"lable": "x"}),
    ])
"""


def test_errors_point_at_the_users_code_first_and_keep_their_carets(display, tmp_path):
    cat = tmp_path / "errs"
    write_catalog(cat, "Errors", subject_stories=TYPO)
    app = RunningApp(cat, tmp_path, "--story", "text/typo")
    try:
        state = app.wait(lambda s: s["status"]["failed_stories"] == 2 and "Typo" in s.get("pane_text", ""), 60, "b")
        stories = str(cat / "text" / "stories.py")
        assert "the story's props" in state["pane_text"] or f"{stories}:12" in state["pane_text"], "the Story line"
        raises = (tmp_path / "site" / "text" / "raises.html").read_text()
        card = raises[raises.index('class="sd-traceback"') :]
        assert f"File &#x27;{stories}&#x27;" in card or f'File "{stories}"' in card or stories in card
        assert "storydesk/catalog/render.py" not in card, "storydesk's frames are folded"
        assert "(1 frame of storydesk and importlib not shown)" in card
        assert "^^^^^^^^^^^^^^" in card
        css = (tmp_path / "site" / "assets" / "site.css").read_text()
        assert ".sd-traceback { white-space: pre;" in css, "tracebacks are not wrapped: the carets stay aligned"
        assert any(f"{stories}:7" in line or "undefined_name" in line for line in state["log"])
    finally:
        app.stop()


def test_tab_moves_between_the_props_fields(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", AVATAR)
    try:
        ready(app, "AL")
        app.focus_field("sdp:prop:name")
        app.keys("Tab", at=None)
        app.wait(lambda s: s.get("focused") == "sdp:prop:size", 10, "Tab: the next field")
        app.keys("ctrl+a", at=None)
        app.type_text("96")
        app.wait(lambda s: s["prop_overrides"].get(AVATAR, {}).get("size") == 96, 30, "typed into it")
    finally:
        app.stop()


def test_typing_reaches_the_control_panel_after_a_click_in_the_pane(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        ready(app, "Save changes")
        wid = app.window_id()
        app.click_at(wid, 900, 400)  # into the preview pane (its window takes the keyboard)
        x, y, w, h = app.widget("sd:filter")
        app.click_at(wid, x + 40, y + h // 2)  # a click only, as a person's (click_widget also focuses the window)
        app.type_text("card")
        app.wait(lambda s: s["filter_text"] == "card", 10, "the typed text in the filter box")
    finally:
        app.stop()
