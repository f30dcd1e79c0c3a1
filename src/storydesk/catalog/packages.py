"""How Python names a catalog folder: its dotted package name and the folder that goes on ``sys.path``.

Storyville names a catalog by its dotted path (``examples.huge``) and its stories import their components
by the full name (``from examples.huge.controls.control_button.control_button import ControlButton``), so a
catalog folder inside a package (its parent folder has an ``__init__.py``) is imported under its full dotted
name, with the folder above the top package on ``sys.path`` (issue 12). The catalog folder itself, and the
folders between it and the top package, may be namespace packages (no ``__init__.py``), as in Storyville's
examples.

A project with the ``src/`` layout (``pyproject.toml`` beside ``src/``) keeps its components in ``src/``;
when the catalog lies anywhere in that project, ``src/`` goes on ``sys.path`` too, so ``from mypkg import
Button`` finds the working copy, and its modules are imported fresh on every build like the catalog's own.
"""

from __future__ import annotations

import keyword
import sys
from dataclasses import dataclass
from pathlib import Path

from storydesk.catalog.errors import CatalogError

#: how many folders above the catalog are searched for the project's ``pyproject.toml``
PROJECT_DEPTH = 6


@dataclass(frozen=True)
class PackageLayout:
    """Where the catalog's modules come from.

    Attributes:
        root: the catalog folder (resolved).
        package: the catalog's dotted package name, e.g. ``"examples.minimal"`` (``root.name`` when its parent
            is not a package).
        search_paths: folders put first on ``sys.path``, in order: the folder above the top package, then the
            project's ``src/`` folder when there is one.
        fresh_roots: folders whose ``.py`` modules are always compiled from source
            (:mod:`storydesk.catalog.fresh_import`) and watched for saves: the top package's folder and the
            project's ``src/`` folder.
    """

    root: Path
    package: str
    search_paths: tuple[Path, ...]
    fresh_roots: tuple[Path, ...]

    def module_name(self, file: Path) -> str:
        """The dotted module name of ``file``, a ``.py`` file in the catalog folder or below it.

        Raises:
            CatalogError: a folder name on the way is not a valid Python package name.
        """
        parts = [*file.parts[len(self.root.parts) : -1], file.stem]
        for part in parts:
            if not part.isidentifier():
                raise CatalogError(f"folder name {part!r} is not a valid Python package name", file)
        return ".".join([self.package, *parts])


def layout(root: Path | str) -> PackageLayout:
    """Return the :class:`PackageLayout` of the catalog folder ``root``.

    The top package is the highest folder above ``root`` reached through folders that hold an
    ``__init__.py``; ``root`` itself need not hold one.

    Raises:
        CatalogError: a folder name in the dotted name is not a valid Python identifier, or the top package's
            name is a standard library module's (importing the catalog would shadow it) or ``storydesk``.
    """
    root = Path(root).resolve()
    if not root.name.isidentifier() or keyword.iskeyword(root.name):
        raise CatalogError(f"folder name {root.name!r} is not a valid Python package name", root)
    top = root
    # climb through packages; a folder whose name cannot be a package name ends the climb (it was imported
    # as its own top package before issue 12, and still is)
    while (top.parent / "__init__.py").is_file() and top.parent != top and _importable(top.parent.name):
        top = top.parent
    names = [top.name, *root.parts[len(top.parts) :]]
    for name in names:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise CatalogError(f"folder name {name!r} is not a valid Python package name", root)
    if top.name in sys.stdlib_module_names or top.name == "storydesk":
        raise CatalogError(
            f"the package name {top.name!r} is taken by Python's own module of that name; rename the folder",
            top,
        )
    search = [top.parent]
    fresh = [top]
    own = Path(__file__).resolve().parents[1]  # storydesk itself, and its bundled demo, look for no project
    src = None if top.is_relative_to(own) else project_src(top.parent)
    if src is not None and src != top.parent and not top.is_relative_to(src) and not own.is_relative_to(src):
        search.append(src)
        fresh.append(src)
    return PackageLayout(root, ".".join(names), tuple(search), tuple(fresh))


def _importable(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def project_src(start: Path) -> Path | None:
    """The ``src/`` folder of the project holding ``start``: the nearest folder at or above ``start`` (up to
    :data:`PROJECT_DEPTH` levels) with a ``pyproject.toml``, when it has a ``src/`` folder; else ``None``.
    """
    folder = start
    for _ in range(PROJECT_DEPTH):
        if (folder / "pyproject.toml").is_file():
            src = folder / "src"
            return src.resolve() if src.is_dir() else None
        if folder.parent == folder:
            break
        folder = folder.parent
    return None
