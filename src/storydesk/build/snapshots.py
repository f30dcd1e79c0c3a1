"""HTML snapshots of a catalog's stories (issue 15): catch markup that changed when it should not have.

Each story's own rendered HTML (not storydesk's page around it, not a ``themed_layout``'s: a change to them
is not a change to the story) is kept normalised in the catalog's snapshot folder, :data:`FOLDER`, one file
per story: ``__snapshots__/<section>/<subject>/<story>.html``. Normalised means pretty-printed by
BeautifulSoup with the standard library's parser (one element per line, nested ones indented, attributes
in alphabetical order; the HTML source panel shows the same), so a diff names the lines that changed and
reordered attributes are no change. The files are meant to be committed and reviewed like code, as Jest's
and syrupy's ``__snapshots__`` are.

``storydesk snapshot PATH`` writes them (and removes those of stories that are gone); ``--check`` compares
and prints a unified diff per changed story, exit status 1 when any changed, is new, failed to render or
is gone. The pytest plugin does the same per story with ``--storydesk-snapshots`` (``=update`` writes),
and the app says "changed since snapshot" on the selected story, with the diff
(:meth:`storydesk.app.controller.AppController.snapshot_of`).
"""

from __future__ import annotations

import difflib
import tempfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

#: The snapshot folder's name, inside the catalog folder.
FOLDER = "__snapshots__"


def normalise(html: str) -> str:
    """``html`` pretty-printed with attributes in a stable (alphabetical) order, ending with a newline (``""``
    for blank HTML).
    """
    from bs4 import BeautifulSoup

    if not html.strip():
        return ""
    return BeautifulSoup(html, "html.parser").prettify().strip() + "\n"


def snapshot_file(folder: Path, story: str) -> Path:
    """The snapshot of the story at path ``story`` (``"section/subject/story"``) in ``folder``."""
    return folder / f"{story}.html"


