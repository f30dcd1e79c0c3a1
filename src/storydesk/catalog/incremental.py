"""Incremental builds (issue 13): after an edit, import and render only the ``stories.py`` folders whose output
can have changed, and reuse the previous build's pages for the rest.

What a build reuses is decided from the *ledger* it finds in the site folder (:data:`LEDGER`, written by the
previous build, ``marshal``): for every ``stories.py`` folder (a *unit*) its node as discovery saw it, its
pages' hashes, its stories' manifest entries, the props edits and quarantine it was built with, and the source
files it depends on: its ``stories.py`` and every module of the user's it imports, directly or not, recorded
while the previous build ran (:mod:`.depends`). A unit is rebuilt when one of those files, or its props edits
or quarantine, changed; otherwise it is a *ghost*: its node is rebuilt from the ledger without importing it,
and its pages stay as they are.

A unit with a story that failed (an error card) is rendered again by every build: what fixes it may lie
anywhere. Everything else falls back to a full build, which is always correct:

* no ledger, a ledger of another catalog, another storydesk or Python, a package installed or removed, or
  assertions turned on or off;
* the root ``stories.py`` or a module it imports changed (the catalog's title and themed layout are on every
  page), or the catalog's ``static/`` files were added, removed or renamed (pages link them);
* a data file or folder read by the user's code at import or render time changed (imports cannot explain
  what it does), or a module an import did not find now exists;
* a ghost would get another path than it had (a node added beside it took its name).

A file saved while a build runs, after it planned, is seen by the code that imports it; the units kept on the
strength of its old content are left out of the ledger, so the build the save queued renders them.

The rule that keeps this honest: after any sequence of edits, the incremental site is byte-identical to the
site a full build makes (``tests/test_incremental.py`` checks it on random edit sequences with hypothesis).
What neither imports nor reads can show is outside that rule:

* a module whose import registers something another unit reads (unit A imports a plugin module that fills a
  registry unit B renders from, without B importing A);
* state shared by every story's rendering: a module-level counter making element ids numbers them across
  the stories rendered, which an incremental build renders fewer of (each page is still consistent);
* a file only checked for (``Path.exists()``, no read): stat calls raise no audit event.

Turn incremental builds off for such a catalog (View > Incremental builds, ``--no-incremental``, or
``STORYDESK_INCREMENTAL=0``). What a kept unit's modules print while imported is not in the build's output
(they are not imported).
"""

from __future__ import annotations

import json
import marshal
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storydesk.catalog import depends
from storydesk.catalog.assertions import assertions_enabled
from storydesk.catalog.discovery import SLUGS
from storydesk.catalog.model import Catalog, Node, Section, Story, Subject
from storydesk.catalog.pages import page_file, themed_file

#: The ledger's file in the site folder: hidden, not part of the site (not in the manifest's hashes).
LEDGER = ".storydesk-incremental"
#: Bumped whenever what the ledger holds or what pages hold changes shape.
FORMAT = 6
#: The environment variable that turns incremental builds off (``"0"``); the app and CLI set it.
INCREMENTAL_ENV = "STORYDESK_INCREMENTAL"


def incremental_enabled() -> bool:
    """Whether builds may reuse the previous build's pages (:data:`INCREMENTAL_ENV` is not ``"0"``)."""
    return os.environ.get(INCREMENTAL_ENV, "1") != "0"


def _code_key(search: list[str]) -> list:
    """What the output depends on besides the catalog: storydesk's version and the stamps of its catalog
    package's modules (pages, rendering), whether assertions run, python-slugify's version, Python's version,
    ``sys.path`` (less the catalog's own ``search`` folders, which discovery puts first) and the installed
    packages (:func:`_packages_key`).
    """
    from storydesk import __version__

    here = os.path.dirname(__file__)
    stamps = []
    try:
        for name in sorted(os.listdir(here)):
            if name.endswith(".py"):
                st = os.stat(os.path.join(here, name))
                stamps.append([name, st.st_mtime_ns, st.st_size])
    except OSError:  # a bundle without the sources: its version says it all
        pass
    return [
        FORMAT,
        __version__,
        stamps,
        assertions_enabled(),
        _slugify_version(),
        sys.version,
        [folder for folder in sys.path if folder not in search],
        _packages_key(),
    ]


