"""Generate a catalog of N sections x M subjects x K stories of varied tdom components (benchmarks).

    python benchmarks/gen_catalog.py OUT_DIR [--sections 10] [--subjects 10] [--stories 3]

The package is named after OUT_DIR's last part (default ``gencat``); its components are the demo
catalog's (buttons, cards, forms, navigation, data display), copied in so the catalog stands alone.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from storydesk.paths import demo_catalog

# (module, component, props) cycled through the subjects
KINDS = [
    (
        "actions",
        "Button",
        [{"label": "Save"}, {"label": "Delete", "variant": "danger"}, {"label": "More", "size": "sm"}],
    ),
    (
        "actions",
        "Badge",
        [{"text": "New"}, {"text": "Passing", "tone": "success"}, {"text": "Late", "tone": "warning"}],
    ),
    (
        "layout",
        "Card",
        [
            {"title": "Report", "body": "Revenue grew."},
            {"title": "Invite", "body": "Join us.", "action": "Send"},
            {"title": "Notes", "body": "x " * 40},
        ],
    ),
    (
        "layout",
        "Alert",
        [
            {"message": "Saved."},
            {"message": "Careful.", "tone": "warning"},
            {"message": "Failed", "tone": "danger", "title": "Error"},
        ],
    ),
    (
        "forms",
        "TextInput",
        [
            {"label": "Email", "name": "e"},
            {"label": "Name", "name": "n", "value": "Ada"},
            {"label": "Email", "name": "e", "error": "Required"},
        ],
    ),
    (
        "forms",
        "Select",
        [
            {"label": "Pick", "name": "p", "options": ["a", "b", "c"]},
            {"label": "Pick", "name": "p", "options": ["a", "b"], "selected": "b"},
            {"label": "Country", "name": "c", "options": ["France", "Japan", "Peru"]},
        ],
    ),
    (
        "navigation",
        "Navbar",
        [
            {"brand": "Acme", "links": ["Home", "Docs"]},
            {"brand": "Acme", "links": ["A", "B", "C"], "active": "B"},
            {"brand": "X", "links": []},
        ],
    ),
    ("navigation", "Pagination", [{"pages": 5}, {"pages": 9, "current": 4}, {"pages": 2, "current": 2}]),
    (
        "data",
        "Table",
        [
            {"columns": ["A", "B"], "rows": [["1", "2"]]},
            {"columns": ["Name"], "rows": [["Ada"], ["Grace"]]},
            {"columns": ["K", "V"], "rows": [["x", "y"]] * 5, "caption": "Pairs"},
        ],
    ),
    (
        "data",
        "Avatar",
        [{"name": "Ada Lovelace"}, {"name": "Grace Hopper", "size": 64}, {"name": "Alan Turing", "size": 24}],
    ),
]


def generate(out: Path, sections: int = 10, subjects: int = 10, stories: int = 3) -> Path:
    """Write the catalog package to ``out`` (replacing it) and return ``out``."""
    if out.exists():
        shutil.rmtree(out)
    pkg = out.name
    shutil.copytree(demo_catalog() / "components", out / "components", ignore=shutil.ignore_patterns("__pycache__"))
    for path in (out / "components").glob("*.py"):
        path.write_text(path.read_text().replace("storydesk_demo", pkg))
    (out / "__init__.py").write_text("")
    (out / "stories.py").write_text(
        f"from storydesk import Catalog\n\n\ndef catalog() -> Catalog:\n"
        f"    return Catalog(title='Generated {sections}x{subjects}x{stories}')\n"
    )
    n = 0
    for s in range(sections):
        sec = out / f"section_{s:02d}"
        sec.mkdir()
        (sec / "__init__.py").write_text("")
        (sec / "stories.py").write_text(
            f"from storydesk import Section\n\n\ndef section() -> Section:\n    return Section(title='Section {s}')\n"
        )
        for j in range(subjects):
            module, comp, variants = KINDS[n % len(KINDS)]
            n += 1
            sub = sec / f"subject_{j:02d}"
            sub.mkdir()
            (sub / "__init__.py").write_text("")
            items = ",\n            ".join(
                f"Story(title='Story {k}', props={variants[k % len(variants)]!r})" for k in range(stories)
            )
            (sub / "stories.py").write_text(
                f"from storydesk import Story, Subject\nfrom {pkg}.components.{module} import {comp}\n\n\n"
                f"def subject() -> Subject:\n    return Subject(\n        title='{comp} {s}.{j}', target={comp},\n"
                f"        items=[\n            {items},\n        ],\n    )\n"
            )
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", type=Path)
    p.add_argument("--sections", type=int, default=10)
    p.add_argument("--subjects", type=int, default=10)
    p.add_argument("--stories", type=int, default=3)
    a = p.parse_args()
    generate(a.out, a.sections, a.subjects, a.stories)
    print(f"wrote {a.sections * a.subjects * a.stories} stories to {a.out}")


if __name__ == "__main__":
    main()
