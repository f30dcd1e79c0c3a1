"""Settings: round trip, defaults, corrupt files moved aside."""

from __future__ import annotations

import json
import logging

from storydesk.app import settings as st


def test_round_trip_and_recent_list(tmp_path):
    path = tmp_path / "settings.json"
    s = st.load(path)
    assert s == st.Settings()
    for i in range(12):
        s.remember_catalog(tmp_path / f"cat{i}")
    s.remember_catalog(tmp_path / "cat5")
    s.theme, s.pane_split, s.use_subinterpreters = "light", 520, False
    s.last_story[str(tmp_path / "cat5")] = "a/b/c"
    s.window = {"x": 10, "y": 20, "width": 900, "height": 700}
    st.save(s, path)
    loaded = st.load(path)
    assert loaded == s
    assert loaded.recent_catalogs[0] == str(tmp_path / "cat5") and len(loaded.recent_catalogs) == 10


def test_corrupt_file_is_moved_aside_with_a_warning(tmp_path, caplog):
    path = tmp_path / "settings.json"
    for bad in ("{not json", json.dumps([1, 2]), "null"):
        path.write_text(bad)
        with caplog.at_level(logging.WARNING, "storydesk.settings"):
            assert st.load(path) == st.Settings()
        assert not path.exists()
        assert "corrupt" in caplog.text
        caplog.clear()
    assert len(list(tmp_path.glob("settings.json.corrupt-*"))) >= 1


def test_unknown_keys_are_ignored(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "light", "from_a_newer_version": 1}))
    assert st.load(path).theme == "light"


def test_a_wrong_value_is_dropped_with_a_warning_and_the_rest_kept(tmp_path, caplog):
    """Issue 9: validation reaches into nested values; one bad value costs only that setting."""
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "window": {"x": "left", "y": 0, "width": 900, "height": 700},  # reached Dear PyGui before
                "theme": "neon",
                "pane_split": True,
                "last_story": {"/cat": 3},
                "recent_catalogs": ["/a", "/b"],
                "use_subinterpreters": False,
            }
        )
    )
    with caplog.at_level(logging.WARNING, "storydesk.settings"):
        loaded = st.load(path)
    defaults = st.Settings()
    assert loaded.window == defaults.window and loaded.theme == "dark" and loaded.pane_split == 400
    assert loaded.last_story == {}
    assert loaded.recent_catalogs == ["/a", "/b"] and loaded.use_subinterpreters is False
    for name in ("window.x", "theme", "pane_split", "last_story"):
        assert name in caplog.text
    assert path.exists(), "a file with a wrong value is not corrupt: it is kept"


def test_window_geometry_needs_all_four_positive_sizes(tmp_path):
    path = tmp_path / "settings.json"
    for window in (
        {"x": 1, "y": 2, "width": 900},
        {"x": 1, "y": 2, "width": 0, "height": 600},
        {"x": 1, "y": 2, "width": 900.5, "height": 600},
    ):
        path.write_text(json.dumps({"window": window}))
        assert st.load(path).window == st.Settings().window
