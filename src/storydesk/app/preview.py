"""The preview toolbar's choices (issue 14): viewport, zoom, background, outline and grid.

One :class:`Preview` per catalog is kept in the settings (``Settings.preview``), so each catalog opens as it
was left; the app turns it into the pane's ``view`` command (:func:`view_command`, laid out by
:mod:`storydesk.pane.stage`) whenever it or the shown story's default background changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec

from storydesk.pane.stage import CHECKERBOARD

type ViewportName = Literal["full", "phone", "tablet", "desktop", "custom"]
type BackgroundName = Literal["default", "light", "dark", "checkerboard", "custom"]

#: The viewport presets, ``{name: (width, height) in CSS px, or None: the whole pane}``; the sizes are
#: Storybook's "small mobile" and "tablet" and a common laptop ("custom" is :attr:`Preview.width`/``height``).
VIEWPORTS: dict[str, tuple[int, int] | None] = {
    "full": None,
    "phone": (320, 568),
    "tablet": (768, 1024),
    "desktop": (1280, 800),
    "custom": None,
}
#: The zoom steps in percent that Ctrl+= and Ctrl+- move between (Chromium's own, 50-200 %).
ZOOM_STEPS = (50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200)
#: The named backgrounds as CSS ``background`` values.
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e1f24", "checkerboard": CHECKERBOARD}
#: The smallest and largest custom viewport side in CSS px.
MIN_SIDE, MAX_SIDE = 50, 4000


@dataclass
class Preview:
    """What the preview toolbar is set to, for one catalog.

    Attributes:
        viewport: a :data:`VIEWPORTS` name.
        width, height: the custom viewport in CSS px (used when ``viewport`` is ``"custom"``).
        rotated: width and height swapped (landscape).
        zoom: percent, 50-200.
        background: ``"light"``, ``"dark"``, ``"checkerboard"`` (:data:`BACKGROUNDS`), ``"custom"``
            (:attr:`colour`) or ``"default"``: the subject's or catalog's ``background``, else the page's own.
        colour: the custom background colour, ``#rrggbb``.
        outline: outline every element of the story.
        grid: draw a grid over the preview.
    """

    viewport: ViewportName = "full"
    width: Annotated[int, msgspec.Meta(ge=MIN_SIDE, le=MAX_SIDE)] = 1024
    height: Annotated[int, msgspec.Meta(ge=MIN_SIDE, le=MAX_SIDE)] = 768
    rotated: bool = False
    zoom: Annotated[int, msgspec.Meta(ge=ZOOM_STEPS[0], le=ZOOM_STEPS[-1])] = 100
    background: BackgroundName = "default"
    colour: Annotated[str, msgspec.Meta(pattern=r"^#[0-9a-fA-F]{6}$")] = "#ffffff"
    outline: bool = False
    grid: bool = False

    def size(self) -> tuple[int, int] | None:
        """The viewport ``(width, height)`` in CSS px, rotated if asked; ``None``: the whole pane."""
        size = (self.width, self.height) if self.viewport == "custom" else VIEWPORTS[self.viewport]
        if size is None:
            return None
        return (size[1], size[0]) if self.rotated else size


def zoom_step(zoom: int, direction: int) -> int:
    """The next zoom step (percent) from ``zoom`` in ``direction`` (+1 in, -1 out, 0 back to 100)."""
    if direction == 0:
        return 100
    if direction > 0:
        return next((z for z in ZOOM_STEPS if z > zoom), ZOOM_STEPS[-1])
    return next((z for z in reversed(ZOOM_STEPS) if z < zoom), ZOOM_STEPS[0])


def background_css(name: str, colour: str, default: str) -> str:
    """The CSS ``background`` for a :class:`Preview`'s ``background`` ``name`` (``colour`` for ``"custom"``);
    ``default`` (a catalog's or subject's ``background``: a name of :data:`BACKGROUNDS` or any CSS colour)
    for ``"default"``; ``""``: the page's own.
    """
    if name == "custom":
        return colour
    if name == "default":
        return BACKGROUNDS.get(default, default)
    return BACKGROUNDS.get(name, "")


def is_dark(background: str) -> bool:
    """Whether the CSS ``background`` is a dark colour: the named dark one, or a ``#rgb``/``#rrggbb`` colour with a
    WCAG relative luminance under 0.175, where the pages' light text (#e4e4ea) gets more contrast than their
    dark text (#1d1d22); other CSS (``navy``, gradients) counts as light.
    """
    if background == BACKGROUNDS["dark"]:
        return True
    digits = background.lstrip("#")
    if not background.startswith("#") or len(digits) not in (3, 6):
        return False
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    try:
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    except ValueError:
        return False
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] < 0.175


def view_command(preview: Preview, default_background: str = "") -> dict:
    """The pane's ``view`` command for ``preview`` (see :mod:`storydesk.pane.protocol`)."""
    width, height = preview.size() or (0, 0)
    background = background_css(preview.background, preview.colour, default_background)
    return {
        "cmd": "view",
        "width": width,
        "height": height,
        "zoom": preview.zoom / 100,
        "background": background,
        "dark": is_dark(background),
        "outline": preview.outline,
        "grid": preview.grid,
    }
