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
import time
from collections.abc import Callable

from storydesk.build.result import BuildResult

log = logging.getLogger("storydesk.build")

#: Default build deadline in seconds.
DEFAULT_TIMEOUT_S = 30.0
#: Default deadline of one story in seconds (issue 10): a story still rendering after it is quarantined.
DEFAULT_STORY_TIMEOUT_S = 5.0
#: How often the deadlines are checked, in s.
POLL_S = 0.05


def run_with_deadline(
    call: Callable[[], BuildResult],
    timeout_s: float | None,
    current_stories: Callable[[], list[str]],
    story_timeout_s: float | None = None,
) -> tuple[BuildResult, bool]:
    """Run ``call()`` on a daemon thread and wait until it returns, the build outlives ``timeout_s`` or one
    story outlives ``story_timeout_s`` (both in s; ``None``: no such deadline).

    Args:
        call: runs the build and returns its result; exceptions become a failed result.
        timeout_s: the build's deadline.
        current_stories: returns the paths of the stories being rendered now, one per interpreter of the
            build (``""`` for one that is not rendering); read every 50 ms.
        story_timeout_s: the deadline of each story, counted from when it was first seen rendering.

    Returns:
        ``(result, timed_out)``; on time-out the result is a failure naming the story, with ``stalled`` set
        to ``{"story", "reason"}`` when a story was rendering (the app quarantines it:
        :mod:`storydesk.build.quarantine`).
    """
    box: dict[str, BuildResult] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except Exception as exc:  # noqa: BLE001 - reported as a failed build
            box["result"] = BuildResult.failure(f"the build failed: {type(exc).__name__}: {exc}")

    runner = threading.Thread(target=run, name="storydesk-build-run", daemon=True)
    start = time.monotonic()
    runner.start()
    seen: dict[str, float] = {}  # story -> when it was first seen rendering
    while True:
        runner.join(POLL_S)
        if not runner.is_alive():
            return box["result"], False
        now = time.monotonic()
        rendering = [story for story in current_stories() if story]
        seen = {story: seen.get(story, now) for story in rendering}
        late = [story for story, since in seen.items() if story_timeout_s is not None and now - since > story_timeout_s]
        if late:
            story = late[0]
            reason = f"did not return within {story_timeout_s:g} s"
            message = f"story {story!r} {reason}; the build is abandoned"
            break
        if timeout_s is not None and now - start > timeout_s:
            story = rendering[0] if rendering else ""
            reason = f"was rendering when the build timed out after {timeout_s:g} s"
            where = f" while rendering story {story!r}" if story else ""
            message = f"the build timed out after {timeout_s:g} s{where} (does a story never return?)"
            break
    log.error("%s; it is abandoned and the next build starts fresh", message)
    result = BuildResult.failure(message, file=story)
    result.stalled = {"story": story, "reason": reason} if story else None
    result.timed_out = True
    return result, True
