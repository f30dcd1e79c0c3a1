"""Watching a catalog folder with watchdog and reporting relevant changes.

Relevant: Python sources, templates, styles, scripts and data files (see :data:`WATCHED_SUFFIXES`) outside
``__pycache__``, hidden folders and the site output folder. Editors that save by writing a temporary file and
renaming it are covered by looking at a move's destination as well as its source.

Only events that can mean a change are subscribed to (``event_filter``, which watchdog turns into the inotify
mask): by default inotify also reports every open and read, and each build reads the whole catalog, so the
watcher thread handled ~1,100 useless events per 300-story build, on the main interpreter's GIL, while the
build ran.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

log = logging.getLogger("storydesk.watch")

WATCHED_SUFFIXES = frozenset({".py", ".html", ".htm", ".jinja", ".css", ".js", ".json", ".svg", ".md", ".txt", ".toml"})
#: folders never relevant to a build: caches, and the HTML snapshots (issue 15), which no story reads
IGNORED_PARTS = frozenset({"__pycache__", "node_modules", "__snapshots__"})
#: The watchdog events subscribed to: writes, creations, deletions and moves (not opens and reads).
CHANGE_EVENTS = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirCreatedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: CatalogWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw and self.watcher.is_relevant(Path(str(raw))):
                self.watcher.on_change(str(raw))
                return


class CatalogWatcher:
    """Observes ``root`` recursively and calls ``on_change(path: str)`` for each relevant change.

    Args:
        root: the catalog folder.
        on_change: called on watchdog's thread; keep it short (the app triggers its debouncer).
        ignore: folders whose contents are never relevant (the site output folder, if inside ``root``).
        also: more folders whose saves count, e.g. the enclosing package and the project's ``src/`` whose
            modules the catalog imports afresh (:class:`storydesk.catalog.packages.PackageLayout`, issue 12);
            one holding ``root`` is watched instead of it.
    """

    def __init__(
        self,
        root: Path,
        on_change: Callable[[str], None],
        ignore: list[Path] | None = None,
        also: tuple[Path, ...] = (),
    ) -> None:
        self.root = root.resolve()
        self.on_change = on_change
        self.ignore = [p.resolve() for p in (ignore or [])]
        folders = list(dict.fromkeys([self.root, *(p.resolve() for p in also)]))
        self.roots = [f for f in folders if not any(f != o and f.is_relative_to(o) for o in folders)]
        self._observer = Observer()
        for folder in self.roots:
            self._observer.schedule(_Handler(self), str(folder), recursive=True, event_filter=CHANGE_EVENTS)

    def is_relevant(self, path: Path) -> bool:
        """Whether a change to ``path`` should trigger a build."""
        if path.suffix.lower() not in WATCHED_SUFFIXES:
            return False
        resolved = path.resolve()
        base = next((folder for folder in self.roots if resolved.is_relative_to(folder)), None)
        if base is None:
            return False
        rel = resolved.relative_to(base)
        if any(part in IGNORED_PARTS or part.startswith(".") for part in rel.parts[:-1]):
            return False
        return not any(resolved.is_relative_to(folder) for folder in self.ignore)

    def start(self) -> None:
        """Start observing (watchdog's own thread)."""
        self._observer.start()
        log.info("watching %s", ", ".join(map(str, self.roots)))

    def stop(self, timeout: float = 5.0) -> None:
        """Stop observing and join watchdog's thread (up to ``timeout`` s)."""
        self._observer.stop()
        self._observer.join(timeout=timeout)
