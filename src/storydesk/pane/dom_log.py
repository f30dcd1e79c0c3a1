"""The events log's script (issue 15): what a story's elements emit, sent to the app's Events tab.

Storybook's Actions panel logs the callbacks a story is given; a tdom story is plain HTML in a real Chromium,
so storydesk logs the DOM events themselves. The script goes into every page and frame the pane shows, at
document creation, in the page's main world (a custom event's ``detail`` is an object of that world), and
listens on ``window`` in the capture phase, so a story's own handlers cannot hide an event from it by
stopping its propagation. It logs only events whose target is inside the story: the ``.sd-canvas`` of a
story page, or in a themed story's frame the story's own elements, between the ``sd:story`` markers its
layout was given (storydesk's own title, links and buttons, and the catalog's layout, are never logged).

Logged kinds (:data:`KINDS`): ``click``, ``input``, ``change``, ``submit``, ``keydown``, ``focus``, ``blur``,
and every event a story dispatches itself (``el.dispatchEvent(new CustomEvent("picked", {detail}))``,
caught by wrapping ``EventTarget.prototype.dispatchEvent``), as ``custom`` entries named by their type.
Each entry: ``{"t": ms since the epoch, "type", "selector", "value", "blocked"}``; ``selector`` is short
(``button#save``, ``input.field[name=email]``), ``value`` what the event carries (a field's value; the key
with its modifiers; a link's address; a form's fields as ``a=1&b=2``; a custom event's ``detail`` as JSON;
a password's value and typed keys as ``*``, ASCII: the control panel's font has no bullet), each at most
:data:`VALUE_LIMIT` characters.

A click on a link and a form's submit are logged and their navigation is stopped (``blocked``), so the
pane stays on the story, unless the app lets navigation through (the Events tab's toggle): ``set_nav``
switches it on the shown page and its frames at once.

Entries are sent in batches, at most one call every :data:`BATCH_MS`, to pywebview's ``js_api``
(``window.pywebview.api.dom_events``) from the top page; a frame posts its entries to the top page. A link
or form let through sends them at once, before the page goes (a ``pagehide`` flush instead made the pane's
next page lay out at 100 % now and then before its viewport's zoom was set again: test_preview's probe read
288 px for 320 in 1 of 3 runs, 0 of 6 without it). Pure
Python building JavaScript; :mod:`storydesk.pane.__main__` installs it.
"""

from __future__ import annotations

import json

from storydesk.pane.markers import STORY_NODES_JS

#: The kinds of entry the log shows, in the Events tab's filter order; ``custom`` is any event a story
#: dispatches itself.
KINDS = ("click", "input", "change", "submit", "keydown", "focus", "blur", "custom")
#: The longest value sent (characters); a longer one ends with "...".
VALUE_LIMIT = 200
#: The most entries a page sends per call (ms apart): typing fast is a few entries per call.
BATCH_MS = 50

