"""Rendering stories with tdom, and error cards for failing stories."""

from __future__ import annotations

from pathlib import Path

from storydesk import Story, Subject
from storydesk.catalog.render import render_story


def Button(*, label: str, kind: str = "primary"):
    return t"<button class={['btn', kind]}>{label}</button>"


def test_target_template_is_rendered_and_escaped():
    out = render_story(Subject("B", target=Button), Story(props={"label": "<Save>"}), Path("/x"))
    assert out.error is None
    assert out.html == '<button class="btn primary">&lt;Save&gt;</button>'


def test_story_template_overrides_target_and_may_be_callable():
    subject = Subject("B", target=Button)
    assert render_story(subject, Story(template=t"<i>{'own'}</i>"), Path("/x")).html == "<i>own</i>"
    assert render_story(subject, Story(template=lambda: "<u>raw</u>"), Path("/x")).html == "<u>raw</u>"


def test_failing_story_becomes_an_error():
    def broken(**props):
        raise RuntimeError("kaboom")

    out = render_story(Subject("B", target=broken), Story(), Path(__file__).parent)
    assert out.html == ""
    assert out.error.message == "RuntimeError: kaboom"
    assert out.error.file == __file__ and out.error.line > 0
    assert "Traceback" in out.error.traceback


def test_wrong_return_type_is_an_error():
    out = render_story(Subject("B", target=lambda **p: 42), Story(), Path("/x"))
    assert "expected a tdom Template or str, got int" in out.error.message


def test_captured_output_is_bounded_in_lines_and_width():
    from storydesk.catalog.output import MAX_LINE, TailWriter

    w = TailWriter(3)
    for i in range(10):
        w.write(f"line {i}\n")
    w.write("." * 100_000)  # no newline at all
    lines = w.text().splitlines()
    assert lines[0] == "[7 earlier lines not kept; the last 3 follow]" and lines[1:4] == ["line 7", "line 8", "line 9"]
    assert len(lines[-1]) == MAX_LINE and lines[-1].endswith("…")
