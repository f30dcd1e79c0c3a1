"""The real app under X: open the demo, edit a story, see the pane update; Ctrl+Alt+R; pane crash recovery."""

from __future__ import annotations

import os
import signal
import time

import pytest
from gui_driver import RunningApp
from proctree import listening_sockets, tree

pytestmark = pytest.mark.gui

STORY = "actions/button/primary"


@pytest.fixture
def app(display, demo_copy, tmp_path):
    running = RunningApp(demo_copy, tmp_path, "--story", STORY)
    yield running
    running.stop()


def test_edit_rebuilds_and_pane_shows_new_text(app, demo_copy):
    app.wait(
        lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""),
        90,
        "the pane showing the selected story",
    )
    state = app.state()
    assert state["selected_story"] == STORY and state["pane_page"] == f"{STORY}.html"
    pids = tree(app.proc.pid)
    assert len(pids) > 2, "the app, the pane and its QtWebEngine processes"
    assert listening_sockets(pids) == [], "the app opens no listening socket (issue 10)"
    builds = state["status"]["builds"]
    stories = demo_copy / "actions" / "button" / "stories.py"
    stories.write_text(stories.read_text().replace('"Save changes"', '"Save everything now"'))
    state = app.wait(lambda s: "Save everything now" in s.get("pane_text", ""), 60, "the pane showing the edit")
    assert state["status"]["builds"] == builds + 1 and state["status"]["state"] == "ok"
    assert state["pane_page"] == f"{STORY}.html"  # the pane stayed on its page

    # a broken save (issue 10): the rest is built, this folder keeps its last good pages with a banner, the
    # status says it is broken, the pane shows the error over its page; the next good save recovers
    badge = demo_copy / "actions" / "badge" / "stories.py"
    stories.write_text(stories.read_text().replace("def button() -> Subject:", "def button() -> Subject"))
    badge.write_text(badge.read_text().replace('"Passing"', '"Passing still"'))
    state = app.wait(  # the kept page reloads (with its banner) under the overlay: both arrive in either order
        lambda s: (
            s["status"]["state"] == "broken"
            and s.get("pane_overlay")
            and "This page is from the last good build" in s.get("pane_text", "")
        ),
        60,
        "the broken file, its banner and its overlay in the pane",
    )
    assert state["status"]["error"]["file"].endswith("actions/button/stories.py")
    assert "Save everything now" in state["pane_text"]  # the last good page stays
    assert "This page is from the last good build" in state["pane_text"]
    assert "A stories.py is broken" in state["pane_overlay"]
    assert "actions/button/stories.py:6" in state["pane_overlay"]
    assert "Passing still" in (app.out / "actions" / "badge" / "success.html").read_text(), "the rest is built"
    stories.write_text(
        stories.read_text()
        .replace("def button() -> Subject\n", "def button() -> Subject:\n")
        .replace("Save everything now", "Recovered")
    )
    app.wait(
        lambda s: (
            s["status"]["state"] == "ok" and "Recovered" in s.get("pane_text", "") and s.get("pane_overlay") == ""
        ),
        60,
        "recovery, overlay gone",
    )


def test_ctrl_alt_r_reloads_gui_keeping_selection(app):
    app.wait(lambda s: s.get("pane_ready") and s["status"]["state"] == "ok", 90, "the app ready")
    app.keys("ctrl+alt+r")
    state = app.wait(lambda s: s.get("gui_reloads", 0) >= 1, 30, "a GUI reload")
    assert state["selected_story"] == STORY
    assert not state["error_tint"] and state["reload_error"] == ""
    assert any("GUI reloaded" in line for line in state["log"])
    app.keys("ctrl+alt+r", at=(1100, 600), click=True)  # focus in the embedded pane: it forwards the shortcut
    state = app.wait(lambda s: s.get("gui_reloads", 0) >= 2, 30, "a GUI reload from the pane")
    assert state["selected_story"] == STORY


def test_pane_crash_is_noticed_and_pane_restarted(app):
    state = app.wait(lambda s: s.get("pane_ready") and s.get("pane_pid"), 90, "the pane")
    os.kill(state["pane_pid"], signal.SIGKILL)
    state = app.wait(lambda s: s.get("pane_restarts") == 1 and s.get("pane_ready"), 60, "the pane restarted")
    assert any("exited unexpectedly" in line for line in state["log"])
    assert state["pane_pid"] != state.get("pane_pid_before", 0)
    app.wait(lambda s: "Save changes" in s.get("pane_text", ""), 60, "the restarted pane on the story")


