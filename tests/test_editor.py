"""Open in editor (issue 14): each editor's way of opening a file at a line, and in the real app, Ctrl+E on
a story and the Log tab's button on a broken stories.py start the editor set in the settings there.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
from gui_driver import RunningApp

from storydesk.app.editor import NoEditor, editor_command

FILE = "/cat/buttons/stories.py"


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("code", ["code", "-g", f"{FILE}:12"]),
        ("/usr/bin/codium --new-window", ["/usr/bin/codium", "--new-window", "-g", f"{FILE}:12"]),
        ("subl", ["subl", f"{FILE}:12"]),
        ("zed", ["zed", f"{FILE}:12"]),
        ("pycharm", ["pycharm", "--line", "12", FILE]),
        ("idea", ["idea", "--line", "12", FILE]),
        ("emacsclient -n", ["emacsclient", "-n", "+12", FILE]),
        ("gedit", ["gedit", "+12", FILE]),
        ("my-editor", ["my-editor", FILE]),  # unknown: the file only
        ("code -g {file}:{line} --reuse-window", ["code", "-g", f"{FILE}:12", "--reuse-window"]),  # a template
    ],
)
def test_each_editor_gets_the_file_at_the_line_its_own_way(editor, expected):
    assert editor_command(FILE, 12, editor, env={}) == expected


def test_visual_comes_before_editor_and_the_setting_before_both():
    env = {"VISUAL": "subl", "EDITOR": "gedit"}
    assert editor_command(FILE, 3, "", env) == ["subl", f"{FILE}:3"]
    assert editor_command(FILE, 3, "", {"EDITOR": "gedit"}) == ["gedit", "+3", FILE]
    assert editor_command(FILE, 3, "code", env) == ["code", "-g", f"{FILE}:3"]


def test_a_terminal_editor_starts_in_a_terminal_or_says_it_needs_one():
    assert editor_command(FILE, 7, "vim", {"TERMINAL": "xterm"}) == ["xterm", "-e", "vim", "+7", FILE]
    assert editor_command(FILE, 7, "nvim", {"TERMINAL": "kitty"}) == ["kitty", "-e", "nvim", "+7", FILE]
    with pytest.raises(NoEditor, match="needs a terminal"):
        editor_command(FILE, 7, "nano", {"PATH": ""})


def test_no_editor_set_says_how_to_set_one():
    with pytest.raises(NoEditor, match=r"set \$VISUAL or \$EDITOR"):
        editor_command(FILE, 1, "", {})


def use_recorder(tmp_path) -> Path:
    """Set a recorder as the editor in the settings of a RunningApp in ``tmp_path``; return the file it appends
    each call's arguments to (one JSON list per line).
    """
    recorder, calls = tmp_path / "recorder.py", tmp_path / "calls.jsonl"
    recorder.write_text(RECORDER)
    settings = tmp_path / "xdg" / "config" / "storydesk" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"editor": f"{sys.executable} {recorder} {calls} {{file}} {{line}}"}))
    return calls


RECORDER = """
import json, sys
with open(sys.argv[1], "a") as f:
    f.write(json.dumps(sys.argv[2:]) + "\\n")
