"""Issue 10 in the real app under Xvfb: whatever a story's code does, the app stays up, keeps its session,
shows every other story's edits and names what happened on the culprit's card; no abandoned work keeps
running."""

from __future__ import annotations

import time

import pytest
from gui_driver import RunningApp
from proctree import cpu_use

pytestmark = pytest.mark.gui

STORY = "actions/button/primary"
CULPRIT = """
import ctypes
import os
import sys
import time

from storydesk import Story, Subject


def bad():
{body}


def subject() -> Subject:
    return Subject(title="Bad", items=[Story(title="Culprit", template=bad),
                                      Story(title="Fine", template=lambda: "<p>fine</p>")])
"""


@pytest.mark.parametrize(
    ("body", "card"),
    [
        ("    os._exit(7)", "exited the build process with status 7"),
        ("    ctypes.string_at(0)", "crashed the build process (SIGSEGV)"),
        ("    while True:\n        pass", "did not return within 1 s"),
        ("    time.sleep(30)", "did not return within 1 s"),
        ("    sys.exit(3)", "SystemExit: 3"),
        ("    return 'x' * 30_000_000_000", "MemoryError"),
        (
            "    import threading\n    threading.Thread(target=lambda: [0 for _ in iter(int, 1)]).start()\n"
            "    return '<p>spins</p>'",
            "started a thread that was still running 0.1 s after it returned",
        ),
        ("    return input()", "EOFError"),  # stdin is not the build process's requests
    ],
    ids=["os._exit", "segfault", "while-true", "sleep", "sys.exit", "30GB", "endless-thread", "input"],
)
def test_a_story_cannot_take_the_session_down(display, demo_copy, tmp_path, body, card):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY, "--story-timeout", "1")
    try:
        app.wait(lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""), 90, "the pane")
        time.sleep(1.0)  # settled: the standby interpreter is warm
        idle = cpu_use(app.proc.pid)
        (demo_copy / "bad").mkdir()
        (demo_copy / "bad" / "stories.py").write_text(CULPRIT.format(body=body))
        stories = demo_copy / "actions" / "button" / "stories.py"
        stories.write_text(stories.read_text().replace('"Save changes"', '"Saved after the culprit"'))
        state = app.wait(lambda s: "Saved after the culprit" in s.get("pane_text", ""), 60, "the edit in the pane")
        assert app.proc.poll() is None, "the app is up"
        assert state["status"]["state"] == "ok"
        assert state["selected_story"] == STORY and state["pane_page"] == f"{STORY}.html"
        site = tmp_path / "site"
        assert card in (site / "bad" / "culprit.html").read_text()
        assert "<p>fine</p>" in (site / "bad" / "fine.html").read_text()
        time.sleep(1.0)  # within 2 s of the result, the process tree is back to idling
        busy = cpu_use(app.proc.pid)
        assert busy < idle + 0.3, f"the app's processes use {busy:.2f} cores, {idle:.2f} when idle before"
    finally:
        assert app.stop() == 0


def test_a_hang_while_the_catalog_is_imported_is_abandoned_and_stops_using_the_cpu(display, demo_copy, tmp_path):
    """No story is rendering when a stories.py spins at import: the build times out, its process is replaced
    (no abandoned work keeps a core busy), and a fix recovers."""
    app = RunningApp(demo_copy, tmp_path, "--story", STORY, "--build-timeout", "2")
    try:
        app.wait(lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""), 90, "the pane")
        time.sleep(1.0)
        idle = cpu_use(app.proc.pid)
        (demo_copy / "spin").mkdir()
        (demo_copy / "spin" / "stories.py").write_text("while True:\n    pass\n")
        state = app.wait(lambda s: s["status"]["state"] == "failed", 30, "the build timing out")
        assert "timed out after 2 s" in state["status"]["error"]["message"]
        assert app.proc.poll() is None and state["selected_story"] == STORY
        time.sleep(1.0)
        busy = cpu_use(app.proc.pid)
        assert busy < idle + 0.3, f"the app's processes use {busy:.2f} cores, {idle:.2f} when idle before"
        (demo_copy / "spin" / "stories.py").unlink()
        (demo_copy / "spin").rmdir()
        app.wait(lambda s: s["status"]["state"] == "ok", 30, "recovery")
    finally:
        assert app.stop() == 0
