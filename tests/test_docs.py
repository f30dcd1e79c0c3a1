"""A subject's docs page (issue 14): props table from the signature and docstring, variants matrices, every
story with its source, links to the editor.
"""

from __future__ import annotations

import enum
import re
import time
from dataclasses import dataclass
from typing import Literal

import pytest
from gui_driver import RunningApp
from test_editor import click_until_asked

from storydesk.build.pipeline import build
from storydesk.catalog.docs import MAX_CELLS, finite_props, props_table, variants
from storydesk.catalog.model import Story, Subject
from storydesk.catalog.render import render_variant


class Tone(enum.Enum):
    CALM = "calm"
    LOUD = "loud"


def google(*, label: str, tone: Tone = Tone.CALM, size: Literal["s", "m"] = "m", quiet: bool = False, **rest) -> str:
    """A thing.

    Args:
        label: what it says,
            over two lines.
        tone: how it sounds.
    """
    return f"<b>{label} {tone.name} {size} {quiet}</b>"


def numpy_style(count: int, children: str = "") -> str:
    """A counter.

    Parameters
    ----------
    count : int
        how many.
    """
    return str(count)


@dataclass
class Card:
    """A card.

    Attributes:
        title: the heading.
    """

    title: str
    wide: bool = False

    def __call__(self) -> str:
        return f"<div>{self.title}</div>"


def test_the_props_table_reads_types_as_written_defaults_and_docstring_descriptions():
    rows = {r.name: r for r in props_table(google)}
    assert list(rows) == ["label", "tone", "size", "quiet"]  # **rest left out, as in the props form
    assert rows["label"].required and rows["label"].description == "what it says, over two lines."
    assert (rows["tone"].type, rows["tone"].default, rows["tone"].description) == (
        "Tone",
        "Tone.CALM",
        "how it sounds.",
    )
    assert rows["size"].type == 'Literal["s", "m"]' and rows["size"].default == "'m'" and not rows["size"].required
    assert [(r.name, r.description) for r in props_table(numpy_style)] == [("count", "how many.")]  # NumPy style
    card = {r.name: r for r in props_table(Card)}
    assert card["title"].description == "the heading." and card["wide"].type == "bool"
    assert props_table(None) == []
    assert finite_props(google, {}) == {"tone": ["CALM", "LOUD"], "size": ["s", "m"], "quiet": [False, True]}


def test_variants_render_every_pair_of_finite_props_the_chosen_pair_first_capped(tmp_path):
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[3])
        return render_variant(*args, **kwargs)

    subject = Subject(title="G", target=google, items=[Story(props={"label": "hi"})], variants=("quiet", "size"))
    matrices, note = variants(subject, tmp_path, counting)
    assert [(m.rows, m.columns) for m in matrices] == [("quiet", "size"), ("tone", "size"), ("tone", "quiet")]
    assert note == "" and len(calls) == 4 + 4 + 4
    first = matrices[0]
    assert first.cells[1][0].html == "<b>hi CALM s True</b>"  # the others at the story's values

    def wide(
        *, label: str, a: Literal[1, 2, 3, 4, 5, 6, 7, 8, 9] = 1, b: Literal[1, 2, 3, 4, 5, 6, 7, 8, 9] = 1
    ) -> str:
        if a == 9 and b == 9:
            raise ValueError("nine by nine")
        return label

    matrices, note = variants(Subject(target=wide, items=[Story(props={"label": "x"})]), tmp_path)
    assert matrices == [] and str(MAX_CELLS) in note and "a x b" in note

    def small(*, label: str, a: Literal[1, 9] = 1, b: Literal[1, 9] = 1) -> str:
        return wide(label=label, a=a, b=b)

    matrices, _ = variants(Subject(target=small, items=[Story(props={"label": "x"})]), tmp_path)
    assert matrices[0].cells[1][1].error.message == "ValueError: nine by nine"  # a cell's error stays in its cell


