"""The ``storydesk`` command.

    storydesk [OPTIONS] [PATH]            open the desktop app (options: ``storydesk --help``)
    storydesk [--log-level L] build PATH OUT   build a site, no GUI
    storydesk snapshot PATH [--check]          write (or check) the stories' HTML snapshots
    storydesk --version

Options may come before or after the subcommand (issue 9).

``python -m storydesk`` is the same. Errors are one clear line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

from storydesk import __version__
from storydesk.build.timeout import DEFAULT_STORY_TIMEOUT_S, DEFAULT_TIMEOUT_S
from storydesk.paths import demo_catalog

log = logging.getLogger("storydesk")


def _common(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Add the options every form of the command takes, before or after the subcommand (issue 9)."""
    return [
        parser.add_argument(
            "--log-level",
            default="INFO",
            type=str.upper,
            choices=["DEBUG", "INFO", "WARNING", "ERROR"],
            help="log verbosity (default INFO)",
        ),
        parser.add_argument(
            "--with-assertions",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="run the stories' assertions and show their results (default, unless STORYDESK_ASSERTIONS=0); "
            "--no-with-assertions: skip them",
        ),
        parser.add_argument(
            "--incremental",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="after an edit, render only the stories it can change and keep the other pages (default: the "
            "saved setting, View menu, unless STORYDESK_INCREMENTAL=0); --no-incremental: render every story",
        ),
    ]


def _app_options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Add the options of the desktop app; return them."""
    add = parser.add_argument
    return [
        add(
            "--use-subinterpreters",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="build in a fresh subinterpreter per build, or not (--no-use-subinterpreters: in the main "
            "interpreter; faster to start, but modules imported from outside the catalog folder are not "
            "re-imported on later builds); default: the saved setting (View menu), else subinterpreters",
        ),
        add("--out", type=Path, help="site folder (default: a folder in the user cache directory)"),
        add("--story", help="select this story (its path, e.g. actions/button/primary) on start"),
        add("--no-pane", dest="pane", action="store_false", help="do not start the preview pane"),
        add(
            "--build-timeout",
            type=float,
            default=DEFAULT_TIMEOUT_S,
            metavar="SECONDS",
            help=f"abandon a build that runs longer (a story that never returns); default {DEFAULT_TIMEOUT_S:g}",
        ),
        add(
            "--story-timeout",
            type=float,
            default=DEFAULT_STORY_TIMEOUT_S,
            metavar="SECONDS",
            help="a story still rendering after this long is quarantined: the catalog is built again without it "
            f"until its stories.py or a module is saved; default {DEFAULT_STORY_TIMEOUT_S:g}",
        ),
        add(
            "--memory-limit",
            type=float,
            metavar="GB",
            default=None,
            help="the build process's memory (address-space) limit in GB; a story that needs more gets a "
            "MemoryError card; 0: no limit; default: half the machine's memory",
        ),
        add("--state-file", type=Path, help=argparse.SUPPRESS),  # test introspection (JSON snapshots)
    ]


def app_parser() -> argparse.ArgumentParser:
    """Return the parser of ``storydesk [OPTIONS] [PATH]``."""
    p = argparse.ArgumentParser(
        prog="storydesk",
        description="Open a tdom story catalog in the desktop app. "
        "Use 'storydesk build PATH OUT' to build a static site without the GUI.",
    )
    p.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="catalog folder (default: the bundled demo catalog; a folder named 'build' is opened as ./build)",
    )
    p.add_argument("--version", action="version", version=f"storydesk {__version__}")
    _app_options(p)
    _common(p)
    return p


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``storydesk build PATH OUT``."""
    p = argparse.ArgumentParser(
        prog="storydesk build",
        description="Build a catalog's static site in this process (no subinterpreter pool) and exit.",
    )
    p.add_argument("path", type=Path, help="catalog folder")
    p.add_argument("out", type=Path, help="output folder (replaced whole on success)")
    p.add_argument("--strict", action="store_true", help="exit 1 when an assertion fails (default: exit 0)")
    _common(p)
    return p


def new_parser() -> argparse.ArgumentParser:
    """Return the parser of ``storydesk new DIR``."""
    p = argparse.ArgumentParser(
        prog="storydesk new",
        description="Create a small working catalog in DIR (a new or empty folder) to start from.",
    )
    p.add_argument("dir", type=Path, help="the catalog folder to create; its name is the package name")
    _common(p)
    return p


def snapshot_parser() -> argparse.ArgumentParser:
    """Return the parser of ``storydesk snapshot PATH [--check] [--folder DIR]``."""
    p = argparse.ArgumentParser(
        prog="storydesk snapshot",
        description="Write each story's rendered HTML, normalised, into the catalog's snapshot folder; with "
        "--check, compare instead, print a unified diff per changed story and exit 1 if any changed.",
    )
    p.add_argument("path", type=Path, help="catalog folder")
    p.add_argument("--check", action="store_true", help="compare with the snapshots; write nothing")
    p.add_argument("--folder", type=Path, default=None, help="the snapshot folder (default: PATH/__snapshots__)")
    _common(p)
    return p


#: The subcommands; any other first word is the app's catalog folder.
SUBCOMMANDS = ("build", "new", "snapshot")


def _subcommand(argv: list[str]) -> tuple[str | None, list[str], list[str]]:
    """Split ``argv`` at its subcommand: ``(name or None, the words before it, the words after it)``.

    The subcommand is the first positional word; the value of an option that takes one is not a positional
    word (``--story build`` names a story). Only :data:`SUBCOMMANDS` are subcommands: any other first word
    is the app's catalog folder, and after ``--`` every word is.
    """
    scout = argparse.ArgumentParser(add_help=False)
    takes_value = {o for a in [*_app_options(scout), *_common(scout)] if a.nargs != 0 for o in a.option_strings}
    skip = False
    for index, word in enumerate(argv):
        if skip:
            skip = False
        elif word == "--":
            break
        elif word.startswith("-"):
            skip = word in takes_value
        else:
            if word in SUBCOMMANDS:
                return word, argv[:index], argv[index + 1 :]
            break
    return None, [], argv


