"""The rules of comparison, defined once. No Textual.

Every screen, report and command imports these; none writes its own copy.
"""

from __future__ import annotations

MIN_GROUP_FLOOR = 3
"""Never fewer people than this behind a released figure, whatever a user asks for."""

DEFAULT_MIN_GROUP = 3
CLIENT_MIN_GROUP = 5
"""Client answers (cliëntstem) are released per team from this many answers on (own setting)."""

GROUPINGS: dict[str, str] = {"team": "per team", "organisatie": "per organisatie", "ronde": "per ronde"}
"""How a report groups people: key → Dutch label."""

TOO_FEW = "te weinig deelnemers"
TOO_FEW_ANSWERS = "te weinig antwoorden"


def min_group(requested: int | None) -> int:
    """The minimum group size to use: the request, but never below the floor."""
    if requested is None:
        return DEFAULT_MIN_GROUP
    return max(MIN_GROUP_FLOOR, int(requested))


def client_min_group(requested: int | None = None, worker_min: int | None = None) -> int:
    """The minimum number of client answers behind a released client figure: the request, but
    never below CLIENT_MIN_GROUP and never below the minimum used for the workers."""
    asked = int(requested) if requested is not None else 0
    return max(CLIENT_MIN_GROUP, min_group(worker_min), asked)
