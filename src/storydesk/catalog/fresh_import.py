"""Imports of a user's catalog that never use cached bytecode.

CPython validates a ``.pyc`` by the source's mtime (whole seconds) and size, so an edit saved within the same
second with the same size would run the old code. Every module whose file lies under the catalog root is
therefore compiled from its source on each import, and no ``.pyc`` is written for it. Modules outside the
catalog (the standard library, tdom) keep their normal cached imports.

A standby interpreter may compile the catalog ahead of a build (:func:`compile_ahead`); an import then uses the
code compiled ahead only if the file's bytes are still exactly those it was compiled from, so it is never
stale either: a file saved since the standby warmed is compiled again from its new source.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING

from storydesk.catalog import depends

if TYPE_CHECKING:
    from storydesk.catalog.packages import PackageLayout

#: ``{source path: (source bytes, code)}`` compiled ahead by :func:`compile_ahead`; each entry is used once.
_ahead: dict[str, tuple[bytes, CodeType]] = {}


def compile_ahead(paths: Iterable[str]) -> int:
    """Compile the source files ``paths`` ahead of a build (in a standby interpreter).

    Replaces whatever was compiled ahead before; returns how many compiled. Files that fail to compile are
    left for the import to report. (:func:`storydesk.catalog.discovery.precompile` passes a catalog's files.)
    """
    _ahead.clear()
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
            _ahead[path] = (data, compile(data, path, "exec", dont_inherit=True, optimize=-1))
        except OSError, SyntaxError, ValueError:
            continue
    return len(_ahead)


class FreshSourceLoader(importlib.machinery.SourceFileLoader):
    """A ``SourceFileLoader`` that always compiles from the current source, never from a ``.pyc`` (and never
    writes one), using the code :func:`compile_ahead` made only when the source bytes are unchanged.
    """

    def get_code(self, fullname: str) -> CodeType:  # noqa: D102 - importlib's InspectLoader protocol
        path = self.get_filename(fullname)
        data = self.get_data(path)
        tracker = depends.current()
        if tracker is not None:  # an incremental build records what each module's code was (issue 13)
            tracker.source_compiled(path, data, fullname)
        ahead = _ahead.pop(path, None)
        if ahead is not None and ahead[0] == data:
            return ahead[1]
        return self.source_to_code(data, path)

    def path_stats(self, path: str) -> dict[str, float]:
        """Refuse: without stats, importlib never reads nor writes a ``.pyc`` for catalog modules.

        Raises:
            OSError: always.
        """
        raise OSError("storydesk: catalog modules are always compiled from source")


class FreshFinder(importlib.abc.MetaPathFinder):
    """A meta path finder that gives modules under ``root`` a :class:`FreshSourceLoader`.

    Args:
        root: the catalog folder (``Path``); only source files below it are affected.
    """

    def __init__(self, root: Path) -> None:
        self.root = str(root.resolve())
        self._prefix = self.root + os.sep

    def find_spec(self, fullname, path=None, target=None):  # noqa: D102 - the MetaPathFinder protocol
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if (
            spec is not None
            and spec.origin
            and spec.origin.endswith(".py")
            and spec.origin.startswith(self._prefix)
            and isinstance(spec.loader, importlib.machinery.SourceFileLoader)
        ):
            spec.loader = FreshSourceLoader(fullname, spec.origin)
        return spec


def install(layout: PackageLayout) -> None:
    """Prepare importing the catalog package of ``layout`` afresh (:mod:`storydesk.catalog.packages`).

    Puts ``layout.search_paths`` first on ``sys.path``, a :class:`FreshFinder` for each of
    ``layout.fresh_roots`` first on ``sys.meta_path`` (once per folder), and drops every imported module that
    came from those folders (an earlier discovery, or another catalog with the same package name), so each
    is imported from its current source.
    """
    for folder in reversed(layout.search_paths):
        entry = str(folder)
        if entry in sys.path:
            sys.path.remove(entry)
        sys.path.insert(0, entry)
    roots = tuple(str(folder) + os.sep for folder in layout.fresh_roots)
    top = layout.package.partition(".")[0]
    for name, module in list(sys.modules.items()):
        first = name.partition(".")[0]
        if first == "storydesk":
            continue  # storydesk itself (the bundled demo is its own top package, storydesk_demo)
        if first == top or (getattr(module, "__file__", None) or "").startswith(roots):
            del sys.modules[name]
    for folder in layout.fresh_roots:
        if not any(isinstance(f, FreshFinder) and f.root == str(folder) for f in sys.meta_path):
            sys.meta_path.insert(0, FreshFinder(folder))
    importlib.invalidate_caches()
