"""Shared fixtures: temporary catalogs, and a real X display.

The display: the one DISPLAY names when it is set; otherwise pytest-xvfb starts one Xvfb for the session
(pyproject: ``--xvfb-backend xvfb``, so a missing Xvfb is an error, never a test run without a display).
"""

from __future__ import annotations

import os
import shutil
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


def pytest_xvfb_disable(config: pytest.Config) -> bool:
    """pytest-xvfb's hook: keep the user's display when DISPLAY is set (a desktop session, or xvfb-run)."""
    return bool(os.environ.get("DISPLAY"))


@pytest.fixture(scope="session")
def display(xvfb) -> str:
    """The X display the GUI tests use (``":N"``): the user's, or pytest-xvfb's.

    Fails the test (never skips it) when there is none, e.g. under ``--no-xvfb`` without DISPLAY.
    """
    name = os.environ.get("DISPLAY", "")
    if not name.lstrip(":"):
        pytest.fail("no X display: DISPLAY is unset and pytest-xvfb started no Xvfb (was --no-xvfb given?)")
    return name
