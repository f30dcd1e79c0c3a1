"""Per-frame redraw checks of the views: what each one last drew from, kept in ``app.redraw``.

A view's ``tick`` runs every frame and redraws only when what it shows from changed (a version, the selected
story). The key used to be kept in a widget's user data, but ``dpg.get_item_user_data`` builds the item's
whole configuration dict: 16 us a call, measured with cProfile over 300 idle frames of the demo (3,300
``get_item_configuration`` calls took 52 ms), and nine ticks asked it every frame. ``app.redraw`` is a plain
dict on the stable app: a dict lookup, and it survives a GUI reload; :func:`forget_all` clears it when the
views are rebuilt, so every view draws afresh then.
"""

from __future__ import annotations

from typing import Any

_NOTHING = object()


def due(app: Any, view: str, key: object) -> bool:
    """Whether ``view`` must redraw for ``key`` (it differs from the last one); remembers ``key`` if so."""
    if app.redraw.get(view, _NOTHING) == key:
        return False
    app.redraw[view] = key
    return True


def again(app: Any, view: str) -> None:
    """Have ``view`` redraw on its next tick, whatever its key."""
    app.redraw.pop(view, None)


def forget_all(app: Any) -> None:
    """Every view redraws on its next tick (the views were rebuilt: their widgets are new)."""
    app.redraw.clear()
