"""Shared fixtures: temporary catalogs, and a real X display (Xvfb is started when DISPLAY is unset)."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from storydesk.paths import demo_catalog


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
    if not shutil.which("Xvfb"):
        pytest.fail("Xvfb is not installed (make test installs it)")
    read, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1400x900x24", "-nolisten",
                             "tcp"], pass_fds=(write_fd,), stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read) as f:
        number = f.readline().strip()
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield os.environ["DISPLAY"]
    finally:
        del os.environ["DISPLAY"]
        proc.terminate()
        proc.wait(5)
