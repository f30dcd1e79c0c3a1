"""One build rendered by several subinterpreters at once, for big catalogs (issue 4).

Each interpreter has its own GIL, so on a multi-core machine rendering splits across them. Story objects
cannot cross interpreters, so every interpreter discovers the whole catalog itself, then renders its *part*:
every ``parts``-th subject (:func:`storydesk.catalog.site.render_pages`). The parts are run by the pool
(:mod:`storydesk.build.pool`):

1. the *primary* interpreter calls :func:`start`: discovery and part 0, kept in this module until step 3;
2. at the same time each *helper* interpreter calls :func:`render_part` for part 1, 2...: its pages and story
   infos, returned as ``marshal`` bytes;
3. the primary calls :func:`finish` with the helpers' bytes: it merges them and writes the site exactly as a
   serial build does (:func:`storydesk.build.pipeline.finish_build`).

A helper that failed, or that saw a different catalog (a file saved between the discoveries), is not trusted:
the primary renders that part itself, so the site always comes from one consistent discovery.

Everything here runs inside subinterpreters and imports nothing unsafe there.
"""

from __future__ import annotations

import marshal
import sys
import time
from pathlib import Path

from storydesk.build.pipeline import (
    crashed,
    discover_or_fail,
    finish_build,
    options,
    plan,
    progress_writer,
    still_wanted,
)
from storydesk.build.result import BuildResult
from storydesk.build.warm_set import library_modules
from storydesk.catalog import depends
from storydesk.catalog.incremental import Reuse
from storydesk.catalog.site import StoryInfo, render_pages, story_paths, subject_paths

#: The primary's state between :func:`start` and :func:`finish` (one build per interpreter, then discarded).
_pending: dict = {}


def render_part(
    root: str, part: int, parts: int, progress_buffer: memoryview, options_json: str, out: str = ""
) -> bytes:
    """In a helper interpreter: discover ``root`` and render part ``part`` of ``parts``. With the site folder
    ``out``, an incremental build plans from its ledger as the primary does and renders its part of the
    subjects not reused (:mod:`storydesk.catalog.incremental`).

    Returns:
        ``marshal`` bytes of ``{"paths": every story path in catalog order, "live": the paths of the subjects
        not reused, "files": {file: html}, "infos": [story info dicts], "tracked": what the part's code depended
        on (:func:`tracked`)}``; ``{"error": message}`` when discovery failed (the primary reports it).
    """
    root_path = Path(root).resolve()
    overrides, quarantine = options(options_json)
    reuse = plan(root_path, Path(out).resolve(), overrides, quarantine) if out else None
    try:
        catalog = discover_or_fail(root_path, time.perf_counter(), reuse)[0]
        if isinstance(catalog, BuildResult):
            return marshal.dumps({"error": (catalog.error or {}).get("message", "")})
        progress = progress_writer(progress_buffer)
        files, infos = render_pages(catalog, root_path, progress, overrides, part, parts, quarantine)
        progress("")  # done: a deadline must name the part still rendering, not this one's last story
        return marshal.dumps(
            {
                "paths": story_paths(catalog),
                "live": live_subjects(catalog),
                "files": files,
                "infos": [vars(i) for i in infos],
                "tracked": tracked(reuse.tracker if reuse is not None else None),
            }
        )
    finally:
        _stop(reuse)


def live_subjects(catalog) -> list[str]:
    """The paths of the subjects of ``catalog`` an incremental build renders (all of them in a full build)."""
    return [path for path in subject_paths(catalog) if path not in catalog.reused]


def tracked(tracker: depends.Tracker | None) -> dict:
    """What a helper's ``tracker`` recorded, as plain data for :func:`merge_tracked` (``{}``: none)."""
    if tracker is None:
        return {}
    return {
        "edges": {name: sorted(targets) for name, targets in tracker.edges.items()},
        "missing": sorted(tracker.missing),
        "sources": tracker.sources,
        "data": tracker.data,
    }


def merge_tracked(tracker: depends.Tracker | None, other: dict) -> None:
    """Add what a helper's part depended on (:func:`tracked`) to the primary's ``tracker``."""
    if tracker is None or not other:
        return
    for name, targets in other["edges"].items():
        tracker.edges.setdefault(name, set()).update(targets)
    tracker.missing.update(other["missing"])
    for path, stamp in other["sources"].items():
        tracker.sources.setdefault(path, stamp)
    for path, stamp in other["data"].items():
        tracker.data.setdefault(path, stamp)


