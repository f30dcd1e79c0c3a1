"""What user code prints during a build: captured per story (and while the catalog is imported), bounded,
and shown in the app instead of the terminal (issue 10: a story printing 200,000 lines flooded the terminal
and showed nothing in the app).

Only Python-level writes to ``sys.stdout``/``sys.stderr`` are caught (``print``, ``logging`` to a stream
made during the story); C code writing to file descriptor 1 or 2 still reaches the terminal. Each build
interpreter has its own ``sys``, so captures in parallel interpreters do not mix.
"""

from __future__ import annotations

import contextlib
import io
from collections import deque
from collections.abc import Iterator

#: Lines kept per capture: the last ones, as a terminal's scroll-back would show them.
MAX_LINES = 200
#: Characters kept per line (the rest is cut, marked with "…"): output without newlines stays bounded too.
MAX_LINE = 2000


class TailWriter(io.TextIOBase):
    """A text stream that keeps the last ``max_lines`` lines written to it (stdout and stderr interleaved, as
    a terminal shows them) and counts the ones it dropped.
    """

    def __init__(self, max_lines: int = MAX_LINES) -> None:
        super().__init__()
        self.max_lines = max_lines
        self.lines: deque[str] = deque(maxlen=max_lines)
        self.partial = ""
        self.total = 0

    def writable(self) -> bool:
        """Always: this is an output stream."""
        return True

    def write(self, text: str) -> int:
        """Append ``text``; return its length (``TextIOBase`` protocol)."""
        *complete, partial = (self.partial + text).split("\n")
        self.lines.extend(_cut(line) for line in complete[-self.max_lines :])
        self.total += len(complete)
        self.partial = _cut(partial)
        return len(text)

    def text(self) -> str:
        """The kept lines, after a note of how many earlier ones were dropped; ``""`` when nothing was written."""
        lines = [*self.lines, *([self.partial] if self.partial else [])]
        dropped = self.total - len(self.lines)
        head = [f"[{dropped} earlier lines not kept; the last {len(self.lines)} follow]"] if dropped else []
        return "\n".join(head + lines)


def _cut(line: str) -> str:
    return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"


@contextlib.contextmanager
def captured(max_lines: int = MAX_LINES) -> Iterator[TailWriter]:
    """Send ``sys.stdout`` and ``sys.stderr`` to a :class:`TailWriter` for the ``with`` block; yield it."""
    writer = TailWriter(max_lines)
    with contextlib.redirect_stdout(writer), contextlib.redirect_stderr(writer):
        yield writer
