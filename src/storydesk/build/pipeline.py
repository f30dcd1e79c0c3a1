"""The build pipeline: discover the catalog, render every story, write and swap in the site.

:func:`build` runs in whichever interpreter calls it: directly in the main one for ``storydesk build`` and
``--no-use-subinterpreters``, or inside a fresh subinterpreter from the pool (via :func:`build_json`).
It imports nothing that is unsafe in a subinterpreter.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from storydesk.build.result import BuildResult
from storydesk.catalog.discovery import discover
from storydesk.catalog.errors import CatalogError, format_exception
from storydesk.catalog.site import write_site
from storydesk.paths import assets_dir


def build(root: Path | str, out: Path | str, progress: Callable[[str], None] | None = None,
          overrides: dict[str, dict] | None = None) -> BuildResult:
    """Build the catalog at ``root`` into the site folder ``out``.

    Discovery re-imports every module of the catalog package, so repeated builds in one interpreter
    (``--no-use-subinterpreters``) see edits to it; modules imported from outside the catalog folder are
    not re-imported there, which is why the app builds in fresh subinterpreters.

    Args:
        root: the catalog folder (a package holding the root ``stories.py``).
        out: the site folder; replaced whole on success, untouched on failure.
        progress: called with each story's path before it renders (see :mod:`storydesk.build.timeout`).
        overrides: ``{story path: {prop: JSON value}}`` edited in the props panel, applied over the stories'
            own props.

    Returns:
        A :class:`BuildResult`; discovery errors and write errors give ``ok=False`` with the error, never an
        exception. Stories that raise still give ``ok=True``, with their errors in ``stories``.
    """
    root, out = Path(root).resolve(), Path(out).resolve()
    t0 = time.perf_counter()
    try:
        catalog = discover(root)
    except CatalogError as exc:
        return BuildResult.failure(exc.message, exc.details, exc.file, exc.line,
                                   phases={"discover": (time.perf_counter() - t0) * 1000},
                                   total_ms=(time.perf_counter() - t0) * 1000)
    t1 = time.perf_counter()
    try:
        site = write_site(catalog, root, out, assets_dir(), progress, overrides)
    except Exception as exc:  # noqa: BLE001 - a failed write leaves the old site and is reported
        return BuildResult.failure(f"writing the site failed: {type(exc).__name__}: {exc}",
                                   format_exception(exc), total_ms=(time.perf_counter() - t0) * 1000)
    return BuildResult(
        ok=True, title=site.title, tree=site.tree, stories=[asdict(s) for s in site.stories],
        changed=site.changed, swapped_at=time.time(),
        phases={"discover": (t1 - t0) * 1000, "render": site.render_ms, "write": site.write_ms},
        total_ms=(time.perf_counter() - t0) * 1000,
    )


def warm_call(queue) -> None:
    """Used by the pool while warming an interpreter: the first cross-interpreter call, and the first use of
    a ``concurrent.interpreters.Queue``, each cost ~13 ms of lazy set-up that a build must not pay."""
    queue.put_nowait("")


def build_json(root: str, out: str, progress_queue=None, overrides_json: str = "{}") -> str:
    """Run :func:`build` and return its result as JSON: the entry point called inside a subinterpreter
    (a ``str`` crosses the interpreter boundary without pickling). Unexpected exceptions become a failed
    result too.

    Args:
        progress_queue: a ``concurrent.interpreters.Queue``; each story's path is put on it before it renders.
        overrides_json: the ``overrides`` of :func:`build` as JSON.
    """
    progress = progress_queue.put_nowait if progress_queue is not None else None
    try:
        return build(root, out, progress, json.loads(overrides_json)).to_json()
    except BaseException as exc:  # noqa: BLE001 - nothing may escape into the pool's thread
        return BuildResult.failure(f"build crashed: {type(exc).__name__}: {exc}", format_exception(exc)).to_json()
