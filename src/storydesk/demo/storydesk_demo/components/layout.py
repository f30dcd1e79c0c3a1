"""Cards and alerts."""

from string.templatelib import Template
from typing import Literal

from storydesk_demo.components.actions import Button


def Card(*, title: str, body: str, image: str | None = None, action: str | None = None) -> Template:
    picture = t'<img src={image} alt="">' if image else ""
    footer = t'<div class="card-footer">{Button(label=action, size="sm")}</div>' if action else ""
    return t'<article class="card">{picture}<div class="card-body"><h3>{title}</h3><p>{body}</p></div>{footer}</article>'


def Alert(*, message: str, tone: Literal["info", "warning", "danger"] = "info", title: str = "") -> Template:
    heading = t"<strong>{title}</strong> " if title else ""
    return t'<div role="alert" class={["alert", f"alert-{tone}"]}>{heading}{message}</div>'
