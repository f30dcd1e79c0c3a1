"""Storyville catalogs open in storydesk (issue 12): packages as Python sees them, the model's Storyville
fields, assertions and their query helpers, the build summary, ``storydesk new`` and the pytest plugin.

Every catalog here is written by the test; Storyville's own examples are checked by hand (the closing note).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import write

from storydesk import cli
from storydesk.assertions import (
    GetAllByClass,
    GetAllByLabelText,
    GetAllByRole,
    GetAllByTagName,
    GetAllByTestId,
    GetAllByText,
    GetByClass,
    GetById,
    GetByLabelText,
    GetByRole,
    GetByTagName,
    GetByTestId,
    GetByText,
)
from storydesk.build.pipeline import build
from storydesk.catalog import fresh_import
from storydesk.catalog.assertions import ASSERTIONS_ENV, RenderedStory
from storydesk.catalog.discovery import discover
from storydesk.catalog.packages import layout
from storydesk.scaffold import scaffold

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _forget_imports():
    """Each test's packages (acme, mylib...) are imported afresh and forgotten after."""
    before = set(sys.modules)
    path, meta = list(sys.path), list(sys.meta_path)
    yield
    for name in set(sys.modules) - before:
        del sys.modules[name]
    sys.path[:], sys.meta_path[:] = path, meta
    os.environ.pop(ASSERTIONS_ENV, None)


def manifest(out: Path) -> dict:
    return json.loads((out / "storydesk.json").read_text())


def story(out: Path, path: str) -> dict:
    return next(s for s in manifest(out)["stories"] if s["path"] == path)


# --- packages ------------------------------------------------------------------------------------------------


def enclosing_package(tmp_path: Path) -> Path:
    """``acme`` is a package; its ``catalog`` folder (a namespace package, as in Storyville's examples) is
    the catalog, and its stories import by the full dotted name, also from outside the catalog folder.
    """
    proj = tmp_path / "proj"
    write(proj / "acme" / "__init__.py", "")
    write(proj / "acme" / "words.py", 'GREETING = "Hello"\n')
    write(
        proj / "acme" / "catalog" / "stories.py",
        """
        from storydesk import Catalog


        def catalog() -> Catalog:
            return Catalog(title="Acme")
        """,
    )
    write(
        proj / "acme" / "catalog" / "greeting" / "greeting.py",
        """
        from acme.words import GREETING


        def Greeting(name: str) -> str:
            return f"<p>{GREETING}, {name}</p>"
        """,
    )
    write(
        proj / "acme" / "catalog" / "greeting" / "stories.py",
        """
        from acme.catalog.greeting.greeting import Greeting
        from storydesk import Story, Subject


        def subject() -> Subject:
            return Subject(title="Greeting", target=Greeting, items=[Story(title="World", props={"name": "World"})])
        """,
    )
    return proj / "acme" / "catalog"


def test_a_catalog_inside_a_package_is_imported_under_its_dotted_name(tmp_path):
    root = enclosing_package(tmp_path)
    packages = layout(root)
    assert packages.package == "acme.catalog"
    assert packages.search_paths == (tmp_path / "proj",)
    assert packages.fresh_roots == (tmp_path / "proj" / "acme",)
    assert packages.module_name(root / "greeting" / "stories.py") == "acme.catalog.greeting.stories"
    out = tmp_path / "site"
    result = build(root, out)
    assert result.ok and not result.failed_stories
    assert "<p>Hello, World</p>" in (out / "greeting" / "world.html").read_text()


