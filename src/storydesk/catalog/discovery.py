"""Discovery: turn a folder of ``stories.py`` files into a :class:`Catalog` tree.

Conventions (compatible with Storyville's): the catalog folder is a Python package whose ``stories.py`` has a
function annotated ``-> Catalog``; every sub-folder's ``stories.py`` has one function annotated ``-> Section``
or ``-> Subject``. A sub-folder's node becomes a child of the nearest ancestor folder's node. Sections may
nest; Subjects may sit directly under the Catalog; a ``stories.py`` below a Subject's folder is misplaced.
Nothing is dropped silently: every problem raises :class:`CatalogError` naming the file.
"""

from __future__ import annotations

import annotationlib
import importlib
import inspect
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from slugify import slugify as _slugify

from storydesk.catalog import depends, fresh_import
from storydesk.catalog.errors import BuildCancelled, CatalogError, format_exception, location_in
from storydesk.catalog.model import Catalog, Node, Section, Subject
from storydesk.catalog.packages import PackageLayout, layout
from storydesk.catalog.static import SITE_MARK, SKIPPED, STATIC, StaticFiles, add_static_folder

if TYPE_CHECKING:
    from storydesk.catalog.incremental import Reuse

STORIES = "stories.py"
_KINDS: dict[str, type[Catalog | Section | Subject]] = {"Catalog": Catalog, "Section": Section, "Subject": Subject}
_SKIP_DIRS = {"__pycache__", "node_modules", ".git", ".venv", "__snapshots__"}  # snapshots: issue 15


