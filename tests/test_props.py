"""The props panel: schema from type hints, overrides in builds, the form in the GUI (issue 5)."""

from __future__ import annotations

import enum
import json
from decimal import Decimal
from typing import Annotated, Literal

import annotated_types as at
import dearpygui.dearpygui as dpg
import pytest
from hot_fixture import HotGui

from storydesk.app.status import BuildState
from storydesk.build.pipeline import build
from storydesk.catalog.props import apply_overrides, describe

STORY = "actions/button/primary"


class Tone(enum.Enum):
    info = 1
    danger = 2


def Widget(
    *,
    label: str,
    count: int = 2,
    ratio: float = 0.5,
    on: bool = False,
    size: Literal["sm", "lg"] = "sm",
    tone: Tone = Tone.info,
    note: str | None = None,
    old_style: int | None = None,
    tags: list[str] | None = None,
    children=(),
    **rest,
):
    return t"<i>{label}</i>"


def test_describe_kinds_from_type_hints():
    fields = {f["name"]: f for f in describe(Widget, {"label": "Hi", "tone": Tone.danger})}
    assert list(fields) == ["label", "count", "ratio", "on", "size", "tone", "note", "old_style", "tags"]
    assert {n: f["kind"] for n, f in fields.items()} == {
        "label": "str",
        "count": "int",
        "ratio": "float",
        "on": "bool",
        "size": "choice",
        "tone": "enum",
        "note": "str",
        "old_style": "int",
        "tags": "json",
    }
    assert fields["size"]["choices"] == ["sm", "lg"] and fields["tone"]["choices"] == ["info", "danger"]
    assert fields["tone"]["value"] == "danger" and fields["label"]["value"] == "Hi"
    assert fields["note"]["optional"] and fields["old_style"]["optional"] and not fields["count"]["optional"]
    assert fields["label"]["required"] and not fields["count"]["required"]


type Size = Literal["sm", "lg"]
type Unit = Annotated[float, at.Interval(ge=0, le=1)]


def Typed(
    *,
    size: Size = "sm",
    maybe: Size | None = None,
    doc: Annotated[Size, "the size"] = "lg",
    count: Annotated[int, at.Ge(1), at.Le(12)] = 3,
    opacity: Unit = 1.0,
    plain: float = 1.0,
    floor: Annotated[int, at.Gt(0)] = 1,
    tone: Annotated[Tone, "x"] = Tone.info,
):
    return t"<i>{size}</i>"


def test_aliases_and_annotated_are_unwrapped_and_bounds_come_from_annotated_types():
    """Issue 9: PEP 695 aliases and Annotated fell back to JSON fields; ranges were guessed from defaults."""
    fields = {f["name"]: f for f in describe(Typed, {})}
    assert {n: f["kind"] for n, f in fields.items()} == {
        "size": "choice",
        "maybe": "choice",
        "doc": "choice",
        "count": "int",
        "opacity": "float",
        "plain": "float",
        "floor": "int",
        "tone": "enum",
    }
    assert fields["size"]["choices"] == fields["maybe"]["choices"] == fields["doc"]["choices"] == ["sm", "lg"]
    assert fields["maybe"]["optional"] and not fields["size"]["optional"]
    assert (fields["count"]["min"], fields["count"]["max"]) == (1, 12)
    assert (fields["opacity"]["min"], fields["opacity"]["max"]) == (0, 1)
    assert "min" not in fields["plain"] and "max" not in fields["plain"], "no range guessed from the default"
    assert fields["floor"]["min"] == 0 and "max" not in fields["floor"]
    assert apply_overrides(Typed, {}, {"tone": "danger"}) == {"tone": Tone.danger}


def test_apply_overrides_converts_enums_and_keeps_the_rest():
    props = apply_overrides(Widget, {"label": "Hi", "count": 1}, {"tone": "danger", "note": None, "count": 5})
    assert props == {"label": "Hi", "count": 5, "tone": Tone.danger, "note": None}
    with pytest.raises(KeyError):
        apply_overrides(Widget, {}, {"tone": "nope"})


