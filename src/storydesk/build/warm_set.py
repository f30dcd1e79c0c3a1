"""Which modules a standby interpreter may import before a build: the library code a build needs, never the user's.

A build in a fresh subinterpreter imports the catalog (which must be fresh) and, lazily, library modules the
warm-up did not import (``importlib.metadata`` via ``importlib.invalidate_caches``, parts of the standard
library a component uses...). Each build reports the library modules it imported (:func:`library_modules`); the
pool imports them into the next standby (issue 4: "learn the set from the previous build"), so a build only
imports the user's own modules.

A module counts as library code when it is built in or frozen, or its file lies in the standard library or in
site-packages, or it is part of storydesk itself. Anything else (the catalog, a helper package next to it, an
editable install of the user's own library) is user code and is imported afresh by every build.
"""

from __future__ import annotations

import functools
import os
import sys


@functools.cache
def library_dirs() -> tuple[str, ...]:
    """Return the folders (with a trailing ``/``) whose modules are library code (cached): the standard library
    (the folder of ``os.py``) and the site-packages folders (``site.getsitepackages``); in a PyInstaller
    bundle, the bundle's own folder (``sys._MEIPASS``), whose ``os`` is frozen. Not ``sysconfig``: in the
    bundle its data module is missing. Never raises: an unknown layout gives fewer folders, so fewer
    modules are warmed ahead.
    """
    dirs: set[str] = set()
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.add(bundle)
    if getattr(os, "__file__", None):
        dirs.add(os.path.dirname(os.__file__))
    try:
        import site

        dirs.update(site.getsitepackages())
    except ImportError, AttributeError:  # no site module (python -S, some bundles)
        pass
    return tuple(sorted(os.path.join(d, "") for d in dirs if d))


def is_library(name: str, origin: str | None, dirs: tuple[str, ...]) -> bool:
    """Return whether module ``name`` with file ``origin`` (``None``, ``"built-in"``, ``"frozen"`` or a path) is
    library code that a standby may import ahead of a build (see the module docstring).
    """
    if name == "storydesk" or name.startswith("storydesk."):
        return True
    if origin in ("built-in", "frozen"):
        return True
    # None: a namespace package or a module made at run time; its submodules with files are judged alone
    return origin is not None and origin.startswith(dirs)


def library_modules(names: set[str] | list[str]) -> list[str]:
    """Return, sorted, those of the imported module ``names`` that are library code (see :func:`is_library`).

    Args:
        names: names present in ``sys.modules`` (others are skipped).
    """
    dirs = library_dirs()
    found = []
    for name in names:
        module = sys.modules.get(name)
        if module is None:
            continue
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None) if spec is not None else getattr(module, "__file__", None)
        if is_library(name, origin, dirs):
            found.append(name)
    return sorted(found)
