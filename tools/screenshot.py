"""Take the README's screenshots: the real app on the demo catalog with the pane, under Xvfb when there is no
display. ``make screenshot`` (or ``python tools/screenshot.py [OUT_DIR]``; default docs/): ``screenshot.png``
(a story and its props) and ``screenshot-docs.png`` (the preview toolbar set to a custom viewport, and a
subject's docs page in it; issue 14)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from gui_driver import RunningApp  # noqa: E402
from pyvirtualdisplay.display import Display  # noqa: E402

from storydesk.paths import demo_catalog  # noqa: E402


def grab(window_id: str, out: Path) -> None:
    """Save the X window ``window_id`` (children included) as PNG, with Qt in a child process."""
    code = (
        "import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication(sys.argv); "
        "img = app.primaryScreen().grabWindow(int(sys.argv[1])); sys.exit(0 if img.save(sys.argv[2]) else 1)"
    )
    subprocess.run([sys.executable, "-c", code, window_id, str(out)], check=True, timeout=60)


def story_shot(tmp: Path, out: Path) -> None:
    """The app on a story with its props: ``out``."""
    catalog = tmp / "storydesk_demo"
    shutil.copytree(demo_catalog(), catalog)
    app = RunningApp(catalog, tmp, "--story", "layout/card/with-action")
    try:
        app.wait(lambda s: s.get("pane_ready") and "Invite your team" in s.get("pane_text", ""), 90, "the app")
        time.sleep(1.5)  # let the pane paint
        grab(app.window_id(), out)
    finally:
        app.stop()


def docs_shot(tmp: Path, out: Path) -> None:
    """The Button's docs page in a custom viewport, the toolbar above it: ``out``."""
    catalog = tmp / "storydesk_demo"
    shutil.copytree(demo_catalog(), catalog)
    settings = tmp / "xdg" / "config" / "storydesk" / "settings.json"
    settings.parent.mkdir(parents=True)
    preview = {"viewport": "custom", "width": 820, "height": 700, "zoom": 90}
    settings.write_text(json.dumps({"preview": {str(catalog.resolve()): preview}}))
    app = RunningApp(catalog, tmp, "--story", "actions/button/primary")
    try:
        app.wait(lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""), 90, "the app")
        app.click_widget("sd:node:actions/button")
        app.wait(lambda s: "Variants" in s.get("pane_text", ""), 30, "the docs page")
        time.sleep(1.5)
        grab(app.window_id(), out)
    finally:
        app.stop()


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    xvfb = None
    if not os.environ.get("DISPLAY"):
        xvfb = Display(backend="xvfb", size=(1400, 900), color_depth=24).start()  # sets DISPLAY
    try:
        for name, shot in (("screenshot.png", story_shot), ("screenshot-docs.png", docs_shot)):
            with tempfile.TemporaryDirectory() as tmp:
                shot(Path(tmp), folder / name)
            print(f"wrote {folder / name}")
    finally:
        if xvfb:
            xvfb.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
