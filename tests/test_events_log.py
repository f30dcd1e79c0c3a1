"""The Events tab (issue 15): DOM events of a story's elements logged by the pane, shown newest first, links
and forms stopped unless navigation is let through.
"""

from __future__ import annotations

import time

import pytest
from gui_driver import RunningApp
from story_files import subject_files, themed_root

from storydesk.app.event_log import EventLog
from storydesk.build.pipeline import build

FORM = (
    '<form action="elsewhere.html" class="signup"><input name="email" class="field">'
    '<input name="secret" type="password"><button id="save">Save</button>'
    '<a id="terms" href="elsewhere.html">Terms</a></form>'
)

CATALOG = "from storydesk import Catalog\n\ndef catalog() -> Catalog:\n    return Catalog(title='Ev')\n"


@pytest.fixture
def form_catalog(make_catalog):
    return make_catalog(
        {
            "stories.py": CATALOG,
            "forms/stories.py": "from storydesk import Story, Subject\n\n"
            f"FORM = {FORM!r}\n\n"
            "def subject() -> Subject:\n"
            "    return Subject(title='Forms', items=[Story(title='Signup', template=FORM)])\n",
        }
    )


def test_the_log_keeps_entries_newest_first_filters_by_kind_and_skips_what_is_not_an_entry():
    log = EventLog()
    added = log.add(
        [
            {"t": 1000, "type": "click", "selector": "button#save", "value": "Save"},
            {"t": 2000, "type": "picked", "selector": "li", "value": '{"id":7}', "custom": True},
            {"t": 3000, "type": "input", "selector": "input", "value": "a"},
            {"type": "no time"},
            "not a dict",
        ],
        "forms/signup.html",
    )
    assert added == 3 and log.version == 1
    assert [e.type for e in log.newest_first()] == ["input", "picked", "click"]
    assert [e.value for e in log.newest_first("custom")] == ['{"id":7}']
    assert log.newest_first("click")[0].at == 1.0 and log.newest_first(limit=1)[0].type == "input"
    log.clear()
    assert not log.entries and log.version == 2


@pytest.mark.gui
def test_the_pane_logs_a_story_s_events_and_stops_its_links_unless_let_through(display, form_catalog, tmp_path):
    from test_pane import Pane

    out = tmp_path / "site"
    assert build(form_catalog, out).ok
    (out / "forms" / "elsewhere.html").write_text("<title>Elsewhere</title><p>Elsewhere</p>")
    page = (out / "forms" / "signup.html").as_uri()
    pane = Pane(page)
    try:
        pane.expect(lambda e: e["event"] == "loaded" and e["url"] == page, 60)
        script = (
            "var f = document.querySelector('.field'); f.value = 'ann'; f.dispatchEvent(new Event('input'));"
            "var s = document.querySelector('[name=secret]'); s.value = 'hunter2';"
            "s.dispatchEvent(new Event('change')); s.dispatchEvent(new KeyboardEvent('keydown', {key: 'h'}));"
            "s.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));"
            "document.getElementById('terms').click(); document.getElementById('save').click();"
            "document.querySelector('.sd-canvas form').dispatchEvent(new CustomEvent('saved', {detail: {n: 1}}));"
            "document.querySelector('h1').click();"  # storydesk's own title: not the story's, not logged
        )
        pane.send(cmd="eval", id=1, js=script)
        seen: list[dict] = []
        while not any(e["type"] == "saved" for e in seen):
            seen += pane.expect(lambda e: e["event"] == "dom_events", 20)["events"]
        by_type = {e["type"]: e for e in seen}
        assert by_type["input"]["selector"] == "input.field[name=email]" and by_type["input"]["value"] == "ann"
        assert by_type["change"]["value"] == "*" * 7  # a password is masked, and its keys
        assert [e["value"] for e in seen if e["type"] == "keydown"] == ["*", "Enter"]
        link = [e for e in seen if e["type"] == "click" and e["selector"] == "a#terms"][0]
        assert link["value"] == "elsewhere.html" and link["blocked"]
        assert by_type["submit"]["value"] == "email=ann&secret=***" and by_type["submit"]["blocked"]
        assert by_type["saved"]["custom"] and by_type["saved"]["value"] == '{"n":1}'
        assert not [e for e in seen if e["selector"].startswith("h1")]
        assert pane.eval("location.href") == page  # neither the link nor the form left the story

        pane.send(cmd="navigation", allow=True)
        assert pane.expect(lambda e: e["event"] == "navigation")["allow"] is True
        pane.send(cmd="eval", id=2, js="document.getElementById('terms').click()")
        loaded = pane.expect(lambda e: e["event"] == "loaded" and e["url"].endswith("elsewhere.html"), 30)
        assert loaded["title"] == "Elsewhere"
    finally:
        pane.close()


