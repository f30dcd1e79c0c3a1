"""Data display: table and avatar."""

from string.templatelib import Template


def Table(*, columns: list[str], rows: list[list[str]], caption: str = "") -> Template:
    head = [t"<th>{c}</th>" for c in columns]
    body = [t"<tr>{[t'<td>{cell}</td>' for cell in row]}</tr>" for row in rows]
    cap = t"<caption>{caption}</caption>" if caption else ""
    return t'<table class="table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def Avatar(*, name: str, size: int = 40) -> Template:
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    style = {"width": f"{size}px", "height": f"{size}px", "font-size": f"{size // 2.5:.0f}px"}
    return t'<span class="avatar" style={style} title={name}>{initials}</span>'
