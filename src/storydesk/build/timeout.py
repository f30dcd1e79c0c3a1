"""Running a build with a deadline.

Python cannot interrupt code running in another thread, nor in a subinterpreter, so a story that never
returns cannot be stopped. Instead the build runs on a daemon thread and the caller waits at most
``timeout_s``: on time-out the build is abandoned (its thread, and its interpreter if it has one, are left
to finish or to run until the process exits) and a failed result names the story being rendered, taken from
the build's progress reports. The next build starts afresh (in a new interpreter, for pool builds).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from storydesk.build.result import BuildResult

log = logging.getLogger("storydesk.build")

#: Default build deadline in seconds.
DEFAULT_TIMEOUT_S = 30.0


def run_with_deadline(
    call: Callable[[], BuildResult], timeout_s: float | None, current_story: Callable[[], str | None]
) -> tuple[BuildResult, bool]:
    """Run ``call()`` on a daemon thread and wait at most ``timeout_s`` (s; ``None`` waits for ever).

    Args:
        call: runs the build and returns its result; exceptions become a failed result.
        timeout_s: the deadline.
        current_story: returns the path of the story last reported as rendering (or ``None``).

    Returns:
        ``(result, timed_out)``; on time-out the result is a failure naming the story.
    """
    box: dict[str, BuildResult] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except Exception as exc:  # noqa: BLE001 - reported as a failed build
            box["result"] = BuildResult.failure(f"the build failed: {type(exc).__name__}: {exc}")

    runner = threading.Thread(target=run, name="storydesk-build-run", daemon=True)
    runner.start()
    runner.join(timeout_s)
    if not runner.is_alive():
        return box["result"], False
    story = current_story()
    where = f" while rendering story {story!r}" if story else ""
    log.error("build timed out after %.1f s%s; it is abandoned and the next build starts fresh", timeout_s, where)
    return BuildResult.failure(
        f"the build timed out after {timeout_s:g} s{where} (does a story never return?)", file=story or ""
    ), True
