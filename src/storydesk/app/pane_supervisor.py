"""The pane supervisor: the preview pane process, its restarts, placement, overlay and the page it shows
(issue 10).

The pane client's reader thread turns the pane's JSON events into typed events
(:func:`storydesk.app.events.pane_event`) and posts them; the main thread applies them with
:meth:`PaneSupervisor.apply`. Commands go out through :meth:`PaneSupervisor.send`, from the main thread or
(one ``reload`` right after a build) the build thread; the client serialises writes.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit
from urllib.request import url2pathname

from storydesk.app.events import (
    AppEvent,
    PaneEvent,
    PaneExited,
    PaneLoaded,
    PaneMessage,
    PaneOverlay,
    PaneReady,
    PaneView,
)
from storydesk.app.events import pane_event as parse_pane_event
from storydesk.app.pane_client import PaneClient
from storydesk.app.pane_message import write_message_page
from storydesk.app.status import BuildError

log = logging.getLogger("storydesk.app")


class PaneProcess(Protocol):
    """What the supervisor needs of a pane client (:class:`~storydesk.app.pane_client.PaneClient`, or a
    fake in unit tests).
    """

    @property
    def alive(self) -> bool:
        """Whether the process runs."""
        ...

    @property
    def pid(self) -> int | None:
        """The process id, ``None`` before the start."""
        ...

    def start(self, url: str, title: str = ...) -> None:
        """Start the process showing ``url``."""
        ...

    def send(self, **message: Any) -> bool:
        """Send one command; return whether it was written."""
        ...

    def stop(self, timeout: float = ...) -> None:
        """Ask the process to quit; kill it after ``timeout`` s."""
        ...


def error_overlay(err: BuildError, headline: str = "Build failed", kept: bool = True) -> str:
    """Return the overlay HTML for ``err``: the headline, ``file:line``, the message and the details;
    ``kept``: the page under it is the last good site's.
    """
    note = " (showing the last good site)" if kept else ""
    where = (
        f'<p data-sd-file="{escape(err.file)}" data-sd-line="{int(err.line)}" title="Open in your editor">'
        f"{escape(err.where)}</p>"
        if err.file
        else "<p></p>"
    )
    return (
        f"<strong>{escape(headline)}</strong>{note}{where}<p>{escape(err.message)}</p><pre>{escape(err.details)}</pre>"
    )


class PaneSupervisor:
    """Owns the pane process and what the app knows about it.

    Args:
        out: the site folder (pages are ``out / href``); set :attr:`out` when the catalog changes.
        post: hands an event to the main thread (called on the client's reader thread).
        client_factory: ``factory(on_event, log_path) -> PaneProcess``; default :class:`PaneClient`.

    Attributes:
        page: the site-relative page the pane shows (or will show once ready), e.g. ``"index.html"``.
        ready: the pane takes commands.
        text, scroll, loaded_at: the shown page's visible text (its start), scroll position (px) and when its
            load was reported (``time.time()``, s).
        overlay: the overlay text the pane reports showing (``""``: none).
        message: the headline of the message page shown instead of a site page (``""``: a site page).
        restarts: automatic restarts after unexpected exits.
    """

    #: How many unexpected pane exits within a minute are answered by an automatic restart.
    RESTARTS_PER_MINUTE = 3

    def __init__(
        self,
        out: Path,
        post: Callable[[AppEvent], None],
        client_factory: Callable[[Callable[[dict], None], Path | None], PaneProcess] | None = None,
    ) -> None:
        self.out = out
        self.post = post
        self.client_factory = client_factory or PaneClient
        self.client: PaneProcess | None = None
        self.ready = False
        self.page = "index.html"
        self.text = ""
        self.scroll = 0.0
        self.loaded_at = 0.0
        self.overlay = ""
        self.overlay_sent = False  # an error overlay was sent and not yet removed
        self.notice_sent = False  # the overlay is a notice (an unknown story id): a page load removes it
        #: the overlay the app wants shown (``""``: none), kept to be sent when the pane becomes ready: the
        #: first build can finish before the pane is up, and its notice or error was lost then
        self.wanted_overlay = ""
        self.wanted_is_notice = False
        #: morph the page in place when only its body changed (issue 13); off: always reload
        self.morph = True
        self._start_url = ""  # the URL the pane process was started on
        self._changed_before_ready = False  # a build changed the page after the pane started, before it was ready
        self.morphs = 0  # pages morphed in place so far
        self.morph_ms = 0.0  # the last morph's time in the pane (ms)
        self.message = ""
        self._message_text = ""
        self._message_dir: Path | None = None
        self._messages = 0
        self.restarts = 0
        self._crashes: list[float] = []
        self.host: int | None = None  # the X11 window the pane is embedded in
        self.rect: tuple[int, int, int, int] | None = None
        self.title = "storydesk preview"
        #: the preview toolbar's ``view`` command (issue 14): the last one asked for, the last one sent to the
        #: running pane (sent again when it becomes ready), and the pane's answer (what the toolbar shows)
        self.wanted_view: dict[str, Any] | None = None
        self.view_sent: dict[str, Any] | None = None
        self.view_shown: PaneView | None = None
        #: the address the pane shows when it is not the catalog's (a story's link followed with navigation let
        #: through, issue 15); ``""``: it shows the catalog
        self.away = ""
        #: a story's links and form submits navigate the pane (the Events tab's toggle, issue 15); off: they are
        #: logged and the pane stays on the story
        self.allow_navigation = False

    # -- process --------------------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        """The pane process's id (``None`` when none was started)."""
        return self.client.pid if self.client else None

    def start(self, title: str | None = None) -> None:
        """Start (or restart) the pane process on the current page (``about:blank`` until it exists)."""
        if title:
            self.title = title
        if self.client and self.client.alive:
            self.client.stop(0.5)  # on the GUI thread: a pane that does not quit at once is killed
        self.ready = False
        self.view_sent = self.view_shown = None
        self.client = self.client_factory(self._on_raw_event, self._log_path())
        if (self.out / self.page).exists() and not self.message and self._plain_view():
            url = self.url(self.page)
        else:  # building, or a viewport, zoom or background the page must be laid out with: loaded once ready
            url = self._message_url(self.message or "Building the catalog", self._message_text)
        self._start_url, self._changed_before_ready = url, False
        self.client.start(url, title=self.title)

    def _plain_view(self) -> bool:
        """Whether the wanted view is the pane's own (the whole pane at 100 %, nothing drawn over the page): then
        the pane may open straight on the page; otherwise the page waits for the view, so it is laid out at its
        viewport from the start (issue 14: a relaunch showed a phone story at full width first).
        """
        view = self.wanted_view or {}
        return not (view.get("width") or view.get("background") or view.get("outline") or view.get("grid")) and (
            view.get("zoom", 1.0) == 1.0
        )

    def _on_raw_event(self, raw: dict) -> None:
        event = parse_pane_event(raw, time.time())
        if event is not None:
            self.post(event)

    def _log_path(self) -> Path:
        from storydesk.paths import log_dir

        return log_dir() / "pane.log"

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the pane process (asked to quit, killed after ``timeout`` s) and remove its message pages.
        Idempotent.
        """
        if self._message_dir:  # first: the app may exit before a slow pane has quit
            shutil.rmtree(self._message_dir, ignore_errors=True)
            self._message_dir = None
        if self.client:
            self.client.stop(timeout)
            self.client = None
        self.ready = False

    def send(self, **message: Any) -> bool:
        """Send a command if the pane is running and ready; return whether it was sent."""
        return bool(self.client and self.ready and self.client.send(**message))

    # -- pages ----------------------------------------------------------------------------------------
    def url(self, href: str) -> str:
        """Return the ``file://`` URL of the site-relative page ``href``."""
        return (self.out / href).as_uri()

    def load(self, href: str) -> None:
        """Show the site page ``href`` (a notice over the previous page goes)."""
        self.page, self.message = href, ""
        if self.wanted_is_notice:
            self.wanted_overlay, self.wanted_is_notice = "", False
        if self.notice_sent:
            self.notice_sent = self.overlay_sent = not self.send(cmd="overlay", html="")
        self.send(cmd="load", url=self.url(href))

    def show_message(self, headline: str, text: str = "") -> None:
        """Show a message page (``headline``, plain ``text``) instead of a site page: while the first build
        runs, or when a catalog has no site yet.
        """
        self.message, self._message_text = headline, text
        self.send(cmd="load", url=self._message_url(headline, text))

    def _message_url(self, headline: str, text: str) -> str:
        if self._message_dir is None:
            self._message_dir = Path(tempfile.mkdtemp(prefix="storydesk-pane-"))
        self._messages += 1  # a new name each time: the pane may still be loading (or caching) the last one
        try:
            for old in self._message_dir.glob("message-*.html"):  # keep the last few: one may still be loading
                if int(old.stem.rpartition("-")[2]) < self._messages - 3:
                    old.unlink(missing_ok=True)
            return write_message_page(self._message_dir, headline, text, f"message-{self._messages}.html").as_uri()
        except OSError as exc:
            log.warning("could not write the pane's message page: %s", exc)
            return "about:blank"

    def show_notice(self, html: str) -> None:
        """Show ``html`` over the page until the next page load or build (e.g. an unknown ``--story`` id)."""
        self.wanted_overlay, self.wanted_is_notice = f"<strong>Note</strong> {html}", True
        self.notice_sent = self.overlay_sent = self.send(cmd="overlay", html=self.wanted_overlay)

    def shows_changed(self, changed: list[str]) -> bool:
        """Whether a build's ``changed`` files include what the pane shows: its page, the story's themed page in
        it (a catalog's ``themed_layout``, issue 12), nav.js, storydesk's assets or the catalog's static files.
        """
        from storydesk.catalog.pages import themed_file

        themed = themed_file(self.page.removesuffix(".html"))
        return (
            self.page in changed
            or themed in changed
            or "nav.js" in changed
            or any(c.startswith(("assets/", "static/")) for c in changed)
        )

    def reload_if_changed(self, changed: list[str]) -> bool:
        """Bring the page up to date when a build changed it and it still exists; return whether a command was
        sent. When only the page itself changed it is morphed in place (:mod:`storydesk.pane.morph`, issue
        13), keeping what the user did on it; a change to storydesk's assets, the catalog's static files or
        the story's themed page reloads it, as does every change while morphing is off (``morph``).
        """
        if not (self.out / self.page).is_file() or not self.shows_changed(changed):
            return False
        return self.refresh(changed)

    def refresh(self, changed: list[str]) -> bool:
        """Morph or reload the shown page after a build that ``changed`` it (see :meth:`reload_if_changed`)."""
        if not self.ready:  # loaded again once ready (the page it opened on is not the one on disk any more)
            self._changed_before_ready = True
            return False
        others = any(c.startswith(("assets/", "static/")) or c.endswith(".themed.html") for c in changed)
        if self.morph and self.page in changed and not others:
            try:
                html = (self.out / self.page).read_text(encoding="utf-8")
            except OSError:
                return self.send(cmd="reload")
            return self.send(cmd="morph", url=self.url(self.page), html=html)
        return self.send(cmd="reload")

    # -- overlay --------------------------------------------------------------------------------------
    def show_error(self, err: BuildError, headline: str = "Build failed") -> None:
        """Show ``err`` over the page."""
        self.wanted_overlay, self.wanted_is_notice = error_overlay(err, headline, kept=not self.message), False
        self.overlay_sent = self.send(cmd="overlay", html=self.wanted_overlay)
        self.notice_sent = False

    def show_broken(self, broken: list[BuildError]) -> None:
        """Show the error of the broken ``stories.py`` whose folder holds the page, or remove the overlay."""
        hit = next((b for b in broken if self.page.startswith(b.path + "/")), None)
        if hit is not None:
            self.show_error(hit, "A stories.py is broken")
        elif self.overlay_sent or self.wanted_overlay:
            self.wanted_overlay, self.wanted_is_notice = "", False
            self.overlay_sent = not self.send(cmd="overlay", html="")

    def set_view(self, command: dict[str, Any]) -> None:
        """Ask the pane to lay its page out as the ``view`` ``command`` says (:func:`storydesk.app.preview.
        view_command`); sent only when it differs from what the pane has, and again when a restarted pane is
        ready.
        """
        self.wanted_view = command
        if command != self.view_sent and self.send(**command):
            self.view_sent = command

    def set_navigation(self, allow: bool) -> None:
        """Let a story's links and forms navigate the pane (``allow``) or log them and stay; sent again when a
        restarted pane is ready.
        """
        self.allow_navigation = allow
        self.send(cmd="navigation", allow=allow)

    # -- placement ------------------------------------------------------------------------------------
    def set_host(self, window_id: int | None, rect: tuple[int, int, int, int]) -> None:
        """Embed the pane in the X11 window ``window_id`` at ``rect`` (``x, y, w, h`` px, relative to it), or,
        with ``window_id`` ``None``, place it at ``rect`` on screen.
        """
        self.host, self.rect = window_id or None, rect
        self._place(embed=True)

    def move(self, rect: tuple[int, int, int, int]) -> None:
        """Move/resize the pane to ``rect`` (``x, y, w, h`` px) after the app window changed."""
        if rect != self.rect:
            self.rect = rect
            self._place(embed=False)

    def _place(self, embed: bool) -> None:
        if not self.rect:
            return
        x, y, w, h = self.rect
        if embed and self.host:
            self.send(cmd="embed", parent=self.host, x=x, y=y, w=w, h=h)
        else:
            self.send(cmd="geometry", x=x, y=y, w=w, h=h)

    def site_page(self, url: str) -> str | None:
        """The site-relative file of a ``file:`` ``url`` the pane reported (percent-encoded), ``None`` when it
        is not in the site.
        """
        if not url.startswith("file:"):
            return None
        try:
            return Path(url2pathname(urlsplit(url).path)).relative_to(self.out).as_posix()
        except ValueError:
            return None

    # -- events ---------------------------------------------------------------------------------------
    def apply(self, event: PaneEvent) -> None:
        """Apply one pane event on the main thread (a restart after an unexpected exit included)."""
        match event:
            case PaneReady():
                self.ready = True
                log.info("preview pane ready")
                self._place(embed=True)
                if self.wanted_view:
                    self.set_view(self.wanted_view)
                if self.allow_navigation:  # a new pane starts with navigation stopped
                    self.send(cmd="navigation", allow=True)
                wanted, notice = self.wanted_overlay, self.wanted_is_notice
                opened = self.url(self.page) == self._start_url and not self._changed_before_ready
                if (self.out / self.page).exists() and not self.message and not opened:
                    self.load(self.page)
                elif opened:  # the pane opened on this page, unchanged since: loading it again would only repeat it
                    log.debug("pane opened on %s", self.page)
                else:
                    self.show_message(self.message or "Building the catalog", self._message_text)
                if wanted:  # what the app asked for before the pane was up
                    self.wanted_overlay, self.wanted_is_notice = wanted, notice
                    self.overlay_sent = self.send(cmd="overlay", html=wanted)
                    self.notice_sent = self.overlay_sent and notice
            case PaneLoaded(url=url) if not url.startswith("file:"):
                self.away = "" if url == "about:blank" else url  # a link followed out of the catalog
            case PaneLoaded(url=url):
                page = self.site_page(url)
                message = self._message_dir is not None and url.startswith(self._message_dir.as_uri())
                self.away = "" if page or message else url
                self.page = page or self.page  # a page outside the site: page stays
                self.text, self.scroll, self.loaded_at = event.text, event.scroll, event.received_at
                if event.morphed:
                    self.morphs, self.morph_ms = self.morphs + 1, event.morph_ms
                log.debug("pane %s %s", "morphed" if event.morphed else "loaded", self.page)
            case PaneOverlay(text=text):
                self.overlay = text
            case PaneView():
                self.view_shown = event
            case PaneMessage(level=level, text=text):
                log.log(logging.WARNING if level == "warning" else logging.INFO, "%s", text)
            case PaneExited():
                self._exited(event)

    def _exited(self, event: PaneExited) -> None:
        self.ready = False
        if event.expected or event.pid != self.pid:
            return
        now = time.monotonic()
        self._crashes = [t for t in self._crashes if now - t < 60] + [now]
        if len(self._crashes) <= self.RESTARTS_PER_MINUTE:
            log.error("preview pane exited unexpectedly (code %s); restarting it", event.code)
            self.restarts += 1
            self.start()
        else:
            log.error(
                "preview pane exited unexpectedly (code %s) %d times within a minute; not restarting it again "
                "(use Restart pane)",
                event.code,
                len(self._crashes),
            )
