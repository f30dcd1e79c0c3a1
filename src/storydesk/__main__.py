"""``python -m storydesk``: the same as the ``storydesk`` command."""

from storydesk.cli import main

raise SystemExit(main())