def _packages_key() -> list:
    """The stamps of the site-packages folders: installing, upgrading or removing a package changes them (its
    ``dist-info`` folder comes or goes), and what the user's code imports from there may have changed.
    """
    try:
        import site

        folders = site.getsitepackages()
    except ImportError, AttributeError:
        return []
    return [[folder, *_stat(Path(folder))] for folder in folders]


def _slugify_version() -> str:
    import slugify

    return str(getattr(slugify, "__version__", ""))


def _site_key(catalog: Catalog) -> list:
    """What every page of ``catalog`` holds from the catalog as a whole (beyond its root unit's code)."""
    return [
        catalog.title,
        catalog.themed_layout is not None,
        sorted(catalog.static.files),
        list(catalog.static.loaded),
    ]


@dataclass
class Own:
    """The nodes one ``stories.py`` made (its factory's node and the nodes inline in it), in pre-order, and
    the ghost's recorded values when it is one.
    """

    folder: str
    module: str
    nodes: list[Catalog | Node]
    skeleton: list
    ghost: dict | None = None
    record: dict | None = None


@dataclass
class Reuse:
    """One build's use of the previous build's ledger, from planning to writing the next ledger.

    Create it with :meth:`plan`; discovery asks :meth:`ghost` for each ``stories.py`` folder and reports the
    ones it imported with :meth:`loaded`; :meth:`settle` checks the ghosts once paths are assigned (a build
    whose ghosts do not fit is discovered again in full).

    Attributes:
        ledger: the previous ledger (``None``: this build is full).
        ghosts: ``{folder: unit record}`` of the units not to import.
        reason: why this build is full (``""`` when it reuses units).
        previous_hashes: the site's files' hashes per the ledger (``None``: read them from the manifest).
    """

    root: Path
    out: Path
    overrides: dict[str, dict]
    quarantine: dict[str, str]
    ledger: dict | None = None
    ghosts: dict[str, dict] = field(default_factory=dict)
    reason: str = ""
    units: list[Own] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    tracker: depends.Tracker | None = None
    search: list[str] = field(default_factory=list)
    _damaged: str = ""

    # -- planning -------------------------------------------------------------------------------------------
    @classmethod
    def plan(
        cls,
        root: Path,
        out: Path,
        overrides: dict[str, dict],
        quarantine: dict[str, str],
        search: list[str] | None = None,
    ) -> Reuse:
        """Read the ledger in ``out`` and decide which units of the catalog at ``root`` are ghosts.

        ``overrides`` (``{story path: {prop: value}}``) and ``quarantine`` (``{story path: reason}``) are this
        build's; a unit built with others is rebuilt. ``search``: the catalog's ``sys.path`` folders
        (:class:`storydesk.catalog.packages.PackageLayout`). Never raises: an unreadable ledger gives a full
        build.
        """
        reuse = cls(root, out, overrides, quarantine, search=list(search or []))
        try:
            return reuse._plan()
        except (KeyError, TypeError, ValueError, IndexError) as exc:  # a ledger of an unexpected shape
            return reuse.full(f"the ledger could not be used ({type(exc).__name__}: {exc})")

    def _plan(self) -> Reuse:
        reuse, out = self, self.out
        ledger = read_ledger(out)
        if ledger is None:
            return reuse.full("no ledger from a previous build")
        if ledger.get("code") != _code_key(self.search):
            return reuse.full("storydesk, Python, its packages or the options changed")
        if ledger["root"].get("path") != str(self.root) or ledger["root"].get("search") != self.search:
            return reuse.full("the site was built from another catalog, or the catalog's package changed")
        if ledger.get("manifest") != _stat(out / "storydesk.json"):
            return reuse.full("the site's storydesk.json changed outside storydesk")
        for path, recorded in ledger["data"].items():
            if not depends.unchanged(path, recorded):
                return reuse.full(f"{path} changed (read by the catalog's code, or a module that was missing)")
        changed = {path for path, recorded in ledger["sources"].items() if not depends.unchanged(path, recorded)}
        if changed & set(ledger["root"]["deps"]):
            return reuse.full("the root stories.py or a module it imports changed")
        reuse.ledger, reuse.changed = ledger, changed
        SLUGS.update(ledger.get("slugs", {}))
        for folder, unit in ledger["units"].items():
            if reuse._unit_unchanged(unit):
                reuse.ghosts[folder] = unit
        return reuse

    def _unit_unchanged(self, unit: dict) -> bool:
        if unit["errors"] or self.changed.intersection(unit["deps"]):
            return False
        if unit["options"] != self._options(unit["stories"]):
            return False
        # its first page (the subject's) is still in the site folder: a site deleted or replaced by hand is
        # rebuilt. Checking every page cost 11 ms of a 3,000-story incremental build (a stat each).
        return not unit["first"] or os.path.isfile(os.path.join(self.out, unit["first"]))

    def _options(self, stories: list[str]) -> str:
        """The props edits and quarantine of ``stories`` (story paths), as recorded per unit (``""``: none)."""
        if not self.overrides and not self.quarantine:
            return ""
        values = [[self.overrides.get(path), self.quarantine.get(path)] for path in stories]
        return json.dumps(values, sort_keys=True) if any(a or b for a, b in values) else ""

    def full(self, reason: str) -> Reuse:
        """Make this a full build (no ghosts) for ``reason``; return it."""
        self.ledger, self.reason = None, reason
        self.ghosts.clear()
        return self

    # -- discovery ------------------------------------------------------------------------------------------
    def ghost(self, folder: str) -> Catalog | Node | None:
        """The node of the ``stories.py`` folder ``folder`` (catalog-relative, ``/``-separated) rebuilt from the
        ledger, or ``None`` when it must be imported.
        """
        record = self.ghosts.get(folder)
        if record is None:
            return None
        try:
            unit = marshal.loads(record["blob"])  # noqa: S302 - a file our own builds write
            nodes = _rebuild(unit["skeleton"])
        except (KeyError, TypeError, ValueError, IndexError, EOFError) as exc:  # a damaged ledger
            self._damaged = f"the ledger could not be used ({type(exc).__name__}: {exc})"
            return None
        self.units.append(Own(folder, unit["module"], nodes, unit["skeleton"], unit, record))
        return nodes[0]

    def loaded(self, folder: str, module: str, node: Catalog | Node) -> None:
        """Record the node the ``stories.py`` of ``folder`` (imported as ``module``) made, before paths are
        assigned.
        """
        nodes = list(_own_nodes(node))
        self.units.append(Own(folder, module, nodes, [_skeleton(n, nodes) for n in nodes]))

    def stop(self) -> None:
        """Stop the build's dependency tracking (:attr:`tracker`); idempotent."""
        if self.tracker is not None:
            self.tracker.__exit__(None, None, None)

    def forget(self, folder: str) -> None:
        """Drop what was recorded of ``folder``'s ``stories.py``: it turned out broken or misplaced."""
        self.units = [own for own in self.units if own.folder != folder]

    def settle(self, catalog: Catalog) -> bool:
        """After paths are assigned: whether every ghost got the paths and titles it had and the catalog's
        site-wide values are the same. ``False`` makes this a full build; discover again then.
        """
        if self.ledger is None:
            return True
        if self._damaged:
            self.full(self._damaged)
            return False
        if self.ledger["site"] != _site_key(catalog):
            self.full("the catalog's title or static files changed")
            return False
        for own in self.units:
            if own.ghost is not None and _assigned(own.nodes) != own.ghost["assigned"]:
                self.full(f"{own.folder}: a node added beside it took its path")
                return False
        catalog.reused = {
            n.path for own in self.units if own.ghost is not None for n in own.nodes if isinstance(n, Subject)
        }
        return True

    def restart(self) -> None:
        """Forget the units recorded by a discovery that is being redone."""
        self.units.clear()

    # -- writing --------------------------------------------------------------------------------------------
    def site_unchanged(self) -> bool:
        """Whether the site's manifest is still the one planning saw (asked under the site's lock: another
        writer of the same folder in between makes the next build full).
        """
        return self.ledger is None or self.ledger.get("manifest") == _stat(self.out / "storydesk.json")

    @property
    def previous_hashes(self) -> dict[str, str] | None:
        """The previous site's ``{file: sha1}`` from the ledger (``None`` in a full build)."""
        return self.ledger["hashes"] if self.ledger is not None else None

    def reused_files(self) -> dict[str, str]:
        """``{site file: sha1}`` of the ghosts' pages (already on disk)."""
        return {
            name: digest for own in self.units if own.ghost is not None for name, digest in own.ghost["files"].items()
        }

    def reused_infos(self) -> dict[str, dict]:
        """``{story path: manifest entry}`` of the ghosts' stories (without their props form ``fields``: those
        are in :meth:`reused_entries`).
        """
        return {info["path"]: info for own in self.units if own.ghost is not None for info in own.ghost["infos"]}

    def reused_entries(self) -> dict[str, str]:
        """``{story path: JSON text of its manifest entry}`` of the ghosts' stories, as the manifest holds it."""
        ghosts = [own.ghost for own in self.units if own.ghost is not None]
        return {path: text for ghost in ghosts for path, text in zip(ghost["stories"], ghost["entries"], strict=True)}

    def stats(self, catalog: Catalog) -> dict:
        """``{"reused", "rendered"}`` story counts and the full build's ``reason`` (for the build result)."""
        total = sum(len(s.items) for s in _subjects(catalog))
        reused = sum(len(s.items) for s in _subjects(catalog) if s.path in catalog.reused)
        return {"reused": reused, "rendered": total - reused, "reason": self.reason}

    def next_ledger(
        self, catalog: Catalog, hashes: dict[str, str], infos: dict[str, dict], entries: dict[str, str]
    ) -> dict | None:
        """The ledger of this build, for the next one (``None`` when nothing was tracked).

        Args:
            catalog: as discovered (paths assigned).
            hashes: every site file's sha1 (the manifest's).
            infos: ``{story path: manifest entry}`` of every story.
            entries: ``{story path: the JSON text of its manifest entry}`` of every story.

        Uses :attr:`tracker` (this build's dependency records, :mod:`.depends`) and :attr:`search` (the
        catalog's ``sys.path`` folders: where a module that was missing would appear).
        """
        tracker, search = self.tracker, self.search
        if tracker is None:
            return None
        previous = self.ledger or {}
        old_sources: dict = previous.get("sources", {})
        modfiles = dict(previous.get("modfiles", {}))
        loaded: dict[str, str] = dict(tracker.modules)  # compiled here (failed ones too)
        absent: dict[str, depends.Stamp] = {}
        imported = {parent for name in tracker.edges.keys() | _targets(tracker.edges) for parent in _packages(name)}
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None)
            if file in tracker.sources:
                loaded[name] = file
            elif file is None and name in imported:
                for folder in getattr(module, "__path__", None) or ():  # a namespace package: no __init__.py yet
                    init = os.path.join(folder, "__init__.py")
                    if init.startswith(tracker.roots):
                        absent[init] = depends.stamp(init, None, tracker.started_ns)
        modfiles.update(loaded)
        edges: dict[str, list[str]] = {}
        for name, targets in previous.get("edges", {}).items():
            file = modfiles.get(name)
            # a module run in this build keeps edges recorded before only if its code is the same (an import
            # inside a function that no story called this time)
            if name not in loaded or (file in old_sources and old_sources[file][0] == tracker.sources[loaded[name]][0]):
                edges[name] = list(targets)
        for name, targets in tracker.edges.items():
            edges[name] = sorted(set(edges.get(name, ())) | targets)
        # a file saved while this build ran, after planning, was compiled (or read) here in its new state: the
        # units reused on the strength of its old state are not kept in the ledger, so the next build (the
        # save queued it) renders them
        late = {
            path
            for path, recorded in tracker.sources.items()
            if path in old_sources and old_sources[path][0] != recorded[0] and path not in self.changed
        }
        old_data = previous.get("data", {})
        if any(path in old_data and old_data[path][0] != recorded[0] for path, recorded in tracker.data.items()):
            return None  # a data file changed after planning: no ledger, the next build is full
        units: dict[str, dict] = {}
        root_deps: list[str] = []
        for own in self.units:
            if own.record is not None:
                if not late.intersection(own.record["deps"]):
                    units[own.folder] = own.record
                continue
            deps = _closure(own.module, edges, modfiles)
            if own.folder == "":
                root_deps = deps
                continue
            subjects = [n for n in own.nodes if isinstance(n, Subject)]
            stories = [s.path for subject in subjects for s in subject.items]
            if any(path not in infos for path in stories):
                continue  # not built (below a broken folder): imported again next time
            names = [page_file(s.path, story=False) for s in subjects] + [
                name for path in stories for name in (page_file(path, story=True), themed_file(path)) if name in hashes
            ]
            unit = {
                "module": own.module,
                "skeleton": own.skeleton,
                "assigned": _assigned(own.nodes),
                "files": {name: hashes[name] for name in names},
                "infos": [{**infos[path], "fields": None} for path in stories],
                "entries": [entries[path] for path in stories],
                "stories": stories,
            }
            # what planning reads of every unit, and the rest as marshal bytes read only for ghosts: carried over
            # as they are, unchanged units cost nothing to write (8 ms of a 3,000-story incremental build)
            units[own.folder] = {
                "deps": deps,
                "options": self._options(stories),
                "stories": stories,
                "first": names[0] if names else "",
                # a story with an error card is rendered again by every build: what fixes it (a module that
                # failed to import, a file outside what is tracked) may be anywhere
                "errors": any(infos[path].get("error") for path in stories),
                "blob": marshal.dumps(unit),
            }
        needed = set(root_deps).union(*(unit["deps"] for unit in units.values()))
        sources = {
            path: tracker.sources.get(path) or old_sources[path]
            for path in needed
            if path in tracker.sources or path in old_sources
        }
        data = dict(previous.get("data", {}))
        data.update(tracker.data)
        data.update(absent)
        for name in tracker.missing:
            for folder in search:
                base = os.path.join(folder, *name.split("."))
                for path in (base + ".py", os.path.join(base, "__init__.py"), base):
                    data.setdefault(path, depends.stamp(path, None, tracker.started_ns))
        return {
            "code": _code_key(self.search),
            "site": _site_key(catalog),
            "root": {"deps": root_deps, "path": str(self.root), "search": list(self.search)},
            "units": units,
            "edges": {name: targets for name, targets in edges.items() if modfiles.get(name) in needed},
            "modfiles": {name: file for name, file in modfiles.items() if file in needed},
            "sources": sources,
            "data": data,
            "hashes": hashes,
            "slugs": {title: SLUGS[title] for title in _titles(catalog) if title in SLUGS},
        }


