"""The outcome of one build, passed across the interpreter boundary as ``marshal`` bytes.

``marshal`` (not JSON, not pickle) because both ends are the same Python binary and the result holds only
dicts, lists, strings and numbers: a 300-story result (73 KB) encodes and decodes in 0.22 ms here, where
JSON took 0.65 ms, a third of the whole interpreter handoff.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field, fields


@dataclass
class BuildResult:
    """One build's outcome.

    Attributes:
        ok: whether the new site was swapped in.
        title: the catalog's title ("" when discovery failed).
        tree: the navigation tree (see ``storydesk.catalog.pages.nav_tree``).
        stories: manifest entries, ``list[dict]`` with ``path``, ``title``, ``subject``, ``href``, ``error``,
            ``edited`` (``fields`` is ``None`` here: the form fields are in the site's ``storydesk.json``).
        changed: the site-relative files this build wrote or removed (only those whose content changed).
            Per-file hashes stay in the site's ``storydesk.json``: not sending them keeps the handoff small.
        error: when ``ok`` is false, ``{"message", "file", "line", "details"}``.
        phases: ``{phase name: duration in ms}`` (discover, render, write; set by the pool: wait, handoff).
        total_ms: the build's wall time in ms, as measured by whoever ran it.
        interpreter: ``"main"`` or the subinterpreter's id.
        swapped_at: ``time.time()`` (s) when the new site was swapped in; 0.0 when it was not.
        parts: how many interpreters rendered this build's pages (more than 1: :mod:`storydesk.build.parallel`).
        imported: library modules the build imported that its interpreter had not (set by
            :func:`storydesk.build.pipeline.build_in_interpreter`; the pool warms the next standby with them, see
            :mod:`storydesk.build.warm_set`).
        stalled: ``{"story", "reason"}`` when the build was abandoned while that story rendered (set by
            :func:`storydesk.build.timeout.run_with_deadline`; the app quarantines the story).
        broken: the sub-folders whose ``stories.py`` failed to load, ``[{"path", "message", "file", "line",
            "details"}]``: the build went on without them and kept their last good pages (issue 10).
        timed_out: the build was abandoned at a deadline (its work may still be running where it ran).
        leaked: the stories that left a thread running (the build process is replaced after this build,
            and the app quarantines them).
        output: what the catalog's modules printed while they were imported (the last lines, see
            :mod:`storydesk.catalog.output`; what stories print is in their ``stories`` entry).
        incremental: ``{"rendered", "reused"}`` story counts and the ``reason`` a build was full (``""``
            when it reused pages); empty when incremental builds are off (:mod:`storydesk.catalog.incremental`).
    """

    ok: bool
    title: str = ""
    tree: list[dict] = field(default_factory=list)
    stories: list[dict] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    error: dict | None = None
    phases: dict[str, float] = field(default_factory=dict)
    total_ms: float = 0.0
    interpreter: str = "main"
    swapped_at: float = 0.0
    imported: list[str] = field(default_factory=list)
    parts: int = 1
    output: str = ""
    stalled: dict | None = None
    timed_out: bool = False
    leaked: list[str] = field(default_factory=list)
    broken: list[dict] = field(default_factory=list)
    incremental: dict = field(default_factory=dict)

    @property
    def story_count(self) -> int:
        """The number of stories built."""
        return len(self.stories)

    @property
    def assertion_counts(self) -> tuple[int, int]:
        """``(passed, failed)``: how many of the stories' assertions passed and failed (issue 12)."""
        results = [r for s in self.stories for r in s.get("assertions") or ()]
        passed = sum(1 for r in results if r.get("passed"))
        return passed, len(results) - passed

    @property
    def failed_stories(self) -> list[dict]:
        """The manifest entries of stories that rendered an error card."""
        return [s for s in self.stories if s.get("error")]

    def to_bytes(self) -> bytes:
        """Return the result as ``marshal`` bytes (of a shallow field dict: ``asdict`` would deep-copy the
        tree). Only JSON-like values are allowed in a result.

        Raises:
            ValueError: a field holds a value ``marshal`` cannot encode.
        """
        return marshal.dumps({f.name: getattr(self, f.name) for f in fields(self)})

    @classmethod
    def from_bytes(cls, data: bytes) -> BuildResult:
        """Return the result encoded by :meth:`to_bytes` in this same Python.

        Raises:
            ValueError, EOFError, TypeError: ``data`` is not such an encoding.
        """
        return cls(**marshal.loads(data))  # noqa: S302 - bytes our own build interpreter made

    @classmethod
    def failure(cls, message: str, details: str = "", file: str = "", line: int = 0, **extra) -> BuildResult:
        """Return a failed result with the given error fields."""
        return cls(ok=False, error={"message": message, "file": file, "line": line, "details": details}, **extra)
