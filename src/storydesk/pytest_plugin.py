"""The pytest plugin (entry point ``pytest11``): every story of a catalog becomes tests (issue 12).

Point it at catalogs with ``pytest --storydesk PATH`` (repeatable) or the ini setting ``storydesk_paths``
(one folder per line, relative to the rootdir). Each story gives one test that it renders without error, and
one per assertion::

    examples/minimal::components/heading/heading-story::renders
    examples/minimal::components/heading/heading-story::assertion 1

Ids are the catalog folder (relative to the rootdir), the story's path and the check, so they stay the same
from run to run and read like the app's tree. The catalog is discovered once per run (Storyville's plugin
built the whole catalog again for every ``stories.py``), each story rendered once for all its tests, and an
assertion runs as plain Python: its ``AssertionError`` is reported by pytest as any test's is. A
``stories.py`` that fails to load is one failing test naming its file and line.

With ``--storydesk-snapshots`` each story also gets a ``snapshot`` test: its HTML compared with the
catalog's ``__snapshots__`` (:mod:`storydesk.build.snapshots`; the failure is the unified diff), and
``--storydesk-snapshots=update`` writes them (issue 15); a ``__snapshots__`` test per catalog fails on
snapshots of stories that are gone (``=update`` removes them), as ``storydesk snapshot --check`` does.

``STORYDESK_ASSERTIONS=0`` in the environment collects only the ``renders`` tests. Catalogs from the ini
setting are added when pytest runs without paths (its ``testpaths`` or rootdir) or with a path holding the
catalog, so ``pytest tests/test_x.py`` runs just that file; ``--storydesk`` catalogs are always added. Select
story tests with ``-k`` (``-k "button and assertion"``).

The catalog is discovered in the pytest process; what that imports is undone afterwards (``sys.modules``,
``sys.meta_path``), so the user's own test modules keep the package modules they imported (``mock.patch``
and ``isinstance`` keep working); the story objects keep the modules they were made from.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

INI_PATHS = "storydesk_paths"


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--storydesk PATH`` and the ini setting ``storydesk_paths``."""
    group = parser.getgroup("storydesk", "storydesk story catalogs")
    group.addoption(
        "--storydesk",
        action="append",
        default=[],
        metavar="PATH",
        help="a storydesk (or Storyville) catalog folder whose stories become tests; repeatable",
    )
    group.addoption(
        "--storydesk-snapshots",
        nargs="?",
        const="check",
        default=None,
        choices=["check", "update"],
        help="add a 'snapshot' test per story comparing its HTML with the catalog's __snapshots__ (issue 15); "
        "--storydesk-snapshots=update writes them instead",
    )
    parser.addini(INI_PATHS, type="paths", default=[], help="catalog folders whose stories become tests")


def catalog_paths(config: pytest.Config) -> list[Path]:
    """The catalog folders asked for: ``--storydesk`` ones (relative to the working folder), then the ini's
    that this run's paths include (see the module docstring).
    """
    given = [Path(p).resolve() for p in config.getoption("storydesk")]
    explicit = config.args_source == pytest.Config.ArgsSource.ARGS
    asked = [Path(str(config.invocation_params.dir), a.split("::")[0]).resolve() for a in config.args]
    for path in (Path(p).resolve() for p in config.getini(INI_PATHS)):
        if not explicit or any(path.is_relative_to(a) or a.is_relative_to(path) for a in asked):
            given.append(path)
    return list(dict.fromkeys(given))


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Add the tests of every configured catalog to the session's items."""
    for path in catalog_paths(config):
        try:
            name = path.relative_to(config.rootpath).as_posix()
        except ValueError:
            name = path.as_posix()
        collector = CatalogCollector.from_parent(session, name=name, nodeid=name, path=path)
        items.extend(collector.collect())


class StorydeskFailure(Exception):
    """A story failed to render or a ``stories.py`` failed to load: the message is what the app shows."""


class CatalogCollector(pytest.Collector):
    """One catalog folder: discovers it once and yields one :class:`StoryCollector`'s items per story."""

    def collect(self) -> list[pytest.Item]:  # noqa: D102 - pytest's Collector API
        from storydesk.catalog.discovery import discover
        from storydesk.catalog.errors import CatalogError
        from storydesk.catalog.site import _subjects

        try:
            with _imports_undone():
                catalog = discover(self.path)
        except CatalogError as exc:
            return [CheckItem.from_parent(self, name="catalog", check=_raiser(exc))]
        items: list[pytest.Item] = [
            CheckItem.from_parent(self, name=f"{folder}/stories.py", check=_raiser(exc))
            for folder, exc in catalog.broken
        ]
        stories: list[str] = []
        for subject in _subjects(catalog.items):
            for story in subject.items:
                story_node = StoryCollector.from_parent(
                    self, name=story.path, catalog=catalog, subject=subject, story=story
                )
                items.extend(story_node.collect())
                stories.append(story.path)
        if self.config.getoption("storydesk_snapshots") and not catalog.broken:
            items.append(CheckItem.from_parent(self, name="__snapshots__", check=self._gone_snapshots(stories)))
        return items

    def _gone_snapshots(self, stories: list[str]) -> Callable[[], None]:
        """The check that no snapshot is left of a story that is gone (``=update``: they are removed), as
        ``storydesk snapshot`` does.
        """

        def check() -> None:
            from storydesk.build import snapshots

            folder = self.path / snapshots.FOLDER
            gone = sorted(snapshots.kept(folder) - set(stories))
            if gone and self.config.getoption("storydesk_snapshots") == "update":
                for story in gone:
                    snapshots.snapshot_file(folder, story).unlink()
            elif gone:
                raise StorydeskFailure(
                    f"snapshots of stories that are gone, in {folder}: {', '.join(gone)}; remove them with "
                    f"`storydesk snapshot {self.path}` or pytest --storydesk-snapshots=update"
                )

        return check


