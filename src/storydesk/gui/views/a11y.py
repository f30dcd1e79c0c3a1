"""The Accessibility tab (issue 15): what axe-core found on the selected story, most serious first.

**Audit all** audits every story in the background, with a progress bar and Cancel, and the tab says how
many stories have violations. Each violation shows its impact, rule id and help text, a button to its
documentation, and one row per offending element; a click on a row scrolls the pane to that element and
boxes it. The audits run in the pane after every load or morph of a story (:mod:`storydesk.pane.audit`)
and are kept by the app per page until the page changes (:mod:`storydesk.app.audits`). Tags are ``sda:``:
rebuilt from the app's audits, never restored from captured widget state.
"""

from __future__ import annotations

import webbrowser

import dearpygui.dearpygui as dpg

from storydesk.app.status import BuildState
from storydesk.gui import redraw
from storydesk.gui.hot import callback, hot_module
from storydesk.gui.theme import MUTED, state_colour

LIST = "sda:list"


def impact_colour(theme: str, impact: str) -> tuple[int, int, int]:
    """The text colour of an ``impact`` on ``theme``: critical and serious as failures, moderate as a warning,
    minor muted (each at 4.5:1 or more on the light theme, as the theme's own).
    """
    if impact in ("critical", "serious"):
        return state_colour(theme, BuildState.FAILED)
    if impact == "moderate":
        return state_colour(theme, BuildState.BROKEN)
    return MUTED.get(theme, MUTED["dark"])


@hot_module(delegation_targets=["on_offender", "on_rule_help", "on_audit_all", "on_cancel"])
def build(app, parent) -> None:
    """Add Audit all with its progress, the audit's summary line and the violations list to ``parent`` (the
    Accessibility tab).
    """
    with dpg.group(horizontal=True, parent=parent):
        dpg.add_button(label="Audit all", tag="sda:audit-all", callback=callback(__name__, "on_audit_all", app))
        dpg.add_progress_bar(tag="sda:progress", default_value=0.0, width=200, overlay="", show=False)
        dpg.add_button(label="Cancel", tag="sda:cancel", show=False, callback=callback(__name__, "on_cancel", app))
    dpg.add_text("", parent=parent, tag="sda:overall", wrap=360, color=MUTED.get(app.settings.theme, MUTED["dark"]))
    dpg.add_text("", parent=parent, tag="sda:summary", wrap=360)
    dpg.add_child_window(parent=parent, tag=LIST, border=False)
    tick(app)


def tick(app) -> None:
    """Redraw when another story is selected or its audit changed (``app.audits.version``)."""
    if not dpg.does_item_exist(LIST):
        return
    if redraw.due(app, LIST, (app.ui_state.selected_story, app.audits.version, app.audit_progress)):
        fill(app)


def _progress(app) -> None:
    """Audit all's progress bar and Cancel while it runs, and the count of stories with violations."""
    progress = app.audit_progress
    running = progress is not None and not progress.finished
    dpg.configure_item("sda:progress", show=running)
    dpg.configure_item("sda:cancel", show=running)
    dpg.configure_item("sda:audit-all", enabled=not running)
    if running:
        dpg.set_value("sda:progress", progress.done / max(1, progress.total))
        dpg.configure_item("sda:progress", overlay=f"{progress.done} / {progress.total} stories")
    audited = [app.audit_of(path) for path in app.stories]
    done = [a for a in audited if a is not None and not a.error]
    flagged = sum(1 for a in done if a.violations)
    overall = f"Audited {len(done)} of {len(app.stories)} stories: {flagged} with violations" if done else ""
    if progress is not None and progress.finished and progress.cancelled:
        overall += f" (the last Audit all stopped at {progress.done} of {progress.total})"
    dpg.set_value("sda:overall", overall)


def fill(app) -> None:
    """The progress, the summary and one block per violation of the selected story's last audit."""
    _progress(app)
    dpg.delete_item(LIST, children_only=True)
    theme = app.settings.theme if app.settings.theme in ("dark", "light") else "dark"
    story = app.ui_state.selected_story
    audit = app.audit_of(story)
    if story is None:
        summary = "Select a story: it is audited with axe-core once the pane shows it."
    elif audit is None:
        summary = "Not audited yet: the pane audits a story a moment after showing it."
    elif audit.error:
        summary = audit.error if audit.error.startswith("not audited") else f"The audit could not run: {audit.error}"
    elif not audit.violations:
        summary = f"No violations found (axe-core, {audit.ms:.0f} ms)."
    else:
        counts = ", ".join(f"{n} {impact}" for impact, n in audit.counts().items())
        n = len(audit.violations)
        summary = f"{n} violation{'s' * (n != 1)} ({counts}); axe-core, {audit.ms:.0f} ms"
    dpg.set_value("sda:summary", summary)
    if audit is None:
        return
    on_offender = callback(__name__, "on_offender", app)
    on_help = callback(__name__, "on_rule_help", app)
    for number, violation in enumerate(audit.violations):
        with dpg.group(horizontal=True, parent=LIST):
            dpg.add_text(f"[{violation.impact}] {violation.rule}", color=impact_colour(theme, violation.impact))
            if violation.url:
                dpg.add_button(label="Rule help", tag=f"sda:help:{number}", callback=on_help, user_data=violation.url)
        dpg.add_text(violation.help, parent=LIST, wrap=340, tag=f"sda:rule:{number}")
        for index, offender in enumerate(violation.offenders):
            dpg.add_selectable(
                label=f"  {offender.target}: {offender.html[:70]}",
                parent=LIST,
                tag=f"sda:node:{number}:{index}",
                user_data=offender.target,
                callback=on_offender,
            )
            # axe's own account of what is wrong there (the contrast found and needed, ...), indented
            # ("Fix any of the following:" and a line per way to fix it, each on its own line)
            for line in [part.strip() for part in offender.summary.splitlines() if part.strip()][:4]:
                indent = "    " if line.endswith(":") else "      "
                dpg.add_text(indent + line, parent=LIST, wrap=340, color=MUTED.get(theme, MUTED["dark"]))
        dpg.add_spacer(height=6, parent=LIST)


def on_offender(app, sender, app_data, user_data) -> None:
    """An offending element clicked: the pane scrolls to it and boxes it; the row stays unselected."""
    dpg.set_value(sender, False)
    app.highlight(str(user_data))


def on_audit_all(app, sender, app_data, user_data) -> None:
    """Audit every story in the background (the pane's own hidden view; the shown page stays)."""
    if not app.audit_all():
        dpg.set_value("sda:overall", "Nothing to audit yet: no story has been built, or the pane is not up.")


def on_cancel(app, sender, app_data, user_data) -> None:
    """Stop Audit all; what it audited is kept."""
    app.cancel_audit_all()


def on_rule_help(app, sender, app_data, user_data) -> None:
    """Open the rule's documentation (Deque University) in the default browser, and copy its address: where no
    browser starts (webbrowser gives no sign of that) it can be pasted; the hint line says so.
    """
    url = str(user_data)
    dpg.set_clipboard_text(url)
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error:
        opened = False
    app.note(f"{'Opened' if opened else 'No browser to open'} the rule's help; its address is copied: {url}")
