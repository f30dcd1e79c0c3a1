"""A trailing-edge debounce feeding a single worker thread.

Every :meth:`Debouncer.trigger` records the change and restarts the quiet period; the action runs once the
quiet period has passed since the *last* trigger, so a burst of saves yields one run on the final state. At
most one run is in progress; triggers during a run queue exactly one more run (they are never dropped).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger("storydesk.debounce")

#: The app's quiet period in s (issue 13). One save is one burst of events: measured with the catalog watcher
#: (``python benchmarks/save_patterns.py``, 20 saves each, two runs, 2 cores), the spread from a save's first
#: event to its last was at most 5.2 ms (vim, writebackup), 1.9 ms (vim backupcopy=yes/no), 0.4 ms (VS Code's
#: in-place write), 0.2 ms (JetBrains safe write), 0 ms (write temp + rename) and 4.9 ms (Save All of five
#: files). 25 ms keeps one build per save with a margin of ~5x; saves further apart may each get a build, and
#: as builds run one after another, the newest build's result is always the one shown last.
QUIET_S = 0.025


class Debouncer:
    """Runs ``action(changes)`` on its own thread, ``quiet_s`` seconds after the last trigger.

    Args:
        action: called with the ``set[str]`` of change labels (file paths) collected since the last run.
            Exceptions are logged and do not stop the worker.
        quiet_s: the quiet period in seconds (default 0.05; the app uses :data:`QUIET_S`).
        name: the worker thread's name.
    """

    def __init__(
        self, action: Callable[[set[str]], None], quiet_s: float = 0.05, name: str = "storydesk-build"
    ) -> None:
        self.action = action
        self.quiet_s = quiet_s
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._due = False
        self._last = 0.0
        self._immediate = False
        self._stopped = False
        self._running = False
        self.runs = 0
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def trigger(self, change: str = "", *, immediate: bool = False) -> None:
        """Record ``change`` and (re)start the quiet period; ``immediate`` skips the quiet period."""
        with self._cond:
            if change:
                self._pending.add(change)
            self._due = True
            self._immediate = self._immediate or immediate
            self._last = time.monotonic()
            self._cond.notify_all()

    @property
    def busy(self) -> bool:
        """Whether a run is in progress or due."""
        with self._cond:
            return self._running or self._due

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no run is in progress or due; return False on timeout (s)."""
        end = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._running or self._due:
                remaining = None if end is None else end - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and not self._due:
                    self._cond.wait()
                while not self._stopped and not self._immediate:
                    remaining = self._last + self.quiet_s - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
                if self._stopped:
                    return
                changes, self._pending = self._pending, set()
                self._due = self._immediate = False
                self._running = True
            try:
                self.action(changes)
            except Exception:  # noqa: BLE001 - a failing action must not kill the worker
                log.exception("debounced action failed")
            finally:
                with self._cond:
                    self._running = False
                    self.runs += 1
                    self._cond.notify_all()

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop the worker after any run in progress (waits up to ``timeout`` s)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._thread.join(timeout)
