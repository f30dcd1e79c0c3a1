"""The props panel: a form for the selected story's props, generated from its target's type hints.

Editing a field re-renders the story (a build with the edit applied) as you type: text and number fields
apply on every change, and the builds coalesce (one runs, one more is queued). A build's result updates the
form in place and never touches the field being edited, so no keystroke or focus is lost (issue 11: the
form used to be rebuilt under the cursor, and typing "Publish now" left "Pu"). JSON fields are multi-line and
show a parse error next to the field until the text is valid. Reset restores the story's own props.
The story's rendered HTML source is shown in a collapsible panel; **Story code** shows its ``Story(...)`` call
as written in its ``stories.py`` and the code that renders it elsewhere (with the prop edits), each with Copy
(issue 14); what its code printed in the last build (stdout and stderr, the last 200 lines) is in another,
**Console**. Form widgets use ``sdp:`` tags, not
``sd:``, so UI-state capture leaves them alone: their truth is ``app.builds.prop_overrides``.
"""

from __future__ import annotations

import json
import logging

import dearpygui.dearpygui as dpg

from storydesk.gui import highlight
from storydesk.gui.hot import callback, hot_module
from storydesk.gui.theme import MUTED, text_colour

log = logging.getLogger("storydesk.gui")
EDITED = (240, 200, 90)
#: the redraw key (storydesk.gui.redraw) of the form: the shape it was made from (:func:`_shape`)
FORM = "props.form"
ERROR_COLOUR = (255, 120, 120)


@hot_module(delegation_targets=["on_prop", "on_none", "on_reset", "on_copy_source", "on_copy_code"])
def build(app, parent) -> None:
    """Add the props form container and the HTML source panel to ``parent``."""
    dpg.add_group(parent=parent, tag="sdp:form")
    dpg.add_group(parent=parent, tag="sdp:checks")  # the story's assertion results (issue 12)
    dpg.add_group(parent=parent, tag="sdp:snapshot:slot")  # changed since its HTML snapshot (issue 15: snapshot.py)
    with dpg.collapsing_header(label="HTML source", parent=parent, tag="sd:hdr:source"):
        # pretty-printed and coloured (issue 14: gui/highlight.py), a row of text items per line, with Copy;
        # the group's user data holds the plain text that Copy copies
        dpg.add_button(label="Copy", tag="sdp:source:copy", callback=callback(__name__, "on_copy_source", app))
        with dpg.child_window(tag="sdp:source:box", height=180, border=False, horizontal_scrollbar=True):
            dpg.add_group(tag="sdp:source", user_data="")
        if not dpg.does_item_exist("sdp:source:lines"):  # the lines close together, as in an editor
            with dpg.theme(tag="sdp:source:lines"), dpg.theme_component(dpg.mvAll):
                dpg.add_theme_style(dpg.mvStyleVar_ItemSpacing, 0, 1)
        dpg.bind_item_theme("sdp:source", "sdp:source:lines")
    # the Story(...) call as written and the code that renders it elsewhere (issue 14), each with Copy
    with dpg.collapsing_header(label="Story code", parent=parent, tag="sd:hdr:code"):
        copy = callback(__name__, "on_copy_code", app)
        dpg.add_button(label="Copy the Story(...) call", tag="sdp:call:copy", callback=copy, user_data="sdp:call")
        dpg.add_text("", tag="sdp:call", wrap=330)
        dpg.add_button(label="Copy the code to reproduce", tag="sdp:repro:copy", callback=copy, user_data="sdp:repro")
        dpg.add_text("", tag="sdp:repro", wrap=330)
    # what the story's code printed while rendering (captured in the build, never on the terminal)
    with dpg.collapsing_header(label="Console", parent=parent, tag="sd:hdr:console"):
        dpg.add_input_text(tag="sdp:console", multiline=True, readonly=True, width=-1, height=160)
    fill(app)


def tick(app) -> None:
    """Refill the form when another story is selected (a build's data arrives through :func:`refresh`)."""
    shown = app.redraw.get(FORM)  # the form's shape (storydesk.gui.redraw: a widget's user data costs 16 us)
    if shown is None or shown[0] != app.ui_state.selected_story:
        fill(app)