def test_the_demo_s_docs_page_and_its_stories_link_to_each_other(demo_copy, tmp_path):
    out = tmp_path / "site"
    assert build(demo_copy, out).ok
    docs = (out / "actions" / "button" / "index.html").read_text()
    assert "<h2>Props</h2>" in docs and "the words on the button" in docs
    assert "<code>Literal[&quot;sm&quot;, &quot;md&quot;, &quot;lg&quot;]</code>" in docs
    assert docs.count('class="sd-variants"') == 3 and docs.count('<td class="sd-variant">') == 4 * 3 + 4 * 2 + 3 * 2
    assert 'data-sd-file="' + str(demo_copy / "components" / "actions.py") in docs
    assert docs.count('class="sd-story-source"') == 5 and "Story(title=&quot;Primary&quot;" in docs
    story = (out / "actions" / "button" / "primary.html").read_text()
    assert re.search(r'<p class="sd-crumb"><a href="\.\./\.\./actions/button/index\.html">Button</a>', story)


@pytest.mark.gui
def test_the_docs_page_in_the_pane_switches_variants_and_opens_the_editor(display, demo_copy, tmp_path):
    from test_pane import Pane

    out = tmp_path / "site"
    assert build(demo_copy, out).ok
    page = out / "actions" / "button" / "index.html"
    pane = Pane(page.as_uri())
    try:
        pane.expect(lambda e: e["event"] == "loaded" and e.get("url") == page.as_uri())
        event = click_until_asked(pane, ".sd-crumb [data-sd-file]")
        assert event["file"] == str(demo_copy / "components" / "actions.py") and event["line"] == 7
        time.sleep(0.5)  # the first link may have been clicked more than once before the bridge was up: drop those
        while not pane.events.empty():
            pane.events.get_nowait()
        event = click_until_asked(pane, ".sd-story-source [data-sd-file]")
        assert event["file"] == str(demo_copy / "actions" / "button" / "stories.py") and event["line"] > 1
        shown = (
            "Array.from(document.querySelectorAll('table.sd-variants')).filter(t => !t.hidden)"
            ".map(t => [t.dataset.sdRows, t.dataset.sdColumns, t.rows.length, t.rows[0].cells.length])"
        )
        assert pane.eval(shown) == [["variant", "size", 5, 4]]
        choose = (
            "var s = document.querySelector('[data-sd-axis=%s]'); s.value = '%s';"
            " s.dispatchEvent(new Event('change', {bubbles: true})); 1"
        )
        pane.eval(choose % ("rows", "size"))  # rows: size, columns: size => no matrix, and a note says why
        assert pane.eval(shown) == []
        note = "(n => n.hidden ? '' : n.textContent)(document.querySelector('.sd-variant-note'))"
        assert pane.eval(note) == "Choose two different props."
        pane.eval(choose % ("columns", "variant"))  # size by variant: the first matrix, axes swapped
        assert pane.eval(shown) == [["size", "variant", 4, 5]] and pane.eval(note) == ""
        pane.eval(choose % ("columns", "disabled"))
        assert pane.eval(shown) == [["size", "disabled", 4, 3]]
        # a rebuild morphs the page (its own matrices come back, the selects keep their values): still shown
        pane.send(cmd="morph", url=page.as_uri(), html=page.read_text().replace("Stories</h2>", "Stories!</h2>"))
        pane.expect(lambda e: e["event"] == "loaded" and e.get("morphed"))
        assert pane.eval(shown) == [["size", "disabled", 4, 3]]
        pane.eval(choose % ("columns", "variant"))
        assert pane.eval(shown) == [["size", "variant", 4, 5]]
    finally:
        pane.close()


@pytest.mark.gui
def test_a_subject_s_docs_page_opens_from_the_tree(display, demo_copy, tmp_path):
    app = RunningApp(demo_copy, tmp_path, "--story", "actions/button/primary")
    try:
        app.wait_shown("Save changes")
        app.click_widget("sd:node:actions/button")  # its label, not its arrow
        state = app.wait(lambda s: "Variants" in s.get("pane_text", ""), 20, "the docs page")
        assert state["pane_page"] == "actions/button/index.html" and state["selected_story"] is None
        text = state["pane_text"]
        assert "defined in actions.py:7" in text and "the words on the button" in text and "Stories" in text
    finally:
        app.stop()
