"""Catalog imports: code compiled ahead is used only while the source bytes are unchanged."""

from __future__ import annotations

import importlib
import os
import sys

import pytest
from conftest import write

from storydesk.catalog import discovery, fresh_import
from storydesk.catalog.packages import layout


@pytest.fixture
def package(tmp_path):
    root = tmp_path / "aheadpkg"
    write(root / "__init__.py", "")
    write(root / "same.py", 'VALUE = "kept"\n')
    write(root / "edited.py", 'VALUE = "AAAA"\n')
    write(root / "broken_later.py", "VALUE = 1\n")
    yield root
    for name in [n for n in sys.modules if n == "aheadpkg" or n.startswith("aheadpkg.")]:
        del sys.modules[name]
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, fresh_import.FreshFinder)]
    fresh_import._ahead.clear()


def test_code_compiled_ahead_is_used_only_for_unchanged_sources(package):
    edited = package / "edited.py"
    stat = edited.stat()
    assert discovery.precompile(str(package)) == 4
    same_code = fresh_import._ahead[str(package / "same.py")][1]
    # a same-size edit with the same mtime, after the standby compiled the file
    edited.write_text('VALUE = "BBBB"\n')
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    (package / "broken_later.py").write_text("VALUE = (\n")

    fresh_import.install(layout(package))
    same = importlib.import_module("aheadpkg.same")
    assert same.VALUE == "kept"
    assert str(package / "same.py") not in fresh_import._ahead  # used, once
    assert same.__spec__.loader.get_code("aheadpkg.same") is not same_code  # a second import compiles afresh
    assert importlib.import_module("aheadpkg.edited").VALUE == "BBBB"
    with pytest.raises(SyntaxError):
        importlib.import_module("aheadpkg.broken_later")
