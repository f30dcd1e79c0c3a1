"""Take the README's screenshot: the real app on the demo catalog with the pane, under Xvfb when there is no
display. ``make screenshot`` (or ``python tools/screenshot.py [OUT.png]``; default docs/screenshot.png)."""

from __future__ import annotations

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


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    xvfb = None
    if not os.environ.get("DISPLAY"):
        xvfb = Display(backend="xvfb", size=(1400, 900), color_depth=24).start()  # sets DISPLAY
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "storydesk_demo"
        shutil.copytree(demo_catalog(), catalog)
        app = RunningApp(catalog, Path(tmp), "--story", "layout/card/with-action")
        try:
            app.wait(lambda s: s.get("pane_ready") and "Invite your team" in s.get("pane_text", ""), 90, "the app")
            time.sleep(1.5)  # let the pane paint
            grab(app.window_id(), out)
        finally:
            app.stop()
            if xvfb:
                xvfb.stop()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
