"""Writing the site: pages, relative links, shared navigation, error cards, and the atomic swap."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storydesk.build.pipeline import build
from storydesk.catalog import site as site_module


def test_demo_site_layout_and_relative_links(demo_copy, tmp_path):
    out = tmp_path / "site"
    result = build(demo_copy, out)
    assert result.ok, result.error
    assert (out / "index.html").is_file() and (out / "nav.js").is_file()
    assert (out / "assets" / "site.css").is_file() and (out / "assets" / "site.js").is_file()
    page = (out / "actions" / "button" / "primary.html").read_text()
    assert 'href="../../assets/site.css"' in page and 'src="../../nav.js"' in page
    assert '<button type="button" class="btn btn-primary">Save changes</button>' in page
    # every relative link of every page resolves to a file of the site (the site works from file://)
    for html in out.rglob("*.html"):
        for link in re.findall(r'(?:href|src)="([^"#:]+)"', html.read_text()):
            assert (html.parent / link).resolve().is_file(), (html, link)
    # navigation is shared, not inlined: no page carries the nav tree's titles list
    nav = (out / "nav.js").read_text()
    assert "Pagination" in nav and "Pagination" not in page
    manifest = json.loads((out / "storydesk.json").read_text())
    assert len(manifest["stories"]) == result.story_count >= 24
    assert (out / "forms" / "text_input" / "invalid.html").is_file()


def test_a_failing_story_gets_an_error_card_and_the_rest_builds(demo_copy, tmp_path):
    stories = demo_copy / "actions" / "badge" / "stories.py"
    stories.write_text(stories.read_text().replace('props={"text": "Draft"}', 'props={"txt": "Draft"}'))
    out = tmp_path / "site"
    result = build(demo_copy, out)
    assert result.ok
    assert [s["path"] for s in result.failed_stories] == ["actions/badge/neutral"]
    page = (out / "actions" / "badge" / "neutral.html").read_text()
    assert "sd-error-card" in page and "TypeError" in page and "Traceback" in page
    assert "Passing" in (out / "actions" / "badge" / "success.html").read_text()


def test_failed_discovery_keeps_the_last_good_site(demo_copy, tmp_path):
    out = tmp_path / "site"
    assert build(demo_copy, out).ok
    before = (out / "index.html").read_text()
    (demo_copy / "forms" / "stories.py").write_text("def broken(:\n")
    result = build(demo_copy, out)
    assert not result.ok and result.error["file"].endswith("forms/stories.py") and result.error["line"] == 1
    assert (out / "index.html").read_text() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_failed_write_keeps_the_last_good_site_and_cleans_up(demo_copy, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert build(demo_copy, out).ok
    files_before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def fail(staged: Path, live: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(site_module, "swap_in", fail)
    result = build(demo_copy, out)
    assert not result.ok and "disk full" in result.error["message"]
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == files_before
    assert [p.name for p in tmp_path.iterdir() if ".staging" in p.name] == []


def test_swap_replaces_whole_folder(tmp_path):
    from storydesk.catalog.swap import swap_in

    live, staged = tmp_path / "live", tmp_path / "staged"
    live.mkdir(), staged.mkdir()
    (live / "old.txt").write_text("old")
    (staged / "new.txt").write_text("new")
    swap_in(staged, live)
    assert [p.name for p in live.iterdir()] == ["new.txt"] and not staged.exists()
    fresh = tmp_path / "fresh"
    (tmp_path / "s2").mkdir()
    swap_in(tmp_path / "s2", fresh)
    assert fresh.is_dir()


@pytest.mark.parametrize("text", ["Primary", "Disabled"])
def test_story_pages_have_their_titles(demo_copy, tmp_path, text):
    out = tmp_path / "site"
    build(demo_copy, out)
    assert f"<h1>{text}</h1>" in (out / "actions" / "button" / f"{text.lower()}.html").read_text()
