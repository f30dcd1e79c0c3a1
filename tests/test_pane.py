"""The pane process on its own: JSON-lines protocol, reload keeping the scroll position, overlay, eval."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time

import pytest
from proctree import listening_sockets, rss_mb, tree

from storydesk.build.pipeline import build

pytestmark = pytest.mark.gui


class Pane:
    def __init__(self, url: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "storydesk.pane", url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._id = 0

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.events.put(json.loads(line))

    def send(self, **msg) -> None:
        self.proc.stdin.write(json.dumps(msg) + "\n")
        self.proc.stdin.flush()

    def expect(self, predicate, timeout: float = 30) -> dict:
        while True:
            event = self.events.get(timeout=timeout)
            if predicate(event):
                return event

    def close(self) -> int:
        """Ask the pane to quit; return its exit status (it is killed, and the test fails, after 15 s)."""
        self.send(cmd="quit")
        try:
            return self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise

    def eval(self, js: str):
        self._id += 1
        self.send(cmd="eval", id=self._id, js=js)
        return self.expect(lambda e: e["event"] == "eval" and e["id"] == self._id)["result"]


@pytest.fixture
def site(demo_copy, tmp_path):
    cards = demo_copy / "layout" / "card" / "stories.py"
    cards.write_text(cards.read_text().replace('"Faster rebuilds. " * 12', '"Faster rebuilds. " * 2000'))
    out = tmp_path / "site"
    assert build(demo_copy, out).ok
    return out


def test_protocol_load_reload_keeps_scroll_overlay_eval(display, site):
    page = site / "layout" / "card" / "long-text.html"
    pane = Pane("about:blank")
    try:
        pane.expect(lambda e: e["event"] == "ready")
        pane.send(cmd="load", url=page.as_uri())
        loaded = pane.expect(lambda e: e["event"] == "loaded" and e["url"] == page.as_uri())
        assert "Release notes" in loaded["text"] and loaded["title"].startswith("Card: Long text")
        # in the pane the site's own navigation is hidden (the app's tree is the navigation)
        assert pane.eval("getComputedStyle(document.getElementById('sd-nav')).display") == "none"
        assert "Pagination" not in loaded["text"]
        assert pane.eval("window.scrollTo(0, 700); window.scrollY") == 700
        pane.send(cmd="reload")
        reloaded = pane.expect(lambda e: e["event"] == "loaded")
        assert reloaded["url"] == page.as_uri()
        assert pane.eval("window.scrollY") == 700  # the reload restored the scroll position
        pane.send(cmd="overlay", html="<b>Build failed</b>")
        assert pane.eval("document.getElementById('sd-build-overlay').innerText") == "Build failed"
        pane.send(cmd="overlay", html="")
        assert pane.eval("document.getElementById('sd-build-overlay')") is None
        # outside the pane (no sd-embedded mark) site.js loads nav.js and draws the navigation
        assert pane.eval("document.querySelectorAll('#sd-nav a').length") == 0  # not loaded in the pane
        pane.eval(
            "document.documentElement.classList.remove('sd-embedded');"
            "var s = document.createElement('script'); s.src = '../../assets/site.js';"
            "document.head.appendChild(s); 0"
        )
        for _ in range(100):
            if pane.eval("document.querySelectorAll('#sd-nav a[aria-current=page]').length") == 1:
                break
            time.sleep(0.05)
        assert pane.eval("document.querySelector('#sd-nav a[aria-current=page]').textContent") == "Long text"
        assert pane.eval("document.querySelectorAll('#sd-nav a').length") > 40
        pane.send(cmd="bogus")
        assert pane.expect(lambda e: e["event"] == "error", 10)["message"] == "unknown command 'bogus'"
    finally:
        assert pane.close() == 0


def test_pane_opens_no_listening_socket(display, site):
    """Issue 10: pywebview served about:blank from an HTTP server on 127.0.0.1 that nothing needed."""
    pane = Pane("about:blank")
    try:
        pane.expect(lambda e: e["event"] == "ready")
        page = site / "index.html"
        pane.send(cmd="load", url=page.as_uri())
        pane.expect(lambda e: e["event"] == "loaded" and e.get("url") == page.as_uri())
        pids = tree(pane.proc.pid)
        assert len(pids) > 1, "the pane and its QtWebEngine processes"
        assert listening_sockets(pids) == []
    finally:
        assert pane.close() == 0


def test_reloading_a_story_300_times_keeps_the_pane_memory_bounded(display, site):
    """Issue 10: the renderer grew 0.63 MB per reload (+127 MB over 200) until a gc() followed each load."""
    page = site / "actions" / "button" / "primary.html"
    pane = Pane(page.as_uri())
    try:
        pane.expect(lambda e: e["event"] == "loaded" and e.get("url") == page.as_uri())

        def reload(times: int) -> None:
            for _ in range(times):
                pane.send(cmd="reload")
                pane.expect(lambda e: e["event"] == "loaded")

        reload(30)  # warm: caches and the first collections settle
        time.sleep(1)
        before = rss_mb(tree(pane.proc.pid))
        reload(300)
        time.sleep(1)
        growth = rss_mb(tree(pane.proc.pid)) - before
        print(f"pane process tree: {before:.0f} MB, +{growth:.1f} MB over 300 reloads")
        assert growth < 15, f"the pane's process tree grew {growth:.1f} MB over 300 reloads"
    finally:
        assert pane.close() == 0
