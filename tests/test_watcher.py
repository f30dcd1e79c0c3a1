"""Watching a catalog folder: relevant saves are reported, caches and the output folder are not."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from storydesk.build.watcher import CatalogWatcher


def wait_for(predicate, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_reports_relevant_changes_only(tmp_path):
    root = tmp_path / "cat"
    (root / "sub").mkdir(parents=True)
    (root / "__pycache__").mkdir()
    out = root / "_site"
    out.mkdir()
    seen: list[str] = []
    lock = threading.Lock()

    def on_change(path):
        with lock:
            seen.append(path)

    w = CatalogWatcher(root, on_change, ignore=[out])
    w.start()
    try:
        (root / "__pycache__" / "x.py").write_text("x")
        (out / "page.html").write_text("x")
        (root / "notes.bin").write_bytes(b"x")
        (root / "sub" / "stories.py").write_text("x = 1\n")
        assert wait_for(lambda: any(p.endswith("sub/stories.py") for p in seen))
        # an editor's atomic save: write a temp file, rename over the target
        tmp = root / "sub" / ".stories.py.swp~"
        tmp.write_text("x = 2\n")
        seen.clear()
        tmp.rename(root / "sub" / "helper.py")
        assert wait_for(lambda: any(p.endswith("sub/helper.py") for p in seen))
    finally:
        w.stop()
    assert not [p for p in seen if "__pycache__" in p or "_site" in p or p.endswith(".bin")]


def test_is_relevant(tmp_path):
    w = CatalogWatcher(tmp_path, lambda p: None, ignore=[tmp_path / "out"])
    assert w.is_relevant(tmp_path / "a" / "stories.py")
    assert w.is_relevant(tmp_path / "styles.css")
    assert not w.is_relevant(tmp_path / "out" / "index.html")
    assert not w.is_relevant(tmp_path / ".git" / "x.py")
    assert not w.is_relevant(Path("/elsewhere/x.py"))
