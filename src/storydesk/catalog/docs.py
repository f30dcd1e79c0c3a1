"""A subject's docs page (issue 14): its props table and its variants matrix, beside every story with its
source.

**Props table.** One row per keyword parameter of the subject's target: the name, the type as written in the
source (cut from it with ``ast``; else ``annotationlib``'s ``Format.STRING``), the
default, whether it is required, and the parameter's description from the target's docstring (Google, NumPy,
reST or Epydoc style, parsed by ``docstring_parser``; a dataclass component's ``Attributes:`` count too).

**Variants matrix.** The component rendered for every combination of two props with finite values (``bool``,
``Literal``, ``Enum``), the other props at the first story's values, as Storybook's "pseudo states" and
Histoire's variant grids show it. Every pair of the first four finite props gets a matrix of at most
:data:`MAX_CELLS` cells (bigger ones are left out, the page says so); the page shows the subject's
``variants`` pair (or the first) and two selects switch between them (``assets/site.js``).

Pure Python, and run inside the build's interpreter like the stories: what the user's code does here (a
docstring that cannot be parsed, an annotation that cannot be read, a cell that raises) is shown on the page,
never fails the build.
"""

from __future__ import annotations

import annotationlib
import ast
import enum
import functools
import inspect
import itertools
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from storydesk.catalog.model import Story, Subject
from storydesk.catalog.output import captured
from storydesk.catalog.props import describe
from storydesk.catalog.render import Rendered, render_variant, target_of
from storydesk.catalog.story_code import story_call

#: The most cells one variants matrix renders (the issue's cap: 8 x 8).
MAX_CELLS = 64
#: How many finite props matrices are made from (their pairs: at most 6 matrices).
MAX_AXES = 4


@dataclass
class PropRow:
    """One row of the props table: ``name``, ``type`` as written (``""``: none), ``default`` as code (``""``:
    none), whether it is ``required``, and its ``description`` from the docstring (``""``: none).
    """

    name: str
    type: str
    default: str
    required: bool
    description: str


@dataclass
class Matrix:
    """A variants matrix: the ``rows`` prop's and the ``columns`` prop's values (JSON-ready: enum members by
    name), and ``cells[i][j]``, the component rendered with the i-th row value and the j-th column value.
    """

    rows: str
    columns: str
    row_values: list[Any]
    column_values: list[Any]
    cells: list[list[Rendered]] = field(default_factory=list)


def _per_target[R](fn: Callable[[Any], R]) -> Callable[[Any], R]:
    """``fn(target)`` cached per target (at most 512), uncached for a target that cannot be hashed."""
    cached = functools.lru_cache(maxsize=512)(fn)

    @functools.wraps(fn)
    def call(target: Any) -> R:
        try:
            hash(target)
        except TypeError:
            return fn(target)
        return cached(target)

    return call


def _unwrap(target: Any) -> Any:
    return inspect.unwrap(target) if callable(target) else target


def _default_code(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _descriptions(target: Any) -> dict[str, str]:
    """``{parameter: description}`` from ``target``'s docstring (its class's for a dataclass component)."""
    doc = inspect.getdoc(target) or ""
    if not doc:
        return {}
    from docstring_parser import ParseError, parse  # imported only for a target with a docstring

    try:
        parsed = parse(doc)
    except ParseError, ValueError:
        return {}
    return {p.arg_name: " ".join((p.description or "").split()) for p in parsed.params if p.arg_name}


def written_annotations(target: Any) -> dict[str, str]:
    """``{parameter: its annotation's text}`` cut from ``target``'s source (a function's parameters, a class's
    annotated fields), so a type reads as the user wrote it; ``{}`` when its source cannot be read.
    """
    try:
        source = textwrap.dedent(inspect.getsource(_unwrap(target)))
        node = ast.parse(source).body[0]
    except OSError, TypeError, SyntaxError, IndexError:
        return {}
    found: dict[str, str] = {}
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        a = node.args
        for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs]:
            if arg.annotation is not None:
                found[arg.arg] = ast.get_source_segment(source, arg.annotation) or ""
    elif isinstance(node, ast.ClassDef):
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                found[item.target.id] = ast.get_source_segment(source, item.annotation) or ""
    return {name: " ".join(text.split()) for name, text in found.items() if text}


