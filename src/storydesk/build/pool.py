"""A pool of Python 3.14 subinterpreters: a warmed standby for the next build, one active build.

Each build runs in the standby interpreter, which was created in the background and warmed by importing
``storydesk.build.pipeline`` (and with it ``storydesk.catalog`` and ``tdom``). After the build the used
interpreter is closed and never reused, and a replacement warms. So every build imports the user's modules
(``stories.py`` and any helper module in the catalog) afresh, while the cost of creating an interpreter and
importing tdom is paid off the critical path.

When the replacement warms: after the build, on a thread at low CPU priority, so that on a 2-core machine the
build and then the preview pane's reload have the cores (300-story save to pane: 185 -> 170 ms, measured with
the app under Xvfb); closing the used interpreter (15-45 ms) waits 150 ms for the same reason. When builds
come in quick succession (props edits, less than ``QUICK_SUCCESSION_S`` apart) the replacement warms during
the build instead, so the next one does not wait for it.

A standby also compiles the sources of the catalog last built (:func:`storydesk.catalog.discovery.precompile`);
a build uses that code only for files whose bytes have not changed since.

Each build reports the library modules it imported beyond the warm-up (:mod:`storydesk.build.warm_set`); the
pool imports them into the standby already warming and into every later one, so after the first build a build
imports only the user's modules.

Big catalogs (``parallel_min_stories`` stories or more in the previous build) are rendered by two
interpreters at once (:mod:`storydesk.build.parallel`): the pool then keeps a warm helper beside the standby.

Subinterpreters come from :mod:`concurrent.interpreters` (PEP 734); each has its own GIL, so warming the
next one runs in parallel with whatever the main interpreter does.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
import sys
import threading
import time
from concurrent import interpreters
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from storydesk.build import parallel, pipeline
from storydesk.build.result import BuildResult
from storydesk.build.timeout import DEFAULT_TIMEOUT_S, run_with_deadline
from storydesk.catalog import discovery

log = logging.getLogger("storydesk.pool")

WARM_MODULES = ("storydesk.build.pipeline", "storydesk.build.parallel", "tdom")
#: Catalogs of at least this many stories render in parallel interpreters. Measured on 2 cores (pool rebuild
#: medians, ``benchmarks/run.py``): 3,000 stories 219 -> 178 ms; 300 stories only 44 -> 41 ms, not worth
#: a second warm interpreter and contention with the GUI and the pane.
DEFAULT_PARALLEL_MIN_STORIES = 1000
#: s between one build's end and the next's start under which builds count as coming in quick succession
QUICK_SUCCESSION_S = 0.5


def _lower_priority(niceness: int = 10) -> None:
    """Lower the calling thread's CPU priority by ``niceness`` (Linux schedules threads by their own nice
    value; elsewhere, or when not permitted, nothing changes).
    """
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)


class PoolClosed(RuntimeError):
    """Raised by :meth:`InterpreterPool.build` after :meth:`InterpreterPool.close`."""


class InterpreterPool:
    """Builds catalogs in fresh, pre-warmed subinterpreters.

    Args:
        warm_modules: module names imported into each standby interpreter before it is handed a build.
        parallel_min_stories: render in ``parts`` interpreters once the previous build had at least this many
            stories (``None``: never).
        parts: interpreters per parallel build (default 2, or 1 on a single core).

    Attributes:
        learned: library module names that earlier builds imported (``set[str]``), imported into each standby
            too; a learned module that fails to import there is skipped.

    Thread safety: :meth:`build` may be called from any thread, one build at a time (the app's build worker
    guarantees that); :meth:`close` may be called from any thread.
    """

    def __init__(
        self,
        warm_modules: tuple[str, ...] = WARM_MODULES,
        parallel_min_stories: int | None = DEFAULT_PARALLEL_MIN_STORIES,
        parts: int = min(2, os.cpu_count() or 1),
        progress_region: memoryview | None = None,
    ) -> None:
        self.warm_modules = tuple(warm_modules)
        #: where builds report the story they render (1,024 bytes per interpreter of a build), e.g. memory
        #: shared with the app's process (:mod:`storydesk.build.service`); ``None``: private buffers
        self.progress_region = progress_region
        self.parallel_min_stories = parallel_min_stories
        self.parts = max(1, parts)
        self._helpers: list[Future[interpreters.Interpreter]] = []  # warm only while catalogs are big
        #: s after a build before its interpreter is closed: closing takes 15-45 ms of CPU, which must not
        #: compete with the preview pane reloading the new page right then
        self.discard_delay_s = 0.15
        self._last_build_end = float("-inf")  # time.monotonic() s
        # warming and discarding run at a lower CPU priority: on a 2-core machine they must not slow the build
        # or the preview pane's reload, which are what the user waits for
        self._warmer = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="storydesk-warm", initializer=_lower_priority
        )
        # used interpreters are closed here, off the build's critical path
        self._closer = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="storydesk-discard", initializer=_lower_priority
        )
        self._lock = threading.Lock()
        self._closed = False
        self.builds = 0
        self.abandoned = 0
        self.learned: set[str] = set()
        self._root_hint: str | None = None  # the catalog last built: standbys compile its sources ahead
        self._standby: Future[interpreters.Interpreter] = self._warmer.submit(self._create_warm)
        log.info("interpreter pool created (standby warming: %s)", ", ".join(self.warm_modules))

    def _create_warm(self) -> interpreters.Interpreter:
        t0 = time.perf_counter()
        interp = interpreters.create()
        try:
            interp.exec(
                f"import sys\nsys.path[:] = {sys.path!r}\nsys.dont_write_bytecode = True\n"
                + "".join(f"import {name}\n" for name in self.warm_modules)
            )
            self._import_learned(interp, sorted(self.learned))
            if self._root_hint:
                interp.call(discovery.precompile, self._root_hint)
            # the first call() into an interpreter sets up cross-interpreter machinery (~13 ms here): pay it
            # now, not during a build
            interp.call(pipeline.warm_call, memoryview(bytearray(16)))
        except BaseException:
            interp.close()
            raise
        log.info("standby interpreter %s warmed in %.1f ms", interp.id, (time.perf_counter() - t0) * 1000)
        return interp

    @staticmethod
    def _import_learned(interp: interpreters.Interpreter, names: list[str]) -> None:
        if names:
            interp.exec(
                "import importlib\n"
                f"for name in {names!r}:\n"
                "    try:\n        importlib.import_module(name)\n"
                "    except Exception:\n        pass\n"
            )

    def _top_up(self, previous: Future[interpreters.Interpreter], names: list[str]) -> interpreters.Interpreter:
        # runs on the warmer's one thread after ``previous`` (submitted earlier), so never waits on itself
        interp = previous.result()
        t0 = time.perf_counter()
        self._import_learned(interp, names)
        log.info(
            "standby interpreter %s: imported %d learned modules in %.1f ms",
            interp.id,
            len(names),
            (time.perf_counter() - t0) * 1000,
        )
        return interp

    def _learn(self, imported: list[str]) -> None:
        new = sorted(set(imported) - self.learned - set(self.warm_modules))
        if not new:
            return
        with self._lock:
            self.learned.update(new)
            if not self._closed:
                self._standby = self._warmer.submit(self._top_up, self._standby, new)
                self._helpers = [self._warmer.submit(self._top_up, h, new) for h in self._helpers]

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until the standby interpreter (and any helper for parallel builds) is warm (``timeout`` in s;
        ``None`` waits for ever).

        Raises:
            TimeoutError: not warm within ``timeout``.
            concurrent.interpreters.ExecutionFailed: warming failed (e.g. ``tdom`` is not importable).
        """
        end = None if timeout is None else time.monotonic() + timeout
        self._standby.result(timeout)
        for helper in list(self._helpers):
            helper.result(None if end is None else max(0.0, end - time.monotonic()))

    def build(
        self,
        root: Path | str,
        out: Path | str,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        overrides: dict[str, dict] | None = None,
        quarantine: dict[str, str] | None = None,
        story_timeout_s: float | None = None,
    ) -> BuildResult:
        """Build ``root`` into ``out`` in the standby interpreter, then discard it.

        ``timeout_s`` (s) bounds the build and ``story_timeout_s`` (s) each story (see
        :mod:`storydesk.build.timeout`); a build that times out is abandoned with its interpreter, which is
        never reused, and its result names the story in ``stalled``. ``overrides`` and ``quarantine``: see
        :func:`storydesk.build.pipeline.build`.

        Phases recorded in the result (ms): ``wait`` (for the standby to finish warming), ``handoff`` (the
        cross-interpreter calls' own cost: the calls minus the build inside them; for a parallel build it also
        holds the wait for the helper's part), and the pipeline's phases. The used interpreters are closed
        afterwards on a background thread. When warm helpers are ready (the catalog is big), the build runs
        in parallel (:meth:`_call_parallel`).

        Raises:
            PoolClosed: the pool was closed.
        """
        t0 = time.perf_counter()
        with self._lock:
            if self._closed:
                raise PoolClosed("the interpreter pool is closed")
            standby = self._standby
            self._root_hint = str(Path(root).resolve())
            # helpers still warming are not waited for: this build runs alone
            helpers = (
                self._helpers if self._helpers and all(h.done() and not h.exception() for h in self._helpers) else []
            )
            if helpers:
                self._helpers = []
        try:
            interp = standby.result()
        except Exception as exc:  # noqa: BLE001 - a failed warm-up is reported as a failed build
            with self._lock:
                if not self._closed:
                    self._standby = self._warmer.submit(self._create_warm)
                    self._helpers = helpers or self._helpers  # untouched: kept for the next build
                else:
                    for helper in helpers:
                        helper.result().close()
            return BuildResult.failure(f"warming a subinterpreter failed: {exc}")
        helper_interps = [h.result() for h in helpers]
        t1 = time.perf_counter()
        # the replacement warms during this build only when builds come in quick succession (props edits):
        # otherwise after it, so the build and then the pane's reload have the cores
        warm_now = not helper_interps and time.monotonic() - self._last_build_end < QUICK_SUCCESSION_S
        if warm_now:
            with self._lock:
                if not self._closed:
                    self._standby = self._warmer.submit(self._create_warm)
        progress = self._progress_buffers(1 + len(helper_interps))
        args = (str(root), str(out))
        options_json = pipeline.options_to_json(overrides, quarantine)

        def call() -> BuildResult:
            try:
                if not helper_interps:
                    return BuildResult.from_bytes(
                        interp.call(pipeline.build_in_interpreter, *args, progress[0], options_json)
                    )
                return self._call_parallel(interp, helper_interps, args, progress, options_json)
            except Exception as exc:  # noqa: BLE001 - an interpreter-level failure is a failed build
                return BuildResult.failure(f"the build interpreter failed: {type(exc).__name__}: {exc}")

        def current_stories() -> list[str]:
            return [pipeline.read_progress(buffer) for buffer in progress]

        t2 = time.perf_counter()
        result, timed_out = run_with_deadline(call, timeout_s, current_stories, story_timeout_s)
        t3 = time.perf_counter()
        used = [interp, *helper_interps]
        if timed_out:
            for buffer in progress:  # whatever they still do, they write nothing (issue 10: a stale site)
                pipeline.abandon(buffer)
            self.progress_region = None  # theirs: later builds must not clear the abandoned flags
            self.abandoned += len(used)  # still running: they cannot be closed
        else:
            for done in used:
                self._closer.submit(self._discard, done, time.monotonic() + self.discard_delay_s)
        self._last_build_end = time.monotonic()
        self._after_build(result, warm_replacement=not warm_now, was_parallel=bool(helper_interps))
        self.builds += 1
        if not timed_out:
            self._learn(result.imported)
        inner = result.total_ms
        result.interpreter = "+".join(str(i.id) for i in used)
        result.phases = {"wait": (t1 - t0) * 1000, "handoff": max(0.0, (t3 - t2) * 1000 - inner), **result.phases}
        result.total_ms = (t3 - t0) * 1000
        return result

    def _progress_buffers(self, count: int) -> list[memoryview]:
        """``count`` cleared progress buffers of 1,024 bytes: slices of ``progress_region`` when it has room."""
        region = self.progress_region
        if region is None or len(region) < count * 1024:
            return [memoryview(bytearray(1024)) for _ in range(count)]
        buffers = [region[i * 1024 : (i + 1) * 1024] for i in range(count)]
        region[:] = bytes(len(region))
        return buffers

    @staticmethod
    def _call_parallel(
        interp: interpreters.Interpreter,
        helpers: list[interpreters.Interpreter],
        args: tuple[str, str],
        progress: list[memoryview],
        options_json: str,
    ) -> BuildResult:
        """Run one build across ``interp`` (primary) and ``helpers`` (see :mod:`storydesk.build.parallel`)."""
        parts = 1 + len(helpers)
        parts_done: list[bytes] = [b""] * len(helpers)

        def run_helper(i: int) -> None:
            try:
                parts_done[i] = helpers[i].call(
                    parallel.render_part, args[0], i + 1, parts, progress[i + 1], options_json, args[1]
                )
            except Exception as exc:  # noqa: BLE001 - the primary renders this part itself
                log.warning("parallel part %d failed (%s: %s); the primary renders it", i + 1, type(exc).__name__, exc)

        threads = [
            threading.Thread(target=run_helper, args=(i,), name=f"storydesk-build-part-{i + 1}", daemon=True)
            for i in range(len(helpers))
        ]
        for thread in threads:
            thread.start()
        started = interp.call(parallel.start, *args, progress[0], options_json, parts)
        for thread in threads:
            thread.join()
        if started:  # discovery failed (or the primary crashed): that is the result
            return BuildResult.from_bytes(started)
        return BuildResult.from_bytes(interp.call(parallel.finish, marshal.dumps(parts_done)))

    def _after_build(self, result: BuildResult, warm_replacement: bool, was_parallel: bool) -> None:
        """Warm the replacement standby now if it was not warmed during the build; keep helpers warm while the
        catalog is big.
        """
        # an incremental build that rendered a few stories of a big catalog needs no helper: the next one
        # most likely renders as few (issue 13)
        rendered = result.incremental.get("rendered", result.story_count)
        big = (
            self.parallel_min_stories is not None
            and self.parts > 1
            and result.ok
            and rendered >= self.parallel_min_stories
        )
        with self._lock:
            if self._closed:
                return
            if warm_replacement:
                self._standby = self._warmer.submit(self._create_warm)
            if big and not self._helpers:
                self._helpers = [self._warmer.submit(self._create_warm) for _ in range(self.parts - 1)]
                if not was_parallel:
                    log.info(
                        "catalog of %d stories: next builds render in %d interpreters", result.story_count, self.parts
                    )
            elif not big and self._helpers:
                for helper in self._helpers:
                    helper.add_done_callback(self._discard_future)
                self._helpers = []

    def _discard_future(self, future: Future[interpreters.Interpreter]) -> None:
        if future.exception():
            return
        try:
            self._closer.submit(self._discard, future.result())
        except RuntimeError:  # the pool closed meanwhile
            future.result().close()

    @staticmethod
    def _discard(interp: interpreters.Interpreter, not_before: float = 0.0) -> None:
        time.sleep(max(0.0, not_before - time.monotonic()))
        t0 = time.perf_counter()
        interp.close()
        log.debug("interpreter %s closed in %.1f ms", interp.id, (time.perf_counter() - t0) * 1000)

    def close(self, wait_s: float = 1.0) -> None:
        """Close the standby (and helper) interpreters and stop warming; idempotent. Waits for a warm-up under
        way.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            waiting = [self._standby, *self._helpers]
            self._helpers = []
        for future in waiting:
            with contextlib.suppress(Exception):  # nothing to close if warming failed
                future.result().close()
        self._warmer.shutdown(wait=True)
        self._closer.shutdown(wait=True)
        log.info("interpreter pool shut down after %d builds", self.builds)
