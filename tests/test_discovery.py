"""Discovery of stories.py files into a Catalog, and its errors (each naming the file)."""

from __future__ import annotations

import pytest

from storydesk import Catalog, Section, Subject
from storydesk.catalog.discovery import discover
from storydesk.catalog.errors import CatalogError
from storydesk.paths import demo_catalog

ROOT = """
from storydesk import Catalog

def catalog() -> Catalog:
    return Catalog(title="Cat")
"""
SECTION = """
from storydesk import Section

def section() -> Section:
    return Section(title="{title}")
"""
SUBJECT = """
from storydesk import Subject, Story

def subject() -> Subject:
    return Subject(title="{title}", target=lambda **p: f"<b>{{p}}</b>", items=[Story(title="One", props={{"a": 1}})])
"""


def walk(items):
    for node in items:
        yield node
        if isinstance(node, Section):
            yield from walk(node.items)


def test_demo_catalog_is_big_enough():
    catalog = discover(demo_catalog())
    nodes = list(walk(catalog.items))
    sections = [n for n in nodes if isinstance(n, Section)]
    subjects = [n for n in nodes if isinstance(n, Subject)]
    stories = [s for subj in subjects for s in subj.items]
    assert (len(sections), len(subjects), len(stories)) >= (3, 8, 24)
    assert len(sections) >= 3 and len(subjects) >= 8 and len(stories) >= 24
    assert {s.path for s in stories} >= {"actions/button/primary", "forms/text_input/invalid"}


def test_nested_sections_and_subject_under_catalog(make_catalog):
    root = make_catalog(
        {
            "stories.py": ROOT,
            "top/stories.py": SUBJECT.format(title="Top subject"),
            "outer/stories.py": SECTION.format(title="Outer"),
            "outer/inner/stories.py": SECTION.format(title="Inner"),
            "outer/inner/leaf/stories.py": SUBJECT.format(title="Leaf"),
        }
    )
    catalog = discover(root)
    assert isinstance(catalog, Catalog)
    titles = {n.title: n for n in walk(catalog.items)}
    assert isinstance(titles["Top subject"], Subject) and titles["Top subject"] in catalog.items
    assert titles["Inner"] in titles["Outer"].items
    assert titles["Leaf"] in titles["Inner"].items
    assert titles["Leaf"].items[0].path == "outer/inner/leaf/one"


def test_folder_without_stories_attaches_to_nearest_ancestor(make_catalog):
    root = make_catalog({"stories.py": ROOT, "group/widgets/stories.py": SUBJECT.format(title="W")})
    catalog = discover(root)
    assert [n.title for n in catalog.items] == ["W"]
    assert catalog.items[0].path == "group/widgets"


def the_error(root) -> tuple[CatalogError, bool]:
    """``(error, raised)``: the CatalogError discovering ``root`` gives: raised (the root's own stories.py
    is at fault), or listed in ``Catalog.broken`` (a sub-folder's: the rest is discovered; issue 10)."""
    try:
        catalog = discover(root)
    except CatalogError as exc:
        return exc, True
    assert len(catalog.broken) == 1, catalog.broken
    return catalog.broken[0][1], False


@pytest.mark.parametrize(
    ("files", "bad_file", "words"),
    [
        ({}, "stories.py", "no stories.py"),
        ({"stories.py": SECTION.format(title="S")}, "stories.py", "must return a Catalog"),
        ({"stories.py": ROOT, "a/stories.py": ROOT}, "a/stories.py", "only the root"),
        ({"stories.py": ROOT, "a/stories.py": "x = 1\n"}, "a/stories.py", "no function annotated"),
        (
            {
                "stories.py": ROOT,
                "a/stories.py": SECTION.format(title="A")
                + SECTION.format(title="B").replace("def section", "def other"),
            },
            "a/stories.py",
            "more than one factory",
        ),
        (
            {
                "stories.py": ROOT,
                "s/stories.py": SUBJECT.format(title="S"),
                "s/deeper/stories.py": SUBJECT.format(title="D"),
            },
            "s/deeper/stories.py",
            "misplaced",
        ),
        (
            {"stories.py": ROOT, "a/stories.py": "from storydesk import Section\ndef f() -> Section:\n    return 3\n"},
            "a/stories.py",
            "returned int",
        ),
        (
            {"stories.py": ROOT, "bad-name/stories.py": SUBJECT.format(title="S")},
            "bad-name/stories.py",
            "not a valid Python package name",
        ),
    ],
)
def test_errors_name_the_file(make_catalog, files, bad_file, words):
    root = make_catalog(files or {"README.md": "empty"})
    error, raised = the_error(root)
    assert raised == (bad_file == "stories.py"), "only the root's own stories.py fails the catalog"
    assert error.file == str(root / bad_file)
    assert words in str(error)


