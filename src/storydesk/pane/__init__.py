"""The preview pane: a pywebview (Qt backend) child process that shows the site.

It runs as ``python -m storydesk.pane`` because pywebview, like Dear PyGui, must own its process's main
thread. See :mod:`storydesk.pane.protocol` for the JSON-lines protocol on stdin/stdout.
"""
