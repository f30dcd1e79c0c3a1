"""Replacing a site folder in one step, so a failed or partial build never replaces the last good site.

On Linux the staged folder and the live one are exchanged with ``renameat2(RENAME_EXCHANGE)``, a single atomic
step: a reader (the preview pane) never sees the folder missing. Elsewhere, or where the call is refused, the
live folder is renamed aside and the staged one renamed in (two renames, a window of microseconds).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except ImportError, OSError, AttributeError:
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def swap_in(staged: Path, live: Path) -> None:
    """Make the folder ``staged`` the folder ``live`` and delete the previous ``live`` folder.

    Args:
        staged: a complete site folder on the same file system as ``live``.
        live: the folder the pane and users read; created if it does not exist.

    Raises:
        OSError: the renames failed (``live`` is then left as it was).
    """
    if live.exists() and _exchange(staged, live):
        shutil.rmtree(staged, ignore_errors=True)
        return
    old = live.with_name(f".{live.name}.old-{os.getpid()}")
    if live.exists():
        os.replace(live, old)
    try:
        os.replace(staged, live)
    except OSError:
        if old.exists():
            os.replace(old, live)
        raise
    shutil.rmtree(old, ignore_errors=True)