def test_syntax_error_names_file_and_line(make_catalog):
    root = make_catalog({"stories.py": ROOT, "a/stories.py": "from storydesk import Section\n\ndef f(:\n"})
    error, _ = the_error(root)
    assert error.file == str(root / "a/stories.py")
    assert error.line == 3
    assert "SyntaxError" in error.message


def test_exception_in_factory_points_into_the_helper(make_catalog):
    root = make_catalog(
        {
            "stories.py": ROOT,
            "helpers.py": "def boom():\n    raise ValueError('no data')\n",
            "a/stories.py": "from storydesk import Section\nfrom cat.helpers import boom\n\n"
            "def f() -> Section:\n    boom()\n",
        }
    )
    error, _ = the_error(root)
    assert error.file == str(root / "helpers.py") and error.line == 2
    assert "ValueError: no data" in error.message
    assert "Traceback" in error.details


def test_string_annotations_are_understood(make_catalog):
    root = make_catalog({"stories.py": "from __future__ import annotations\n" + ROOT})
    assert discover(root).title == "Cat"


def test_story_ids_transliterate_other_scripts(make_catalog):
    """Issue 9: "Größe" became gr-e and "日本語" became item; ids are python-slugify's (README: story ids)."""
    root = make_catalog(
        {
            "stories.py": ROOT,
            "sizes/stories.py": """
            from storydesk import Story, Subject

            def subject() -> Subject:
                return Subject(title="Sizes", target=lambda **p: "<b></b>", items=[
                    Story(title="Größe"), Story(title="日本語"), Story(title="Größe"), Story(title="!!!"),
                    Story(title="Primary button")])
        """,
        }
    )
    stories = discover(root).items[0].items
    assert [s.path for s in stories] == [
        "sizes/grosse",
        "sizes/ri-ben-yu",
        "sizes/grosse-2",
        "sizes/item",
        "sizes/primary-button",
    ]


def test_a_broken_sub_folder_leaves_out_its_subtree_and_keeps_the_rest(make_catalog):
    """Issue 10: one stories.py with a syntax error used to fail the whole catalog."""
    root = make_catalog(
        {
            "stories.py": ROOT,
            "good/stories.py": SUBJECT.format(title="Good"),
            "outer/stories.py": "def section(:\n",
            "outer/inner/stories.py": SUBJECT.format(title="Inner"),
        }
    )
    catalog = discover(root)
    assert [n.title for n in catalog.items] == ["Good"], "the broken folder and the one below it are left out"
    assert [(path, e.file, e.line) for path, e in catalog.broken] == [("outer", str(root / "outer/stories.py"), 1)]


def test_one_scan_finds_what_story_files_and_find_static_find(tmp_path):
    from storydesk.catalog.discovery import scan, story_files
    from storydesk.catalog.static import find_static

    root = tmp_path / "cat"
    for rel in [
        "stories.py",
        "static/site.css",
        "static/img/logo.png",
        "a/stories.py",
        "a/static/a.js",
        "a/static/static/deeper.css",  # a static folder inside a static folder: files of the outer one
        "a/b/stories.py",
        "a/b/static/.hidden/x.css",
        "a/node_modules/static/no.css",
        "venv/static/no.css",
        "venv/c/stories.py",
        "site/storydesk.json",  # a site written inside the catalog: not searched for static folders
        "site/static/no.css",
        "site/d/stories.py",
        ".git/static/no.css",
        "z/static/z.css",
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    stories, static = scan(root)
    expected = find_static(root)
    assert stories == story_files(root)
    assert list(static.files.items()) == list(expected.files.items()) and static.loaded == expected.loaded
    assert "static/z/static/z.css" in static.files and not any("no.css" in p for p in static.files)
