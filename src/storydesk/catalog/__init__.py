"""The catalog layer: pure Python, safe inside subinterpreters (never imports dearpygui or Qt).

It holds the model (:class:`Catalog`, :class:`Section`, :class:`Subject`, :class:`Story`), the discovery of
``stories.py`` files, rendering with tdom and writing the static site.
"""

from storydesk.catalog.model import Catalog, Section, Story, Subject

__all__ = ["Catalog", "Section", "Story", "Subject"]
