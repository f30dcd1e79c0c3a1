"""The app's side of the preview pane: starts ``python -m storydesk.pane`` and talks JSON lines to it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from storydesk.pane.protocol import decode, encode

log = logging.getLogger("storydesk.pane")


PANE_FLAG = "--storydesk-pane"


def pane_command() -> list[str]:
    """The command that starts a pane process: ``python -m storydesk.pane``, or in a frozen (PyInstaller)
    app its own start script (``STORYDESK_BUNDLE_EXEC``, else the executable) with ``--storydesk-pane``,
    which the bundle's launcher dispatches on.
    """
    if getattr(sys, "frozen", False):
        return [os.environ.get("STORYDESK_BUNDLE_EXEC", sys.executable), PANE_FLAG]
    return [sys.executable, "-m", "storydesk.pane"]


class PaneClient:
    """One pane child process.

    Args:
        on_event: called on the reader thread with each event dict from the pane, and finally with
            ``{"event": "exited", "code": int}`` when the process ends (for whatever reason).
        stderr_path: file that receives the pane's stderr (Qt and Chromium are chatty), or ``None`` to inherit.
    """

    def __init__(self, on_event: Callable[[dict], None], stderr_path: Path | None = None) -> None:
        self.on_event = on_event
        self.stderr_path = stderr_path
        self.proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._stopping = False

    @property
    def pid(self) -> int | None:
        """The process id (``None`` before :meth:`start`)."""
        return self.proc.pid if self.proc else None

    @property
    def alive(self) -> bool:
        """Whether the child process is running."""
        return self.proc is not None and self.proc.poll() is None

    def start(
        self, url: str, title: str = "storydesk preview", geometry: tuple[int, int, int, int] | None = None
    ) -> None:
        """Start the pane showing ``url``; ``geometry`` is ``(x, y, w, h)`` in screen px.

        Raises:
            OSError: the process could not be started.
        """
        cmd = [*pane_command(), url, "--title", title]
        if geometry:
            cmd += ["--geometry", ",".join(str(int(v)) for v in geometry)]
        err = open(self.stderr_path, "ab") if self.stderr_path else None  # noqa: SIM115 - owned by the child
        self._stopping = False
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True, bufsize=1, encoding="utf-8"
        )
        if err:
            err.close()
        log.info(
            "preview pane started (pid %d)%s",
            self.proc.pid,
            f", its log: {self.stderr_path}" if self.stderr_path else "",
        )
        threading.Thread(target=self._read, args=(self.proc,), name="storydesk-pane-reader", daemon=True).start()

    def _read(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                self.on_event(decode(line))
            except ValueError:
                log.warning("pane sent a bad line: %r", line[:200])
        code = proc.wait()
        self.on_event({"event": "exited", "code": code, "pid": proc.pid, "expected": self._stopping})

    def send(self, **message) -> bool:
        """Send one command; return False (and log) if the pane is not running."""
        with self._lock:
            if not self.alive or self.proc is None or self.proc.stdin is None:
                return False
            try:
                self.proc.stdin.write(encode(message))
                self.proc.stdin.flush()
                return True
            except BrokenPipeError, OSError, ValueError:
                return False

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the pane to quit, then terminate or kill it if it does not within ``timeout`` s."""
        proc = self.proc
        if proc is None:
            return
        self._stopping = True
        self.send(cmd="quit")
        try:
            if proc.stdin:
                proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(min(2.0, timeout))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