def _shape(app, story: str | None) -> tuple:
    """What the form's widgets are made from (not their values): the story and its fields' kinds."""
    known = story in app.stories
    fields = app.story_fields(story) if known else []
    return (
        story,
        known,
        tuple(
            (f["name"], f["kind"], repr(f.get("choices")), f["optional"], f.get("min"), f.get("max")) for f in fields
        ),
    )


def refresh(app) -> None:
    """After a build: update the form's values in place; recreate it only when its fields changed. A field
    being edited (focused or active) keeps what the user is typing.
    """
    story = app.ui_state.selected_story
    shown = app.redraw.get(FORM)
    if shown is None or shown != _shape(app, story) or story not in app.stories:
        fill(app)
        return
    edits = app.builds.prop_overrides.get(story, {})
    for f in app.story_fields(story):
        name = f["name"]
        tag = f"sdp:prop:{name}"
        if not dpg.does_item_exist(tag):
            continue
        edited = name in edits
        dpg.configure_item(tag, label=_label(f, edited, dpg.get_item_user_data(tag)[2]))
        dpg.bind_item_theme(tag, text_colour("edited-prop", EDITED) if edited else 0)
        if dpg.does_item_exist(f"sdp:none:{name}"):
            dpg.set_value(f"sdp:none:{name}", f["value"] is None)
        if dpg.is_item_focused(tag) or dpg.is_item_active(tag) or _shows_error(name):
            continue  # the user is typing here: the build caught up with (part of) it
        dpg.set_value(tag, _widget_value(f, dpg.get_item_user_data(tag)[2]))
    dpg.configure_item("sdp:reset", enabled=bool(edits))
    _fill_outputs(app, story, app.stories[story])


def _label(f: dict, edited: bool, kind: str) -> str:
    return f["name"] + (" (JSON)" if kind == "json" else "") + (" *" if edited else "")


def _widget_value(f: dict, kind: str):
    """The value to show in the field of ``kind`` for the field description ``f``."""
    value = f["value"]
    if kind == "json":
        return _json_text(value)
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value or 0)
    if kind == "float":
        return float(value or 0.0)
    return "" if value is None else str(value)


def _json_text(value) -> str:
    """JSON for the multi-line editor: short values on one line, longer ones indented."""
    text = json.dumps(value)
    return text if len(text) <= 40 else json.dumps(value, indent=2)


def _shows_error(name: str) -> bool:
    tag = f"sdp:error:{name}"
    return dpg.does_item_exist(tag) and dpg.is_item_shown(tag)


def fill(app) -> None:
    """(Re)create the form for ``app.ui_state.selected_story``."""
    story = app.ui_state.selected_story
    dpg.delete_item("sdp:form", children_only=True)
    app.redraw[FORM] = _shape(app, story)
    info = app.stories.get(story or "")
    if not info:
        dpg.add_text("Select a story to edit its props.", parent="sdp:form")
        _fill_source(app, "")
        dpg.set_value("sdp:call", "")
        dpg.set_value("sdp:repro", "")
        dpg.set_value("sdp:console", "")
        dpg.delete_item("sdp:checks", children_only=True)
        return
    edits = app.builds.prop_overrides.get(story, {})
    fields = app.story_fields(story)
    dpg.add_text(f"{info['subject']}: {info['title']}", parent="sdp:form", tag="sdp:title")
    if not fields:
        dpg.add_text("This story has no props to edit.", parent="sdp:form")
    for f in fields:
        _field(app, story, f, f["name"] in edits)
    dpg.add_button(
        label="Reset props",
        parent="sdp:form",
        enabled=bool(edits),
        tag="sdp:reset",
        callback=callback(__name__, "on_reset", app),
        user_data=story,
    )
    _fill_outputs(app, story, info)


def _fill_outputs(app, story: str, info: dict) -> None:
    """The assertion results, HTML source and Console panels of ``story`` (manifest entry ``info``)."""
    _fill_checks(app, info.get("assertions") or [])
    _fill_source(app, app.story_source(story))
    written, code = app.story_code(story)
    dpg.set_value("sdp:call", written or "(not known: the story was made outside a Story(...) call in a file)")
    dpg.set_value("sdp:repro", code or "(none: the story has its own template, or its component no importable name)")
    output = info.get("output") or ""
    dpg.set_value("sdp:console", output or "(the story printed nothing in the last build)")
    dpg.set_item_label("sd:hdr:console", f"Console ({output.count(chr(10)) + 1} lines)" if output else "Console")


