"""The subinterpreter pool: every build is fresh, helper modules included, and interpreters are not leaked."""

from __future__ import annotations

import os
import time
from concurrent import interpreters

import pytest
from conftest import write

from storydesk.build.pool import InterpreterPool

HELPER = 'LABEL = "{text}"\n'
ROOT = """
from storydesk import Catalog

def catalog() -> Catalog:
    return Catalog(title="Fresh")
"""
SUBJECT = """
from storydesk import Subject, Story
from fresh.lib.labels import LABEL

def subject() -> Subject:
    return Subject(title="Label", target=lambda: f"<p>{LABEL}</p>", items=[Story(title="Only")])
"""


@pytest.fixture
def pool():
    p = InterpreterPool()
    p.wait_ready(60)
    yield p
    p.close()


@pytest.fixture
def fresh_catalog(tmp_path):
    root = tmp_path / "fresh"
    write(root / "stories.py", ROOT)
    write(root / "lib" / "labels.py", HELPER.format(text="AAAA"))
    write(root / "label" / "stories.py", SUBJECT)
    return root


def test_helper_edits_within_one_second_same_size_are_built(pool, fresh_catalog, tmp_path):
    out = tmp_path / "site"
    helper = fresh_catalog / "lib" / "labels.py"
    page = out / "label" / "only.html"
    texts = ["AAAA", "BBBB", "CCCC"]
    mtimes = []
    for text in texts:
        helper.write_text(HELPER.format(text=text))
        os.utime(helper, ns=(helper.stat().st_atime_ns, 1_700_000_000_000_000_000))  # same mtime every time
        mtimes.append((helper.stat().st_mtime_ns, helper.stat().st_size))
        result = pool.build(fresh_catalog, out)
        assert result.ok, result.error
        assert f"<p>{text}</p>" in page.read_text()
    assert len(set(mtimes)) == 1  # the edits were indistinguishable by mtime and size
    assert not list(fresh_catalog.rglob("*.pyc"))  # no bytecode cache written for catalog code


def test_each_build_uses_a_new_interpreter_and_closes_it(pool, fresh_catalog, tmp_path):
    before = {i.id for i in interpreters.list_all()}
    ids = [pool.build(fresh_catalog, tmp_path / "site").interpreter for _ in range(3)]
    assert len(set(ids)) == 3
    pool.wait_ready(60)
    pool._closer.submit(lambda: None).result(10)  # discards are done
    alive = {i.id for i in interpreters.list_all()} - before
    assert len(alive) <= 1  # only the warm standby remains


def test_phases_are_reported(pool, fresh_catalog, tmp_path):
    result = pool.build(fresh_catalog, tmp_path / "site")
    assert {"wait", "handoff", "discover", "render", "write"} <= set(result.phases)
    assert result.total_ms >= result.phases["discover"]


def test_failed_build_in_pool_reports_file_and_line(pool, fresh_catalog, tmp_path):
    write(fresh_catalog / "lib" / "labels.py", "LABEL = (\n")
    result = pool.build(fresh_catalog, tmp_path / "site")
    assert result.ok, "the label folder is broken, the rest is built (issue 10)"
    [broken] = result.broken
    assert broken["path"] == "label" and broken["file"].endswith("lib/labels.py") and broken["line"] == 1


def test_closed_pool_refuses(fresh_catalog, tmp_path):
    from storydesk.build.pool import PoolClosed

    p = InterpreterPool()
    p.close()
    with pytest.raises(PoolClosed):
        p.build(fresh_catalog, tmp_path / "site")


def test_direct_builds_reimport_catalog_modules(fresh_catalog, tmp_path):
    from storydesk.build.pipeline import build

    out = tmp_path / "site"
    helper = fresh_catalog / "lib" / "labels.py"
    for text in ("DDDD", "EEEE"):
        helper.write_text(HELPER.format(text=text))
        assert build(fresh_catalog, out).ok
        assert f"<p>{text}</p>" in (out / "label" / "only.html").read_text()
        time.sleep(0.01)


