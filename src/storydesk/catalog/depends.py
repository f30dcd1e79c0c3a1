"""What the user's code in one build depends on: the import edges between the user's modules, the sources it
ran, and the data files and folders it read (issue 13's incremental builds, :mod:`.incremental`).

A :class:`Tracker` is started before discovery and stopped after rendering. While it runs:

* ``builtins.__import__`` and ``importlib.import_module`` are wrapped: every import made by a module of the
  user's (its file is neither in the standard library nor in site-packages nor storydesk's: the catalog, its
  package, a helper folder on ``sys.path``) records an edge from that module to the one it imports
  (``from pkg import mod`` records ``pkg`` and ``pkg.mod``). An import that fails records the name as
  *missing*: should a file of that name appear later, the build that imported nothing may now differ.
* :mod:`.fresh_import` reports every source file it compiles, with the hash of the bytes it compiled; a
  module of the user's from outside the fresh roots is hashed when its import returns.
* an audit hook (``sys.addaudithook``, per interpreter; it cannot be removed, so it does nothing when no
  tracker runs) records the files opened and the folders listed under the fresh roots while the user's code
  runs (:meth:`Tracker.user_code`): data files read at import or render time, which imports cannot explain.

Each record carries a *stamp* (:func:`stamp`): what the next build compares to tell a changed file from an
unchanged one without reading it (see :func:`unchanged`).
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import importlib
import importlib.util
import os
import sys
import time
from typing import Any

#: ``(sha1 of the content or None when the path did not exist, mtime_ns, ctime_ns, size, inode, when recorded
#: ns)``. The ctime too: an editor or a tool can set a file's mtime back (``os.utime``), never its ctime.
type Stamp = tuple[str | None, int, int, int, int, int]

#: A stamp is trusted without reading the file only when the file's mtime is this much older than the build
#: that recorded it (ns): Linux takes file times from a coarse clock (a few ms), so a save racing a build can
#: keep the stamp's mtime. Git calls such entries "racily clean" and re-reads them the same way.
RACY_NS = 2_000_000_000

_current: Tracker | None = None
_hooked = False
#: what ``builtins.__import__`` and ``importlib.import_module`` were when the tracker started (the wrappers call
#: them, and they are put back when it stops)
_original_import = builtins.__import__
_original_import_module = importlib.import_module


def digest(data: bytes) -> str:
    """The sha1 hex digest of ``data`` (content identity, not security)."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def stamp(path: str, data: bytes | None, recorded_ns: int) -> Stamp:
    """The stamp of ``path`` whose content is ``data`` (``None``: read it now; a missing path gives a stamp
    with no digest). ``recorded_ns``: when the recording build started (``time.time_ns()``).
    """
    try:
        st = os.stat(path)
    except OSError:
        return (None, 0, 0, 0, 0, recorded_ns)
    if data is None:
        try:
            data = _listing(path) if os.path.isdir(path) else _read(path)
        except OSError:
            return (None, 0, 0, 0, 0, recorded_ns)
    return (digest(data), st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, recorded_ns)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _listing(path: str) -> bytes:
    return "\n".join(sorted(os.listdir(path))).encode()


def unchanged(path: str, recorded: Stamp) -> bool:
    """Whether ``path`` still has the content ``recorded`` by :func:`stamp`: by its stat alone when that is the
    same and the file was not racily new when recorded (:data:`RACY_NS`), else by reading and hashing it.
    """
    digest_then, mtime, ctime, size, ino, recorded_ns = recorded
    try:
        st = os.stat(path)
    except OSError:
        return digest_then is None
    if digest_then is None:
        return False
    same = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino) == (mtime, ctime, size, ino)
    if same and ctime < recorded_ns - RACY_NS:
        return True
    try:
        data = _listing(path) if os.path.isdir(path) else _read(path)
    except OSError:
        return False
    return digest(data) == digest_then