def props_table(target: Any) -> list[PropRow]:
    """The props table of ``target`` (``[]`` for ``None`` or a callable without a signature); ``*args``,
    ``**kwargs`` and ``children`` are left out, as in the props form (:mod:`storydesk.catalog.props`).
    """
    if target is None:
        return []
    try:
        signature = inspect.signature(target, annotation_format=annotationlib.Format.STRING)
    except TypeError, ValueError, NameError:
        return []
    notes, written = _descriptions(target), written_annotations(target)
    rows = []
    for p in signature.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name == "children":
            continue
        rows.append(
            PropRow(
                p.name,
                written.get(p.name) or ("" if p.annotation is p.empty else str(p.annotation)),
                "" if p.default is p.empty else _default_code(p.default),
                p.default is p.empty,
                notes.get(p.name, ""),
            )
        )
    return rows


def finite_props(target: Any, props: dict[str, Any]) -> dict[str, list[Any]]:
    """``{prop: its values}`` for ``target``'s props with finite values, in signature order: ``bool`` gives
    ``[False, True]``, ``Literal`` its values, an ``Enum`` its members' names.
    """
    finite = {}
    for f in describe(target, props):
        if f["kind"] == "bool":
            finite[f["name"]] = [False, True]
        elif f["kind"] in ("choice", "enum") and f.get("choices"):
            finite[f["name"]] = list(f["choices"])
    return finite


def variants(subject: Subject, root: Path, render: Any = render_variant) -> tuple[list[Matrix], str]:
    """The subject's variants matrices, the chosen pair first, and a note on what was left out (``""``).

    The first story without a template gives the other props' values; ``subject.variants`` (two prop names)
    chooses the pair shown first. ``render`` renders one cell (``render_variant``'s signature; tests count
    calls with it). What the cells print is dropped: the stories' own Console shows what the component prints.
    """
    story = next((s for s in subject.items if s.template is None), None)
    if story is None:
        return [], ""
    target = target_of(subject, story)
    finite = finite_props(target, story.props)
    names = list(finite)[:MAX_AXES]
    if len(names) < 2:
        return [], ""
    pairs = list(itertools.combinations(names, 2))
    wanted = tuple(getattr(subject, "variants", ()) or ())
    if len(wanted) == 2 and wanted[0] in finite and wanted[1] in finite:
        chosen = (wanted[0], wanted[1])
        pairs = [chosen] + [p for p in pairs if set(p) != set(chosen)]
    matrices, skipped = [], []
    with captured():
        for rows, columns in pairs:
            if len(finite[rows]) * len(finite[columns]) > MAX_CELLS:
                skipped.append(f"{rows} x {columns}")
                continue
            matrix = Matrix(rows, columns, finite[rows], finite[columns])
            for row in finite[rows]:
                matrix.cells.append([render(subject, story, root, {rows: row, columns: c}) for c in finite[columns]])
            matrices.append(matrix)
    note = f"Left out, over {MAX_CELLS} cells: {', '.join(skipped)}." if skipped else ""
    return matrices, note


# -- HTML -------------------------------------------------------------------------------------------------------
def _e(value: object) -> str:
    return "" if value is None else escape(str(value))


def where_link(file: str, line: int, label: str = "") -> str:
    """A ``file:line`` a click on opens in the user's editor inside the pane (``assets/site.js``): a button (it
    goes nowhere outside the pane, and Enter works on it), drawn as a link.
    """
    if not file:
        return ""
    return (
        f'<button type="button" class="sd-where" data-sd-file="{_e(file)}" data-sd-line="{int(line or 0)}" '
        f'title="Open in your editor">{_e(label or f"{Path(file).name}:{line}")}</button>'
    )