def catalog_folders(root: Path | str) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(folder, file names)`` for ``root`` and every folder below it that belongs to the catalog:
    hidden folders, ``__pycache__``, ``node_modules`` and virtual environments are skipped (not entered).
    """
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")]
        yield folder, files


def story_files(root: Path) -> list[Path]:
    """Return every ``stories.py`` in the catalog's folders (:func:`catalog_folders`), ``root``'s own
    included, shallowest first, then by path.
    """
    found = [Path(folder, STORIES) for folder, files in catalog_folders(root) if STORIES in files]
    return sorted(found, key=lambda p: (len(p.parts), p.as_posix()))


def scan(root: Path) -> tuple[list[Path], StaticFiles]:
    """One walk of the catalog folder ``root`` for both :func:`story_files` and
    :func:`storydesk.catalog.static.find_static` (each with its own rules; two walks cost 20 ms of a
    3,000-story incremental build, issue 13): ``(story files, static files)``.
    """
    stories: list[Path] = []
    static = StaticFiles()
    root_s = str(root)
    no_static: tuple[str, ...] = ()  # folders (with a trailing separator) below which no static folder counts
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        if STORIES in files:
            stories.append(Path(folder, STORIES))
        if folder == root_s or (folder + os.sep).startswith(no_static):
            continue
        name = os.path.basename(folder)
        if SITE_MARK in files or name in SKIPPED or name == STATIC:
            no_static += (folder + os.sep,)
            if name == STATIC and SITE_MARK not in files:
                add_static_folder(root, Path(folder), static)
    static.loaded.sort()
    stories.sort(key=lambda p: (len(p.parts), p.as_posix()))
    return stories, static


def precompile(root: str) -> int:
    """Compile every ``.py`` file in the catalog's folders ahead of a build
    (:func:`storydesk.catalog.fresh_import.compile_ahead`; the pool's standby interpreters call this with the
    resolved catalog folder); return how many compiled.
    """
    return fresh_import.compile_ahead(
        os.path.join(folder, name) for folder, files in catalog_folders(root) for name in files if name.endswith(".py")
    )


def find_factory(module, file: Path) -> tuple[Callable[[], object], type[Catalog | Section | Subject]]:
    """Return ``(function, kind)`` for the one function of ``module`` annotated ``-> Catalog|Section|Subject``.

    Annotations are read as strings (``annotationlib.Format.STRING``), so forward references and
    ``from __future__ import annotations`` both work.

    Raises:
        CatalogError: no such function, or more than one.
    """
    matches = []
    for name, obj in vars(module).items():
        if not inspect.isfunction(obj) or obj.__module__ != module.__name__:
            continue
        ret = annotationlib.get_annotations(obj, format=annotationlib.Format.STRING).get("return")
        kind = _KINDS.get(str(ret).rsplit(".", 1)[-1].strip("'\"")) if ret else None
        if kind is not None:
            matches.append((name, obj, kind))
    if not matches:
        raise CatalogError("no function annotated '-> Catalog', '-> Section' or '-> Subject'", file)
    if len(matches) > 1:
        names = ", ".join(m[0] for m in matches)
        raise CatalogError(f"more than one factory function ({names}); keep exactly one", file)
    _, fn, kind = matches[0]
    return fn, kind


def _load_node(root: Path, file: Path, packages: PackageLayout) -> Catalog | Node:
    with depends.user_code():
        return _import_node(root, file, packages)


def _import_node(root: Path, file: Path, packages: PackageLayout) -> Catalog | Node:
    name = packages.module_name(file)
    try:
        module = importlib.import_module(name)
    except BuildCancelled:
        raise
    except BaseException as exc:  # noqa: BLE001 - every import failure (sys.exit included) names the file
        where, line = location_in(exc, root)
        raise CatalogError(
            f"importing {name} failed: {type(exc).__name__}: {exc}", where or file, line, format_exception(exc)
        ) from exc
    fn, kind = find_factory(module, file)
    try:
        node = fn()
    except BuildCancelled:
        raise
    except BaseException as exc:  # noqa: BLE001 - as for the import
        where, line = location_in(exc, root)
        raise CatalogError(
            f"{fn.__name__}() raised {type(exc).__name__}: {exc}", where or file, line, format_exception(exc)
        ) from exc
    if not isinstance(node, kind):
        raise CatalogError(
            f"{fn.__name__}() is annotated -> {kind.__name__} but returned {type(node).__name__}",
            file,
            fn.__code__.co_firstlineno,
        )
    return node


def discover(root: Path | str, reuse: Reuse | None = None) -> Catalog:
    """Import every ``stories.py`` under ``root`` and return the assembled :class:`Catalog`.

    Catalog modules are imported through :mod:`storydesk.catalog.fresh_import`, so they are compiled from
    their current source (never a stale ``.pyc``). Every node gets its ``path`` (see :func:`assign_paths`).

    Args:
        root: the catalog folder holding the root ``stories.py``; imported as a package under its full dotted
            name when it lies inside one (:mod:`storydesk.catalog.packages`, issue 12).
        reuse: an incremental build's plan (:mod:`storydesk.catalog.incremental`, issue 13): the
            ``stories.py`` of a folder it names a ghost is not imported, its node is rebuilt from the previous
            build's ledger. Should the ghosts not fit once paths are assigned, the catalog is discovered again
            in full.

    A sub-folder's ``stories.py`` that fails to import, has no (or more than one) factory, returns the wrong
    type or is misplaced (a Catalog below the root, anything below a Subject) does not fail the catalog
    (issue 10): its folder, and every folder below it, is left out and listed in ``Catalog.broken`` with the
    :class:`CatalogError` naming the file and line; the site keeps that subtree's last good pages.

    Raises:
        CatalogError: a missing root ``stories.py``, or one that fails as above (or returns no Catalog).
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise CatalogError("catalog folder does not exist", root)
    if not (root / STORIES).is_file():
        raise CatalogError(
            f"no {STORIES} in the catalog folder (it needs a function annotated -> Catalog)", root / STORIES
        )
    packages = layout(root)
    fresh_import.install(packages)
    nodes: dict[str, Catalog | Node] = {}
    root_s = str(root)
    broken: list[tuple[str, Exception]] = []
    files, static = scan(root)
    for file in files:
        folder = str(file.parent)
        if any(folder.startswith(os.path.join(root_s, path) + os.sep) for path, _ in broken):
            continue  # below a broken folder: it goes with it
        rel = folder[len(root_s) + 1 :].replace(os.sep, "/")
        try:
            ghost = reuse.ghost(rel) if reuse is not None else None
            node = ghost if ghost is not None else _load_node(root, file, packages)
            _place(root_s, folder, node, file, nodes)
            if reuse is not None and ghost is None:
                reuse.loaded(rel, packages.module_name(file), node)
        except CatalogError as exc:
            if folder == root_s:
                raise
            if reuse is not None:
                reuse.forget(rel)  # a ghost that no longer fits where it was: not reused next time either
            broken.append((folder[len(root_s) + 1 :].replace(os.sep, "/"), exc))
    catalog = nodes[root_s]
    assert isinstance(catalog, Catalog)
    catalog.title = catalog.title or packages.package
    catalog.broken = broken
    catalog.static = static
    assign_paths(catalog)
    if reuse is not None and not reuse.settle(catalog):
        reuse.restart()
        return discover(root, reuse)
    return catalog


