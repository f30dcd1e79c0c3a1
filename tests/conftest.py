"""Shared fixtures: temporary catalogs, and a real X display (Xvfb is started when DISPLAY is unset)."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from storydesk.paths import demo_catalog
from xvfb import start_xvfb


def write(path: Path, text: str) -> Path:
    """Write dedented ``text`` to ``path`` (parents created) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled demo catalog (safe to edit)."""
    target = tmp_path / "storydesk_demo"
    shutil.copytree(demo_catalog(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture
def make_catalog(tmp_path: Path):
    """Return ``make(files: dict[str, str], name="cat") -> Path`` writing a catalog package under tmp_path."""

    def make(files: dict[str, str], name: str = "cat") -> Path:
        root = tmp_path / name
        for rel, text in files.items():
            write(root / rel, text)
        return root

    return make


@pytest.fixture(scope="session")
def display():
    """A usable X display: the current DISPLAY, or a fresh Xvfb for the session (DISPLAY set meanwhile)."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    try:
        proc, name = start_xvfb()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    os.environ["DISPLAY"] = name
    try:
        yield os.environ["DISPLAY"]
    finally:
        del os.environ["DISPLAY"]
        proc.terminate()
        proc.wait(5)
