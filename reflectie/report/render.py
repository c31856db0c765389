"""Jinja2 environments: HTML autoescaped, Markdown with its own escaping filter."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from reflectie.dutch import nl_number
from reflectie.textout import md_escape


def _nl(value: float | None, digits: int = 1) -> str:
    """The one rounding rule (half up, decimal comma); '–' for a missing value."""
    return nl_number(value, digits, "–")


@lru_cache(maxsize=2)
def environment(fmt: str) -> Environment:
    env = Environment(
        loader=PackageLoader("reflectie", "report/templates"),
        autoescape=select_autoescape(["html", "html.j2"]) if fmt == "html" else False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["nl"] = _nl
    env.globals["zip"] = zip
    return env
