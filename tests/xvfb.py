"""Starting a private Xvfb display (used by the test fixtures and the benchmarks)."""

from __future__ import annotations

import os
import shutil
import subprocess


def start_xvfb(size: str = "1400x900x24") -> tuple[subprocess.Popen, str]:
    """Start Xvfb on a free display number; return ``(process, ":N")``.

    Raises:
        RuntimeError: Xvfb is not installed (``make`` installs it).
    """
    if not shutil.which("Xvfb"):
        raise RuntimeError("Xvfb is not installed (make test installs it)")
    read, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read) as f:
        number = f.readline().strip()
    return proc, f":{number}"
