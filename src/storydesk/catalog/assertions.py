"""Running a story's ``assertions`` against what it rendered (Storyville's ``Story.assertions``, issue 12).

Each assertion is a callable taking the rendered story (a :class:`RenderedStory`) and raising
``AssertionError`` when the story is wrong; returning normally passes. Results are named ``Assertion 1``,
``Assertion 2``... as in Storyville and shown as pass/fail badges on the story page, in the site's tree and in
the app. Any other exception also fails the assertion, its message starting with ``Critical error:`` as
Storyville's do.

Assertions are skipped when the environment variable :data:`ASSERTIONS_ENV` is ``"0"``: ``storydesk
--no-with-assertions`` and ``storydesk build --no-with-assertions`` set it, so every build process and
interpreter of that run sees it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from storydesk.catalog.errors import BuildCancelled, location_in

#: ``"0"`` turns assertions off for this process and the processes and interpreters it starts
ASSERTIONS_ENV = "STORYDESK_ASSERTIONS"


def assertions_enabled() -> bool:
    """Whether assertions run (:data:`ASSERTIONS_ENV` is not ``"0"``)."""
    return os.environ.get(ASSERTIONS_ENV, "1") != "0"


@dataclass(frozen=True)
class RenderedStory:
    """The rendered story handed to each assertion: ``str()`` and ``__html__()`` give its HTML, as
    Storyville's rendered nodes did; the query helpers of :mod:`storydesk.assertions` accept it.
    """

    html: str

    def __str__(self) -> str:
        return self.html

    def __html__(self) -> str:
        """The story's HTML (the ``__html__`` protocol of markupsafe and tdom)."""
        return self.html


@dataclass(frozen=True)
class AssertionResult:
    """One assertion's outcome: ``name`` (``"Assertion N"``), ``passed``, the first line of its ``message``
    when it failed, and ``file``/``line`` of the failing code in the catalog (when known).
    """

    name: str
    passed: bool
    message: str = ""
    file: str = ""
    line: int = 0

    def to_dict(self) -> dict:
        """The JSON-ready form kept in the build manifest."""
        return {"name": self.name, "passed": self.passed, "message": self.message, "file": self.file, "line": self.line}


def run_assertions(
    html: str,
    assertions: Iterable[Callable[[RenderedStory], object]],
    root: Path,
    defined_at: tuple[str, int] = ("", 0),
) -> list[AssertionResult]:
    """Run ``assertions`` on the story rendered as ``html``; never raises except :class:`BuildCancelled`.

    Args:
        html: the story's rendered HTML.
        assertions: the story's ``assertions``, in order.
        root: the catalog folder, to name the file and line of a failing assertion.
        defined_at: ``(file, line)`` of the story's ``Story(...)``: where a failure raised outside the catalog
            is placed when the assertion does not say where it was made (a query helper of
            :mod:`storydesk.assertions` does: its ``defined_at``).
    """
    story = RenderedStory(html)
    results = []
    for number, assertion in enumerate(assertions, start=1):
        name = f"Assertion {number}"
        # a query helper knows the line that made it; a plain callable's failure is found in its traceback
        made = getattr(assertion, "defined_at", None)
        fallback = made if isinstance(made, tuple) and made and made[0] else defined_at
        try:
            assertion(story)
        except BuildCancelled:
            raise
        except AssertionError as exc:
            file, line = _where(exc, root, fallback)
            results.append(AssertionResult(name, False, _first_line(exc) or "AssertionError", file, line))
        except BaseException as exc:  # noqa: BLE001 - a broken assertion fails, it does not fail the build
            file, line = _where(exc, root, fallback)
            message = f"Critical error: {type(exc).__name__}: {_first_line(exc)}"
            results.append(AssertionResult(name, False, message, file, line))
        else:
            results.append(AssertionResult(name, True))
    return results


def _where(exc: BaseException, root: Path, defined_at: tuple[str, int]) -> tuple[str, int]:
    """The catalog's file and line where ``exc`` was raised, else the story's ``Story(...)``."""
    file, line = location_in(exc, root)
    return (file, line) if file else defined_at


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""
