"""The stable controller: :class:`App` is the facade the GUI talks to, over collaborators that own their
state (issue 10).

* :class:`~storydesk.app.coordinator.BuildCoordinator`: watching, debouncing, the builder (the build process:
  the app never runs user code), the build status, the catalog data and the prop edits;
* :class:`~storydesk.app.pane_supervisor.PaneSupervisor`: the preview pane process, its restarts,
  placement, overlay and page;
* :class:`~storydesk.app.ui_state.UIState`: selection, filter, Dear PyGui item state, which the GUI hot
  reloader captures.

Worker threads (the build thread, the pane reader) only post typed events (:mod:`storydesk.app.events`) on
a queue; :meth:`App.poll`, called by the GUI's main loop once per frame, applies them on the main thread.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storydesk.app import settings as settings_module
from storydesk.app.audits import Audit, Audits
from storydesk.app.coordinator import BuildCoordinator
from storydesk.app.event_log import EventLog
from storydesk.app.events import (
    AppEvent,
    BuildFinished,
    BuildStarted,
    PaneAudit,
    PaneAuditProgress,
    PaneDomEvents,
    PaneExited,
    PaneFolderChosen,
    PaneLoaded,
    PaneOpenFile,
    PaneShortcut,
    PaneView,
)
from storydesk.app.logbuffer import LogBuffer
from storydesk.app.pane_supervisor import PaneProcess, PaneSupervisor
from storydesk.app.preview import Preview, view_command, zoom_step
from storydesk.app.selection import nearest_surviving, story_for_href
from storydesk.app.settings import Settings
from storydesk.app.snapshot_status import SnapshotStatus, SnapshotWatch
from storydesk.app.status import BuildError, BuildState, BuildStatus
from storydesk.app.ui_state import UIState
from storydesk.build.debounce import QUIET_S
from storydesk.build.result import BuildResult
from storydesk.build.timeout import DEFAULT_STORY_TIMEOUT_S, DEFAULT_TIMEOUT_S
from storydesk.catalog.incremental import INCREMENTAL_ENV, incremental_enabled
from storydesk.catalog.pages import page_file

if TYPE_CHECKING:  # imported where used: watchdog starts only when the app does
    from storydesk.build.builder import Builder
    from storydesk.build.watcher import CatalogWatcher

log = logging.getLogger("storydesk.app")
#: The grace (s) each part gets when the app closes (see :meth:`App.shutdown`).
SHUTDOWN_S = 0.4


class App:
    """The storydesk application: the facade the GUI, the CLI and tests drive.

    Args:
        catalog: the catalog folder.
        out: the site folder the builds write.
        use_subinterpreters: build in the build process's subinterpreter pool (default) or in its main
            interpreter; ``None``: as the settings say.
        incremental: incremental builds on or off (:mod:`storydesk.catalog.incremental`); ``None``: as the
            settings say, unless ``STORYDESK_INCREMENTAL=0``. The choice is put in the environment, where the
            build process reads it.
        with_pane: start the preview pane process.
        quiet_s: the debounce quiet period in s, :data:`~storydesk.build.debounce.QUIET_S` (25 ms) by default.
        state_file: if set, a JSON snapshot of the state is written there whenever it changes (tests).
        initial_story: the story path to select once the first build is in (``None``: the one last selected
            in this catalog, from the settings).
        build_timeout_s: a build still running after this many seconds is abandoned and reported as failed,
            naming the story it was rendering (see ``storydesk.build.timeout``).
        story_timeout_s: a story still rendering after this many seconds is quarantined and the build run
            again without it (see ``storydesk.build.quarantine``; issue 10).
        memory_limit: the build process's address-space limit in bytes (0: none; ``None``: half the
            machine's memory), so a story allocating 30 GB gets a ``MemoryError`` card.
        settings: the user's settings; default: loaded from ``settings_path`` (a corrupt file is moved aside,
            with a warning in the log panel), or fresh defaults without one.
        settings_path: where the settings are loaded from and saved to on :meth:`shutdown` (``None``: not
            saved).
        builder_factory: ``factory(use_subinterpreters) -> Builder``; default: the build process. Unit tests
            pass a fake.
        pane_factory: ``factory(on_event, log_path) -> PaneProcess``; default: the pane client. Unit tests
            pass a fake.

    Attributes:
        builds: the :class:`~storydesk.app.coordinator.BuildCoordinator`.
        pane: the :class:`~storydesk.app.pane_supervisor.PaneSupervisor`.
        ui_state: the :class:`~storydesk.app.ui_state.UIState` (captured by GUI hot reloads).
        reload_requested, reload_error, error_tint, gui_reloads, reload_note, reload_finished_at: the GUI hot
            reload's request flag, last error (``""``: none), red tint, count, confirmation text and when the
            last one finished (``time.time()``, s).
    """

    #: Quiet period (s) after the last save of a view module before an automatic GUI reload.
    GUI_QUIET_S = 0.1

    def __init__(
        self,
        catalog: Path,
        out: Path,
        *,
        use_subinterpreters: bool | None = True,
        incremental: bool | None = None,
        with_pane: bool = True,
        quiet_s: float = QUIET_S,
        state_file: Path | None = None,
        initial_story: str | None = None,
        build_timeout_s: float = DEFAULT_TIMEOUT_S,
        story_timeout_s: float = DEFAULT_STORY_TIMEOUT_S,
        memory_limit: int | None = None,
        settings: Settings | None = None,
        settings_path: Path | None = None,
        builder_factory: Callable[[bool], Builder] | None = None,
        pane_factory: Callable[[Callable[[dict], None], Path | None], PaneProcess] | None = None,
    ) -> None:
        #: called (from any thread) when news arrives for the main loop: the GUI wakes its idle event wait
        #: (storydesk.gui.governor); nothing without a GUI
        self.wake: Callable[[], None] = lambda: None
        self.logs = LogBuffer()
        self.logs.on_record = lambda: self.wake()
        logging.getLogger("storydesk").addHandler(self.logs)
        self.settings_path = settings_path
        if settings is None:
            settings = settings_module.load(settings_path) if settings_path else Settings()
        self.settings = settings
        catalog, out = catalog.resolve(), out.resolve()
        if use_subinterpreters is None:
            use_subinterpreters = settings.use_subinterpreters
        if incremental is None:
            incremental = settings.incremental_builds and incremental_enabled()
        self.settings.incremental_builds = incremental
        os.environ[INCREMENTAL_ENV] = "1" if incremental else "0"  # the build process and its interpreters
        if initial_story is None:
            initial_story = settings.last_story.get(str(catalog))
        self.settings.remember_catalog(catalog)
        self.with_pane = with_pane
        self.state_file = state_file
        self._events: queue.SimpleQueue[AppEvent] = queue.SimpleQueue()
        self.builds = BuildCoordinator(
            catalog,
            out,
            self._post,
            builder_factory=builder_factory,
            use_subinterpreters=use_subinterpreters,
            quiet_s=quiet_s,
            build_timeout_s=build_timeout_s,
            story_timeout_s=story_timeout_s,
            memory_limit=memory_limit,
            reload_pane=self._reload_pane_after_build,
        )
        self.pane = PaneSupervisor(out, self._post, pane_factory)
        self.ui_state = UIState(selected_story=initial_story)
        #: what the last Open in editor did, and when (``time.time()``, s), for the hint line (issue 14)
        self.editor_note, self.editor_note_at = "", 0.0
        #: bumped when the preview toolbar's choices or the pane's answer change (issue 14): its widgets update
        #: only then, not every frame
        self.preview_version = 0
        #: what the accessibility audits found on the story pages shown so far (issue 15)
        self.audits = Audits()
        #: Audit all's progress: the pane's last report (``None``: never started)
        self.audit_progress: PaneAuditProgress | None = None
        #: the DOM events the shown stories' elements emitted (the Events tab, issue 15)
        self.event_log = EventLog()
        self.pane.allow_navigation = settings.follow_links
        #: the selected story against its HTML snapshot (issue 15)
        self.snapshots = SnapshotWatch()
        if initial_story and (out / page_file(initial_story, story=True)).is_file():
            # the pane opens on the story's page of the last build at once, not on the index first (issue 13:
            # launch -> the story shown); the first build morphs or reloads it if it changed
            self.pane.page = page_file(initial_story, story=True)
        self.reload_requested = False
        self.reload_error = ""
        self.error_tint = False
        self.gui_reloads = 0
        self.reload_note = ""  # "GUI code reloaded at 14:02:11 in 35 ms" (or failed), shown for a while
        self.reload_finished_at = 0.0
        self.view_report: dict[str, Any] = {}  # the shell's widget report, with a state file (tests)
        #: what each view's per-frame tick last drew from (storydesk.gui.redraw): ``{view: key}``
        self.redraw: dict[str, object] = {}
        self._state_written = ""
        self.gui_watcher: CatalogWatcher | None = None
        self._gui_changed_at = 0.0
        self._first_pending = True  # the wanted story is shown by the first good build of the catalog

    # -- read-only views of the collaborators' state, for the views ----------------------------------
    @property
    def catalog(self) -> Path:
        """The catalog folder."""
        return self.builds.catalog

    @property
    def out(self) -> Path:
        """The site folder."""
        return self.builds.out

    @property
    def status(self) -> BuildStatus:
        """The build status (see :class:`~storydesk.app.status.BuildStatus`)."""
        return self.builds.status

    @property
    def title(self) -> str:
        """The catalog's title, from the last good build."""
        return self.builds.title

    @property
    def tree(self) -> list[dict]:
        """The navigation tree of the last good build."""
        return self.builds.tree

    @property
    def stories(self) -> dict[str, dict]:
        """``{story path: manifest entry}`` of the last good build."""
        return self.builds.stories

    @property
    def data_version(self) -> int:
        """Bumped whenever the catalog data changes; the views rebuild when it does."""
        return self.builds.data_version

    @property
    def incremental(self) -> bool:
        """Whether builds render only the stories an edit can change (issue 13; View > Incremental builds)."""
        return self.settings.incremental_builds

    @property
    def use_subinterpreters(self) -> bool:
        """Whether builds run in fresh subinterpreters."""
        return self.builds.use_subinterpreters

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the build process, watching and the first build, and the pane."""
        self.sync_view()
        self.builds.start()
        if self.with_pane:
            self.start_pane()

    def save_settings(self) -> None:
        """Record the current choices in ``settings`` and write them to ``settings_path`` (if set)."""
        st = self.settings
        st.use_subinterpreters = self.use_subinterpreters
        if self.ui_state.selected_story:
            st.last_story[str(self.catalog)] = self.ui_state.selected_story
        if self.settings_path:
            try:
                settings_module.save(st, self.settings_path)
            except OSError as exc:
                log.warning("could not save settings to %s: %s", self.settings_path, exc)

    def shutdown(self) -> None:
        """Save the settings, stop watching, finish or abandon builds, close the build process and the pane.
        Idempotent.
        """
        started = time.monotonic()
        self.save_settings()
        # in parallel, each with a short grace: closing the window ends the app within 1 s (issue 11; it took
        # 5-7 s one after the other). What is still running then is killed: a pane holds nothing, and a build's
        # atomic swap leaves no partial site.
        stops: list[Callable[[], None]] = [lambda: self.builds.stop(SHUTDOWN_S), lambda: self.pane.stop(SHUTDOWN_S)]
        watcher, self.gui_watcher = self.gui_watcher, None
        if watcher:
            stops.append(lambda: watcher.stop(SHUTDOWN_S))
        threads = [threading.Thread(target=stop, name="storydesk-shutdown", daemon=True) for stop in stops]
        for thread in threads:
            thread.start()
        end = time.monotonic() + 2 * SHUTDOWN_S
        for thread in threads:
            thread.join(max(0.0, end - time.monotonic()))
        log.info("shut down in %.0f ms", (time.monotonic() - started) * 1000)
        logging.getLogger("storydesk").removeHandler(self.logs)

    def choose_catalog(self) -> bool:
        """File > Open catalog: ask the pane to show its folder dialog (a window of its own, never under the
        pane); the answer opens the folder. Returns False when the pane cannot show it (the GUI then uses its
        own dialog).
        """
        start = str(self.catalog.parent)
        return self.pane.send(cmd="choose_folder", title="Open catalog folder", start=start, purpose="open catalog")

    def open_catalog_logged(self, catalog: Path) -> bool:
        """:meth:`open_catalog` into its default site folder, logging (not raising) a folder that is not there;
        returns whether it opened.
        """
        try:
            self.open_catalog(catalog)
        except FileNotFoundError as exc:
            log.error("cannot open catalog: %s", exc)
            return False
        return True

    def open_catalog(self, catalog: Path, out: Path | None = None) -> None:
        """Switch to another catalog folder (File > Open): watch it, build it into ``out`` (default: its site
        folder in the user cache), show its remembered story or its index.

        Raises:
            FileNotFoundError: ``catalog`` is not a folder.
        """
        catalog = catalog.resolve()
        if not catalog.is_dir():
            raise FileNotFoundError(f"{catalog}: no such catalog folder")
        if out is None:
            from storydesk.paths import default_out

            out = default_out(catalog)
        if self.ui_state.selected_story:
            self.settings.last_story[str(self.catalog)] = self.ui_state.selected_story
        self.settings.remember_catalog(catalog)
        self.ui_state.selected_story = self.settings.last_story.get(str(catalog))
        self.ui_state.filter_text = ""  # the old catalog's filter would hide the new tree
        self.pane.out, self.pane.page = out.resolve(), "index.html"
        self.pane.show_message("Building the catalog", str(catalog))  # never the old catalog's page
        self._first_pending = True
        log.info("opened catalog %s", catalog)
        self.builds.open(catalog, out.resolve())
        self.audits.clear()
        self.event_log.clear()  # the other catalog's stories' events: its pages are not this one's
        self.sync_view()  # this catalog's own preview choices

    def set_incremental(self, enabled: bool) -> None:
        """Turn incremental builds on or off (View menu): kept in the settings; a new build process starts
        with the choice (the old one ends after any build it is running) and the catalog is built again.
        """
        if enabled == self.incremental:
            return
        self.settings.incremental_builds = enabled
        os.environ[INCREMENTAL_ENV] = "1" if enabled else "0"
        self.builds.restart_builder()
        log.info("incremental builds %s", "on" if enabled else "off: every build renders every story")
        self.save_settings()
        self.request_rebuild()

    def set_use_subinterpreters(self, enabled: bool) -> None:
        """Switch between building in the build process's subinterpreters and in its main interpreter (View
        menu): a new build process is started; the old one ends after any build it is running.
        """
        self.builds.set_use_subinterpreters(enabled)

    # -- builds ---------------------------------------------------------------------------------------
    def request_rebuild(self) -> None:
        """Build now (the toolbar's Rebuild button); skips the debounce quiet period."""
        self.builds.request_rebuild()

    def _reload_pane_after_build(self, result: BuildResult) -> bool:
        """On the build thread: reload the pane at once when the build changed its page (a frame sooner than
        the main loop would); first builds and vanished pages are left to :meth:`_apply_build`.
        """
        return self.pane.reload_if_changed(result.changed)

    def _apply_build(self, result: BuildResult, reloaded: bool = False) -> None:
        """Apply a finished build on the main thread; ``reloaded``: the build thread already told the pane to
        reload.

        The first good build of a catalog (or the first after a message page) shows the wanted story, or the
        index with a notice naming an unknown story id; a failed build with no site to show says so on a
        message page under the error (issue 11).
        """
        old_tree = self.tree
        self.builds.record(result)
        if result.ok:
            self.audits.forget(result.changed)  # what an audit found on a changed page no longer holds
        status, pane = self.status, self.pane
        if not result.ok:
            assert status.error is not None
            if pane.message or not (self.out / pane.page).is_file():
                pane.show_message(
                    f"No site for {self.catalog.name} yet",
                    f"The build of {self.catalog} failed: the error is below and in the Log tab. "
                    "Save a fix and the site appears here.",
                )
            pane.show_error(status.error)
            return
        notice = ""
        if self._first_pending or pane.message:
            self._first_pending = False
            wanted = self.ui_state.selected_story
            if wanted in self.stories and self.stories[wanted]["href"] == pane.page and not pane.message:
                if pane.shows_changed(result.changed):  # the pane opened on it: only an update, if any
                    pane.refresh(result.changed)
            elif wanted in self.stories:
                self.select_story(wanted)
            else:
                pane.load("index.html")
                if wanted:
                    log.warning("no story %r in %s; showing the catalog's index", wanted, self.catalog)
                    notice = f"There is no story <code>{escape(wanted)}</code> in this catalog; showing its index."
                    self.ui_state.selected_story = None
        elif not (self.out / pane.page).is_file():  # renamed or deleted: the nearest surviving page (issue 11)
            self.show_page(nearest_surviving(old_tree, self.tree, pane.page))
        elif not reloaded and pane.shows_changed(result.changed):
            pane.refresh(result.changed)  # only when what the pane shows changed: morphed or reloaded
        pane.show_broken([BuildError.from_dict(b) for b in result.broken])
        if notice:
            pane.show_notice(notice)
        self.sync_view()  # a subject's or the catalog's default background may have changed

    # -- preview toolbar (issue 14) ----------------------------------------------------------------------
    @property
    def preview(self) -> Preview:
        """The open catalog's preview toolbar choices (kept per catalog in the settings)."""
        key = str(self.catalog)
        preview = self.settings.preview.get(key)
        return preview if preview is not None else self.settings.preview.setdefault(key, Preview())

    def set_preview(self, **changes: Any) -> None:
        """Change the preview toolbar's choices (:class:`~storydesk.app.preview.Preview` fields), show them in
        the pane and save them.

        Raises:
            TypeError: a name that is not a field of ``Preview``.
        """
        self.settings.preview[str(self.catalog)] = replace(self.preview, **changes)
        self.sync_view()
        self.save_settings()

    def zoom(self, direction: int) -> None:
        """Zoom the preview one step in (``direction`` 1), out (-1) or back to 100 % (0)."""
        self.set_preview(zoom=zoom_step(self.preview.zoom, direction))

    def sync_view(self, page: str | None = None) -> None:
        """Send the pane the preview's view for what it shows (or is about to show: the site ``page``): the
        toolbar's choices, and for the default background the shown story's subject's or catalog's, on a
        subject's docs page its stories' (only when something changed).
        """
        self.preview_version += 1  # the toolbar's widgets catch up on their next frame
        info = self.stories.get(self.ui_state.selected_story or "")
        if info is None:
            folder = (page or self.pane.page).rpartition("/")[0]
            info = next((i for path, i in self.stories.items() if path.rpartition("/")[0] == folder), None)
        self.pane.set_view(view_command(self.preview, str((info or {}).get("background") or "")))

    # -- accessibility (issue 15) -------------------------------------------------------------------------
    def audit_of(self, story: str | None) -> Audit | None:
        """The last audit of ``story``'s page (``None``: not audited since its page last changed)."""
        info = self.stories.get(story or "")
        return self.audits.pages.get(info["href"]) if info else None

    def audit_all(self) -> bool:
        """Audit every story page of the last build in the background, in the pane process without touching the
        shown page (stories whose render failed have nothing to audit); return whether it started.
        """
        urls = [self.pane.url(info["href"]) for info in self.stories.values() if not info.get("error")]
        if not urls or not self.pane.send(cmd="audit_all", urls=urls):
            return False
        self.audit_progress = PaneAuditProgress(0, len(urls), False)
        log.info("auditing %d story pages in the background", len(urls))
        return True

    def cancel_audit_all(self) -> None:
        """Stop Audit all (what it audited so far is kept)."""
        self.pane.send(cmd="audit_cancel")

    def note(self, text: str) -> None:
        """Say on the hint line (for a few seconds, where Open in editor says what it did) and in the log what an
        action did, e.g. that a rule's help page was opened and its address copied.
        """
        self.editor_note, self.editor_note_at = text, time.time()
        log.info("%s", text)

    def highlight(self, selector: str) -> None:
        """Scroll the shown story to the element ``selector`` and box it (an audit's offending element)."""
        self.pane.send(cmd="highlight", selector=selector)

    # -- events log (issue 15) ----------------------------------------------------------------------------
    def allow_navigation(self, allow: bool) -> None:
        """Let a story's links and form submits navigate the pane (``allow``), or log them in the Events tab
        and keep the pane on the story (the default); kept in the settings.
        """
        self.settings.follow_links = allow
        self.pane.set_navigation(allow)
        self.save_settings()

    def back_to_catalog(self) -> None:
        """The pane left the catalog (a story's link followed): show the selected story again, or the page it
        left from.
        """
        if self.ui_state.selected_story in self.stories:
            self.select_story(self.ui_state.selected_story)
        else:
            self.show_page(self.pane.page)

    # -- HTML snapshots (issue 15) ------------------------------------------------------------------------
    def snapshot_of(self, story: str | None) -> SnapshotStatus | None:
        """How ``story``'s HTML in the last build compares with its snapshot (``None``: the catalog keeps no
        snapshots, or the story is not built or failed to render).
        """
        info = self.stories.get(story or "")
        if not info or info.get("error"):
            return None
        return self.snapshots.status(self.catalog, self.out / info["href"], info["path"], bool(info.get("edited")))

    def update_snapshot(self, story: str) -> bool:
        """Write ``story``'s snapshot from its HTML in the last build (what ``storydesk snapshot`` writes for
        it); return whether it was written (not when its props are edited, it is not built or the file
        cannot be written, which the log says).
        """
        from storydesk.build import snapshots

        info = self.stories.get(story)
        if not info or info.get("error") or info.get("edited"):
            return False
        try:
            snapshots.write(story, self._story_markup(info), self.catalog / snapshots.FOLDER)
        except OSError as exc:
            log.warning("could not write the snapshot of %s: %s", story, exc)
            return False
        self.snapshots.forget()
        self.note(f"snapshot of {story} updated")
        return True

    # -- props panel ------------------------------------------------------------------------------------
    def set_prop(self, story: str, name: str, value: Any) -> None:
        """Edit prop ``name`` of ``story`` to ``value`` (JSON-ready; enums by member name) and rebuild now."""
        self.builds.set_prop(story, name, value)

    def reset_props(self, story: str) -> None:
        """Drop the edits of ``story``'s props (back to the story's own) and rebuild now."""
        self.builds.reset_props(story)

    def story_fields(self, story: str) -> list[dict]:
        """Return ``story``'s props form fields (``[]`` when unknown)."""
        return self.builds.story_fields(story)

    def story_source(self, story: str) -> str:
        """Return the rendered HTML of ``story`` from the site, pretty-printed (one element per line, nested
        ones indented, by BeautifulSoup with the standard library's parser); ``""`` if it is not built.
        """
        from bs4 import BeautifulSoup

        info = self.stories.get(story)
        try:
            markup = self._story_markup(info) if info else ""
        except OSError:
            return ""
        return BeautifulSoup(markup, "html.parser").prettify().strip() if markup.strip() else ""

    def _story_markup(self, info: dict) -> str:
        """The story's own HTML as its page in the last build holds it (manifest entry ``info``).

        Raises:
            OSError: the page cannot be read.
        """
        from storydesk.catalog.pages import story_source

        return story_source((self.out / info["href"]).read_text(encoding="utf-8"))

    # -- selection and pane ---------------------------------------------------------------------------
    def select_story(self, path: str | None) -> None:
        """Select the story ``path`` (``None`` clears) and show its page in the pane."""
        self.ui_state.selected_story = path
        story = self.stories.get(path or "")
        self.sync_view()  # before the load: the page is laid out with its own default background from the start
        if story:
            self.pane.load(story["href"])

    def show_page(self, href: str) -> None:
        """Show the site page ``href`` (a story's, a subject's or section's overview, or the index); the
        selection follows it (Props edits only the story shown).
        """
        self.ui_state.selected_story = story_for_href(self.tree, href)
        self.sync_view(href)  # before the load, as in select_story
        self.pane.load(href)

    def _follow_pane(self) -> None:
        """The pane loaded a page (a link followed inside it): the selection follows, so the tree and Props
        show what the pane shows (issue 11).
        """
        if self.tree:  # before the first build nothing is known about the pages (a cached site shows)
            self.ui_state.selected_story = story_for_href(self.tree, self.pane.page)
            self.sync_view()

    def open_in_editor(self, file: str, line: int = 0) -> bool:
        """Open ``file`` at ``line`` in the user's editor (:mod:`storydesk.app.editor`; issue 14); return whether
        it started. What was started, or why nothing could be, is logged (the Log tab) and kept in
        :attr:`editor_note` (the hint line shows it).
        """
        from storydesk.app.editor import NoEditor, open_in_editor

        self.editor_note_at = time.time()
        if not file:
            self.editor_note = "Nothing to open: select a story"
            log.warning("open in editor: %s", self.editor_note)
            return False
        try:
            command = open_in_editor(file, line, self.settings.editor)
        except NoEditor as exc:
            self.editor_note = "No editor to open it in: see the Log tab"
            log.warning("open in editor: %s", exc)
            return False
        self.editor_note = f"Opened {Path(file).name}:{line} in the editor"
        log.info("opened %s:%d in the editor (%s)", file, line, " ".join(command))
        return True

    def story_code(self, story: str | None) -> tuple[str, str]:
        """``(the story's Story(...) call as written, headed by its file:line; the code to reproduce it with the
        current prop edits)`` (issue 14); ``""`` for what is not known.
        """
        from storydesk.catalog.story_code import story_call

        file, line = self.story_location(story)
        call = story_call(file, line) if file else ""
        written = f"# {Path(file).name}:{line}\n{call}" if call else ""
        return written, str((self.stories.get(story or "") or {}).get("reproduce") or "")

    def story_location(self, story: str | None) -> tuple[str, int]:
        """``(file, line)`` of ``story``'s ``Story(...)`` call, from the last build (``("", 0)``: unknown)."""
        source = (self.stories.get(story or "") or {}).get("source") or []
        return (str(source[0]), int(source[1])) if len(source) == 2 else ("", 0)

    def start_pane(self) -> None:
        """Start (or restart) the preview pane process on the current page."""
        self._audit_all_ended()
        self.pane.start(f"storydesk preview: {self.title}")

    def _audit_all_ended(self) -> None:
        """The pane running Audit all went away (restarted, crashed): the run is over, cancelled (a user-style
        pass found Audit all stuck, its Cancel dead, after Restart pane).
        """
        progress = self.audit_progress
        if progress is not None and not progress.finished:
            self.audit_progress = PaneAuditProgress(progress.done, progress.total, True, True)
            log.warning(
                "audit all stopped at %d of %d story pages: the preview pane restarted", progress.done, progress.total
            )

    def set_pane_host(self, window_id: int | None, rect: tuple[int, int, int, int]) -> None:
        """Tell the app where the pane belongs: inside the X11 window ``window_id`` at ``rect``
        (``x, y, w, h`` px, relative to it), or, with ``window_id`` ``None``, at ``rect`` on screen.
        """
        self.pane.set_host(window_id, rect)

    def move_pane(self, rect: tuple[int, int, int, int]) -> None:
        """Move/resize the pane to ``rect`` (``x, y, w, h`` px) after the app window changed."""
        self.pane.move(rect)

    # -- GUI reload requests --------------------------------------------------------------------------
    def request_gui_reload(self, *_: Any) -> None:
        """Ask for a GUI hot reload; the main loop performs it between frames. The Ctrl+Alt+R handler and the
        toolbar button call this (extra DPG callback arguments are ignored).
        """
        self.reload_requested = True

    def watch_gui_sources(self, folder: Path) -> None:
        """Watch the view modules' ``folder``; while auto reload is on, a save there requests a GUI reload
        once the saves have been quiet for ``GUI_QUIET_S``.
        """
        from storydesk.build.watcher import CatalogWatcher

        def changed(path: str) -> None:
            if path.endswith(".py"):
                self._gui_changed_at = time.monotonic()
                self.wake()

        self.gui_watcher = CatalogWatcher(folder, changed)
        self.gui_watcher.start()

    # -- main-thread event pump -----------------------------------------------------------------------
    def _post(self, event: AppEvent) -> None:
        """Queue ``event`` for the main thread (any thread) and wake its loop."""
        self._events.put(event)
        self.wake()

    def poll(self) -> bool:
        """Apply queued build and pane events on the main thread; return whether anything changed."""
        changed = False
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                break
            changed = True
            match event:
                case BuildStarted(changes=changes):
                    self.builds.record_started(changes)
                case BuildFinished(result=result, reloaded=reloaded, generation=generation):
                    if generation == self.builds.generation:
                        self._apply_build(result, reloaded)
                    else:  # a build of the catalog open before File > Open: nothing of it applies now
                        log.info("dropped a build of the previously open catalog")
                        self.builds.status.state = BuildState.BUILDING
                case PaneShortcut(keys="ctrl+alt+r"):
                    self.request_gui_reload()
                case PaneShortcut(keys="ctrl+=" | "ctrl+-" | "ctrl+0" as keys):  # zoom keys, pane focused
                    self.zoom({"ctrl+=": 1, "ctrl+-": -1, "ctrl+0": 0}[keys])
                case PaneShortcut():
                    pass
                case PaneOpenFile(file=file, line=line):
                    self.open_in_editor(file, line)
                case PaneFolderChosen(path=path, purpose="open catalog") if path:
                    self.open_catalog_logged(Path(path))
                case PaneExited():
                    self._audit_all_ended()
                    self.pane.apply(event)
                case PaneLoaded():
                    away = self.pane.away
                    self.pane.apply(event)
                    self._follow_pane()
                    if self.pane.away != away:
                        self.preview_version += 1  # the preview toolbar says where the pane went, with Back
                case PaneView():
                    self.pane.apply(event)
                    self.preview_version += 1
                case PaneAuditProgress():
                    self.audit_progress = event
                    if event.finished:
                        log.info(
                            "audit all %s: %d of %d story pages",
                            "cancelled" if event.cancelled else "finished",
                            event.done,
                            event.total,
                        )
                case PaneDomEvents(url=url, events=events):
                    self.event_log.add(events, self.pane.site_page(url) or url)
                case PaneAudit(url=url, violations=violations, ms=ms, error=error):
                    page = self.pane.site_page(url)
                    if page:
                        audit = self.audits.record(page, violations, ms, error)
                        if error:
                            log.warning("accessibility audit of %s failed: %s", page, error)
                        else:
                            log.debug("audited %s in %.0f ms: %d violations", page, ms, len(audit.violations))
                case _:
                    self.pane.apply(event)
        if self._gui_changed_at and time.monotonic() - self._gui_changed_at >= self.GUI_QUIET_S:
            self._gui_changed_at = 0.0
            if self.ui_state.auto_reload:
                log.info("view module saved: reloading the GUI (auto mode)")
                self.request_gui_reload()
        if changed:
            self.write_state()
        return changed

    def snapshot(self) -> dict[str, Any]:
        """Return the state as JSON-ready data (what ``--state-file`` writes)."""
        ui, pane = self.ui_state, self.pane
        return {
            "title": self.title,
            "status": asdict(self.status),
            "selected_story": ui.selected_story,
            "filter_text": ui.filter_text,
            "ui": ui.items,
            "pane_page": pane.page,
            "pane_text": pane.text,
            "pane_ready": pane.ready,
            "stories": sorted(self.stories),
            "gui_reloads": self.gui_reloads,
            "error_tint": self.error_tint,
            "reload_error": self.reload_error,
            "reload_note": self.reload_note,
            "catalog": str(self.catalog),
            "use_subinterpreters": self.use_subinterpreters,
            "incremental": self.incremental,
            "editor_note": self.editor_note,
            "pane_loaded_at": pane.loaded_at,
            "pane_overlay": pane.overlay,
            "pane_morphs": pane.morphs,
            "pane_message": pane.message,
            "prop_overrides": self.builds.prop_overrides,
            "pane_pid": pane.pid,
            "pane_restarts": pane.restarts,
            "preview": asdict(self.preview),
            "audit_progress": asdict(self.audit_progress) if self.audit_progress else None,
            "audits": {
                page: [[v.rule, v.impact, len(v.offenders)] for v in audit.violations]
                for page, audit in self.audits.pages.items()
            },
            "dom_events": [
                [e.type, e.selector, e.value, e.page, e.blocked] for e in self.event_log.newest_first(limit=50)
            ],
            "follow_links": self.settings.follow_links,
            "pane_rect": list(pane.rect) if pane.rect else None,
            "pane_away": pane.away,
            "snapshot": self._snapshot_summary(),
            "pane_view": asdict(pane.view_shown) if pane.view_shown else None,
            "log": [f"{line.level} {line.text}" for line in self.logs.snapshot()[-200:]],
            **self.view_report,
        }

    def _snapshot_summary(self) -> str | None:
        """The selected story's snapshot outcome for the state file (``None``: not shown)."""
        found = self.snapshot_of(self.ui_state.selected_story)
        return None if found is None else found.outcome.value if found.outcome else "not compared"

    def write_state(self) -> None:
        """Write :meth:`snapshot` to ``state_file`` atomically, if one was given and it changed."""
        if not self.state_file:
            return
        text = json.dumps(self.snapshot(), default=str)
        if text == self._state_written:
            return
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(text)
        os.replace(tmp, self.state_file)
        self._state_written = text
