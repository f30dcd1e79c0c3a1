"""The storydesk command line: build, version, errors, and the no-display message."""

from __future__ import annotations

import os
import subprocess
import sys

from storydesk import __version__


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "storydesk", *args], capture_output=True, text=True, timeout=60, env=env
    )


def test_build_command(demo_copy, tmp_path):
    out = tmp_path / "out"
    proc = run("build", str(demo_copy), str(out))
    assert proc.returncode == 0, proc.stderr
    assert "built 37 stories" in proc.stdout
    assert (out / "actions" / "button" / "primary.html").is_file()


def test_build_failure_is_one_clear_line(demo_copy, tmp_path):
    (demo_copy / "layout" / "stories.py").write_text("import nonexistent_module_xyz\n")
    proc = run("build", str(demo_copy), str(tmp_path / "out"))
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if line.startswith("storydesk:")]
    assert len(lines) == 1
    assert "layout/stories.py:1" in lines[0] and "nonexistent_module_xyz" in lines[0]


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"storydesk {__version__}"


def test_missing_catalog_folder(tmp_path):
    proc = run(str(tmp_path / "nope"))
    assert proc.returncode == 2 and "no such catalog folder" in proc.stderr


def test_no_display_exits_with_a_message(demo_copy):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = run(str(demo_copy), env=env)
    assert proc.returncode == 2
    assert "no display available" in proc.stderr


def test_log_level(demo_copy, tmp_path):
    bad = run("build", str(demo_copy), str(tmp_path / "o"), "--log-level", "LOUD")
    assert bad.returncode == 2 and "invalid choice: 'LOUD'" in bad.stderr
    quiet = run("build", str(demo_copy), str(tmp_path / "o"), "--log-level", "error")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_options_before_the_subcommand(demo_copy, tmp_path):
    """Issue 9: `storydesk --log-level DEBUG build A B` failed with "unrecognized arguments"."""
    proc = run("--log-level", "ERROR", "build", str(demo_copy), str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    assert "built 37 stories" in proc.stdout
    (demo_copy / "layout" / "stories.py").write_text("import nonexistent_module_xyz\n")
    debug = run("--log-level", "DEBUG", "build", str(demo_copy), str(tmp_path / "o"))
    assert debug.returncode == 1 and "DEBUG" in debug.stderr and "Traceback" in debug.stderr, debug.stderr
    info = run("build", str(demo_copy), str(tmp_path / "o"))
    assert info.returncode == 1 and "Traceback" not in info.stderr, "the level given before build was applied"
    wrong = run("--no-pane", "build", str(demo_copy), str(tmp_path / "o"))
    assert wrong.returncode == 2 and "--no-pane: not an option of 'storydesk build'" in wrong.stderr


def test_app_options_parse_both_ways_with_one_timeout_default():
    from storydesk.build.timeout import DEFAULT_TIMEOUT_S
    from storydesk.cli import app_parser

    parser = app_parser()
    assert parser.parse_args([]).use_subinterpreters is None  # the saved setting decides
    assert parser.parse_args(["--use-subinterpreters"]).use_subinterpreters is True
    assert parser.parse_args(["--no-use-subinterpreters"]).use_subinterpreters is False
    assert parser.parse_args([]).build_timeout == DEFAULT_TIMEOUT_S
    assert parser.parse_args(["--story", "build"]).story == "build"  # an option's value is no subcommand


def test_build_turns_a_story_s_system_exit_into_its_error_card(demo_copy, tmp_path):
    """Issue 10: `storydesk build` exited 3 printing nothing when a story called sys.exit(3)."""
    stories = demo_copy / "actions" / "badge" / "stories.py"
    stories.write_text(stories.read_text() + "\nimport sys\n\n\ndef _quit(**props):\n    sys.exit(3)\n")
    text = stories.read_text()
    assert "target=Badge" in text
    stories.write_text(text.replace("target=Badge", "target=_quit"))
    out = tmp_path / "out"
    proc = run("build", str(demo_copy), str(out))
    assert proc.returncode == 0, proc.stderr
    assert "4 failed to render: actions/badge/" in proc.stdout
    assert "SystemExit: 3" in (out / "actions" / "badge" / "success.html").read_text()
    assert (out / "actions" / "button" / "primary.html").is_file()


def test_ctrl_c_still_cancels_a_build(tmp_path):
    """A story's KeyboardInterrupt is its card, but a real Ctrl+C (SIGINT) stops `storydesk build`."""
    import signal
    import time

    root = tmp_path / "slowcat"
    (root / "s").mkdir(parents=True)
    (root / "stories.py").write_text(
        "from storydesk import Catalog\n\ndef catalog() -> Catalog:\n    return Catalog(title='Slow')\n"
    )
    (root / "s" / "stories.py").write_text(
        "import time\nfrom storydesk import Story, Subject\n\ndef nap():\n    time.sleep(30)\n\n"
        "def subject() -> Subject:\n    return Subject(title='S', items=[Story(title='Nap', template=nap)])\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "storydesk", "build", str(root), str(tmp_path / "out")],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2)  # well into the sleeping story
    proc.send_signal(signal.SIGINT)
    assert proc.wait(10) == 130
    assert "build cancelled" in proc.stderr.read()
    assert not (tmp_path / "out").exists()
