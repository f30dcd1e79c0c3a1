"""The preview's stage (issue 14): where the page is laid out inside the pane, and what is drawn over it.

The app's preview toolbar sends one ``view`` command (:mod:`storydesk.pane.protocol`) holding a viewport
size, a zoom, a background and the outline and grid overlays. The pane lays the page out at that viewport
(the web view is that many CSS px wide and tall, so the page's media queries see it: Storybook's viewport
addon does the same with an iframe), centred on a neutral backdrop, and scaled down to fit when the viewport
times the zoom is larger than the pane. Backgrounds and overlays are one constructed style sheet per
document (``document.adoptedStyleSheets``): not an element in the page, so a morph (:mod:`.morph`) never
removes it, and the story's own markup stays as served.

Pure Python, so the layout rules are tested without Qt (``tests/test_preview.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

#: The space (px) kept around a viewport that is not the full pane, so its edge shows.
MARGIN = 12
#: The smallest zoom factor Qt WebEngine applies (it ignores ``setZoomFactor`` below it).
MIN_ZOOM = 0.25
#: CSS for a transparent checkerboard (16 px squares), as Storybook's and Ladle's transparency background.
CHECKERBOARD = "#ffffff repeating-conic-gradient(#d9d9d9 0% 25%, #ffffff 0% 50%) 0 0 / 16px 16px"
#: Colours and backgrounds a catalog may write: CSS colour names, #hex, rgb()/hsl() and gradients' characters.
_SAFE_CSS = re.compile(r"^[#\w\s(),.%/-]{0,200}$")


@dataclass(frozen=True)
class View:
    """One ``view`` command, checked.

    Attributes:
        width, height: the viewport in CSS px; ``0``: the whole pane.
        zoom: the zoom factor (0.5-2.0).
        background: a CSS ``background`` value for the page (``""``: the page's own).
        dark: the background is dark: storydesk's own text on the page (titles, descriptions, links outside
            the story) is drawn light, so it stays readable; the story's own colours are left as they are.
        outline: outline every element's box.
        grid: draw an 8 px grid (64 px major lines) over the page.
    """

    width: int = 0
    height: int = 0
    zoom: float = 1.0
    background: str = ""
    dark: bool = False
    outline: bool = False
    grid: bool = False

    @classmethod
    def from_message(cls, msg: dict) -> View:
        """The view a ``view`` command asks for; out-of-range numbers are clamped, an unsafe background
        (anything that could end the CSS rule) is ignored.
        """
        background = str(msg.get("background") or "")
        return cls(
            width=max(0, min(int(msg.get("width") or 0), 10000)),
            height=max(0, min(int(msg.get("height") or 0), 10000)),
            zoom=max(0.25, min(float(msg.get("zoom") or 1.0), 5.0)),
            background=background if _SAFE_CSS.match(background) else "",
            dark=bool(msg.get("dark")),
            outline=bool(msg.get("outline")),
            grid=bool(msg.get("grid")),
        )


@dataclass(frozen=True)
class Placement:
    """Where the web view goes on a stage of a given size: ``x, y, w, h`` in px, the zoom factor that makes
    ``w`` px show the viewport's width in CSS px, whether the viewport was scaled down to fit, and whether it is
    still larger than the stage (``overflow``: scaled to :data:`MIN_ZOOM` and cut off at the stage's edges).
    """

    x: int
    y: int
    w: int
    h: int
    zoom: float
    fitted: bool
    overflow: bool = False


def place(view: View, stage_w: int, stage_h: int) -> Placement:
    """Place ``view`` on a stage ``stage_w`` x ``stage_h`` px: the whole stage for a full-pane viewport, else
    the viewport times the zoom, centred, scaled down (keeping its proportions) to fit inside the margin.
    """
    stage_w, stage_h = max(1, stage_w), max(1, stage_h)
    if not view.width or not view.height:
        return Placement(0, 0, stage_w, stage_h, view.zoom, False)
    room_w, room_h = max(1, stage_w - 2 * MARGIN), max(1, stage_h - 2 * MARGIN)
    zoom = view.zoom
    fitted = view.width * zoom > room_w or view.height * zoom > room_h
    if fitted:
        zoom = max(MIN_ZOOM, min(room_w / view.width, room_h / view.height))
    w, h = max(1, round(view.width * zoom)), max(1, round(view.height * zoom))
    overflow = w > room_w or h > room_h
    return Placement(max(0, (stage_w - w) // 2), max(0, (stage_h - h) // 2), w, h, zoom, fitted, overflow)


_OUTLINE = "outline: 1px solid rgba(255, 71, 133, 0.75) !important; outline-offset: -1px !important;"
_GRID = (
    'content: ""; position: fixed; inset: 0; pointer-events: none; z-index: 2147483647;'
    " background-image: linear-gradient(rgba(0, 120, 255, 0.28) 1px, transparent 1px),"
    " linear-gradient(90deg, rgba(0, 120, 255, 0.28) 1px, transparent 1px),"
    " linear-gradient(rgba(0, 120, 255, 0.12) 1px, transparent 1px),"
    " linear-gradient(90deg, rgba(0, 120, 255, 0.12) 1px, transparent 1px);"
    " background-size: 64px 64px, 64px 64px, 8px 8px, 8px 8px;"
)


#: storydesk's own text on a dark background: light, outside the story's canvas and the variants' cells.
_DARK_CHROME = (
    ".sd-main :is(h1, h2, h3, .sd-crumb, .sd-description, .sd-kind, caption, label, summary)"
    ":not(.sd-canvas *, .sd-variant *) { color: #e4e4ea !important; }\n"
    ".sd-main :is(a, .sd-where):not(.sd-canvas *, .sd-variant *) { color: #9fb6ff !important; }"
)


#: The first rule of the view's style sheet: how the accessibility audit (:mod:`storydesk.pane.audit`) finds
#: the sheet and switches it off while it runs, so a preview background never adds or hides a contrast finding.
MARKER = "@layer sd-view;"


def css(view: View, *, frame: bool) -> str:
    """The style sheet of ``view`` for a story page (``frame`` False) or for the catalog's themed page shown
    in it (``frame`` True, issue 12). On a story page the outline is drawn round the story's elements only
    (``.sd-canvas``) and a docs page's variants, not the page's own title and description.
    """
    rules = [MARKER]
    if view.background:
        # the story's canvas too: it has a white background of its own (site.css)
        rules.append(f"html, body, .sd-canvas {{ background: {view.background} !important; }}")
    if view.dark and view.background and not frame:
        rules.append(_DARK_CHROME)
    if view.outline:
        rules.append(f"{'body *' if frame else '.sd-canvas *, .sd-variant *'} {{ {_OUTLINE} }}")
    if view.grid and not frame:  # one grid, over the whole pane, not a second one inside the themed frame
        rules.append(f"html::after {{ {_GRID} }}")
    return "\n".join(rules)


def script(view: View) -> str:
    """JavaScript that puts ``view``'s style sheet on the document it runs in and on its same-origin frames
    (run on the shown page when the view changes, and injected into every page created after).
    """
    return (
        "(function (page, frame) {"
        " function apply(doc) { try {"
        "  var win = doc.defaultView; if (!win) return;"
        "  var sheet = win.__sdViewSheet;"
        "  if (!sheet) { sheet = new win.CSSStyleSheet(); win.__sdViewSheet = sheet;"
        "   doc.adoptedStyleSheets = doc.adoptedStyleSheets.concat([sheet]); }"
        "  sheet.replaceSync(win === win.top ? page : frame);"
        "  Array.prototype.forEach.call(doc.querySelectorAll('iframe'), function (f) {"
        "   try { if (f.contentDocument) apply(f.contentDocument); } catch (e) {} });"
        " } catch (e) {} }"
        " apply(document);"
        f"}})({json.dumps(css(view, frame=False))}, {json.dumps(css(view, frame=True))})"
    )
