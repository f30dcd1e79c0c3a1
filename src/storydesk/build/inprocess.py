"""Building in the build process's own main interpreter (``--no-use-subinterpreters``): faster to start, but
modules imported from outside the catalog folder are not re-imported on later builds.
"""

from __future__ import annotations

from pathlib import Path

from storydesk.build import pipeline
from storydesk.build.result import BuildResult
from storydesk.build.timeout import DEFAULT_TIMEOUT_S, run_with_deadline


class InProcessBuilder:
    """Builds with :func:`storydesk.build.pipeline.build` in this interpreter, on a thread with deadlines.

    Args:
        progress: a shared buffer (1,024 bytes or more) the story being rendered is written to, and whose
            abandoned flag it honours (:func:`storydesk.build.pipeline.progress_writer`); default: a private
            one.
    """

    def __init__(self, progress: memoryview | None = None) -> None:
        self.progress = progress if progress is not None else memoryview(bytearray(1024))
        self.abandoned = 0

    def wait_ready(self, timeout: float | None = None) -> None:
        """Nothing to warm."""

    def build(
        self,
        root: Path | str,
        out: Path | str,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        overrides: dict[str, dict] | None = None,
        quarantine: dict[str, str] | None = None,
        story_timeout_s: float | None = None,
    ) -> BuildResult:
        """Build as :meth:`storydesk.build.builder.Builder.build` says, in this interpreter."""
        buffer = self.progress
        buffer[:] = bytes(len(buffer))  # no story yet, not abandoned
        report, wanted = pipeline.progress_writer(buffer), pipeline.still_wanted(buffer)
        result, timed_out = run_with_deadline(
            lambda: pipeline.build(root, out, report, overrides, wanted, quarantine),
            timeout_s,
            lambda: [pipeline.read_progress(buffer)],
            story_timeout_s,
        )
        if timed_out:
            pipeline.abandon(buffer)  # it writes nothing, whenever its stories return
            self.abandoned += 1
            self.progress = memoryview(bytearray(len(buffer)))  # the abandoned build keeps the old one
        return result

    def close(self, wait_s: float = 1.0) -> None:
        """Nothing to close."""
