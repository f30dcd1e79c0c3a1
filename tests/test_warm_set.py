"""The pool learns which library modules builds import and warms standbys with them, never with user code."""

from __future__ import annotations

import importlib
import sys

import pytest
from conftest import write

from storydesk.build.pool import InterpreterPool
from storydesk.build.warm_set import library_modules

ROOT = """
from storydesk import Catalog

def catalog() -> Catalog:
    return Catalog(title="Learn")
"""
# the component imports a standard-library module and a user module from outside the catalog folder, lazily
SUBJECT = """
from storydesk import Subject, Story

def swatch() -> str:
    import colorsys
    import outside_helper
    r, g, b = colorsys.hsv_to_rgb(0.5, 0.5, 0.5)
    return f"<p>{outside_helper.LABEL} {r:.2f}</p>"

def subject() -> Subject:
    return Subject(title="Swatch", target=swatch, items=[Story(title="Only")])
"""


def test_library_modules_keeps_stdlib_site_packages_and_storydesk_but_not_user_code(tmp_path, monkeypatch):
    write(tmp_path / "user_code_mod.py", "X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("user_code_mod")
    importlib.import_module("colorsys")
    importlib.import_module("tdom")
    try:
        names = ["colorsys", "tdom", "storydesk.catalog", "user_code_mod", "sys", "not_imported_at_all"]
        assert library_modules(names) == ["colorsys", "storydesk.catalog", "sys", "tdom"]
    finally:
        sys.modules.pop("user_code_mod", None)


@pytest.fixture
def learning_catalog(tmp_path, monkeypatch):
    write(tmp_path / "libs" / "outside_helper.py", 'LABEL = "first"\n')
    monkeypatch.syspath_prepend(str(tmp_path / "libs"))  # the pool's interpreters copy sys.path
    root = tmp_path / "learn"
    write(root / "stories.py", ROOT)
    write(root / "swatch" / "stories.py", SUBJECT)
    return root


def test_pool_warms_the_next_standby_with_learned_library_modules_only(learning_catalog, tmp_path):
    out = tmp_path / "site"
    pool = InterpreterPool()
    try:
        first = pool.build(learning_catalog, out)
        assert first.ok, first.error
        assert "colorsys" in first.imported
        assert "outside_helper" not in first.imported  # user code, outside the catalog, is never learned
        assert "colorsys" in pool.learned and "outside_helper" not in pool.learned

        second = pool.build(learning_catalog, out)
        assert second.ok, second.error
        assert "colorsys" not in second.imported  # the standby had imported it already

        # the helper module is still imported afresh by every build
        write(tmp_path / "libs" / "outside_helper.py", 'LABEL = "second"\n')
        third = pool.build(learning_catalog, out)
        assert third.ok, third.error
        assert "<p>second 0.25</p>" in (out / "swatch" / "only.html").read_text()
    finally:
        pool.close()
