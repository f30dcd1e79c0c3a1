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
    (``{file: (source, tree) or None}``) keeps each file read and parsed once, for a docs page's stories.
    """
    if cache is None or file not in cache:
        try:
            text = Path(file).read_text(encoding="utf-8")
            parsed: tuple[str, ast.Module] | None = (text, ast.parse(text))
        except OSError, SyntaxError, ValueError, UnicodeDecodeError:
            parsed = None
        if cache is not None:
            cache[file] = parsed
    else:
        parsed = cache[file]
    if parsed is None:
        return ""
    source, tree = parsed
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and _name(node.func) == "Story"
        and node.lineno <= line <= (node.end_lineno or node.lineno)
    ]
    if not calls:
        return ""
    call = max(calls, key=lambda node: node.lineno)  # the innermost, should Story calls nest
    text = ast.get_source_segment(source, call, padded=True) or ""
    return textwrap.dedent(text).strip()


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""
