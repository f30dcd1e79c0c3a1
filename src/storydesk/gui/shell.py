"""The stable GUI shell: the viewport, the main loop, the Ctrl+Alt+R handler and the pane's placement.

Never reloaded. Per frame it runs the queued DPG callbacks (``manual_callback_management``, so callbacks run
on the main thread), applies the app's queued events, performs a requested GUI reload between frames, and
renders. View code lives in :mod:`storydesk.gui.views` and is reached only through :mod:`.hot`.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import dearpygui.dearpygui as dpg

from storydesk.app.controller import App
from storydesk.gui import theme, tint, uistate
from storydesk.gui.governor import IDLE_WAKE_S, FrameGovernor, XWaker
from storydesk.gui.hot import HotReloader, resolve

log = logging.getLogger("storydesk.gui")

CONTROL = "sd:control"
#: The preview toolbar's window, above the pane (issue 14); the views fill it.
PREVIEW_BAR = "sdv:bar"
#: Its height in px: two rows of widgets at the default font.
BAR_HEIGHT = 58
VIEWS = "storydesk.gui.views"
PANEL_WIDTH = 400


class Shell:
    """Owns the DPG context for one :class:`App` and runs its main loop.

    Args:
        app: the controller; the shell reads its state and writes only UI state into it.
        width, height: the initial viewport size in px.
        views_package: the package of reloadable view modules; its ``layout`` module's ``build(app, parent)``
            fills the control window and its ``tick(app)`` runs every frame.
    """

    def __init__(self, app: App, width: int = 1280, height: int = 800, views_package: str = VIEWS) -> None:
        self.app = app
        self.views_package = views_package
        self.layout = f"{views_package}.layout"
        self.width, self.height = width, height
        self.reloader = HotReloader(rebuild_ui=self.rebuild)
        self.frame = 0
        self.scroll_frames = 0
        self.seen_data_version = -1
        self.tick_failed = False
        self.viewport_title = f"storydesk: {app.title}"
        self.is_set_up = False
        self.ui_complete = False  # whether the control window holds a fully built UI
        self.frame_s = 1 / 60  # the main loop's frame time in s (at most 60 frames per second)
        self.frame_hook = None  # tests and benchmarks: called with the shell after each frame
        self.governor: FrameGovernor | None = None  # draws only when something changed (run() makes it)
        self.reported_at = 0.0  # time.monotonic() of the last state-file widget report
        self.bar_placed: tuple[int, int] | None = None  # where place_pane last put the preview toolbar (x, width)

    # -- UI construction ------------------------------------------------------------------------------
    def setup(self) -> None:
        """Create the context and viewport, then the UI (:meth:`build_ui`), and show the viewport."""
        win = self.app.settings.window
        self.width, self.height = win.get("width", self.width), win.get("height", self.height)
        self.create_viewport(self.app.title, self.width, self.height)
        dpg.set_viewport_pos([win.get("x", 40), win.get("y", 40)])
        self.build_ui()
        dpg.show_viewport()
        self.is_set_up = True

    @staticmethod
    def create_viewport(title: str, width: int, height: int) -> None:
        """Create the DPG context and viewport (once per process: DPG cannot recreate a viewport)."""
        dpg.create_context()
        dpg.configure_app(manual_callback_management=True)
        dpg.create_viewport(title=f"storydesk: {title}", width=width, height=height)
        dpg.setup_dearpygui()

    def build_ui(self) -> None:
        """Create the key handler, the control window and its content from the app's state."""
        theme.apply(self.app.settings.theme)
        with dpg.handler_registry(tag="sd.keys"):
            dpg.add_key_press_handler(dpg.mvKey_R, callback=self.on_key_r)
        with dpg.window(
            tag=CONTROL,
            label="storydesk",
            pos=(0, 0),
            width=self.app.settings.pane_split,
            height=self.height,
            no_close=True,
            no_collapse=True,
            no_move=True,
            no_title_bar=True,
            menubar=True,
        ):
            pass
        with dpg.window(
            tag=PREVIEW_BAR,
            label="preview",
            pos=(self.app.settings.pane_split, 0),
            width=max(1, self.width - self.app.settings.pane_split),
            height=BAR_HEIGHT,
            min_size=(1, 1),  # Dear PyGui's default minimum (100 x 100 px) would reach under the pane
            no_close=True,
            no_collapse=True,
            no_move=True,
            no_resize=True,
            no_title_bar=True,
            no_scrollbar=True,
            no_scroll_with_mouse=True,
        ):
            pass
        self.reloader.discover(self.views_package)
        self.rebuild(self.app)

    def teardown_ui(self) -> None:
        """Delete everything :meth:`build_ui` created (the viewport stays)."""
        teardown = getattr(sys.modules.get(self.layout), "teardown", None)
        if teardown:
            teardown(self.app)
        for tag in (CONTROL, PREVIEW_BAR, "sd.keys", tint.TAG):
            if dpg.does_item_exist(tag):
                dpg.delete_item(tag)
        self.bar_placed = None

    def rebuild(self, app: App) -> None:
        """Tear down the control window's content and build it again with the current view code; UI state
        is captured into ``app.ui_state.items`` first and restored after.
        """
        if self.ui_complete and dpg.get_item_children(CONTROL, 1):
            # never from a half-built UI (a failed rebuild), nor scroll positions not yet re-applied
            uistate.capture(app, scroll=self.scroll_frames == 0)
            teardown = getattr(sys.modules[self.layout], "teardown", None)
            if teardown:  # views that create items outside the control window remove them here
                teardown(app)
        self.ui_complete = False
        dpg.delete_item(CONTROL, children_only=True)
        dpg.delete_item(PREVIEW_BAR, children_only=True)
        resolve(self.layout, "build")(app, CONTROL)
        uistate.restore(app)
        self.ui_complete = True
        self.scroll_frames = 2
        self.seen_data_version = app.data_version

    def refresh(self, app: App) -> None:
        """A build changed the catalog data: the views update in place through the layout's ``refresh(app)``,
        so no widget is rebuilt under the cursor (issue 11); a full :meth:`rebuild` when it has none.
        """
        refresh = getattr(sys.modules[self.layout], "refresh", None)
        if refresh is None or not self.ui_complete:
            self.rebuild(app)
            return
        self.seen_data_version = app.data_version
        resolve(self.layout, "refresh")(app)

    def report_widgets(self) -> None:
        """With a state file (tests, debugging): record in the app's ``view_report`` what a person sees: the
        shown ``sd``-items' rectangles (``{alias: [x, y, w, h]}`` px in the viewport), the focused field, short
        texts, tree labels, child windows' ``[scroll y, max]`` px and the status line's colour (RGBA 0-255).
        """
        widgets, texts, labels, scrolls, focused = {}, {}, {}, {}, None
        for alias in dpg.get_aliases():
            if not alias.startswith(("sd:", "sdp:", "sdh:", "sdv:", "sda:", "sde:")) or not dpg.does_item_exist(alias):
                continue
            state = dpg.get_item_state(alias)
            kind = dpg.get_item_info(alias)["type"]
            if kind.endswith("mvChildWindow") and dpg.is_item_shown(alias):
                scrolls[alias] = [round(dpg.get_y_scroll(alias)), round(dpg.get_y_scroll_max(alias))]
            if kind.endswith("mvWindowAppItem") and dpg.is_item_shown(alias):  # windows report no rect
                (x, y), (w, h) = dpg.get_item_pos(alias), (dpg.get_item_width(alias), dpg.get_item_height(alias))
            elif not state.get("visible") or not dpg.is_item_shown(alias) or "rect_min" not in state:
                continue
            else:
                (x, y), (w, h) = state["rect_min"], state["rect_size"]
            if w <= 0 or h <= 0:
                continue
            widgets[alias] = [int(x), int(y), int(w), int(h)]
            if kind.endswith("mvText"):
                value = dpg.get_value(alias)
                if isinstance(value, str) and len(value) < 500:
                    texts[alias] = value
            elif focused is None and "Input" in kind and (state.get("active") or state.get("focused")):
                focused = alias
            if kind.endswith(("mvTreeNode", "mvSelectable")):
                labels[alias] = dpg.get_item_label(alias)
        colour = dpg.get_item_configuration("sd:status").get("color") if dpg.does_item_exist("sd:status") else None
        self.app.view_report = {
            "widgets": widgets,
            "texts": texts,
            "labels": labels,
            "scrolls": scrolls,
            "focused": focused,
            "status_colour": [round(c * 255) if c <= 1 else round(c) for c in colour] if colour else None,
        }
        self.app.write_state()  # written only when something in it changed

    def on_key_r(self, sender: Any = None, app_data: Any = None) -> None:
        """Key handler: Ctrl+Alt+R requests a GUI reload (performed between frames)."""
        if dpg.is_key_down(dpg.mvKey_ModCtrl) and dpg.is_key_down(dpg.mvKey_ModAlt):
            self.app.request_gui_reload()

    # -- per frame ------------------------------------------------------------------------------------
    def reload_gui(self) -> bool:
        """Reload every view module now (see :class:`HotReloader`); sets the app's error state and tint."""
        app = self.app
        app.reload_requested = False
        ok = self.reloader.reload_all(app)
        app.gui_reloads += 1
        app.error_tint = self.reloader.is_error_state
        app.reload_error = self.reloader.last_error
        at = time.strftime("%H:%M:%S")
        app.reload_note = (
            f"reloaded at {at} in {self.reloader.last_duration_ms:.0f} ms" if ok else f"reload failed at {at}"
        )
        app.reload_finished_at = time.time()
        tint.update(app.error_tint, app.settings.theme)
        app.write_state()
        return ok

    def tick(self) -> None:
        """One iteration of the main loop minus rendering."""
        callbacks = dpg.get_callback_queue()
        dpg.run_callbacks(callbacks)
        app = self.app
        if (app.poll() or callbacks) and self.governor:
            self.governor.activity()  # news or a widget's callback: draw on while the views catch up
        if app.data_version != self.seen_data_version:
            try:
                self.refresh(app)
            except Exception:  # noqa: BLE001 - a view's bug must not end the session: rebuild the views
                log.exception("updating the views after a build failed; rebuilding them")
                self.rebuild(app)
        if app.reload_requested:
            self.reload_gui()
        if self.scroll_frames:
            self.scroll_frames -= 1
            uistate.apply_scroll(app)
        try:
            resolve(self.layout, "tick")(app)
        except Exception:  # noqa: BLE001 - a view's bug must not end the session
            if not self.tick_failed:
                log.exception("a view's per-frame update failed (logged once until it works again)")
            self.tick_failed = True
        else:
            self.tick_failed = False
        if self.frame % 10 == 0:
            self.place_pane()
            title = f"storydesk: {app.title}"
            if title != self.viewport_title:  # another catalog opened, or its title changed
                dpg.set_viewport_title(title)
                self.viewport_title = title
        now = time.monotonic()
        if app.state_file and now - self.reported_at >= 0.3:  # ~3 times a second: for tests, not for users
            self.reported_at = now
            self.report_widgets()

    def remember_geometry(self) -> None:
        """Record the viewport's position and size and the pane split in the app's settings."""
        x, y = dpg.get_viewport_pos()
        self.app.settings.window = {
            "x": int(x),
            "y": int(y),
            "width": int(dpg.get_viewport_width()),
            "height": int(dpg.get_viewport_height()),
        }
        self.app.settings.pane_split = int(dpg.get_item_width(CONTROL) or PANEL_WIDTH)

    def pane_rect(self) -> tuple[int, int, int, int]:
        """The pane's rectangle ``(x, y, w, h)`` px in the viewport: right of the control window, below the
        preview toolbar.
        """
        panel = dpg.get_item_width(CONTROL) or PANEL_WIDTH
        w, h = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
        return panel, BAR_HEIGHT, max(1, w - panel), max(1, h - BAR_HEIGHT)

    def place_pane(self) -> None:
        """Keep the control window full height, the preview toolbar above the pane and the pane beside the
        control window (embedded or on screen).
        """
        h = dpg.get_viewport_client_height()
        if dpg.get_item_height(CONTROL) != h:
            dpg.set_item_height(CONTROL, h)
        x, y, w, hh = self.pane_rect()
        if (x, w) != self.bar_placed:  # remembered: reading the window's place back costs ~30 us a frame
            dpg.configure_item(PREVIEW_BAR, pos=(x, 0), width=w, height=BAR_HEIGHT)
            self.bar_placed = (x, w)
        if self.app.pane.host is None:
            vx, vy = dpg.get_viewport_pos()
            x, y = int(vx) + x, int(vy) + y
        self.app.move_pane((x, y, w, hh))
        if self.app.error_tint:
            tint.update(True, self.app.settings.theme)

    def find_window(self, governor: FrameGovernor) -> None:
        """Once the viewport is mapped: give the governor its X11 window (so news can wake an idle frame) and
        embed the pane in it.
        """
        xid = viewport_window_id("^storydesk")
        if xid is not None:
            governor.waker.set_window(xid)
        if self.app.with_pane:
            self.embed_pane(xid)

    @staticmethod
    def wake_on_signals(governor: FrameGovernor) -> int | None:
        """Make a signal (SIGTERM from the session ending, Ctrl+C) wake an idle frame, so its handler runs at
        once: Python runs handlers on the main thread only after the C call it is in (the event wait) returns.
        Returns the pipe's read end (``None`` off the main thread or where wakeup fds are unsupported).
        """
        if threading.current_thread() is not threading.main_thread():
            return None
        read, write = os.pipe()
        os.set_blocking(write, False)
        try:
            signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        except ValueError, OSError:
            os.close(read)
            os.close(write)
            return None

        def relay() -> None:
            while os.read(read, 64):
                governor.wake()

        threading.Thread(target=relay, name="storydesk-signal-wake", daemon=True).start()
        return read

    def embed_pane(self, xid: int | None = None) -> None:
        """On X11, make the pane a child of the viewport's window (``xid``, found when not given); elsewhere
        place it beside.
        """
        if xid is None:
            xid = viewport_window_id("^storydesk")
        x, y, w, h = self.pane_rect()
        if xid is None:
            vx, vy = dpg.get_viewport_pos()
            self.app.set_pane_host(None, (int(vx) + x, int(vy) + y, w, h))
        else:
            self.app.set_pane_host(xid, (x, y, w, h))

    def run(self) -> int:
        """Set up the GUI (unless :meth:`setup` ran), start the app and run frames until the viewport
        closes; returns the exit status.
        """
        app = self.app
        start_first = not self.is_set_up
        if start_first:
            # the build process and the pane take longer to be ready than the window: they start first and warm
            # while it is set up (issue 13: launch -> the story shown)
            app.start()
            self.setup()
        if threading.current_thread() is threading.main_thread():
            # a polite kill (SIGTERM, e.g. from the session ending) closes the app like its window does
            signal.signal(signal.SIGTERM, lambda signum, frame: dpg.stop_dearpygui())
        # with a state file (tests) the idle loop still reports a few times a second; STORYDESK_IDLE_WAKE_S
        # sets the idle wake period (s) to test the deep idle
        idle_wake_s = float(os.environ.get("STORYDESK_IDLE_WAKE_S") or (0.15 if app.state_file else IDLE_WAKE_S))
        self.governor = governor = FrameGovernor(XWaker(), idle_wake_s)
        app.wake = governor.wake
        wakeup = self.wake_on_signals(governor)
        if not start_first:
            app.start()
        views_init = sys.modules[self.views_package].__file__
        assert views_init, f"{self.views_package} is a regular package"
        app.watch_gui_sources(Path(views_init).parent)
        try:
            while dpg.is_dearpygui_running():
                governor.before_frame()
                started = time.perf_counter()
                self.tick()
                dpg.render_dearpygui_frame()  # waits for input (or a wake) when the governor says so
                governor.after_frame()
                self.frame += 1
                # Without vsync (Xvfb, some drivers) DPG renders ~900 frames/s, burning a core and the GIL
                # that builds need; sleep out the rest of the frame instead.
                spare = self.frame_s - (time.perf_counter() - started)
                if spare > 0 and not governor.waiting:
                    time.sleep(spare)
                if self.frame == 3:
                    self.find_window(governor)
                if self.frame_hook:
                    self.frame_hook(self)
        finally:
            app.wake = lambda: None
            governor.close()
            if wakeup is not None:
                signal.set_wakeup_fd(-1)
            self.remember_geometry()
            app.shutdown()
            t0 = time.monotonic()
            dpg.destroy_context()
            log.info("closed the window in %.0f ms", (time.monotonic() - t0) * 1000)
        return 0


def viewport_window_id(name_regex: str) -> int | None:
    """Return the X11 window id of this process's viewport (via ``xdotool``), or ``None`` when not on X11 or
    xdotool is missing.
    """
    if not os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform != "linux":
        return None
    tool = shutil.which("xdotool")
    if not tool:
        log.warning("xdotool not found: the pane is placed beside the app instead of inside it")
        return None
    for _ in range(20):
        out = subprocess.run(
            [tool, "search", "--all", "--onlyvisible", "--pid", str(os.getpid()), "--name", name_regex],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.split()
        if out:
            return int(out[-1])
        time.sleep(0.05)
    log.warning("could not find the app's X11 window; the pane is placed beside it")
    return None
