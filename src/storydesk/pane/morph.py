"""Updating the shown page in place with idiomorph instead of reloading it (issue 13).

A reload throws away everything on the page: text typed into a story's form, checked boxes, focus and caret,
open ``<details>``, inner scroll positions and the component's own JavaScript state (Storybook's most-voted
complaint, storybookjs/storybook#207). When a build changed only the page's body, the pane patches the live
DOM to the new page with idiomorph, which keeps the elements that are still there, so their state survives.

idiomorph 0.8.0 (npm ``idiomorph``, https://github.com/bigskysoftware/idiomorph, 0BSD) is vendored unmodified
as ``assets/vendor/idiomorph/idiomorph.js`` (``package/dist/idiomorph.js`` of the npm tarball, sha256
``4cda2ad0d39c630100957eeb5ec3115f84d57351c6c313579d2441cf48e9880d``) with its licence. It is injected into a
page only by the pane, the first time that page is morphed; the site never loads it.

What survives, beyond the elements idiomorph keeps: a field's typed value (and a box's checked state, a
select's choice) unless the component changed that field's ``value`` (``checked``, the options' ``selected``)
attribute itself; the page's scroll position; whether a ``<details>`` is open, as the user left it; focus and
caret (idiomorph's ``restoreFocus``); the app's error overlay. A change to the page's ``<head>`` (stylesheets,
scripts, styles; compared as served, since the browser adds its own) is not morphed: the script answers
``"reload"`` and the pane reloads, restoring scroll as before. So does a morph that throws.

Measured with ``python benchmarks/run.py --only pane`` (a demo story page, 2 cores, median of 30): morph
7.5 ms, reload 42 ms, each from the command to the page updated, as the pane times them.
"""

from __future__ import annotations

import json
from functools import cache

from storydesk.paths import assets_dir

#: The page-side function: ``storydeskMorph(html, before)`` (``before``: the shown page's HTML as served, or
#: ``null`` when unknown) returns ``"ok"``, ``"reload"`` (the heads differ) or ``"error: ..."`` (idiomorph
#: threw: the pane reloads).
MORPH_JS = r"""
window.storydeskMorph = function (html, before) {
  var parse = function (text) { return new DOMParser().parseFromString(text, "text/html"); };
  var next = parse(html);
  function head(doc) {
    return Array.prototype.map.call(
      doc.head.querySelectorAll("link[rel~=stylesheet], script, style, base"),
      function (el) { return el.outerHTML; }).join("\n");
  }
  // heads compared as served (the live head also holds what the pane's browser injected); the served head
  // of this document is kept after the first morph, so only the new page is parsed
  var served = window.storydeskServedHead;
  if (served === undefined) {
    if (before === null) { return "reload"; }
    served = head(parse(before));
  }
  var wanted = head(next);
  if (wanted !== served) { return "reload"; }
  window.storydeskServedHead = wanted;
  function keep(old, neu) {
    // the user's state wins unless the component changed the same thing itself
    if (old.nodeType !== 1 || neu.nodeType !== 1) { return true; }
    var tag = old.tagName;
    if (tag === "INPUT" && old.type !== "file") {
      if (old.getAttribute("value") === neu.getAttribute("value")) { neu.value = old.value; }
      if (old.hasAttribute("checked") === neu.hasAttribute("checked")) { neu.checked = old.checked; }
    } else if (tag === "TEXTAREA") {
      if (old.defaultValue === neu.defaultValue) { neu.value = old.value; }
    } else if (tag === "SELECT") {
      // the options' choice, set on the new select before its options are morphed one by one
      var same = old.options.length === neu.options.length && Array.prototype.every.call(old.options,
        function (o, i) {
          var n = neu.options[i];
          return o.value === n.value && o.defaultSelected === n.defaultSelected;
        });
      if (same) {
        Array.prototype.forEach.call(old.options, function (o, i) { neu.options[i].selected = o.selected; });
      }
    } else if (tag === "DETAILS") {
      if (old.open) { neu.setAttribute("open", ""); } else { neu.removeAttribute("open"); }
    }
    return true;
  }
  var x = window.scrollX, y = window.scrollY;
  try {
    Idiomorph.morph(document.body, next.body, {
      morphStyle: "outerHTML",
      ignoreActiveValue: true,
      restoreFocus: true,
      callbacks: {
        beforeNodeMorphed: keep,
        beforeNodeRemoved: function (node) { return node.id !== "sd-build-overlay"; }
      }
    });
  } catch (e) {
    return "error: " + e;
  }
  if (document.title !== next.title) { document.title = next.title; }
  if (window.scrollX !== x || window.scrollY !== y) { window.scrollTo(x, y); }  // focus restoring can scroll
  // the page's own script redraws what depends on kept form state (a docs page's chosen variants, issue 14)
  document.dispatchEvent(new CustomEvent("storydesk:morphed"));
  return "ok";
};
"""


@cache
def _library() -> str:
    """The vendored idiomorph source (read once per pane process)."""
    return (assets_dir() / "vendor" / "idiomorph" / "idiomorph.js").read_text(encoding="utf-8")


def morph_script(html: str, before: str | None) -> str:
    """The script that morphs the shown page to ``html`` (the new page's whole HTML, a ``str``); ``before`` is
    the shown page's HTML as it was served (``None``: unknown, so the page is reloaded). Its completion value is
    ``"ok"``, ``"reload"`` or ``"error: ..."``. idiomorph and :data:`MORPH_JS` are defined in the page the first
    time only.

    Raises:
        OSError: the vendored idiomorph file is missing (a broken install).
    """
    return (
        "if (typeof Idiomorph === 'undefined') { (0, eval)(" + json.dumps(_library()) + "); }\n"
        "if (!window.storydeskMorph) { (0, eval)(" + json.dumps(MORPH_JS) + "); }\n"
        "window.storydeskMorph(" + json.dumps(html) + ", " + json.dumps(before) + ");"
    )
