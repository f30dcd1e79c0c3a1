"""The build pipeline: discover the catalog, render every story, write and swap in the site.

:func:`build` runs in whichever interpreter calls it: directly in the main one for ``storydesk build`` and
``--no-use-subinterpreters``, or inside a fresh subinterpreter from the pool (via :func:`build_in_interpreter`).
It imports nothing that is unsafe in a subinterpreter.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storydesk.build.result import BuildResult
from storydesk.build.warm_set import library_dirs, library_modules
from storydesk.catalog import depends
from storydesk.catalog.discovery import discover
from storydesk.catalog.errors import CatalogError, format_exception
from storydesk.catalog.incremental import Reuse, incremental_enabled
from storydesk.catalog.model import Catalog
from storydesk.catalog.output import captured
from storydesk.catalog.packages import layout
from storydesk.catalog.site import Abandoned, StoryInfo, write_site
from storydesk.paths import assets_dir


def build(
    root: Path | str,
    out: Path | str,
    progress: Callable[[str], None] | None = None,
    overrides: dict[str, dict] | None = None,
    wanted: Callable[[], bool] | None = None,
    quarantine: dict[str, str] | None = None,
) -> BuildResult:
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
        wanted: asked just before writing (see :func:`storydesk.catalog.site.write_site`): an abandoned build
            writes nothing.
        quarantine: ``{story path: reason}``: stories not to render (:mod:`storydesk.build.quarantine`).

    Returns:
        A :class:`BuildResult`; discovery errors and write errors give ``ok=False`` with the error, never an
        exception. Stories that raise still give ``ok=True``, with their errors in ``stories``.
    """
    root, out = Path(root).resolve(), Path(out).resolve()
    t0 = time.perf_counter()
    reuse = plan(root, out, overrides, quarantine)
    try:
        t1 = time.perf_counter()
        catalog, output = discover_or_fail(root, t0, reuse)
        if isinstance(catalog, BuildResult):
            return catalog
        phases = {"plan": (t1 - t0) * 1000, "discover": (time.perf_counter() - t1) * 1000}
        result = finish_build(
            catalog, root, out, t0, phases, progress, overrides, wanted=wanted, quarantine=quarantine, reuse=reuse
        )
        result.output = output
        return result
    finally:
        if reuse is not None:
            reuse.stop()


def plan(root: Path, out: Path, overrides: dict[str, dict] | None, quarantine: dict[str, str] | None) -> Reuse | None:
    """Plan an incremental build of ``root`` into ``out`` (:mod:`storydesk.catalog.incremental`) and start
    tracking its dependencies (:class:`storydesk.catalog.depends.Tracker`; the caller stops it with
    :meth:`~storydesk.catalog.incremental.Reuse.stop`). ``None`` when incremental builds are off
    (:func:`~storydesk.catalog.incremental.incremental_enabled`) or the catalog's package cannot be named
    (discovery then reports why).
    """
    if not incremental_enabled():
        return None
    try:
        packages = layout(root)
    except Exception:  # noqa: BLE001 - discovery reports a catalog it cannot name
        return None
    search = [str(folder) for folder in packages.search_paths]
    reuse = Reuse.plan(root, out, overrides or {}, quarantine or {}, search)
    roots = tuple(str(folder) for folder in packages.fresh_roots)
    reuse.tracker = depends.Tracker(roots, library_dirs(), str(out)).__enter__()
    return reuse


def discover_or_fail(root: Path, t0: float, reuse: Reuse | None = None) -> tuple[Catalog | BuildResult, str]:
    """Discover ``root`` (a resolved catalog folder): ``(the Catalog, or a failed BuildResult carrying the
    CatalogError, what the catalog's modules printed meanwhile)`` (``t0``: the build's start,
    ``time.perf_counter()`` in s; ``reuse``: an incremental build's plan, see :func:`plan`). What they print
    is captured (:mod:`storydesk.catalog.output`).
    """
    with captured() as printed:
        try:
            catalog: Catalog | BuildResult = discover(root, reuse)
        except CatalogError as exc:
            catalog = BuildResult.failure(
                exc.message,
                exc.details,
                exc.file,
                exc.line,
                phases={"discover": (time.perf_counter() - t0) * 1000},
                total_ms=(time.perf_counter() - t0) * 1000,
            )
    if isinstance(catalog, BuildResult):
        catalog.output = printed.text()
    return catalog, printed.text()


def finish_build(
    catalog: Catalog,
    root: Path,
    out: Path,
    t0: float,
    phases: dict[str, float],
    progress: Callable[[str], None] | None = None,
    overrides: dict[str, dict] | None = None,
    rendered: tuple[dict[str, str | bytes], list[StoryInfo]] | None = None,
    wanted: Callable[[], bool] | None = None,
    quarantine: dict[str, str] | None = None,
    reuse: Reuse | None = None,
) -> BuildResult:
    """Render (unless ``rendered``, see :func:`storydesk.catalog.site.write_site`) and write the site of the
    discovered ``catalog``; return the result with ``phases`` (ms) extended by ``render`` and ``write``.
    A failed write gives a failed result (the previous site is untouched), never an exception; so does an
    abandoned build (``wanted()`` false), which writes nothing. ``reuse``: an incremental build's plan
    (:func:`plan`); the result's ``incremental`` then says how many stories were rendered and reused.
    """
    try:
        site = write_site(catalog, root, out, assets_dir(), progress, overrides, rendered, wanted, quarantine, reuse)
    except Abandoned as exc:
        return BuildResult.failure(str(exc), total_ms=(time.perf_counter() - t0) * 1000)
    except Exception as exc:  # noqa: BLE001 - a failed write leaves the old site and is reported
        return BuildResult.failure(
            f"writing the site failed: {type(exc).__name__}: {exc}",
            format_exception(exc),
            total_ms=(time.perf_counter() - t0) * 1000,
        )
    render = phases.get("render", 0.0) + site.render_ms
    return BuildResult(
        # the props form fields stay in the site's manifest (the app reads them when needed): sending every
        # story's fields across the interpreter boundary doubled the handoff
        ok=True,
        title=site.title,
        tree=site.tree,
        stories=[{**vars(s), "fields": None} for s in site.stories],
        leaked=[s.path for s in site.stories if s.leaked],
        broken=[
            {"path": path, **(exc.to_dict() if isinstance(exc, CatalogError) else {"message": str(exc)})}
            for path, exc in catalog.broken
        ],
        changed=site.changed,
        swapped_at=time.time(),
        phases={**phases, "render": render, "write": site.write_ms},
        total_ms=(time.perf_counter() - t0) * 1000,
        incremental=_counts(reuse, catalog, len(site.stories)),
    )


