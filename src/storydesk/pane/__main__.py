"""The pane process: ``python -m storydesk.pane [URL] [--title T] [--geometry X,Y,W,H]``.

pywebview creates the window with its Qt backend. Commands arrive on stdin on a reader thread and are handed
to the Qt main thread through a queued signal (:class:`Bridge`), which drives the ``QWebEngineView`` directly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

# The real stdout is kept for the protocol; everything else that prints goes to stderr.
_proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr


def _chromium_flags(flags: str) -> str:
    """QtWebEngine's Chromium flags for the pane: ``flags`` (the user's) plus ``--js-flags=--expose-gc``, so
    the pane can collect the renderer's garbage after each load (issue 10: without it the renderer grew
    0.63 MB per reload of a story), and ``--no-sandbox`` as root, where Chromium refuses its sandbox.
    """
    extra = ["--js-flags=--expose-gc"]
    if os.name == "posix" and os.geteuid() == 0:
        extra.append("--no-sandbox")
    return " ".join([flags, *(f for f in extra if f not in flags)]).strip()


os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = _chromium_flags(os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", ""))
# The pane runs on PySide6 (Qt's own LGPL binding, issue 9), whatever QT_API the user's shell sets for
# other tools: it is the one binding storydesk installs and bundles.
os.environ["QT_API"] = "pyside6"

from storydesk.pane import dom_log  # noqa: E402
from storydesk.pane.audit import POLL_JS, POLL_MS, QUIET_MS, highlight_script, start_script  # noqa: E402
from storydesk.pane.protocol import TEXT_LIMIT, decode, encode  # noqa: E402
from storydesk.pane.stage import Placement, View, place  # noqa: E402
from storydesk.pane.stage import script as stage_script  # noqa: E402

_write_lock = threading.Lock()


def send(**message) -> None:
    """Write one event line to the app."""
    with _write_lock:
        _proto.write(encode(message))
        _proto.flush()


def note(text: str) -> None:
    """Write a diagnostic line, stamped to the ms, to stderr (the app sends it to ``pane.log``)."""
    now = time.time()
    print(
        f"{time.strftime('%H:%M:%S', time.localtime(now))}.{int(now * 1000) % 1000:03d} storydesk.pane: {text}",
        file=sys.stderr,
        flush=True,
    )


#: The shown page's URL, title, scroll and text; a story shown through the catalog's themed layout (issue 12)
#: is the themed page in an iframe filling the pane: its text is what the pane shows.
PAGE_INFO_JS = f"""(function() {{
  var body = document.body, frame = document.querySelector("iframe.sd-themed-frame");
  try {{ if (frame && frame.contentDocument && frame.contentDocument.body) {{ body = frame.contentDocument.body; }} }}
  catch (e) {{}}
  return JSON.stringify({{url: location.href, title: document.title, scroll: window.scrollY,
           text: (body ? body.innerText : "").slice(0, {TEXT_LIMIT})}});
}})()"""


def as_json(js: str) -> str:
    """Wrap the script ``js`` so that its completion value comes back as JSON text (``null`` for undefined).

    PySide6's ``runJavaScript`` hands a JavaScript object or array to Python as ``""`` (measured: ``({a: 1})``
    and ``[1, 2]`` both gave ``""``), so structured results cross as JSON and :func:`from_json` decodes them.
    The script runs in the page's global scope (indirect ``eval``), as ``runJavaScript`` would run it.
    """
    return (
        "(function () { var r = (0, eval)(" + json.dumps(js) + ");"
        " return r === undefined ? 'null' : JSON.stringify(r); })()"
    )


def from_json(text: object) -> object:
    """Decode what an :func:`as_json` script returned (``None`` when it returned nothing)."""
    return json.loads(text) if isinstance(text, str) and text else None


class PageApi:
    """What the shown page's JavaScript may ask of the pane (pywebview's ``js_api``: ``window.pywebview.api``)."""

    def open_in_editor(self, file: str, line: int = 0) -> None:
        """A click on an error's ``file:line`` (``assets/site.js``): the app opens it in the user's editor
        (issue 14).
        """
        send(event="open", file=str(file), line=int(line or 0))

    def dom_events(self, batch: str) -> None:
        """A batch of the shown story's DOM events (:mod:`storydesk.pane.dom_log`, issue 15): JSON text
        ``{"url", "events": [...]}``, passed on to the app as a ``dom_events`` event.
        """
        try:
            data = json.loads(batch)
            send(event="dom_events", url=str(data.get("url", "")), events=list(data.get("events") or []))
        except (TypeError, ValueError, AttributeError) as exc:
            note(f"dom_events: unreadable batch: {exc}")


def main() -> int:
    """Run the pane until it is told to quit or its window is closed; return the exit status."""
    parser = argparse.ArgumentParser(prog="storydesk.pane")
    parser.add_argument("url", nargs="?", default="about:blank")
    parser.add_argument("--title", default="storydesk preview")
    parser.add_argument("--geometry", default="", help="X,Y,W,H in px")
    args = parser.parse_args()

    import webview
    from qtpy.QtCore import QObject, Qt, QTimer, QUrl, Signal, Slot
    from qtpy.QtGui import QColor, QWindow
    from qtpy.QtWebEngineCore import QWebEngineScript as Script
    from qtpy.QtWebEngineWidgets import QWebEngineView  # must precede the QApplication
    from qtpy.QtWidgets import QApplication, QWidget

    qt_app = QApplication.instance() or QApplication(sys.argv)
    #: the page's isolated JavaScript world, where axe-core runs (the page never sees it)
    ISOLATED = Script.ScriptWorldId.ApplicationWorld.value  # noqa: N806 - a constant of this function

    class Stage(QWidget):
        """The pane's central widget: a backdrop the web view is placed on (:func:`storydesk.pane.stage.place`)."""

        def __init__(self, on_resize) -> None:
            super().__init__()
            self.on_resize = on_resize

        def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
            super().resizeEvent(event)
            self.on_resize()

    def report_audit(url: str, state: dict, **extra) -> None:
        """Send an audit's result to the app (an ``audit`` event)."""
        send(
            event="audit",
            url=url,
            violations=state.get("violations") or [],
            ms=float(state.get("ms") or 0.0),
            error=str(state.get("error") or ""),
            **extra,
        )

    def report_story_audit(url: str, state: dict, **extra) -> None:
        """Send a story page's audit; one that could not be audited says why (an error card, a themed story),
        and a page with no story at all (an overview) sends nothing.
        """
        if not state.get("skipped"):
            report_audit(url, state, **extra)
        elif state.get("reason"):
            report_audit(url, {"error": state["reason"]}, **extra)

    class AuditRunner:
        """Runs axe-core on the page of a web ``view`` in its isolated world (:mod:`storydesk.pane.audit`) and
        calls ``on_result(url, state)`` when done; a newer :meth:`start` (or :meth:`cancel`) drops the one
        running.
        """

        def __init__(self, view, on_result) -> None:
            self.view, self.on_result = view, on_result
            self.audit_id, self.url = 0, ""

        def start(self, themed_options: str | None = None) -> None:
            """Audit the page shown; ``themed_options``: it is a themed story page, audited with those options."""
            self.audit_id += 1
            audit_id, self.url = self.audit_id, self.view.url().toString()

            def started(state) -> None:
                if state == "started":
                    QTimer.singleShot(POLL_MS, lambda: self.poll(audit_id))
                else:  # skipped (and why) or failed: the page's state says which
                    self.poll(audit_id)

            self.view.page().runJavaScript(start_script(audit_id, themed_options), ISOLATED, started)

        def cancel(self) -> None:
            self.audit_id += 1

        def poll(self, audit_id: int) -> None:
            if audit_id != self.audit_id:
                return  # a newer page or morph started another

            def answer(text) -> None:
                state = from_json(text)
                if audit_id != self.audit_id or not isinstance(state, dict) or state.get("id") != audit_id:
                    return
                if state.get("running"):
                    QTimer.singleShot(POLL_MS, lambda: self.poll(audit_id))
                else:
                    self.on_result(self.url, state)

            self.view.page().runJavaScript(POLL_JS, ISOLATED, answer)

    @dataclass
    class Job:
        """A page for the hidden view to audit: ``url``, the story page it is reported as (``report_as``),
        the axe options of a themed story page (``themed``: JSON; ``None``: a story page) and whether it is
        one of Audit all's (``counted`` in its progress).
        """

        url: str
        report_as: str
        themed: str | None = None
        counted: bool = False

    class Auditor:
        """Audits pages one by one in a web view of its own, never on screen (so the shown page is not
        disturbed), at the pane's usual size: Audit all's story pages (issue 15), reporting each audit and the
        progress (``audit_progress`` events: ``done``, ``total``, ``finished``), and the themed page of a story
        shown through the catalog's ``themed_layout``, which goes first.
        """

        def __init__(self) -> None:
            self.view = QWebEngineView()
            self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # shown, so Chromium does not throttle
            self.view.resize(1024, 768)
            self.view.show()
            self.runner = AuditRunner(self.view, self.audited)
            self.view.loadFinished.connect(self.loaded)
            self.queue: list[Job] = []
            self.current: Job | None = None
            self.total = self.done = 0

        def start(self, urls: list[str]) -> None:
            """Audit all: every page of ``urls``, replacing a run under way."""
            if self.current is not None and self.current.counted:
                self.runner.cancel()
                self.current = None
            self.queue = [job for job in self.queue if not job.counted] + [Job(u, u, counted=True) for u in urls]
            self.total, self.done = len(urls), 0
            send(event="audit_progress", done=0, total=self.total, finished=not urls)
            self.next()

        def themed(self, url: str, report_as: str, options: str) -> None:
            """Audit the themed page ``url`` of the story page ``report_as`` now, ahead of Audit all's pages."""
            self.queue = [job for job in self.queue if job.report_as != report_as or job.counted]
            self.queue.insert(0, Job(url, report_as, options))
            self.next()

        def cancel(self) -> None:
            """Stop Audit all (a themed page asked for by the shown story is still audited)."""
            if self.current is not None and self.current.counted:
                self.runner.cancel()
                self.current = None
            if self.done < self.total:
                send(event="audit_progress", done=self.done, total=self.total, finished=True, cancelled=True)
            self.queue = [job for job in self.queue if not job.counted]
            self.total = self.done
            self.next()

        def next(self) -> None:
            if self.current is None and self.queue:
                self.current = self.queue.pop(0)
                self.view.load(QUrl(self.current.url))

        def loaded(self, ok: bool) -> None:
            if self.current is not None:
                self.runner.start(self.current.themed)

        def audited(self, url: str, state: dict) -> None:
            job, self.current = self.current, None
            if job is None:
                return
            if state.get("themed") and job.themed is None:  # its story is on its themed page: audit that
                self.queue.insert(
                    0, Job(str(state["themed"]), job.report_as, str(state.get("options") or "{}"), job.counted)
                )
            else:
                report_story_audit(job.report_as, state, background=job.counted)
                if job.counted:
                    self.done += 1
                    send(event="audit_progress", done=self.done, total=self.total, finished=self.done >= self.total)
            self.next()

    class Bridge(QObject):
        """Lives on the Qt main thread; commands emitted from the reader thread run in :meth:`handle`."""

        command = Signal(object)

        def __init__(self, window) -> None:
            super().__init__()
            self.window = window
            self.view: Any = None  # the QWebEngineView, once attach() found it
            self.browser: Any = None  # pywebview's window widget
            self.pending_scroll: float | None = None
            self.wanted_url = ""  # the last page asked for; a stray earlier navigation must not win
            self.retries = 0
            self.foreign: Any = None  # the app's window, when embedded
            self.overlay = ""  # the app's error overlay: shown over every page loaded until it is cleared
            self.reload_started = 0.0  # time.perf_counter() of the reload under way (its time is reported)
            self.served: str | None = None  # the shown page's HTML as served (what a morph compares heads with)
            self.stage: Any = None  # the widget the view is laid out on (viewport, zoom: storydesk.pane.stage)
            self.view_spec = View()
            self.placed: Placement | None = None
            self.audits: Any = None  # the shown page's AuditRunner (storydesk.pane.audit, issue 15)
            self.auditor: Any = None  # the Auditor of Audit all, once asked
            self.command.connect(self.handle, Qt.ConnectionType.QueuedConnection)

        def attach(self) -> None:
            """Take hold of pywebview's window once it is shown and report the page already loaded."""
            from qtpy.QtGui import QKeySequence, QShortcut
            from qtpy.QtWebEngineCore import QWebEngineScript

            self.browser = self.window.native
            self.view = self.browser.webview
            # the view on a stage of our own, so a viewport smaller than the pane is laid out at its size,
            # centred (issue 14); pywebview made the view its window's central widget
            self.stage = Stage(self.place_view)
            self.stage.setAutoFillBackground(True)
            palette = self.stage.palette()
            palette.setColor(palette.ColorRole.Window, QColor("#3c3f44"))
            self.stage.setPalette(palette)
            self.browser.takeCentralWidget()
            self.view.setParent(self.stage)
            self.browser.setCentralWidget(self.stage)
            self.view.show()
            self.view_script = QWebEngineScript()
            self.view_script.setName("storydesk-view")
            self.view_script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
            self.view_script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
            self.view_script.setRunsOnSubFrames(True)
            # the events log (issue 15): in every page and frame, links and forms stopped unless let through
            self.log_script = QWebEngineScript()
            self.log_script.setName("storydesk-events")
            self.log_script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
            self.log_script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
            self.log_script.setRunsOnSubFrames(True)
            self.log_script.setSourceCode(dom_log.script(False))
            self.view.page().scripts().insert(self.log_script)
            self.audit_timer = QTimer()
            self.audit_timer.setSingleShot(True)
            self.audit_timer.setInterval(QUIET_MS)
            # a page with no story canvas (an overview, an error card) has nothing to audit: nothing is sent; a
            # themed story's page is audited in the hidden view
            self.audits = AuditRunner(self.view, self.audited)
            self.audit_timer.timeout.connect(self.audits.start)
            # Inside the app the story tree is the navigation: pages shown here hide their own (site.css)
            script = QWebEngineScript()
            script.setName("storydesk-embedded")
            # at document creation there is no root element yet: mark it as soon as it appears
            script.setSourceCode(
                "new MutationObserver(function (changes, observer) {"
                "  if (document.documentElement) {"
                "    document.documentElement.classList.add('sd-embedded'); observer.disconnect(); }"
                "}).observe(document, {childList: true});"
            )
            script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
            script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
            self.view.page().scripts().insert(script)
            # Ctrl+Alt+R over the pane reloads the app's GUI, as it does over the control panel
            self.shortcut = QShortcut(QKeySequence("Ctrl+Alt+R"), self.browser)
            self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            self.shortcut.activated.connect(lambda: send(event="shortcut", keys="ctrl+alt+r"))
            # the preview's zoom keys work with the pane focused too (issue 14); the app owns the zoom
            self.zoom_keys = []
            zoom_keys = {"Ctrl+=": "ctrl+=", "Ctrl++": "ctrl+=", "Ctrl+-": "ctrl+-", "Ctrl+0": "ctrl+0"}
            for sequence, keys in zoom_keys.items():
                key = QShortcut(QKeySequence(sequence), self.browser)
                key.setContext(Qt.ShortcutContext.ApplicationShortcut)
                key.activated.connect(lambda keys=keys: send(event="shortcut", keys=keys))
                self.zoom_keys.append(key)
            self.view.loadFinished.connect(self.on_loaded)
            self.view.loadStarted.connect(self.keep_zoom)
            self.view.urlChanged.connect(self.keep_zoom)  # the navigation committed: Chromium's reset comes here
            self.on_loaded(True)

        def on_loaded(self, ok: bool) -> None:
            current = self.view.url().toString()
            note(f"load finished ok={ok} {current}")
            self.served = served_html(self.view.url())
            if current == self.wanted_url:
                self.wanted_url = ""  # arrived; from now on the user may navigate freely
            elif self.wanted_url and self.retries < 3:
                # an earlier navigation finished after, and cancelled, the one asked for last (pywebview's own
                # first about:blank, or two loads a few ms apart): the last one asked for wins
                self.retries += 1
                self.view.load(QUrl(self.wanted_url))
                return

            reload_ms = (time.perf_counter() - self.reload_started) * 1000 if self.reload_started else 0.0
            self.reload_started = 0.0

            def report(text) -> None:
                info = from_json(text)
                info = info if isinstance(info, dict) else {}
                if str(info.get("url", "")).startswith("chrome-error:"):  # Chromium's error page: name the address
                    info["url"] = current  # that failed (a story's link followed out of the catalog)
                send(event="loaded", ok=bool(ok), reload_ms=reload_ms, **info)

            if self.pending_scroll:
                y, self.pending_scroll = self.pending_scroll, None
                self.view.page().runJavaScript(f"window.scrollTo(0, {float(y)})")
            if self.overlay:  # a page loaded while the overlay is up: it stays up (the kept pages of a broken
                self.show_overlay()  # stories.py reload under it)
            self.keep_zoom()
            self.view.page().runJavaScript(PAGE_INFO_JS, report)
            if ok:
                self.audit_timer.start()  # audited once the page has been quiet a moment
            # a full collection once the page is in: the previous pages' garbage goes (see _chromium_flags)
            self.view.page().runJavaScript("window.gc && window.gc()")

        def audited(self, url: str, state: dict) -> None:
            """The shown page's audit: reported, or for a story shown through the catalog's themed layout, its
            themed page audited in the hidden view (reported as this page).
            """
            if state.get("themed"):
                self.auditor_view().themed(str(state["themed"]), url, str(state.get("options") or "{}"))
            else:
                report_story_audit(url, state)

        def auditor_view(self) -> Auditor:
            """The hidden view's :class:`Auditor`, made on first use."""
            if self.auditor is None:
                self.auditor = Auditor()
            return self.auditor

        def set_view(self, view: View) -> None:
            """Lay the page out and draw over it as ``view`` says (the app's preview toolbar, issue 14): the
            style sheet goes on the shown page now and into every page created after.
            """
            self.view_spec = view
            scripts = self.view.page().scripts()
            scripts.remove(self.view_script)
            self.view_script.setSourceCode(stage_script(view))
            scripts.insert(self.view_script)
            self.view.page().runJavaScript(stage_script(view))
            self.placed = None
            self.place_view()

        def set_navigation(self, allow: bool) -> None:
            """Let a story's links and forms navigate (``allow``), or log and stop them (the default), in the shown
            page now and every page after.
            """
            scripts = self.view.page().scripts()
            scripts.remove(self.log_script)
            self.log_script.setSourceCode(dom_log.script(allow))
            scripts.insert(self.log_script)
            self.view.page().runJavaScript(dom_log.set_nav_script(allow))
            send(event="navigation", allow=allow)

        def keep_zoom(self) -> None:
            """A navigation started: Chromium may take the page back to 100 % (a test's story measured 288 CSS
            px in a 320 px viewport at 90 %), so the viewport's zoom is set again before the page lays out.
            """
            if self.placed is not None and self.placed.zoom != 1.0:
                # Qt's cached factor can still read right after Chromium reset the page: nudged, so it is sent
                self.view.setZoomFactor(self.placed.zoom + 0.001)
                self.view.setZoomFactor(self.placed.zoom)

        def place_view(self) -> None:
            """Put the web view where the viewport goes on the stage and report its size and zoom."""
            if self.stage is None:
                return
            placed = place(self.view_spec, self.stage.width(), self.stage.height())
            self.view.setGeometry(placed.x, placed.y, placed.w, placed.h)
            if abs(self.view.zoomFactor() - placed.zoom) > 1e-6:
                self.view.setZoomFactor(placed.zoom)
            if placed != self.placed:
                self.placed = placed
                width, height = self.view_spec.width, self.view_spec.height
                send(
                    event="view",
                    width=width or round(placed.w / placed.zoom),
                    height=height or round(placed.h / placed.zoom),
                    zoom=placed.zoom,
                    fitted=placed.fitted,
                    overflow=placed.overflow,
                )

        def reload(self) -> None:
            """Reload the page, then restore its scroll position."""
            # the scroll position Qt already holds: asking the page (runJavaScript) cost a ~5 ms round trip
            self.pending_scroll = self.view.page().scrollPosition().y() or None
            self.reload_started = time.perf_counter()
            self.view.reload()

        def morph(self, url: str, html: str) -> None:
            """Patch the shown page to ``html`` in place (:mod:`storydesk.pane.morph`, issue 13) when it is the
            page at ``url``; otherwise, or when the head changed or the morph threw, load or reload it.
            """
            from storydesk.pane.morph import morph_script

            if QUrl(url).toString() != self.view.url().toString():
                self.wanted_url, self.retries = QUrl(url).toString(), 0
                self.view.load(QUrl(url))
                return
            started = time.perf_counter()

            def done(result) -> None:
                if result != "ok":
                    note(f"morph fell back to a reload: {result}")
                    self.reload()
                    return
                self.served = html
                ms = (time.perf_counter() - started) * 1000

                def report(text) -> None:
                    info = from_json(text)
                    send(event="loaded", ok=True, morphed=True, morph_ms=ms, **(info if isinstance(info, dict) else {}))

                self.view.page().runJavaScript(PAGE_INFO_JS, report)
                self.audit_timer.start()

            self.view.page().runJavaScript(morph_script(html, self.served), done)

        def show_overlay(self) -> None:
            """Show (or remove, when empty) the app's overlay over the current page; report its text."""
            self.view.page().runJavaScript(
                f"window.storydeskOverlay && window.storydeskOverlay({json.dumps(self.overlay)});"
                "(document.getElementById('sd-build-overlay') || {}).innerText || ''",
                lambda text: send(event="overlay", text=text or ""),
            )

        @Slot(object)
        def handle(self, msg: dict) -> None:
            try:
                self._handle(msg)
            except Exception as exc:  # noqa: BLE001 - report, keep serving
                send(event="error", message=f"{msg.get('cmd')}: {type(exc).__name__}: {exc}")

        def _handle(self, msg: dict) -> None:
            cmd = msg.get("cmd")
            note(f"command {cmd} {str(msg)[:160]}")
            if cmd == "_attach":
                self.attach()
                return
            page = self.view.page()
            if cmd == "load":
                self.wanted_url, self.retries = QUrl(msg["url"]).toString(), 0
                self.view.load(QUrl(msg["url"]))
            elif cmd == "reload":
                self.reload()
            elif cmd == "view":
                self.set_view(View.from_message(msg))
            elif cmd == "navigation":
                self.set_navigation(bool(msg.get("allow")))
            elif cmd == "audit_all":
                self.auditor_view().start([str(url) for url in msg.get("urls") or []])
            elif cmd == "audit_cancel":
                if self.auditor is not None:
                    self.auditor.cancel()
            elif cmd == "highlight":
                page.runJavaScript(
                    highlight_script(str(msg.get("selector", ""))),
                    lambda found: send(event="highlighted", selector=msg.get("selector", ""), found=bool(found)),
                )
            elif cmd == "morph":
                self.morph(msg.get("url", ""), msg.get("html", ""))
            elif cmd == "overlay":
                self.overlay = msg.get("html", "")
                self.show_overlay()
            elif cmd == "eval":
                page.runJavaScript(
                    as_json(msg["js"]), lambda text: send(event="eval", id=msg.get("id"), result=from_json(text))
                )
            elif cmd == "embed":
                self.foreign = QWindow.fromWinId(int(msg["parent"]))
                self.browser.setWindowFlags(Qt.WindowType.FramelessWindowHint)
                handle = self.browser.windowHandle()
                handle.setParent(self.foreign)
                self.browser.setGeometry(msg["x"], msg["y"], msg["w"], msg["h"])
                self.browser.show()
                send(event="embedded", ok=True)
            elif cmd == "choose_folder":
                # the pane's Qt draws the folder dialog as a window of its own, above the app and the pane;
                # Dear PyGui's dialog was cut off where the native pane starts (issue 11)
                from qtpy.QtWidgets import QFileDialog

                folder = QFileDialog.getExistingDirectory(None, msg.get("title", "Open folder"), msg.get("start", ""))
                send(event="folder_chosen", path=folder or "", purpose=msg.get("purpose", ""))
            elif cmd == "geometry":
                self.browser.setGeometry(msg["x"], msg["y"], msg["w"], msg["h"])
            elif cmd == "quit":
                # QtWebEngine's shutdown right after a load sometimes never returns (1 in ~8 runs of the
                # listening-socket test here): the pane's work is done, so it is ended if it takes over 3 s
                ender = threading.Timer(3.0, os._exit, args=(0,))
                ender.daemon = True  # it must not itself keep the process alive
                ender.start()
                qt_app.quit()
            else:
                send(event="error", message=f"unknown command {cmd!r}")

    def served_html(url: Any) -> str | None:
        """The HTML of a ``file:`` page as it is on disk now (``None`` for other pages or when unreadable)."""
        if not url.isLocalFile():
            return None
        try:
            with open(url.toLocalFile(), encoding="utf-8") as f:
                return f.read()
        except OSError, UnicodeDecodeError:
            return None

    kwargs: dict[str, Any] = {}
    if args.geometry:
        x, y, w, h = (int(v) for v in args.geometry.split(","))
        kwargs = {"x": x, "y": y, "width": w, "height": h}
    # pywebview serves any URL that is not http(s) or file from its own HTTP server on 127.0.0.1, about:blank
    # included; nothing here needs one, and the app opens no listening socket (issue 10). No URL: its blank
    # page, shown without a server.
    start_url = args.url if args.url.startswith(("file://", "http://", "https://")) else None
    # text_select: pywebview's default puts `user-select: none` on every page; a story's text must be selectable
    window = webview.create_window(args.title, start_url, text_select=True, js_api=PageApi(), **kwargs)
    assert window is not None, "create_window always returns the window it made (its annotation allows None)"
    bridge = Bridge(window)

    def serve() -> None:
        window.events.shown.wait(30)
        send(event="ready")
        bridge.command.emit({"cmd": "_attach"})
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                bridge.command.emit(decode(line))
            except ValueError as exc:
                send(event="error", message=str(exc))
        bridge.command.emit({"cmd": "quit"})  # the app closed our stdin: it is gone

    def start_serving() -> None:
        # a daemon thread: a reader blocked on stdin must not keep the process alive after quit
        threading.Thread(target=serve, name="storydesk-pane-stdin", daemon=True).start()

    webview.start(start_serving, gui="qt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
