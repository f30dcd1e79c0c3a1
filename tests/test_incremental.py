"""Incremental builds (issue 13): after any sequence of edits, the site an incremental build makes is
byte-identical to the one a full build makes.

The property test keeps a small catalog as a model (subjects with stories, components, a helper module, a
data file a component reads while rendering, a module one component imports only when it exists, props
edits) and applies random edit sequences: component bodies, stories added, removed, renamed and moved between
subjects, subjects added, removed and retitled, helper modules changed, syntax errors and their fixes. After
every step the catalog is built twice: incrementally into one site, and in full (incremental builds off)
into another that went through the same steps; the two must be the same file for file, and, when no folder
is broken (a broken folder keeps pages of the site it was built into), the same as a fresh full build too.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storydesk.build.pipeline import build
from storydesk.catalog import depends
from storydesk.catalog.incremental import INCREMENTAL_ENV, LEDGER
from storydesk.catalog.site import MANIFEST

PKG = "inccat"
COMPONENTS = 3
WORDS = ["alpha", "beta", "gamma", "delta", "omega"]


@dataclass
class Model:
    """What the catalog holds; :meth:`write` writes it as files (only those whose text changed)."""

    #: subject folder -> [title, component index, [[story title, label]], broken]
    subjects: dict[str, list] = field(
        default_factory=lambda: {
            "s0": ["Buttons", 0, [["Primary", "Save"], ["Danger", "Delete"]], False],
            "s1": ["Cards", 1, [["Plain", "Hello"]], False],
            "s2": ["Notes", 2, [["Note", "Read me"], ["Other", "Skip"]], False],
        }
    )
    bodies: list[str] = field(default_factory=lambda: ["one", "two", "three"])
    broken_component: int | None = None
    helper: str = "help"
    data: str = "from a file"
    extra: str | None = None  # the optional module's text, or None when it does not exist
    overrides: dict[str, dict] = field(default_factory=dict)
    next_id: int = 3

    def files(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {
            "__init__.py": "",
            "stories.py": "from storydesk import Catalog\n\n\ndef catalog() -> Catalog:\n"
            "    return Catalog(title='Inc')\n",
            "components/__init__.py": "",
            "components/helper.py": f"def tag(text):\n    return f'[{{text}}|{self.helper}]'\n",
            "components/data.txt": self.data,
            "components/extra.py": None if self.extra is None else f"NOTE = {self.extra!r}\n",
            "section/__init__.py": "",
            "section/stories.py": "from storydesk import Section\n\n\ndef section() -> Section:\n"
            "    return Section(title='All')\n",
        }
        for k in range(COMPONENTS):
            broken = "  oops(\n" if self.broken_component == k else ""
            uses = {
                0: "from inccat.components.helper import tag\n",  # a helper imported at module level
                1: "",  # one imported inside the function (at render time)
                2: "from pathlib import Path\n",  # reads a data file while rendering
            }[k]
            body = {
                0: f"    return t'<p class=\"c0\">{{tag(label)}} {self.bodies[0]}</p>'\n",
                1: "    from inccat.components.helper import tag\n"
                "    try:\n        from inccat.components.extra import NOTE\n"
                "    except ImportError:\n        NOTE = 'none'\n"
                f"    return t'<div class=\"c1\">{{tag(label)}} {{NOTE}} {self.bodies[1]}</div>'\n",
                2: "    text = (Path(__file__).parent / 'data.txt').read_text()\n"
                f"    return t'<span class=\"c2\">{{label}} {{text}} {self.bodies[2]}</span>'\n",
            }[k]
            out[f"components/c{k}.py"] = (
                f"from string.templatelib import Template\n{uses}\n\n"
                f"def C{k}(label: str = 'x') -> Template:\n{body}{broken}"
            )
        for folder, (title, comp, stories, broken) in self.subjects.items():
            items = "".join(f"            Story(title={t!r}, props={{'label': {lab!r}}}),\n" for t, lab in stories)
            out[f"section/{folder}/__init__.py"] = ""
            out[f"section/{folder}/stories.py"] = (
                f"from storydesk import Story, Subject\nfrom inccat.components.c{comp} import C{comp}\n\n\n"
                f"def subject() -> Subject:\n    return Subject(\n        title={title!r},\n        target=C{comp},\n"
                f"        items=[\n{items}        ],\n    )\n" + ("this is not python (\n" if broken else "")
            )
        return out

    def write(self, root: Path) -> None:
        wanted = self.files()
        for folder in {p.parent for p in root.glob("section/*/stories.py")}:
            if f"section/{folder.name}/stories.py" not in wanted:
                shutil.rmtree(folder)
        for rel, text in wanted.items():
            path = root / rel
            if text is None:
                path.unlink(missing_ok=True)
            elif not path.exists() or path.read_text() != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)


# -- edits -----------------------------------------------------------------------------------------------
def apply(model: Model, edit: tuple) -> None:
    """Apply one random ``edit`` (a tuple drawn by :data:`EDITS`) to ``model``; impossible ones do nothing."""
    kind, a, b, word = edit
    folders = sorted(model.subjects)
    folder = folders[a % len(folders)] if folders else None
    subject = model.subjects.get(folder) if folder else None
    if kind == "body":
        model.bodies[a % COMPONENTS] = word
    elif kind == "helper":
        model.helper = word
    elif kind == "data":
        model.data = word
    elif kind == "extra":
        model.extra = None if model.extra is not None else word
    elif kind == "break_component":
        model.broken_component = None if model.broken_component is not None else a % COMPONENTS
    elif kind == "add_subject":
        model.subjects[f"s{model.next_id}"] = [word.title(), b % COMPONENTS, [["First", word]], False]
        model.next_id += 1
    elif subject is None:
        return
    elif kind == "remove_subject":
        del model.subjects[folder]
    elif kind == "retitle_subject":
        subject[0] = word.title()
    elif kind == "retarget":
        subject[1] = b % COMPONENTS
    elif kind == "break_subject":
        subject[3] = not subject[3]
    elif kind == "add_story":
        subject[2].append([word.title(), word])
    elif kind == "remove_story" and subject[2]:
        subject[2].pop(b % len(subject[2]))
    elif kind == "rename_story" and subject[2]:
        subject[2][b % len(subject[2])][0] = word.title()
    elif kind == "move_story" and subject[2] and len(folders) > 1:
        story = subject[2].pop(b % len(subject[2]))
        model.subjects[folders[(a + 1) % len(folders)]][2].append(story)
    elif kind == "override" and subject[2]:
        title = subject[2][b % len(subject[2])][0]
        model.overrides[f"section/{folder}/{title.lower()}"] = {"label": word}


KINDS = [
    "body",
    "helper",
    "data",
    "extra",
    "break_component",
    "add_subject",
    "remove_subject",
    "retitle_subject",
    "retarget",
    "break_subject",
    "add_story",
    "remove_story",
    "rename_story",
    "move_story",
    "override",
]
EDITS = st.tuples(st.sampled_from(KINDS), st.integers(0, 9), st.integers(0, 9), st.sampled_from(WORDS))


# -- comparing sites -------------------------------------------------------------------------------------
def site_files(out: Path) -> dict[str, bytes]:
    """Every file of the site at ``out`` but the ledger, the manifest without its per-build figures."""
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel != LEDGER:
            files[rel] = path.read_bytes()
    manifest = json.loads(files.pop(MANIFEST))
    for key in ("render_ms", "write_ms", "changed"):
        manifest.pop(key, None)
    files[MANIFEST] = json.dumps(manifest, sort_keys=True).encode()
    return files


def full_build(root: Path, out: Path, overrides: dict) -> dict:
    os.environ[INCREMENTAL_ENV] = "0"
    try:
        result = build(root, out, overrides=overrides)
    finally:
        del os.environ[INCREMENTAL_ENV]
    assert result.incremental == {}
    return vars(result)


def assert_same(a: dict[str, bytes], b: dict[str, bytes], what: str) -> None:
    assert sorted(a) == sorted(b), f"{what}: files differ: {sorted(set(a) ^ set(b))}"
    for name in a:
        assert a[name] == b[name], f"{what}: {name} differs:\n{a[name][:600]!r}\n---\n{b[name][:600]!r}"


@pytest.fixture(autouse=True)
def _incremental_on(monkeypatch):
    monkeypatch.delenv(INCREMENTAL_ENV, raising=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=8))
def test_incremental_site_is_byte_identical_to_a_full_build(edits):
    check_edits(edits)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=8))
def test_incremental_site_is_byte_identical_when_stats_are_trusted(edits):
    """As above, with files trusted by their stat as soon as it is older than the build that recorded it (every
    edit here lands within the 2 s in which a stat alone is not trusted, so the test above always hashes).
    """
    with mock.patch.object(depends, "RACY_NS", 0):
        check_edits(edits)


def check_edits(edits: list[tuple]) -> None:
    """Apply ``edits`` one by one, comparing the incremental site with full builds after each."""
    with tempfile.TemporaryDirectory(prefix="storydesk-inc-") as tmp:
        base = Path(tmp)
        root = base / PKG
        model = Model()
        model.write(root)
        inc, full = base / "site-inc", base / "site-full"
        first = build(root, inc)
        assert first.ok and first.incremental["reason"] == "no ledger from a previous build"
        full_build(root, full, {})
        reused = 0
        for step, edit in enumerate(edits):
            apply(model, edit)
            model.write(root)
            result = build(root, inc, overrides=model.overrides)
            assert result.ok, result.error
            reused += result.incremental["reused"]
            full_build(root, full, model.overrides)
            what = f"after step {step} {edit}"
            assert_same(site_files(inc), site_files(full), what)
            if not any(s[3] for s in model.subjects.values()) and model.broken_component is None:
                fresh = base / f"site-fresh-{step}"
                full_build(root, fresh, model.overrides)
                assert_same(site_files(inc), site_files(fresh), f"{what} (fresh)")
        del reused  # how much was reused varies with the edits; test_reuses_* below pin it down


def model_edit(root: Path, **changes) -> Callable[[], None]:
    """An edit of the model catalog at ``root``: ``changes`` set on a fresh :class:`Model`, written."""

    def edit() -> None:
        model = Model()
        for name, value in changes.items():
            setattr(model, name, value)
        model.write(root)

    return edit


def build_twice(root: Path, out: Path, change) -> dict:
    assert build(root, out).ok
    change()
    result = build(root, out)
    assert result.ok, result.error
    return result.incremental


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / PKG
    Model().write(root)
    return root


def test_reuses_every_subject_a_stories_edit_does_not_reach(catalog, tmp_path):
    stories = catalog / "section/s1/stories.py"
    stats = build_twice(catalog, tmp_path / "site", lambda: stories.write_text(stories.read_text() + "# saved\n"))
    assert stats == {"reused": 4, "rendered": 1, "reason": ""}


def test_a_component_edit_renders_the_subjects_that_import_it(catalog, tmp_path):
    stats = build_twice(
        catalog, tmp_path / "site", model_edit(catalog, helper="changed")
    )  # c0 imports it at module level, c1 inside its function
    assert stats == {"reused": 2, "rendered": 3, "reason": ""}
    assert "changed" in (tmp_path / "site/section/s1/plain.html").read_text()


def test_a_data_file_read_while_rendering_gives_a_full_build(catalog, tmp_path):
    stats = build_twice(catalog, tmp_path / "site", model_edit(catalog, data="new words"))
    assert stats["rendered"] == 5 and "data.txt changed" in stats["reason"]
    assert "new words" in (tmp_path / "site/section/s2/note.html").read_text()


def test_a_module_that_was_missing_gives_a_full_build_when_it_appears(catalog, tmp_path):
    stats = build_twice(catalog, tmp_path / "site", model_edit(catalog, extra="now here"))
    assert stats["rendered"] == 5 and "extra" in stats["reason"]
    assert "now here" in (tmp_path / "site/section/s1/plain.html").read_text()


def test_a_props_edit_renders_only_its_subject(catalog, tmp_path):
    out = tmp_path / "site"
    assert build(catalog, out).ok
    result = build(catalog, out, overrides={"section/s2/note": {"label": "edited"}})
    assert result.incremental == {"reused": 3, "rendered": 2, "reason": ""}
    assert "edited" in (out / "section/s2/note.html").read_text()


def test_incremental_builds_turned_off_build_everything_and_leave_no_ledger(catalog, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert build(catalog, out).ok
    assert (out / LEDGER).is_file()
    monkeypatch.setenv(INCREMENTAL_ENV, "0")
    result = build(catalog, out)
    assert result.ok and result.incremental == {}
    assert not (out / LEDGER).exists()


def test_a_helper_module_outside_the_catalog_is_tracked_too(tmp_path, monkeypatch):
    from storydesk.build.pool import InterpreterPool

    libs = tmp_path / "libs"
    libs.mkdir()
    (libs / "outside_words.py").write_text("WORD = 'first'\n")
    monkeypatch.syspath_prepend(str(libs))  # the pool's interpreters copy sys.path
    root = tmp_path / PKG
    Model().write(root)
    (root / "section/s1/stories.py").write_text(
        "from storydesk import Story, Subject\nfrom outside_words import WORD\n\n\n"
        "def subject() -> Subject:\n    return Subject(title='Words', target=lambda: f'<b>{WORD}</b>', "
        "items=[Story(title='Word')])\n"
    )
    out = tmp_path / "site"
    pool = InterpreterPool(parallel_min_stories=None)
    try:
        assert pool.build(root, out).ok
        (libs / "outside_words.py").write_text("WORD = 'second'\n")
        result = pool.build(root, out)
    finally:
        pool.close()
    assert result.ok and result.incremental == {"reused": 4, "rendered": 1, "reason": ""}
    assert "<b>second</b>" in (out / "section/s1/word.html").read_text()


def test_a_ledger_of_an_unexpected_shape_gives_a_full_build(catalog, tmp_path):
    import marshal

    from storydesk.catalog import incremental

    out = tmp_path / "site"
    assert build(catalog, out).ok
    ledger = incremental.read_ledger(out)
    ledger["units"] = {"section/s0": {"deps": 3}}  # written by a storydesk with a bug, say
    (out / LEDGER).write_bytes(marshal.dumps(ledger))
    result = build(catalog, out)
    assert result.ok and result.incremental["rendered"] == 5
    assert result.incremental["reason"].startswith("the ledger could not be used")
    assert build(catalog, out).incremental["reused"] == 5  # and the next build has a good ledger again


def test_a_catalog_inside_a_library_folder_is_tracked_like_the_bundled_demo(demo_copy, tmp_path, monkeypatch):
    # the bundled demo lies inside storydesk's own package, whose modules are library code, not the user's:
    # here the demo's copy lies inside a folder given as library code in the same way
    from storydesk.build import pipeline

    monkeypatch.setattr(pipeline, "library_dirs", lambda: (str(tmp_path) + os.sep,))
    actions = demo_copy / "components" / "actions.py"
    out = tmp_path / "site"
    assert build(demo_copy, out).ok
    text = actions.read_text()
    assert '<button type="button"' in text
    actions.write_text(text.replace('<button type="button"', '<button type="button" data-edited="yes"'))
    result = build(demo_copy, out)
    assert result.ok and 0 < result.incremental["rendered"] < result.story_count
    assert 'data-edited="yes"' in (out / "actions/button/primary.html").read_text()


def test_a_module_that_failed_to_import_and_is_fixed_renders_its_stories_again(catalog, tmp_path):
    icons = catalog / "components" / "icons.py"
    icons.write_text("ICON = (\n")  # a syntax error
    c2 = catalog / "components" / "c2.py"
    c2.write_text(
        c2.read_text().replace("    text = ", "    from inccat.components.icons import ICON\n    text = ICON + ")
    )
    out = tmp_path / "site"
    assert build(catalog, out).ok
    assert "SyntaxError" in (out / "section/s2/note.html").read_text()
    icons.write_text("ICON = 'star '\n")
    result = build(catalog, out)
    assert result.ok and result.incremental["rendered"] == 2  # the two stories of s2, which import it
    assert "star" in (out / "section/s2/note.html").read_text()


def test_a_save_landing_after_planning_is_rendered_by_the_next_build(catalog, tmp_path, monkeypatch):
    from storydesk.catalog import incremental

    out = tmp_path / "site"
    assert build(catalog, out).ok
    helper = catalog / "components" / "helper.py"
    s1 = catalog / "section" / "s1" / "stories.py"
    real_plan = incremental.Reuse.plan.__func__

    def plan_then_save(cls, *args, **kwargs):  # a Save All: s1 is saved, and the helper a moment after
        reuse = real_plan(cls, *args, **kwargs)
        helper.write_text(helper.read_text().replace("help", "late"))
        return reuse

    s1.write_text(s1.read_text() + "# saved\n")
    monkeypatch.setattr(incremental.Reuse, "plan", classmethod(plan_then_save))
    build(catalog, out)  # s1 renders with the new helper; s0 (which imports it too) was planned as kept
    monkeypatch.undo()
    assert "late" in (out / "section/s1/plain.html").read_text()
    assert build(catalog, out).ok
    assert "late" in (out / "section/s0/primary.html").read_text()


def test_a_data_file_outside_the_catalog_s_package_is_tracked(catalog, tmp_path):
    outside = tmp_path / "words.txt"
    outside.write_text("first")
    c2 = catalog / "components" / "c2.py"
    c2.write_text(c2.read_text().replace("(Path(__file__).parent / 'data.txt')", f"Path({str(outside)!r})"))
    out = tmp_path / "site"
    assert build(catalog, out).ok
    outside.write_text("second")
    result = build(catalog, out)
    assert result.ok and "words.txt changed" in result.incremental["reason"]
    assert "second" in (out / "section/s2/note.html").read_text()


def test_rendered_and_kept_add_up_to_every_story_when_a_folder_is_broken(catalog, tmp_path):
    out = tmp_path / "site"
    assert build(catalog, out).ok
    s0 = catalog / "section" / "s0" / "stories.py"
    s0.write_text(s0.read_text() + "oops = (\n")
    result = build(catalog, out)
    assert result.ok and result.broken and result.story_count == 5  # s0's two stories keep their last good pages
    assert result.incremental["rendered"] + result.incremental["reused"] == result.story_count
