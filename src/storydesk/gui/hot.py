"""State-preserving hot reload of the GUI's view modules.

A :class:`HotReloader` holds :class:`HotModule` entries. :meth:`HotReloader.reload_all` reloads them so that
a failure never leaves a half-reloaded GUI:

1. every module's current source is compiled first; a ``SyntaxError`` changes nothing;
2. each module's ``__dict__`` is snapshotted and the ``state_keys`` of the app captured;
3. modules are re-executed from the fresh code objects (never from ``.pyc``, so a same-second same-size edit
   is picked up) in a namespace cleared of everything but its dunders (no stale names), in dependency order
   of the import graph among registered modules, a cycle as one group;
4. the UI is rebuilt with the new code (``rebuild_ui(app)``), and the captured state restored;
5. on any exception at 3 or 4, every snapshot is restored exactly (names the failed run added are removed),
   the UI is rebuilt with the last good code, state restored, ``last_error`` set to the traceback and
   ``is_error_state`` to True (the shell tints the window red) until the next successful reload.

DPG callbacks go through :func:`callback`, which resolves its target by module and name at call time, so no
stale function is ever called after a reload.
"""

from __future__ import annotations

import ast
import copy
import importlib
import logging
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("storydesk.hot")


@dataclass
class HotModule:
    """A reloadable module.

    Args:
        name: the dotted module name.
        file_path: its source file (``str`` or ``Path``).
        state_keys: attribute names of the app whose values must survive a reload of this module.
        delegation_targets: names the module must define after a reload (the functions DPG callbacks delegate
            to through :func:`callback`); a reload that loses one fails and is rolled back.
    """

    name: str
    file_path: str | Path
    state_keys: list[str] = field(default_factory=list)
    delegation_targets: list[str] = field(default_factory=list)


class Callback:
    """A DPG callback that looks up ``module.name`` when called (see :func:`callback`)."""

    __slots__ = ("module", "name", "args")

    def __init__(self, module: str, name: str, args: tuple) -> None:
        self.module, self.name, self.args = module, name, args

    def __call__(self, sender=None, app_data=None, user_data=None):
        """Call the current ``module.name`` (resolved now, never a stale function) as a DPG callback. An
        exception is logged, never raised: the main loop runs callbacks, and a view's bug must not end the app.
        """
        try:
            return resolve(self.module, self.name)(*self.args, sender, app_data, user_data)
        except Exception:  # noqa: BLE001 - see the docstring
            log.exception("the callback %s.%s failed", self.module, self.name)
            return None

    def __repr__(self) -> str:
        return f"<callback {self.module}.{self.name}>"


def resolve(module: str, name: str) -> Callable:
    """Return the current ``module.name`` (looked up now, so after a reload it is the new function).

    Raises:
        KeyError: the module is not imported.
        AttributeError: it has no such name.
    """
    return getattr(sys.modules[module], name)


def callback(module: str, name: str, *args: Any) -> Callback:
    """Return a DPG callback calling ``module.name(*args, sender, app_data, user_data)``, resolved at call
    time. Views pass ``__name__`` as ``module`` and the app as the first extra argument.
    """
    return Callback(module, name, args)


def hot_module(state_keys: Iterable[str] = (), delegation_targets: Iterable[str] = ()) -> Callable:
    """Decorator for a view module's ``build(app, parent)``: marks the module as hot-reloadable.

    :meth:`HotReloader.discover` registers every module of a package whose ``build`` carries the mark, so a
    new view module needs no change to the reloader.
    """

    def mark(fn: Callable) -> Callable:
        module = sys.modules[fn.__module__]
        # the mark a view's build function carries (read by HotReloader.register)
        fn.__hot_module__ = HotModule(  # type: ignore[attr-defined]
            fn.__module__, module.__file__ or "", list(state_keys), list(delegation_targets)
        )
        return fn

    return mark


class ReloadError(Exception):
    """A reload failed; ``args[0]`` is the formatted traceback."""


