"""Where storydesk's own files live: the site assets and the bundled demo catalog."""

from pathlib import Path

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
