"""The site's pages: one layout shared by catalog, section, subject and story pages, around the stories'
HTML rendered by tdom (:mod:`.render`). The chrome is plain strings with every value escaped.

Navigation is not inlined: ``assets/site.js`` loads ``nav.js`` (written once per build) into every page and
draws the tree from it; not inside storydesk's preview pane, where the app's own tree is the navigation.
Links are relative (``root`` is ``"../"`` per level), so the site works from ``file://``.
"""

from __future__ import annotations

import json
from html import escape

from tdom import Markup

from storydesk.catalog.model import Catalog, Node, Section, Story, Subject
from storydesk.catalog.render import Rendered
from storydesk.catalog.static import rewrite_refs

STORY_START, STORY_END = "<!--sd:story-->", "<!--/sd:story-->"


def story_source(page: str) -> str:
    """Return the rendered story HTML inside a story page (between the markers), or ``""``."""
    start = page.find(STORY_START)
    end = page.find(STORY_END, start)
    return page[start + len(STORY_START) : end] if start >= 0 and end >= 0 else ""


def page_file(path: str, *, story: bool) -> str:
    """Return the site-relative file of a node or story path: ``a/b/index.html``, or ``a/b/c.html`` for a
    story (``index.html`` for the catalog, whose path is ``""``).
    """
    if story:
        return f"{path}.html"
    return f"{path}/index.html" if path else "index.html"