class Tracker:
    """Records one build's dependencies (see the module docstring).

    Args:
        roots: the fresh roots (folders, ``str``): whatever lies below them is the user's (the bundled demo's
            package too, though it sits inside storydesk's).
        library: folders of library code (``storydesk.build.warm_set.library_dirs``): modules there are not
            the user's, so neither their imports nor their sources are recorded, nor files read there.
        site: the site folder being written (files read there are storydesk's, not the catalog's).

    Attributes:
        edges: ``{importer module: {imported module}}`` (the user's importers only; an import that raised
            is an edge too: fixing the module it failed in must rebuild the importer).
        missing: module names an import of the user's asked for and did not find.
        sources: ``{source file: Stamp}`` of every module of the user's compiled or imported in this build.
        modules: ``{module name: source file}`` of the modules :mod:`.fresh_import` compiled (those that
            failed to run too).
        data: ``{file or folder: Stamp}`` read or listed by the user's code (regular files and folders, not
            in library folders, the site folder, ``/proc``, ``/sys`` or ``/dev``).
        started_ns: ``time.time_ns()`` when the tracker started.
    """

    def __init__(self, roots: tuple[str, ...], library: tuple[str, ...] = (), site: str = "") -> None:
        self.roots = tuple(root.rstrip(os.sep) + os.sep for root in roots)
        ours = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # storydesk's own package
        self.library = (*library, ours)
        self.not_data = (*self.library, *(("/proc/", "/sys/", "/dev/") if os.name == "posix" else ()))
        if site:
            self.not_data += (site.rstrip(os.sep) + os.sep,)
        self.modules: dict[str, str] = {}
        self.edges: dict[str, set[str]] = {}
        self.missing: set[str] = set()
        self.sources: dict[str, Stamp] = {}
        self.data: dict[str, Stamp] = {}
        self.started_ns = time.time_ns()
        self._user = 0
        self._busy = False

    def __enter__(self) -> Tracker:
        global _current
        _install_hooks()
        _current = self
        return self

    def __exit__(self, *exc: object) -> None:
        global _current
        if _current is not self:
            return
        _current = None
        builtins.__import__ = _original_import
        importlib.import_module = _original_import_module

    def user_code(self) -> _UserCode:
        """Record the data files the user's code opens inside this block (importing, calling a factory,
        rendering a story); storydesk's own reads (discovery's walk, static files) are not dependencies.
        """
        return _UserCode(self)

    def source_compiled(self, path: str, data: bytes, name: str = "") -> None:
        """Called by :mod:`.fresh_import` with the bytes of each module source it compiles (module ``name``)."""
        self.sources[path] = stamp(path, data, self.started_ns)
        if name:
            self.modules[name] = path

    def _users(self, file: str | None) -> bool:
        """Whether the module file ``file`` is the user's (below a fresh root, or neither library code nor
        storydesk's).
        """
        if file is None or not os.path.isabs(file):
            return False
        return file.startswith(self.roots) or not file.startswith(self.library)

    def _stamp_module(self, name: str) -> None:
        """Record the source of module ``name`` and its packages, if the user's and not yet recorded (those
        compiled by :mod:`.fresh_import` are recorded as they compile).
        """
        while name:
            file = getattr(sys.modules.get(name), "__file__", None)
            if file is not None and file not in self.sources and self._users(file):
                self._busy, busy = True, self._busy  # reading it here is not the user's code reading a file
                try:
                    self.sources[file] = stamp(file, None, self.started_ns)
                finally:
                    self._busy = busy
            name = name.rpartition(".")[0]

    def _import_from(self, importer_globals: Any, name: str, fromlist: Any, level: int, found: bool) -> None:
        if not self._users(importer_globals.get("__file__")):
            return
        importer = importer_globals.get("__name__") or ""
        if level:
            package = importer_globals.get("__package__") or importer.rpartition(".")[0]
            try:
                name = importlib.util.resolve_name("." * level + name, package)
            except ImportError, ValueError:
                return
        targets = self.edges.setdefault(importer, set())
        targets.add(name)
        if not found:
            if name not in self.modules:  # not found at all (a module that raised is no missing one)
                self.missing.add(name)
            return
        self._stamp_module(name)
        module = sys.modules.get(name)
        items = list(fromlist or ())
        if "*" in items:  # the submodules a star import brings in through __all__
            items = [i for i in items if i != "*"] + list(getattr(module, "__all__", ()))
        for item in items:
            if not isinstance(item, str):
                continue
            child = f"{name}.{item}"
            if child in sys.modules:
                targets.add(child)
                self._stamp_module(child)
            elif module is not None and not hasattr(module, item):
                self.missing.add(child)

    def _audit(self, event: str, args: tuple) -> None:
        if not self._user or self._busy:
            return
        caller = sys._getframe(2)  # the Python code that opened or listed (above this and the hook)
        if caller.f_code.co_filename.startswith("<frozen importlib"):
            return  # the import system listing a package's folder: imports are tracked as edges instead
        target = args[0] if args else None
        if isinstance(target, bytes):
            target = os.fsdecode(target)
        if not isinstance(target, str) or target.endswith(".pyc"):
            return
        path = os.path.abspath(target) if event == "open" else os.path.abspath(target or ".")
        if path in self.data or path in self.sources or path.startswith(self.not_data):
            return
        self._busy = True
        try:
            if os.path.isfile(path) or os.path.isdir(path) or not os.path.exists(path):  # not a pipe or a device
                self.data[path] = stamp(path, None, self.started_ns)
        finally:
            self._busy = False