def _fill_source(app, text: str) -> None:
    """Show the HTML ``text`` in the HTML source panel, coloured by token kind for the app's theme."""
    dpg.delete_item("sdp:source", children_only=True)
    dpg.set_item_user_data("sdp:source", text)
    theme = app.settings.theme if app.settings.theme in ("dark", "light") else "dark"
    rows, more = highlight.lines(text)
    for row in rows:
        with dpg.group(horizontal=True, horizontal_spacing=0, parent="sdp:source"):
            for kind, part in row or [("text", " ")]:
                dpg.add_text(part, color=highlight.COLOURS[kind][theme])
    if more:
        dpg.add_text(f"... {more} more lines (Copy copies them all)", parent="sdp:source", color=MUTED[theme])


def _fill_checks(app, results: list[dict]) -> None:
    """One line per assertion of the story: ``Assertion 2: failed: message (file:line)`` in the theme's
    failed colour, passed ones in its ok colour, under a count; nothing when the story has no assertions.
    """
    from storydesk.app.status import BuildState
    from storydesk.gui.theme import state_colour

    dpg.delete_item("sdp:checks", children_only=True)
    if not results:
        return
    failed = sum(not r["passed"] for r in results)
    theme = app.settings.theme
    dpg.add_text(
        f"Assertions: {len(results) - failed} passed, {failed} failed",
        parent="sdp:checks",
        tag="sdp:checks:summary",
        color=state_colour(theme, BuildState.FAILED if failed else BuildState.OK),
    )
    for number, r in enumerate(results, start=1):
        where = f" ({r['file'].rsplit('/', 1)[-1]}:{r['line']})" if r.get("line") else ""
        text = f"  {r['name']}: passed" if r["passed"] else f"  {r['name']}: failed: {r['message']}{where}"
        state = BuildState.OK if r["passed"] else BuildState.FAILED
        dpg.add_text(text, parent="sdp:checks", tag=f"sdp:check:{number}", wrap=330, color=state_colour(theme, state))


def _field(app, story: str, f: dict, edited: bool) -> None:
    name, kind, value = f["name"], f["kind"], f["value"]
    data = (story, name, kind, f.get("choices"))
    tag = f"sdp:prop:{name}"
    cb = callback(__name__, "on_prop", app)
    label = _label(f, edited, kind)
    with dpg.group(horizontal=True, parent="sdp:form"):
        width = 200
        if kind == "bool":
            dpg.add_checkbox(label=label, tag=tag, default_value=_widget_value(f, kind), callback=cb, user_data=data)
        elif kind in ("int", "float"):
            _number(kind, f, label, tag, value, width, cb, data)
        elif kind in ("choice", "enum"):
            items = [str(c) for c in f["choices"]]
            dpg.add_combo(
                items,
                label=label,
                tag=tag,
                default_value=_widget_value(f, kind),
                width=width,
                callback=cb,
                user_data=data,
            )
        elif kind == "str":
            dpg.add_input_text(
                label=label,
                tag=tag,
                default_value=_widget_value(f, kind),
                width=width,
                callback=cb,
                user_data=data,
            )
        else:
            _json_field(_label(f, edited, "json"), tag, value, width, cb, data)
        if f["optional"]:
            dpg.add_checkbox(
                label="None",
                tag=f"sdp:none:{name}",
                default_value=value is None,
                user_data=data,
                callback=callback(__name__, "on_none", app),
            )
        if edited:
            dpg.bind_item_theme(tag, text_colour("edited-prop", EDITED))
    if dpg.get_item_user_data(tag)[2] == "json":  # its parse error, shown under it while the text is invalid
        dpg.add_text("", tag=f"sdp:error:{name}", parent="sdp:form", color=ERROR_COLOUR, wrap=320, show=False)


def _json_field(label: str, tag: str, value, width: int, cb, data: tuple) -> None:
    """A multi-line JSON editor, applied as you type whenever the text is valid JSON: for props of any other
    type, and numbers that are not numbers.
    """
    text = _json_text(value)
    dpg.add_input_text(
        label=label,
        tag=tag,
        default_value=text,
        multiline=True,
        width=width,
        height=min(120, 24 + 16 * text.count("\n")) if "\n" in text else 44,
        callback=cb,
        user_data=(*data[:2], "json", None),
    )


