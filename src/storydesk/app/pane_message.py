"""Pages the pane shows when there is no site page to show: "building the catalog", "the first build failed"
(issue 11: the pane used to stay on ``about:blank``, or on another catalog's page, until a build succeeded).

They are written to a private temporary folder, never into the site, and load storydesk's own ``site.css``
and ``site.js`` (so the build-error overlay works over them too).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from storydesk.paths import assets_dir


def write_message_page(folder: Path, headline: str, text: str, name: str = "message.html") -> Path:
    """Write a page saying ``headline`` and ``text`` (plain text) into ``folder``; return its path.

    Raises:
        OSError: the page could not be written.
    """
    assets = assets_dir().as_uri()
    page = folder / name
    page.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(headline)}</title><link rel='stylesheet' href='{assets}/site.css'>"
        f"<script src='{assets}/site.js' defer></script></head>"
        "<body class='sd-message'><main class='sd-main' style='padding:2rem'>"
        f"<h1>{escape(headline)}</h1><p id='sd-message'>{escape(text)}</p></main></body></html>",
        encoding="utf-8",
    )
    return page
