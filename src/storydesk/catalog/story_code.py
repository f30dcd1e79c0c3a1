"""The ``Story(...)`` call of a story as written in its ``stories.py`` (issue 14's Source panel and docs pages).

The build records where each story was made (the line of its ``Story(...)`` call, :attr:`storydesk.Story.
defined_at`); this reads that file now and cuts the call out of it, so what is shown is the user's own text,
comments inside the call and formatting kept.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

_TRIPLE = ("'''", '"""')


def story_call(file: str, line: int, cache: dict | None = None) -> str:
    """The source text of the ``Story(...)`` call in ``file`` that spans ``line`` (1-based), its continuation
    lines dedented; ``""`` when the file cannot be read or holds no such call there. ``cache`` (``{file: its
    text}``) keeps each file read once, for a docs page's stories.

    The call is cut by :func:`scan_call`; where that finds none, the file is parsed with :mod:`ast`. Parsing
    every ``stories.py`` cost 0.2 ms a story, a quarter of a full build of the 3,000-story bench catalog
    (``cProfile`` of an in-process build); the scan costs ~0.01 ms.
    """
    if cache is None or file not in cache:
        try:
            text: str | None = Path(file).read_text(encoding="utf-8")
        except OSError, UnicodeDecodeError:
            text = None
        if cache is not None:
            cache[file] = text
    else:
        text = cache[file]
    if text is None:
        return ""
    found = scan_call(text, line)
    if found is not None:
        return found
    spanning = [(start, code) for start, end, code in _story_calls(text) or () if start <= line <= end]
    return max(spanning)[1] if spanning else ""  # the innermost, should Story calls nest


def scan_call(source: str, line: int) -> str | None:
    """The ``Story(...)`` call that starts on ``line`` (the last one on it: the innermost), cut by matching its
    brackets outside strings and comments, dedented; ``None`` when the line starts none or its brackets do not
    close (the caller then parses the file).
    """
    lines = source.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    at = text.rfind("Story(")
    if at == -1 or (at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")):
        return None  # none, or another name ending in Story (MyStory(...))
    begin = at
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "._"):
        begin -= 1  # storydesk.Story(
    rest = "".join(lines[line - 1 :])
    i, depth, quote = at + len("Story"), 0, ""
    while i < len(rest):
        c = rest[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if rest.startswith(quote, i):
                i, quote = i + len(quote), ""
                continue
        elif c in "'\"":
            quote = rest[i : i + 3] if rest[i : i + 3] in _TRIPLE else c
            i += len(quote)
            continue
        elif c == "#":
            i = rest.find("\n", i)
            if i == -1:
                return None
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return textwrap.dedent(" " * begin + rest[begin : i + 1]).strip()
        i += 1
    return None


def _story_calls(source: str) -> list[tuple[int, int, str]] | None:
    """``(first line, last line, dedented text)`` of every ``Story(...)`` call in ``source`` (``None``: it cannot
    be parsed).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError, ValueError:
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
