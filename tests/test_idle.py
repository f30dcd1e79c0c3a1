"""The idle window draws nothing, yet news and input show at once (issue 13, storydesk.gui.governor).

The idle timer is set to a minute here, so only the wakes under test can bring a frame: a build's result
(sent by the build thread), and the user's keys.
"""

from __future__ import annotations

import time

import pytest
from gui_driver import RunningApp

pytestmark = pytest.mark.gui


def test_an_idle_window_shows_a_build_and_takes_keys_without_its_idle_timer(display, demo_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("STORYDESK_IDLE_WAKE_S", "60")
    app = RunningApp(demo_copy, tmp_path, "--story", "actions/button/primary")
    try:
        app.wait(lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""), 90, "the story")
        time.sleep(2.0)  # idle: the loop waits for input
        stories = demo_copy / "actions" / "button" / "stories.py"
        stories.write_text(stories.read_text().replace('"Save changes"', '"Saved while idle"'))
        state = app.wait(lambda s: "Saved while idle" in s.get("pane_text", ""), 10, "the build shown while idle")
        assert state["status"]["builds"] == 2
        time.sleep(2.0)
        app.keys("ctrl+f")
        app.type_text("secondary")
        state = app.wait(lambda s: s.get("filter_text") == "secondary", 10, "the keys typed while idle")
        assert "sd:story:actions/button/secondary" in state["widgets"]
    finally:
        app.stop()