def _number(kind: str, f: dict, label: str, tag: str, value, width: int, cb, data) -> None:
    """A number field (doubles for floats: DPG's float widgets are 32-bit, and 1.0 + 0.1 + 0.1 came back as
    1.2000000476837158): a slider between the type's ``annotated_types`` bounds when it has both (``min`` and
    ``max`` from :func:`storydesk.catalog.props.describe`), otherwise an input clamped to the bound it has.
    """
    lo, hi = f.get("min"), f.get("max")
    cast = int if kind == "int" else float
    try:  # the value comes from the story: it may not be a number at all (size: int = "lg")
        v = cast(value or 0)
    except TypeError, ValueError, OverflowError:
        _json_field(label.replace(f["name"], f"{f['name']} (JSON)", 1), tag, value, width, cb, data)
        return
    common = {"label": label, "tag": tag, "width": width, "callback": cb, "user_data": data}
    if lo is not None and hi is not None:
        slider = dpg.add_slider_int if kind == "int" else dpg.add_slider_double
        slider(default_value=min(max(v, cast(lo)), cast(hi)), min_value=cast(lo), max_value=cast(hi), **common)
        return
    clamps: dict[str, float | bool] = {}
    if lo is not None:
        clamps.update(min_value=cast(lo), min_clamped=True)
    if hi is not None:
        clamps.update(max_value=cast(hi), max_clamped=True)
    if kind == "int":
        dpg.add_input_int(default_value=v, on_enter=False, **clamps, **common)
    else:
        dpg.add_input_double(default_value=v, format="%.3f", step=0.1, **clamps, **common)


def convert(kind: str, choices: list | None, raw):
    """Return the JSON value for a widget's ``raw`` value.

    Raises:
        ValueError: a JSON field holds invalid JSON.
    """
    if kind == "choice":
        return next((c for c in choices or [] if str(c) == raw), raw)
    if kind == "json":
        return json.loads(raw)
    if kind == "float":
        # the widget's step arithmetic leaves binary noise (1.0 + 0.1 + 0.1 = 1.2000000000000002), which
        # would reach the component's markup; 9 decimals is finer than any prop needs
        return round(float(raw), 9)
    return raw


def on_prop(app, sender, app_data, user_data) -> None:
    """A field edited: record the new value and re-render the story."""
    story, name, kind, choices = user_data
    error = f"sdp:error:{name}"
    try:
        value = convert(kind, choices, app_data)
    except ValueError as exc:  # shown next to the field until the text parses; the last good value stays
        if dpg.does_item_exist(error):
            dpg.set_value(error, f"not valid JSON yet: {exc}")
            dpg.show_item(error)
        return
    if dpg.does_item_exist(error):
        dpg.hide_item(error)
    app.set_prop(story, name, value)


def on_none(app, sender, app_data, user_data) -> None:
    """An optional field's None box toggled: None, or back to the widget's value."""
    story, name, kind, choices = user_data
    try:
        value = None if app_data else convert(kind, choices, dpg.get_value(f"sdp:prop:{name}"))
    except ValueError as exc:  # the field holds text that is not valid JSON yet: say so, keep None
        if dpg.does_item_exist(f"sdp:error:{name}"):
            dpg.set_value(f"sdp:error:{name}", f"not valid JSON yet: {exc}")
            dpg.show_item(f"sdp:error:{name}")
        dpg.set_value(sender, True)
        return
    app.set_prop(story, name, value)


def on_reset(app, sender, app_data, user_data) -> None:
    """Reset: back to the story's own props."""
    app.reset_props(user_data)


def on_copy_code(app, sender, app_data, user_data) -> None:
    """Copy the Story(...) call (``user_data`` ``"sdp:call"``) or the code to reproduce (``"sdp:repro"``)."""
    written, code = app.story_code(app.ui_state.selected_story)
    text = written if user_data == "sdp:call" else code
    dpg.set_clipboard_text(text)
    what = "Story(...) call" if user_data == "sdp:call" else "code to reproduce"
    log.info("copied the %s of %s (%d characters)", what, app.ui_state.selected_story, len(text))


def on_copy_source(app, sender, app_data, user_data) -> None:
    """Copy the selected story's HTML source to the clipboard."""
    text = dpg.get_item_user_data("sdp:source") or ""
    dpg.set_clipboard_text(text)
    log.info("copied the HTML source of %s (%d characters)", app.ui_state.selected_story, len(text))
