"""Rendering one story with tdom: ``target(**props)`` (or the story's own ``template``) through ``tdom.html``.

A failing story never fails the build: its exception becomes a :class:`StoryError` shown as an error card on
the story's own page. That holds for every ``BaseException`` (issue 10): a story calling ``sys.exit(3)`` or
raising ``KeyboardInterrupt`` gets a card; only :class:`~storydesk.catalog.errors.BuildCancelled` (a real
Ctrl+C in ``storydesk build``) stops the build.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from string.templatelib import Template
from typing import Any

from tdom import html

from storydesk.catalog.assertions import AssertionResult, assertions_enabled, run_assertions
from storydesk.catalog.errors import (
    LEFT_A_THREAD,
    THREAD_GRACE_S,
    WARNING_PREFIX,
    BuildCancelled,
    format_exception,
    location_in,
)
from storydesk.catalog.model import Story, Subject
from storydesk.catalog.output import captured
from storydesk.catalog.props import apply_overrides


@dataclass
class StoryError:
    """Why a story failed to render: ``message`` (one line), ``file``/``line`` (in the catalog, when known)
    and the formatted ``traceback``.
    """

    message: str
    file: str = ""
    line: int = 0
    traceback: str = ""


@dataclass
class Rendered:
    """The outcome of rendering a story: ``html`` (``str``, empty on error), ``error`` (or ``None``) and the
    ``output`` its code printed (the last lines, see :mod:`storydesk.catalog.output`); ``leaked``: it left a
    thread running (the build process is then replaced, which stops it); ``assertions``: the results of the
    story's assertions (:mod:`storydesk.catalog.assertions`), empty when it has none, failed or they are off.
    """

    html: str
    error: StoryError | None = None
    output: str = ""
    leaked: bool = False
    assertions: list[AssertionResult] = field(default_factory=list)


#: how many times a result is called when each call returns another callable (a component instance whose
#: ``__call__`` returns a component...) before it is reported instead
CALL_DEPTH = 8


def to_html(value: object) -> str:
    """Return HTML for a component's result: a tdom ``Template`` is rendered with ``tdom.html``, a ``str`` (or
    tdom ``Markup``) is taken as HTML, an object with ``__html__`` gives its own, and a callable result (a
    dataclass component instance, Storyville's convention) is called first, up to :data:`CALL_DEPTH` times.

    Raises:
        TypeError: any other type, named with what to return instead.
    """
    for _ in range(CALL_DEPTH):
        if isinstance(value, Template):
            return html(value)
        if isinstance(value, str):
            return str(value)
        markup = getattr(value, "__html__", None)
        if callable(markup):
            return str(markup())
        if not callable(value) or isinstance(value, type):
            break
        value = value()
    raise TypeError(f"expected a tdom Template or str, got {type(value).__name__} (or a callable returning one)")


def render_story(
    subject: Subject,
    story: Story,
    root: Path,
    overrides: dict[str, Any] | None = None,
    quarantined: str | None = None,
    with_assertions: bool = True,
) -> Rendered:
    """Render ``story`` of ``subject``; exceptions are caught and returned as a :class:`StoryError`, and what
    its code prints is captured into ``Rendered.output``, not written to the terminal.

    Args:
        subject: supplies ``target`` (called as ``target(**props)``) unless the story has a ``template``.
        story: the story to render.
        root: the catalog folder, used to point the error at the user's file and line.
        overrides: prop values edited in the props panel (JSON values, see
            :func:`storydesk.catalog.props.apply_overrides`), applied over ``story.props``.
        quarantined: why the story is quarantined (``"did not return within 5 s"``,
            :mod:`storydesk.build.quarantine`): then its code is not called and its card says so.
        with_assertions: ``False`` leaves the story's assertions to the caller (the pytest plugin runs each
            as a test of its own); they also stay off when :func:`~storydesk.catalog.assertions.assertions_enabled`
            says so.
    """
    if quarantined is not None:
        return Rendered(
            "",
            StoryError(
                f"not rendered: in an earlier build this story {quarantined}; save its stories.py or a module "
                "it imports to try it again"
            ),
        )
    before = set(threading.enumerate())
    with captured() as printed:
        rendered = _render(subject, story, root, overrides, with_assertions)
    rendered.output = printed.text()
    for warning in markup_warnings(rendered.html):  # shown in the story's Console and logged by the app
        rendered.output += ("\n" if rendered.output else "") + f"{WARNING_PREFIX}{warning}"
    running = _still_running(before)
    if running:
        names = ", ".join(thread.name for thread in running)
        rendered = Rendered(
            "",
            StoryError(f"{LEFT_A_THREAD} ({names})"),
            rendered.output,
            leaked=True,
        )
    return rendered


_BRACED_ATTRIBUTE = re.compile(r'\s([\w:.-]+)="(\{[^"]{0,40})')


def markup_warnings(markup: str) -> list[str]:
    """Warnings about mistakes the rendered ``markup`` shows (issue 11): an attribute whose value starts with
    a literal ``{`` comes from ``class={{...}}`` in a t-string, where ``{{`` is a literal brace, not an
    interpolation (``class="{&#34;active&#34;:"`` in the page).
    """
    return [
        f'attribute {name}="{value}..." starts with a literal brace: in a t-string {{{{ is a literal "{{"; '
        f"write {name}={{...}} with single braces to interpolate a value"
        for name, value in _BRACED_ATTRIBUTE.findall(markup)[:3]
    ]


def _still_running(before: set[threading.Thread]) -> list[threading.Thread]:
    """The threads started since ``before`` that are still alive after a grace of :data:`THREAD_GRACE_S`."""
    # a "dummy" thread is how threading sees a thread it did not start: the one running this build
    started = [
        thread
        for thread in threading.enumerate()
        if thread not in before and not isinstance(thread, threading._DummyThread)
    ]
    end = time.monotonic() + THREAD_GRACE_S
    for thread in started:
        thread.join(max(0.0, end - time.monotonic()))
    return [thread for thread in started if thread.is_alive()]


def render_variant(subject: Subject, story: Story, root: Path, overrides: dict[str, Any]) -> Rendered:
    """Render ``story`` with ``overrides`` (JSON values) as :func:`render_story` does, without its assertions,
    output capture and thread check, which the caller does once for many (a docs page's variants matrix, issue
    14: ``render_story`` cost 0.18 ms a cell, most of it those checks, on the 300-story bench catalog).
    """
    return _render(subject, story, root, overrides, with_assertions=False)


def target_of(subject: Subject, story: Story) -> Any:
    """The component a story renders: its own ``target`` (Storyville's override), else its subject's."""
    return story.target if story.target is not None else subject.target


def _render(
    subject: Subject, story: Story, root: Path, overrides: dict[str, Any] | None, with_assertions: bool
) -> Rendered:
    try:
        source = story.template
        target = target_of(subject, story)
        if source is None:
            if target is None:
                raise TypeError(f"subject {subject.title!r} has no target and story {story.title!r} has no template")
            source = target(**apply_overrides(target, story.props, overrides or {}))
        markup = to_html(source)
        run = story.assertions and with_assertions and assertions_enabled()
        checks = run_assertions(markup, story.assertions, root, story.defined_at) if run else []
        return Rendered(markup, assertions=checks)
    except BuildCancelled:
        raise
    except BaseException as exc:  # noqa: BLE001 - one failing story must not fail the catalog
        file, line = location_in(exc, root)
        if not file and story.defined_at[0]:  # raised by the call itself (a typo in a prop's name): the Story
            file, line = story.defined_at
        return Rendered("", StoryError(f"{type(exc).__name__}: {exc}", file, line, format_exception(exc)))
