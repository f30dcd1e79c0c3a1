"""Navigation: navbar, breadcrumbs, tabs, pagination."""

from string.templatelib import Template


def Navbar(*, brand: str, links: list[str], active: str = "") -> Template:
    # a dict interpolated into class: the keys whose value is true ({{ in a t-string is a literal brace)
    items = [t'<a href="#" class={ {"active": link == active} }>{link}</a>' for link in links]
    return t'<nav class="navbar"><strong>{brand}</strong>{items}</nav>'


def Breadcrumbs(*, trail: list[str]) -> Template:
    items = [t'<li><a href="#">{crumb}</a></li>' for crumb in trail[:-1]]
    last = t'<li aria-current="page">{trail[-1]}</li>' if trail else ""
    return t'<ol class="breadcrumbs">{items}{last}</ol>'


def Tabs(*, tabs: list[str], selected: int = 0) -> Template:
    buttons = [t'<button role="tab" aria-selected={"true" if i == selected else "false"}>{tab}</button>'
               for i, tab in enumerate(tabs)]
    return t'<div role="tablist" class="tabs">{buttons}</div>'


def Pagination(*, pages: int, current: int = 1) -> Template:
    links = [t'<a href="#" aria-current={"page" if n == current else None}>{n}</a>' for n in range(1, pages + 1)]
    return t'<nav class="pagination" aria-label="Pages">{links}</nav>'
