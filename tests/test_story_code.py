"""The Story code panel (issue 14): a story's Story(...) call as written, and the code that renders it."""

from __future__ import annotations

import enum

import pytest
from gui_driver import RunningApp

from storydesk.catalog.reproduce import reproduce
from storydesk.catalog.story_code import story_call


class Tone(enum.Enum):
    INFO = "info"
    DANGER = "danger"


def Badge(text: str, tone: Tone = Tone.INFO, tags: list | None = None) -> str:  # noqa: N802 - a component
    return text


def test_the_code_to_reproduce_imports_the_component_and_writes_each_prop_as_python():
    code = reproduce(Badge, {"text": "New", "tone": Tone.DANGER, "tags": [1, ("a",), {"k": None}]})
    assert code == (
        f"from {__name__} import Badge\nfrom {__name__} import Tone\n\n"
        "Badge(text='New', tone=Tone.DANGER, tags=[1, ('a',), {'k': None}])"
    )
    namespace: dict = {}
    exec(compile(code.replace(f"from {__name__} import", "from test_story_code import"), "<code>", "exec"), namespace)
    long = reproduce(Badge, {"text": "x" * 80})
    assert long.endswith("Badge(\n    text='" + "x" * 80 + "',\n)")
    assert reproduce(lambda: "", {}) == "" and reproduce(None, {}) == ""
    assert reproduce(Badge, {"text": object()}).endswith("Badge(text=...)")


def test_the_story_call_is_cut_from_the_file_as_written(tmp_path):
    stories = tmp_path / "stories.py"
    stories.write_text(
        "from storydesk import Story, Subject\n\n"
        "def subject() -> Subject:\n"
        "    return Subject(\n"
        "        title='Badge',\n"
        "        items=[\n"
        "            Story(title='One', props={'text': 'a'}),\n"
        "            Story(\n"
        "                title='Two',  # the second\n"
        "                props={'text': 'b'},\n"
        "            ),\n"
        "        ],\n"
        "    )\n"
    )
    assert story_call(str(stories), 7) == "Story(title='One', props={'text': 'a'})"
    assert story_call(str(stories), 8) == "Story(\n    title='Two',  # the second\n    props={'text': 'b'},\n)"
    assert story_call(str(stories), 3) == "" and story_call(str(tmp_path / "gone.py"), 1) == ""


@pytest.mark.gui
def test_the_story_code_panel_shows_the_call_and_the_code_with_the_prop_edits(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", "actions/button/primary")
    try:
        app.wait_shown("Save changes")
        app.focus_field("sdp:prop:label")  # a prop edit first: the code to reproduce carries it
        app.keys("ctrl+a", at=None)
        app.type_text("Keep")
        app.wait(lambda s: "Keep" in s.get("pane_text", "") and s["status"]["state"] == "ok", 30, "the edit shown")
        app.click_widget("sd:hdr:code")
        state = app.wait(lambda s: "sdp:call" in s.get("texts", {}), 10, "the Story code panel open")
        call = state["texts"]["sdp:call"]
        assert call.startswith("# stories.py:") and "Story(" in call and "Save changes" in call, "as written"
        state = app.scroll_until("sdp:repro", at=(200, 600))
        assert state["texts"]["sdp:repro"] == (
            "from storydesk_demo.components.actions import Button\n\nButton(label='Keep')"
        )
        app.click_widget("sdp:repro:copy")
        app.wait(lambda s: any("copied the code to reproduce" in line for line in s["log"]), 10, "copied")
    finally:
        app.stop()


def test_the_html_source_is_split_into_runs_coloured_by_kind_and_readable_on_the_light_theme():
    from test_desk import contrast

    from storydesk.gui.highlight import COLOURS, lines
    from storydesk.gui.theme import LIGHT

    rows, more = lines('<button class="btn" disabled>\n Save\n</button>\n<!-- note -->\n', max_lines=3)
    assert rows == [
        [("punctuation", "<"), ("tag", "button"), ("text", " "), ("attribute", "class"), ("punctuation", "=")]
        + [("string", '"btn"'), ("text", " "), ("attribute", "disabled"), ("punctuation", ">")],
        [("text", " Save")],
        [("punctuation", "</"), ("tag", "button"), ("punctuation", ">")],
    ]
    assert more == 1  # the comment's line, left out
    for kind, colours in COLOURS.items():
        assert contrast(colours["light"], LIGHT["ChildBg"]) >= 4.5, kind


def test_the_scan_cuts_what_the_parser_cuts_strings_and_comments_included(tmp_path, demo_copy):
    from storydesk.catalog.story_code import _story_calls, scan_call

    tricky = (
        "import storydesk\nfrom storydesk import Story\n\n"
        "A = [\n"
        "    Story(title=')(', description='''a ( b\n  \"\"\" ) c''',  # a comment with )\n"
        "          props={'s': \"\\\" )\", 'n': [1, (2, 3)]}),\n"
        "    storydesk.Story(title=\"x\", template=Story(title='inner')),\n"
        "    MyStory(title='not ours'),\n"
        "]\n"
    )
    files = [tricky, *(p.read_text() for p in sorted(demo_copy.rglob("stories.py")))]
    checked = 0
    for source in files:
        for start, _end, code in _story_calls(source) or []:
            lines = source.splitlines()
            if lines[start - 1].rfind("Story(") != lines[start - 1].find("Story("):
                continue  # two calls start on this line: the scan gives the innermost, as story_call does
            assert scan_call(source, start) == code, (start, code)
            checked += 1
    assert checked >= 30
    assert scan_call(tricky, 9) is None  # MyStory(: not a Story call
    assert scan_call(tricky, 8) == "Story(title='inner')"
    assert scan_call("x = Story(title='never closed'\n", 1) is None
