"""Entry point of the bundled (PyInstaller) app: the storydesk command, the pane process when started with
``--storydesk-pane``, or the build process with ``--storydesk-build`` (a frozen app cannot run ``python -m``)."""

import os
import sys

if "STORYDESK_CWD" in os.environ:  # set by the bundle's start script, which starts us in _internal/
    os.chdir(os.environ.pop("STORYDESK_CWD"))

if len(sys.argv) > 1 and sys.argv[1] == "--storydesk-pane":
    del sys.argv[1]
    import runpy

    runpy.run_module("storydesk.pane", run_name="__main__")
elif len(sys.argv) > 1 and sys.argv[1] == "--storydesk-build":
    del sys.argv[1]
    import runpy

    runpy.run_module("storydesk.build.service", run_name="__main__")
else:
    from storydesk.cli import main

    raise SystemExit(main())
