"""The GUI layer (Dear PyGui).

Stable modules, never reloaded: :mod:`.hot` (the HotReloader), :mod:`.shell` (viewport, main loop, key
handler), :mod:`.uistate`, :mod:`.tint` and :mod:`.theme`. Reloadable view modules live in
:mod:`storydesk.gui.views`; each has ``build(app, parent)`` and creates no DPG items at import time.
"""
