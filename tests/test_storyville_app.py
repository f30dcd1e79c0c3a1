"""A Storyville-style catalog in the real app (issue 12): a catalog folder inside a package, a themed layout
shown as the pane's view of the story, and assertion results in the tree, the props panel and the status
line, following an edit to a module of the enclosing package outside the catalog folder.
"""

from __future__ import annotations

import pytest
from conftest import write
from gui_driver import RunningApp

pytestmark = pytest.mark.gui


def test_a_storyville_catalog_in_a_package_shows_its_themed_page_and_assertion_results(display, tmp_path):
    proj = tmp_path / "proj"
    write(proj / "brand" / "__init__.py", "")
    write(proj / "brand" / "words.py", 'LABEL = "Send"\n')
    root = proj / "brand" / "catalog"
    write(
        root / "stories.py",
        """
        from storydesk import Catalog
        from tdom import html


        def layout(story_title=None, children=None):
            return html(t'<!doctype html><html><body><p>Brand page for {story_title}</p>{children}</body></html>')


        def catalog() -> Catalog:
            return Catalog(title="Brand", themed_layout=layout)
        """,
    )
    write(
        root / "button" / "stories.py",
        """
        from dataclasses import dataclass

        from brand.words import LABEL
        from storydesk import Story, Subject
        from storydesk.assertions import GetByRole
        from tdom import html


        @dataclass
        class Button:
            variant: str

            def __call__(self):
                return html(t'<button class={self.variant}>{LABEL}</button>')


        def subject() -> Subject:
            return Subject(title="Button", target=Button, items=[
                Story(title="Primary", props={"variant": "primary"},
                      assertions=[GetByRole("button"), GetByRole("button", name="Submit")]),
            ])
        """,
    )
    app = RunningApp(root, tmp_path, "--story", "button/primary")
    try:
        state = app.wait(lambda s: "Brand page for Primary" in s.get("pane_text", ""), 90, "the themed page")
        assert "Send" in state["pane_text"], "the story inside the catalog's layout"
        state = app.wait(
            lambda s: "[1 of 2 failed]" in s.get("labels", {}).get("sd:story:button/primary", ""), 20, "tree badge"
        )
        assert "(1 failing)" in state["labels"]["sd:node:button"], "counted into its subject"
        assert state["texts"].get("sdp:checks:summary") == "Assertions: 1 passed, 1 failed"
        assert "Assertion 2: failed: Unable to find an element with role='button', name='Submit'" in (
            state["texts"].get("sdp:check:2", "")
        )
        assert "assertions: 1 of 2 failed" in state["texts"]["sd:status"]
        assert state["status_colour"] != [120, 220, 120, 255], "not green while an assertion fails"
        # fixed in a module of the enclosing package, outside the catalog folder: watched and imported afresh
        (proj / "brand" / "words.py").write_text('LABEL = "Submit"\n')
        state = app.wait(lambda s: "[2 passed]" in s["labels"].get("sd:story:button/primary", ""), 30, "fixed")
        assert state["texts"].get("sdp:checks:summary") == "Assertions: 2 passed, 0 failed"
        state = app.wait(lambda s: "Submit" in s.get("pane_text", ""), 20, "the pane follows")
        assert "assertions: 2 passed" in state["texts"]["sd:status"]
        # the catalog's layout saved: the pane shows the story through the new layout
        stories = root / "stories.py"
        stories.write_text(stories.read_text().replace("Brand page for", "Brand site for"))
        app.wait(lambda s: "Brand site for Primary" in s.get("pane_text", ""), 20, "the new themed layout")
    finally:
        app.stop()
