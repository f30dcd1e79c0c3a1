// storydesk site script: loads the shared navigation (nav.js), draws it into the page and marks the current page.
// Links are relative to the site root given in <body data-root>, so the site works from file://.
(function () {
  "use strict";
  function build(items, root, current) {
    var ul = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "sd-nav-" + item.kind;
      var a = document.createElement("a");
      a.href = root + item.href;
      a.textContent = item.title;
      if (item.href === current) { a.setAttribute("aria-current", "page"); }
      if (item.assertions) {  // [passed, failed] (issue 12)
        var badge = document.createElement("span");
        var failed = item.assertions[1];
        badge.className = "sd-nav-badge" + (failed ? " sd-nav-badge-fail" : "");
        badge.textContent = failed ? "\u2717 " + failed : "\u2713 " + item.assertions[0];
        badge.title = item.assertions[0] + " assertions passed, " + failed + " failed";
        a.appendChild(badge);
      }
      li.appendChild(a);
      if (item.children && item.children.length) { li.appendChild(build(item.children, root, current)); }
      ul.appendChild(li);
    });
    return ul;
  }
  function draw() {
    var nav = document.getElementById("sd-nav");
    var data = window.STORYDESK_NAV;
    if (!nav || !data) { return; }
    nav.replaceChildren(build(data.tree, document.body.dataset.root || "", document.body.dataset.page));
  }
  // The preview pane calls this to show a failed build over the last good page.
  window.storydeskOverlay = function (html) {
    var el = document.getElementById("sd-build-overlay");
    if (!html) { if (el) { el.remove(); } return; }
    if (!el) { el = document.createElement("div"); el.id = "sd-build-overlay"; el.className = "sd-build-overlay"; document.body.appendChild(el); }
    el.innerHTML = html;
  };
  // Inside the preview pane, a file:line (an error card's, the build overlay's) opens the file in the user's
  // editor through the pane (issue 14); one listener on the document, so it holds across morphs and overlays.
  document.addEventListener("click", function (event) {
    var where = event.target.closest && event.target.closest("[data-sd-file]");
    var api = window.pywebview && window.pywebview.api;
    if (!where || !api || !api.open_in_editor) { return; }
    event.preventDefault();
    api.open_in_editor(where.dataset.sdFile, Number(where.dataset.sdLine || 0));
  });
  // A docs page's variants (issue 14): the two selects show the matrix of the chosen pair of props, either way
  // round (a pair's matrix is made once, rows by columns: the other order shows it with the axes swapped). A
  // morph keeps the selects' values and brings the page's own matrices back: they are shown again after it.
  function showChosen(axes) {
    var rows = axes.querySelector("[data-sd-axis=rows]").value;
    var columns = axes.querySelector("[data-sd-axis=columns]").value;
    var tables = axes.parentNode.querySelectorAll("table.sd-variants");
    var note = axes.parentNode.querySelector(".sd-variant-note");
    var found = null;
    tables.forEach(function (t) {
      var d = t.dataset;
      if ((d.sdRows === rows && d.sdColumns === columns) || (d.sdRows === columns && d.sdColumns === rows)) { found = t; }
    });
    if (note) {
      note.hidden = !!found;
      note.textContent = rows === columns ? "Choose two different props." : "No matrix for " + rows + " by " + columns + ".";
    }
    tables.forEach(function (t) { t.hidden = t !== found; });
    if (found && found.dataset.sdRows !== rows) { transpose(found); }
  }
  document.addEventListener("change", function (event) {
    var axes = event.target.closest && event.target.closest(".sd-variant-axes");
    if (axes) { showChosen(axes); }
  });
  document.addEventListener("storydesk:morphed", function () {
    document.querySelectorAll(".sd-variant-axes").forEach(showChosen);
  });
  function transpose(table) {
    var grid = Array.prototype.map.call(table.rows, function (row) { return Array.prototype.slice.call(row.cells); });
    var head = table.tHead, body = table.tBodies[0];
    head.replaceChildren(); body.replaceChildren();
    grid[0].forEach(function (_, j) {
      var tr = document.createElement("tr");
      grid.forEach(function (row) { tr.appendChild(row[j]); });
      (j === 0 ? head : body).appendChild(tr);
    });
    var rows = table.dataset.sdRows;
    table.dataset.sdRows = table.dataset.sdColumns;
    table.dataset.sdColumns = rows;
    table.caption.textContent = table.dataset.sdRows + " (rows) by " + table.dataset.sdColumns + " (columns)";
  }
  // nav.js is loaded from here, not from the page: inside the pane, where the navigation is hidden, loading
  // and parsing it took ~5 ms of every reload on a 300-story catalog (~10x that on 3,000 stories)
  function load() {
    if (document.documentElement.classList.contains("sd-embedded")) { return; }
    var script = document.createElement("script");
    script.src = (document.body.dataset.root || "") + "nav.js";
    script.onload = draw;
    document.head.appendChild(script);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", load); } else { load(); }
})();
