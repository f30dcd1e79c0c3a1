"""The ``Story(...)`` call of a story as written in its ``stories.py`` (issue 14's Source panel).

The build records where each story was made (the line of its ``Story(...)`` call, :attr:`storydesk.Story.
defined_at`); this reads that file now and cuts the call out of it with :mod:`ast`, so what is shown is the
user's own text, comments inside the call and formatting kept.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path


def story_call(file: str, line: int, cache: dict | None = None) -> str:
    """The source text of the ``Story(...)`` call in ``file`` that spans ``line`` (1-based), its continuation
    lines dedented; ``""`` when the file cannot be read or parsed, or holds no such call there. ``cache``
    (``{file: its calls}``) keeps each file read and parsed once, for a docs page's stories.
    """
    if cache is None or file not in cache:
        calls = _story_calls(file)
        if cache is not None:
            cache[file] = calls
    else:
        calls = cache[file]
    spanning = [(start, text) for start, end, text in calls or () if start <= line <= end]
    return max(spanning)[1] if spanning else ""  # the innermost, should Story calls nest


def _story_calls(file: str) -> list[tuple[int, int, str]] | None:
    """``(first line, last line, dedented text)`` of every ``Story(...)`` call in ``file`` (``None``: it cannot
    be read or parsed).
    """
    try:
        source = Path(file).read_text(encoding="utf-8")
        tree = ast.parse(source)
    except OSError, SyntaxError, ValueError, UnicodeDecodeError:
        return None
    return [
        (
            node.lineno,
            node.end_lineno or node.lineno,
            textwrap.dedent(ast.get_source_segment(source, node, padded=True) or "").strip(),
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name(node.func) == "Story"
    ]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""
