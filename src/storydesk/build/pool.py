"""A pool of two Python 3.14 subinterpreters: one warmed standby, one active build.

Each build runs in the standby interpreter, which was created in the background and warmed by importing
``storydesk.build.pipeline`` (and with it ``storydesk.catalog`` and ``tdom``). As soon as a build takes the
standby, a replacement starts warming on another thread; after the build the used interpreter is closed and
never reused. So every build imports the user's modules (``stories.py`` and any helper module in the catalog)
afresh, while the cost of creating an interpreter and importing tdom is paid off the critical path.

A standby also compiles the sources of the catalog last built (:func:`storydesk.catalog.fresh_import.precompile`);
a build uses that code only for files whose bytes have not changed since.

Each build reports the library modules it imported beyond the warm-up (:mod:`storydesk.build.warm_set`); the
pool imports them into the standby already warming and into every later one, so after the first build a build
imports only the user's modules.

Subinterpreters come from :mod:`concurrent.interpreters` (PEP 734); each has its own GIL, so warming the
next one runs in parallel with a build.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from concurrent import interpreters
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from storydesk.build import pipeline
from storydesk.build.result import BuildResult
from storydesk.build.timeout import DEFAULT_TIMEOUT_S, run_with_deadline
from storydesk.catalog import fresh_import

log = logging.getLogger("storydesk.pool")

WARM_MODULES = ("storydesk.build.pipeline", "tdom")


class PoolClosed(RuntimeError):
    """Raised by :meth:`InterpreterPool.build` after :meth:`InterpreterPool.close`."""


class InterpreterPool:
    """Builds catalogs in fresh, pre-warmed subinterpreters.

    Args:
        warm_modules: module names imported into each standby interpreter before it is handed a build.

    Attributes:
        learned: library module names that earlier builds imported (``set[str]``), imported into each standby
            too; a learned module that fails to import there is skipped.

    Thread safety: :meth:`build` may be called from any thread, one build at a time (the app's build worker
    guarantees that); :meth:`close` may be called from any thread.
    """

    def __init__(self, warm_modules: tuple[str, ...] = WARM_MODULES) -> None:
        self.warm_modules = tuple(warm_modules)
        self._warmer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storydesk-warm")
        # used interpreters are closed here, off the build's critical path
        self._closer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storydesk-discard")
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
            interp.exec(f"import sys\nsys.path[:] = {sys.path!r}\nsys.dont_write_bytecode = True\n"
                        + "".join(f"import {name}\n" for name in self.warm_modules))
            self._import_learned(interp, sorted(self.learned))
            if self._root_hint:
                interp.call(fresh_import.precompile, self._root_hint)
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
            interp.exec("import importlib\n"
                        f"for name in {names!r}:\n"
                        "    try:\n        importlib.import_module(name)\n"
                        "    except Exception:\n        pass\n")

    def _top_up(self, previous: Future[interpreters.Interpreter], names: list[str]) -> interpreters.Interpreter:
        # runs on the warmer's one thread after ``previous`` (submitted earlier), so never waits on itself
        interp = previous.result()
        t0 = time.perf_counter()
        self._import_learned(interp, names)
        log.info("standby interpreter %s: imported %d learned modules in %.1f ms", interp.id, len(names),
                 (time.perf_counter() - t0) * 1000)
        return interp

    def _learn(self, imported: list[str]) -> None:
        new = sorted(set(imported) - self.learned - set(self.warm_modules))
        if not new:
            return
        with self._lock:
            self.learned.update(new)
            if not self._closed:
                self._standby = self._warmer.submit(self._top_up, self._standby, new)

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until the standby interpreter is warm (``timeout`` in s; ``None`` waits for ever).

        Raises:
            TimeoutError: not warm within ``timeout``.
            concurrent.interpreters.ExecutionFailed: warming failed (e.g. ``tdom`` is not importable).
        """
        self._standby.result(timeout)

    def build(self, root: Path | str, out: Path | str, timeout_s: float | None = DEFAULT_TIMEOUT_S,
              overrides: dict[str, dict] | None = None) -> BuildResult:
        """Build ``root`` into ``out`` in the standby interpreter, then discard it.

        ``timeout_s`` (s) bounds the build (see :mod:`storydesk.build.timeout`); a build that times out is
        abandoned with its interpreter, which is never reused. ``overrides``: see
        :func:`storydesk.build.pipeline.build`.

        Phases recorded in the result (ms): ``wait`` (for the standby to finish warming), ``handoff`` (the
        cross-interpreter call's own cost: the call minus the build inside it), and the pipeline's phases.
        The used interpreter is closed afterwards on a background thread.

        Raises:
            PoolClosed: the pool was closed.
        """
        t0 = time.perf_counter()
        with self._lock:
            if self._closed:
                raise PoolClosed("the interpreter pool is closed")
            standby = self._standby
            self._root_hint = str(Path(root).resolve())
        try:
            interp = standby.result()
        except Exception as exc:  # noqa: BLE001 - a failed warm-up is reported as a failed build
            with self._lock:
                if not self._closed:
                    self._standby = self._warmer.submit(self._create_warm)
            return BuildResult.failure(f"warming a subinterpreter failed: {exc}")
        t1 = time.perf_counter()
        with self._lock:
            if not self._closed:
                self._standby = self._warmer.submit(self._create_warm)
        progress = memoryview(bytearray(1024))

        def call() -> BuildResult:
            try:
                return BuildResult.from_bytes(interp.call(pipeline.build_in_interpreter, str(root), str(out), progress,
                                                         json.dumps(overrides or {})))
            except Exception as exc:  # noqa: BLE001 - an interpreter-level failure is a failed build
                return BuildResult.failure(f"the build interpreter failed: {type(exc).__name__}: {exc}")

        t2 = time.perf_counter()
        result, timed_out = run_with_deadline(call, timeout_s, lambda: pipeline.read_progress(progress) or None)
        t3 = time.perf_counter()
        if timed_out:
            self.abandoned += 1  # still running: it cannot be closed
        else:
            self._closer.submit(self._discard, interp)
        self.builds += 1
        if not timed_out:
            self._learn(result.imported)
        inner = result.total_ms
        result.interpreter = str(interp.id)
        result.phases = {"wait": (t1 - t0) * 1000, "handoff": max(0.0, (t3 - t2) * 1000 - inner),
                         **result.phases}
        result.total_ms = (t3 - t0) * 1000
        return result

    @staticmethod
    def _discard(interp: interpreters.Interpreter) -> None:
        t0 = time.perf_counter()
        interp.close()
        log.debug("interpreter %s closed in %.1f ms", interp.id, (time.perf_counter() - t0) * 1000)

    def close(self) -> None:
        """Close the standby interpreter and stop warming; idempotent. Waits for a warm-up under way."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            standby = self._standby
        try:
            standby.result().close()
        except Exception:  # noqa: BLE001 - nothing to close if warming failed
            pass
        self._warmer.shutdown(wait=True)
        self._closer.shutdown(wait=True)
        log.info("interpreter pool shut down after %d builds", self.builds)