def test_modules_of_the_enclosing_package_are_imported_fresh_on_every_build(tmp_path):
    root = enclosing_package(tmp_path)
    words = tmp_path / "proj" / "acme" / "words.py"
    out = tmp_path / "site"
    assert build(root, out).ok
    stat = words.stat()
    words.write_text('GREETING = "Howdy"\n')  # same size, same mtime: a .pyc would be taken as current
    os.utime(words, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert build(root, out).ok
    assert "<p>Howdy, World</p>" in (out / "greeting" / "world.html").read_text()
    assert not list((tmp_path / "proj" / "acme").rglob("*.pyc")), "catalog and package modules leave no .pyc"


def test_storydesk_build_finds_the_enclosing_package(tmp_path, capsys):
    root = enclosing_package(tmp_path)
    assert cli.main(["build", str(root), str(tmp_path / "out")]) == 0
    assert "built 1 stories of 'Acme'" in capsys.readouterr().out


def test_a_src_layout_project_s_package_is_found_and_imported_fresh(tmp_path):
    proj = tmp_path / "proj"
    write(proj / "pyproject.toml", '[project]\nname = "mylib"\n')
    write(proj / "src" / "mylib" / "__init__.py", "")
    write(proj / "src" / "mylib" / "badge.py", 'def Badge(text: str) -> str:\n    return f"<b>{text}</b>"\n')
    root = proj / "stories_catalog"
    write(root / "stories.py", "from storydesk import Catalog\n\n\ndef c() -> Catalog:\n    return Catalog('Lib')\n")
    write(
        root / "badge" / "stories.py",
        """
        from mylib.badge import Badge
        from storydesk import Story, Subject


        def s() -> Subject:
            return Subject(title="Badge", target=Badge, items=[Story(title="New", props={"text": "new"})])
        """,
    )
    packages = layout(root)
    assert packages.search_paths == (proj, proj / "src")
    assert proj / "src" in packages.fresh_roots
    out = tmp_path / "site"
    assert build(root, out).ok
    assert "<b>new</b>" in (out / "badge" / "new.html").read_text()
    badge = proj / "src" / "mylib" / "badge.py"
    badge.write_text(badge.read_text().replace("<b>", "<i>").replace("</b>", "</i>"))
    assert build(root, out).ok
    assert "<i>new</i>" in (out / "badge" / "new.html").read_text(), "the src/ module was imported afresh"


def test_the_watcher_also_watches_the_enclosing_package(tmp_path):
    from storydesk.build.watcher import CatalogWatcher

    root = enclosing_package(tmp_path)
    watcher = CatalogWatcher(root, lambda path: None, also=layout(root).fresh_roots)
    assert watcher.roots == [tmp_path / "proj" / "acme"]
    assert watcher.is_relevant(tmp_path / "proj" / "acme" / "words.py")
    assert watcher.is_relevant(root / "greeting" / "greeting.py")
    assert not watcher.is_relevant(tmp_path / "proj" / "other.py")


def test_a_folder_above_that_cannot_be_a_package_ends_the_climb_and_stdlib_names_are_refused(tmp_path):
    from storydesk.catalog.errors import CatalogError

    write(tmp_path / "my-proj" / "__init__.py", "")  # a stray __init__.py in a folder no import can name
    write(tmp_path / "my-proj" / "cat" / "stories.py", "")
    assert layout(tmp_path / "my-proj" / "cat").package == "cat"
    write(tmp_path / "html" / "stories.py", "")
    with pytest.raises(CatalogError, match="'html' is taken by Python's own module"):
        layout(tmp_path / "html")
    with pytest.raises(CatalogError, match="'my-ui' is not a valid Python package name"):
        layout(tmp_path / "my-ui")


# --- the model: themed layouts, targets, callables, titles -------------------------------------------------


THEMED = {
    "__init__.py": "",
    "stories.py": """
        from storydesk import Catalog
        from tdom import html


        def layout(story_title=None, children=None):
            return html(t'<!doctype html><html><body class="brand"><h1>{story_title}</h1>{children}</body></html>')


        def catalog() -> Catalog:
            return Catalog(title="Themed", description="A catalog with its own page.", themed_layout=layout)
        """,
    "card/stories.py": """
        from storydesk import Story, Subject


        def card(text: str) -> str:
            return f"<article>{text}</article>"


        def subject() -> Subject:
            return Subject(title="Card", description="Cards hold text.", target=card,
                           items=[Story(title="Plain", description="Just text.", props={"text": "Hi"})])
        """,
}


def test_a_themed_layout_wraps_each_story_in_the_catalogs_page_shown_in_an_iframe(make_catalog, tmp_path):
    root = make_catalog(THEMED, name="themed")
    out = tmp_path / "site"
    assert build(root, out).ok
    themed = (out / "card" / "plain.themed.html").read_text()
    # children are not escaped; the markers let the accessibility audit find the story in the layout
    assert '<body class="brand"><h1>Plain</h1><!--sd:story--><article>Hi</article><!--/sd:story--></body>' in themed
    page = (out / "card" / "plain.html").read_text()
    assert '<iframe class="sd-themed-frame" src="plain.themed.html"' in page
    assert "<template><!--sd:story--><article>Hi</article><!--/sd:story--></template>" in page
    assert "Cards hold text." in page and "Just text." in page, "the subject's and story's descriptions"


def test_a_themed_layout_that_raises_fails_the_story_naming_the_layouts_line(make_catalog, tmp_path):
    files = dict(THEMED)
    files["stories.py"] = files["stories.py"].replace("return html(", "raise ValueError('no theme')\n            html(")
    root = make_catalog(files, name="themed_bad")
    out = tmp_path / "site"
    result = build(root, out)
    assert [s["path"] for s in result.failed_stories] == ["card/plain"], "counted as a failing story"
    error = story(out, "card/plain")["error"]
    assert error["message"] == "themed_layout raised ValueError: no theme"
    assert (error["file"], error["line"]) == (str(root / "stories.py"), 6)
    assert "sd-error-card" in (out / "card" / "plain.html").read_text()
    assert not (out / "card" / "plain.themed.html").exists()


def test_a_themed_page_loads_the_catalogs_static_files(make_catalog, tmp_path):
    files = dict(THEMED)
    files["static/brand.css"] = "body { color: rebeccapurple; }\n"
    files["card/stories.py"] = files["card/stories.py"].replace(
        'f"<article>{text}</article>"', """f'<article><img src="static/logo.svg">{text}</article>'"""
    )
    files["card/static/logo.svg"] = "<svg xmlns='http://www.w3.org/2000/svg'/>\n"
    root = make_catalog(files, name="themed_static")
    out = tmp_path / "site"
    assert build(root, out).ok
    themed = (out / "card" / "plain.themed.html").read_text()
    assert '<link rel="stylesheet" href="../static/static/brand.css">' in themed
    assert themed.startswith("<!DOCTYPE html>") and themed.index("brand.css") < themed.index("<body")
    assert 'src="../static/card/static/logo.svg"' in themed


CALLABLES = {
    "__init__.py": "",
    "stories.py": "from storydesk import Catalog\n\n\ndef c() -> Catalog:\n    return Catalog(title='Calls')\n",
    "components/stories.py": "from storydesk import Section\n\n\ndef s() -> Section:\n    return Section()\n",
    "components/chip/stories.py": """
        from dataclasses import dataclass

        from storydesk import Story, Subject
        from tdom import html


        @dataclass
        class Chip:  # Storyville's convention: the instance is called to render
            label: str

            def __call__(self):
                return html(t"<span class='chip'>{self.label}</span>")


        def Dot(size: int) -> str:
            return f"<i data-size='{size}'></i>"


        def banner():
            return t"<div role='banner'>Custom</div>"


        def subject() -> Subject:
            return Subject(
                target=Chip,
                items=[
                    Story(props={"label": "One"}),
                    Story(target=Dot, props={"size": 3}),
                    Story(template=banner),
                    Story(title="Plain string template", template="<em>str</em>"),
                ],
            )
        """,
}


def test_callable_results_story_targets_callable_templates_and_storyvilles_default_titles(make_catalog, tmp_path):
    root = make_catalog(CALLABLES, name="calls")
    catalog = discover(root)
    section = catalog.items[0]
    subject = section.items[0]
    assert section.title == ".components" and subject.title == ".components.chip", "as Storyville names them"
    assert [s.title for s in subject.items][:3] == [".components.chip Story"] * 3
    out = tmp_path / "site"
    result = build(root, out)
    assert result.ok and not result.failed_stories
    pages = {s["path"]: (out / s["href"]).read_text() for s in result.stories}
    htmls = list(pages.values())
    assert '<span class="chip">One</span>' in htmls[0], "the dataclass instance was called"
    assert "data-size='3'" in htmls[1], "the story's target overrides the subject's"
    assert '<div role="banner">Custom</div>' in htmls[2], "a callable template returning a Template"
    assert "<em>str</em>" in htmls[3]
    fields = story(out, result.stories[1]["path"])["fields"]
    assert [f["name"] for f in fields] == ["size"], "the props form describes the story's own target"


def test_storyvilles_dict_items_and_none_titles_are_accepted():
    from storydesk import Section, Story, Subject

    subject = Subject(title=None, description=None, items={"a": Story(title=None)})  # type: ignore[arg-type]
    assert subject.title == "" and subject.items[0].title == ""
    assert Section(items={"s": subject}).items == [subject]  # type: ignore[arg-type]


# --- assertions --------------------------------------------------------------------------------------------

MARKUP = """
<header><nav aria-label="Main"><a href="/">Home</a><a href="/docs" aria-current="page">Docs</a></nav></header>
<main>
  <h1>Settings</h1><h2 id="t">Profile</h2>
  <form aria-labelledby="t">
    <label for="n">Name</label><input id="n" value="Ada">
    <label>Email <input type="email" data-testid="email"></label>
    <input type="checkbox" id="c" checked><label for="c">Subscribe</label>
    <input type="search" aria-label="Find">
    <select><option>One</option><option>Two</option></select>
    <button class="btn primary" type="submit" disabled>Save</button>
    <button class="btn">Cancel</button>
  </form>
  <ul><li class="item">First</li><li class="item">Second</li><li class="item">Third</li></ul>
  <img src="a.png" alt="A cat"><img src="d.png" alt="">
</main>
<footer>(c) Acme</footer>
"""


@pytest.mark.parametrize(
    "helper",
    [
        GetByRole("heading", level=1).text_content("Settings"),
        GetByRole("heading", name="Profile"),
        GetByRole("button", name="Save").with_attribute("disabled"),
        GetByRole("button", name="Save").with_attribute("type", "submit"),
        GetByRole("link", name="Docs").with_attribute("aria-current", "page"),
        GetByRole("navigation", name="Main"),
        GetByRole("banner"),
        GetByRole("contentinfo"),
        GetByRole("main"),
        GetByRole("form", name="Profile"),
        GetByRole("checkbox", name="Subscribe").with_attribute("checked"),
        GetByRole("searchbox", name="Find"),
        GetByRole("combobox"),
        GetByRole("img", name="A cat"),
        GetByRole("dialog").not_(),
        GetByRole("button").not_(),  # two buttons: not exactly one
        GetByText("Second").with_attribute("class", "item"),
        GetByText("Nope").not_(),
        GetByLabelText("Name").with_attribute("value", "Ada"),
        GetByLabelText("Email").with_attribute("data-testid", "email"),
        GetByLabelText("Find"),
        GetByTestId("email").with_attribute("type", "email"),
        GetByClass("primary").text_content("Save"),
        GetById("n").with_attribute("value", "Ada"),
        GetByTagName("select"),
        GetByTagName("table").not_(),
        GetAllByRole("listitem").count(3).nth(2).text_content("Third"),
        GetAllByRole("textbox").count(2),
        GetAllByRole("button").nth(1).text_content("Cancel"),
        GetAllByText("First").count(1),
        GetAllByLabelText("Name").count(1).nth(0).with_attribute("id", "n"),
        GetAllByTestId("email").count(1),
        GetAllByClass("btn").count(2).nth(0).with_attribute("disabled"),
        GetAllByTagName("option").count(2).nth(1).text_content("Two"),
        GetAllByRole("presentation").count(1),
    ],
    ids=repr,
)
def test_every_query_helper_passes_on_matching_markup(helper):
    helper(RenderedStory(MARKUP))
    helper(MARKUP)  # a plain str works too


TRICKY = """
<button><span aria-hidden="true">x</span> Close</button>
<button><img src="s.svg" alt="Save"></button>
<label>Choose <select><option>A</option><option selected>B</option></select></label>
<fieldset><legend>Shipping</legend><input type="radio" aria-labelledby="missing" aria-label="Fast"></fieldset>
<div hidden><button>Secret</button></div>
<input type="image" src="go.png" alt="Go"><input type="time" aria-label="When">
"""


@pytest.mark.parametrize(
    "helper",
    [
        GetByRole("button", name=re.compile(r"^Close$")),  # aria-hidden content is not part of the name
        GetByRole("button", name="Save"),  # an image's alt names its button
        GetByLabelText(re.compile("^Choose$")).text_content("AB"),  # the label's text without its options
        GetByRole("combobox", name=re.compile("^Choose$")),  # nor is a control part of its own name
        GetByRole("group", name="Shipping"),
        GetByRole("radio", name="Fast"),  # aria-labelledby naming nothing falls through to aria-label
        GetByRole("button", name="Secret").not_(),  # hidden: no role
        GetByText("Secret"),  # ... but its text is still found, as in Testing Library
        GetByRole("button", name="Go"),
        GetByRole("textbox", name="When").not_(),  # a time input has no ARIA role (HTML-AAM)
        GetByText("los"),  # strings match inside the text, as storyville.assertions does
        GetAllByRole("button", name=re.compile("^(Close|Go)$")).count(2),
    ],
    ids=repr,
)
def test_names_labels_and_hidden_elements_follow_accname_and_testing_library(helper):
    helper(TRICKY)


def test_refinements_add_up_and_a_closed_dialog_has_no_role():
    markup = '<label>Email <input type="email" required></label><dialog><button>Close</button></dialog>'
    GetByLabelText("Email").with_attribute("type", "email").with_attribute("required")(markup)
    with pytest.raises(AssertionError, match="Expected attribute 'type'='text' but got 'email'"):
        GetByLabelText("Email").with_attribute("required").with_attribute("type", "text")(markup)
    with pytest.raises(AssertionError, match="Expected text: 'B'"):
        GetByText("Close").text_content("Close").text_content("B")(markup)
    GetByRole("dialog").not_()(markup)
    GetByRole("button").not_()(markup)
    GetByRole("dialog")(markup.replace("<dialog>", "<dialog open>"))


def test_a_helper_knows_the_line_that_made_it():
    helper = GetByRole("button").with_attribute("type")  # the line below the def: this one
    assert helper.defined_at == (__file__, test_a_helper_knows_the_line_that_made_it.__code__.co_firstlineno + 1)


def test_table_part_components_keep_their_elements():
    GetAllByRole("cell").count(2)("<tr><td>a</td><td>b</td></tr>")
    GetByRole("row")("<tr><td>a</td></tr>")


@pytest.mark.parametrize(
    ("helper", "message"),
    [
        (GetByRole("heading", level=3), "Unable to find an element with role='heading', level=3"),
        (GetByRole("button"), "Found 2 elements, expected one"),
        (GetByRole("heading", level=1).not_(), "Expected element NOT to exist"),
        (GetByRole("heading", level=1).text_content("Other"), "Expected text: 'Other' but got: 'Settings'"),
        (GetByText("Save").with_attribute("title"), "Expected attribute 'title' not found"),
        (GetByLabelText("Name").with_attribute("value", "Bob"), "Expected attribute 'value'='Bob' but got 'Ada'"),
        (GetByTestId("missing"), "Unable to find an element with test_id='missing'"),
        (GetByClass("ghost"), "class_name='ghost'"),
        (GetById("zz"), "id='zz'"),
        (GetByTagName("table"), "tag_name='table'"),
        (GetAllByRole("listitem").count(2), "Expected count: 2 but found: 3 elements"),
        (GetAllByRole("listitem").nth(5), "Index 5 out of bounds, found 3 elements"),
        (GetAllByText("Nothing"), "Unable to find any element with text='Nothing'"),
        (GetAllByLabelText("Nope"), "label='Nope'"),
        (GetAllByTestId("x"), "test_id='x'"),
        (GetAllByClass("x"), "class_name='x'"),
        (GetAllByTagName("table"), "tag_name='table'"),
    ],
    ids=lambda v: v if isinstance(v, str) else repr(v),
)
def test_every_query_helper_fails_with_a_readable_message(helper, message):
    with pytest.raises(AssertionError, match=None) as info:
        helper(RenderedStory(MARKUP))
    assert message in str(info.value)


ASSERTED = {
    "__init__.py": "",
    "stories.py": "from storydesk import Catalog\n\n\ndef c() -> Catalog:\n    return Catalog(title='Checked')\n",
    "button/stories.py": """
        from storydesk import Story, Subject
        from storydesk.assertions import GetByRole


        def button(label: str) -> str:
            return f"<button>{label}</button>"


        def is_short(el):
            assert len(str(el)) < 10, "too long for a button"


        def subject() -> Subject:
            return Subject(
                title="Button",
                target=button,
                items=[
                    Story(title="Save", props={"label": "Save"},
                          assertions=[GetByRole("button", name="Save"), lambda el: el.__html__()]),
                    Story(title="Long", props={"label": "Save everything"},
                          assertions=[is_short, lambda el: 1 / 0]),
                ],
            )
        """,
}


def test_assertion_results_reach_the_manifest_the_page_badges_and_the_tree(make_catalog, tmp_path):
    root = make_catalog(ASSERTED, name="asserted")
    out = tmp_path / "site"
    result = build(root, out)
    assert result.assertion_counts == (2, 2)
    save, long = story(out, "button/save"), story(out, "button/long")
    assert [r["passed"] for r in save["assertions"]] == [True, True]
    first, second = long["assertions"]
    assert first["name"] == "Assertion 1" and first["message"] == "too long for a button"
    assert (first["file"], first["line"]) == (str(root / "button" / "stories.py"), 10)
    assert second["message"] == "Critical error: ZeroDivisionError: division by zero"
    page = (out / "button" / "long.html").read_text()
    assert '<li class="sd-badge sd-badge-fail" title="too long for a button">' in page
    assert 'aria-label="0 of 2 assertions passed"' in page
    tree = manifest(out)["tree"][0]["children"]
    assert [n.get("assertions") for n in tree] == [[2, 0], [0, 2]]


def test_storydesk_build_summary_counts_assertions_and_strict_fails_on_them(make_catalog, tmp_path, capsys):
    root = make_catalog(ASSERTED, name="asserted_cli")
    assert cli.main(["build", str(root), str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert printed.rstrip().endswith("assertions: 2 passed, 2 failed")
    assert f"failed: button/long Assertion 1: {root / 'button' / 'stories.py'}:10: too long for a button" in printed
    assert cli.main(["build", "--strict", str(root), str(tmp_path / "out")]) == 1
    assert cli.main(["build", "--no-with-assertions", "--strict", str(root), str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.rstrip().endswith("assertions: not run")
    assert "assertions" not in json.dumps(manifest(tmp_path / "out")["tree"])


# --- storydesk new and the pytest plugin ------------------------------------------------------------------


def test_storydesk_new_scaffolds_a_catalog_that_builds_with_passing_assertions(tmp_path, capsys):
    folder = tmp_path / "my_ui"
    assert cli.main(["new", str(folder)]) == 0
    assert f"open it:   storydesk {folder}" in capsys.readouterr().out
    assert (folder / "components" / "button" / "static" / "button.css").is_file()
    result = build(folder, tmp_path / "site")
    assert result.ok and not result.failed_stories and not result.broken
    assert result.assertion_counts == (3, 0)
    tree = result.tree[0]
    assert tree["title"] == "Components" and [c["title"] for c in tree["children"]] == ["Button", "Forms"]
    assert len(tree["children"][0]["children"]) == 3, "a subject with three stories"
    assert cli.main(["new", str(folder)]) == 1, "an existing, non-empty folder is refused"
    assert "exists and is not an empty folder" in capsys.readouterr().err
    with pytest.raises(Exception, match="not a valid Python package name"):
        scaffold(tmp_path / "9lives")
    with pytest.raises(Exception, match="is a Python keyword"):
        scaffold(tmp_path / "class")
    with pytest.raises(Exception, match="a Python module the catalog would hide"):
        scaffold(tmp_path / "email")


def test_the_pytest_plugin_gives_each_story_a_render_test_and_one_per_assertion(make_catalog, pytester):
    root = make_catalog(ASSERTED, name="plugged")
    result = pytester.runpytest_subprocess("-p", "no:xvfb", "--storydesk", str(root), "-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, failed=2)
    name = "plugged"  # the folder, relative to pytest's rootdir when inside it
    result.stdout.fnmatch_lines(
        [
            f"*{name}::button/save::renders PASSED*",
            f"*{name}::button/save::assertion 1 PASSED*",
            f"*{name}::button/long::assertion 1 FAILED*",
            "*AssertionError: too long for a button*",
        ]
    )
    assert "pytest_plugin.py" not in result.stdout.str(), "the plugin's own frames are hidden"


def test_the_pytest_plugin_places_a_helpers_failure_and_runs_the_themed_layout(make_catalog, pytester):
    files = dict(THEMED)
    files["card/stories.py"] = (
        files["card/stories.py"]
        .replace(
            'props={"text": "Hi"})',
            'props={"text": "Hi"},\n                           assertions=[GetByRole("button")])',
        )
        .replace(
            "from storydesk import Story, Subject",
            "from storydesk import Story, Subject\n        from storydesk.assertions import GetByRole",
        )
    )
    root = make_catalog(files, name="plugged_helper")
    result = pytester.runpytest_subprocess("-p", "no:xvfb", "--storydesk", str(root), "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([f"*{root / 'card' / 'stories.py'}:12: GetByRole(role='button') failed:*"])
    files["stories.py"] = files["stories.py"].replace("return html(", "raise ValueError('no theme')\n            html(")
    root = make_catalog(files, name="plugged_themed")
    result = pytester.runpytest_subprocess("-p", "no:xvfb", "--storydesk", str(root), "-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)  # renders, and the assertion that needs it
    result.stdout.fnmatch_lines([f"*{root / 'stories.py'}:6: themed_layout raised ValueError: no theme*"])


def test_the_pytest_plugin_reads_the_ini_setting_and_names_a_broken_stories_file(make_catalog, pytester):
    files = dict(ASSERTED)
    files["broken/stories.py"] = "from storydesk import Subject\n\n\ndef s() -> Subject:\n    return 1 +\n"
    root = make_catalog(files, name="plugged_ini")
    pytester.makeini(f"[pytest]\nstorydesk_paths = {root}\n")
    result = pytester.runpytest_subprocess("-p", "no:xvfb", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, failed=3)
    result.stdout.fnmatch_lines(["*broken/stories.py*", f"*{root / 'broken' / 'stories.py'}*"])


def test_the_pytest_plugin_collects_only_render_tests_without_assertions(make_catalog, pytester, monkeypatch):
    root = make_catalog(ASSERTED, name="plugged_off")
    monkeypatch.setenv(ASSERTIONS_ENV, "0")
    result = pytester.runpytest_subprocess("-p", "no:xvfb", "--storydesk", str(root), "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_fresh_import_install_leaves_storydesk_itself_alone(tmp_path):
    write(tmp_path / "storydesk_clash" / "stories.py", "")
    import storydesk.catalog.model as model

    fresh_import.install(layout(tmp_path / "storydesk_clash"))
    assert sys.modules["storydesk.catalog.model"] is model


def test_a_query_helpers_failure_is_placed_at_the_line_that_made_it(make_catalog, tmp_path):
    files = dict(ASSERTED)
    files["button/stories.py"] = files["button/stories.py"].replace(
        'GetByRole("button", name="Save")', 'GetByRole("button", name="Nope")'
    )
    root = make_catalog(files, name="placed")
    out = tmp_path / "site"
    build(root, out)
    first = story(out, "button/save")["assertions"][0]
    assert not first["passed"] and first["message"].startswith("Unable to find an element with role='button'")
    assert (first["file"], first["line"]) == (str(root / "button" / "stories.py"), 19), "the helper's own line"


def test_the_environment_turns_assertions_off_without_a_flag(make_catalog, tmp_path, capsys, monkeypatch):
    root = make_catalog(ASSERTED, name="env_off")
    monkeypatch.setenv(ASSERTIONS_ENV, "0")
    assert cli.main(["build", "--strict", str(root), str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.rstrip().endswith("assertions: not run")


def test_the_plugin_leaves_the_users_modules_alone_and_ini_catalogs_follow_the_paths_asked(pytester):
    pytester.makefile(".toml", pyproject='[project]\nname = "mypkg"\n')
    pytester.mkdir("src")
    write(pytester.path / "src" / "mypkg" / "__init__.py", "")
    write(pytester.path / "src" / "mypkg" / "mod.py", "def label():\n    return 'Hi'\n")
    write(
        pytester.path / "catalog" / "stories.py",
        "from storydesk import Catalog\n\n\ndef c() -> Catalog:\n    return Catalog('C')\n",
    )
    write(
        pytester.path / "catalog" / "hi" / "stories.py",
        """
        from mypkg.mod import label
        from storydesk import Story, Subject


        def s() -> Subject:
            return Subject(title="Hi", target=lambda: f"<p>{label()}</p>", items=[Story(title="One")])
        """,
    )
    write(
        pytester.path / "tests" / "test_keep.py",
        """
        import sys

        import mypkg.mod

        ORIGINAL = mypkg.mod


        def test_the_package_module_is_still_the_one_imported():
            assert sys.modules["mypkg.mod"] is ORIGINAL
        """,
    )
    pytester.makeini("[pytest]\npythonpath = src\nstorydesk_paths = catalog\n")
    result = pytester.runpytest_subprocess("-p", "no:xvfb", "-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=2)  # the catalog's render test and the user's own
    result.stdout.fnmatch_lines(["*test_keep.py::*PASSED*", "*catalog::hi/one::renders PASSED*"])
    only = pytester.runpytest_subprocess("-p", "no:xvfb", "-p", "no:cacheprovider", "tests/test_keep.py")
    only.assert_outcomes(passed=1)  # a path that does not hold the catalog: its tests stay out
