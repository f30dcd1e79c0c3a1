"""User settings, kept in the platform's user config directory (platformdirs) as JSON.

What is kept: recent catalogs, the window geometry, the pane split (the control panel's width), the last
selected story per catalog, the theme, the subinterpreter toggle, the editor and
the preview toolbar's choices per catalog. A settings file that is not a JSON object
is moved aside (``settings.json.corrupt-<time>``) with a warning, and defaults are used. Every setting is
checked against its declared type, nested values included, with msgspec (issue 9: ``{"window": {"x":
"left"}}`` once reached Dear PyGui): a wrong value is dropped with a warning naming it, and its default is
used; the other settings are kept, and unknown keys (from a newer version) are ignored.
"""

from __future__ import annotations

import json
import logging
import os
import time
import typing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Literal, TypedDict

import msgspec
from platformdirs import user_config_path

from storydesk.app.preview import Preview

log = logging.getLogger("storydesk.settings")

MAX_RECENT = 10


class WindowGeometry(TypedDict):
    """The viewport's position and size in px (all four keys required)."""

    x: int
    y: int
    width: Annotated[int, msgspec.Meta(ge=1)]
    height: Annotated[int, msgspec.Meta(ge=1)]


@dataclass
class Settings:
    """The persisted settings.

    Attributes:
        recent_catalogs: catalog folder paths, most recent first (at most 10).
        window: the viewport's ``{"x", "y", "width", "height"}`` in px.
        pane_split: the control panel's width in px (the pane takes the rest).
        last_story: ``{catalog path: story path}``.
        theme: ``"dark"`` or ``"light"``.
        use_subinterpreters: build in the subinterpreter pool (True) or in-process.
        incremental_builds: after an edit, render only the stories it can change (issue 13).
        editor: the command that opens a file at a line (issue 14), e.g. ``"code -g {file}:{line}"``;
            ``""``: ``$VISUAL``, then ``$EDITOR``, with the editor's own convention
            (:mod:`storydesk.app.editor`).
        preview: ``{catalog path: Preview}``: the preview toolbar's viewport, zoom, background and overlays,
            per catalog (issue 14).
        follow_links: a story's links and form submits navigate the preview pane; off (the default), they are
            logged in the Events tab and the pane stays on the story (issue 15).
    """

    recent_catalogs: list[str] = field(default_factory=list)
    window: WindowGeometry = field(default_factory=lambda: WindowGeometry(x=40, y=40, width=1280, height=800))
    pane_split: Annotated[int, msgspec.Meta(ge=0)] = 400
    last_story: dict[str, str] = field(default_factory=dict)
    theme: Literal["dark", "light"] = "dark"
    use_subinterpreters: bool = True
    incremental_builds: bool = True
    editor: str = ""
    preview: dict[str, Preview] = field(default_factory=dict)
    follow_links: bool = False

    def remember_catalog(self, path: Path) -> None:
        """Put ``path`` first in ``recent_catalogs``."""
        p = str(path)
        self.recent_catalogs = [p, *[r for r in self.recent_catalogs if r != p]][:MAX_RECENT]


def default_path() -> Path:
    """``<user config dir>/storydesk/settings.json``."""
    return user_config_path("storydesk") / "settings.json"


def _check(data: object, path: Path) -> Settings:
    """Build Settings from decoded JSON: each known key converted to its field's type (msgspec, strict: no
    ``"1"`` for 1, no ``true`` for 1), a wrong one dropped with a warning naming the setting and ``path``.

    Raises:
        ValueError: ``data`` is not a JSON object.
    """
    if not isinstance(data, dict):
        raise ValueError("settings are not a JSON object")
    hints = typing.get_type_hints(Settings, include_extras=True)
    values = {}
    for name, value in data.items():
        if name not in hints:
            continue
        try:
            values[name] = msgspec.convert(value, hints[name], strict=True)
        except msgspec.ValidationError as exc:
            log.warning(
                "settings file %s: %s is not valid (%s); using its default",
                path,
                name,
                str(exc).replace("`$", f"`{name}"),
            )
    return Settings(**values)


def load(path: Path | None = None) -> Settings:
    """Return the settings at ``path`` (default :func:`default_path`); defaults when there are none.

    A file that is not valid settings JSON is renamed ``<name>.corrupt-<unix time>`` and a warning logged.
    """
    path = path or default_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("cannot read settings %s (%s); using defaults", path, exc)
        return Settings()
    try:
        return _check(json.loads(text), path)
    except ValueError as exc:
        aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
        try:
            os.replace(path, aside)
        except OSError:
            aside = path
        log.warning("settings file %s is corrupt (%s); moved it to %s and using defaults", path, exc, aside)
        return Settings()


def save(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` to ``path`` (default :func:`default_path`) atomically.

    Raises:
        OSError: the file could not be written.
    """
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(tmp, path)
