"""Dutch (Belgian) formatting of numbers, dates and counts: one rule, used by every screen and report;
and the search that finds Dutch words as a person types them (``search_key``, ``finds``).

Numbers round half up (3,625 → 3,63 and 3,375 → 3,38), as people and spreadsheets expect; Python's
own rounding goes half to even on the binary value, which differs between formats. No Textual.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def round_half_up(value: float, digits: int = 2) -> float:
    """``value`` rounded half up to ``digits`` decimals, decided on its shortest decimal form."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def nl_number(value: float | None, digits: int = 2, empty: str = "") -> str:
    """``3,63``: half up, decimal comma; ``empty`` for a missing value."""
    if value is None:
        return empty
    quantum = Decimal(1).scaleb(-digits)
    text = str(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]  # no "-0,00"
    return text.replace(".", ",")


def nl_date(value: date, long: bool = False) -> str:
    """``31/01/2027``, or ``31 januari 2027`` when ``long``."""
    if long:
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{value:%d/%m/%Y}"


def count(n: int, singular: str, plural: str) -> str:
    """``1 bestand``, ``3 bestanden``: both forms written out, never "bestand(en)"."""
    return f"{n} {singular if n == 1 else plural}"


_DOUBLE_VOWEL = re.compile(r"([aeou])\1")


def search_key(text: str) -> str:
    """``text`` as the search compares it: case and accents left out (cliëntsysteem = Clientsysteem)
    and a doubled vowel written once. Dutch doubles a vowel only in a closed syllable, so one word
    is spelled both ways: mandaat, gemandateerde; systeem, systemen; noot, voetnoten."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _DOUBLE_VOWEL.sub(r"\1", plain)


_ENDING = re.compile(r"(?<=\w{4})(en|e|s)$")


def _stem(word: str) -> str:
    """A searched word without a plural or inflected ending (systemen, gemandateerde, teams), so
    it also finds the word's other forms; short words stay whole."""
    return _ENDING.sub("", word)


def finds(query: str, *texts: str) -> bool:
    """True when every word of ``query`` occurs in one of ``texts`` (see ``search_key``), also in
    another form (``_stem``); an empty query finds everything."""
    haystack = [search_key(text) for text in texts]
    return all(any(_stem(word) in text for text in haystack) for word in search_key(query).split())