def test_build_applies_overrides_and_marks_edited_stories(demo_copy, tmp_path):
    out = tmp_path / "site"
    result = build(demo_copy, out, overrides={STORY: {"label": "Edited label", "variant": "danger"}})
    page = (out / f"{STORY}.html").read_text()
    assert '<button type="button" class="btn btn-danger">Edited label</button>' in page
    info = {s["path"]: s for s in result.stories}
    assert info[STORY]["edited"] and not info["actions/button/secondary"]["edited"]
    manifest = {s["path"]: s for s in json.loads((out / "storydesk.json").read_text())["stories"]}
    fields = {f["name"]: f for f in manifest[STORY]["fields"]}
    assert fields["label"]["value"] == "Edited label" and fields["variant"]["choices"][2] == "danger"


@pytest.fixture
def gui(display, demo_copy, tmp_path):
    g = HotGui(demo_copy, tmp_path)
    g.app.start()  # watcher, pool and build worker: edits really rebuild
    yield g
    g.close()


def wait_built(gui, builds, timeout=30.0):
    """Run frames until a build after the ``builds``-th has been applied and no other build is running or due
    (an edit made while a build runs lands in the build queued after it)."""
    import time

    app = gui.app
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        gui.frames(1)
        if app.status.builds > builds and not app.builds.debouncer.busy and app.status.state is not BuildState.BUILDING:
            break
        time.sleep(0.01)
    gui.frames(2)
    assert app.status.builds > builds and not app.builds.debouncer.busy, "no build"


def test_edit_prop_in_form_survives_reload_and_rebuild_and_reset_restores(gui, demo_copy, tmp_path):
    app = gui.app
    wait_built(gui, app.status.builds)  # the app's own first build (the fixture built once before start)
    item = f"sd:story:{STORY}"
    dpg.get_item_callback(item)(item, True, STORY)
    gui.frames(2)
    assert dpg.get_value("sdp:prop:label") == "Save changes"
    assert 'class="btn btn-primary" type="button">\n Save changes\n</button>' in dpg.get_item_user_data("sdp:source")
    builds = app.status.builds
    widget = "sdp:prop:label"
    dpg.get_item_callback(widget)(widget, "Ship it", dpg.get_item_user_data(widget))  # as typing does
    wait_built(gui, builds)
    page = tmp_path / "site" / f"{STORY}.html"
    assert ">Ship it</button>" in page.read_text()
    assert dpg.get_value("sdp:prop:label") == "Ship it" and dpg.get_item_label("sdp:prop:label") == "label *"
    assert "\n Ship it\n</button>" in dpg.get_item_user_data("sdp:source")

    combo = "sdp:prop:variant"
    builds = app.status.builds
    dpg.get_item_callback(combo)(combo, "danger", dpg.get_item_user_data(combo))
    wait_built(gui, builds)
    assert 'class="btn btn-danger">Ship it</button>' in page.read_text()

    assert gui.reload()  # GUI hot reload keeps the edits
    assert app.builds.prop_overrides[STORY] == {"label": "Ship it", "variant": "danger"}
    assert dpg.get_value("sdp:prop:label") == "Ship it"

    builds = app.status.builds
    stories = demo_copy / "actions" / "button" / "stories.py"
    stories.write_text(stories.read_text().replace('"Cancel"', '"Dismiss"'))  # an ordinary rebuild
    wait_built(gui, builds)
    assert 'class="btn btn-danger">Ship it</button>' in page.read_text()

    builds = app.status.builds
    dpg.get_item_callback("sdp:reset")("sdp:reset", None, STORY)
    wait_built(gui, builds)
    assert 'class="btn btn-primary">Save changes</button>' in page.read_text()
    assert dpg.get_value("sdp:prop:label") == "Save changes" and STORY not in app.builds.prop_overrides


