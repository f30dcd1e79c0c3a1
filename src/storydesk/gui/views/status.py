"""The build status line: state, duration, story count; and the failing build's error."""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from storydesk.app.status import BuildState
from storydesk.gui.hot import hot_module
from storydesk.gui.theme import state_colour


def describe(app) -> str:
    """Return the status line's text for ``app.status``."""
    st = app.status
    if st.state is BuildState.BUILDING:
        return "Building..."
    if st.state is BuildState.IDLE:
        return "Waiting for the first build"
    text = f"{'Build failed' if st.state is BuildState.FAILED else 'Built'} #{st.builds} in {st.duration_ms:.0f} ms"
    if st.broken:
        text += f", {st.broken} file{'s' if st.broken > 1 else ''} broken"
    text += f" | {st.story_count} stories"
    if st.failed_stories:
        text += f" ({st.failed_stories} failing)"
    passed, failed = st.assertions
    if failed:
        text += f" | assertions: {failed} of {passed + failed} failed"
    elif passed:
        text += f" | assertions: {passed} passed"
    return text


def colour(app) -> tuple[int, int, int]:
    """The status line's colour: its state's, but never green while a story or an assertion fails (issues
    11, 12).
    """
    st = app.status
    failing = st.failed_stories or st.assertions[1]
    state = BuildState.BROKEN if st.state is BuildState.OK and failing else st.state
    return state_colour(app.settings.theme, state)


@hot_module(delegation_targets=["tick"])
def build(app, parent) -> None:
    """Add the catalog title and the status line to ``parent``."""
    dpg.add_text(app.title, parent=parent, tag="sd:title")
    dpg.add_text(describe(app), parent=parent, tag="sd:status", color=colour(app), wrap=0)  # 0: at the edge
    with dpg.collapsing_header(label="Build phases", parent=parent, tag="sd:hdr:phases"):
        dpg.add_text(phases_text(app), tag="sd:phases", wrap=0)
    dpg.add_separator(parent=parent)


def phases_text(app) -> str:
    """Return the last build's phases, one ``name: ms`` per line, and what an incremental build rendered and
    kept (issue 13), or why it rendered every story.
    """
    phases, inc = app.status.phases, app.status.incremental
    lines = [f"{name:>9}: {ms:7.1f} ms" for name, ms in phases.items()]
    if inc:
        lines.append(f"rendered {inc['rendered']}, kept {inc['reused']} from the last build")
        if inc.get("reason"):
            lines.append(f"every story rendered: {inc['reason']}")
    return "\n".join(lines) or "no build yet"


def refresh(app) -> None:
    """After a build: the catalog's title may have changed."""
    dpg.set_value("sd:title", app.title)


def tick(app) -> None:
    """Refresh the status line (cheap: only when its text changed)."""
    text = describe(app)
    if dpg.get_value("sd:status") != text:
        dpg.set_value("sd:status", text)
        dpg.configure_item("sd:status", color=colour(app))
        dpg.set_value("sd:phases", phases_text(app))
