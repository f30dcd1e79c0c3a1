"""Finding pages in the navigation tree: which node a page belongs to, and where to go when the shown
story is renamed or deleted (issue 11).

The tree is the build's ``tree`` (see :func:`storydesk.catalog.pages.nav_tree`): nodes are dicts with
``title``, ``kind`` (``section``, ``subject``, ``story``), ``path``, ``href`` (site-relative) and
``children``. The catalog's root is the page ``index.html``.
"""

from __future__ import annotations

from collections.abc import Iterator

INDEX = "index.html"


def walk(tree: list[dict], parents: tuple[dict, ...] = ()) -> Iterator[tuple[dict, tuple[dict, ...]]]:
    """Yield every node of ``tree`` with its ancestors (outermost first), depth first in tree order."""
    for node in tree:
        yield node, parents
        yield from walk(node["children"], (*parents, node))


def node_for_href(tree: list[dict], href: str) -> dict | None:
    """Return the node whose page is ``href`` (``None``: the index, or a page not in the tree)."""
    return next((node for node, _ in walk(tree) if node["href"] == href), None)


def story_for_href(tree: list[dict], href: str) -> str | None:
    """Return the path of the story whose page is ``href``, or ``None`` when it is not a story page."""
    node = node_for_href(tree, href)
    return node["path"] if node and node["kind"] == "story" else None


def nearest_surviving(old_tree: list[dict], new_tree: list[dict], href: str) -> str:
    """Return the page to show when ``href`` is gone from ``new_tree``: the story now at the same position in
    the same subject (a renamed story), else the nearest surviving ancestor's page, else the index.
    """
    if node_for_href(new_tree, href) is not None:
        return href
    found = next(((node, parents) for node, parents in walk(old_tree) if node["href"] == href), None)
    if found is None:
        return INDEX
    node, parents = found
    new_paths = {n["path"]: n for n, _ in walk(new_tree)}
    if parents and parents[-1]["path"] in new_paths:
        parent_old, parent_new = parents[-1], new_paths[parents[-1]["path"]]
        position = next(i for i, child in enumerate(parent_old["children"]) if child is node)
        siblings = parent_new["children"]
        if siblings:
            return siblings[min(position, len(siblings) - 1)]["href"]
        return parent_new["href"]
    for ancestor in reversed(parents[:-1]):
        if ancestor["path"] in new_paths:
            return new_paths[ancestor["path"]]["href"]
    return INDEX


def filter_words(text: str) -> list[str]:
    """The filter box's words, lowercased (issue 11: words in any order, ``"button danger"``)."""
    return text.lower().split()


def shown_by_filter(tree: list[dict], words: list[str]) -> tuple[set[str], list[str]]:
    """Return the paths of the nodes the filter ``words`` shows, and the matching stories' paths in tree order.

    A node matches when every word is in its own or an ancestor's title or path ("button danger" finds the
    story Danger of the subject Button); a matching node shows everything below it, and the ancestors of
    every match are shown. No words: everything.
    """
    shown: set[str] = set()
    stories: list[str] = []
    for node, parents in walk(tree):
        haystack = " ".join(f"{n['title']} {n['path']}" for n in (*parents, node)).lower()
        if all(word in haystack for word in words):
            shown.update(n["path"] for n in (*parents, node))
            if node["kind"] == "story":
                stories.append(node["path"])
    return shown, stories
