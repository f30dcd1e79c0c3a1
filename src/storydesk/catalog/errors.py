"""Errors raised while discovering or building a catalog, each naming the file (and line) at fault."""

from __future__ import annotations

import os
import traceback
from pathlib import Path


class CatalogError(Exception):
    """A catalog cannot be discovered: a missing, misplaced or malformed ``stories.py``, or a failing import.

    Attributes:
        message: one line saying what is wrong.
        file: the file at fault (``str`` path) or ``""``.
        line: the 1-based line number, or 0 when unknown.
        details: the formatted traceback of the underlying exception, or ``""``.
    """

    def __init__(self, message: str, file: str | Path = "", line: int = 0, details: str = "") -> None:
        self.message = message
        self.file = str(file)
        self.line = line
        self.details = details
        where = f"{self.file}:{line}: " if file and line else (f"{self.file}: " if file else "")
        super().__init__(f"{where}{message}")

    def to_dict(self) -> dict[str, str | int]:
        """Return a JSON-ready dict with ``message``, ``file``, ``line`` and ``details``."""
        return {"message": self.message, "file": self.file, "line": self.line, "details": self.details}


#: s a thread a story started may still run after the story returned (a short-lived helper is fine)
THREAD_GRACE_S = 0.1
#: The card's words for a story that left a thread running (issue 10: "a thread that never ends").
LEFT_A_THREAD = f"started a thread that was still running {THREAD_GRACE_S:g} s after it returned"


class BuildCancelled(BaseException):
    """The person running the build asked to stop it (Ctrl+C in ``storydesk build``).

    Everything a story raises, ``SystemExit`` and ``KeyboardInterrupt`` included, becomes that story's error
    card (issue 10); this one alone passes through, so a real interrupt still stops the build.
    """


def location_in(exc: BaseException, root: Path) -> tuple[str, int]:
    """Return ``(file, line)`` of the innermost traceback frame inside ``root``, or of ``exc`` itself.

    A ``SyntaxError`` carries its own file and line; for other exceptions the deepest frame whose file lies
    under ``root`` (the user's catalog) is the one a user wants to see.
    """
    if isinstance(exc, SyntaxError) and exc.filename:
        return exc.filename, exc.lineno or 0
    found = ("", 0)
    root_s = str(root)
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename.startswith(root_s):
            found = (frame.f_code.co_filename, lineno)
    return found


#: Frames from these files are folded out of the tracebacks users read: storydesk's own and the import
#: machinery's (issue 11: the user's frames come first).
_PACKAGE = str(Path(__file__).resolve().parent.parent) + os.sep
_DEMO = _PACKAGE + "demo" + os.sep  # the bundled demo catalog is user code, not storydesk's
_FOLDED = ("<frozen importlib", os.sep + "importlib" + os.sep)


_TRACKING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "depends.py")


def _folded(filename: str) -> bool:
    ours = filename.startswith(_PACKAGE) and not filename.startswith(_DEMO)
    return ours or any(part in filename for part in _FOLDED)


def format_exception(exc: BaseException) -> str:
    """Return the formatted traceback of ``exc`` (its causes and contexts too) with storydesk's and
    importlib's frames folded into one note line, so the user's own frames are what it shows (Python's
    ``^`` carets kept).
    """
    te = traceback.TracebackException.from_exception(exc)
    hidden = 0
    seen: set[int] = set()
    todo = [te]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        # the import wrappers of an incremental build's dependency tracking are not counted: the same error
        # reads the same in an incremental and a full build (issue 13)
        stack = [frame for frame in current.stack if frame.filename != _TRACKING]
        kept = [frame for frame in stack if not _folded(frame.filename)]
        # a SyntaxError names its own file, line and caret: its import machinery frames all fold
        if kept or not stack or getattr(current, "filename", None) is not None:
            hidden += len(stack) - len(kept)
            current.stack = traceback.StackSummary.from_list(kept)
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
    text = "".join(te.format())
    if hidden:
        text += f"({hidden} frame{'s' if hidden > 1 else ''} of storydesk and importlib not shown)\n"
    return text


#: Lines of a story's output that storydesk itself added (the app logs them as warnings; see
#: :func:`storydesk.catalog.render.markup_warnings`).
WARNING_PREFIX = "storydesk warning: "
