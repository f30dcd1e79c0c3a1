"""Buttons and badges."""

from string.templatelib import Template
from typing import Literal


def Button(*, label: str, variant: Literal["primary", "secondary", "danger", "ghost"] = "primary",
           size: Literal["sm", "md", "lg"] = "md", disabled: bool = False) -> Template:
    classes = ["btn", f"btn-{variant}", f"btn-{size}" if size != "md" else None]
    return t'<button type="button" class={classes} disabled={disabled}>{label}</button>'


def Badge(*, text: str, tone: Literal["neutral", "success", "warning", "danger"] = "neutral") -> Template:
    return t'<span class={["badge", f"badge-{tone}"]}>{text}</span>'


def ButtonGroup(*, labels: list[str]) -> Template:
    buttons = [Button(label=label, variant="secondary") for label in labels]
    return t'<div role="group" class="btn-group">{buttons}</div>'
