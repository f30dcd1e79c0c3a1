"""Whether the selected story changed since its HTML snapshot (issue 15), for the props panel.

The story's HTML is taken from its page in the last build (what the pane shows), normalised and compared
with its file in the catalog's ``__snapshots__`` (:mod:`storydesk.build.snapshots`, the same comparison as
``storydesk snapshot --check``). A catalog with no snapshot folder does not use snapshots: nothing is shown.
The answer is kept until the page or the snapshot file changes (their modification times), and the files
are looked at no more than every :data:`RECHECK_S`, so an idle frame costs nothing and a snapshot written
by ``storydesk snapshot`` in a terminal shows within that time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from storydesk.build import snapshots
from storydesk.build.snapshots import Outcome

#: How often (s) the page's and the snapshot's modification times are looked at again.
RECHECK_S = 1.0


@dataclass(frozen=True)
class SnapshotStatus:
    """The selected story against its snapshot: ``outcome`` (``None``: not compared, its props are edited)
    and the unified ``diff`` when it changed.
    """

    outcome: Outcome | None
    diff: str


class SnapshotWatch:
    """Compares one story at a time with its snapshot, again only when its page or snapshot changed."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._status: SnapshotStatus | None = None
        self._checked_at = 0.0
        self._asked: tuple | None = None

    def status(self, catalog: Path, page: Path | None, story: str, edited: bool) -> SnapshotStatus | None:
        """How ``story`` (its site ``page``; ``None``: not built) compares with its snapshot in ``catalog``'s
        snapshot folder; ``None`` when the catalog keeps no snapshots or the story has no page.
        """
        asked = (catalog, page, story, edited)
        now = time.monotonic()
        if asked == self._asked and now - self._checked_at < RECHECK_S:
            return self._status
        self._asked, self._checked_at = asked, now
        folder = catalog / snapshots.FOLDER
        file = snapshots.snapshot_file(folder, story)
        try:
            key = (*asked, page.stat().st_mtime_ns if page else 0, file.stat().st_mtime_ns if file.is_file() else 0)
        except OSError:
            key = None
        if key is not None and key == self._key:
            return self._status
        self._key = key
        self._status = self._compare(folder, page, story, edited)
        return self._status

    def forget(self) -> None:
        """Compare again on the next :meth:`status` (a snapshot was just written)."""
        self._key = self._asked = None

    @staticmethod
    def _compare(folder: Path, page: Path | None, story: str, edited: bool) -> SnapshotStatus | None:
        from storydesk.catalog.pages import story_source

        if not folder.is_dir() or page is None:
            return None
        if edited:
            return SnapshotStatus(None, "")
        try:
            found = snapshots.compare(story, story_source(page.read_text(encoding="utf-8")), folder)
        except OSError, UnicodeDecodeError:
            return None
        return SnapshotStatus(found.outcome, found.detail)