def start(root: str, out: str, progress_buffer: memoryview, options_json: str, parts: int) -> bytes:
    """In the primary interpreter: discover ``root`` and render part 0 of ``parts``; keep them for
    :func:`finish`. Returns ``b""``, or a failed :meth:`BuildResult.to_bytes` when discovery failed.
    """
    _pending.clear()
    modules_before = set(sys.modules)
    t0 = time.perf_counter()
    reuse = None
    try:
        root_path, progress = Path(root).resolve(), progress_writer(progress_buffer)
        overrides, quarantine = options(options_json)
        reuse = plan(root_path, Path(out).resolve(), overrides, quarantine)
        _pending["reuse"] = reuse  # its tracker runs until finish()
        catalog, output = discover_or_fail(root_path, t0, reuse)
        if isinstance(catalog, BuildResult):
            _stop(reuse)
            return catalog.to_bytes()
        t1 = time.perf_counter()
        files, infos = render_pages(catalog, root_path, progress, overrides, 0, parts, quarantine)
        progress("")  # done: a deadline must name the part still rendering, not this one's last story
        _pending.update(
            catalog=catalog,
            root=root_path,
            out=Path(out).resolve(),
            files=files,
            infos=infos,
            parts=parts,
            progress=progress,
            wanted=still_wanted(progress_buffer),
            overrides=overrides,
            quarantine=quarantine,
            t0=t0,
            modules=modules_before,
            output=output,
            phases={"discover": (t1 - t0) * 1000, "render": (time.perf_counter() - t1) * 1000},
        )
        return b""
    except BaseException as exc:  # noqa: BLE001 - nothing may escape into the pool's thread
        _stop(reuse)
        return crashed(exc)


def _stop(reuse: Reuse | None) -> None:
    if reuse is not None:
        reuse.stop()


def finish(helper_results: bytes) -> bytes:
    """In the primary interpreter, after :func:`start`: merge the helpers' parts, render any part not usable,
    write the site. ``helper_results``: ``marshal`` bytes of a list whose item ``i`` is what :func:`render_part`
    returned for part ``i + 1`` (``b""`` for a helper that failed).

    Returns:
        :meth:`BuildResult.to_bytes` of the build; its phases add ``merge`` (ms: loading the helpers' parts
        and rendering any untrusted one here); ``parts`` is the number of interpreters whose rendering it
        used (1 when no helper's part was usable).
    """
    try:
        state = _pending
        t0 = time.perf_counter()
        parts_data: list[bytes] = marshal.loads(helper_results)  # noqa: S302 - bytes our own interpreter made
        catalog, files, infos = state["catalog"], state["files"], list(state["infos"])
        reuse: Reuse | None = state["reuse"]
        paths, live = story_paths(catalog), live_subjects(catalog)
        used = 0
        for part in range(1, state["parts"]):
            data = parts_data[part - 1] if part - 1 < len(parts_data) else b""
            other = _load(data)
            if other is not None and other.get("paths") == paths and other.get("live") == live:
                files.update(other["files"])
                infos.extend(StoryInfo(**info) for info in other["infos"])
                merge_tracked(reuse.tracker if reuse is not None else None, other.get("tracked") or {})
                used += 1
            else:  # failed, or saw another catalog: render that part here, from this discovery
                more_files, more_infos = render_pages(
                    catalog,
                    state["root"],
                    state["progress"],
                    state["overrides"],
                    part,
                    state["parts"],
                    state["quarantine"],
                )
                files.update(more_files)
                infos.extend(more_infos)
        order = {path: i for i, path in enumerate(paths)}
        infos.sort(key=lambda info: order[info.path])
        phases = {**state["phases"], "merge": (time.perf_counter() - t0) * 1000}
        result = finish_build(
            catalog,
            state["root"],
            state["out"],
            state["t0"],
            phases,
            rendered=(files, infos),
            wanted=state["wanted"],
            reuse=reuse,
        )
        result.parts = 1 + used
        result.output = state["output"]
        result.imported = library_modules(set(sys.modules) - state["modules"])
        return result.to_bytes()
    except BaseException as exc:  # noqa: BLE001 - nothing may escape into the pool's thread
        return crashed(exc)
    finally:
        _stop(_pending.get("reuse"))
        _pending.clear()


def _load(data: bytes) -> dict | None:
    if not data:
        return None
    try:
        other = marshal.loads(data)  # noqa: S302 - bytes our own build interpreter made
    except ValueError, EOFError, TypeError:
        return None
    return other if isinstance(other, dict) and "files" in other else None
