"""The App's logic with a fake builder and a fake pane: no threads, no subinterpreters, no display (issue 10).

Builds are run by calling the coordinator's build action directly, as the debouncer's worker would, and
:meth:`App.poll` applies their events, as the main loop would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storydesk.app.controller import App
from storydesk.app.events import BuildFinished
from storydesk.app.status import BuildError, BuildState
from storydesk.build.result import BuildResult

STORY = "actions/button/primary"
OTHER = "actions/button/ghost"


def story(path: str, error: dict | None = None) -> dict:
    """A manifest entry as a build reports it."""
    return {"path": path, "title": path.rpartition("/")[2], "href": f"{path}.html", "error": error}


def good(*paths: str, changed: list[str] | None = None, broken: list[dict] | None = None) -> BuildResult:
    """A good build of ``paths`` that changed ``changed`` (default: every page)."""
    return BuildResult(
        ok=True,
        title="Demo",
        stories=[story(p) for p in paths],
        changed=[f"{p}.html" for p in paths] if changed is None else changed,
        broken=broken or [],
    )


class FakeBuilder:
    """A Builder that returns the scripted results in turn and records each call's quarantine."""

    def __init__(self, out: Path, results: list[BuildResult | Exception]) -> None:
        self.out, self.results = out, results
        self.abandoned = 0
        self.calls: list[dict[str, Any]] = []
        self.closed = False

    def build(self, root, out, timeout_s=None, overrides=None, quarantine=None, story_timeout_s=None):
        """Return (or raise) the next scripted result, writing its pages as a real build would."""
        self.calls.append({"overrides": overrides, "quarantine": dict(quarantine or {})})
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        for entry in result.stories:
            page = Path(out) / entry["href"]
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(entry["path"])
        return result

    def close(self, wait_s: float = 1.0) -> None:
        """Record the close."""
        self.closed = True


class FakePane:
    """A pane process that records the commands sent to it."""

    def __init__(self, on_event, log_path) -> None:
        self.on_event = on_event
        self.sent: list[dict] = []
        self.started: list[str] = []
        self.alive = False
        self.pid: int | None = None
        FakePane.instances.append(self)

    instances: list[FakePane] = []

    def start(self, url: str, title: str = "") -> None:
        """Record the start and answer "ready", as the pane does once its window is up."""
        self.started.append(url)
        self.alive, self.pid = True, 1000 + len(FakePane.instances)
        self.on_event({"event": "ready"})

    def send(self, **message: Any) -> bool:
        """Record one command."""
        self.sent.append(message)
        return self.alive

    def stop(self, timeout: float = 5.0) -> None:
        """Stop as asked."""
        self.alive = False

    def commands(self, cmd: str) -> list[dict]:
        """The commands of kind ``cmd`` sent so far."""
        return [m for m in self.sent if m.get("cmd") == cmd]


@pytest.fixture
def make_app(tmp_path):
    """Return ``make(results, **kwargs) -> (app, builder)``: an App on fakes, its pane started and ready."""
    apps: list[App] = []
    FakePane.instances = []

    def make(results: list, **kwargs: Any) -> tuple[App, FakeBuilder]:
        catalog = tmp_path / "catalog"
        catalog.mkdir(exist_ok=True)
        builders: list[FakeBuilder] = []

        def factory(use_subinterpreters: bool) -> FakeBuilder:
            builders.append(FakeBuilder(tmp_path / "site", results))
            return builders[-1]

        app = App(catalog, tmp_path / "site", builder_factory=factory, pane_factory=FakePane, **kwargs)
        apps.append(app)
        app.builds.start_builder()
        app.start_pane()
        app.poll()
        return app, builders[0]

    yield make
    for app in apps:
        app.shutdown()


def build(app: App, *changes: str) -> None:
    """Run one build as the debouncer's worker would, then apply its events as the main loop would."""
    app.builds.build(set(changes) or {"rebuild requested"})
    app.poll()


def test_first_build_shows_the_initial_story_and_later_builds_reload_only_when_its_page_changed(make_app):
    app, _ = make_app([good(STORY, OTHER), good(STORY, OTHER, changed=[f"{OTHER}.html"]), good(STORY, OTHER)])
    pane = FakePane.instances[0]
    assert app.status.state is BuildState.IDLE and app.pane.message == "Building the catalog"
    assert "/message-" in pane.started[0], "a building page, not about:blank, until the first build"
    app.ui_state.selected_story = STORY
    build(app)
    assert app.status.state is BuildState.OK and app.status.builds == 1
    assert sorted(app.stories) == sorted([STORY, OTHER])
    assert pane.commands("load")[-1]["url"].endswith(f"{STORY}.html") and app.pane.page == f"{STORY}.html"
    build(app)  # only the other story's page changed
    assert not pane.commands("reload") and not pane.commands("morph")
    build(app)  # the shown page changed: morphed in place (issue 13), sent from the build thread
    assert not pane.commands("reload")
    (morph,) = pane.commands("morph")
    assert morph["url"].endswith(f"{STORY}.html") and morph["html"] == STORY, "the new page's HTML, read from disk"


