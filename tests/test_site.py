"""Writing the site: pages, relative links, shared navigation, error cards, and the atomic swap."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storydesk.build.pipeline import build
from storydesk.catalog import site as site_module
from storydesk.catalog.incremental import LEDGER


def test_demo_site_layout_and_relative_links(demo_copy, tmp_path):
    out = tmp_path / "site"
    result = build(demo_copy, out)
    assert result.ok, result.error
    assert (out / "index.html").is_file() and (out / "nav.js").is_file()
    assert (out / "assets" / "site.css").is_file() and (out / "assets" / "site.js").is_file()
    page = (out / "actions" / "button" / "primary.html").read_text()
    assert 'href="../../assets/site.css"' in page and 'src="../../assets/site.js"' in page
    assert 'data-root="../../"' in page  # site.js loads nav.js relative to it
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
    (demo_copy / "stories.py").write_text("def broken(:\n")  # the root's own: nothing can be built
    result = build(demo_copy, out)
    assert not result.ok and result.error["file"].endswith("/stories.py") and result.error["line"] == 1
    assert (out / "index.html").read_text() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_failed_write_keeps_the_last_good_site_and_cleans_up(demo_copy, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert build(demo_copy, out).ok
    snapshot = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    stories = demo_copy / "actions" / "button" / "stories.py"
    stories.write_text(stories.read_text().replace("Save changes", "Save it all"))
    real_write, calls = site_module._write, []

    def failing_write(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        real_write(path, data)

    monkeypatch.setattr(site_module, "_write", failing_write)
    result = build(demo_copy, out)
    assert not result.ok and "disk full" in result.error["message"]
    assert len(calls) == 2
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot
    monkeypatch.undo()
    assert build(demo_copy, out).ok and "Save it all" in (out / "actions/button/primary.html").read_text()


def test_failed_first_build_write_leaves_no_site_and_no_staging(demo_copy, tmp_path, monkeypatch):
    def fail(staged: Path, live: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(site_module, "swap_in", fail)
    result = build(demo_copy, tmp_path / "site")
    assert not result.ok and "disk full" in result.error["message"]
    assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir() if ".staging" in p.name] == []


def test_rebuild_writes_only_changed_files_and_removes_deleted_pages(demo_copy, tmp_path):
    out = tmp_path / "site"
    first = build(demo_copy, out)
    manifest = json.loads((out / "storydesk.json").read_text())
    assert set(first.changed) == set(manifest["hashes"]) | {"storydesk.json"}
    assert build(demo_copy, out).changed == []  # nothing changed, nothing written
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    stories = demo_copy / "actions" / "button" / "stories.py"
    text = stories.read_text().replace("Save changes", "Save it all")
    start = text.index('            Story(title="Disabled"')
    end = text.index("\n", text.index("]),", start)) + 1  # the story and its assertions
    stories.write_text(text[:start] + text[end:])
    result = build(demo_copy, out)
    assert sorted(result.changed) == [
        "actions/button/disabled.html",
        "actions/button/index.html",
        "actions/button/primary.html",
        "nav.js",
    ]
    assert not (out / "actions/button/disabled.html").exists()
    assert "Save it all" in (out / "actions/button/primary.html").read_text()
    touched = {p for p, m in mtimes.items() if p.exists() and p.stat().st_mtime_ns != m}
    assert touched == {out / "actions/button/primary.html", out / "actions/button/index.html"}
    assert not list(out.rglob("*.tmp"))


def test_unreadable_manifest_falls_back_to_a_full_swap(demo_copy, tmp_path):
    out = tmp_path / "site"
    build(demo_copy, out)
    (out / "storydesk.json").write_text("{broken")
    (out / "stray.html").write_text("left over")
    result = build(demo_copy, out)
    assert result.ok and not (out / "stray.html").exists()
    hashes = json.loads((out / "storydesk.json").read_text())["hashes"]
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert set(hashes) == on_disk - {"storydesk.json", LEDGER}  # the ledger: the next build's, not the site's


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


def test_page_chrome_escapes_titles_descriptions_and_errors():
    from storydesk.catalog import pages
    from storydesk.catalog.discovery import assign_paths
    from storydesk.catalog.model import Catalog, Section, Story, Subject
    from storydesk.catalog.render import Rendered, StoryError

    story = Story(title='<i>"q"</i>', description="a <script>x()</script> & b")
    subject = Subject(title="S<b>", description="d&d", items=[story])
    catalog = Catalog(title="C & <C>", items=[Section(title="<sec>", items=[subject])])
    assign_paths(catalog)
    ok = Rendered(html="<button>kept</button>")
    failed = Rendered("", error=StoryError(message="bad <tag>", traceback="Traceback <frame>"))
    story_html = pages.story_page(catalog, subject, story, ok)
    assert "<title>S&lt;b&gt;: &lt;i&gt;&quot;q&quot;&lt;/i&gt; · C &amp; &lt;C&gt;</title>" in story_html
    assert "a &lt;script&gt;x()&lt;/script&gt; &amp; b" in story_html and "<script>x()" not in story_html
    assert f"{pages.STORY_START}<button>kept</button>{pages.STORY_END}" in story_html  # the story's own HTML
    subject_html = pages.subject_page(catalog, subject, [failed])
    assert "bad &lt;tag&gt;" in subject_html and "Traceback &lt;frame&gt;" in subject_html
    assert "<h1>S&lt;b&gt;</h1>" in subject_html and "d&amp;d" in subject_html
    assert "&lt;sec&gt;</a>" in pages.container_page(catalog, catalog)


def test_the_manifest_text_is_json_dumps_of_its_fields_whichever_entries_are_kept():
    from storydesk.catalog.site import SiteResult, StoryInfo

    stories = [StoryInfo("a/b", "B", "A", "a/b.html", fields=[{"name": "x"}]), StoryInfo("a/c", "C", "A", "a/c.html")]
    result = SiteResult("T", [{"title": "A"}], stories, {"a/b.html": "1"}, ["a/b.html"], 1.5, 2.5)
    expected = json.dumps({**vars(result), "stories": [vars(s) for s in stories]} | {}, default=str)
    expected = json.dumps({k: v for k, v in json.loads(expected).items() if k != "entries"})
    assert result.to_json() == expected
    result.entries = {"a/b": json.dumps(vars(stories[0]))}  # one kept from an earlier build
    assert result.to_json() == expected