class _UserCode:
    """The block of :meth:`Tracker.user_code` (a class, not a generator: it wraps every story, three times)."""

    __slots__ = ("tracker",)

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def __enter__(self) -> None:
        self.tracker._user += 1

    def __exit__(self, *exc: object) -> None:
        self.tracker._user -= 1


def current() -> Tracker | None:
    """The tracker of the build under way in this interpreter, or ``None``."""
    return _current


def user_code() -> contextlib.AbstractContextManager[None]:
    """:meth:`Tracker.user_code` of the tracker under way, or a block that records nothing."""
    return _UserCode(_current) if _current is not None else _NOTHING


_NOTHING = contextlib.nullcontext()


def _tracking_import(name, globals=None, locals=None, fromlist=(), level=0):  # noqa: A002 - __import__'s own
    tracker = _current
    try:
        module = _original_import(name, globals, locals, fromlist, level)
    except BaseException:  # a module that fails to import (a SyntaxError in it, say) is a dependency too
        if tracker is not None and globals:
            tracker._import_from(globals, name, (), level, found=False)
        raise
    if tracker is not None and globals:
        tracker._import_from(globals, name, fromlist, level, found=True)
    return module


def _tracking_import_module(name: str, package: str | None = None):
    tracker = _current
    caller = sys._getframe(1).f_globals
    try:
        module = _original_import_module(name, package)
    except BaseException:
        if tracker is not None:
            _note_import_module(tracker, caller, name, package, found=False)
        raise
    if tracker is not None:
        _note_import_module(tracker, caller, name, package, found=True)
    return module


def _note_import_module(tracker: Tracker, caller: Any, name: str, package: str | None, found: bool) -> None:
    try:
        absolute = importlib.util.resolve_name(name, package) if name.startswith(".") else name
    except ImportError, ValueError, TypeError:  # import_module itself said what was wrong with the name
        return
    tracker._import_from(caller, absolute, (), 0, found)


def _audit_hook(event: str, args: tuple) -> None:
    tracker = _current
    if tracker is not None and event in _EVENTS:
        tracker._audit(event, args)


_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})


def _install_hooks() -> None:
    global _hooked, _original_import, _original_import_module
    if builtins.__import__ is not _tracking_import:
        _original_import, _original_import_module = builtins.__import__, importlib.import_module
    builtins.__import__ = _tracking_import
    importlib.import_module = _tracking_import_module
    if not _hooked:
        sys.addaudithook(_audit_hook)
        _hooked = True