def test_with_morphing_off_or_a_stylesheet_changed_the_page_is_reloaded(make_app):
    app, _ = make_app([good(STORY), good(STORY), good(STORY, changed=[f"{STORY}.html", "assets/site.css"])])
    pane = FakePane.instances[0]
    app.ui_state.selected_story = STORY
    build(app)
    app.pane.morph = False
    build(app)
    assert len(pane.commands("reload")) == 1 and not pane.commands("morph")
    app.pane.morph = True
    build(app)  # storydesk's stylesheet changed with the page: a morph would keep the old one
    assert len(pane.commands("reload")) == 2 and not pane.commands("morph")


def test_a_failed_build_keeps_the_last_good_catalog_and_shows_the_error_with_file_and_line(make_app):
    failure = BuildResult.failure("SyntaxError: invalid syntax", file="/c/a/stories.py", line=3, details="tb")
    app, _ = make_app([good(STORY), failure, good(STORY)])
    build(app)
    build(app)
    assert app.status.state is BuildState.FAILED and list(app.stories) == [STORY], "the last good data stays"
    assert app.status.error == BuildError("SyntaxError: invalid syntax", "/c/a/stories.py", 3, "tb")
    overlay = FakePane.instances[0].commands("overlay")[-1]["html"]
    assert "/c/a/stories.py:3" in overlay and "invalid syntax" in overlay
    assert any("build #2 failed" in line.text and "/c/a/stories.py:3" in line.text for line in app.logs.snapshot())
    build(app)
    assert app.status.state is BuildState.OK and app.status.error is None


def test_a_broken_stories_file_marks_the_status_and_overlays_only_its_own_pages(make_app):
    broken = {"path": "actions", "message": "NameError: x", "file": "/c/actions/stories.py", "line": 2}
    app, _ = make_app([good(STORY), good(STORY, broken=[broken]), good(STORY)])
    app.ui_state.selected_story = STORY
    build(app)
    build(app)
    pane = FakePane.instances[0]
    assert app.status.state is BuildState.BROKEN and app.status.broken == 1
    assert app.status.error is not None and app.status.error.where == "/c/actions/stories.py:2"
    assert "NameError: x" in pane.commands("overlay")[-1]["html"], "the shown page is in the broken folder"
    build(app)
    assert pane.commands("overlay")[-1]["html"] == "", "the fix removes the overlay"


def test_a_story_that_stalls_the_build_is_quarantined_and_the_build_runs_again_without_it(make_app):
    stalled = BuildResult.failure("timed out", stalled={"story": OTHER, "reason": "did not return within 5 s"})
    app, builder = make_app([stalled, good(STORY, OTHER)])
    build(app, "/c/actions/button/stories.py")
    assert [c["quarantine"] for c in builder.calls] == [{}, {OTHER: "did not return within 5 s"}]
    assert app.status.state is BuildState.OK and app.status.builds == 1, "one save, one finished build"


def test_a_builder_that_raises_is_a_failed_build_not_a_stuck_status(make_app):
    app, _ = make_app([RuntimeError("pipe broke")])
    build(app)
    assert app.status.state is BuildState.FAILED and app.status.error is not None
    assert "the build could not run" in app.status.error.message and "pipe broke" in app.status.error.message


def test_prop_edits_reach_the_builder_and_are_kept_per_catalog(make_app, tmp_path):
    app, builder = make_app([good(STORY), good(STORY), good(STORY)])
    app.set_prop(STORY, "label", "Ship it")  # no debouncer here: the edit waits for the next build
    build(app)
    assert builder.calls[-1]["overrides"] == {STORY: {"label": "Ship it"}}
    other = tmp_path / "other"
    other.mkdir()
    app.open_catalog(other, tmp_path / "other-site")
    assert app.builds.prop_overrides == {} and app.pane.page == "index.html" and app.status.builds == 0
    app.open_catalog(tmp_path / "catalog", tmp_path / "site")
    assert app.builds.prop_overrides == {STORY: {"label": "Ship it"}}, "the first catalog's edits came back"