@_per_target
def target_location(target: Any) -> tuple[str, int]:
    """``(file, line)`` where ``target`` is defined (``("", 0)`` when unknown: a builtin, a lambda in a REPL)."""
    try:
        inner = _unwrap(target)
        file = inspect.getsourcefile(inner) or ""
        line = inspect.getsourcelines(inner)[1] if file else 0
    except TypeError, OSError:
        return "", 0
    return file, line


@_per_target
def props_html(target: Any) -> str:
    """The props table section (``""`` when the target has no props); cached per target, as the props form's
    field specs are (:mod:`storydesk.catalog.props`): subjects often share a component, and a new version of
    it after an edit is another object.
    """
    rows = props_table(target)
    if not rows:
        return ""
    body = "".join(
        f"<tr><td><code>{_e(r.name)}</code></td><td><code>{_e(r.type)}</code></td>"
        f"<td>{'<code>' + _e(r.default) + '</code>' if r.default else ''}</td>"
        f"<td>{'yes' if r.required else ''}</td><td>{_e(r.description)}</td></tr>"
        for r in rows
    )
    return (
        '<section class="sd-docs-props"><h2>Props</h2><div class="sd-scroll"><table class="sd-props-table"><thead>'
        f"<tr><th>Name</th><th>Type</th><th>Default</th><th>Required</th><th>Description</th></tr></thead>"
        f"<tbody>{body}</tbody></table></div></section>"
    )


def _value_label(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _cell(rendered: Rendered) -> str:
    if rendered.error is not None:
        message = _e(rendered.error.message)
        return f'<td class="sd-variant sd-variant-error" title="{message}">{message}</td>'
    return f'<td class="sd-variant">{rendered.html}</td>'


def variants_html(matrices: list[Matrix], note: str) -> str:
    """The variants section: one table per matrix, the first shown, and the two selects that choose another
    (``data-sd-rows``/``data-sd-columns``; without the site's script every matrix is listed).
    """
    if not matrices:
        return ""
    names = list(dict.fromkeys(n for m in matrices for n in (m.rows, m.columns)))

    def select(role: str, chosen: str) -> str:
        options = "".join(f"<option{' selected' if n == chosen else ''}>{_e(n)}</option>" for n in names)
        return f'<label>{role.title()} <select data-sd-axis="{role}">{options}</select></label>'

    tables = []
    for number, m in enumerate(matrices):
        head = "".join(f"<th>{_e(_value_label(v))}</th>" for v in m.column_values)
        rows = "".join(
            f"<tr><th>{_e(_value_label(v))}</th>{''.join(_cell(c) for c in cells)}</tr>"
            for v, cells in zip(m.row_values, m.cells, strict=True)
        )
        tables.append(
            f'<table class="sd-variants" data-sd-rows="{_e(m.rows)}" data-sd-columns="{_e(m.columns)}"'
            f"{' hidden' if number else ''}><caption>{_e(m.rows)} (rows) by {_e(m.columns)} (columns)</caption>"
            f"<thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>"
        )
    first = matrices[0]
    return (
        '<section class="sd-docs-variants"><h2>Variants</h2>'
        f'<p class="sd-variant-axes">{select("rows", first.rows)} {select("columns", first.columns)}</p>'
        f'<p class="sd-variant-note sd-description" hidden></p><div class="sd-scroll">{"".join(tables)}</div>'
        f"{f'<p class=sd-description>{_e(note)}</p>' if note else ''}</section>"
    )


def story_source_html(story: Story, sources: dict) -> str:
    """A story's ``Story(...)`` call as written, with its ``file:line`` (``""`` when not known). ``sources``
    caches each file read and parsed (:func:`storydesk.catalog.story_code.story_call`).
    """
    file, line = story.defined_at
    if not file:
        return ""
    call = story_call(file, line, sources)
    if not call:
        return ""
    return (
        f'<details class="sd-story-source" open><summary>Source {where_link(file, line)}</summary>'
        f"<pre><code>{_e(call)}</code></pre></details>"
    )