@pytest.mark.gui
def test_a_click_and_typing_in_a_story_appear_in_the_events_tab(display, make_catalog, tmp_path):
    # the story's button and field fill the pane's top and bottom, so a person's click lands on them wherever it is
    story = (
        '<button id="big" style="position:fixed;left:0;top:0;width:100vw;height:45vh">Big</button>'
        '<input id="name" style="position:fixed;left:0;top:55vh;width:100vw;height:40vh;font-size:40px">'
    )
    catalog = make_catalog({"stories.py": CATALOG, **subject_files("things", "Things", {"Both": story})})
    app = RunningApp(catalog, tmp_path, "--story", "things/both")
    try:
        state = app.wait_shown("Both")
        app.click_widget("sd:tab:events")
        state = app.wait(lambda s: "sde:summary" in s.get("texts", {}), 10, "the Events tab")
        assert state["texts"]["sde:summary"].startswith("No events yet")
        x, y, w, h = state["pane_rect"]
        wid = app.window_id()
        app.click_at(wid, x + w // 2, y + h // 5)  # the button
        app.click_at(wid, x + w // 2, y + h * 3 // 4)  # the field
        app.type_text("hey")
        state = app.wait(
            lambda s: ["input", "input#name", "hey", "things/both.html", False] in s["dom_events"], 30, "typing logged"
        )
        assert ["click", "button#big", "Big", "things/both.html", False] in state["dom_events"]
        state = app.wait(
            lambda s: (s["texts"].get("sde:type:0"), s["texts"].get("sde:value:0")) == ("input", "hey"), 10, "the rows"
        )
        texts = state["texts"]
        shown = [i for i in range(20) if f"sde:type:{i}" in texts]
        rows = [(texts[f"sde:type:{i}"], texts.get(f"sde:value:{i}", "")) for i in shown]  # an empty value: no text
        assert ("click", "Big") in rows and ("keydown", "y") in rows
        assert texts["sde:summary"].endswith("events logged, newest first")
        app.click_widget("sde:clear")
        app.wait(lambda s: not s["dom_events"] and "sde:type:0" not in s["texts"], 10, "cleared")
    finally:
        app.stop()


@pytest.mark.gui
def test_a_themed_story_s_events_are_logged_from_its_frame_without_the_layout_s(display, make_catalog, tmp_path):
    from test_pane import Pane

    catalog = make_catalog(
        {
            "stories.py": themed_root("Themed", '<button id="in-layout">Menu</button>{children}'),
            **subject_files("things", "Things", {"One": '<button id="mine">Go</button>'}),
        }
    )
    out = tmp_path / "site"
    assert build(catalog, out).ok
    pane = Pane((out / "things" / "one.html").as_uri())
    try:
        frame = "document.querySelector('iframe.sd-themed-frame').contentDocument"
        deadline = time.monotonic() + 30
        while not pane.eval(f"!!({frame} && {frame}.getElementById('mine'))"):
            assert time.monotonic() < deadline, "the themed frame never loaded"
            time.sleep(0.2)
        pane.send(
            cmd="eval", id=1, js=f"{frame}.getElementById('in-layout').click(); {frame}.getElementById('mine').click()"
        )
        events = pane.expect(lambda e: e["event"] == "dom_events", 20)["events"]
        assert [(e["type"], e["selector"], e["value"]) for e in events] == [("click", "button#mine", "Go")]
    finally:
        pane.close()


@pytest.mark.gui
def test_a_link_let_through_says_the_pane_left_the_catalog_and_back_returns(display, make_catalog, tmp_path):
    elsewhere = tmp_path / "elsewhere.html"  # outside the catalog's site
    elsewhere.write_text("<title>Elsewhere</title><p>Far away</p>")
    story = f'<a id="out" href="{elsewhere.as_uri()}" style="position:fixed;inset:0;font-size:40px">Out</a>'
    catalog = make_catalog({"stories.py": CATALOG, **subject_files("links", "Links", {"Out": story})})
    app = RunningApp(catalog, tmp_path, "--story", "links/out")
    try:
        state = app.wait_shown("Out")
        app.click_widget("sd:tab:events")
        app.click_widget("sde:navigate")  # Links and forms navigate
        state = app.wait(lambda s: s["follow_links"], 10, "navigation let through")
        x, y, w, h = state["pane_rect"]
        app.click_at(app.window_id(), x + w // 2, y + h // 2)
        state = app.wait(lambda s: s["pane_away"] == elsewhere.as_uri(), 30, "the pane left the catalog")
        state = app.wait(lambda s: "sdv:back" in s["widgets"], 10, "Back shown")
        assert state["texts"]["sdv:away"] == "Left for elsewhere.html" and "sdv:size" not in state["widgets"]
        assert ["click", "a#out", elsewhere.as_uri(), "links/out.html", False] in state["dom_events"]
        app.click_widget("sdv:back")
        state = app.wait(lambda s: s["pane_away"] == "" and "Out" in s["pane_text"], 30, "back on the story")
        assert state["pane_page"] == "links/out.html"
        app.wait(lambda s: "sdv:back" not in s["widgets"] and "sdv:size" in s["widgets"], 10, "the readout back")
    finally:
        app.stop()
