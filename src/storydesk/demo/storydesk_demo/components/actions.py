"""Buttons and badges."""

from string.templatelib import Template
from typing import Literal


def Button(*, label: str, variant: Literal["primary", "secondary", "danger", "ghost"] = "primary",
           size: Literal["sm", "md", "lg"] = "md", disabled: bool = False) -> Template:
    """A button that does something on this page.

    Args:
        label: the words on the button; a verb ("Save changes"), not "OK".
        variant: how much it stands out: one primary action per view, danger for what cannot be undone.
        size: sm in toolbars and tables, lg for a page's one main action.
        disabled: shown but not clickable, while the action is not possible.
    """
    classes = ["btn", f"btn-{variant}", f"btn-{size}" if size != "md" else None]
    return t'<button type="button" class={classes} disabled={disabled}>{label}</button>'


def Badge(*, text: str, tone: Literal["neutral", "success", "warning", "danger"] = "neutral") -> Template:
    """A short status label.

    Args:
        text: one or two words.
        tone: the status's colour.
    """
    return t'<span class={["badge", f"badge-{tone}"]}>{text}</span>'


def ButtonGroup(*, labels: list[str]) -> Template:
    buttons = [Button(label=label, variant="secondary") for label in labels]
    return t'<div role="group" class="btn-group">{buttons}</div>'
