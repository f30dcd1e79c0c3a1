"""Parallel rendering across subinterpreters: the same site as a serial build, consistent, bounded."""

from __future__ import annotations

import marshal

import pytest
from conftest import write

from storydesk.build import parallel
from storydesk.build.pipeline import build
from storydesk.build.pool import InterpreterPool
from storydesk.build.result import BuildResult
from storydesk.catalog.incremental import INCREMENTAL_ENV, LEDGER, read_ledger

ROOT = """
from storydesk import Catalog

def catalog() -> Catalog:
    return Catalog(title="Parts")
"""
SUBJECT = """
from storydesk import Subject, Story

def subject() -> Subject:
    return Subject(title="{title}", target=lambda: "<p>{title}</p>", items=[Story(title="One"), Story(title="Two")])
"""
HANGING = """
import time
from storydesk import Subject, Story

def forever():
    while True:
        time.sleep(0.01)

def subject() -> Subject:
    return Subject(title="{title}", target=forever, items=[Story(title="Stuck")])
"""


def site_files(out):
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name not in ("storydesk.json", LEDGER)
    }


@pytest.fixture
def pool():
    p = InterpreterPool(parallel_min_stories=1)  # every catalog counts as big
    yield p
    p.close()


def test_parallel_build_writes_the_same_site_as_a_serial_build(demo_copy, tmp_path, monkeypatch):
    monkeypatch.setenv(INCREMENTAL_ENV, "0")  # every build renders every story (read as interpreters start)
    pool = InterpreterPool(parallel_min_stories=1)
    try:
        serial = build(demo_copy, tmp_path / "serial")
        first = pool.build(demo_copy, tmp_path / "parallel")
        assert first.ok and first.parts == 1  # the size of the catalog is known after its first build
        pool.wait_ready(60)  # the helper interpreter is warm
        second = pool.build(demo_copy, tmp_path / "parallel")
    finally:
        pool.close()
    assert second.ok, second.error
    assert second.parts == 2 and "+" in second.interpreter
    assert site_files(tmp_path / "parallel") == site_files(tmp_path / "serial")
    assert [s["path"] for s in second.stories] == [s["path"] for s in serial.stories]
    assert second.tree == serial.tree


def test_an_incremental_parallel_build_renders_its_parts_of_what_changed(pool, demo_copy, tmp_path):
    out = tmp_path / "parallel"
    assert pool.build(demo_copy, out).ok
    pool.wait_ready(60)
    stories = demo_copy / "actions" / "button" / "stories.py"
    stories.write_text(stories.read_text().replace("Save changes", "Keep all"))
    result = pool.build(demo_copy, out)
    assert result.ok and result.parts == 2, result.error
    assert result.incremental["reason"] == "" and 0 < result.incremental["rendered"] < result.story_count
    assert "Keep all" in (out / "actions/button/primary.html").read_text()
    fresh = tmp_path / "fresh"
    assert build(demo_copy, fresh).ok
    assert site_files(out) == site_files(fresh)
    # the helper's part recorded what its stories depend on, as a serial build does
    parallel_units = {k: (u["deps"], marshal.loads(u["blob"])["files"]) for k, u in read_ledger(out)["units"].items()}
    serial_units = {k: (u["deps"], marshal.loads(u["blob"])["files"]) for k, u in read_ledger(fresh)["units"].items()}
    assert parallel_units == serial_units


def test_a_part_rendered_from_another_catalog_is_not_used(make_catalog, tmp_path):
    root = make_catalog(
        {"stories.py": ROOT, "a/stories.py": SUBJECT.format(title="A"), "b/stories.py": SUBJECT.format(title="B")},
        name="partsmismatch",
    )
    out = tmp_path / "site"
    buffer = memoryview(bytearray(256))
    assert parallel.start(str(root), str(out), buffer, "{}", 2) == b""
    # a save lands between the primary's discovery and the helper's: the helper sees a third subject
    write(root / "c" / "stories.py", SUBJECT.format(title="C"))
    other = parallel.render_part(str(root), 1, 2, buffer, "{}")
    result = BuildResult.from_bytes(parallel.finish(marshal.dumps([other])))
    assert result.ok, result.error
    assert result.parts == 1  # the primary rendered part 1 itself, from its own discovery
    assert [s["path"] for s in result.stories] == ["a/one", "a/two", "b/one", "b/two"]
    assert "<p>B</p>" in (out / "b" / "one.html").read_text()
    assert not (out / "c").exists()


def test_a_story_that_never_returns_in_a_helper_part_is_named(pool, make_catalog, tmp_path):
    root = make_catalog(
        {"stories.py": ROOT, "a/stories.py": SUBJECT.format(title="A"), "b/stories.py": SUBJECT.format(title="B")},
        name="partshang",
    )
    out = tmp_path / "site"
    assert pool.build(root, out).ok
    pool.wait_ready(60)
    write(root / "b" / "stories.py", HANGING.format(title="B"))  # subject b is part 1: the helper's
    result = pool.build(root, out, timeout_s=2.0)
    assert not result.ok
    assert "timed out after 2 s" in result.error["message"]
    assert "b/stuck" in result.error["message"]
    assert pool.abandoned == 2  # the primary and the helper
    write(root / "b" / "stories.py", SUBJECT.format(title="B2"))
    after = pool.build(root, out)
    assert after.ok, after.error
    assert "<p>B2</p>" in (out / "b" / "one.html").read_text()