def read_ledger(out: Path) -> dict | None:
    """The ledger in the site folder ``out``, or ``None`` when there is none or it cannot be read."""
    try:
        data = marshal.loads((out / LEDGER).read_bytes())  # noqa: S302 - a file our own builds write
    except OSError, ValueError, EOFError, TypeError:
        return None
    return data if isinstance(data, dict) and data.get("code", [None])[0] == FORMAT else None


def write_ledger(out: Path, ledger: dict, manifest: Path) -> None:
    """Write ``ledger`` into the site folder ``out`` (whole, or not at all: a temporary file renamed), with the
    stat of the site's ``manifest`` just written: a manifest changed since (by hand, by another tool) makes
    the next build full.
    """
    ledger["manifest"] = _stat(manifest)
    temp = out / f"{LEDGER}.{os.getpid()}.tmp"
    temp.write_bytes(marshal.dumps(ledger))
    os.replace(temp, out / LEDGER)


def _stat(path: Path) -> list[int]:
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def drop_ledger(out: Path) -> None:
    """Remove the ledger before a build changes the site: a build that fails half-way leaves none, so the next
    build is full.
    """
    (out / LEDGER).unlink(missing_ok=True)


def _packages(name: str) -> Iterator[str]:
    """``name`` and the packages it lies in: ``a.b.c``, ``a.b``, ``a``."""
    while name:
        yield name
        name = name.rpartition(".")[0]


