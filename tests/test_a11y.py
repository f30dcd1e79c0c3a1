"""Accessibility audits with axe-core (issue 15): in the pane after every load or morph, shown in the
Accessibility tab and as tree badges, rules switched off per story or catalog.
"""

from __future__ import annotations

import json

import pytest
from gui_driver import RunningApp
from story_files import subject_files, themed_root

from storydesk.app.audits import Audits
from storydesk.build.pipeline import build

#: A story with an image without alt text and a pale button: axe's image-alt (critical) and color-contrast
#: (serious) rules fail on it.
CARD = '<div><img src="x.png"><button style="color:#bbb;background:#fff">Pale</button></div>'


@pytest.fixture
def a11y_catalog(make_catalog):
    return make_catalog(
        {
            "stories.py": "from storydesk import Catalog\n\ndef catalog() -> Catalog:\n"
            "    return Catalog(title='A11y', a11y={'rules': {'region': {'enabled': False}}})\n",
            "bad/stories.py": "from storydesk import Story, Subject\n\n"
            f"CARD = {CARD!r}\n\n"
            "def subject() -> Subject:\n"
            "    return Subject(title='Bad', items=[\n"
            "        Story(title='Both', template=CARD),\n"
            "        Story(title='No contrast rule', template=CARD,\n"
            "              a11y={'rules': {'color-contrast': {'enabled': False}}}),\n"
            "    ])\n",
        }
    )


def test_audits_keep_violations_by_page_most_serious_first_until_the_page_changes():
    audits = Audits()
    axe = [
        {"id": "region", "impact": "moderate", "help": "h", "helpUrl": "u", "nodes": [{"target": "div"}]},
        {"id": "image-alt", "impact": "critical", "help": "Images", "helpUrl": "https://x", "nodes": []},
        {"id": "odd", "impact": "unheard-of", "nodes": "not a list"},
    ]
    audit = audits.record("a/b.html", axe, 12.5)
    assert [v.rule for v in audit.violations] == ["image-alt", "region", "odd"]
    assert audit.counts() == {"critical": 1, "moderate": 1, "minor": 1}
    assert audit.violations[1].offenders[0].target == "div" and audits.version == 1
    audits.forget(["x.html"])
    assert audits.version == 1 and "a/b.html" in audits.pages
    audits.forget(["a/b.html", "x.html"])
    assert audits.pages == {} and audits.version == 2


def test_a_story_s_rules_go_over_the_catalog_s_onto_its_page(a11y_catalog, tmp_path):
    assert build(a11y_catalog, tmp_path / "site").ok
    page = (tmp_path / "site" / "bad" / "no-contrast-rule.html").read_text()
    options = json.loads(page.split('data-sd-a11y="')[1].split('"')[0].replace("&quot;", '"'))
    assert options == {"rules": {"region": {"enabled": False}, "color-contrast": {"enabled": False}}}


@pytest.mark.gui
def test_the_pane_audits_the_shown_story_and_boxes_an_offending_element(display, a11y_catalog, tmp_path):
    from test_pane import Pane

    out = tmp_path / "site"
    assert build(a11y_catalog, out).ok
    pane = Pane((out / "bad" / "both.html").as_uri())
    try:
        audit = pane.expect(lambda e: e["event"] == "audit", 60)
        assert audit["error"] == "" and audit["ms"] > 0
        found = {v["id"]: v for v in audit["violations"]}
        assert set(found) == {"image-alt", "color-contrast"}, found  # region: off for the catalog
        assert found["image-alt"]["impact"] == "critical" and found["color-contrast"]["impact"] == "serious"
        assert found["image-alt"]["nodes"][0]["html"].startswith("<img")
        pane.send(cmd="highlight", selector=found["color-contrast"]["nodes"][0]["target"])
        assert pane.expect(lambda e: e["event"] == "highlighted")["found"]
        assert pane.eval("!!document.getElementById('sd-highlight')") is True
        assert pane.eval("typeof axe") == "undefined"  # axe runs in an isolated world: the page never sees it
        pane.send(cmd="load", url=(out / "bad" / "no-contrast-rule.html").as_uri())
        audit = pane.expect(lambda e: e["event"] == "audit" and "no-contrast" in e["url"], 60)
        assert [v["id"] for v in audit["violations"]] == ["image-alt"]  # the story switched the rule off
    finally:
        pane.close()