_SCRIPT = """(function (allowNav) {
  if (window.__sdLog) { return; }
  var top = window === window.top, queue = [], timer = 0, LIMIT = %(limit)d;
  window.__sdLog = {nav: allowNav};
  function short(text) { text = String(text); return text.length > LIMIT ? text.slice(0, LIMIT - 3) + "..." : text; }
  // a themed story's frame: the story's elements, between the markers of its layout
  %(story_nodes)s
  function inStory(el) {
    if (!el || el.nodeType !== 1) { return false; }
    if (top) { return !!el.closest(".sd-canvas"); }
    var nodes = storyNodes();  // no markers: the whole frame is the story
    return !nodes || nodes.some(function (node) { return node.contains(el); });
  }
  function selector(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) { return s + "#" + el.id; }
    var classes = Array.prototype.slice.call(el.classList, 0, 2);
    if (classes.length) { s += "." + classes.join("."); }
    var name = el.getAttribute("name");
    if (name) { s += "[name=" + name + "]"; }
    return s;
  }
  function fieldValue(el) {
    if (el.type === "checkbox" || el.type === "radio") {
      return (el.checked ? "checked" : "unchecked") + (el.value && el.value !== "on" ? " " + el.value : "");
    }
    if (el.type === "password") { return el.value ? "*".repeat(Math.min(el.value.length, 12)) : ""; }
    if (el.isContentEditable) { return el.innerText; }
    return el.value === undefined ? "" : el.value;
  }
  function formValue(form) {
    var parts = [];
    try {
      new FormData(form).forEach(function (v, k) {
        var field = form.elements[k], secret = field && field.type === "password";
        parts.push(k + "=" + (secret ? "***" : typeof v === "string" ? v : "(file)"));
      });
    } catch (e) {}
    return parts.join("&");
  }
  function keyName(e) {
    if (/^(Control|Shift|Alt|Meta)$/.test(e.key)) { return e.key === "Control" ? "Ctrl" : e.key; }
    var mods = (e.ctrlKey ? "Ctrl+" : "") + (e.altKey ? "Alt+" : "") + (e.metaKey ? "Meta+" : "");
    return mods + (e.shiftKey && e.key.length > 1 ? "Shift+" : "") + (e.key === " " ? "Space" : e.key);
  }
  function flush() {
    timer = 0;
    var batch = queue; queue = [];
    if (!batch.length) { return; }
    if (!top) { window.top.postMessage({sdLog: batch}, "*"); return; }
    var api = window.pywebview && window.pywebview.api;
    if (api && api.dom_events) { api.dom_events(JSON.stringify({url: location.href, events: batch})); }
    else { queue = batch.concat(queue).slice(-500); window.addEventListener("pywebviewready", flush, {once: true}); }
  }
  function push(entry) {
    entry.value = short(entry.value || "");
    queue.push(entry);
    if (!timer) { timer = setTimeout(flush, %(batch)d); }
  }
  function log(type, el, value, blocked, custom) {
    push({t: Date.now(), type: type, selector: selector(el), value: value, blocked: !!blocked, custom: !!custom});
  }
  function on(type, handle) {
    window.addEventListener(type, function (e) { if (inStory(e.target)) { handle(e); } }, true);
  }
  on("click", function (e) {
    var link = e.target.closest("a[href]");
    var href = link && link.getAttribute("href");
    if (link && href && href.charAt(0) !== "#" && !/^javascript:/i.test(href)) {
      var stop = !window.__sdLog.nav && !e.defaultPrevented;
      if (stop) { e.preventDefault(); }
      log("click", link, href, stop);
      if (!stop) { flush(); }  // the page is about to go: its entries go now
      return;
    }
    var el = e.target, field = /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);
    log("click", el, field ? fieldValue(el) : (el.innerText || "").trim().split("\\n")[0]);
  });
  on("input", function (e) { log("input", e.target, fieldValue(e.target)); });
  on("change", function (e) { log("change", e.target, fieldValue(e.target)); });
  on("keydown", function (e) {  // a password's keys are as secret as its value: a printable one is masked
    var secret = e.target.type === "password" && e.key.length === 1 && !e.ctrlKey && !e.metaKey;
    log("keydown", e.target, secret ? "*" : keyName(e));
  });
  on("focus", function (e) { log("focus", e.target, ""); });
  on("blur", function (e) { log("blur", e.target, ""); });
  on("submit", function (e) {
    var stop = !window.__sdLog.nav && !e.defaultPrevented;
    if (stop) { e.preventDefault(); }
    log("submit", e.target, formValue(e.target), stop);
    if (!stop) { flush(); }
  });
  // form.submit() from a story's script fires no submit event: it is logged, and stopped, here too
  var submit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function () {
    if (inStory(this)) {
      var stop = !window.__sdLog.nav;
      log("submit", this, formValue(this), stop);
      if (stop) { return; }
    }
    return submit.apply(this, arguments);
  };
  var dispatch = EventTarget.prototype.dispatchEvent;
  var OWN = {click: 1, input: 1, change: 1, submit: 1, keydown: 1, focus: 1, blur: 1};
  EventTarget.prototype.dispatchEvent = function (event) {
    if (event && !OWN[event.type] && inStory(this)) {
      var detail = "";
      if (event.detail !== undefined && event.detail !== null) {
        try { detail = JSON.stringify(event.detail); } catch (err) { detail = String(event.detail); }
      }
      log(event.type, this, detail, false, true);
    }
    return dispatch.apply(this, arguments);
  };
  if (top) {
    window.addEventListener("message", function (e) {
      if (e.data && e.data.sdLog) { e.data.sdLog.forEach(push); }
    });
  } else {
    window.addEventListener("message", function (e) {
      if (e.data && typeof e.data.sdNav === "boolean") { window.__sdLog.nav = e.data.sdNav; }
    });
  }
})(%(nav)s);"""


def script(allow_navigation: bool) -> str:
    """The events log's script for every page and frame, with link and form navigation let through when
    ``allow_navigation``, else logged and stopped.
    """
    return _SCRIPT % {
        "limit": VALUE_LIMIT,
        "batch": BATCH_MS,
        "nav": json.dumps(bool(allow_navigation)),
        "story_nodes": STORY_NODES_JS,
    }


def set_nav_script(allow_navigation: bool) -> str:
    """Script (main world, shown page) that lets link and form navigation through, or stops it, from now on, in
    the page and its frames.
    """
    nav = json.dumps(bool(allow_navigation))
    return (
        f"if (window.__sdLog) {{ window.__sdLog.nav = {nav}; }}"
        f"Array.prototype.forEach.call(window.frames, function (f) {{ f.postMessage({{sdNav: {nav}}}, '*'); }});"
    )
