"""Helpers for driving the real app under X: start it, read its state file, send keys with xdotool."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


class RunningApp:
    """A ``python -m storydesk`` process with a ``--state-file`` to observe it.

    Args:
        catalog: the catalog folder to open.
        tmp: a scratch folder for the site and the state file.
        args: extra command-line arguments.
        command: the program to start (default: ``python -m storydesk``), e.g. the bundled app.
    """

    def __init__(self, catalog: Path, tmp: Path, *args: str, command: list[str] | None = None) -> None:
        self.state_file = tmp / "state.json"
        self.state_file.unlink(missing_ok=True)  # a previous run's state must not be mistaken for this one's
        self.out = tmp / "site"
        self.log = open(tmp / "app.log", "w")  # noqa: SIM115 - closed in stop()
        # private user directories: settings, logs and caches of the real user stay untouched
        self.env = {
            **os.environ,
            **{f"XDG_{kind}_HOME": str(tmp / "xdg" / kind.lower()) for kind in ("CONFIG", "CACHE", "STATE", "DATA")},
        }
        self.proc = subprocess.Popen(
            [
                *(command or [sys.executable, "-m", "storydesk"]),
                str(catalog),
                "--out",
                str(self.out),
                "--state-file",
                str(self.state_file),
                *args,
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=self.env,
        )

    def state(self) -> dict:
        """The app's latest state snapshot (``{}`` before the first)."""
        try:
            return json.loads(self.state_file.read_text())
        except FileNotFoundError, json.JSONDecodeError:
            return {}

    def wait(self, predicate, timeout: float = 60.0, what: str = "condition") -> dict:
        """Wait until ``predicate(state)`` holds; return that state.

        Raises:
            AssertionError: on timeout or if the app exited, with the app's log.
        """
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            state = self.state()
            if state and predicate(state):
                return state
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.log.flush()
        log = Path(self.log.name).read_text()[-4000:]
        raise AssertionError(
            f"timed out waiting for {what}; last state: {json.dumps(self.state())[:1500]}\napp log:\n{log}"
        )

    def window_id(self) -> str:
        """The X11 id of the app's viewport window."""
        out = subprocess.run(
            [
                "xdotool",
                "search",
                "--sync",
                "--all",
                "--onlyvisible",
                "--pid",
                str(self.proc.pid),
                "--name",
                "^storydesk",
            ],
            capture_output=True,
            text=True,
            timeout=20,
        ).stdout.split()
        assert out, "app window not found"
        return out[-1]

    def keys(self, combo: str, at: tuple[int, int] | None = (100, 300), click: bool = False) -> None:
        """Focus the app window, put the pointer at ``at`` (px in the window; the default is over the control
        panel; ``None``: leave pointer and focus where they are), click there first if ``click``, and type the
        chord ``combo`` (xdotool names, e.g. ``ctrl+alt+r``) for real, through XTEST, holding the modifiers as
        a person does."""
        if at is not None:
            wid = self.window_id()
            subprocess.run(["xdotool", "windowfocus", "--sync", wid], check=True, timeout=10)
            subprocess.run(["xdotool", "mousemove", "--window", wid, str(at[0]), str(at[1])], check=True, timeout=10)
        if click:
            subprocess.run(["xdotool", "click", "1"], check=True, timeout=10)
            time.sleep(0.3)
        *mods, key = combo.split("+")
        if mods:
            subprocess.run(["xdotool", "keydown", "--delay", "30", *mods], check=True, timeout=10)
        subprocess.run(["xdotool", "key", "--delay", "60", key], check=True, timeout=10)
        if mods:
            subprocess.run(["xdotool", "keyup", *reversed(mods)], check=True, timeout=10)

    def widget(self, alias: str, timeout: float = 20.0) -> list[int]:
        """Wait until the item ``alias`` is on screen and has kept its place for two of the app's widget
        reports (a tree being refilled moves rows); return its ``[x, y, w, h]`` (px in the window).
        """
        end = time.monotonic() + timeout
        rect = None
        while time.monotonic() < end:
            state = self.wait(lambda s: alias in s.get("widgets", {}), timeout, f"{alias} on screen")
            if state["widgets"][alias] == rect:
                return rect
            rect = state["widgets"][alias]
            time.sleep(0.4)  # the shell reports every 10 frames (~170 ms)
        raise AssertionError(f"{alias} kept moving")

    def focus_field(self, alias: str, dx: int | None = 40) -> None:
        """Click into the text or number field ``alias`` and wait until it has the keyboard focus (a second
        click if the first was not taken), so no typed key is lost.
        """
        for _ in range(3):
            self.click_widget(alias, dx)
            try:
                self.wait(lambda s: s.get("focused") == alias, 2, f"{alias} focused")
                return
            except AssertionError:
                continue
        state = self.state()
        mouse = subprocess.run(["xdotool", "getmouselocation"], capture_output=True, text=True, timeout=10).stdout
        raise AssertionError(
            f"{alias} did not take the keyboard focus: focused {state.get('focused')!r}, rect "
            f"{state.get('widgets', {}).get(alias)}, pointer {mouse.strip()}, window {self.window_id()} "
            + "X focus "
            + subprocess.run(["xdotool", "getwindowfocus"], capture_output=True, text=True, timeout=10).stdout
            + " "
            + subprocess.run(
                ["xdotool", "getwindowgeometry", self.window_id()], capture_output=True, text=True, timeout=10
            ).stdout.replace("\n", " ")
        )

    def click_widget(self, alias: str, dx: int | None = None, button: int = 1) -> None:
        """Click the item ``alias`` as a person would: pointer onto it (``dx`` px from its left edge, default
        its middle), press, release; ``button`` 3 is a right click.
        """
        x, y, w, h = self.widget(alias)
        wid = self.window_id()
        self.focus_window(wid)
        px = x + (w // 2 if dx is None else dx)
        subprocess.run(["xdotool", "mousemove", "--window", wid, str(px), str(y + h // 2)], check=True, timeout=10)
        time.sleep(0.1)
        subprocess.run(["xdotool", "mousedown", str(button)], check=True, timeout=10)
        time.sleep(0.08)
        subprocess.run(["xdotool", "mouseup", str(button)], check=True, timeout=10)
        time.sleep(0.2)

    def focus_window(self, wid: str) -> None:
        """Give the window ``wid`` the keyboard focus, as a person's first click on it does, and give the app
        a few frames to take it (a click on a field in the frame its window gains the focus is not taken).
        """
        subprocess.run(["xdotool", "windowfocus", "--sync", wid], check=True, timeout=10)
        time.sleep(0.3)

    def click_at(self, wid: str, x: int, y: int) -> None:
        """Click at ``x, y`` px in the window ``wid`` (for items with no reported rectangle: the menu bar)."""
        subprocess.run(["xdotool", "mousemove", "--window", wid, str(x), str(y)], check=True, timeout=10)
        time.sleep(0.1)
        subprocess.run(["xdotool", "mousedown", "1"], check=True, timeout=10)
        time.sleep(0.08)
        subprocess.run(["xdotool", "mouseup", "1"], check=True, timeout=10)
        time.sleep(0.3)

    def wait_shown(self, text: str, timeout: float = 90.0) -> dict:
        """Wait until the pane shows a page with ``text`` and has settled in the app's window; return that state."""
        return self.wait(
            lambda s: text in s.get("pane_text", "") and any("embedded in the app" in x for x in s.get("log", [])),
            timeout,
            f"the pane showing {text!r}, settled",
        )

    def scroll_until(self, alias: str, at: tuple[int, int], clicks: int = 20) -> dict:
        """Turn the mouse wheel down over ``at`` (px in the window) a notch at a time, as a person scrolls a
        panel, until the item ``alias`` is shown; return that state.

        Raises:
            AssertionError: it never came into view.
        """
        wid = self.window_id()
        subprocess.run(["xdotool", "mousemove", "--window", wid, str(at[0]), str(at[1])], check=True, timeout=10)
        for _ in range(clicks):
            state = self.state()
            if alias in state.get("widgets", {}):
                return state
            subprocess.run(["xdotool", "click", "5"], check=True, timeout=10)
            time.sleep(0.15)
        raise AssertionError(f"{alias} never came into view")

    def window_name(self) -> str:
        """The app window's title."""
        out = subprocess.run(["xdotool", "getwindowname", self.window_id()], capture_output=True, text=True, timeout=10)
        return out.stdout.strip()

    def wait_window(self, name_regex: str, timeout: float = 20.0) -> str:
        """Wait for a visible window whose title matches ``name_regex`` (e.g. a dialog); return its id."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            out = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", name_regex], capture_output=True, text=True, timeout=10
            ).stdout.split()
            if out:
                time.sleep(0.3)  # mapped: give it a moment to take the keyboard focus
                return out[-1]
            time.sleep(0.1)
        raise AssertionError(f"no window {name_regex!r} appeared")

    def wait_window_gone(self, wid: str, timeout: float = 20.0) -> None:
        """Wait until the window ``wid`` is no longer visible."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            visible = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "."], capture_output=True, text=True, timeout=10
            ).stdout.split()
            if wid not in visible:
                return
            time.sleep(0.1)
        raise AssertionError(f"window {wid} is still open")

    def colours(self, rect: list[int]) -> set[tuple[int, int, int]]:
        """The colours of the screen's pixels in ``rect`` (``[x, y, w, h]`` px in the app's window), from a
        screenshot of the display (Qt's grab of the root window: what a person sees, the pane included).
        """
        geometry = subprocess.run(
            ["xdotool", "getwindowgeometry", "--shell", self.window_id()], capture_output=True, text=True, timeout=10
        ).stdout
        at = dict(line.split("=", 1) for line in geometry.split())
        x, y, w, h = rect
        grab = (
            "import sys\nfrom PySide6.QtGui import QGuiApplication\napp = QGuiApplication(sys.argv[:1])\n"
            f"img = QGuiApplication.primaryScreen().grabWindow(0, {int(at['X']) + x}, {int(at['Y']) + y}, {w}, {h})"
            ".toImage()\nprint(sorted({(c >> 16 & 255, c >> 8 & 255, c & 255) for c in"
            " (img.pixel(i, j) for i in range(img.width()) for j in range(img.height()))}))\n"
        )
        out = subprocess.run([sys.executable, "-c", grab], capture_output=True, text=True, timeout=60, env=self.env)
        return {tuple(c) for c in json.loads(out.stdout.replace("(", "[").replace(")", "]"))}

    def type_text(self, text: str, delay_ms: int = 110) -> None:
        """Type ``text`` into whatever has the keyboard focus, one key every ``delay_ms`` ms (a person types
        about 9 keys a second).
        """
        subprocess.run(["xdotool", "type", "--delay", str(delay_ms), text], check=True, timeout=60)

    def stop(self) -> int:
        """Close the app (SIGTERM) and return its exit status."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def environ_for_display(display: str) -> dict[str, str]:
    """The current environment with ``DISPLAY`` set."""
    return {**os.environ, "DISPLAY": display}
