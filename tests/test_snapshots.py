"""HTML snapshots (issue 15): ``storydesk snapshot PATH`` writes each story's normalised HTML, ``--check``
fails with a diff after a component edit and passes after updating; the pytest plugin's opt-in; the app's
"changed since snapshot" with its diff.
"""

from __future__ import annotations

import pytest
from gui_driver import RunningApp

from storydesk.build.snapshots import FOLDER, normalise
from storydesk.cli import main

pytest_plugins = ["pytester"]

BUTTONS = {
    "stories.py": "from storydesk import Catalog\n\ndef catalog() -> Catalog:\n    return Catalog(title='Snap')\n",
    "components.py": "from string.templatelib import Template\n\n"
    "def button(label: str) -> Template:\n"
    '    return t\'<button type="button" class="btn" data-x="1">{label}</button>\'\n',
    "button/stories.py": "from storydesk import Story, Subject\nfrom snap.components import button\n\n"
    "def subject() -> Subject:\n"
    "    return Subject(title='Button', target=button, items=[\n"
    "        Story(title='Save', props={'label': 'Save'}),\n"
    "        Story(title='Cancel', props={'label': 'Cancel'}),\n"
    "    ])\n",
}


@pytest.fixture
def buttons(make_catalog):
    return make_catalog(BUTTONS, name="snap")


def test_normalised_html_is_pretty_printed_with_attributes_in_one_order():
    assert normalise('<p z="1" a="2">Hi <b>there</b></p>') == normalise('<p a="2"  z="1">Hi <b>there</b></p>')
    assert normalise('<p z="1" a="2">Hi</p>') == '<p a="2" z="1">\n Hi\n</p>\n'
    assert normalise("  \n") == ""


def test_snapshot_check_fails_with_a_diff_after_a_component_edit_and_passes_after_updating(buttons, capsys):
    assert main(["snapshot", str(buttons)]) == 0
    assert "wrote 2 snapshots" in capsys.readouterr().out
    saved = buttons / FOLDER / "button" / "save.html"
    assert saved.read_text() == '<button class="btn" data-x="1" type="button">\n Save\n</button>\n'
    assert main(["snapshot", str(buttons), "--check"]) == 0
    assert capsys.readouterr().out.strip() == "snapshots: 2 unchanged"

    components = buttons / "components.py"
    components.write_text(components.read_text().replace('class="btn"', 'class="btn btn-primary"'))
    assert main(["snapshot", str(buttons), "--check"]) == 1
    out = capsys.readouterr().out
    assert f"--- {FOLDER}/button/save.html\n+++ button/save (rendered now)\n" in out
    assert '-<button class="btn" data-x="1" type="button">\n+<button class="btn btn-primary" data-x="1"' in out
    assert out.strip().endswith("snapshots: 0 unchanged, 2 changed")

    assert main(["snapshot", str(buttons)]) == 0  # updating
    assert "wrote 2 snapshots" in capsys.readouterr().out
    assert main(["snapshot", str(buttons), "--check"]) == 0
    capsys.readouterr()

    stories = buttons / "button" / "stories.py"  # a story gone, one new: both fail the check
    stories.write_text(stories.read_text().replace("title='Cancel'", "title='Close'"))
    assert main(["snapshot", str(buttons), "--check"]) == 1
    out = capsys.readouterr().out
    assert "no snapshot yet: button/close" in out and "snapshot of a story that is gone: button/cancel" in out
    assert main(["snapshot", str(buttons)]) == 0
    assert "1 of stories that are gone removed" in capsys.readouterr().out
    assert sorted(p.name for p in (buttons / FOLDER / "button").iterdir()) == ["close.html", "save.html"]


def test_a_story_that_fails_to_render_fails_the_snapshot_and_keeps_its_file(buttons, capsys):
    assert main(["snapshot", str(buttons)]) == 0
    components = buttons / "components.py"
    components.write_text(components.read_text().replace("    return t", "    raise ValueError(label)\n    return t"))
    assert main(["snapshot", str(buttons), "--check"]) == 1
    err = capsys.readouterr().err
    assert f"button/save failed to render: {components}:4: ValueError: Save" in err
    assert main(["snapshot", str(buttons)]) == 1
    assert (buttons / FOLDER / "button" / "save.html").is_file()


def test_the_pytest_plugin_checks_snapshots_when_asked(buttons, pytester):
    args = ["-p", "no:xvfb", "-p", "no:cacheprovider", "--storydesk", str(buttons)]
    result = pytester.runpytest_subprocess(*args)
    result.assert_outcomes(passed=2)  # not asked: no snapshot tests
    result = pytester.runpytest_subprocess(*args, "--storydesk-snapshots")
    result.assert_outcomes(passed=3, failed=2)  # the renders, no stale snapshots; no snapshots yet
    result.stdout.fnmatch_lines(["*button/save: no snapshot yet in*storydesk snapshot*"])
    stale = buttons / FOLDER / "button" / "gone.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<p>\n gone\n</p>\n")
    result = pytester.runpytest_subprocess(*args, "--storydesk-snapshots=update")
    result.assert_outcomes(passed=5)
    assert not stale.exists() and (buttons / FOLDER / "button" / "save.html").is_file()
    stale.write_text("<p>\n gone\n</p>\n")
    components = buttons / "components.py"
    components.write_text(components.read_text().replace("{label}</button>", "{label}!</button>"))
    result = pytester.runpytest_subprocess(*args, "--storydesk-snapshots", "-v")
    result.assert_outcomes(passed=2, failed=3)
    result.stdout.fnmatch_lines(["*snapshots of stories that are gone*: button/gone;*"])
    result.stdout.fnmatch_lines(
        ["*button/save::snapshot FAILED*", "*button/save changed since its snapshot:*", "*+ Save!*"]
    )


@pytest.mark.gui
def test_the_app_shows_a_story_changed_since_its_snapshot_with_the_diff_and_updates_it(display, buttons, tmp_path):
    assert main(["snapshot", str(buttons)]) == 0
    app = RunningApp(buttons, tmp_path, "--story", "button/save")
    try:
        state = app.wait(lambda s: s.get("texts", {}).get("sdp:snapshot") == "Snapshot: unchanged", 90, "compared")
        assert state["snapshot"] == "unchanged" and "sdp:snapshot:update" not in state["widgets"]
        components = buttons / "components.py"
        components.write_text(components.read_text().replace("{label}</button>", "{label}!</button>"))
        state = app.wait(lambda s: s.get("snapshot") == "changed", 60, "the edit compared")
        state = app.wait(lambda s: "+ Save!" in s["texts"].values(), 10, "the diff shown")  # once laid out
        diff = [state["texts"].get(f"sdp:snapdiff:{i}") for i in range(12)]
        assert state["texts"]["sdp:snapshot"] == "Changed since snapshot:" and "- Save" in diff
        app.click_widget("sdp:snapshot:update")
        app.wait(lambda s: s.get("snapshot") == "unchanged", 10, "the snapshot updated")
        assert "Save!" in (buttons / FOLDER / "button" / "save.html").read_text()
    finally:
        app.stop()