def _targets(edges: dict[str, set[str]]) -> set[str]:
    return set().union(*edges.values()) if edges else set()


def _closure(start: str, edges: dict[str, list[str]], modfiles: dict[str, str]) -> list[str]:
    """The source files of ``start`` and of every module it imports, directly or not (with their packages)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(edges.get(name, ()))
        parent = name.rpartition(".")[0]
        if parent:
            todo.append(parent)
    return sorted({modfiles[name] for name in seen if name in modfiles})


def _own_nodes(node: Catalog | Node) -> Iterator[Catalog | Node]:
    """``node`` and the nodes inline in it, pre-order (called before sub-folders' nodes are placed in it)."""
    yield node
    if not isinstance(node, Subject):
        for child in node.items:
            yield from _own_nodes(child)


def _skeleton(node: Catalog | Node, nodes: list) -> list:
    """What discovery needs of ``node`` to rebuild it without importing it: ``[kind, title, description, path,
    parent index in nodes (-1: none), stories [[title, description]]]`` (before paths are assigned).
    """
    parent = next(
        (i for i, n in enumerate(nodes) if not isinstance(n, Subject) and any(c is node for c in n.items)), -1
    )
    stories = [[s.title, s.description] for s in node.items] if isinstance(node, Subject) else []
    return [type(node).__name__, node.title, node.description, node.path, parent, stories]


_KINDS: dict[str, type] = {"Catalog": Catalog, "Section": Section, "Subject": Subject}


def _rebuild(skeleton: list) -> list:
    nodes: list = []
    for kind, title, description, path, parent, stories in skeleton:
        node = _KINDS[kind](title=title, description=description)
        node.path = path
        if stories:
            node.items = [Story.outline(t, d) for t, d in stories]
        if parent >= 0:
            nodes[parent].items.append(node)
        nodes.append(node)
    return nodes


def _assigned(nodes: list) -> list:
    """The titles and paths assigned to ``nodes`` and their stories."""
    return [[n.title, n.path, [[s.title, s.path] for s in n.items] if isinstance(n, Subject) else []] for n in nodes]


def _titles(catalog: Catalog) -> Iterator[str]:
    """Every node's and story's title (what paths are made from)."""
    todo: list = list(catalog.items)
    while todo:
        node = todo.pop()
        yield node.title
        if isinstance(node, Subject):
            yield from (story.title for story in node.items)
        else:
            todo.extend(node.items)


def _subjects(catalog: Catalog) -> Iterator[Subject]:
    todo: list = list(catalog.items)
    while todo:
        node = todo.pop()
        if isinstance(node, Subject):
            yield node
        else:
            todo.extend(node.items)
