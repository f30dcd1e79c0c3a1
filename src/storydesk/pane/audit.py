"""Accessibility audits of the shown story with axe-core (issue 15).

axe-core 4.14.1 (npm ``axe-core``, https://github.com/dequelabs/axe-core, MPL-2.0) is vendored unmodified as
``assets/vendor/axe-core/axe.min.js`` (sha256 ``29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c``)
with its licence and its third-party notices. The pane defines it in an isolated JavaScript world of the page
(``QWebEngineScript.ApplicationWorld``): it sees the page's DOM but the page never sees it, and the site never
loads it.

After a story page loads or is morphed, and the page has been quiet for :data:`QUIET_MS`, the pane starts
``axe.run`` on the story's canvas (``.sd-canvas``: not storydesk's own title and description) with the rules
the page carries (``data-sd-a11y`` on the canvas: the story's and catalog's ``a11y`` settings), then polls
for the result, since ``runJavaScript`` cannot wait for a promise. The preview's own style sheet (a background
chosen in the toolbar) is switched off while axe looks, so findings are the story's, not the preview's (the
background blinks off for the audit's ~80 ms). Audits are off the update's path: the pane reports the page
loaded before the audit starts. A story shown through the catalog's ``themed_layout`` (an iframe) is audited
on its themed page, loaded in the pane's hidden view, and there only the story's own elements (between the
``sd:story`` markers its layout was given), not the catalog's layout around them.

Pure Python building JavaScript; :mod:`storydesk.pane.__main__` runs it.
"""

from __future__ import annotations

import json
from functools import cache

from storydesk.pane.markers import STORY_NODES_JS
from storydesk.paths import assets_dir

#: How long (ms) the page must be quiet (no load, no morph) before it is audited: saves a second apart each
#: get an audit, the keystrokes of a props edit do not each start one.
QUIET_MS = 300
#: How often (ms) the pane asks whether the audit has finished.
POLL_MS = 40

_RUN = """(function (id, themed, given) {
  // a themed story's page (themed): the story's own elements, between the markers its layout was given
  // (storydesk.catalog.pages.themed_page), or the whole page if the layout dropped them
  %(story_nodes)s
  var canvas = themed ? null : document.querySelector(".sd-canvas");
  var frame = document.querySelector("iframe.sd-themed-frame");
  if (!themed && !canvas && frame) {  // the story is in its themed page: that page is audited instead
    window.__sdAudit = {id: id, skipped: true, themed: frame.src, options: frame.dataset.sdA11y || "{}"};
    return "skipped";
  }
  if ((!themed && !canvas) || typeof axe === "undefined") {
    var why = document.querySelector(".sd-error-card") ? "not audited: the story failed to render" : "";
    window.__sdAudit = {id: id, skipped: true, reason: why};
    return "skipped";
  }
  var options = {resultTypes: ["violations"]};
  try {
    var own = JSON.parse((themed ? given : canvas.dataset.sdA11y) || "{}");
    if (own.rules) { options.rules = own.rules; }
  } catch (e) { window.__sdAudit = {id: id, error: "a11y settings: " + e}; return "error"; }
  // the preview's own style sheet (background, overlays; storydesk.pane.stage) is off while axe looks: the
  // audit judges the story's own colours, whatever background the preview shows it on
  var view = Array.prototype.filter.call(document.adoptedStyleSheets || [], function (sheet) {
    return sheet.cssRules.length && sheet.cssRules[0].cssText.indexOf("sd-view") !== -1 && !sheet.disabled;
  });
  view.forEach(function (sheet) { sheet.disabled = true; });
  function restore() { view.forEach(function (sheet) { sheet.disabled = false; }); }
  var started = performance.now();
  window.__sdAudit = {id: id, running: true};
  var nodes = themed ? storyNodes() : null;  // no marker, or none inside: the whole themed page
  axe.run(themed ? (nodes && nodes.length ? {include: nodes} : document) : canvas, options).then(function (r) {
    restore();
    window.__sdAudit = {id: id, ms: performance.now() - started, violations: r.violations.map(function (v) {
      return {id: v.id, impact: v.impact || "minor", help: v.help, helpUrl: v.helpUrl,
              nodes: v.nodes.map(function (n) {
                return {target: n.target.join(" "), html: n.html.slice(0, 300), summary: n.failureSummary || ""};
              })};
    })};
  }, function (e) { restore(); window.__sdAudit = {id: id, error: String(e)}; });
  return "started";
})""".replace("%(story_nodes)s", STORY_NODES_JS)


@cache
def _library() -> str:
    """The vendored axe-core source (read once per pane process).

    Raises:
        OSError: the vendored file is missing (a broken install).
    """
    return (assets_dir() / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def start_script(audit_id: int, themed_options: str | None = None) -> str:
    """The script (for the isolated world) that defines axe the first time and starts audit ``audit_id``;
    its completion value is ``"started"``, ``"skipped"`` (no story canvas on the page) or ``"error"``.

    A story page whose story is shown through the catalog's ``themed_layout`` (in an iframe) is skipped with
    ``themed`` (the themed page's URL) and ``options`` (the story's axe options, JSON) in its state: the pane
    audits that page instead, with ``themed_options`` given (JSON text), where only the story's own elements
    are audited, not the catalog's layout around them.
    """
    themed = "true" if themed_options is not None else "false"
    return (
        "if (typeof axe === 'undefined') { (0, eval)("
        + json.dumps(_library())
        + "); }\n"
        + _RUN
        + f"({int(audit_id)}, {themed}, {json.dumps(themed_options or '')})"
    )


#: The poll: the audit's state as JSON text (``null`` before one started in this page).
POLL_JS = "JSON.stringify(window.__sdAudit || null)"


def highlight_script(selector: str) -> str:
    """Script (main world) that scrolls the element ``selector`` into view and draws a box round it for 3 s
    (a fixed overlay, not a change to the story's own element); its value is whether the element was found.
    A story shown through the catalog's themed layout is looked for in its frame (where its audit ran).
    """
    return (
        "(function (sel) { var doc = document, el = null;\n"
        "  var frame = document.querySelector('iframe.sd-themed-frame');\n"
        "  try { if (frame && frame.contentDocument) { doc = frame.contentDocument; } el = doc.querySelector(sel); }\n"
        "  catch (e) {}\n"
        "  if (!el) { return false; }\n"
        "  el.scrollIntoView({block: 'center', inline: 'center'});\n"
        "  var r = el.getBoundingClientRect(), box = doc.getElementById('sd-highlight');\n"
        "  if (!box) { box = doc.createElement('div'); box.id = 'sd-highlight';\n"
        "    doc.body.appendChild(box); }\n"
        "  box.style.cssText = 'position:fixed;pointer-events:none;z-index:2147483646;border:3px solid #ff2d7a;'\n"
        "    + 'box-shadow:0 0 0 4px rgba(255,45,122,.35);border-radius:3px;left:' + (r.left - 4) + 'px;top:'\n"
        "    + (r.top - 4) + 'px;width:' + (r.width + 2) + 'px;height:' + (r.height + 2) + 'px';\n"
        "  clearTimeout(window.__sdHighlightTimer);\n"
        "  window.__sdHighlightTimer = setTimeout(function () { box.remove(); }, 3000);\n"
        "  return true; })(" + json.dumps(selector) + ")"
    )