@contextlib.contextmanager
def _imports_undone() -> Iterator[None]:
    """Undo what a discovery does to the import system: modules it dropped to import them afresh are put
    back, its finders removed; the folders it put on ``sys.path`` stay, after the others (a story importing
    lazily still finds its modules).
    """
    modules, path, meta = dict(sys.modules), list(sys.path), list(sys.meta_path)
    try:
        yield
    finally:
        sys.modules.update(modules)
        sys.meta_path[:] = meta
        sys.path[:] = path + [p for p in sys.path if p not in path]


def _raiser(exc: Exception) -> Callable[[], None]:
    def check() -> None:
        raise StorydeskFailure(str(exc)) from exc

    return check


class StoryCollector(pytest.Collector):
    """One story: its ``renders`` test and one test per assertion; renders the story once for all of them."""

    def __init__(self, *, catalog: Any, subject: Any, story: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.catalog, self.subject, self.story = catalog, subject, story
        self._rendered: Any = None
        self._own: Any = None  # the story's own render, before a themed layout

    def collect(self) -> list[pytest.Item]:  # noqa: D102 - pytest's Collector API
        from storydesk.catalog.assertions import assertions_enabled

        items: list[pytest.Item] = [CheckItem.from_parent(self, name="renders", check=self.rendered_html)]
        if self.config.getoption("storydesk_snapshots"):
            items.append(CheckItem.from_parent(self, name="snapshot", check=self.snapshot))
        if assertions_enabled():
            for number, assertion in enumerate(self.story.assertions, start=1):
                items.append(CheckItem.from_parent(self, name=f"assertion {number}", check=self._assertion(assertion)))
        return items

    def rendered_html(self) -> str:
        """The story's HTML, rendered on first use (through the catalog's ``themed_layout`` too, when it has
        one, as the site does).

        Raises:
            StorydeskFailure: it, or its themed page, failed to render (its message and traceback are the
                failure's).
        """
        from storydesk.catalog.render import render_story
        from storydesk.catalog.site import render_themed

        if self._rendered is None:
            self._own = render_story(self.subject, self.story, self.path, with_assertions=False)
            rendered = self._own
            if self.catalog.themed_layout is not None and rendered.error is None:
                rendered = render_themed(self.catalog, self.story, rendered, self.path, {})
            self._rendered = rendered
        error = self._rendered.error
        if error is not None:
            where = f"{error.file}:{error.line}: " if error.file else ""
            raise StorydeskFailure(f"{where}{error.message}\n\n{error.traceback}")
        return self._rendered.html

    def snapshot(self) -> None:
        """Compare the story's own HTML (as its page holds it: not the themed layout's) with its snapshot in the
        catalog's ``__snapshots__`` (:mod:`storydesk.build.snapshots`), or with ``=update`` write it.

        Raises:
            StorydeskFailure: it changed (the message is the unified diff), has no snapshot yet, or failed to
                render.
        """
        from storydesk.build import snapshots
        from storydesk.catalog.pages import page_file
        from storydesk.catalog.static import rewrite_refs

        self.rendered_html()
        html = rewrite_refs(self._own.html, page_file(self.story.path, story=True), self.catalog.static)
        folder = self.path / snapshots.FOLDER
        if self.config.getoption("storydesk_snapshots") == "update":
            snapshots.write(self.story.path, html, folder)
            return
        found = snapshots.compare(self.story.path, html, folder)
        if found.outcome is snapshots.Outcome.NEW:
            raise StorydeskFailure(
                f"{self.story.path}: no snapshot yet in {folder}: write it with `storydesk snapshot {self.path}` "
                "or pytest --storydesk-snapshots=update"
            )
        if found.outcome is snapshots.Outcome.CHANGED:
            raise StorydeskFailure(f"{self.story.path} changed since its snapshot:\n\n{found.detail}")

    def _assertion(self, assertion: Callable[..., object]) -> Callable[[], None]:
        def check() -> None:
            __tracebackhide__ = True
            from storydesk.catalog.assertions import RenderedStory

            story = RenderedStory(self.rendered_html())
            made = getattr(assertion, "defined_at", None)
            if not (isinstance(made, tuple) and made and made[0]):
                assertion(story)  # plain Python: pytest shows its own frames
                return
            try:
                assertion(story)
            except AssertionError as exc:  # a query helper: its failure is placed where the user wrote it
                raise StorydeskFailure(f"{made[0]}:{made[1]}: {assertion!r} failed:\n\n{exc}") from None

        return check


class CheckItem(pytest.Item):
    """One check: calls ``check()``; an exception fails it."""

    def __init__(self, *, check: Callable[[], object], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check

    def runtest(self) -> None:  # noqa: D102 - pytest's Item API
        __tracebackhide__ = True
        self.check()

    def _traceback_filter(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:
        """The traceback from this item's check on, without pytest's runner or the plugin's hidden frames, so
        a failing assertion shows the user's line first (pytest's own items cut at the test function).
        """
        traceback = excinfo.traceback
        cut = traceback.cut(path=Path(__file__))
        return (cut or traceback).filter(excinfo)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        """A story or catalog failure shows its own message (file, line, traceback), not the plugin's frames."""
        if isinstance(excinfo.value, StorydeskFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:  # noqa: D102 - pytest's Item API
        return self.path, None, self.nodeid
