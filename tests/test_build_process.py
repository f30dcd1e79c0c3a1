"""The build process on its own (issue 10): the app's process never imports user code, and the memory limit
turns a huge allocation into the story's MemoryError card."""

from __future__ import annotations

import sys

from conftest import write

from storydesk.build.client import BuildProcess

ROOT = """
from storydesk import Catalog

def catalog() -> Catalog:
    return Catalog(title="BP")
"""
HUNGRY = """
from storydesk import Story, Subject

def hungry():
    return str(len(bytearray(6 * 1024**3)))  # 6 GB: lazily zeroed pages, so without a limit it just works

def subject() -> Subject:
    return Subject(title="Hungry", items=[Story(title="Big", template=hungry),
                                         Story(title="Small", template=lambda: "<p>small</p>")])
"""


def test_user_code_never_runs_here_and_the_memory_limit_is_a_card(tmp_path):
    root = tmp_path / "bpcat"
    write(root / "stories.py", ROOT)
    write(root / "hungry" / "stories.py", HUNGRY)
    process = BuildProcess(memory_limit=4 * 1024**3, stderr_path=tmp_path / "build.log")
    try:
        result = process.build(root, tmp_path / "site")
    finally:
        process.close()
    assert result.ok, result.error
    cards = {s["path"]: s["error"] for s in result.stories if s["error"]}
    assert list(cards) == ["hungry/big"] and cards["hungry/big"]["message"].startswith("MemoryError")
    assert "<p>small</p>" in (tmp_path / "site" / "hungry" / "small.html").read_text()
    assert not [name for name in sys.modules if name.startswith("bpcat")], "the catalog was imported here"
    assert not process.progress_path.exists(), "the shared progress file is removed on close"


APP = r"""
import sys
from storydesk.build.client import BuildProcess
b = BuildProcess()
b.wait_ready(60)
print(b.proc.pid, flush=True)
b.build(sys.argv[1], sys.argv[2], timeout_s=None)
"""


def test_a_spinning_build_process_ends_when_the_app_is_killed(tmp_path):
    """The build process runs in its own session (a terminal's Ctrl+C is the app's): it must not outlive an
    app that was killed while a story spun."""
    import subprocess
    import time

    root = tmp_path / "spincat"
    write(root / "stories.py", ROOT)
    write(
        root / "s" / "stories.py",
        "from storydesk import Story, Subject\n\ndef spin():\n    while True:\n        pass\n\n"
        "def subject() -> Subject:\n    return Subject(title='S', items=[Story(title='Spin', template=spin)])\n",
    )
    app = subprocess.Popen(
        [sys.executable, "-c", APP, str(root), str(tmp_path / "site")], stdout=subprocess.PIPE, text=True
    )
    child = int(app.stdout.readline())
    time.sleep(1.0)  # the story spins
    app.kill()
    app.wait()
    end = time.monotonic() + 5
    while time.monotonic() < end and _alive(child):
        time.sleep(0.1)
    assert not _alive(child), "the build process outlived the app"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return "zombie" not in status.read()
    except OSError:
        return False
