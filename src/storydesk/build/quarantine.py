"""Quarantine: stories that hung a build are not rendered again until a save may have fixed them (issue 10).

A story that does not return within its own deadline (``--story-timeout``, default 5 s) or that was
rendering when the whole build outlived its deadline is quarantined: the next build, started at once,
renders every other story from the current sources and gives the culprit an error card saying what
happened, without calling its code. An unrelated save (another subject's ``stories.py``, a stylesheet) does
not re-run it; a save of its own ``stories.py``, or of any other Python module (a helper it may import: which
modules a story imports is not tracked), releases it for the next build to try again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

STORIES = "stories.py"


@dataclass(frozen=True)
class Stalled:
    """A story a build gave up on: its ``story`` path and the ``reason`` (``"did not return within 5 s"``)."""

    story: str
    reason: str


class Quarantine:
    """The quarantined stories of one catalog, ``{story path: reason}``; owned by the app's build side."""

    def __init__(self) -> None:
        self.reasons: dict[str, str] = {}

    def add(self, stalled: Stalled) -> None:
        """Quarantine ``stalled.story`` for ``stalled.reason``."""
        self.reasons[stalled.story] = stalled.reason

    def release_for(self, changed: Iterable[str], catalog: Path) -> list[str]:
        """Release the stories a save of the ``changed`` files (absolute paths) may have fixed; return them.

        Args:
            changed: the saved files, as the watcher reported them (other strings, such as "rebuild
                requested", are ignored).
            catalog: the catalog folder the story paths are relative to.
        """
        saved = [os.path.abspath(c) for c in changed if c.endswith(".py")]
        if not saved or not self.reasons:
            return []
        helpers = any(os.path.basename(s) != STORIES for s in saved)
        released = [story for story in self.reasons if helpers or stories_file(catalog, story) in saved]
        for story in released:
            del self.reasons[story]
        return released


def stories_file(catalog: Path, story: str) -> str:
    """The ``stories.py`` that defines ``story`` (a story path such as ``actions/button/primary``): the one in
    the nearest folder of its path that has one (a subject built inline has no folder of its own).
    """
    parts = story.split("/")[:-1]
    while parts:
        candidate = os.path.join(catalog, *parts, STORIES)
        if os.path.isfile(candidate):
            return os.path.abspath(candidate)
        parts.pop()
    return os.path.abspath(os.path.join(catalog, STORIES))
