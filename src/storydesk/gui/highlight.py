"""Syntax colouring of a story's HTML source for the HTML source panel (issue 14).

Pygments' ``HtmlLexer`` splits the pretty-printed HTML into tokens (a well-kept lexer, not our own); each
kind gets a colour per theme, and the panel draws each line as a row of coloured text items (Dear PyGui text
has one colour per item). On the light theme's child background every colour has a contrast of at least
4.5:1 (WCAG AA), as its other text does; ``tests/test_story_code.py`` checks it.
"""

from __future__ import annotations

from pygments.lexers.html import HtmlLexer
from pygments.token import Comment, Name, Operator, Punctuation, String, Token, _TokenType

#: The most lines drawn; a longer source says how many more there are (Copy still copies all of it).
MAX_LINES = 400
#: Colours per token kind and theme: ``{kind: {"dark": rgb, "light": rgb}}``; ``"text"`` for the rest.
COLOURS: dict[str, dict[str, tuple[int, int, int]]] = {
    "tag": {"dark": (86, 156, 214), "light": (20, 60, 170)},
    "attribute": {"dark": (156, 220, 254), "light": (120, 40, 130)},
    "string": {"dark": (206, 145, 120), "light": (160, 50, 20)},
    "punctuation": {"dark": (150, 150, 160), "light": (80, 80, 90)},
    "comment": {"dark": (106, 153, 85), "light": (40, 110, 40)},
    "text": {"dark": (220, 220, 220), "light": (25, 25, 30)},
}
_KINDS: list[tuple[_TokenType, str]] = [
    (Comment, "comment"),
    (Name.Tag, "tag"),
    (Name.Attribute, "attribute"),
    (String, "string"),
    (Operator, "punctuation"),
    (Punctuation, "punctuation"),
]
_LEXER = HtmlLexer(stripnl=False, ensurenl=False)


def kind(token: _TokenType) -> str:
    """The colour kind of a Pygments token type (``"text"`` for anything not coloured)."""
    return next((name for parent, name in _KINDS if token in parent), "text")


def lines(source: str, max_lines: int = MAX_LINES) -> tuple[list[list[tuple[str, str]]], int]:
    """``source`` as lines of ``(kind, text)`` runs (neighbouring runs of one kind merged), at most
    ``max_lines`` of them, and how many lines were left out.
    """
    rows: list[list[tuple[str, str]]] = [[]]
    for token, text in _LEXER.get_tokens(source):
        name = kind(token) if token is not Token.Text.Whitespace else "text"
        for number, part in enumerate(text.split("\n")):
            if number:
                rows.append([])
            if not part:
                continue
            row = rows[-1]
            if row and row[-1][0] == name:
                row[-1] = (name, row[-1][1] + part)
            else:
                row.append((name, part))
    while rows and not rows[-1]:
        rows.pop()
    return rows[:max_lines], max(0, len(rows) - max_lines)
