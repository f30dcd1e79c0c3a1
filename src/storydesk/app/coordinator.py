"""The build coordinator: watching, debouncing, the builder, the build status and the prop edits (issue 10).

Threads: the watcher reports saves to the :class:`~storydesk.build.debounce.Debouncer`, whose worker thread
runs :meth:`BuildCoordinator.build`; that posts :class:`~storydesk.app.events.BuildStarted` and
:class:`~storydesk.app.events.BuildFinished` through ``post``. The main thread applies a finished build with
:meth:`BuildCoordinator.record`, the only place the status and the catalog data change.

The builder is whatever ``builder_factory`` makes (the build process client by default; a fake in unit
tests), so this logic runs without threads, subinterpreters or a display when :meth:`build` is called
directly.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storydesk.app.events import AppEvent, BuildFinished, BuildStarted
from storydesk.app.status import BuildError, BuildState, BuildStatus
from storydesk.build.debounce import QUIET_S, Debouncer
from storydesk.build.quarantine import Quarantine, Stalled
from storydesk.build.result import BuildResult
from storydesk.build.timeout import DEFAULT_STORY_TIMEOUT_S, DEFAULT_TIMEOUT_S
from storydesk.catalog.errors import LEFT_A_THREAD, WARNING_PREFIX, CatalogError

if TYPE_CHECKING:  # imported where used: watchdog starts only when watching does
    from storydesk.build.builder import Builder
    from storydesk.build.watcher import CatalogWatcher

log = logging.getLogger("storydesk.app")
#: How many times in a row one save's build is run again after quarantining a story that hung it.
MAX_QUARANTINE_RETRIES = 3


class BuildCoordinator:
    """Runs builds of one catalog at a time and keeps what the last ones produced.

    Args:
        catalog: the catalog folder (resolved).
        out: the site folder (resolved).
        post: hands an event to the main thread (called on the build thread).
        builder_factory: ``factory(use_subinterpreters) -> Builder``; default: the build process.
        use_subinterpreters: build in fresh subinterpreters (else in the builder's main interpreter).
        quiet_s: the debounce quiet period in s.
        build_timeout_s: the build's deadline in s.
        story_timeout_s: each story's deadline in s.
        memory_limit: the build process's address-space limit in bytes (0: none; ``None``: half the
            machine's memory).
        reload_pane: called on the build thread with a good result; returns whether it already told the pane
            to reload (saves a main-loop frame, ~8 ms on average).

    Attributes:
        status: the :class:`~storydesk.app.status.BuildStatus` the status line shows.
        title, tree, stories: the last good build's catalog title, navigation tree and
            ``{story path: manifest entry}``.
        data_version: bumped whenever ``title``, ``tree`` or ``stories`` change (views rebuild on it).
        prop_overrides: ``{story path: {prop: JSON value}}``, applied to every build.
        quarantine: stories left out until a save may fix them (:mod:`storydesk.build.quarantine`).
    """

    def __init__(
        self,
        catalog: Path,
        out: Path,
        post: Callable[[AppEvent], None],
        *,
        builder_factory: Callable[[bool], Builder] | None = None,
        use_subinterpreters: bool = True,
        quiet_s: float = QUIET_S,
        build_timeout_s: float = DEFAULT_TIMEOUT_S,
        story_timeout_s: float = DEFAULT_STORY_TIMEOUT_S,
        memory_limit: int | None = None,
        reload_pane: Callable[[BuildResult], bool] | None = None,
    ) -> None:
        self.catalog, self.out = catalog, out
        self.post = post
        self.builder_factory = builder_factory or self._build_process
        self.memory_limit = memory_limit
        self.use_subinterpreters = use_subinterpreters
        self.quiet_s = quiet_s
        self.build_timeout_s = build_timeout_s
        self.story_timeout_s = story_timeout_s
        self.reload_pane = reload_pane or (lambda result: False)
        self.status = BuildStatus()
        self.title = catalog.name
        self.tree: list[dict] = []
        self.stories: dict[str, dict] = {}
        self.data_version = 0
        self.prop_overrides: dict[str, dict[str, Any]] = {}
        self.quarantine = Quarantine()
        self.generation = 0  # bumped by open(): results of builds of the previous catalog are dropped
        self._edits_by_catalog: dict[Path, dict[str, dict[str, Any]]] = {}
        self.builder: Builder | None = None
        self.debouncer: Debouncer | None = None
        self.watcher: CatalogWatcher | None = None
        self._fields_cache: tuple[int, dict[str, list[dict]]] = (-1, {})

    # -- life cycle -----------------------------------------------------------------------------------
    def start_builder(self) -> None:
        """Make the builder (the build process starts warming at once)."""
        self.builder = self.builder_factory(self.use_subinterpreters)
        if not self.use_subinterpreters:
            log.info(
                "building in the main interpreter (--no-use-subinterpreters): modules imported from "
                "outside the catalog folder are not re-imported on later builds"
            )

    def _build_process(self, use_subinterpreters: bool) -> Builder:
        """Start a :class:`~storydesk.build.client.BuildProcess` (it warms at once); its log goes to the user
        log folder, as the pane's does.
        """
        from storydesk.build.client import BuildProcess
        from storydesk.paths import log_dir

        return BuildProcess(use_subinterpreters, log_dir() / "build.log", self.memory_limit)

    def start(self) -> None:
        """Start the builder, the debouncer's worker and watching, and the first build."""
        self.start_builder()
        self.debouncer = Debouncer(self.build, self.quiet_s)
        self._watch()
        self.debouncer.trigger("initial build", immediate=True)

    def _watch(self) -> None:
        from storydesk.build.watcher import CatalogWatcher
        from storydesk.catalog.packages import layout

        try:
            also = layout(self.catalog).fresh_roots
        except CatalogError:
            also = ()  # the build reports the folder name
        self.watcher = CatalogWatcher(self.catalog, self.on_file_change, ignore=[self.out], also=also)
        self.watcher.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching, finish or abandon builds and close the builder, within about ``timeout`` s (a build
        still running then is killed with its process; the atomic swap means it leaves no partial site).
        Idempotent.
        """
        if self.watcher:
            self.watcher.stop(timeout / 2)
            self.watcher = None
        builder, self.builder = self.builder, None
        if builder:  # closed first, so a build in progress ends now rather than the debouncer waiting for it
            close = builder.close
            close(timeout / 2) if "wait_s" in close.__code__.co_varnames else close()
        if self.debouncer:
            self.debouncer.stop(timeout / 2)
            self.debouncer = None

    def open(self, catalog: Path, out: Path) -> None:
        """Switch to ``catalog`` (resolved), built into ``out``: forget the old catalog's data, status,
        quarantine, watch the new folder and build it now. Prop edits are kept per catalog: the old
        catalog's come back when it is opened again.
        """
        if self.watcher:
            self.watcher.stop()
        self._edits_by_catalog[self.catalog] = self.prop_overrides
        self.prop_overrides = self._edits_by_catalog.pop(catalog, {})
        self.catalog, self.out = catalog, out
        self.generation += 1
        self.quarantine = Quarantine()
        self.title, self.tree, self.stories = catalog.name, [], {}
        self.status = BuildStatus()
        self.data_version += 1
        if self.debouncer:
            self._watch()
        self.request_rebuild()

    def set_use_subinterpreters(self, enabled: bool) -> None:
        """Switch between building in fresh subinterpreters and in the builder's main interpreter: a new
        builder is made; the old one ends after any build it is running, off the calling thread.
        """
        if enabled == self.use_subinterpreters:
            return
        self.use_subinterpreters = enabled
        self.restart_builder()
        log.info("building %s", "in fresh subinterpreters" if enabled else "in the main interpreter")

    def restart_builder(self) -> None:
        """Make a new builder (it starts with the environment as it is now); the old one ends after any
        build it is running, off the calling thread.
        """
        old, self.builder = self.builder, self.builder_factory(self.use_subinterpreters)
        if old is not None:
            threading.Thread(target=old.close, name="storydesk-builder-close", daemon=True).start()

    # -- requests -------------------------------------------------------------------------------------
    def on_file_change(self, path: str) -> None:
        """The watcher's callback: ``path`` was saved, moved or removed."""
        log.debug("changed: %s", path)
        if self.debouncer:
            self.debouncer.trigger(path)

    def request_rebuild(self) -> None:
        """Build now, skipping the debounce quiet period (the Rebuild button, a prop edit)."""
        if self.debouncer:
            self.debouncer.trigger("rebuild requested", immediate=True)

    def set_prop(self, story: str, name: str, value: Any) -> None:
        """Edit prop ``name`` of ``story`` to ``value`` (JSON-ready; enums by member name) and rebuild now.
        Edits apply to every later build until :meth:`reset_props`.
        """
        self.prop_overrides.setdefault(story, {})[name] = value
        log.info("prop %s of %s set to %r", name, story, value)
        self.request_rebuild()

    def reset_props(self, story: str) -> None:
        """Drop the edits of ``story``'s props (back to the story's own) and rebuild now."""
        if self.prop_overrides.pop(story, None) is not None:
            log.info("props of %s reset", story)
            self.request_rebuild()

    # -- the build thread -----------------------------------------------------------------------------
    def build(self, changes: set[str]) -> None:
        """One build (the debouncer's action; callable directly in tests), its events posted.

        A build abandoned while a story rendered (past its own or the build's deadline) quarantines that
        story and is run again at once without it, so one save shows every other story (issue 10); at most
        :data:`MAX_QUARANTINE_RETRIES` times in a row. Whatever goes wrong here, :class:`BuildFinished` is
        posted: the status never stays on "building".
        """
        generation = self.generation
        self.post(BuildStarted(tuple(sorted(changes))))
        try:
            result = self._build_with_quarantine(changes)
        except Exception as exc:  # noqa: BLE001 - posted as a failed build
            log.exception("the build could not run")
            result = BuildResult.failure(f"the build could not run: {exc!r}")
        reloaded = False
        if result.ok and self.status.builds > 0 and generation == self.generation:
            try:
                reloaded = self.reload_pane(result)
            except Exception:  # noqa: BLE001 - the main thread reloads it instead
                log.exception("could not tell the pane to reload")
        self.post(BuildFinished(result, reloaded, generation))

    def _build_with_quarantine(self, changes: set[str]) -> BuildResult:
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
        return result

    def _build_once(self) -> BuildResult:
        builder = self.builder
        if builder is None:
            return BuildResult.failure("the app is shutting down")
        # list() copies in one step under the GIL: the GUI thread may edit a prop meanwhile
        overrides = {path: dict(values) for path, values in list(self.prop_overrides.items())}
        return builder.build(
            self.catalog, self.out, self.build_timeout_s, overrides, dict(self.quarantine.reasons), self.story_timeout_s
        )

    # -- the main thread ------------------------------------------------------------------------------
    def record_started(self, changes: tuple[str, ...]) -> None:
        """Show a build as running (main thread)."""
        self.status.state = BuildState.BUILDING
        shown = ", ".join(Path(p).name if "/" in p else p for p in changes[:3])
        log.info("building (%s%s)", shown, " ..." if len(changes) > 3 else "")

    def record(self, result: BuildResult) -> None:
        """Apply a finished build to the status and, when it succeeded, to the catalog data (main thread)."""
        if result.output:
            log.info("the catalog's modules printed while imported:\n%s", result.output)
        st = self.status
        st.builds += 1
        st.duration_ms, st.phases, st.finished_at = result.total_ms, result.phases, time.time()
        if not result.ok:
            st.state, st.error = BuildState.FAILED, BuildError.from_dict(result.error or {})
            where = st.error.where
            log.error(
                "build #%d failed in %.0f ms: %s%s",
                st.builds,
                result.total_ms,
                f"{where}: " if where else "",
                st.error.message,
            )
            return
        broken = [BuildError.from_dict(b) for b in result.broken]
        st.state = BuildState.BROKEN if broken else BuildState.OK
        st.error, st.broken = (broken[0] if broken else None), len(broken)
        for err in broken:
            log.error("%s: %s (its folder keeps its last good pages)", err.where, err.message)
        st.swapped_at = result.swapped_at
        st.story_count, st.failed_stories = result.story_count, len(result.failed_stories)
        st.assertions = result.assertion_counts
        self.title, self.tree = result.title, result.tree
        self.stories = {s["path"]: s for s in result.stories}
        self.data_version += 1
        phases = ", ".join(f"{k} {v:.1f}" for k, v in result.phases.items())
        st.incremental = dict(result.incremental)
        inc = result.incremental
        log.info(
            "build #%d ok: %d stories%s in %.0f ms (interpreter %s; ms: %s)",
            st.builds,
            st.story_count,
            f" ({inc['rendered']} rendered, {inc['reused']} kept)" if inc.get("reused") else "",
            result.total_ms,
            result.interpreter,
            phases,
        )
        for story in result.failed_stories:
            log.warning("story %s failed to render: %s", story["path"], story["error"]["message"])
        for story in result.stories:
            for check in story.get("assertions") or ():
                if not check["passed"]:
                    where = f" ({check['file']}:{check['line']})" if check.get("line") else ""
                    log.warning("story %s: %s failed: %s%s", story["path"], check["name"], check["message"], where)
        for story in result.stories:  # what storydesk noticed in the markup (see catalog.render.markup_warnings)
            for line in (story.get("output") or "").splitlines():
                if line.startswith(WARNING_PREFIX):
                    log.warning("story %s: %s", story["path"], line.removeprefix(WARNING_PREFIX))

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