def _counts(reuse: Reuse | None, catalog: Catalog, stories: int) -> dict:
    """The result's ``incremental``: what was rendered and what kept, out of every story in the site (``stories``,
    the pages a broken folder keeps from the last build included, so the two add up).
    """
    if reuse is None:
        return {}
    counts = reuse.stats(catalog)
    counts["reused"] = stories - counts["rendered"]
    return counts


def warm_call(buffer: memoryview) -> None:
    """Used by the pool while warming an interpreter: the first cross-interpreter call (and the first shared
    buffer) cost ~13 ms of lazy set-up that a build must not pay; so does :func:`library_dirs` (~1 ms).
    """
    progress_writer(buffer)("")
    library_dirs()


def progress_writer(buffer: memoryview) -> Callable[[str], None]:
    """Return ``report(text)``, which writes ``text`` into ``buffer`` as a 2-byte little-endian length and
    UTF-8 bytes (cut to fit); :func:`read_progress` reads it back. The buffer is shared with the main
    interpreter, which reads it only when a build times out. Its last byte is the abandoned flag
    (:func:`abandon`, :func:`still_wanted`).
    """
    room = len(buffer) - 3

    def report(text: str) -> None:
        data = text.encode()[:room]
        buffer[2 : 2 + len(data)] = data
        buffer[0:2] = len(data).to_bytes(2, "little")

    return report


def read_progress(buffer: memoryview) -> str:
    """Return the text last written by :func:`progress_writer` into ``buffer``."""
    size = int.from_bytes(buffer[0:2], "little")
    return bytes(buffer[2 : 2 + size]).decode(errors="replace")


def options_to_json(overrides: dict[str, dict] | None, quarantine: dict[str, str] | None) -> str:
    """Encode a build's ``overrides`` and ``quarantine`` (see :func:`build`) to cross into an interpreter."""
    return json.dumps({"overrides": overrides or {}, "quarantine": quarantine or {}})


def options(options_json: str) -> tuple[dict[str, dict], dict[str, str]]:
    """Decode :func:`options_to_json`: ``(overrides, quarantine)``."""
    data = json.loads(options_json)
    return data.get("overrides", {}), data.get("quarantine", {})


def abandon(buffer: memoryview) -> None:
    """Mark the build sharing the progress ``buffer`` as abandoned (the pool does so at its deadline): from
    then on it writes nothing (:func:`still_wanted`).
    """
    buffer[-1] = 1


def still_wanted(buffer: memoryview) -> Callable[[], bool]:
    """Return ``wanted()``: whether the build sharing the progress ``buffer`` has not been abandoned."""
    return lambda: buffer[-1] == 0


def build_in_interpreter(
    root: str, out: str, progress_buffer: memoryview | None = None, options_json: str = "{}"
) -> bytes:
    """Run :func:`build` and return its result encoded by :meth:`BuildResult.to_bytes`: the entry point called
    inside a subinterpreter (``bytes`` cross the interpreter boundary without pickling). Unexpected exceptions
    become a failed result too.

    Args:
        root: the catalog folder.
        out: the site folder.
        progress_buffer: a shared buffer; each story's path is written into it (:func:`progress_writer`)
            before it renders, and its abandoned flag is asked before writing (:func:`still_wanted`). (A
            ``concurrent.interpreters.Queue`` passed into each build leaked ~1.9 MB per build here; a buffer
            does not.)
        options_json: :func:`options` as JSON: the ``overrides`` and ``quarantine`` of :func:`build`.

    The result's ``imported`` lists the library modules this build imported (:mod:`storydesk.build.warm_set`).
    """
    progress = progress_writer(progress_buffer) if progress_buffer is not None else None
    wanted = still_wanted(progress_buffer) if progress_buffer is not None else None
    before = set(sys.modules)
    try:
        overrides, quarantine = options(options_json)
        result = build(root, out, progress, overrides, wanted, quarantine)
        result.imported = library_modules(set(sys.modules) - before)
        return result.to_bytes()
    except BaseException as exc:  # noqa: BLE001 - nothing may escape into the pool's thread
        return crashed(exc)


def crashed(exc: BaseException) -> bytes:
    """Return the encoded failed result of a build that raised ``exc`` unexpectedly: what the entry points
    called inside a subinterpreter return then, since nothing may escape into the pool's thread.
    """
    return BuildResult.failure(f"build crashed: {type(exc).__name__}: {exc}", format_exception(exc)).to_bytes()