def diff(old: str, new: str, story: str) -> str:
    """The unified diff from the snapshot ``old`` to the rendered ``new`` (both normalised) of ``story``."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{FOLDER}/{story}.html",
            tofile=f"{story} (rendered now)",
        )
    )


class Outcome(Enum):
    """How a story compares with its snapshot."""

    SAME = "unchanged"
    CHANGED = "changed"
    NEW = "no snapshot yet"
    GONE = "snapshot of a story that is gone"
    FAILED = "failed to render"


@dataclass(frozen=True)
class Comparison:
    """One story's comparison: its ``story`` path, the ``outcome``, and ``detail``: the unified diff when it
    changed, the error when it failed to render.
    """

    story: str
    outcome: Outcome
    detail: str = ""


def compare(story: str, rendered: str, folder: Path) -> Comparison:
    """Compare ``story``'s ``rendered`` HTML (as rendered, not normalised) with its snapshot in ``folder``.

    Raises:
        OSError: the snapshot exists but cannot be read.
    """
    file = snapshot_file(folder, story)
    if not file.is_file():
        return Comparison(story, Outcome.NEW)
    old, new = file.read_text(encoding="utf-8"), normalise(rendered)
    return Comparison(story, Outcome.SAME) if old == new else Comparison(story, Outcome.CHANGED, diff(old, new, story))


def write(story: str, rendered: str, folder: Path) -> bool:
    """Write ``story``'s snapshot of its ``rendered`` HTML into ``folder``; return whether the file changed.

    Raises:
        OSError: it cannot be written.
    """
    file, text = snapshot_file(folder, story), normalise(rendered)
    if file.is_file() and file.read_text(encoding="utf-8") == text:
        return False
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return True


def kept(folder: Path) -> set[str]:
    """The story paths that have a snapshot in ``folder``."""
    return (
        {p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.html")} if folder.is_dir() else set()
    )


@dataclass
class CatalogHtml:
    """A catalog's stories as rendered: ``html`` by story path, ``failed`` (story path: error, ``file:line``
    first when known) and ``broken``: a ``stories.py`` that failed to load, or the catalog itself (its error).
    """

    html: dict[str, str]
    failed: dict[str, str]
    broken: list[str]


def render_catalog(catalog: Path) -> CatalogHtml:
    """Build ``catalog`` in this process into a temporary folder and take each story's own HTML from its page
    (what the app shows, and compares, exactly: the site's pages hold it between markers).
    """
    from storydesk.build.pipeline import build
    from storydesk.catalog.pages import story_source

    with tempfile.TemporaryDirectory(prefix="storydesk-snapshot-") as out:
        result = build(catalog, out)
        if not result.ok:
            err = result.error or {}
            where = f"{err.get('file')}:{err.get('line')}: " if err.get("line") else ""
            return CatalogHtml({}, {}, [f"{where}{err.get('message')}"])
        html: dict[str, str] = {}
        failed: dict[str, str] = {}
        for entry in result.stories:
            if entry.get("error"):
                err = entry["error"]
                where = f"{err.get('file')}:{err.get('line')}: " if err.get("line") else ""
                failed[entry["path"]] = f"{where}{err.get('message')}"
            else:
                html[entry["path"]] = story_source((Path(out) / entry["href"]).read_text(encoding="utf-8"))
        broken = [f"{b['file']}:{b.get('line') or 0}: {b['message']}" for b in result.broken]
        return CatalogHtml(html, failed, broken)


def _stories(n: int) -> str:
    return f"{n} {'story' if n == 1 else 'stories'}"


def run_snapshot(catalog: Path, folder: Path | None = None, *, check: bool = False) -> int:
    """``storydesk snapshot``: write the snapshots of ``catalog``'s stories into ``folder`` (default: the
    catalog's :data:`FOLDER`), removing those of stories that are gone, or with ``check`` compare them and
    print a unified diff per changed story. Returns the exit status: 0; 1 when a story failed to render or a
    ``stories.py`` is broken (what rendered is still written), or with ``check``, when any story changed, is
    new or is gone; 2 when ``catalog`` is not a folder.
    """
    import sys

    if not catalog.is_dir():
        print(f"storydesk: {catalog}: no such catalog folder", file=sys.stderr)
        return 2
    folder = folder or catalog / FOLDER
    stories = render_catalog(catalog)
    for problem in stories.broken:
        print(f"storydesk: snapshot: {problem}", file=sys.stderr)
    for story, error in stories.failed.items():
        print(f"storydesk: snapshot: {story} failed to render: {error}", file=sys.stderr)
    gone = sorted(kept(folder) - set(stories.html) - set(stories.failed)) if not stories.broken else []
    if check:
        found = [compare(story, html, folder) for story, html in sorted(stories.html.items())]
        found += [Comparison(story, Outcome.GONE) for story in gone]
        counts = {outcome: 0 for outcome in Outcome}
        for comparison in found:
            counts[comparison.outcome] += 1
            if comparison.outcome is Outcome.CHANGED:
                print(comparison.detail, end="")
            elif comparison.outcome is not Outcome.SAME:
                print(f"{comparison.outcome.value}: {comparison.story}")
        counts[Outcome.FAILED] = len(stories.failed)
        print(
            "snapshots: "
            + ", ".join(f"{n} {outcome.value}" for outcome, n in counts.items() if n or outcome is Outcome.SAME)
        )
        bad = len(found) - counts[Outcome.SAME] + len(stories.failed) + len(stories.broken)
        return 1 if bad else 0
    written = sum(write(story, html, folder) for story, html in stories.html.items())
    for story in gone:
        snapshot_file(folder, story).unlink()
    print(
        f"wrote {written} snapshot{'s' * (written != 1)} into {folder} ({len(stories.html) - written} unchanged"
        + (f", {len(gone)} of stories that are gone removed" if gone else "")
        + (f"; {_stories(len(stories.failed))} failed to render: not written" if stories.failed else "")
        + ")"
    )
    return 1 if stories.failed or stories.broken else 0
