"""The preview toolbar (issue 14): viewport, zoom, background, outline and grid, laid out by the pane."""

from __future__ import annotations

import json

import pytest
from gui_driver import RunningApp

from storydesk.app import settings as settings_module
from storydesk.app.preview import Preview, background_css, is_dark, view_command, zoom_step
from storydesk.pane.stage import CHECKERBOARD, MARGIN, MARKER, MIN_ZOOM, View, css, place


def test_a_viewport_is_centred_at_its_size_and_scaled_down_only_when_it_does_not_fit():
    assert place(View(), 880, 740) == place(View(zoom=1.0), 880, 740)
    full = place(View(zoom=1.5), 880, 740)
    assert (full.x, full.y, full.w, full.h, full.zoom, full.fitted) == (0, 0, 880, 740, 1.5, False)
    phone = place(View(320, 568), 880, 740)
    assert (phone.w, phone.h, phone.zoom, phone.fitted) == (320, 568, 1.0, False)
    assert (phone.x, phone.y) == ((880 - 320) // 2, (740 - 568) // 2)  # centred
    zoomed = place(View(320, 568, zoom=2.0), 880, 740)  # 1136 px tall does not fit: scaled to the room
    assert zoomed.fitted and zoomed.h == 740 - 2 * MARGIN and zoomed.w == round(320 * zoomed.zoom)
    desktop = place(View(1280, 800), 880, 740)
    assert desktop.fitted and desktop.w == 880 - 2 * MARGIN and desktop.zoom == pytest.approx((880 - 2 * MARGIN) / 1280)
    assert not desktop.overflow
    huge = place(View(4000, 600), 880, 740)  # 22 % would fit: Chromium zooms no smaller than 25 %
    assert huge.zoom == MIN_ZOOM and huge.overflow and huge.w == 1000 and huge.x == 0


def test_a_view_command_is_checked_and_its_css_draws_what_was_asked():
    view = View.from_message({"width": 99999, "zoom": 9, "background": "red; } * { display: none", "outline": 1})
    assert (view.width, view.zoom, view.background, view.outline) == (10000, 5.0, "", True)
    assert View.from_message({"background": "#1e1f24"}).background == "#1e1f24"
    page = css(View(background="#123456", outline=True, grid=True), frame=False)
    assert "background: #123456" in page and ".sd-canvas *" in page and "html::after" in page
    frame = css(View(background="#123456", outline=True, grid=True), frame=True)
    assert "body *" in frame and "::after" not in frame  # one grid over the pane, not a second in the frame
    assert css(View(), frame=False) == MARKER  # nothing but the marker the audit finds the sheet by
    dark = css(View(background="#000000", dark=True), frame=False)
    assert ".sd-main :is(h1" in dark and ":not(.sd-canvas *" in dark  # storydesk's own text light, the story's not
    assert ":is(h1" not in css(View(background="#000000", dark=True), frame=True)


def test_zoom_steps_backgrounds_and_the_view_command():
    assert [zoom_step(100, 1), zoom_step(100, -1), zoom_step(175, 0)] == [110, 90, 100]
    assert zoom_step(200, 1) == 200 and zoom_step(50, -1) == 50
    assert background_css("default", "#000000", "dark") == "#1e1f24"  # a subject's named default
    assert background_css("default", "#000000", "#abcdef") == "#abcdef"
    assert background_css("checkerboard", "#000000", "") == CHECKERBOARD
    assert background_css("custom", "#102030", "dark") == "#102030"
    command = view_command(Preview(viewport="phone", rotated=True, zoom=150, outline=True), "")
    assert command == {
        "cmd": "view",
        "width": 568,
        "height": 320,
        "zoom": 1.5,
        "background": "",
        "dark": False,
        "outline": True,
        "grid": False,
    }
    assert view_command(Preview(viewport="custom", width=400, height=300))["width"] == 400
    assert view_command(Preview(background="dark"))["dark"] and view_command(Preview(), "#102040")["dark"]
    assert [is_dark(c) for c in ("#fff", "#ffe4b5", "#777777", "#333", "navy")] == [False, False, False, True, False]


def test_the_preview_is_kept_per_catalog_and_a_wrong_value_falls_back(tmp_path):
    path = tmp_path / "settings.json"
    st = settings_module.Settings()
    st.preview["/a"] = Preview(viewport="tablet", zoom=125, background="custom", colour="#102030", grid=True)
    settings_module.save(st, path)
    assert settings_module.load(path).preview == {"/a": st.preview["/a"]}
    path.write_text(json.dumps({"preview": {"/a": {"zoom": 900}}, "theme": "light"}))
    loaded = settings_module.load(path)
    assert loaded.preview == {} and loaded.theme == "light"


#: A story whose page reports what it was laid out with: the viewport's width, its outline and background, and
#: the grid (read by its own script while the page loads, so the pane's text says it).
PROBE = (
    '<p id="probe">probe</p><script>'
    "var p = document.getElementById('probe');"
    "p.textContent = 'width ' + innerWidth + ' outline ' + getComputedStyle(p).outlineStyle"
    " + ' bg ' + getComputedStyle(document.body).backgroundColor"
    " + ' grid ' + (getComputedStyle(document.documentElement, '::after').content !== 'none');"
    "</script>"
)


def _radio_dx(labels: list[str], index: int) -> int:
    """The x offset (px) of a horizontal radio button's ``index``-th circle: each item is its 19 px circle, 4 px,
    its label at 7 px per character (Dear PyGui's default font) and 8 px of spacing.
    """
    return sum(19 + 4 + 7 * len(label) + 8 for label in labels[:index]) + 9


@pytest.mark.gui
def test_the_toolbar_lays_the_story_out_and_keeps_its_choices(display, make_catalog, tmp_path):
    root = make_catalog(
        {
            "stories.py": "from storydesk import Catalog\n\ndef catalog() -> Catalog:\n    return Catalog(title='P')\n",
            "probe/stories.py": "from storydesk import Story, Subject\n\n\n"
            "def subject() -> Subject:\n"
            "    return Subject(title='Probe', background='#204080', items=[\n"
            f"        Story(title='First', template={PROBE!r}),\n"
            f"        Story(title='Second', template={PROBE!r} + '<p>second story</p>'),\n"
            "    ])\n",
        }
    )
    app = RunningApp(root, tmp_path, "--story", "probe/first")
    try:
        state = app.wait_shown("width")
        assert "outline none" in state["pane_text"] and "grid false" in state["pane_text"], state["pane_text"]
        app.click_widget("sd:node:probe")  # the subject's docs page has its default background too
        app.wait(lambda s: s["pane_page"] == "probe/index.html" and s["selected_story"] is None, 20, "its docs page")
        app.wait(lambda s: (32, 64, 128) in app.colours([1100, 700, 40, 40]), 20, "the docs page in #204080")
        app.click_widget("sd:story:probe/first")
        app.wait(lambda s: s["selected_story"] == "probe/first", 20, "the first story again")
        viewports = ["Full", "Phone", "Tablet", "Desktop", "Custom"]
        app.click_widget("sdv:viewport", dx=_radio_dx(viewports, 1))
        state = app.wait(lambda s: s["preview"]["viewport"] == "phone", 10, "Phone chosen")
        app.wait(lambda s: (s.get("pane_view") or {}).get("width") == 320, 10, "the pane laid out at 320 px")
        app.wait(lambda s: s.get("texts", {}).get("sdv:size") == "320 x 568 at 100%", 10, "its size shown")
        # Ctrl+= with the pane focused: a click into the page, then the chord
        app.keys("ctrl+equal", at=(840, 400), click=True)  # the middle of the pane (the page is centred)
        app.wait(lambda s: s["preview"]["zoom"] == 110, 10, "zoomed in from the pane")
        app.keys("ctrl+minus", at=(100, 300))
        app.keys("ctrl+minus", at=(100, 300))
        app.wait(lambda s: s["preview"]["zoom"] == 90, 10, "zoomed out from the control panel")
        app.keys("ctrl+equal", at=(100, 300))
        app.wait(lambda s: s["preview"]["zoom"] == 100, 10, "zoomed in from the control panel")
        app.keys("ctrl+minus", at=(100, 300))
        app.keys("ctrl+r", at=(100, 300))  # another Ctrl chord: Ctrl held must not zoom (it once went to 200 %)
        app.wait(lambda s: s["status"]["builds"] >= 2, 20, "the rebuild")
        assert app.state()["preview"]["zoom"] == 90
        app.click_widget("sdv:outline", dx=8)
        app.click_widget("sdv:grid", dx=8)
        backgrounds = ["Default", "Light", "Dark", "Transparent", "Custom"]
        app.click_widget("sdv:background", dx=_radio_dx(backgrounds, 2))
        app.wait(lambda s: s["preview"]["outline"] and s["preview"]["grid"] and s["preview"]["background"] == "dark")
        app.click_widget("sd:story:probe/second")  # the next story: a page loaded with the view already on
        state = app.wait(lambda s: "second story" in s.get("pane_text", ""), 20, "the second story")
        assert "width 320 outline solid bg rgb(30, 31, 36) grid true" in state["pane_text"], state["pane_text"]
        app.click_widget("sd:btn:reload")  # a GUI code reload keeps every choice
        app.wait(lambda s: s["gui_reloads"] == 1 and s.get("texts", {}).get("sdv:size") == "320 x 568 at 90%")
    finally:
        app.stop()
    saved = json.loads((tmp_path / "xdg" / "config" / "storydesk" / "settings.json").read_text())
    assert saved["preview"][str(root.resolve())]["zoom"] == 90
    app = RunningApp(root, tmp_path)  # a restart: the catalog opens as it was left
    try:
        state = app.wait(lambda s: (s.get("pane_view") or {}).get("width") == 320, 90, "the phone viewport again")
        assert state["preview"]["outline"] and state["preview"]["background"] == "dark"
        # the page's own first look at its width is not checked: on a relaunch it can run before the pane has
        # placed the viewport (seen 1 run in 3; a known race, in the closing note of issue 14)
        app.wait(lambda s: s.get("texts", {}).get("sdv:size") == "320 x 568 at 90%", 30, "its size shown")
    finally:
        app.stop()


def test_a_catalog_s_background_is_its_stories_default_and_a_subject_s_own_wins(make_catalog, tmp_path):
    from storydesk.build.pipeline import build

    subject = (
        "from storydesk import Story, Subject\n\ndef subject() -> Subject:\n"
        "    return Subject(title={!r}{}, items=[Story(template='<p>x</p>')])\n"
    )
    root = make_catalog(
        {
            "stories.py": "from storydesk import Catalog\n\ndef catalog() -> Catalog:\n"
            "    return Catalog(title='C', background='dark')\n",
            "plain/stories.py": subject.format("Plain", ""),
            "warm/stories.py": subject.format("Warm", ", background='#ffe4b5'"),
        }
    )
    assert build(root, tmp_path / "site").ok
    manifest = json.loads((tmp_path / "site" / "storydesk.json").read_text())
    backgrounds = {s["subject"]: s["background"] for s in manifest["stories"]}
    assert backgrounds == {"Plain": "dark", "Warm": "#ffe4b5"}
    assert view_command(Preview(), backgrounds["Plain"])["background"] == "#1e1f24"
