"""The app's side of the build process (:mod:`storydesk.build.service`): the app's builder.

:meth:`BuildProcess.build` has the pool's signature, so the app does not care where builds run. What the
process does is the user's code's business; what the app sees is a result, always:

- a normal result, as the pool returns it;
- the process died (``os._exit``, a segfault, ``SIGKILL`` from the kernel): a failed result whose ``stalled``
  names the story that was rendering (read from shared memory, so it survives the process) and says how it
  died; a new process is started at once, without waiting for it to warm;
- a build abandoned at a deadline (``stalled`` set by the process): the process, which may still be running
  the culprit's code in an abandoned interpreter, is killed and replaced, so no abandoned work keeps a core
  busy (issue 10: two saves of a ``while True`` story used to burn 166% CPU until the app exited);
- the process stops answering (a story holding the process's main lock): it is killed after the build's
  deadline plus :data:`GRACE_S`.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from storydesk.build import frames, pipeline
from storydesk.build.frames import PROGRESS_BYTES
from storydesk.build.result import BuildResult
from storydesk.build.timeout import DEFAULT_TIMEOUT_S

log = logging.getLogger("storydesk.build")

BUILD_FLAG = "--storydesk-build"
#: s past the build's deadline before a process that does not answer is killed (it applies its own deadlines)
GRACE_S = 5.0
#: s a new process may take to warm before a build gives up on it
READY_TIMEOUT_S = 120.0


def service_command() -> list[str]:
    """The command that starts a build process: ``python -m storydesk.build.service``, or in a frozen
    (PyInstaller) app its own start script with ``--storydesk-build``, which the bundle's launcher dispatches
    on.
    """
    if getattr(sys, "frozen", False):
        return [os.environ.get("STORYDESK_BUNDLE_EXEC", sys.executable), BUILD_FLAG]
    return [sys.executable, "-m", "storydesk.build.service"]


def how_it_died(code: int) -> str:
    """Words for a child's exit status: ``"crashed the build process (SIGSEGV)"``, ``"exited the build
    process with status 7"``.
    """
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"crashed the build process ({name})"
    return f"exited the build process with status {code}"


class BuildProcess:
    """A supervised build process, started at once so that it is warm before the first build.

    Args:
        use_subinterpreters: build in the process's subinterpreter pool (fresh interpreter per build), or in
            its main interpreter.
        stderr_path: the file that receives the process's log (its pool's messages, C-level output of user
            code); ``None``: inherited.
        memory_limit: the process's address-space limit in bytes (0: none); ``None``: the service's default,
            half the machine's memory.

    Attributes:
        restarts: how many processes were started after the first (deaths and kills).
        abandoned: builds given up on at a deadline.
    """

    def __init__(
        self, use_subinterpreters: bool = True, stderr_path: Path | None = None, memory_limit: int | None = None
    ) -> None:
        self.use_subinterpreters = use_subinterpreters
        self.stderr_path = stderr_path
        self.memory_limit = memory_limit
        fd, name = tempfile.mkstemp(prefix="storydesk-progress-")
        os.ftruncate(fd, PROGRESS_BYTES)
        self.progress_path = Path(name)
        self._map = mmap.mmap(fd, PROGRESS_BYTES)
        os.close(fd)
        self.region = memoryview(self._map)
        self._lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None
        self.ready = False
        self.restarts = -1
        self.abandoned = 0
        self.builds = 0
        self._closed = False
        self._start()

    # -- the process ------------------------------------------------------------------------------------
    def _start(self) -> None:
        # no story of an earlier process can be blamed (each build clears it too, in the process)
        self.region[:] = bytes(PROGRESS_BYTES)
        cmd = [*service_command(), "--progress", str(self.progress_path)]
        if not self.use_subinterpreters:
            cmd.append("--no-use-subinterpreters")
        if self.memory_limit is not None:
            cmd += ["--memory-limit", str(self.memory_limit)]
        cmd += ["--log-level", logging.getLevelName(logging.getLogger("storydesk").getEffectiveLevel())]
        err = open(self.stderr_path, "ab") if self.stderr_path else None  # noqa: SIM115 - owned by the child
        # its own session: a Ctrl+C in the terminal is the app's to handle, not a crash of the story rendering
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, bufsize=0, start_new_session=True
        )
        if err:
            err.close()
        self.ready = False
        self.restarts += 1
        log.info("build process started (pid %d)", self.proc.pid)

    def _stop(self) -> None:
        """Kill the process (it may be running user code that never returns) and reap it."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        for stream in (proc.stdin, proc.stdout):
            if stream:
                stream.close()

    def _replace(self) -> None:
        self._stop()
        if not self._closed:
            self._start()

    def _read(self, timeout: float | None) -> dict[str, Any] | None | bool:
        """The next frame; ``None`` when the process ended (or was closed); ``False`` when ``timeout`` (s)
        passed first.
        """
        if self.proc is None or self.proc.stdout is None:
            return None
        fd = self.proc.stdout.fileno()
        if not select.select([fd], [], [], timeout)[0]:
            return False
        return frames.read(fd)

    def wait_ready(self, timeout: float | None = READY_TIMEOUT_S) -> bool:
        """Wait until the process has warmed (its first frame); return whether it did."""
        with self._lock:
            return self._ensure_ready(timeout)

    def _ensure_ready(self, timeout: float | None) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            self._replace()
        if self.proc is None:  # closed
            return False
        if not self.ready:
            frame = self._read(timeout)
            self.ready = isinstance(frame, dict) and frame.get("event") == "ready"
        return self.ready

    # -- builds -----------------------------------------------------------------------------------------
    def build(
        self,
        root: Path | str,
        out: Path | str,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        overrides: dict[str, dict] | None = None,
        quarantine: dict[str, str] | None = None,
        story_timeout_s: float | None = None,
    ) -> BuildResult:
        """Build ``root`` into ``out`` in the build process (:meth:`storydesk.build.builder.Builder.build`
        describes the arguments); never raises. Blocks the calling thread (the app's build worker), never the
        GUI.
        """
        t0 = time.perf_counter()
        request = {
            "cmd": "build",
            "root": str(Path(root).resolve()),
            "out": str(Path(out).resolve()),
            "timeout_s": timeout_s,
            "overrides": overrides or {},
            "quarantine": quarantine or {},
            "story_timeout_s": story_timeout_s,
        }
        with self._lock:
            if self._closed:
                return BuildResult.failure("the build process is closed")
            for _ in range(2):  # a process that died between builds: once more with a new one
                if not self._ensure_ready(READY_TIMEOUT_S):
                    self._replace()
                    continue
                assert self.proc is not None and self.proc.stdin is not None
                try:
                    frames.write(self.proc.stdin.fileno(), request)
                except OSError:
                    self._replace()
                    continue
                break
            else:
                return BuildResult.failure("the build process could not be started (see its log)")
            try:
                result = self._await(None if timeout_s is None else timeout_s + GRACE_S)
            except Exception as exc:  # noqa: BLE001 - a garbled frame, a process that cannot be restarted
                log.exception("the build process failed")
                with contextlib.suppress(Exception):
                    self._replace()
                result = BuildResult.failure(f"the build process failed: {type(exc).__name__}: {exc}")
            self.builds += 1
        result.phases = {**result.phases, "process": (time.perf_counter() - t0) * 1000 - result.total_ms}
        return result

    def _await(self, limit_s: float | None) -> BuildResult:
        """The result of the request just sent, whatever happens to the process meanwhile."""
        end = None if limit_s is None else time.monotonic() + limit_s
        while True:
            frame = self._read(None if end is None else max(0.0, end - time.monotonic()))
            if isinstance(frame, dict):
                result = BuildResult.from_bytes(frame["result"])
                if result.timed_out:  # an abandoned interpreter or thread there may still run: none stays
                    self.abandoned += 1
                    self._replace()
                elif result.leaked:  # a story's thread still runs there
                    log.warning("stories %s left threads running; replacing the build process", result.leaked)
                    self._replace()
                return result
            if self.proc is None:
                return BuildResult.failure("the build process was closed")
            story = self._rendering()
            if frame is False:  # it stopped answering
                self.abandoned += 1
                self._replace()
                return self._died(story, "stopped the build process from answering", " (it stopped answering)")
            try:
                code = self.proc.wait(10)
            except subprocess.TimeoutExpired:  # it closed its end but lives on
                self.proc.kill()
                code = self.proc.wait()
            self._replace()  # at once, in the background: the next build waits for it to warm
            return self._died(story, how_it_died(code), f" (exit status {code})")

    def _rendering(self) -> str:
        texts = [pipeline.read_progress(self.region[i : i + 1024]) for i in range(0, PROGRESS_BYTES, 1024)]
        return next((text for text in texts if text), "")

    @staticmethod
    def _died(story: str, how: str, status: str) -> BuildResult:
        if story:
            log.error("story %s %s; it is quarantined", story, how)
            result = BuildResult.failure(f"story {story!r} {how}", file=story)
            result.stalled = {"story": story, "reason": how}
            return result
        log.error("the build process failed while no story was rendering%s", status)
        return BuildResult.failure(f"the build process failed while no story was rendering{status}; see its log")

    def close(self, wait_s: float = 1.0) -> None:
        """Stop the process: closing its stdin ends it between builds; a build in progress is not waited for
        (the process is killed after ``wait_s`` s, and the build thread waiting for it sees it end). Never
        blocks for long: the app calls this when its window closes.
        """
        self._closed = True
        proc = self.proc
        if proc is not None:
            with contextlib.suppress(OSError):
                if proc.stdin is not None:
                    proc.stdin.close()
            try:
                proc.wait(wait_s)
            except subprocess.TimeoutExpired:
                proc.kill()
        with self._lock:  # the build thread, if any, has seen the process end and let go
            self._stop()
            self.region.release()
            self._map.close()
            self.progress_path.unlink(missing_ok=True)