@pytest.mark.gui
def test_violations_show_in_the_tab_and_the_tree_and_follow_an_edit(display, a11y_catalog, tmp_path):
    app = RunningApp(a11y_catalog, tmp_path, "--story", "bad/both")
    try:
        state = app.wait(lambda s: "bad/both.html" in s.get("audits", {}), 90, "the audit")
        assert state["audits"]["bad/both.html"] == [["image-alt", "critical", 1], ["color-contrast", "serious", 1]]
        app.wait(lambda s: s["labels"].get("sd:story:bad/both") == "Both  [a11y: 2]", 10, "the tree's badge")
        assert app.state()["labels"]["sd:node:bad"].endswith("[a11y: 1 story]")  # shown on the folded subject too
        app.click_widget("sd:tab:a11y")
        state = app.wait(lambda s: "sda:summary" in s.get("widgets", {}), 10, "the Accessibility tab")
        assert state["texts"]["sda:summary"].startswith("2 violations (1 critical, 1 serious)")
        assert state["labels"]["sda:node:1:0"].startswith("  button: <button")
        app.click_widget("sda:node:1:0")  # the pale button: the pane boxes it
        app.wait(lambda s: any("showing button in the pane" in line for line in s["log"]), 10, "highlighted")
        stories = a11y_catalog / "bad" / "stories.py"
        stories.write_text(stories.read_text().replace("<img src=", '<img alt="" src='))  # the fix, saved
        state = app.wait(
            lambda s: s.get("audits", {}).get("bad/both.html") == [["color-contrast", "serious", 1]], 60, "re-audit"
        )
        app.wait(lambda s: s["texts"].get("sda:summary", "").startswith("1 violation (1 serious)"), 10, "the tab")
    finally:
        app.stop()


@pytest.mark.gui
def test_audit_all_audits_the_demo_in_the_background_without_touching_the_shown_page(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", "actions/button/primary")
    try:
        state = app.wait(
            lambda s: "actions/button/primary.html" in s.get("audits", {}) and s.get("pane_loaded_at"),
            90,
            "the shown story loaded and audited",  # under load the page's loaded answer can come after its audit
        )
        loaded_at, stories = state["pane_loaded_at"], len(state["stories"])
        app.click_widget("sd:tab:a11y")
        app.click_widget("sda:audit-all")
        # the progress bar reports no rectangle: its Cancel button, shown with it, does
        running = app.wait(lambda s: "sda:cancel" in s.get("widgets", {}), 10, "the progress bar and Cancel")
        assert running["audit_progress"]["total"] == stories and not running["audit_progress"]["finished"]
        state = app.wait(lambda s: (s.get("audit_progress") or {}).get("finished"), 120, "audit all finished")
        assert state["audit_progress"]["done"] == stories and len(state["audits"]) == stories
        assert state["pane_page"] == "actions/button/primary.html" and state["pane_loaded_at"] == loaded_at
        state = app.wait(lambda s: "sda:cancel" not in s.get("widgets", {}), 10, "the progress bar gone")
        assert state["texts"]["sda:overall"].startswith(f"Audited {stories} of {stories} stories: ")
    finally:
        app.stop()


@pytest.mark.gui
def test_a_story_that_failed_to_render_says_it_was_not_audited(display, make_catalog, tmp_path):
    from test_editor import BOOM
    from test_pane import Pane

    root = make_catalog(BOOM)
    out = tmp_path / "site"
    assert build(root, out).ok
    pane = Pane((out / "boom" / "card.html").as_uri())
    try:
        audit = pane.expect(lambda e: e["event"] == "audit", 60)
        assert audit["error"] == "not audited: the story failed to render" and audit["violations"] == []
    finally:
        pane.close()


@pytest.mark.gui
def test_a_themed_story_is_audited_on_its_themed_page_without_the_catalog_s_layout(display, make_catalog, tmp_path):
    from test_pane import Pane

    # the layout's own image has no alt text either: it is the catalog's, not the story's, and is left out
    root = themed_root(
        "Themed", '<img src="logo.png"><main>{children}</main>', "a11y={'rules': {'region': {'enabled': False}}}"
    )
    contrast_off = {"Contrast off": "a11y={'rules': {'color-contrast': {'enabled': False}}}"}
    catalog = make_catalog(
        {"stories.py": root, **subject_files("bad", "Bad", {"Both": CARD, "Contrast off": CARD}, contrast_off)}
    )
    out = tmp_path / "site"
    assert build(catalog, out).ok
    page = (out / "bad" / "both.html").as_uri()
    pane = Pane(page)
    try:
        audit = pane.expect(lambda e: e["event"] == "audit", 60)
        assert audit["url"] == page and audit["error"] == ""  # reported as the story's page
        found = {v["id"]: [n["html"] for n in v["nodes"]] for v in audit["violations"]}
        assert set(found) == {"image-alt", "color-contrast"}, found
        assert found["image-alt"] == ['<img src="x.png">']  # the story's image only, not the layout's logo
        target = next(v for v in audit["violations"] if v["id"] == "image-alt")["nodes"][0]["target"]
        pane.send(cmd="highlight", selector=target)  # boxed in the story's frame, where it is
        assert pane.expect(lambda e: e["event"] == "highlighted")["found"]
        frame = "document.querySelector('iframe.sd-themed-frame').contentDocument"
        assert pane.eval(f"{frame}.querySelector({target!r}) === {frame}.querySelectorAll('img')[1]")
        assert pane.eval(f"!!{frame}.getElementById('sd-highlight')") is True
        pane.send(cmd="audit_all", urls=[(out / "bad" / "contrast-off.html").as_uri()])
        audit = pane.expect(lambda e: e["event"] == "audit" and e.get("background"), 60)
        assert audit["url"].endswith("contrast-off.html") and [v["id"] for v in audit["violations"]] == ["image-alt"]
        assert pane.expect(lambda e: e["event"] == "audit_progress" and e["finished"])["done"] == 1
    finally:
        pane.close()