def use_incremental(enabled: bool | None) -> None:
    """Turn incremental builds on or off for this run, its build processes and interpreters
    (:data:`storydesk.catalog.incremental.INCREMENTAL_ENV`); ``None`` leaves the environment's setting.
    """
    from storydesk.catalog.incremental import INCREMENTAL_ENV

    if enabled is not None:
        os.environ[INCREMENTAL_ENV] = "1" if enabled else "0"


def use_assertions(enabled: bool | None) -> None:
    """Turn the stories' assertions on or off for this run, its build processes and interpreters
    (:data:`storydesk.catalog.assertions.ASSERTIONS_ENV`); ``None`` (no flag given) leaves the environment's
    setting as it is.
    """
    from storydesk.catalog.assertions import ASSERTIONS_ENV

    if enabled is not None:
        os.environ[ASSERTIONS_ENV] = "1" if enabled else "0"


def setup_logging(level: str) -> None:
    """Log to stderr at ``level`` with timestamps in ms."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s.%(msecs)03d %(levelname)-7s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )


#: how many failed stories the build summary names before "and N more"
FAILED_SHOWN = 10


def run_build(args: argparse.Namespace) -> int:
    """Build ``args.path`` into ``args.out`` in this interpreter; return the exit status: 0, 1 when the build
    failed or a ``stories.py`` is broken (the rest of the site is written then) or, with ``--strict``, an
    assertion failed; 130 when cancelled. The summary ends with ``assertions: P passed, F failed``.
    """
    from storydesk.build.pipeline import build
    from storydesk.catalog.errors import BuildCancelled

    def cancel(signum: int, frame: object) -> None:
        raise BuildCancelled

    # Ctrl+C stops the build; a KeyboardInterrupt a story raises is that story's error card (issue 10)
    previous = signal.signal(signal.SIGINT, cancel)
    try:
        result = build(args.path, args.out)
    except BuildCancelled:
        print("storydesk: build cancelled", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)
    if not result.ok:
        err = result.error or {}
        where = (
            f"{err.get('file')}:{err.get('line')}: "
            if err.get("line")
            else (f"{err['file']}: " if err.get("file") else "")
        )
        print(f"storydesk: build failed: {where}{err.get('message')}", file=sys.stderr)
        if err.get("details"):
            log.debug("%s", err["details"])
        return 1
    for broken in result.broken:  # the site was written without these folders: a failed build for scripts
        where = f"{broken['file']}:{broken['line']}" if broken.get("line") else broken["file"]
        print(f"storydesk: build failed: {where}: {broken['message']}", file=sys.stderr)
        log.debug("%s", broken.get("details", ""))
    if result.broken:
        return 1
    failed = result.failed_stories
    shown = ", ".join(s["path"] for s in failed[:FAILED_SHOWN]) + (
        f" and {len(failed) - FAILED_SHOWN} more" if len(failed) > FAILED_SHOWN else ""
    )
    inc = result.incremental
    reused = f" ({inc['rendered']} rendered, {inc['reused']} kept from the last build)" if inc.get("reused") else ""
    print(
        f"built {result.story_count} stories of {result.title!r} into {args.out} in {result.total_ms:.0f} ms"
        + reused
        + (f"; {len(failed)} failed to render: {shown}" if failed else "")
    )
    passed, failing = result.assertion_counts
    for story in result.stories:
        for check in story.get("assertions") or ():
            if not check.get("passed"):
                where = f"{check['file']}:{check['line']}: " if check.get("line") else ""
                print(f"  failed: {story['path']} {check['name']}: {where}{check['message']}")
    from storydesk.catalog.assertions import assertions_enabled

    print(f"assertions: {passed} passed, {failing} failed" if assertions_enabled() else "assertions: not run")
    status = 1 if failing and args.strict else 0
    if result.leaked:  # a story's thread would keep this process from ever exiting
        print(f"storydesk: stopping the threads left running by {', '.join(result.leaked)}", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    return status


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit status (0, 1 for a failed build, 2 for usage errors)."""
    argv = sys.argv[1:] if argv is None else argv
    command, before, rest = _subcommand(argv)
    if command in SUBCOMMANDS:
        parser = {"build": build_parser, "new": new_parser, "snapshot": snapshot_parser}[str(command)]()
        common = argparse.ArgumentParser(add_help=False)
        _common(common)
        early, unknown = common.parse_known_args(before)
        if unknown:
            parser.error(f"{' '.join(unknown)}: not an option of 'storydesk {command}'")
        args = parser.parse_args(rest, namespace=early)
        setup_logging(args.log_level)
        use_assertions(args.with_assertions)
        use_incremental(args.incremental)
        if command == "new":
            from storydesk.scaffold import run_new

            return run_new(args.dir)
        if command == "snapshot":
            from storydesk.build.snapshots import run_snapshot

            return run_snapshot(args.path, args.folder, check=args.check)
        return run_build(args)
    args = app_parser().parse_args(argv)
    setup_logging(args.log_level)
    use_assertions(args.with_assertions)
    path = (args.path or demo_catalog()).resolve()
    if not path.is_dir():
        print(f"storydesk: {path}: no such catalog folder", file=sys.stderr)
        return 2
    from storydesk.launch import launch

    return launch(path, args)