def _place(root_s: str, folder: str, node: Catalog | Node, file: Path, nodes: dict[str, Catalog | Node]) -> None:
    """Attach ``node``, loaded from ``file`` in ``folder``, to the nearest ancestor folder's node.

    Raises:
        CatalogError: it is misplaced (a Catalog below the root, a Section or Subject at the root, anything
            below a Subject).
    """
    if folder == root_s:
        if not isinstance(node, Catalog):
            raise CatalogError(f"the root {STORIES} must return a Catalog, not a {type(node).__name__}", file)
    else:
        if isinstance(node, Catalog):
            raise CatalogError(
                "only the root stories.py may return a Catalog; a sub-folder's returns a Section or a Subject", file
            )
        parent_dir = os.path.dirname(folder)
        while parent_dir not in nodes:
            parent_dir = os.path.dirname(parent_dir)
        parent = nodes[parent_dir]
        if isinstance(parent, Subject):
            raise CatalogError(
                f"misplaced: it lies below the Subject {parent.title!r} "
                f"({os.path.join(parent_dir, STORIES)}); only Sections hold sub-folders",
                file,
            )
        node.path = folder[len(root_s) + 1 :].replace(os.sep, "/")
        if not node.title:  # as Storyville names it: the folder's dotted path below the catalog
            node.title = "." + node.path.replace("/", ".")
        parent.items.append(node)
    nodes[folder] = node


def slugify(text: str) -> str:
    """Return a lower-case, hyphenated, ASCII, URL-safe form of ``text``, with python-slugify (issue 9).

    Letters of other scripts are transliterated (text-unidecode), not dropped: ``"Primary button"`` →
    ``primary-button``, ``"Größe"`` → ``grosse``, ``"日本語"`` → ``ri-ben-yu``; a title with nothing to keep
    (only punctuation) gives ``item``.

    Results are kept (:data:`SLUGS`): python-slugify takes ~9 us a title, 27 ms of an incremental build of
    3,000 stories whose titles an incremental build seeds from the previous build's (issue 13).
    """
    slug = SLUGS.get(text)
    if slug is None:
        slug = SLUGS[text] = _slugify(text) or "item"
    return slug


#: ``{title: slug}`` computed by :func:`slugify` (or seeded by an incremental build from its ledger)
SLUGS: dict[str, str] = {}


def assign_paths(catalog: Catalog) -> None:
    """Give every node and story a unique ``path`` (a ``/``-separated folder path, ``""`` for the catalog).

    Folder nodes keep their folder's path; nodes built inline in a factory get ``parent/slug(title)``;
    stories get ``subject/slug(title)``, made unique with ``-2``, ``-3``... An untitled story is titled as
    Storyville titles it, ``"<subject title> Story"`` (issue 12).
    """
    catalog.path = ""
    seen: set[str] = {""}

    def unique(base: str) -> str:
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        seen.add(candidate)
        return candidate

    def join(parent: str, name: str) -> str:
        return f"{parent}/{name}" if parent else name

    def walk(parent_path: str, items: list[Node]) -> None:
        for node in items:
            node.title = node.title or type(node).__name__
            node.path = unique(node.path or join(parent_path, slugify(node.title)))
            if isinstance(node, Section):
                walk(node.path, node.items)
            else:
                for story in node.items:
                    if not story.title:
                        story.title = f"{node.title} Story"
                    story.path = unique(join(node.path, slugify(story.title)))

    walk("", catalog.items)
