"""Small text helpers without heavy imports (used on the start screen)."""

from __future__ import annotations

import re
from datetime import date


def slugify(text: str) -> str:
    """A safe file-name part: lowercase letters, digits and dashes."""
    import unicodedata

    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return slug[:60] or "ronde"


def default_round_label(when: date | None = None) -> str:
    """Season and year, e.g. '2026-najaar'."""
    when = when or date.today()
    season = "voorjaar" if when.month <= 6 else "najaar"
    return f"{when.year}-{season}"
