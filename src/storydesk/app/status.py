"""The build status as types: :class:`BuildState`, :class:`BuildError` and :class:`BuildStatus` (issue 10:
states and errors are types, not strings and dicts).

Build results cross from the build process as plain data (``marshal`` bytes, see
:mod:`storydesk.build.result`); :meth:`BuildError.from_dict` is where their error dicts become a type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class BuildState(StrEnum):
    """What the status line shows. A ``StrEnum``, so the state file holds its plain value (``"ok"``)."""

    IDLE = "idle"  #: no build has finished yet
    BUILDING = "building"  #: a build is running
    OK = "ok"  #: the last build swapped in a new site
    BROKEN = "broken"  #: built, but some ``stories.py`` failed to load; their folders keep their last good pages
    FAILED = "failed"  #: the last build failed; the last good site is shown


@dataclass(frozen=True)
class BuildError:
    """One error the user must see, with where it comes from.

    Attributes:
        message: one line, e.g. ``"SyntaxError: invalid syntax"``.
        file: the user's file (absolute path), ``""`` when unknown.
        line: the 1-based line in ``file``, 0 when unknown.
        details: the traceback or further text (may be ``""``).
        path: for a broken ``stories.py``, its folder's catalog-relative path (``""`` otherwise).
    """

    message: str
    file: str = ""
    line: int = 0
    details: str = ""
    path: str = ""

    @property
    def where(self) -> str:
        """``file:line``, or just ``file`` without a line, or ``""``."""
        return f"{self.file}:{self.line}" if self.line else self.file

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BuildError:
        """Make a :class:`BuildError` from a build result's error dict (``message``, ``file``, ``line``,
        ``details``, ``path``; missing or ``None`` values become empty).
        """
        return cls(
            message=str(data.get("message") or ""),
            file=str(data.get("file") or ""),
            line=int(data.get("line") or 0),
            details=str(data.get("details") or ""),
            path=str(data.get("path") or ""),
        )


@dataclass
class BuildStatus:
    """What the status bar shows about the builds.

    Attributes:
        state: see :class:`BuildState`.
        duration_ms: the last build's wall time in ms.
        story_count: stories in the last good build.
        failed_stories: how many of them rendered an error card.
        assertions: ``(passed, failed)`` counts of the stories' assertions in the last good build (issue 12).
        broken: how many ``stories.py`` files failed to load in the last build.
        error: the failed build's error, or the first broken file's; ``None`` when all is well.
        phases: ``{phase: ms}`` of the last build.
        builds: builds finished so far.
        finished_at: ``time.time()`` (s) when the last build finished.
        swapped_at: ``time.time()`` (s) when the last good site was swapped in.
        incremental: the last good build's ``{"rendered", "reused", "reason"}`` (see
            :attr:`storydesk.build.result.BuildResult.incremental`; empty when incremental builds are off).
    """

    state: BuildState = BuildState.IDLE
    duration_ms: float = 0.0
    story_count: int = 0
    failed_stories: int = 0
    assertions: tuple[int, int] = (0, 0)
    broken: int = 0
    error: BuildError | None = None
    phases: dict[str, float] = field(default_factory=dict)
    builds: int = 0
    finished_at: float = 0.0
    swapped_at: float = 0.0
    incremental: dict = field(default_factory=dict)
