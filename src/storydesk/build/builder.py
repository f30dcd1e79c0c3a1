"""The one small protocol every builder implements: the app's build process client
(:class:`storydesk.build.client.BuildProcess`), the interpreter pool it runs
(:class:`storydesk.build.pool.InterpreterPool`) and the in-process builder
(:class:`storydesk.build.inprocess.InProcessBuilder`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from storydesk.build.result import BuildResult


class Builder(Protocol):
    """Builds a catalog into a site, however and wherever it runs the user's code.

    Attributes:
        abandoned: builds given up on at a deadline so far.
    """

    abandoned: int

    def build(
        self,
        root: Path | str,
        out: Path | str,
        timeout_s: float | None = ...,
        overrides: dict[str, dict] | None = None,
        quarantine: dict[str, str] | None = None,
        story_timeout_s: float | None = None,
    ) -> BuildResult:
        """Build ``root`` (a catalog folder) into ``out`` (the site folder) and return the result, failures
        included, never raising for what the user's code does.

        Args:
            root: the catalog folder.
            out: the site folder.
            timeout_s: the build's deadline in s (``None``: none).
            overrides: ``{story path: {prop: JSON value}}`` edited props.
            quarantine: ``{story path: reason}``: stories not to render (:mod:`storydesk.build.quarantine`).
            story_timeout_s: each story's deadline in s (``None``: none).
        """
        ...

    def close(self, wait_s: float = 1.0) -> None:
        """Release what the builder holds (interpreters, a process); later builds fail. A build in progress
        gets up to ``wait_s`` s before it is cut off (where the builder can cut it off).
        """
        ...
