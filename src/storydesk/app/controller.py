"""The stable controller: all of storydesk's state lives in :class:`App`, never in view modules.

Threads: watchdog reports changes to the :class:`~storydesk.build.debounce.Debouncer`, whose worker thread
runs builds in the build process (:mod:`storydesk.build.client`: the app never runs user code); the pane
client's reader thread receives pane events.
Both only put events on a queue; :meth:`App.poll`, called by the GUI's main loop once per frame, applies
them on the main thread. The GUI reads the state and calls the ``select_*``/``request_*`` methods.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import threading
import time
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storydesk.app import settings as settings_module
from storydesk.app.logbuffer import LogBuffer
from storydesk.app.pane_client import PaneClient
from storydesk.app.settings import Settings
from storydesk.build.debounce import Debouncer
from storydesk.build.quarantine import Quarantine, Stalled
from storydesk.build.result import BuildResult
from storydesk.build.timeout import DEFAULT_STORY_TIMEOUT_S, DEFAULT_TIMEOUT_S
from storydesk.catalog.errors import LEFT_A_THREAD

if TYPE_CHECKING:  # imported where used: the build process and watchdog start only when the app does
    from storydesk.build.builder import Builder
    from storydesk.build.client import BuildProcess
    from storydesk.build.watcher import CatalogWatcher

log = logging.getLogger("storydesk.app")
#: How many times in a row one save's build is run again after quarantining a story that hung it.
MAX_QUARANTINE_RETRIES = 3


@dataclass
class BuildStatus:
    """What the status bar shows: ``state`` (``idle``, ``building``, ``ok``, ``broken``: built with
    ``broken`` sub-folders whose ``stories.py`` failed to load, ``failed``), the last build's ``duration_ms``,
    ``story_count``, ``failed_stories``, ``error`` (dict: the failed build's, or the first broken file's),
    ``phases`` (ms), ``builds`` (count) and ``finished_at`` (``time.time()``).
    """

    state: str = "idle"
    duration_ms: float = 0.0
    story_count: int = 0
    failed_stories: int = 0
    broken: int = 0
    error: dict | None = None
    phases: dict[str, float] = field(default_factory=dict)
    builds: int = 0
    finished_at: float = 0.0


class App:
    """The storydesk application state and its operations.

    Args:
        catalog: the catalog folder.
        out: the site folder the builds write.
        use_subinterpreters: build in the build process's subinterpreter pool (default) or in its main
            interpreter; ``None``: as the settings say.
        with_pane: start the preview pane process.
        quiet_s: the debounce quiet period in s (100 ms: twice the 50 ms gap between an editor's rapid saves,
            so scheduling delays on a loaded machine do not split a burst into two builds).
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
    """

    #: How many unexpected pane exits within a minute are answered by an automatic restart.
    PANE_RESTARTS_PER_MINUTE = 3

    #: Quiet period (s) after the last save of a view module before an automatic GUI reload.
    GUI_QUIET_S = 0.1

    #: App attributes that view modules' reloads must preserve (see storydesk.gui.hot).
    UI_STATE_KEYS = ("selected_story", "filter_text", "ui", "pane_page", "auto_reload", "prop_overrides")

    def __init__(
        self,
        catalog: Path,
        out: Path,
        *,
        use_subinterpreters: bool | None = True,
        with_pane: bool = True,
        quiet_s: float = 0.1,
        state_file: Path | None = None,
        initial_story: str | None = None,
        build_timeout_s: float = DEFAULT_TIMEOUT_S,
        story_timeout_s: float = DEFAULT_STORY_TIMEOUT_S,
        memory_limit: int | None = None,
        settings: Settings | None = None,
        settings_path: Path | None = None,
    ) -> None:
        self.logs = LogBuffer()
        logging.getLogger("storydesk").addHandler(self.logs)
        self.settings_path = settings_path
        if settings is None:
            settings = settings_module.load(settings_path) if settings_path else Settings()
        self.settings = settings
        self.catalog = catalog.resolve()
        self.out = out.resolve()
        self.use_subinterpreters = settings.use_subinterpreters if use_subinterpreters is None else use_subinterpreters
        if initial_story is None:
            initial_story = settings.last_story.get(str(self.catalog))
        self.with_pane = with_pane
        self.quiet_s = quiet_s
        self.state_file = state_file
        self.build_timeout_s = build_timeout_s
        self.story_timeout_s = story_timeout_s
        self.memory_limit = memory_limit
        self.quarantine = Quarantine()  # stories that hung a build: not rendered until a save may fix them
        self.settings.remember_catalog(self.catalog)
        # catalog state, from the last good build
        self.title = self.catalog.name
        self.tree: list[dict] = []
        self.stories: dict[str, dict] = {}
        self.status = BuildStatus()
        # UI state (kept across GUI hot reloads)
        self.selected_story: str | None = initial_story
        self.filter_text = ""
        self.ui: dict[str, Any] = {}
        self.pane_page = "index.html"
        self.pane_scroll = 0.0
        self.pane_text = ""
        self.pane_loaded_at = 0.0
        self.pane_overlay = ""
        self.overlay_shown = False  # whether a build-error overlay was sent to the pane (and not yet removed)
        self.swapped_at = 0.0
        self.auto_reload = False
        self.prop_overrides: dict[str, dict[str, Any]] = {}  # {story path: {prop: JSON value}}
        self._fields_cache: tuple[int, dict[str, list[dict]]] = (-1, {})
        self.data_version = 0
        # GUI reload state
        self.reload_requested = False
        self.reload_error = ""
        self.error_tint = False
        self.gui_reloads = 0
        # machinery
        self._events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self.builder: Builder | None = None  # the build process's client: user code never runs here
        self.debouncer: Debouncer | None = None
        self.watcher: CatalogWatcher | None = None
        self.pane: PaneClient | None = None
        self.pane_ready = False
        self.pane_host: dict[str, int] | None = None
        self.pane_rect: tuple[int, int, int, int] | None = None
        self.pane_restarts = 0
        self._pane_crashes: list[float] = []
        self.gui_watcher: CatalogWatcher | None = None
        self._gui_changed_at = 0.0

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the build process, watching and the first build, and the pane."""
        from storydesk.build.watcher import CatalogWatcher

        self.builder = self._new_builder()
        if not self.use_subinterpreters:
            log.info(
                "building in the main interpreter (--no-use-subinterpreters): modules imported from "
                "outside the catalog folder are not re-imported on later builds"
            )
        self.debouncer = Debouncer(self._build, self.quiet_s)
        self.watcher = CatalogWatcher(self.catalog, self._on_file_change, ignore=[self.out])
        self.watcher.start()
        self.debouncer.trigger("initial build", immediate=True)
        if self.with_pane:
            self.start_pane()

    def save_settings(self) -> None:
        """Record the current choices in ``settings`` and write them to ``settings_path`` (if set)."""
        st = self.settings
        st.use_subinterpreters = self.use_subinterpreters
        if self.selected_story:
            st.last_story[str(self.catalog)] = self.selected_story
        if self.settings_path:
            try:
                settings_module.save(st, self.settings_path)
            except OSError as exc:
                log.warning("could not save settings to %s: %s", self.settings_path, exc)

    def shutdown(self) -> None:
        """Save the settings, stop watching, finish or abandon builds, close the build process and the pane.
        Idempotent.
        """
        self.save_settings()
        for watcher in (self.watcher, self.gui_watcher):
            if watcher:
                watcher.stop()
        self.watcher = self.gui_watcher = None
        if self.debouncer:
            self.debouncer.stop()
            self.debouncer = None
        if self.pane:
            self.pane.stop()
            self.pane = None
        if self.builder:
            self.builder.close()
            self.builder = None
        logging.getLogger("storydesk").removeHandler(self.logs)

    def open_catalog(self, catalog: Path, out: Path) -> None:
        """Switch to another catalog folder (File > Open): watch it, build it into ``out``, show its index.

        Raises:
            FileNotFoundError: ``catalog`` is not a folder.
        """
        catalog = catalog.resolve()
        if not catalog.is_dir():
            raise FileNotFoundError(f"{catalog}: no such catalog folder")
        from storydesk.build.watcher import CatalogWatcher

        if self.selected_story:
            self.settings.last_story[str(self.catalog)] = self.selected_story
        if self.watcher:
            self.watcher.stop()
        self.catalog, self.out = catalog, out.resolve()
        self.settings.remember_catalog(catalog)
        self.quarantine = Quarantine()
        self.title, self.tree, self.stories = catalog.name, [], {}
        self.status = BuildStatus()
        self.selected_story = self.settings.last_story.get(str(catalog))
        self.pane_page = "index.html"
        self.data_version += 1
        self.watcher = CatalogWatcher(self.catalog, self._on_file_change, ignore=[self.out])
        self.watcher.start()
        log.info("opened catalog %s", catalog)
        self.request_rebuild()

    def set_use_subinterpreters(self, enabled: bool) -> None:
        """Switch between building in the build process's subinterpreters and in its main interpreter (View
        menu): a new build process is started; the old one ends after any build it is running.
        """
        if enabled == self.use_subinterpreters:
            return
        self.use_subinterpreters = enabled
        old, self.builder = self.builder, self._new_builder()
        if old is not None:  # it may be building: it finishes that build, then ends, off the GUI thread
            threading.Thread(target=old.close, name="storydesk-builder-close", daemon=True).start()
        log.info("building %s", "in fresh subinterpreters" if enabled else "in the main interpreter")

    # -- builds ---------------------------------------------------------------------------------------
    def _new_builder(self) -> BuildProcess:
        """Start a build process (it warms at once); its log goes beside the site, as the pane's does."""
        from storydesk.build.client import BuildProcess

        path = self.out.parent / "build.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        return BuildProcess(self.use_subinterpreters, path, self.memory_limit)

    def _on_file_change(self, path: str) -> None:
        log.debug("changed: %s", path)
        if self.debouncer:
            self.debouncer.trigger(path)

    def request_rebuild(self) -> None:
        """Build now (the toolbar's Rebuild button); skips the debounce quiet period."""
        if self.debouncer:
            self.debouncer.trigger("rebuild requested", immediate=True)

    def _build(self, changes: set[str]) -> None:
        """Run on the debouncer's thread: one build, its result posted to the main thread.

        A build abandoned while a story rendered (past its own or the build's deadline) quarantines that
        story and is run again at once without it, so one save shows every other story (issue 10); at most
        :data:`MAX_QUARANTINE_RETRIES` times in a row. Whatever goes wrong here, a result is posted: the status
        never stays on "building".
        """
        self._events.put(("build_started", sorted(changes)))
        try:
            self._build_and_post(changes)
        except Exception as exc:  # noqa: BLE001 - posted as a failed build
            log.exception("the build could not run")
            self._events.put(("build_done", (BuildResult.failure(f"the build could not run: {exc!r}"), False)))

    def _build_and_post(self, changes: set[str]) -> None:
        for story in self.quarantine.release_for(changes, self.catalog):
            log.info("story %s: a save may have fixed it; trying it again", story)
        for _ in range(1 + MAX_QUARANTINE_RETRIES):
            result = self._build_once()
            if not result.stalled:
                break
            stalled = Stalled(result.stalled["story"], result.stalled["reason"])
            self.quarantine.add(stalled)
            log.warning("story %s %s: quarantined; building the rest again without it", stalled.story, stalled.reason)
        for story in result.leaked:  # its card is in this build; later builds leave it out
            self.quarantine.add(Stalled(story, LEFT_A_THREAD))
        # the pane reloads straight from here, not a main-loop frame later (~8 ms sooner on average); first
        # builds and pages that vanished are left to _apply_build, which may need to load another page
        reloaded = (
            result.ok
            and self.status.builds > 0
            and (self.out / self.pane_page).is_file()
            and self._pane_page_changed(result.changed)
            and self.pane_send(cmd="reload")
        )
        self._events.put(("build_done", (result, reloaded)))

    def _build_once(self) -> BuildResult:
        """One build in the build process, with the current prop overrides and quarantine."""
        builder = self.builder
        if builder is None:
            return BuildResult.failure("the app is shutting down")
        # list() copies in one step under the GIL: the GUI thread may edit a prop meanwhile
        overrides = {path: dict(values) for path, values in list(self.prop_overrides.items())}
        return builder.build(
            self.catalog, self.out, self.build_timeout_s, overrides, dict(self.quarantine.reasons), self.story_timeout_s
        )

    def _pane_page_changed(self, changed: list[str]) -> bool:
        """Whether the build's ``changed`` files include what the pane shows: its page, nav.js or an asset."""
        return self.pane_page in changed or "nav.js" in changed or any(c.startswith("assets/") for c in changed)

    def _apply_build(self, result: BuildResult, reloaded: bool = False) -> None:
        """Apply a finished build on the main thread; ``reloaded``: the build thread already told the pane to
        reload.
        """
        if result.output:
            log.info("the catalog's modules printed while imported:\n%s", result.output)
        st = self.status
        st.builds += 1
        st.duration_ms = result.total_ms
        st.phases = result.phases
        st.finished_at = time.time()
        phases = ", ".join(f"{k} {v:.1f}" for k, v in result.phases.items())
        if not result.ok:
            st.state, st.error = "failed", result.error
            err = result.error or {}
            where = f"{err.get('file')}:{err.get('line')}" if err.get("line") else err.get("file", "")
            log.error(
                "build #%d failed in %.0f ms: %s%s",
                st.builds,
                result.total_ms,
                f"{where}: " if where else "",
                err.get("message"),
            )
            self.overlay_shown = self.pane_send(cmd="overlay", html=self._error_overlay(err))
            return
        st.state, st.error, st.broken = ("broken" if result.broken else "ok"), None, len(result.broken)
        for broken in result.broken:
            log.error(
                "%s:%s: %s (its folder keeps its last good pages)", broken["file"], broken["line"], broken["message"]
            )
        if result.broken:
            st.error = result.broken[0]
        self.swapped_at = result.swapped_at
        st.story_count, st.failed_stories = result.story_count, len(result.failed_stories)
        self.title, self.tree = result.title, result.tree
        self.stories = {s["path"]: s for s in result.stories}
        self.data_version += 1
        log.info(
            "build #%d ok: %d stories in %.0f ms (interpreter %s; ms: %s)",
            st.builds,
            st.story_count,
            result.total_ms,
            result.interpreter,
            phases,
        )
        for story in result.failed_stories:
            log.warning("story %s failed to render: %s", story["path"], story["error"]["message"])
        if st.builds == 1 and self.selected_story in self.stories:
            self.select_story(self.selected_story)
        elif not (self.out / self.pane_page).is_file():
            self.pane_load("index.html")
        elif not reloaded and self._pane_page_changed(result.changed):
            self.pane_send(cmd="reload")  # only when what the pane shows changed
        self._overlay_for_broken(result.broken)

    def _overlay_for_broken(self, broken: list[dict]) -> None:
        """Show the error over the pane when its page belongs to a broken folder; otherwise no overlay."""
        hit = next((b for b in broken if self.pane_page.startswith(b["path"] + "/")), None)
        if hit is not None:
            self.overlay_shown = self.pane_send(cmd="overlay", html=self._error_overlay(hit, "A stories.py is broken"))
        elif self.overlay_shown:
            self.overlay_shown = not self.pane_send(cmd="overlay", html="")

    @staticmethod
    def _error_overlay(err: dict, headline: str = "Build failed") -> str:
        where = f"{err.get('file')}:{err.get('line')}" if err.get("line") else err.get("file", "")
        return (
            f"<strong>{escape(headline)}</strong> (showing the last good site)<p>{escape(where)}</p>"
            f"<p>{escape(str(err.get('message', '')))}</p><pre>{escape(str(err.get('details', '')))}</pre>"
        )

    # -- props panel ------------------------------------------------------------------------------------
    def set_prop(self, story: str, name: str, value: Any) -> None:
        """Edit prop ``name`` of ``story`` to ``value`` (JSON-ready; enums by member name) and rebuild now.
        Edits are applied to every later build until :meth:`reset_props`.
        """
        self.prop_overrides.setdefault(story, {})[name] = value
        log.info("prop %s of %s set to %r", name, story, value)
        self.request_rebuild()

    def reset_props(self, story: str) -> None:
        """Drop the edits of ``story``'s props (back to the story's own) and rebuild now."""
        if self.prop_overrides.pop(story, None) is not None:
            log.info("props of %s reset", story)
            self.request_rebuild()

    def story_fields(self, story: str) -> list[dict]:
        """Return ``story``'s props form fields (see ``storydesk.catalog.props.describe``), read from the
        site's manifest once per build; ``[]`` when unknown.
        """
        cached = self._fields_cache
        if cached[0] != self.data_version:
            from storydesk.catalog.site import MANIFEST

            try:
                stories = json.loads((self.out / MANIFEST).read_text(encoding="utf-8"))["stories"]
                cached = (self.data_version, {s["path"]: s.get("fields") or [] for s in stories})
            except OSError, ValueError, KeyError, TypeError:
                cached = (self.data_version, {})
            self._fields_cache = cached
        return cached[1].get(story, [])

    def story_source(self, story: str) -> str:
        """Return the rendered HTML of ``story`` from the site (``""`` if it is not built)."""
        from storydesk.catalog.pages import story_source

        info = self.stories.get(story)
        try:
            return story_source((self.out / info["href"]).read_text(encoding="utf-8")) if info else ""
        except OSError:
            return ""

    # -- selection and pane ---------------------------------------------------------------------------
    def select_story(self, path: str | None) -> None:
        """Select the story ``path`` (``None`` clears) and show its page in the pane."""
        self.selected_story = path
        story = self.stories.get(path or "")
        if story:
            self.pane_load(story["href"])

    def page_url(self, href: str) -> str:
        """Return the ``file://`` URL of the site-relative page ``href``."""
        return (self.out / href).as_uri()

    def pane_load(self, href: str) -> None:
        """Show the site page ``href`` in the pane."""
        self.pane_page = href
        self.pane_send(cmd="load", url=self.page_url(href))

    def pane_send(self, **message: Any) -> bool:
        """Send a command to the pane if it is running and ready; return whether it was sent."""
        return bool(self.pane and self.pane_ready and self.pane.send(**message))

    def start_pane(self) -> None:
        """Start (or restart) the preview pane process on the current page."""
        if self.pane and self.pane.alive:
            self.pane.stop()
        self.pane_ready = False
        self.pane = PaneClient(
            lambda ev: self._events.put(("pane", {**ev, "received_at": time.time()})), self._pane_log_path()
        )
        url = self.page_url(self.pane_page) if (self.out / self.pane_page).exists() else "about:blank"
        self.pane.start(url, title=f"storydesk preview: {self.title}")

    def _pane_log_path(self) -> Path:
        path = self.out.parent / "pane.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def set_pane_host(self, window_id: int | None, rect: tuple[int, int, int, int]) -> None:
        """Tell the app where the pane belongs: inside the X11 window ``window_id`` at ``rect``
        (``x, y, w, h`` px, relative to it), or, with ``window_id`` ``None``, at ``rect`` on screen.
        """
        self.pane_host = {"parent": window_id} if window_id else None
        self.pane_rect = rect
        self._place_pane(embed=True)

    def move_pane(self, rect: tuple[int, int, int, int]) -> None:
        """Move/resize the pane to ``rect`` (``x, y, w, h`` px) after the app window changed."""
        if rect != self.pane_rect:
            self.pane_rect = rect
            self._place_pane(embed=False)

    def _place_pane(self, embed: bool) -> None:
        if not self.pane_rect:
            return
        x, y, w, h = self.pane_rect
        if embed and self.pane_host:
            self.pane_send(cmd="embed", parent=self.pane_host["parent"], x=x, y=y, w=w, h=h)
        else:
            self.pane_send(cmd="geometry", x=x, y=y, w=w, h=h)

    def _apply_pane_event(self, ev: dict) -> None:
        kind = ev.get("event")
        if kind == "ready":
            self.pane_ready = True
            log.info("preview pane ready")
            self._place_pane(embed=True)
            if (self.out / self.pane_page).exists():
                self.pane_load(self.pane_page)
        elif kind == "loaded" and ev.get("url", "").startswith("file:"):
            with contextlib.suppress(ValueError):  # a page outside the site: pane_page stays
                page = Path(ev["url"].split("#")[0].removeprefix("file://"))
                self.pane_page = page.relative_to(self.out).as_posix()
            self.pane_text, self.pane_scroll = ev.get("text", ""), ev.get("scroll", 0.0)
            self.pane_loaded_at = ev["received_at"]
            log.debug("pane loaded %s", self.pane_page)
        elif kind == "overlay":
            self.pane_overlay = ev.get("text", "")
        elif kind == "shortcut" and ev.get("keys") == "ctrl+alt+r":
            self.request_gui_reload()
        elif kind == "embedded":
            log.info("preview pane embedded in the app window")
        elif kind == "error":
            log.warning("preview pane: %s", ev.get("message"))
        elif kind == "exited":
            self.pane_ready = False
            if ev.get("expected") or ev.get("pid") != (self.pane.proc.pid if self.pane and self.pane.proc else None):
                return
            now = time.monotonic()
            self._pane_crashes = [t for t in self._pane_crashes if now - t < 60] + [now]
            if len(self._pane_crashes) <= self.PANE_RESTARTS_PER_MINUTE:
                log.error("preview pane exited unexpectedly (code %s); restarting it", ev.get("code"))
                self.pane_restarts += 1
                self.start_pane()
            else:
                log.error(
                    "preview pane exited unexpectedly (code %s) %d times within a minute; not restarting "
                    "it again (use Restart pane)",
                    ev.get("code"),
                    len(self._pane_crashes),
                )

    # -- GUI reload requests --------------------------------------------------------------------------
    def request_gui_reload(self, *_: Any) -> None:
        """Ask for a GUI hot reload; the main loop performs it between frames. The Ctrl+Alt+R handler and the
        toolbar button call this (extra DPG callback arguments are ignored).
        """
        self.reload_requested = True

    def watch_gui_sources(self, folder: Path) -> None:
        """Watch the view modules' ``folder``; while ``auto_reload`` is on, a save there requests a GUI reload
        once the saves have been quiet for ``GUI_QUIET_S``.
        """
        from storydesk.build.watcher import CatalogWatcher

        def changed(path: str) -> None:
            if path.endswith(".py"):
                self._gui_changed_at = time.monotonic()

        self.gui_watcher = CatalogWatcher(folder, changed)
        self.gui_watcher.start()

    # -- main-thread event pump -----------------------------------------------------------------------
    def poll(self) -> bool:
        """Apply queued build and pane events on the main thread; return whether anything changed."""
        changed = False
        while True:
            try:
                kind, payload = self._events.get_nowait()
            except queue.Empty:
                break
            changed = True
            if kind == "build_started":
                self.status.state = "building"
                log.info(
                    "building (%s)",
                    ", ".join(Path(p).name if os.sep in p else p for p in payload[:3])
                    + (" ..." if len(payload) > 3 else ""),
                )
            elif kind == "build_done":
                self._apply_build(*payload)
            elif kind == "pane":
                self._apply_pane_event(payload)
        if self._gui_changed_at and time.monotonic() - self._gui_changed_at >= self.GUI_QUIET_S:
            self._gui_changed_at = 0.0
            if self.auto_reload:
                log.info("view module saved: reloading the GUI (auto mode)")
                self.request_gui_reload()
        if changed:
            self.write_state()
        return changed

    def snapshot(self) -> dict[str, Any]:
        """Return the state as JSON-ready data (what ``--state-file`` writes)."""
        return {
            "title": self.title,
            "status": {**asdict(self.status), "swapped_at": self.swapped_at},
            "selected_story": self.selected_story,
            "filter_text": self.filter_text,
            "ui": self.ui,
            "pane_page": self.pane_page,
            "pane_text": self.pane_text,
            "pane_ready": self.pane_ready,
            "stories": sorted(self.stories),
            "gui_reloads": self.gui_reloads,
            "error_tint": self.error_tint,
            "reload_error": self.reload_error,
            "catalog": str(self.catalog),
            "use_subinterpreters": self.use_subinterpreters,
            "pane_loaded_at": self.pane_loaded_at,
            "pane_overlay": self.pane_overlay,
            "prop_overrides": self.prop_overrides,
            "pane_pid": self.pane.proc.pid if self.pane and self.pane.proc else None,
            "pane_restarts": self.pane_restarts,
            "log": [f"{line.level} {line.text}" for line in self.logs.snapshot()[-200:]],
        }

    def write_state(self) -> None:
        """Write :meth:`snapshot` to ``state_file`` atomically, if one was given."""
        if not self.state_file:
            return
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.snapshot(), default=str))
        os.replace(tmp, self.state_file)
