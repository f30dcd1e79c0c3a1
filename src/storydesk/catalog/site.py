"""Writing the static site of a catalog.

Layout of the output folder::

    index.html                 the catalog page
    nav.js                     the navigation tree, shared by every page (window.STORYDESK_NAV = {...})
    storydesk.json             the build manifest: tree, stories, errors, per-page hashes
    assets/site.css, site.js   copied from storydesk's assets
    <section>/index.html       one page per section and subject
    <subject>/<story>.html     one page per story

The site is written into a staging folder beside the output and swapped in whole (:mod:`.swap`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from storydesk.catalog import pages
from storydesk.catalog.model import Catalog, Section, Subject
from storydesk.catalog.render import Rendered, render_story
from storydesk.catalog.swap import swap_in

MANIFEST = "storydesk.json"


@dataclass
class StoryInfo:
    """One story in the manifest: ``path`` (its id), ``title``, ``subject`` title, ``href`` and ``error``."""

    path: str
    title: str
    subject: str
    href: str
    error: dict | None = None


@dataclass
class SiteResult:
    """What :func:`write_site` wrote: the ``title``, nav ``tree``, ``stories``, page ``hashes``
    (``{href: sha1}``) and ``render_ms``/``write_ms`` timings (ms)."""

    title: str
    tree: list[dict]
    stories: list[StoryInfo] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    render_ms: float = 0.0
    write_ms: float = 0.0

    def to_dict(self) -> dict:
        """Return the JSON-ready form written as ``storydesk.json``."""
        return asdict(self)


def _subjects(items) -> list[Subject]:
    out = []
    for node in items:
        out.extend(_subjects(node.items) if isinstance(node, Section) else [node])
    return out


def _sections(items) -> list[Section]:
    out = []
    for node in items:
        if isinstance(node, Section):
            out.append(node)
            out.extend(_sections(node.items))
    return out


def render_pages(catalog: Catalog, root: Path) -> tuple[dict[str, str], list[StoryInfo]]:
    """Render every page of ``catalog``: return ``({site-relative file: html}, story infos)``."""
    files: dict[str, str] = {"index.html": pages.container_page(catalog, catalog)}
    for section in _sections(catalog.items):
        files[pages.page_file(section.path, story=False)] = pages.container_page(catalog, section)
    infos: list[StoryInfo] = []
    for subject in _subjects(catalog.items):
        rendered: list[Rendered] = [render_story(subject, story, root) for story in subject.items]
        files[pages.page_file(subject.path, story=False)] = pages.subject_page(catalog, subject, rendered)
        for story, result in zip(subject.items, rendered):
            href = pages.page_file(story.path, story=True)
            files[href] = pages.story_page(catalog, subject, story, result)
            infos.append(StoryInfo(story.path, story.title, subject.title, href,
                                   asdict(result.error) if result.error else None))
    return files, infos


def write_site(catalog: Catalog, root: Path, out: Path, assets: Path) -> SiteResult:
    """Render ``catalog`` and replace the site at ``out`` with the new one in a single swap.

    Args:
        catalog: a discovered catalog (paths assigned).
        root: the catalog folder (for error locations).
        out: the output folder; its parent is created if missing.
        assets: the folder whose ``site.css``/``site.js`` (and any other files) go to ``out/assets``.

    Raises:
        OSError: the site could not be written; the previous site at ``out`` is then untouched.
    """
    t0 = time.perf_counter()
    files, infos = render_pages(catalog, root)
    tree = pages.nav_tree(catalog)
    files["nav.js"] = "window.STORYDESK_NAV = " + json.dumps({"title": catalog.title, "tree": tree}) + ";\n"
    result = SiteResult(catalog.title, tree, infos)
    result.hashes = {name: hashlib.sha1(text.encode()).hexdigest() for name, text in files.items()}
    t1 = time.perf_counter()
    result.render_ms = (t1 - t0) * 1000
    files[MANIFEST] = json.dumps(result.to_dict(), indent=1)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        shutil.copytree(assets, staged / "assets", dirs_exist_ok=True)
        made: set[Path] = set()
        for name, text in files.items():
            target = staged / name
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_text(text, encoding="utf-8")
        os.chmod(staged, 0o755)
        swap_in(staged, out)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    result.write_ms = (time.perf_counter() - t1) * 1000
    return result