EXITING = """
import sys

from storydesk import Story, Subject


def quits():
    sys.exit(3)


def interrupted():
    raise KeyboardInterrupt


def subject() -> Subject:
    return Subject(title="Exits", items=[
        Story(title="Exits", template=quits), Story(title="Interrupted", template=interrupted),
        Story(title="Fine", template=lambda: "<p>still here</p>")])
"""


def test_a_story_raising_system_exit_or_keyboard_interrupt_gets_its_card_in_the_pool(pool, fresh_catalog, tmp_path):
    """Issue 10: sys.exit(3) in a story crashed the whole build ("build crashed: SystemExit: 3")."""
    write(fresh_catalog / "exits" / "stories.py", EXITING)
    out = tmp_path / "site"
    result = pool.build(fresh_catalog, out)
    assert result.ok, result.error
    errors = {s["path"]: s["error"] for s in result.stories if s.get("error")}
    assert set(errors) == {"exits/exits", "exits/interrupted"}
    assert errors["exits/exits"]["message"] == "SystemExit: 3"
    assert errors["exits/exits"]["file"].endswith("exits/stories.py") and errors["exits/exits"]["line"] == 7
    assert errors["exits/interrupted"]["message"].startswith("KeyboardInterrupt")
    assert "still here" in (out / "exits" / "fine.html").read_text()
    assert "SystemExit: 3" in (out / "exits" / "exits.html").read_text()


SLOW_ONCE = """
import os
import time

from storydesk import Story, Subject

MARK = {mark!r}


def slow():
    if not os.path.exists(MARK):  # the first build only: a slow call that returns, late
        open(MARK, "w").close()
        time.sleep(3)
    return "<p>slow</p>"


def subject() -> Subject:
    return Subject(title="Slow", items=[Story(title="Slow", template=slow)])
"""


def test_an_abandoned_build_never_writes_over_a_newer_site(pool, fresh_catalog, tmp_path):
    """Issue 10: a story that slept past the deadline once later returned and wrote its older site over the
    newer build's (the good story's page went back to its old text and stayed there)."""
    out = tmp_path / "site"
    assert pool.build(fresh_catalog, out).ok
    write(fresh_catalog / "slow" / "stories.py", SLOW_ONCE.format(mark=str(tmp_path / "slept")))
    write(fresh_catalog / "lib" / "labels.py", HELPER.format(text="OLD TEXT"))
    late = pool.build(fresh_catalog, out, timeout_s=1.0)
    assert not late.ok and "timed out" in late.error["message"] and "slow/slow" in late.error["message"]
    write(fresh_catalog / "lib" / "labels.py", HELPER.format(text="NEW TEXT"))  # the user saves a fix
    assert pool.build(fresh_catalog, out).ok
    page = out / "label" / "only.html"
    assert "<p>NEW TEXT</p>" in page.read_text()
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    time.sleep(3.5)  # the abandoned build's story has returned and its build has run to its end
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before, "the abandoned build wrote into the site"
    assert "<p>NEW TEXT</p>" in page.read_text()


PRINTING = """
import sys

from storydesk import Story, Subject

print("imported the printing stories")


def chatty():
    for i in range(200_000):
        print(f"line {i}")
    print("to stderr", file=sys.stderr)
    return "<p>chatty</p>"


def subject() -> Subject:
    return Subject(title="Printing", items=[Story(title="Chatty", template=chatty),
                                           Story(title="Quiet", template=lambda: "<p>quiet</p>")])
"""


def test_what_stories_print_is_captured_per_story_not_on_the_terminal(pool, fresh_catalog, tmp_path, capfd):
    """Issue 10: a story printing 200,000 lines flooded the terminal and showed nothing in the app."""
    write(fresh_catalog / "printing" / "stories.py", PRINTING)
    result = pool.build(fresh_catalog, tmp_path / "site")
    assert result.ok, result.error
    output = {s["path"]: s["output"] for s in result.stories}
    lines = output["printing/chatty"].splitlines()
    assert len(lines) == 201 and lines[0].startswith("[199801 earlier lines not kept")
    assert lines[-2:] == ["line 199999", "to stderr"]
    assert output["printing/quiet"] == "" and output["label/only"] == ""
    assert result.output == "imported the printing stories"
    terminal = capfd.readouterr()
    assert "line 1" not in terminal.out + terminal.err and "imported the" not in terminal.out + terminal.err
