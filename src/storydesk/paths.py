"""Where storydesk's own files live: the site assets and the bundled demo catalog."""

import hashlib
from pathlib import Path

from platformdirs import user_cache_path, user_log_path

_PACKAGE = Path(__file__).resolve().parent


def assets_dir() -> Path:
    """Return the folder holding ``site.css``, ``site.js`` and the icons.

    In a wheel the assets are packaged as ``storydesk/_assets``; in a source checkout they are the
    repository's top-level ``assets/`` folder.

    Raises:
        FileNotFoundError: neither location exists (a broken install).
    """
    for candidate in (_PACKAGE / "_assets", _PACKAGE.parent.parent / "assets"):
        if (candidate / "site.css").is_file():
            return candidate
    raise FileNotFoundError(f"storydesk assets not found next to {_PACKAGE}")


def demo_catalog() -> Path:
    """Return the folder of the bundled demo catalog (a package named ``storydesk_demo``)."""
    return _PACKAGE / "demo" / "storydesk_demo"


def default_out(catalog: Path) -> Path:
    """Return the site folder for ``catalog`` (an absolute path) in the user cache directory, one per
    catalog path.
    """
    digest = hashlib.sha1(str(catalog).encode(), usedforsecurity=False).hexdigest()[:10]
    return user_cache_path("storydesk") / "sites" / f"{catalog.name}-{digest}" / "site"


def log_dir() -> Path:
    """Return (creating it) the user log folder, where ``storydesk.log``, ``pane.log`` and ``build.log`` go
    (issue 11: never next to a site the user chose with ``--out``).
    """
    path = user_log_path("storydesk")
    path.mkdir(parents=True, exist_ok=True)
    return path