def test_an_unexpected_pane_exit_restarts_it_at_most_three_times_a_minute(make_app):
    app, _ = make_app([])
    for n in range(1, 6):
        pane = FakePane.instances[-1]
        pane.alive = False
        pane.on_event({"event": "exited", "code": -11, "pid": pane.pid, "expected": False})
        app.poll()
        assert app.pane.restarts == min(n, 3)
    assert len(FakePane.instances) == 4, "three restarts, then it stays down"
    assert any("4 times within a minute; not restarting" in line.text for line in app.logs.snapshot())


def test_the_pane_shortcut_requests_a_gui_reload_and_loaded_pages_are_tracked(make_app, tmp_path):
    app, _ = make_app([])
    pane = FakePane.instances[0]
    pane.on_event({"event": "shortcut", "keys": "ctrl+alt+r"})
    page = tmp_path / "site" / "actions" / "button.html"
    pane.on_event({"event": "loaded", "url": page.as_uri() + "#x", "text": "Button", "scroll": 12.0})
    app.poll()
    assert app.reload_requested
    assert app.pane.page == "actions/button.html" and app.pane.text == "Button" and app.pane.scroll == 12.0
    assert app.snapshot()["pane_page"] == "actions/button.html"


def test_an_unknown_story_id_shows_the_index_with_a_notice_naming_it(make_app):
    app, _ = make_app([good(STORY), good(STORY)], initial_story="actions/button/nope")
    build(app)
    pane = FakePane.instances[0]
    assert pane.commands("load")[-1]["url"].endswith("/index.html") and app.pane.message == ""
    assert "actions/button/nope" in pane.commands("overlay")[-1]["html"]
    assert app.ui_state.selected_story is None, "no dead selection"
    assert any("no story 'actions/button/nope'" in line.text for line in app.logs.snapshot())
    app.select_story(STORY)
    assert pane.commands("overlay")[-1]["html"] == "", "showing a story removes the notice"


def test_a_first_build_that_fails_says_so_on_a_message_page_under_the_error(make_app):
    failure = BuildResult.failure("no stories.py in the catalog folder", file="/c/stories.py")
    app, _ = make_app([failure, good(STORY)], initial_story=STORY)
    build(app)
    pane = FakePane.instances[0]
    assert app.pane.message.startswith("No site for catalog yet")
    assert "no stories.py" in pane.commands("overlay")[-1]["html"]
    build(app)
    assert app.pane.message == "" and pane.commands("load")[-1]["url"].endswith(f"{STORY}.html")


def tree_of(subjects: dict[str, list[str]]) -> list[dict]:
    """A one-section nav tree: ``{subject: [story slugs]}`` under section ``s``."""
    return [
        {
            "title": "S",
            "kind": "section",
            "path": "s",
            "href": "s/index.html",
            "children": [
                {
                    "title": subject,
                    "kind": "subject",
                    "path": f"s/{subject}",
                    "href": f"s/{subject}/index.html",
                    "children": [
                        {
                            "title": st,
                            "kind": "story",
                            "path": f"s/{subject}/{st}",
                            "href": f"s/{subject}/{st}.html",
                            "children": [],
                        }
                        for st in stories
                    ],
                }
                for subject, stories in subjects.items()
            ],
        }
    ]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ({"b": ["one", "two", "three"]}, "s/b/two.html"),  # still there
        ({"b": ["one", "renamed", "three"]}, "s/b/renamed.html"),  # renamed: same position
        ({"b": ["one", "three"]}, "s/b/three.html"),  # deleted: the next one moves up
        ({"b": ["one"]}, "s/b/one.html"),  # the last ones deleted: the nearest
        ({"b": []}, "s/b/index.html"),  # none left: the subject
        ({"c": ["x"]}, "s/index.html"),  # the subject gone: the section
    ],
)
def test_the_nearest_surviving_page_of_a_renamed_or_deleted_story(after, expected):
    from storydesk.app.selection import nearest_surviving

    assert nearest_surviving(tree_of({"b": ["one", "two", "three"]}), tree_of(after), "s/b/two.html") == expected


def test_a_build_of_the_catalog_open_before_file_open_is_dropped(make_app, tmp_path):
    app, _ = make_app([good(STORY), good(OTHER)])
    app.builds.post = app._events.put
    generation = app.builds.generation
    other = tmp_path / "other"
    other.mkdir()
    # the old catalog's build finishes just after File > Open
    result = app.builds._build_once()
    app.open_catalog(other, tmp_path / "other-site")
    app._events.put(BuildFinished(result, False, generation))
    app.poll()
    assert app.stories == {} and app.status.builds == 0, "nothing of the old catalog's build was applied"