class HotReloader:
    """The registry of hot modules and the reload machinery.

    Args:
        rebuild_ui: ``rebuild_ui(app)`` tears down and rebuilds the UI from app state; called after the
            modules are re-executed (and again with the old code after a rollback).
    """

    def __init__(self, rebuild_ui: Callable[[Any], None] | None = None) -> None:
        self.modules: dict[str, HotModule] = {}
        self.rebuild_ui = rebuild_ui or (lambda app: None)
        self.last_error = ""
        self.is_error_state = False
        self.reloads = 0
        self.last_duration_ms = 0.0

    # -- registry -----------------------------------------------------------------------------------
    def register(self, module: HotModule) -> None:
        """Add (or replace) ``module`` in the registry."""
        self.modules[module.name] = module

    def discover(self, package: str) -> list[str]:
        """Import every module of ``package`` and register those whose ``build`` is marked by
        :func:`hot_module`; return their names.

        Raises:
            ImportError: a module of the package failed to import.
        """
        import pkgutil

        pkg = importlib.import_module(package)
        found = []
        for info in pkgutil.iter_modules(pkg.__path__, package + "."):
            module = importlib.import_module(info.name)
            mark = getattr(getattr(module, "build", None), "__hot_module__", None)
            if isinstance(mark, HotModule):
                self.register(mark)
                found.append(mark.name)
        return found

    # -- state ----------------------------------------------------------------------------------------
    @staticmethod
    def capture_state(app: Any, keys: Iterable[str]) -> dict[str, Any]:
        """Return ``{key: value}`` for the app attributes ``keys``; values are deep-copied, and objects that
        cannot be (locks, threads, the pool) are kept by reference. Missing attributes are skipped.
        """
        return {key: _copied(getattr(app, key)) for key in keys if hasattr(app, key)}

    @staticmethod
    def restore_state(app: Any, state: dict[str, Any]) -> None:
        """Set each attribute of ``app`` back to a fresh copy of its captured value, so ``state`` stays
        untouched by whatever mutates the restored objects (a rebuild with faulty code) and can be restored
        again.
        """
        for key, value in state.items():
            setattr(app, key, _copied(value))

    # -- reload ---------------------------------------------------------------------------------------
    def reload(self, name: str, app: Any) -> bool:
        """Reload one registered module (see :meth:`reload_all` for the semantics); return success.

        Raises:
            KeyError: ``name`` is not registered.
        """
        return self._reload([self.modules[name]], app)

    def reload_all(self, app: Any) -> bool:
        """Reload every registered module in dependency order, rebuild the UI and restore state.

        Returns:
            True on success; False after a rollback (``last_error`` holds the traceback).
        """
        return self._reload(list(self.modules.values()), app)

    def order(self, modules: list[HotModule] | None = None) -> list[list[HotModule]]:
        """Return ``modules`` as groups in dependency order (dependencies first); the modules of an import
        cycle form one group. Imports are read from the source with :mod:`ast`.
        """
        modules = list(self.modules.values()) if modules is None else modules
        names = {m.name for m in modules}
        deps = {m.name: _imports(m, names) for m in modules}
        by_name = {m.name: m for m in modules}
        return [[by_name[n] for n in group] for group in _strongly_connected(deps)]

    def _reload(self, modules: list[HotModule], app: Any) -> bool:
        t0 = time.perf_counter()
        # 1. compile everything first
        try:
            codes = {m.name: _compile(m) for m in modules}
        except SyntaxError as exc:
            return self._fail(app, "".join(traceback.format_exception_only(exc)), t0)
        keys = [k for m in self.modules.values() for k in m.state_keys]
        state = self.capture_state(app, dict.fromkeys(keys))
        snapshots = {m.name: dict(sys.modules[m.name].__dict__) for m in modules}
        try:
            for group in self.order(modules):
                for m in group:
                    namespace = sys.modules[m.name].__dict__
                    # start from the module's dunders only, so names the new code no longer defines are gone
                    for name in [n for n in namespace if not (n.startswith("__") and n.endswith("__"))]:
                        del namespace[name]
                    exec(codes[m.name], namespace)  # noqa: S102 - this is what a reload is
                    missing = [t for t in m.delegation_targets if t not in namespace]
                    if missing:
                        raise ReloadError(
                            f"{m.name} no longer defines {', '.join(missing)} (callbacks delegate to them)"
                        )
            self.restore_state(app, state)
            self.rebuild_ui(app)
        except Exception:  # noqa: BLE001 - any failure rolls back
            error = traceback.format_exc()
            for name, snap in snapshots.items():
                d = sys.modules[name].__dict__
                d.clear()
                d.update(snap)
            self.restore_state(app, state)
            try:
                self.rebuild_ui(app)
            except Exception:  # noqa: BLE001
                error += "\nRebuilding the UI with the previous code failed too:\n" + traceback.format_exc()
            self.restore_state(app, state)
            return self._fail(app, error, t0)
        self.restore_state(app, state)
        self.reloads += 1
        self.last_error = ""
        self.is_error_state = False
        self.last_duration_ms = (time.perf_counter() - t0) * 1000
        log.info("GUI reloaded (%d modules) in %.1f ms", len(modules), self.last_duration_ms)
        return True

    def _fail(self, app: Any, error: str, t0: float) -> bool:
        self.last_error = error
        self.is_error_state = True
        self.last_duration_ms = (time.perf_counter() - t0) * 1000
        log.error("GUI reload failed; kept the last good code:\n%s", error.rstrip())
        return False


def _copied(value: Any) -> Any:
    """Return a deep copy of ``value``, or ``value`` itself when it cannot be copied (a lock, a thread)."""
    try:
        return copy.deepcopy(value)
    except Exception:  # noqa: BLE001 - not copyable: keep the object itself
        return value


def _compile(m: HotModule):
    """Compile ``m``'s current source (read fresh, so no cached bytecode is involved).

    Raises:
        SyntaxError: with the file name and line.
    """
    path = Path(m.file_path)
    return compile(path.read_bytes(), str(path), "exec", dont_inherit=True)


def _imports(m: HotModule, names: set[str]) -> set[str]:
    """Registered module names that ``m`` imports (absolute or relative imports), itself excluded."""
    try:
        tree = ast.parse(Path(m.file_path).read_bytes())
    except SyntaxError:
        return set()
    package = m.name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return (found & names) - {m.name}


def _strongly_connected(deps: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; returns the components in dependency order (a node's dependencies first)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(deps.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            out.append(sorted(group))

    for v in sorted(deps):
        if v not in index:
            visit(v)
    return out
