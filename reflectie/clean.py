"""The one boundary where text from users and files is cleaned of control characters. No Textual.

Names, texts, ids, file names, error reasons and question files pass through ``clean_text`` (keeps
line breaks and tabs) or ``clean_line`` (one line) when they enter the program: when a file is read,
when a value is typed, when a file name is shown. What comes out can still hold ``[`` or ``<``: the
places that show it treat it as data (``rich.text.Text``, HTML escaping, CSV neutralising).

Removed: C0 controls except newline and tab (carriage returns become newlines), DEL, C1 controls
(which include the 8-bit escape introducers), and the bidirectional embedding, override and isolate
characters that can make a text read differently from what it holds.
"""

from __future__ import annotations

import re

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_UNSAFE = re.compile(f"[{_CONTROL}{_BIDI}]")
_UNSAFE_OR_NEWLINE = re.compile(f"[{_CONTROL}{_BIDI}\n\t]+")
_SAFE_ASCII = re.compile(r"[ -~\n\t]*")
_SAFE_LINE = re.compile(r"[ -~]*")


def clean_text(value: str) -> str:
    """``value`` without control characters; line breaks (``\\n``, ``\\r\\n``, ``\\r``) and tabs stay."""
    if _SAFE_ASCII.fullmatch(value):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", value)


def clean_line(value: str) -> str:
    """``value`` on one line: control characters removed, line breaks and tabs become one space."""
    if _SAFE_LINE.fullmatch(value):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_OR_NEWLINE.sub(lambda m: " " if ("\n" in m.group() or "\t" in m.group()) else "", value)


def has_unsafe(value: str) -> bool:
    """True when ``value`` holds a character ``clean_text`` would remove (for tests and checks)."""
    return bool(_UNSAFE.search(value)) or "\r" in value
