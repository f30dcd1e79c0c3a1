"""The story's own elements on a themed page, found by its markers (issue 15), as JavaScript.

A catalog's ``themed_layout`` is given the story's HTML between ``<!--sd:story-->`` and ``<!--/sd:story-->``
(:func:`storydesk.catalog.pages.themed_page`), so the pane can tell the story's elements from the layout's:
the accessibility audit (:mod:`storydesk.pane.audit`) audits only them, and the events log
(:mod:`storydesk.pane.dom_log`) logs only theirs.
"""

from __future__ import annotations

#: ``storyNodes()``: the elements between the first ``sd:story`` marker and its end in ``document`` (in order;
#: ``[]`` when there are none between them), or ``null`` when the page has no marker.
STORY_NODES_JS = """function storyNodes() {
    var walker = document.createTreeWalker(document.body || document, NodeFilter.SHOW_COMMENT), start = null;
    while (walker.nextNode()) { if (walker.currentNode.data === "sd:story") { start = walker.currentNode; break; } }
    var nodes = [];
    for (var n = start && start.nextSibling; n && !(n.nodeType === 8 && n.data === "/sd:story"); n = n.nextSibling) {
      if (n.nodeType === 1) { nodes.push(n); }
    }
    return start ? nodes : null;
  }"""
