"""The ``storydesk`` command.

    storydesk [PATH] [--no-use-subinterpreters] [--story ID] [--log-level LEVEL]   open the desktop app
    storydesk build PATH OUT                                                        build a site, no GUI
    storydesk --version

``python -m storydesk`` is the same. Errors are one clear line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from storydesk import __version__
from storydesk.paths import demo_catalog

log = logging.getLogger("storydesk")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--log-level", default="INFO", type=str.upper,
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="log verbosity (default INFO)")


def app_parser() -> argparse.ArgumentParser:
    """Return the parser of ``storydesk [PATH]``."""
    p = argparse.ArgumentParser(prog="storydesk", description="Open a tdom story catalog in the desktop app. "
                                "Use 'storydesk build PATH OUT' to build a static site without the GUI.")
    p.add_argument("path", nargs="?", type=Path, help="catalog folder (default: the bundled demo catalog)")
    p.add_argument("--version", action="version", version=f"storydesk {__version__}")
    p.add_argument("--no-use-subinterpreters", dest="use_subinterpreters", action="store_false", default=None,
                   help="build in the main interpreter (faster to start, but modules imported from outside "
                        "the catalog folder are not re-imported on later builds); default: the saved "
                        "setting (View menu), else subinterpreters")
    p.add_argument("--out", type=Path, help="site folder (default: a folder in the user cache directory)")
    p.add_argument("--story", help="select this story (its path, e.g. actions/button/primary) on start")
    p.add_argument("--no-pane", dest="pane", action="store_false", help="do not start the preview pane")
    p.add_argument("--build-timeout", type=float, default=30.0, metavar="SECONDS",
                   help="abandon a build that runs longer (a story that never returns); default 30")
    p.add_argument("--state-file", type=Path, help=argparse.SUPPRESS)  # test introspection (JSON snapshots)
    _common(p)
    return p


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``storydesk build PATH OUT``."""
    p = argparse.ArgumentParser(prog="storydesk build", description="Build a catalog's static site in this "
                                "process (no subinterpreter pool) and exit.")
    p.add_argument("path", type=Path, help="catalog folder")
    p.add_argument("out", type=Path, help="output folder (replaced whole on success)")
    _common(p)
    return p


def setup_logging(level: str) -> None:
    """Log to stderr at ``level`` with timestamps in ms."""
    logging.basicConfig(level=level, format="%(asctime)s.%(msecs)03d %(levelname)-7s %(name)s: %(message)s",
                        datefmt="%H:%M:%S", stream=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    """Build ``args.path`` into ``args.out`` in this interpreter; return the exit status (0, or 1 on error)."""
    from storydesk.build.pipeline import build

    result = build(args.path, args.out)
    if not result.ok:
        err = result.error or {}
        where = f"{err.get('file')}:{err.get('line')}: " if err.get("line") else (
            f"{err['file']}: " if err.get("file") else "")
        print(f"storydesk: build failed: {where}{err.get('message')}", file=sys.stderr)
        if err.get("details"):
            log.debug("%s", err["details"])
        return 1
    failed = result.failed_stories
    print(f"built {result.story_count} stories of {result.title!r} into {args.out} in {result.total_ms:.0f} ms"
          + (f"; {len(failed)} failed to render: " + ", ".join(s["path"] for s in failed) if failed else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["build"]:
        args = build_parser().parse_args(argv[1:])
        setup_logging(args.log_level)
        return run_build(args)
    args = app_parser().parse_args(argv)
    setup_logging(args.log_level)
    path = (args.path or demo_catalog()).resolve()
    if not path.is_dir():
        print(f"storydesk: {path}: no such catalog folder", file=sys.stderr)
        return 2
    from storydesk.launch import launch

    return launch(path, args)
