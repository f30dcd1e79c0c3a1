"""Drawing only when something changed: the idle window costs (almost) nothing (issue 13).

Dear PyGui redraws every frame whether or not anything changed: 60 frames a second, 70% of a core here when
idle (Xvfb with software GL, /proc sampled over 10 s as ``make bench``'s idle row does; on a laptop it is
battery). With ``configure_app(wait_for_input=True)`` a frame blocks in GLFW's event wait until the window gets
an X event, so an idle window draws nothing; any input wakes it at once. Two things are needed beyond that:

* the app's own news (a build result, a pane event, a log line, a saved view module) must wake the wait:
  Dear PyGui has no call for it (hoffstadt/DearPyGui#1832, open), so :class:`XWaker` sends the viewport's
  X11 window a ClientMessage through libX11 (ctypes: a wake costs a few microseconds and its frame follows
  within ~3 ms, measured with a 400x300 test viewport under Xvfb);
* Dear ImGui needs a few frames after an event to settle (hover, popups, layout; ocornut/imgui#3220), and
  the app's timers (notes that fade, the pane's start-up text) need frames now and then: after any input or
  news the loop draws continuously for :data:`ACTIVE_S`, and while idle a timer wakes it every
  :data:`IDLE_WAKE_S`.

Without X11 (or libX11) nothing can wake the wait, so the loop keeps drawing every frame, as before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading
import time

import dearpygui.dearpygui as dpg

log = logging.getLogger("storydesk.gui")

#: after input or news, draw every frame this long (s): Dear ImGui's hover, popups and layout settle
ACTIVE_S = 0.5
#: while idle, a timer wakes the loop this often (s): the app's timers and fades still advance
IDLE_WAKE_S = 1.0
_CLIENT_MESSAGE = 33  # X.h


class _ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _ClientMessage), ("pad", ctypes.c_long * 24)]


class XWaker:
    """Wakes the GUI thread's X event wait from any thread: a ClientMessage to the viewport's window, on a
    connection of its own. Does nothing until :meth:`set_window`, and nothing without libX11 or a display.
    """

    def __init__(self) -> None:
        self.window = 0
        self._lock = threading.Lock()
        self._x11 = None
        self._display = None
        try:
            x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
            x11.XOpenDisplay.restype = ctypes.c_void_p
            x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
            x11.XInternAtom.restype = ctypes.c_ulong
            x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
            x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
            x11.XFlush.argtypes = [ctypes.c_void_p]
            x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
            display = x11.XOpenDisplay(None)
        except (OSError, AttributeError) as exc:
            log.info("no libX11 (%s): the window redraws every frame", exc)
            return
        if not display:
            return
        self._x11, self._display = x11, display
        self._atom = x11.XInternAtom(display, b"STORYDESK_WAKE", 0)

    @property
    def able(self) -> bool:
        """Whether wakes reach the window (libX11, a display and the window's id are known)."""
        return bool(self._display and self.window)

    def set_window(self, window: int) -> None:
        """The X11 window id of the viewport (found once it is mapped)."""
        self.window = window

    def wake(self) -> None:
        """Make the GUI thread's pending event wait return (safe from any thread; a few microseconds)."""
        if not self.able or self._x11 is None:
            return
        event = _XEvent()
        event.xclient.type = _CLIENT_MESSAGE
        event.xclient.window = self.window
        event.xclient.message_type = self._atom
        event.xclient.format = 32
        with self._lock:  # checked again under the lock: close() may have run meanwhile (a freed display crashes)
            if self._display:
                self._x11.XSendEvent(self._display, self.window, 0, 0, ctypes.byref(event))
                self._x11.XFlush(self._display)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            if self._x11 is not None and self._display:
                self._x11.XCloseDisplay(self._display)
            self._display = None


class FrameGovernor:
    """Decides, frame by frame, whether the next frame may wait for input (see the module docstring).

    Args:
        waker: how other threads wake the wait.
        idle_wake_s: how often the idle loop is woken anyway (s); shorter when a state file is written for
            tests, which read the window's state a few times a second.
    """

    def __init__(self, waker: XWaker, idle_wake_s: float = IDLE_WAKE_S) -> None:
        self.waker = waker
        self.idle_wake_s = idle_wake_s
        self.active_until = time.monotonic() + 2 * ACTIVE_S  # start-up: the window settles, the pane embeds
        self.waiting = False  # the last frame was allowed to wait for input
        self._timer_woke = threading.Event()
        self._stop = threading.Event()
        self._timer = threading.Thread(target=self._tick, name="storydesk-idle-wake", daemon=True)
        self._timer.start()

    def activity(self) -> None:
        """Something happened (input, news, a change the views made): draw every frame for a while."""
        self.active_until = time.monotonic() + ACTIVE_S

    def wake(self) -> None:
        """News from another thread: mark activity and wake the wait (any thread)."""
        self.activity()
        self.waker.wake()

    def before_frame(self) -> None:
        """Let the next frame wait for input only when idle and wakes can reach it."""
        wait = self.waker.able and time.monotonic() >= self.active_until
        if wait != self.waiting:
            dpg.configure_app(wait_for_input=wait)
            self.waiting = wait

    def after_frame(self) -> None:
        """A frame that waited returned: input (or news) woke it, unless it was the idle timer."""
        if self.waiting and not self._timer_woke.is_set():
            self.activity()
        self._timer_woke.clear()

    def _tick(self) -> None:
        while not self._stop.wait(self.idle_wake_s):
            if self.waiting:
                self._timer_woke.set()
                self.waker.wake()

    def close(self) -> None:
        """Stop the idle timer and let frames run freely again."""
        self._stop.set()
        if self.waiting:
            dpg.configure_app(wait_for_input=False)
            self.waiting = False
        self.waker.close()
