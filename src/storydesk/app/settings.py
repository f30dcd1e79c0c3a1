"""User settings, kept in the platform's user config directory (platformdirs) as JSON.

What is kept: recent catalogs, the window geometry, the pane split (the control panel's width), the last
selected story per catalog, the theme and the subinterpreter toggle. A settings file that cannot be read is
moved aside (``settings.json.corrupt-<time>``) with a warning, and defaults are used.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from platformdirs import user_config_path

log = logging.getLogger("storydesk.settings")

MAX_RECENT = 10


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
    """

    recent_catalogs: list[str] = field(default_factory=list)
    window: dict[str, int] = field(default_factory=lambda: {"x": 40, "y": 40, "width": 1280, "height": 800})
    pane_split: int = 400
    last_story: dict[str, str] = field(default_factory=dict)
    theme: str = "dark"
    use_subinterpreters: bool = True

    def remember_catalog(self, path: Path) -> None:
        """Put ``path`` first in ``recent_catalogs``."""
        p = str(path)
        self.recent_catalogs = [p, *[r for r in self.recent_catalogs if r != p]][:MAX_RECENT]


def default_path() -> Path:
    """``<user config dir>/storydesk/settings.json``."""
    return user_config_path("storydesk") / "settings.json"


def _check(data: object) -> Settings:
    """Build Settings from decoded JSON, checking every field's type.

    Raises:
        ValueError: not an object, or a field of the wrong type.
    """
    if not isinstance(data, dict):
        raise ValueError("settings are not a JSON object")
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        if f.name not in data:
            continue
        value, expected = data[f.name], type(getattr(defaults, f.name))
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ValueError(f"setting {f.name!r} should be {expected.__name__}, not {type(value).__name__}")
        values[f.name] = value
    settings = Settings(**values)
    if settings.theme not in ("dark", "light"):
        raise ValueError(f"unknown theme {settings.theme!r}")
    return settings


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
        return _check(json.loads(text))
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
