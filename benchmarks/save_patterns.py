"""How editors save, as the catalog watcher sees it (issue 13): for each save pattern, the events one save gives
and their spread in ms (first to last), over 20 saves. ``python benchmarks/save_patterns.py`` (needs vim).

The quiet period of the build debounce (:data:`storydesk.build.debounce.QUIET_S`) is chosen from these figures.
VS Code and JetBrains IDEs are not installed here: their documented writes are reproduced (VS Code's
``fs.writeFile`` in place, ``files.atomicSave`` being off by default; JetBrains' "safe write").
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from storydesk.build.watcher import CatalogWatcher

SAVES = 20


def main() -> None:
    """Print one row per save pattern."""
    root = Path(tempfile.mkdtemp(prefix="save-patterns-")) / "cat"
    (root / "sub").mkdir(parents=True)
    target = root / "sub" / "stories.py"
    target.write_text("x = 0\n")
    others = [root / "sub" / f"m{i}.py" for i in range(5)]
    for other in others:
        other.write_text("y = 0\n")
    events: list[float] = []
    lock = threading.Lock()

    def on_change(path: str) -> None:
        with lock:
            events.append(time.monotonic())

    def vim(option: str) -> Callable[[int], None]:
        def save(i: int) -> None:
            edit = ["-c", f"set {option}", "-c", f"%s/.*/x = {i}/", "-c", "wq"]
            subprocess.run(["vim", "-Nu", "NONE", "-n", "-es", *edit, str(target)], check=True)

        return save

    def vscode(i: int) -> None:  # open with O_TRUNC, write, close
        with open(target, "w") as f:
            f.write(f"x = {i}\n")

    def jetbrains(i: int) -> None:  # temp beside it, original to ___jb_old___, temp renamed over, old deleted
        tmp = target.with_name(target.name + "___jb_tmp___")
        old = target.with_name(target.name + "___jb_old___")
        tmp.write_text(f"x = {i}\n")
        os.replace(target, old)
        os.replace(tmp, target)
        old.unlink()

    def atomic(i: int) -> None:  # write a temporary file, rename it over the file
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=".stories.", suffix=".tmp")
        os.write(fd, f"x = {i}\n".encode())
        os.close(fd)
        os.replace(name, target)

    def save_all(i: int) -> None:  # an editor's Save All: five files written one after another
        for other in others:
            other.write_text(f"y = {i}\n")

    patterns: dict[str, Callable[[int], None]] = {
        "vim (writebackup, backupcopy=auto)": vim("backupcopy=auto"),
        "vim backupcopy=yes": vim("backupcopy=yes"),
        "vim backupcopy=no": vim("backupcopy=no"),
        "VS Code (writeFile in place)": vscode,
        "JetBrains safe write": jetbrains,
        "write temp + rename": atomic,
        "Save All of 5 files": save_all,
    }
    watcher = CatalogWatcher(root, on_change)
    watcher.start()
    time.sleep(0.5)
    print(f"{'save pattern':<38} {'events/save':>11} {'spread median':>14} {'spread max':>11}  (ms, {SAVES} saves)")
    try:
        for name, save in patterns.items():
            spreads, counts = [], []
            for i in range(SAVES):
                with lock:
                    events.clear()
                save(i)
                time.sleep(0.3)
                with lock:
                    got = list(events)
                counts.append(len(got))
                spreads.append((max(got) - min(got)) * 1000 if got else float("nan"))
            median_spread, max_spread = statistics.median(spreads), max(spreads)
            print(f"{name:<38} {statistics.median(counts):>11.0f} {median_spread:>14.1f} {max_spread:>11.1f}")
    finally:
        watcher.stop()
        shutil.rmtree(root.parent)


if __name__ == "__main__":
    main()
