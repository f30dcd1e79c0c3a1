"""A story as code: the import and the call that render it outside storydesk (issue 14's "code to reproduce").

The call is built from the real objects in the build interpreter: the component's module and name, and the
props as the story passes them (its own, with the props panel's edits applied), each written as Python source
(``repr``; an enum member as ``Tone.INFO``, with its class imported; a value ``repr`` cannot write back, such
as an object, as ``...``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any


def reproduce(target: Callable[..., object] | None, props: dict[str, Any]) -> str:
    """The code that renders ``target(**props)``: ``from module import Name`` lines, a blank line, the call.

    ``""`` when ``target`` has no importable name (a lambda, a local function, a callable object).
    """
    module, name = getattr(target, "__module__", None), getattr(target, "__qualname__", None)
    if not module or not name or "<" in name or "." in name:
        return ""
    imports = {(module, name)}
    args = []
    for key, value in props.items():
        text, needed = _source(value)
        imports |= needed
        args.append(f"{key}={text}")
    lines = [f"from {mod} import {obj}" for mod, obj in sorted(imports)]
    call = f"{name}({', '.join(args)})"
    if len(call) > 88:
        call = f"{name}(\n" + "".join(f"    {arg},\n" for arg in args) + ")"
    return "\n".join(lines) + "\n\n" + call


def _source(value: Any) -> tuple[str, set[tuple[str, str]]]:
    """``value`` as Python source, and the imports it needs."""
    if isinstance(value, enum.Enum):
        cls = type(value)
        return f"{cls.__qualname__}.{value.name}", {(cls.__module__, cls.__qualname__)}
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value), set()
    if isinstance(value, list | tuple):
        parts = [_source(v) for v in value]
        inner = ", ".join(text for text, _ in parts)
        text = f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(parts) == 1 else ''})"
        return text, set().union(*(needed for _, needed in parts))
    if isinstance(value, dict):
        pairs = [(_source(k), _source(v)) for k, v in value.items()]
        inner = ", ".join(f"{k[0]}: {v[0]}" for k, v in pairs)
        return "{" + inner + "}", set().union(*(k[1] | v[1] for k, v in pairs))
    return "...", set()