BOUNDED = """
from typing import Annotated, Literal

from annotated_types import Ge, Interval, Le

from storydesk import Story, Subject

type Tone = Literal["info", "danger"]


def Badge(*, tone: Tone = "info", count: Annotated[int, Ge(0), Le(99)] = 3,
          opacity: Annotated[float, Interval(ge=0, le=1)] = 1.0, scale: float = 1.0):
    return t'<span class="badge {tone}" style="opacity: {opacity}; font-size: {scale}em">{count}</span>'


def bounded() -> Subject:
    return Subject(title="Bounded", target=Badge, items=[Story(title="Plain")])
"""


def test_bounded_numbers_are_sliders_and_the_rest_inputs_without_float_noise(gui, demo_copy, tmp_path):
    """Issue 9: sliders from annotated_types bounds, never guessed; an alias is a combo."""
    app = gui.app
    builds = app.status.builds
    (demo_copy / "bounded").mkdir()
    (demo_copy / "bounded" / "stories.py").write_text(BOUNDED)
    wait_built(gui, builds)
    story = "bounded/plain"
    dpg.get_item_callback(f"sd:story:{story}")(f"sd:story:{story}", True, story)
    gui.frames(2)
    kinds = {
        name: dpg.get_item_type(f"sdp:prop:{name}").rsplit("::", 1)[-1]
        for name in ("tone", "count", "opacity", "scale")
    }
    assert kinds == {"tone": "mvCombo", "count": "mvSliderInt", "opacity": "mvSliderDouble", "scale": "mvInputDouble"}
    assert dpg.get_item_configuration("sdp:prop:opacity")["max_value"] == 1.0
    builds = app.status.builds
    widget = "sdp:prop:scale"
    dpg.get_item_callback(widget)(widget, 1.0 + 0.1 + 0.1, dpg.get_item_user_data(widget))  # two "+" clicks
    wait_built(gui, builds)
    assert app.builds.prop_overrides[story] == {"scale": 1.2}
    assert "font-size: 1.2em" in (tmp_path / "site" / "bounded" / "plain.html").read_text()


def test_the_console_shows_what_the_selected_story_printed(gui, demo_copy, caplog):
    """Issue 10: user output is shown in the app (Props tab, Console), not on the terminal."""
    caplog.set_level("INFO", logger="storydesk")
    app = gui.app
    builds = app.status.builds
    stories = demo_copy / "actions" / "button" / "stories.py"
    text = stories.read_text()
    stories.write_text(text + "\nprint('hello from the button module')\n")
    (demo_copy / "noisy").mkdir()
    (demo_copy / "noisy" / "stories.py").write_text(
        "from storydesk import Story, Subject\n\n"
        "def noisy():\n    print('rendering noisy')\n    return '<p>noisy</p>'\n\n"
        "def subject() -> Subject:\n    return Subject(title='Noisy', items=[Story(title='One', template=noisy)])\n"
    )
    wait_built(gui, builds)
    dpg.get_item_callback("sd:story:noisy/one")("sd:story:noisy/one", True, "noisy/one")
    gui.frames(2)
    assert dpg.get_value("sdp:console") == "rendering noisy"
    assert dpg.get_item_label("sd:hdr:console") == "Console (1 lines)"
    dpg.get_item_callback(f"sd:story:{STORY}")(f"sd:story:{STORY}", True, STORY)
    gui.frames(2)
    assert dpg.get_value("sdp:console") == "(the story printed nothing in the last build)"
    assert any("hello from the button module" in line.text for line in app.logs.snapshot())


type Loop = Loop  # noqa: F821 - an alias naming itself


def Odd(*, loop: Loop = 1, price: Annotated[float, at.Ge(Decimal("0")), at.Le(float("inf"))] = 1.0):
    return t"<i>{loop}</i>"


def test_aliases_that_name_themselves_and_unusable_bounds_do_not_hang_or_break_the_form():
    """Review of issue 10: `type X = X` looped for ever; a Decimal bound broke the manifest's JSON."""
    fields = {f["name"]: f for f in describe(Odd, {})}
    assert fields["loop"]["kind"] == "json"
    assert fields["price"]["min"] == 0.0 and "max" not in fields["price"]
    json.dumps(fields)
