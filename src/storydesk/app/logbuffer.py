"""Log records kept in memory for the GUI's log panel."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LogLine:
    """One formatted log record: ``time`` (``HH:MM:SS.mmm``), ``level`` name, ``name`` of the logger, ``text``."""

    time: str
    level: str
    name: str
    text: str


class LogBuffer(logging.Handler):
    """A logging handler keeping the last ``capacity`` records as :class:`LogLine` (thread safe).

    ``version`` increases with every record, so views can tell cheaply whether to redraw.
    """

    def __init__(self, capacity: int = 1000) -> None:
        super().__init__(logging.DEBUG)
        self.lines: deque[LogLine] = deque(maxlen=capacity)
        self.version = 0
        self._guard = threading.Lock()
        self._fmt = logging.Formatter(datefmt="%H:%M:%S")
        #: called after each record (from the logging thread): the GUI wakes its idle loop to show it
        self.on_record: Callable[[], None] = lambda: None

    def emit(self, record: logging.LogRecord) -> None:
        """Keep ``record`` as a line (logging.Handler's hook)."""
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + self._fmt.formatException(record.exc_info)
        stamp = f"{self._fmt.formatTime(record, '%H:%M:%S')}.{int(record.msecs):03d}"
        with self._guard:
            self.lines.append(LogLine(stamp, record.levelname, record.name, text))
            self.version += 1
        self.on_record()

    def snapshot(self) -> list[LogLine]:
        """Return the kept lines, oldest first."""
        with self._guard:
            return list(self.lines)