def root_prefix(file: str) -> str:
    """Return the relative prefix from ``file`` back to the site root (``""``, ``"../"``, ``"../../"``...)."""
    return "../" * file.count("/")


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {catalog}</title>
<link rel="stylesheet" href="{root}assets/site.css">
<script src="{root}assets/site.js" defer></script>
{static}</head>
<body class="sd-page" data-root="{root}" data-page="{file}" data-kind="{kind}">
<header class="sd-header"><a href="{root}index.html">{catalog}</a></header>
<div class="sd-layout">
<nav id="sd-nav" aria-label="Catalog"></nav>
<main class="sd-main">{body}</main>
</div>
</body>
</html>
"""


def _e(value: object) -> str:
    """``value`` escaped for HTML text or a quoted attribute (``None`` gives ``""``). ``html.escape``: the
    chrome escapes ~15 values per story, and markupsafe's ``Markup`` objects cost 3x as much here.
    """
    return "" if value is None else escape(str(value))


def _layout(catalog: Catalog, file: str, title: str, kind: str, body: str) -> str:
    # The pages' own chrome is plain format strings with every value escaped; only the stories go through tdom
    # (render.py). Chrome through tdom took twice as long as rendering the stories of a 300-story catalog.
    root = root_prefix(file)
    static = _static_tags(catalog, root)
    body = rewrite_refs(body, file, catalog.static)
    return _PAGE.format(
        title=_e(title), catalog=_e(catalog.title), root=root, file=_e(file), kind=kind, body=body, static=static
    )


def _static_tags(catalog: Catalog, root: str) -> str:
    """The ``<link>`` and ``<script>`` tags of the catalog's own stylesheets and scripts
    (:mod:`storydesk.catalog.static`), relative to a page ``root`` prefix (``"../"`` per level).
    """
    return "".join(
        f'<link rel="stylesheet" href="{root}{_e(path)}">\n'
        if path.endswith(".css")
        else f'<script src="{root}{_e(path)}" defer></script>\n'
        for path in catalog.static.loaded
    )


def _children_list(node: Catalog | Section, file: str) -> str:
    root = root_prefix(file)
    links = "".join(
        f'<li><a href="{root}{_e(page_file(child.path, story=False))}">{_e(child.title)}</a> '
        f'<span class="sd-kind">{type(child).__name__}</span></li>'
        for child in node.items
    )
    return f'<ul class="sd-children">{links}</ul>'


def container_page(catalog: Catalog, node: Catalog | Section) -> str:
    """Return the HTML of a catalog or section page: title, description and links to its children."""
    file = page_file(node.path, story=False)
    body = f'<h1>{_e(node.title)}</h1><p class="sd-description">{_e(node.description)}</p>{_children_list(node, file)}'
    return _layout(catalog, file, node.title, type(node).__name__.lower(), body)


def subject_page(
    catalog: Catalog,
    subject: Subject,
    rendered: list[Rendered],
    docs: tuple[str, str, str] = ("", "", ""),
    sources: dict | None = None,
) -> str:
    """Return the HTML of a subject's docs page (issue 14): its description and where its component is defined,
    the ``docs`` sections made by :mod:`storydesk.catalog.docs` (``(props table, variants matrix, component
    file:line link)``, any of them ``""``), then every story rendered in turn (error cards for failing ones) with
    its title, description and ``Story(...)`` source. ``sources`` caches the ``stories.py`` files read.
    """
    from storydesk.catalog.docs import story_source_html

    file = page_file(subject.path, story=False)
    root = root_prefix(file)
    sources = {} if sources is None else sources
    props, variants, defined = docs
    cards = "".join(
        f'<section class="sd-story-card"><h3><a href="{root}{_e(page_file(s.path, story=True))}">{_e(s.title)}</a>'
        f"</h3>{_description(s.description)}{badges(r)}{_canvas(r)}{story_source_html(s, sources)}</section>"
        for s, r in zip(subject.items, rendered, strict=True)
    )
    stories = f'<section class="sd-docs-stories"><h2>Stories</h2>{cards}</section>' if cards else ""
    toc = " · ".join(f'<a href="{root}{_e(page_file(s.path, story=True))}">{_e(s.title)}</a>' for s in subject.items)
    body = (
        f'<p class="sd-crumb">Docs{" · " + defined if defined else ""}</p><h1>{_e(subject.title)}</h1>'
        f'<p class="sd-description">{_e(subject.description)}</p>'
        f"{f'<nav class=sd-docs-toc aria-label=Stories>Stories: {toc}</nav>' if toc else ''}{props}{variants}{stories}"
    )
    return _layout(catalog, file, subject.title, "subject", body)


def themed_file(path: str) -> str:
    """The site-relative file of a story's page through the catalog's ``themed_layout``: ``a/b/c.themed.html``."""
    return f"{path}.themed.html"


def story_page(catalog: Catalog, subject: Subject, story: Story, rendered: Rendered) -> str:
    """Return the HTML of one story's page: its subject's and its own description, its assertion badges, and
    its rendered component (in an iframe of its themed page when the catalog has a ``themed_layout``), or an
    error card with the traceback.
    """
    file = page_file(story.path, story=True)
    themed = catalog.themed_layout is not None and rendered.error is None
    a11y = audit_options(catalog, story)
    subject_text = f'<p class="sd-description sd-subject-description">{_e(subject.description)}</p>' * bool(
        subject.description
    )
    # the subject's name links to its docs page (issue 14)
    docs = f'<a href="{root_prefix(file)}{_e(page_file(subject.path, story=False))}">{_e(subject.title)}</a>'
    body = (
        f'<p class="sd-crumb">{docs} <span class="sd-kind">docs</span></p>{subject_text}<h1>{_e(story.title)}</h1>\n'
        f'<p class="sd-description">{_e(story.description)}</p>{badges(rendered)}'
        f"{_themed_canvas(story, rendered, a11y) if themed else _canvas(rendered, a11y)}"
    )
    return _layout(catalog, file, f"{subject.title}: {story.title}", "story", body)


def _description(text: str) -> str:
    """The description paragraph, or nothing when there is none (an empty one would still take space)."""
    return f'<p class="sd-description">{_e(text)}</p>' if text else ""


def badges(rendered: Rendered) -> str:
    """The pass/fail badges of a story's assertions (``""`` when it has none): one per assertion, a failing
    one with its message as tooltip and text (issue 12).
    """
    if not rendered.assertions:
        return ""
    items = "".join(
        f'<li class="sd-badge sd-badge-pass">{_e(r.name)}: passed</li>'
        if r.passed
        else f'<li class="sd-badge sd-badge-fail" title="{_e(r.message)}">{_e(r.name)}: failed: {_e(r.message)}</li>'
        for r in rendered.assertions
    )
    failed = sum(not r.passed for r in rendered.assertions)
    summary = f"{len(rendered.assertions) - failed} of {len(rendered.assertions)} assertions passed"
    return f'<ul class="sd-badges" aria-label="{summary}">{items}</ul>'


def _themed_canvas(story: Story, rendered: Rendered, a11y: str = "") -> str:
    # Storyville's way: the story in the catalog's own page, in an iframe; in the pane it fills the view
    # (site.css). The story's HTML stays on the page, inert in a <template>, for the props panel's source view.
    name = _e(themed_file(story.path).rsplit("/", 1)[-1])
    options = f' data-sd-a11y="{_e(a11y)}"' if a11y else ""  # the audit of its themed page takes them (issue 15)
    return (
        f'<iframe class="sd-themed-frame" src="{name}" title="{_e(story.title)} in the catalog\'s layout"{options}>'
        "</iframe>"
        f"<template>{STORY_START}{rendered.html}{STORY_END}</template>"
    )


def themed_page(catalog: Catalog, story: Story, rendered: Rendered) -> str:
    """The story's HTML through ``catalog.themed_layout(story_title=..., children=...)``: a whole document,
    with the catalog's own stylesheets and scripts added to its ``<head>`` and the story's ``static/``
    references rewritten, as on every other page.

    Raises:
        Exception: whatever the user's layout raises (the caller makes it the story's error card), or
            ``TypeError`` when it returns something that is not markup.
    """
    from storydesk.catalog.render import to_html

    assert catalog.themed_layout is not None
    file = themed_file(story.path)
    # the markers: the accessibility audit finds the story's own elements in the layout by them (issue 15)
    children = Markup(STORY_START + rewrite_refs(rendered.html, file, catalog.static) + STORY_END)
    page = to_html(catalog.themed_layout(story_title=story.title, children=children))
    tags = _static_tags(catalog, root_prefix(file))
    if not tags:
        return page
    lowered = page.lower()
    at = lowered.find("</head>")
    if at == -1:  # no head: before the body (the parser puts them in the head it makes), never before a doctype
        at = lowered.find("<body")
    return page[:at] + tags + page[at:] if at != -1 else tags + page


def audit_options(catalog: Catalog, story: Story) -> str:
    """The axe-core options of ``story``'s accessibility audit as JSON (issue 15): the catalog's ``a11y``, its
    ``rules`` updated by the story's (``""``: none).
    """
    if not catalog.a11y and not story.a11y:
        return ""
    options = {**catalog.a11y, **story.a11y}
    rules = {**(catalog.a11y.get("rules") or {}), **(story.a11y.get("rules") or {})}
    if rules:
        options["rules"] = rules
    try:
        return json.dumps(options)
    except TypeError, ValueError:
        return ""


def _canvas(rendered: Rendered, a11y: str = "") -> str:
    if rendered.error is None:
        # the markers let the props panel show the story's own HTML source; data-sd-a11y: the audit's options
        options = f' data-sd-a11y="{_e(a11y)}"' if a11y else ""
        return f'<div class="sd-canvas"{options}>{STORY_START}{rendered.html}{STORY_END}</div>'
    err = rendered.error
    return (
        f'<div class="sd-error-card" role="alert"><h2>This story failed to render</h2>\n'
        f'<p class="sd-error-message">{_e(err.message)}</p>{where_paragraph(err.file, err.line)}\n'
        f'<pre class="sd-traceback">{_e(err.traceback)}</pre></div>'
    )


def where_paragraph(file: str, line: int) -> str:
    """The error card's ``file:line`` paragraph (empty when there is no file): in the preview pane a click on
    it opens the file at the line in the user's editor (``data-sd-file``/``data-sd-line``, ``assets/site.js``;
    issue 14).
    """
    if not file:
        return '<p class="sd-error-where"></p>'
    where = f"{file}:{line}" if line else file
    return (
        f'<p class="sd-error-where" data-sd-file="{_e(file)}" data-sd-line="{int(line or 0)}" '
        f'title="Open in your editor">{_e(where)}</p>'
    )


def nav_tree(catalog: Catalog) -> list[dict]:
    """Return the navigation tree as JSON-ready dicts: ``{"title", "kind", "path", "href", "children"}``;
    ``href`` is site-relative and ``kind`` is ``section``, ``subject`` or ``story``.
    """

    def node_dict(node: Node) -> dict:
        if isinstance(node, Section):
            children = [node_dict(child) for child in node.items]
        else:
            children = [
                {
                    "title": s.title,
                    "kind": "story",
                    "path": s.path,
                    "href": page_file(s.path, story=True),
                    "children": [],
                }
                for s in node.items
            ]
        return {
            "title": node.title,
            "kind": type(node).__name__.lower(),
            "path": node.path,
            "href": page_file(node.path, story=False),
            "children": children,
        }

    return [node_dict(node) for node in catalog.items]


BANNER_START, BANNER_END = "<!--sd:broken-->", "<!--/sd:broken-->"


def broken_banner(error: dict) -> str:
    """The banner on a kept page of a broken folder (issue 10): its ``error`` (``{"message", "file",
    "line"}``) says which file broke it.
    """
    where = f"{error.get('file')}:{error.get('line')}" if error.get("line") else str(error.get("file", ""))
    return (
        f'{BANNER_START}<div class="sd-broken-banner" role="alert"><strong>This page is from the last good build'
        f"</strong>: {_e(where)}: {_e(error.get('message', ''))}</div>{BANNER_END}"
    )


def with_banner(page: str, banner: str) -> str:
    """``page`` with ``banner`` right after its ``<body>`` tag, replacing a banner an earlier build put there."""
    start = page.find(BANNER_START)
    if start != -1:
        end = page.find(BANNER_END, start)
        page = page[:start] + page[end + len(BANNER_END) :] if end != -1 else page
    body = page.find("<body")
    at = page.find(">", body) + 1 if body != -1 else 0
    return page[:at] + banner + page[at:]
