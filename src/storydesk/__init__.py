"""storydesk: a desktop workbench for tdom UI components.

Users import the catalog model from here in their ``stories.py`` files::

    from storydesk import Catalog, Section, Subject, Story
"""

from storydesk.catalog.model import Catalog, Section, Story, Subject

__version__ = "0.1.0"
__all__ = ["Catalog", "Section", "Story", "Subject", "__version__"]
