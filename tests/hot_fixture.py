"""An in-process GUI for hot-reload tests: the real Shell and App over a private copy of the view modules."""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from pathlib import Path

import dearpygui.dearpygui as dpg

import storydesk.gui.views
from storydesk.app.controller import App
from storydesk.build.pipeline import build
from storydesk.gui.shell import Shell

_counter = itertools.count()


_viewport: list[bool] = []


class HotGui:
    """A set-up :class:`Shell` whose views package is a copy in ``tmp`` (files safe to edit).

    The DPG viewport is created once per test process (DPG cannot recreate one) and shared; each HotGui
    builds its own UI in it and tears it down in :meth:`close`.
    """

    def __init__(self, catalog: Path, tmp: Path) -> None:
        self.package = f"hotviews_{os.getpid()}_{next(_counter)}"
        self.folder = tmp / self.package
        shutil.copytree(
            Path(storydesk.gui.views.__file__).parent, self.folder, ignore=shutil.ignore_patterns("__pycache__")
        )
        sys.path.insert(0, str(tmp))
        self.tmp = tmp
        self.app = App(catalog, tmp / "site", use_subinterpreters=False, with_pane=False)
        self.app._apply_build(build(catalog, tmp / "site"))
        self.shell = Shell(self.app, width=1200, height=800, views_package=self.package)
        if not _viewport:
            Shell.create_viewport("hot reload tests", 1200, 800)
            dpg.show_viewport()
            _viewport.append(True)
        self.shell.build_ui()
        self.frames(3)

    @property
    def reloader(self):
        return self.shell.reloader

    def module(self, name: str):
        return sys.modules[f"{self.package}.{name}"]

    def frames(self, n: int = 2) -> None:
        """Run ``n`` iterations of the real main loop (tick + render)."""
        for _ in range(n):
            self.shell.tick()
            dpg.render_dearpygui_frame()

    def edit(self, name: str, old: str, new: str, *, keep_mtime: bool = False) -> Path:
        """Replace ``old`` by ``new`` in view module ``name``'s file (optionally keeping its mtime)."""
        path = self.folder / f"{name}.py"
        text = path.read_text()
        assert old in text, f"{old!r} not in {path}"
        stat = path.stat()
        path.write_text(text.replace(old, new, 1))
        if keep_mtime:
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        return path

    def reload(self) -> bool:
        """Request a reload as Ctrl+Alt+R does and let the main loop perform it between frames."""
        before = self.app.gui_reloads
        self.app.request_gui_reload()
        self.frames(3)
        assert self.app.gui_reloads == before + 1
        return not self.app.error_tint

    def close(self) -> None:
        self.shell.teardown_ui()
        dpg.render_dearpygui_frame()
        self.app.shutdown()
        sys.path.remove(str(self.tmp))
        for name in [n for n in sys.modules if n.startswith(self.package)]:
            del sys.modules[name]
