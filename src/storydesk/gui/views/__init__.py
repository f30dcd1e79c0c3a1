"""Reloadable view modules. Each defines ``build(app, parent)`` marked with ``@hot_module`` and creates no DPG
items at import time; callbacks go through :func:`storydesk.gui.hot.callback`. They keep no state of their
own: everything lives in the :class:`~storydesk.app.controller.App`.
"""
