"""Roles, accessible names and text of rendered HTML, for the assertion helpers (:mod:`storydesk.assertions`).

The rendered story is parsed with JustHTML (pure Python, an HTML5 parser that passes the html5lib-tests
suite; it loads in subinterpreters, where C extensions without per-interpreter support do not; issue 12).
Storyville's helpers use aria-testing on tdom nodes, whose current release imports names tdom 0.1.20 removed.

Roles follow the implicit ARIA semantics of HTML-AAM (https://www.w3.org/TR/html-aam-1.0/) for the elements
component markup uses (an explicit ``role`` attribute wins: its first token). Accessible names follow the
steps of accname 1.2 (https://www.w3.org/TR/accname-1.2/) that static HTML can take: ``aria-labelledby``,
``aria-label``, the ``<label>`` of a labelable element, ``alt`` of an image, a fieldset's ``<legend>`` (a
table's ``<caption>``, a figure's ``<figcaption>``), the content of roles that take their name from content
(hidden parts skipped, images by their ``alt``), then ``title`` (and ``placeholder`` for text fields).
Elements that are hidden (``hidden``, ``aria-hidden="true"``, inline ``display: none``, inside a closed
``<dialog>``) have no role, as in Testing Library. Names, labels and text match as in
``storyville.assertions`` (aria-testing), not exactly as in Testing Library: a string is looked for inside the
whitespace-normalised text, a compiled ``re.Pattern`` is searched (``re.compile("^Save$")`` for an exact
match).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from justhtml import JustHTML
from justhtml.dom import Element, Node

_SECTIONING = {"article", "aside", "main", "nav", "section"}
_INPUT_ROLES = {
    "button": "button",
    "submit": "button",
    "reset": "button",
    "image": "button",
    "checkbox": "checkbox",
    "radio": "radio",
    "range": "slider",
    "number": "spinbutton",
    "search": "searchbox",
    "email": "textbox",
    "tel": "textbox",
    "text": "textbox",
    "url": "textbox",
    "password": "",  # no ARIA role (HTML-AAM); found by label, not by role
}
#: input types HTML-AAM gives no ARIA role
_NO_ROLE_INPUTS = {"hidden", "file", "color", "date", "datetime-local", "month", "time", "week", "password"}
_TAG_ROLES = {
    "article": "article",
    "aside": "complementary",
    "blockquote": "blockquote",
    "button": "button",
    "code": "code",
    "dd": "definition",
    "details": "group",
    "dfn": "term",
    "dialog": "dialog",
    "dt": "term",
    "em": "emphasis",
    "fieldset": "group",
    "figure": "figure",
    "form": "form",
    "hr": "separator",
    "li": "listitem",
    "main": "main",
    "menu": "list",
    "meter": "meter",
    "nav": "navigation",
    "ol": "list",
    "optgroup": "group",
    "option": "option",
    "output": "status",
    "p": "paragraph",
    "progress": "progressbar",
    "search": "search",
    "strong": "strong",
    "table": "table",
    "tbody": "rowgroup",
    "td": "cell",
    "textarea": "textbox",
    "tfoot": "rowgroup",
    "thead": "rowgroup",
    "tr": "row",
    "ul": "list",
}
#: roles whose accessible name comes from their content (accname 1.2 step 2F, WAI-ARIA "name from content")
_NAME_FROM_CONTENT = {
    "button",
    "cell",
    "checkbox",
    "columnheader",
    "heading",
    "link",
    "listitem",
    "menuitem",
    "option",
    "radio",
    "row",
    "rowheader",
    "switch",
    "tab",
    "tooltip",
    "treeitem",
}
_LABELABLE = {"button", "input", "meter", "output", "progress", "select", "textarea"}


def parse(markup: str) -> Node:
    """Parse ``markup`` (a fragment or a whole document) with JustHTML, unsanitised; return its root node.

    A fragment is parsed as the content of a ``<template>``, where any element may stand (a ``<tr>`` or
    ``<td>`` component keeps its elements; in a ``<div>`` the parser would drop them).
    """
    lowered = markup.lower()
    if "<html" in lowered[:200]:
        return JustHTML(markup, sanitize=False).root
    if "</template" in lowered:  # it cannot be wrapped in one
        return JustHTML(markup, fragment=True, sanitize=False).root
    template = JustHTML(f"<template>{markup}</template>", fragment=True, sanitize=False).root.children or []
    return template[0].template_content


def matches(actual: str, wanted: str | re.Pattern[str]) -> bool:
    """Whether ``actual`` (normalised text) matches ``wanted`` as ``storyville.assertions`` (aria-testing)
    matches: a ``str`` is looked for inside it (normalised), a compiled ``re.Pattern`` is searched.
    """
    if isinstance(wanted, re.Pattern):
        return wanted.search(actual) is not None
    return normalize(wanted) in actual


def is_hidden(element: Element) -> bool:
    """Whether ``element`` is out of the accessibility tree: it or an ancestor has ``hidden``,
    ``aria-hidden="true"`` or an inline ``display: none`` (role queries skip such elements, as Testing
    Library's do).
    """
    node: Node | None = element
    while isinstance(node, Element):
        attrs = node.attrs
        style = (attrs.get("style") or "").replace(" ", "").lower()
        if "hidden" in attrs or attrs.get("aria-hidden") == "true" or "display:none" in style:
            return True
        if node.name == "dialog" and "open" not in attrs:  # a closed dialog is not rendered
            return True
        node = node.parent
    return False


def elements(root: Node) -> Iterator[Element]:
    """Every element below ``root`` in document order."""
    for child in root.children or ():
        if isinstance(child, Element):
            yield child
            yield from elements(child)


def normalize(text: str) -> str:
    """``text`` with runs of whitespace collapsed to one space and trimmed (DOM Testing Library's default)."""
    return " ".join(text.split())


def text_content(node: Node) -> str:
    """The normalised text of ``node`` and everything below it (``script``, ``style`` and ``template`` skipped)."""
    return normalize("".join(_texts(node)))


def _texts(node: Node) -> Iterator[str]:
    for child in node.children or ():
        if child.name == "#text":
            yield child.data or ""
        elif isinstance(child, Element) and child.name not in ("script", "style", "template"):
            yield from _texts(child)


def own_text(node: Node) -> str:
    """The normalised text of ``node``'s own text children (what DOM Testing Library's ``getByText`` matches)."""
    return normalize("".join(c.data or "" for c in node.children or () if c.name == "#text"))


def role(element: Element) -> str:
    """The ARIA role of ``element``: the first token of its ``role`` attribute, else its implicit role per
    HTML-AAM (``""`` when it has none).
    """
    explicit = (element.attrs.get("role") or "").split()
    if explicit:
        return explicit[0]
    tag = element.name
    attrs = element.attrs
    if tag in ("a", "area"):
        return "link" if "href" in attrs else ""
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "heading"
    if tag in ("header", "footer"):
        if _inside(element, _SECTIONING):
            return ""
        return "banner" if tag == "header" else "contentinfo"
    if tag == "section":
        return "region" if attrs.get("aria-label") or attrs.get("aria-labelledby") else ""
    if tag == "img":
        return "presentation" if attrs.get("alt") == "" else "img"
    if tag == "input":
        kind = (attrs.get("type") or "text").lower()
        if kind in ("text", "search", "email", "tel", "url") and "list" in attrs:
            return "combobox"
        return _INPUT_ROLES.get(kind, "" if kind in _NO_ROLE_INPUTS else "textbox")
    if tag == "select":
        size = attrs.get("size") or "1"
        return "listbox" if "multiple" in attrs or (size.isdigit() and int(size) > 1) else "combobox"
    if tag == "th":
        return "rowheader" if attrs.get("scope") == "row" else "columnheader"
    return _TAG_ROLES.get(tag, "")


def level(element: Element) -> int | None:
    """The heading level of ``element``: ``aria-level``, else ``N`` of an ``<hN>``; ``None`` otherwise."""
    value = element.attrs.get("aria-level")
    if value and value.isdigit():
        return int(value)
    if len(element.name) == 2 and element.name[0] == "h" and element.name[1] in "123456":
        return int(element.name[1])
    return None


def accessible_name(element: Element, root: Node) -> str:
    """The accessible name of ``element`` (an element below ``root``), per the accname 1.2 steps listed in
    this module's docstring.
    """
    attrs = element.attrs
    labelledby = (attrs.get("aria-labelledby") or "").split()
    if labelledby:
        by_id = {e.attrs.get("id"): e for e in elements(root) if e.attrs.get("id")}
        named = normalize(" ".join(content_name(by_id[i]) for i in labelledby if i in by_id))
        if named:  # ids that name nothing fall through to the next step
            return named
    label = attrs.get("aria-label") or ""
    if label.strip():
        return normalize(label)
    kind = (attrs.get("type") or "").lower()
    if element.name in _LABELABLE and not (element.name == "input" and kind == "image"):
        labels = labels_of(element, root)
        if labels:
            return normalize(" ".join(label_text(label) for label in labels))
        if element.name == "input" and kind in ("button", "submit", "reset"):
            return normalize(attrs.get("value") or {"submit": "Submit", "reset": "Reset"}.get(kind, ""))
    if (element.name in ("img", "area") or (element.name == "input" and kind == "image")) and "alt" in attrs:
        return normalize(attrs.get("alt") or "")
    caption = _CAPTIONS.get(element.name)
    if caption:
        first = next((c for c in element.children or () if isinstance(c, Element) and c.name == caption), None)
        if first is not None:
            return content_name(first)
    if role(element) in _NAME_FROM_CONTENT:
        text = content_name(element)
        if text:
            return text
    return normalize(attrs.get("title") or attrs.get("placeholder") or "")


#: the child that names an element (accname via HTML-AAM): a fieldset's legend, a table's caption...
_CAPTIONS = {"fieldset": "legend", "table": "caption", "figure": "figcaption", "details": "summary"}


def content_name(node: Node) -> str:
    """The name ``node``'s content gives (accname 1.2 step 2F): its text, hidden parts skipped, an image's
    ``alt`` and an element's ``aria-label`` in place of their content, a text field's value and a select's
    chosen option; normalised.
    """
    return normalize("".join(_content_parts(node)))


def _content_parts(node: Node) -> Iterator[str]:
    for child in node.children or ():
        if child.name == "#text":
            yield child.data or ""
            continue
        if not isinstance(child, Element) or child.name in ("script", "style", "template"):
            continue
        attrs = child.attrs
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            continue
        if (attrs.get("aria-label") or "").strip():
            yield f" {attrs['aria-label']} "
        elif child.name == "img":
            yield f" {attrs.get('alt') or ''} "
        elif child.name == "input":
            yield f" {attrs.get('value') or ''} "
        elif child.name == "select":
            options = [o for o in elements(child) if o.name == "option"]
            chosen = next((o for o in options if "selected" in o.attrs), options[0] if options else None)
            yield f" {text_content(chosen) if chosen is not None else ''} "
        else:
            block = child.name in _BLOCKS
            yield " " if block else ""
            yield from _content_parts(child)
            yield " " if block else ""


_BLOCKS = {"div", "p", "li", "ul", "ol", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section"}


def labels_of(element: Element, root: Node) -> list[Element]:
    """The ``<label>`` elements of ``element``: those whose ``for`` names its ``id``, and the one around it."""
    found = []
    ident = element.attrs.get("id")
    if ident:
        found = [e for e in elements(root) if e.name == "label" and e.attrs.get("for") == ident]
    parent = element.parent
    while isinstance(parent, Element):
        if parent.name == "label" and parent not in found and "for" not in parent.attrs:
            found.append(parent)
            break
        parent = parent.parent
    return found


def label_text(label: Element) -> str:
    """A ``<label>``'s text without the controls it holds (the text DOM Testing Library matches a label by):
    ``<label>Choose <select>...</select></label>`` is ``"Choose"``.
    """
    return normalize("".join(_label_parts(label)))


def _label_parts(node: Node) -> Iterator[str]:
    for child in node.children or ():
        if child.name == "#text":
            yield child.data or ""
        elif isinstance(child, Element) and child.name not in _LABELABLE and child.name not in ("script", "style"):
            yield from _label_parts(child)


def labelled(root: Node, label: str | re.Pattern[str]) -> list[Element]:
    """The elements below ``root`` whose label matches ``label`` (:func:`matches`), in document order:
    named by a ``<label>`` (``for`` or around it; its text without the controls it holds), by
    ``aria-labelledby`` or by ``aria-label``.
    """
    found: list[Element] = []
    by_id = {e.attrs.get("id"): e for e in elements(root) if e.attrs.get("id")}
    for element in elements(root):
        if element.name == "label" and matches(label_text(element), label):
            target = by_id.get(element.attrs.get("for") or "") if element.attrs.get("for") else None
            if target is None and "for" not in element.attrs:
                target = next((e for e in elements(element) if e.name in _LABELABLE), None)
            if target is not None and target not in found:
                found.append(target)
        ids = (element.attrs.get("aria-labelledby") or "").split()
        named = normalize(" ".join(content_name(by_id[i]) for i in ids if i in by_id))
        by_label = normalize(element.attrs.get("aria-label") or "")
        if ((named and matches(named, label)) or (by_label and matches(by_label, label))) and element not in found:
            found.append(element)
    order = {id(e): i for i, e in enumerate(elements(root))}
    return sorted(found, key=lambda e: order[id(e)])


def _inside(element: Element, tags: set[str]) -> bool:
    parent = element.parent
    while parent is not None:
        if isinstance(parent, Element) and parent.name in tags:
            return True
        parent = parent.parent
    return False
