"""The build process: ``python -m storydesk.build.service --progress FILE [--no-use-subinterpreters]``.

The app never imports user code: it starts this process, which owns the builder (the subinterpreter pool, or
its own main interpreter), and sends it build requests as frames on stdin (:mod:`storydesk.build.frames`);
each result comes back as a frame on the real stdout. Whatever the user's code does to this process (exit,
crash, hang, exhaust memory) the app survives it and starts another (:mod:`storydesk.build.client`).

- The stories being rendered are written into ``FILE`` (shared memory, 1,024 bytes per interpreter), so the
  app can name the culprit even when this process dies.
- File descriptor 1 is pointed at stderr once the protocol has its own copy: output from C code cannot
  corrupt the frames (Python-level output is captured per story anyway, :mod:`storydesk.catalog.output`).
- The address space is limited (``--memory-limit``, default half the machine's memory): a story allocating
  30 GB gets a ``MemoryError`` card instead of making the machine swap.
"""

from __future__ import annotations

import argparse
import logging
import mmap
import os
import resource
import sys
import threading
import time

from storydesk.build import frames
from storydesk.build.frames import PROGRESS_BYTES
from storydesk.build.inprocess import InProcessBuilder

log = logging.getLogger("storydesk.build")


def default_memory_limit() -> int:
    """Half the machine's physical memory, in bytes (0 when it cannot be read: no limit)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except ValueError, OSError, AttributeError:
        return 0


def _end_with_the_app(poll_s: float = 1.0) -> None:
    """End this process when the app that started it is gone (reparented: its parent pid changed), checked
    every ``poll_s`` s on a daemon thread. Closing stdin ends an idle process; this ends one whose build runs
    user code that never returns, after the app was killed.
    """
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll_s)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="storydesk-build-orphan-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    """Serve build requests until stdin closes (or a frame that is not a build request arrives); return the
    exit status.
    """
    parser = argparse.ArgumentParser(prog="storydesk.build.service")
    parser.add_argument("--progress", required=True, help="the shared progress file (PROGRESS_BYTES long)")
    parser.add_argument("--no-use-subinterpreters", dest="subinterpreters", action="store_false")
    parser.add_argument("--memory-limit", type=int, default=default_memory_limit(), help="bytes; 0: none")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr, format="%(asctime)s build: %(message)s")
    _end_with_the_app()
    proto, requests = os.dup(1), os.dup(0)
    os.dup2(2, 1)  # output from C code goes to the log, not into the frames
    null = os.open(os.devnull, os.O_RDONLY)  # a story reading stdin (input()) gets end of file, not requests
    os.dup2(null, 0)
    os.close(null)
    if args.memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (args.memory_limit, args.memory_limit))
    with open(args.progress, "r+b") as file:
        region = memoryview(mmap.mmap(file.fileno(), PROGRESS_BYTES))
    if args.subinterpreters:
        from storydesk.build.pool import InterpreterPool

        builder: InterpreterPool | InProcessBuilder = InterpreterPool(progress_region=region)
    else:
        builder = InProcessBuilder(region[:1024])
    builder.wait_ready(120)
    frames.write(proto, {"event": "ready", "pid": os.getpid()})
    while (request := frames.read(requests)) is not None and request.get("cmd") == "build":
        result = builder.build(
            request["root"],
            request["out"],
            request["timeout_s"],
            request["overrides"],
            request["quarantine"],
            request["story_timeout_s"],
        )
        frames.write(proto, {"event": "result", "result": result.to_bytes()})
    builder.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
