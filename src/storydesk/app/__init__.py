"""The app layer: the stable :class:`~storydesk.app.controller.App` controller that holds all state, the
preview-pane client and settings. It never imports Dear PyGui; the GUI layer reads and drives it.
"""