def test_the_wanted_story_is_shown_by_the_first_good_build_even_after_a_failed_one(make_app, tmp_path):
    failure = BuildResult.failure("SyntaxError", file="/c/stories.py", line=1)
    app, _ = make_app([failure, good(STORY)], initial_story=STORY)
    (tmp_path / "site").mkdir(exist_ok=True)
    (tmp_path / "site" / "index.html").write_text("a cached site")  # so no message page is involved
    build(app)
    build(app)
    assert FakePane.instances[0].commands("load")[-1]["url"].endswith(f"{STORY}.html")
    assert app.ui_state.selected_story == STORY


def test_a_saved_catalog_stylesheet_reloads_the_page_and_encoded_urls_are_followed(make_app, tmp_path):
    app, _ = make_app([good(STORY), good(STORY, changed=["static/static/catalog.css"])])
    app.ui_state.selected_story = STORY
    build(app)
    build(app)
    assert len(FakePane.instances[0].commands("reload")) == 1, "a static/ change reloads the shown page"
    page = tmp_path / "site" / "a b" / "ü.html"
    FakePane.instances[0].on_event({"event": "loaded", "url": page.as_uri(), "text": ""})
    app.poll()
    assert app.pane.page == "a b/ü.html"


def test_a_saved_themed_layout_reloads_the_story_it_shows(make_app):
    app, _ = make_app([good(STORY), good(STORY, changed=[f"{STORY}.themed.html"])])
    app.ui_state.selected_story = STORY
    build(app)
    build(app)  # only the story's page through the catalog's themed_layout changed (issue 12)
    assert len(FakePane.instances[0].commands("reload")) == 1


def test_a_notice_from_a_build_that_beat_the_pane_is_shown_once_the_pane_is_ready(make_app):
    app, _ = make_app([good(STORY)], initial_story="actions/button/nope")
    pane = FakePane.instances[0]
    app.pane.ready = False  # the pane's window is not up yet when the first build finishes
    build(app)
    assert not pane.commands("overlay")
    pane.on_event({"event": "ready"})
    app.poll()
    assert "actions/button/nope" in pane.commands("overlay")[-1]["html"], "sent once the pane is up"


def test_a_remembered_story_opens_the_pane_on_its_page_and_the_first_build_only_updates_it(make_app, tmp_path):
    page = tmp_path / "site" / f"{STORY}.html"  # the site of the last session
    page.parent.mkdir(parents=True)
    page.write_text("last session")
    app, _ = make_app(
        [good(STORY, OTHER, changed=[]), good(STORY, OTHER, changed=[f"{STORY}.html"])], initial_story=STORY
    )
    pane = FakePane.instances[0]
    assert pane.started == [page.as_uri()], "the pane opens on the story's page, not on a building message"
    assert pane.commands("load") == [], "opened on it: no second load when it is ready"
    build(app)  # nothing changed: nothing sent
    assert app.ui_state.selected_story == STORY and pane.commands("load") == [] and pane.commands("morph") == []
    build(app)  # the page changed: morphed in place
    assert pane.commands("load") == [] and pane.commands("morph")[-1]["url"] == page.as_uri()


def test_a_page_changed_before_the_pane_is_ready_is_loaded_once_it_is(tmp_path):
    from storydesk.app.events import PaneReady
    from storydesk.app.pane_supervisor import PaneSupervisor

    out = tmp_path / "site"
    (out / "a").mkdir(parents=True)
    (out / "a/b.html").write_text("old")
    panes: list[Any] = []

    class SlowPane(FakePane):
        def start(self, url: str, title: str = "") -> None:  # not ready yet
            self.started.append(url)
            self.alive = True
            panes.append(self)

    supervisor = PaneSupervisor(out, lambda event: None, SlowPane)
    supervisor.page = "a/b.html"
    supervisor.start()
    assert supervisor.refresh(["a/b.html"]) is False  # a build changed it while the pane starts
    supervisor.apply(PaneReady())
    assert panes[0].commands("load")[-1]["url"] == (out / "a/b.html").as_uri()


def test_a_click_on_an_error_s_file_and_line_in_the_pane_opens_the_editor(make_app, tmp_path):
    import sys
    import time

    calls = tmp_path / "calls.txt"
    recorder = tmp_path / "rec.py"
    recorder.write_text("import sys\nopen(sys.argv[1], 'a').write(' '.join(sys.argv[2:]))\n")
    app, _ = make_app([good(STORY)])
    app.settings.editor = f"{sys.executable} {recorder} {calls} {{file}} {{line}}"
    FakePane.instances[0].on_event({"event": "open", "file": "/cat/buttons/stories.py", "line": 12})
    app.poll()
    for _ in range(100):
        if calls.exists():
            break
        time.sleep(0.05)
    assert calls.read_text() == "/cat/buttons/stories.py 12"
    assert app.editor_note == "Opened stories.py:12 in the editor"
