"""A day at the desk (issue 11): the real app under Xvfb, driven with xdotool as a person would.

Widget positions come from the state file's ``widgets`` (``alias: [x, y, w, h]`` px in the window, written
by the shell for the items shown in the last frame), so the tests click where a person would see the item.
"""

from __future__ import annotations

import pytest
from gui_driver import RunningApp

pytestmark = pytest.mark.gui

STORY = "actions/button/primary"
AVATAR = "data/avatar/default"


def ready(app: RunningApp, story_text: str) -> dict:
    """Wait until the pane shows the selected story (its text holds ``story_text``) and no build runs."""
    return app.wait(
        lambda s: s.get("pane_ready") and story_text in s.get("pane_text", "") and s["status"]["state"] == "ok",
        90,
        f"the pane showing {story_text!r}",
    )


def test_typing_into_props_at_normal_speed_keeps_every_keystroke(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", STORY)
    try:
        ready(app, "Save changes")
        app.click_widget("sdp:prop:label", dx=40)
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
        app.click_widget("sd:filter")
        app.type_text("avatar")
        app.click_widget(f"sd:story:{AVATAR}")
        app.wait(lambda s: s["pane_page"] == f"{AVATAR}.html", 20, "the avatar shown")
        app.wait(lambda s: "sdp:prop:size" in s.get("widgets", {}), 20, "the avatar's size field")
        app.click_widget("sdp:prop:size", dx=40)
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
        app.click_widget("sdp:prop:columns", dx=40)
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
