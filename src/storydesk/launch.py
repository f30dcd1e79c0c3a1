"""Opening the desktop app: pick the site folder, check for a display, run the GUI shell."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from storydesk.paths import default_out


def has_display() -> bool:
    """Whether a GUI can open: always on macOS and Windows; on Linux, ``DISPLAY`` or ``WAYLAND_DISPLAY``."""
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch(catalog: Path, args: argparse.Namespace) -> int:
    """Open the app on ``catalog`` with the parsed ``storydesk`` arguments; return the exit status.

    Exits with status 2 and one line on stderr when no display is available (it never hangs).
    """
    if not has_display():
        print(
            "storydesk: no display available (DISPLAY and WAYLAND_DISPLAY are unset); run it in a desktop "
            "session, under 'xvfb-run', or build a static site with 'storydesk build PATH OUT'",
            file=sys.stderr,
        )
        return 2
    from storydesk.app import settings as settings_module
    from storydesk.app.controller import App
    from storydesk.gui.shell import Shell

    log_to_user_dir()
    app = App(
        catalog,
        (args.out or default_out(catalog)),
        use_subinterpreters=args.use_subinterpreters,
        incremental=args.incremental,
        with_pane=args.pane,
        state_file=args.state_file,
        initial_story=args.story,
        build_timeout_s=args.build_timeout,
        story_timeout_s=args.story_timeout,
        memory_limit=None if args.memory_limit is None else int(args.memory_limit * 1024**3),
        settings_path=settings_module.default_path(),
    )
    return Shell(app).run()


def log_to_user_dir() -> Path:
    """Also log to ``<user log dir>/storydesk.log`` (rotated at 1 MB, 3 kept); return its path."""
    import logging
    from logging.handlers import RotatingFileHandler

    from platformdirs import user_log_path

    path = user_log_path("storydesk") / "storydesk.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    logging.getLogger("storydesk").addHandler(handler)
    return path
