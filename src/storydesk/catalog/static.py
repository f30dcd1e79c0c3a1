"""A catalog's own stylesheets, scripts and files: its ``static/`` folders (issue 11).

Storyville's convention, kept so its catalogs work unchanged: every folder named ``static`` inside the
catalog (``components/nav/static/``, or ``static/`` at the top) is copied into the site at
``static/<its parent's path>/static/`` (the top one at ``static/static/``), and a rendered story's
``src="static/nav.css"`` or ``href="static/..."`` is rewritten to point at the copied file (by its path
below the ``static`` folder, else by its file name), relative to the page.

storydesk's addition: every ``*.css`` and ``*.js`` file directly inside a ``static`` folder is loaded by
every page of the site (and so in the preview pane), in path order: a catalog's component styles need no
``<link>`` in each story. storydesk's own chrome uses only ``sd-`` classes, so it cannot collide with them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

STATIC = "static"
#: Folders never searched for ``static`` folders.
SKIPPED = {"__pycache__", "node_modules", ".git", ".venv", "venv", "__snapshots__"}
#: The file every storydesk site holds (its manifest): folders holding it are sites, not catalog.
SITE_MARK = "storydesk.json"


@dataclass
class StaticFiles:
    """The static files of one catalog.

    Attributes:
        files: ``{site-relative path: source file}``, e.g. ``{"static/components/nav/static/nav.css": Path}``.
        loaded: the site-relative ``.css`` and ``.js`` files every page loads, in path order.
    """

    files: dict[str, Path] = field(default_factory=dict)
    loaded: list[str] = field(default_factory=list)

    def resolve(self, ref: str) -> str | None:
        """Return the site-relative file a story's ``static/...`` reference means (``None``: no such file):
        the file at that path below some ``static`` folder, else the first file with that name.
        """
        tail = ref.removeprefix("static/")
        for site_path in self.files:
            if site_path.endswith(f"/static/{tail}"):
                return site_path
        name = tail.rsplit("/", 1)[-1]
        return next((p for p in self.files if p.rsplit("/", 1)[-1] == name), None)


def find_static(root: Path) -> StaticFiles:
    """Find the ``static`` folders under the catalog folder ``root`` (hidden folders, ``SKIPPED`` ones and
    storydesk sites, which hold a ``storydesk.json``, left out: a site written inside the catalog must not be
    copied into itself).
    """
    found = StaticFiles()
    root = Path(root)
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if SITE_MARK in files and here != root:
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
        if here.name != STATIC or here == root:
            continue
        add_static_folder(root, here, found)
        dirs[:] = []  # a static folder's contents are files to copy, not more catalog
    found.loaded.sort()
    return found


def add_static_folder(root: Path, here: Path, found: StaticFiles) -> None:
    """Add the files of the ``static`` folder ``here`` (below the catalog folder ``root``) to ``found`` (its
    ``loaded`` list is left for the caller to sort).
    """
    parent = here.parent.relative_to(root).as_posix()
    prefix = f"static/{'' if parent == '.' else parent + '/'}static"
    for inner, inner_dirs, files in os.walk(here):
        inner_dirs[:] = sorted(d for d in inner_dirs if not d.startswith("."))
        for name in sorted(files):
            source = Path(inner) / name
            site_path = f"{prefix}/{source.relative_to(here).as_posix()}"
            found.files[site_path] = source
            if Path(inner) == here and name.endswith((".css", ".js")):
                found.loaded.append(site_path)


_REF = re.compile(r'(\s(?:src|href)=")(static/[^"#?]+)')


def rewrite_refs(html: str, page: str, static: StaticFiles) -> str:
    """Rewrite ``src="static/..."`` and ``href="static/..."`` in a story's ``html`` to the copied files,
    relative to the site page ``page`` (references to no known file are left as written).
    """
    if "static/" not in html or not static.files:
        return html
    root = "../" * page.count("/")

    def swap(match: re.Match) -> str:
        target = static.resolve(match.group(2))
        return f"{match.group(1)}{root}{target}" if target else match.group(0)

    return _REF.sub(swap, html)