"""


@pytest.mark.gui
def test_ctrl_e_and_the_log_tabs_button_open_the_editor_at_the_line(display, demo_copy, tmp_path):
    calls = use_recorder(tmp_path)
    stories = demo_copy / "actions" / "button" / "stories.py"
    line = next(n for n, text in enumerate(stories.read_text().splitlines(), 1) if "Save changes" in text)
    app = RunningApp(demo_copy, tmp_path, "--story", "actions/button/primary")
    try:
        app.wait(lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""), 90, "the story")
        app.keys("ctrl+e", at=(200, 700), click=True)
        app.wait(lambda s: s.get("editor_note", "").startswith("Opened stories.py:"), 10, "the editor started")
        for _ in range(50):
            if calls.exists():
                break
            app.wait(lambda s: True, 1)
        first = json.loads(calls.read_text().splitlines()[0])
        assert first[0] == str(stories) and abs(int(first[1]) - line) <= 3, (first, line)  # the Story( call
        broken = demo_copy / "forms" / "checkbox" / "stories.py"
        broken.write_text(broken.read_text() + "\ndef oops(:\n")
        error_line = len(broken.read_text().splitlines())
        app.keys("ctrl+r", at=(200, 700))
        app.wait(lambda s: s["status"]["state"] == "broken", 30, "the broken stories.py")
        app.click_widget("sd:tab:log")
        app.click_widget("sd:btn:open-error")
        app.wait(lambda s: len(calls.read_text().splitlines()) == 2 if calls.exists() else False, 10, "a second call")
        second = json.loads(calls.read_text().splitlines()[1])
        assert second == [str(broken), str(error_line)]
    finally:
        app.stop()


@pytest.mark.gui
def test_with_no_editor_set_the_app_says_so(display, demo_copy, tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = RunningApp(demo_copy, tmp_path, "--story", "actions/button/primary")
    try:
        app.wait(lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""), 90, "the story")
        app.keys("ctrl+e", at=(200, 700), click=True)
        state = app.wait(lambda s: "No editor" in s.get("editor_note", ""), 10, "the note")
        assert any("set $VISUAL or $EDITOR" in line for line in state["log"])
        hint = "No editor to open it in: see the Log tab"
        app.wait(lambda s: s.get("texts", {}).get("sd:hint") == hint, 10, "the note on the hint line")
    finally:
        app.stop()


#: A catalog whose one story raises (``ValueError`` on line 5 of ``boom/stories.py``): its page is an error card.
BOOM = {
    "stories.py": "from storydesk import Catalog\n\ndef catalog() -> Catalog:\n    return Catalog(title='E')\n",
    "boom/stories.py": "from storydesk import Story, Subject\n\n\ndef bad():\n    raise ValueError('no')\n\n\n"
    "def subject() -> Subject:\n    return Subject(title='Boom', target=bad, items=[Story(title='Card')])\n",
}


@pytest.mark.gui
def test_a_click_on_an_error_s_file_and_line_in_the_pane_asks_the_app_to_open_it(display, make_catalog, tmp_path):
    from test_pane import Pane

    from storydesk.build.pipeline import build

    root = make_catalog(BOOM)
    out = tmp_path / "site"
    assert build(root, out).ok
    page = out / "boom" / "card.html"
    pane = Pane(page.as_uri())
    try:
        pane.expect(lambda e: e["event"] == "loaded" and e.get("url") == page.as_uri())
        event = click_until_asked(pane, ".sd-error-card [data-sd-file]")
        assert event == {"event": "open", "file": str(root / "boom" / "stories.py"), "line": 5}
        overlay = '<strong>Build failed</strong><p data-sd-file="/cat/x.py" data-sd-line="3">/cat/x.py:3</p>'
        pane.eval(f"window.storydeskOverlay({json.dumps(overlay)}); 1")
        event = click_until_asked(pane, "#sd-build-overlay [data-sd-file]")
        assert event == {"event": "open", "file": "/cat/x.py", "line": 3}
    finally:
        pane.close()


def click_until_asked(pane, selector: str) -> dict:
    """Click the element ``selector`` in the pane until the pane asks to open a file (pywebview's bridge to the
    pane's Python comes up a moment after the page); return that event.
    """
    import queue

    for _ in range(50):
        # sent, not Pane.eval: that waits for the answer dropping other events, and "open" comes first
        pane.send(cmd="eval", id=-1, js=f"document.querySelector({json.dumps(selector)}).click(); 1")
        try:
            return pane.expect(lambda e: e["event"] == "open", timeout=0.3)
        except queue.Empty:
            continue
    raise AssertionError(f"a click on {selector} never asked the app to open a file")


@pytest.mark.gui
def test_a_story_s_context_menu_opens_it_in_the_editor_and_copies_its_id(display, demo_copy, tmp_path):
    calls = use_recorder(tmp_path)
    app = RunningApp(demo_copy, tmp_path, "--story", "actions/button/primary")
    try:
        app.wait_shown("Save changes")
        app.click_widget("sd:story:actions/button/danger", dx=30, button=3)
        app.wait(lambda s: s["selected_story"] == "actions/button/danger", 10, "the right-clicked story selected")
        app.click_widget("sd:story-menu:open")
        app.wait(lambda s: s.get("editor_note", "").startswith("Opened stories.py:"), 10, "the editor started")
        for _ in range(50):
            if calls.exists():
                break
            time.sleep(0.1)
        file, line = json.loads(calls.read_text().splitlines()[0])
        stories = demo_copy / "actions" / "button" / "stories.py"
        assert file == str(stories) and "Delete project" in stories.read_text().splitlines()[int(line) - 1]
        app.click_widget("sd:story:actions/button/danger", dx=30, button=3)
        app.click_widget("sd:story-menu:copy")
        app.wait(lambda s: any("copied the story id actions/button/danger" in x for x in s["log"]), 10, "copied")
    finally:
        app.stop()