def test_closing_the_app_closes_the_pane(app):
    state = app.wait(lambda s: s.get("pane_ready") and s.get("pane_pid"), 90, "the pane")
    assert app.stop() is not None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(state["pane_pid"], 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the pane process outlived the app")


def test_settings_persist_across_runs_and_corrupt_settings_are_moved_aside(display, demo_copy, tmp_path):
    import json

    user = tmp_path / "user"  # one user's folders, shared by the three runs
    user.mkdir()
    first = RunningApp(demo_copy, user, "--story", STORY)
    first.wait(lambda s: s.get("pane_ready") and s["status"]["state"] == "ok", 90, "the first run")
    assert first.stop() == 0
    config = user / "xdg" / "config" / "storydesk" / "settings.json"
    saved = json.loads(config.read_text())
    assert saved["last_story"][str(demo_copy)] == STORY
    assert saved["recent_catalogs"][0] == str(demo_copy)
    assert saved["window"]["width"] == 1280 and saved["pane_split"] == 400
    logs = list((user / "xdg").rglob("storydesk.log"))
    assert logs and "build #1 ok" in logs[0].read_text()

    saved["pane_split"] = 480
    config.write_text(json.dumps(saved))
    second = RunningApp(demo_copy, user)  # no --story: the last selected one comes back
    try:
        state = second.wait(
            lambda s: s.get("pane_ready") and s["status"]["state"] == "ok" and s.get("pane_page") == f"{STORY}.html",
            90,
            "the second run",
        )
        assert state["selected_story"] == STORY
        assert state["ui"]["size:sd:control"][0] == 480
    finally:
        second.stop()

    config.write_text("{ this is not json")
    third = RunningApp(demo_copy, user)
    try:
        state = third.wait(lambda s: s.get("status", {}).get("state") == "ok", 90, "the third run")
        assert any("corrupt" in line for line in state["log"])
        assert list(config.parent.glob("settings.json.corrupt-*"))
    finally:
        third.stop()


def test_a_wrong_nested_setting_is_dropped_and_the_app_opens(display, demo_copy, tmp_path):
    """Issue 9: {"window": {"x": "left"}} was accepted and reached Dear PyGui."""
    import json

    user = tmp_path / "user"
    config = user / "xdg" / "config" / "storydesk" / "settings.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"window": {"x": "left", "y": 0, "width": 900, "height": 600}, "pane_split": 480}))
    app = RunningApp(demo_copy, user)
    try:
        state = app.wait(lambda s: s.get("pane_ready") and s["status"]["state"] == "ok", 90, "the app")
        assert any("window.x" in line and "using its default" in line for line in state["log"])
        assert state["ui"]["size:sd:control"][0] == 480, "the valid setting is kept"
    finally:
        assert app.stop() == 0
    assert json.loads(config.read_text())["window"]["x"] == 40, "saved back with the default"


def test_a_story_that_sleeps_is_quarantined_and_the_session_goes_on(display, demo_copy, tmp_path):
    """Issue 10, in the real app: a story sleeping 30 s failed the whole build and nothing else updated."""
    app = RunningApp(demo_copy, tmp_path, "--story", STORY, "--story-timeout", "1")
    try:
        app.wait(lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""), 90, "the pane")
        sleepy = demo_copy / "sleepy"
        sleepy.mkdir()
        (sleepy / "stories.py").write_text(
            "import time\nfrom storydesk import Story, Subject\n\n"
            "def nap():\n    time.sleep(30)\n    return '<p>awake</p>'\n\n"
            "def subject() -> Subject:\n    return Subject(title='Sleepy', items=[Story(title='Nap', template=nap)])\n"
        )
        stories = demo_copy / "actions" / "button" / "stories.py"
        stories.write_text(stories.read_text().replace('"Save changes"', '"Saved after the nap"'))
        state = app.wait(lambda s: "Saved after the nap" in s.get("pane_text", ""), 60, "the edit in the pane")
        assert state["status"]["state"] == "ok"
        assert state["selected_story"] == STORY and state["pane_page"] == f"{STORY}.html"
        assert "sleepy/nap" in state["stories"]
        nap_page = (tmp_path / "site" / "sleepy" / "nap.html").read_text()
        assert "did not return within 1 s" in nap_page
    finally:
        assert app.stop() == 0
