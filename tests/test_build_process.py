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
