"""Morphing the shown page in place (issue 13): what the user did on the page survives an edit of its body;
a change to its head reloads it, keeping the scroll position. The real pane process, under Xvfb.
"""

from __future__ import annotations

import time

import pytest
from test_pane import Pane

pytestmark = pytest.mark.gui

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body class="sd-page">
<h1 id="heading">{heading}</h1>
<form>
  <label>Name <input id="name" value="Ada"></label>
  <label><input id="agree" type="checkbox"> Agree</label>
  <textarea id="notes">first</textarea>
  <select id="size"><option>S</option><option>M</option><option>L</option></select>
</form>
<details id="more"><summary>More</summary><p>Hidden text</p></details>
<div id="scroller" style="height: 80px; overflow: auto"><div style="height: 2000px">tall</div></div>
<button id="counter" type="button">{button}</button>
<div style="height: 3000px"></div>
</body></html>
"""


def page(title="Story", head="", heading="Before", button="Count"):
    return PAGE.format(title=title, head=head, heading=heading, button=button)


def settled(pane: Pane, url: str) -> None:
    """Wait until the pane shows ``url``'s document, fully loaded (its first "loaded" report can come while the
    window is still loading the page).
    """
    pane.expect(lambda e: e["event"] == "ready")
    deadline = time.monotonic() + 30
    while pane.eval("document.getElementById('heading') ? document.readyState : ''") != "complete":
        assert time.monotonic() < deadline, f"{url} never finished loading"
        time.sleep(0.1)
    time.sleep(0.3)  # the window's own late load report, if any, arrives before the test's commands
    while not pane.events.empty():
        pane.events.get_nowait()


def answered(event: dict) -> bool:
    """The pane's answer to a morph command: the page morphed, or reloaded in its place (not a late report of
    the first load, which the pane may send twice while its window comes up).
    """
    return event["event"] == "loaded" and bool(event.get("morphed") or event.get("reload_ms"))


@pytest.fixture
def shown(display, tmp_path):
    """A pane showing the test page, fully loaded: ``(pane, story file)``; closed after the test."""
    story = tmp_path / "story.html"
    story.write_text(page())
    pane = Pane(story.as_uri())
    try:
        settled(pane, story.as_uri())
        yield pane, story
    finally:
        pane.close()


def morph_to(pane: Pane, story, html: str) -> dict:
    """Save ``html`` as the story page, send it to the pane as a build would, and return the pane's answer."""
    story.write_text(html)
    pane.send(cmd="morph", url=story.as_uri(), html=html)
    return pane.expect(answered)


def test_an_edit_of_the_body_keeps_typed_text_checks_focus_details_scroll_and_js_state(shown):
    pane, story = shown
    pane.eval(
        "document.getElementById('name').value = 'Grace Hopper';"
        "document.getElementById('agree').checked = true;"
        "document.getElementById('notes').value = 'typed notes';"
        "document.getElementById('size').value = 'L';"
        "document.getElementById('more').open = true;"
        "document.getElementById('scroller').scrollTop = 300;"
        "document.getElementById('counter').clicks = 7;"  # the component's own JavaScript state
        "window.scrollTo(0, 500); var f = document.getElementById('name');"
        "f.focus({preventScroll: true}); f.setSelectionRange(2, 5);"
        "window.notReloaded = true; 0"
    )
    loaded = morph_to(pane, story, page(heading="After", button="Count again"))
    assert loaded.get("morphed") is True, "morphed in place, not reloaded"
    assert "After" in loaded["text"] and "Count again" in loaded["text"]
    state = pane.eval(
        "var d = document; JSON.stringify([d.getElementById('name').value, d.getElementById('agree').checked,"
        " d.getElementById('notes').value, d.getElementById('size').value, d.getElementById('more').open,"
        " d.getElementById('scroller').scrollTop, d.getElementById('counter').clicks, window.scrollY,"
        " d.activeElement.id, d.activeElement.selectionStart, d.activeElement.selectionEnd, !!window.notReloaded])"
    )
    assert state == '["Grace Hopper",true,"typed notes","L",true,300,7,500,"name",2,5,true]'


def test_a_component_that_changes_a_fields_value_wins_over_what_was_typed(shown):
    pane, story = shown
    pane.eval("document.getElementById('name').value = 'typed'; 0")
    assert morph_to(pane, story, page().replace('value="Ada"', 'value="Babbage"')).get("morphed") is True
    assert pane.eval("document.getElementById('name').value") == "Babbage"


def test_a_head_change_reloads_and_keeps_the_scroll_position(shown):
    pane, story = shown
    assert pane.eval("window.scrollTo(0, 700); window.marker = 1; window.scrollY") == 700
    loaded = morph_to(pane, story, page(head="<style>h1 { color: rebeccapurple; }</style>", heading="Styled"))
    assert not loaded.get("morphed"), "a new stylesheet: reloaded"
    assert "Styled" in loaded["text"]
    assert pane.eval("[window.scrollY, typeof window.marker]") == [700, "undefined"]


def test_in_the_app_an_edit_morphs_the_shown_story_and_a_stylesheet_edit_reloads_it(display, demo_copy, tmp_path):
    from gui_driver import RunningApp

    app = RunningApp(demo_copy, tmp_path, "--story", "actions/button/primary")
    try:
        app.wait(lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""), 90, "the story")
        stories = demo_copy / "actions" / "button" / "stories.py"
        stories.write_text(stories.read_text().replace('"Save changes"', '"Save it all"'))
        state = app.wait(lambda s: "Save it all" in s.get("pane_text", ""), 30, "the edit in the pane")
        assert state["pane_morphs"] == 1, "the story's page was morphed in place, not reloaded"
        css = demo_copy / "static" / "demo.css"
        loaded_at = state["pane_loaded_at"]
        css.write_text(css.read_text() + "\n.btn { letter-spacing: 0.01em; }\n")
        state = app.wait(lambda s: s["pane_loaded_at"] > loaded_at, 30, "the reload for the stylesheet")
        assert state["pane_morphs"] == 1 and "Save it all" in state["pane_text"]
    finally:
        app.stop()
