"""Quarantine (issue 10): a story that hangs a build is given up on after its own deadline, and not rendered
again until a save may have fixed it."""

from __future__ import annotations

import time

from conftest import write

from storydesk.build.pool import InterpreterPool
from storydesk.build.quarantine import Quarantine, Stalled, stories_file
from storydesk.build.result import BuildResult
from storydesk.build.timeout import run_with_deadline


def test_a_story_past_its_own_deadline_stops_the_wait_naming_it():
    progress = {"now": ""}

    def call() -> BuildResult:
        progress["now"] = "a/quick"
        time.sleep(0.2)
        progress["now"] = "a/slow"
        time.sleep(5)
        return BuildResult(ok=True)

    t0 = time.monotonic()
    result, timed_out = run_with_deadline(call, 30.0, lambda: [progress["now"]], story_timeout_s=0.5)
    assert timed_out and not result.ok
    assert result.stalled == {"story": "a/slow", "reason": "did not return within 0.5 s"}
    assert time.monotonic() - t0 < 2.0, "given up on after the story's deadline, not the build's"


def test_release_follows_the_saved_files(tmp_path):
    cat = tmp_path / "cat"
    write(cat / "stories.py", "")
    write(cat / "a" / "stories.py", "")
    write(cat / "b" / "stories.py", "")
    assert stories_file(cat, "a/x") == str(cat / "a" / "stories.py")
    assert stories_file(cat, "a/inline/x") == str(cat / "a" / "stories.py")  # a subject built inline
    q = Quarantine()
    q.add(Stalled("a/x", "did not return within 5 s"))
    q.add(Stalled("b/y", "did not return within 5 s"))
    assert q.release_for(["rebuild requested", str(cat / "a" / "style.css")], cat) == []
    assert q.release_for([str(cat / "b" / "stories.py")], cat) == ["b/y"]  # its own stories.py
    assert q.reasons == {"a/x": "did not return within 5 s"}
    assert q.release_for([str(cat / "lib" / "helpers.py")], cat) == ["a/x"]  # a module it may import
    assert q.reasons == {}


SLOW = """
import time
from storydesk import Story, Subject

def slow():
    time.sleep(3)
    return "<p>slow</p>"

def subject() -> Subject:
    return Subject(title="Slow", items=[Story(title="Slow", template=slow),
                                       Story(title="Fast", template=lambda: "<p>fast</p>")])
"""
ROOT = """
from storydesk import Catalog

def catalog() -> Catalog:
    return Catalog(title="Q")
"""


def test_the_pool_gives_up_on_a_slow_story_and_a_quarantined_one_gets_its_card(tmp_path):
    root = tmp_path / "q"
    write(root / "stories.py", ROOT)
    write(root / "slow" / "stories.py", SLOW)
    out = tmp_path / "site"
    pool = InterpreterPool()
    try:
        stalled = pool.build(root, out, story_timeout_s=1.0)
        assert not stalled.ok and stalled.stalled == {"story": "slow/slow", "reason": "did not return within 1 s"}
        result = pool.build(root, out, quarantine={"slow/slow": "did not return within 1 s"}, story_timeout_s=1.0)
        assert result.ok, result.error
        cards = {s["path"]: s["error"] for s in result.stories if s["error"]}
        assert list(cards) == ["slow/slow"]
        assert cards["slow/slow"]["message"].startswith(
            "not rendered: in an earlier build this story did not return within 1 s"
        )
        assert "<p>fast</p>" in (out / "slow" / "fast.html").read_text()
        assert "did not return within 1 s" in (out / "slow" / "slow.html").read_text()
    finally:
        pool.close()
