"""Props forms: describe a component's keyword arguments from its type hints, and apply edited values.

:func:`describe` turns ``target``'s signature and type hints into JSON-ready field descriptions the GUI builds
a form from; :func:`apply_overrides` turns edited values (JSON) back into Python values for ``target``.

Field kinds: ``str``, ``int``, ``float``, ``bool``, ``choice`` (``Literal[...]``), ``enum`` (an ``Enum``,
by member name) and ``json`` (anything else JSON can carry: lists, dicts). ``X | None`` and ``Optional[X]``
give ``optional: True``; ``None`` is then a valid value. Type aliases (PEP 695 ``type Tone = Literal[...]``)
and ``Annotated[X, ...]`` are unwrapped to ``X`` (issue 9); bounds in ``Annotated`` metadata from
``annotated_types`` (``Ge``, ``Gt``, ``Le``, ``Lt``, ``Interval``) give a number field its ``min``/``max``,
which the GUI shows as a slider. Without both bounds a number is a plain input: a range guessed from the
default (a 0..4 slider for ``opacity: float = 1.0``) misleads.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import inspect
import json
import math
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

_SKIP = ("children",)


def unwrap(hint: object) -> tuple[object, list[object]]:
    """Return ``(hint, metadata)`` with type aliases (PEP 695 ``type X = ...``, ``typing.TypeAliasType``) and
    ``Annotated[X, m1, m2]`` removed, outermost first: ``Annotated[Alias, m]`` gives ``(Alias's value, [m])``.
    ``annotated_types`` grouped metadata (``Interval``) is expanded into its parts.
    """
    metadata: list[object] = []
    # annotated_types is read only when the user's code imported it (its import costs ~7 ms per interpreter)
    at = sys.modules.get("annotated_types")
    seen: set[int] = set()  # type X = X, or two aliases naming each other: stop instead of looping for ever
    while True:
        if isinstance(hint, typing.TypeAliasType):
            if id(hint) in seen:
                return object, metadata
            seen.add(id(hint))
            hint = hint.__value__
        elif typing.get_origin(hint) is typing.Annotated:
            for m in hint.__metadata__:  # type: ignore[attr-defined]
                metadata.extend(m if at is not None and isinstance(m, at.GroupedMetadata) else [m])
            hint = hint.__origin__  # type: ignore[attr-defined]
        else:
            return hint, metadata


def bounds(metadata: list[object]) -> dict[str, float]:
    """``{"min"?, "max"?}`` from ``annotated_types`` bounds (``Ge``/``Gt`` and ``Le``/``Lt``; an exclusive
    bound is used as the slider's end).
    """
    found: dict[str, float] = {}
    at = sys.modules.get("annotated_types")
    if at is None:  # nothing imported it, so no metadata here is one of its bounds
        return found
    for m in metadata:
        if isinstance(m, at.Ge | at.Gt):
            found["min"] = m.ge if isinstance(m, at.Ge) else m.gt
        elif isinstance(m, at.Le | at.Lt):
            found["max"] = m.le if isinstance(m, at.Le) else m.lt
    # a bound the form can use: a finite number (a Decimal or a date would break the manifest's JSON)
    usable = {}
    for key, value in found.items():
        with contextlib.suppress(TypeError, ValueError, OverflowError):
            if math.isfinite(number := float(value)):
                usable[key] = int(number) if isinstance(value, int) else number
    return usable


def classify(hint: object) -> dict[str, Any]:
    """Return ``{"kind", "optional", "choices"?, "min"?, "max"?}`` for a type hint (``None`` or unknown:
    ``json``). Aliases and ``Annotated`` are unwrapped (:func:`unwrap`), inside ``X | None`` too.
    """
    optional = False
    hint, metadata = unwrap(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        if len(args) == 1:
            hint, inner = unwrap(args[0])
            metadata += inner
    if typing.get_origin(hint) is typing.Literal:
        return {"kind": "choice", "optional": optional, "choices": list(typing.get_args(hint))}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"kind": "enum", "optional": optional, "choices": [m.name for m in hint], "enum": hint}
    for simple in (bool, int, float, str):  # bool before int: bool is an int
        if hint is simple:
            info = {"kind": simple.__name__, "optional": optional}
            if simple in (int, float):
                info.update(bounds(metadata))
            return info
    return {"kind": "json", "optional": optional}


@functools.lru_cache(maxsize=512)
def _hints(target: Callable) -> dict[str, Any]:
    """``target``'s type hints (cached: every story of a subject shares its target)."""
    try:
        return typing.get_type_hints(target, include_extras=True)  # keep Annotated metadata
    except Exception:  # noqa: BLE001 - unresolvable annotations: fall back to untyped fields
        return {}


@functools.lru_cache(maxsize=512)
def _parameters(target: Callable) -> tuple[inspect.Parameter, ...]:
    """``target``'s parameters (cached like :func:`_hints`); none if it has no inspectable signature."""
    try:
        return tuple(inspect.signature(target).parameters.values())
    except TypeError, ValueError:
        return ()


def _to_json(value: Any) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, enum.Enum):
        return value.name
    try:
        json.dumps(value)
        return value
    except TypeError, ValueError:
        return repr(value)


def describe(target: Callable | None, props: dict[str, Any]) -> list[dict[str, Any]]:
    """Describe ``target``'s keyword parameters as form fields.

    Args:
        target: the subject's component (``None`` gives no fields).
        props: the story's own props (their values are the fields' values).

    Returns:
        ``[{"name", "kind", "optional", "choices"?, "min"?, "max"?, "value", "required"}]`` in signature
        order; ``value`` is JSON-ready (enum members by name). ``*args``/``**kwargs`` and ``children`` are left out.
    """
    if target is None:
        return []
    try:  # the target's annotations and defaults are user code: a form is not worth failing the build for
        return [
            {**info, "value": _to_json(props.get(info["name"], default)), "required": required}
            for info, default, required in _field_specs(target)
        ]
    except Exception:  # noqa: BLE001 - no form for this story
        return []


@functools.lru_cache(maxsize=512)
def _field_specs(target: Callable) -> tuple[tuple[dict[str, Any], Any, bool], ...]:
    """``(field info without value, default, required)`` per form field of ``target`` (cached: every story of
    a subject, and often of many subjects, shares it).
    """
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
