"""Props forms: describe a component's keyword arguments from its type hints, and apply edited values.

:func:`describe` turns ``target``'s signature and type hints into JSON-ready field descriptions the GUI builds
a form from; :func:`apply_overrides` turns edited values (JSON) back into Python values for ``target``.

Field kinds: ``str``, ``int``, ``float``, ``bool``, ``choice`` (``Literal[...]``), ``enum`` (an ``Enum``,
by member name) and ``json`` (anything else JSON can carry: lists, dicts). ``X | None`` and ``Optional[X]``
give ``optional: True``; ``None`` is then a valid value.
"""

from __future__ import annotations

import enum
import functools
import inspect
import json
import types
import typing
from collections.abc import Callable
from typing import Any

_SKIP = ("children",)


def classify(hint: object) -> dict[str, Any]:
    """Return ``{"kind", "optional", "choices"?}`` for a type hint (``None`` or unknown: ``json``)."""
    optional = False
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        if len(args) == 1:
            hint, origin = args[0], typing.get_origin(args[0])
    if origin is typing.Literal:
        return {"kind": "choice", "optional": optional, "choices": list(typing.get_args(hint))}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"kind": "enum", "optional": optional, "choices": [m.name for m in hint], "enum": hint}
    for simple in (bool, int, float, str):  # bool before int: bool is an int
        if hint is simple:
            return {"kind": simple.__name__, "optional": optional}
    return {"kind": "json", "optional": optional}


@functools.lru_cache(maxsize=512)
def _hints(target: Callable) -> dict[str, Any]:
    """``target``'s type hints (cached: every story of a subject shares its target)."""
    try:
        return typing.get_type_hints(target)
    except Exception:  # noqa: BLE001 - unresolvable annotations: fall back to untyped fields
        return {}


@functools.lru_cache(maxsize=512)
def _parameters(target: Callable) -> tuple[inspect.Parameter, ...]:
    """``target``'s parameters (cached like :func:`_hints`); none if it has no inspectable signature."""
    try:
        return tuple(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        return ()


def _to_json(value: Any) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, enum.Enum):
        return value.name
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


def describe(target: Callable | None, props: dict[str, Any]) -> list[dict[str, Any]]:
    """Describe ``target``'s keyword parameters as form fields.

    Args:
        target: the subject's component (``None`` gives no fields).
        props: the story's own props (their values are the fields' values).

    Returns:
        ``[{"name", "kind", "optional", "choices"?, "value", "required"}]`` in signature order; ``value`` is
        JSON-ready (enum members by name). ``*args``/``**kwargs`` and ``children`` are left out.
    """
    if target is None:
        return []
    return [{**info, "value": _to_json(props.get(info["name"], default)), "required": required}
            for info, default, required in _field_specs(target)]


@functools.lru_cache(maxsize=512)
def _field_specs(target: Callable) -> tuple[tuple[dict[str, Any], Any, bool], ...]:
    """``(field info without value, default, required)`` per form field of ``target`` (cached: every story of
    a subject, and often of many subjects, shares it)."""
    hints = _hints(target)
    specs = []
    for p in _parameters(target):
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name in _SKIP:
            continue
        info = classify(hints.get(p.name))
        info.pop("enum", None)
        specs.append(({"name": p.name, **info}, None if p.default is p.empty else p.default, p.default is p.empty))
    return tuple(specs)


def apply_overrides(target: Callable | None, props: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Return ``props`` updated with the edited ``overrides`` (JSON values), converted for ``target``:
    enum fields take the member of that name; others are used as they are.

    Raises:
        KeyError: an enum field names no member.
    """
    if not overrides:
        return props
    hints = _hints(target) if target is not None else {}
    merged = dict(props)
    for name, value in overrides.items():
        info = classify(hints.get(name))
        if info["kind"] == "enum" and value is not None:
            value = info["enum"][value]
        merged[name] = value
    return merged
