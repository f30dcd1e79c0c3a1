"""The storydesk demo catalog: real tdom components in five sections."""

from storydesk import Catalog


def this_catalog() -> Catalog:
    return Catalog(title="storydesk demo", description="Buttons, cards, forms, navigation and data display, "
                   "written as tdom components.")
