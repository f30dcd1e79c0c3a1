"""Packaging (issue 5): the one-folder bundle and the wheel build and run; the screenshot script works."""

from __future__ import annotations

import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from gui_driver import RunningApp

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def package():
    proc = subprocess.run(
        ["bash", str(ROOT / "tools" / "package.sh")], capture_output=True, text=True, timeout=1200, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return proc.stdout


@pytest.mark.slow
def test_wheel_holds_the_package_assets_and_entry_point(package):
    wheel = next((ROOT / "dist").glob("storydesk-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "storydesk/_assets/site.css" in names and "storydesk/_assets/icons/storydesk.png" in names
    assert "storydesk/demo/storydesk_demo/stories.py" in names
    assert "storydesk/py.typed" in names, "users type-check against the catalog model (issue 9)"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "storydesk = storydesk.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


@pytest.mark.slow
def test_bundle_builds_a_site_and_has_a_desktop_entry(package, tmp_path):
    app = ROOT / "dist" / "storydesk" / "storydesk"
    assert "bundle:" in package
    internal = ROOT / "dist" / "storydesk" / "_internal"
    assert (internal / "PySide6").is_dir() and not list(internal.glob("PyQt*")), "Qt is PySide6 (LGPL) only"
    assert (
        not (internal / "PySide6" / "Qt" / "translations").exists()
        and not (internal / "PySide6" / "Qt" / "qml").exists()
    )
    version = subprocess.run([str(app), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("storydesk ")
    demo = ROOT / "src" / "storydesk" / "demo" / "storydesk_demo"
    built = subprocess.run(
        [str(app), "build", str(demo), "site"], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )  # a relative OUT: the bundle must keep the caller's folder
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "actions" / "button" / "primary.html").is_file()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(ROOT / "dist" / "storydesk" / "storydesk.desktop")
    assert entry["Desktop Entry"]["Exec"].startswith("storydesk") and entry["Desktop Entry"]["Icon"] == "storydesk"
    assert (ROOT / "dist" / "storydesk" / "storydesk.png").is_file()


@pytest.mark.slow
@pytest.mark.gui
def test_bundle_runs_the_app_with_subinterpreter_builds_and_the_pane(package, display, demo_copy, tmp_path):
    app = RunningApp(
        demo_copy,
        tmp_path,
        "--story",
        "actions/badge/success",
        command=[str(ROOT / "dist" / "storydesk" / "storydesk")],
    )
    try:
        state = app.wait(lambda s: s.get("pane_ready") and "Passing" in s.get("pane_text", ""), 120, "the bundle")
        assert state["status"]["state"] == "ok" and state["use_subinterpreters"]
        assert any("build process started" in line for line in state["log"])
        # the pool runs in the bundle's build process (--storydesk-build), which logs to the user log folder
        build_log = (tmp_path / "xdg" / "state" / "storydesk" / "log" / "build.log").read_text()
        assert "standby interpreter 1 warmed" in build_log
    finally:
        app.stop()


@pytest.mark.gui
def test_screenshot_script(display, tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshot.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ("screenshot.png", "screenshot-docs.png"):  # a story, and a docs page under the toolbar
        data = (tmp_path / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (1280, 800)
