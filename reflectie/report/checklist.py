"""The follow-up report of a checklist: Markdown and self-contained, printable HTML (A4, no scripts).

It is the workgroup's (or the organisation's) own follow-up document, made from one person's rounds
(whoever keeps the follow-up), so the release rule for persons does not apply; but it holds only the
checklist: its measures, their status beside the previous checklist round, owner, target date,
evidence and the checklist's own next step. No name, no organisation, nothing of the person's other
answers or texts. User text is escaped (HTML autoescape, ``md`` filter).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reflectie.dutch import nl_date
from reflectie.fileio import atomic_write, ensure_private_dir, safe_file_name
from reflectie.followup import (
    NOTA_HALF_YEAR,
    NOTA_HALF_YEAR_SOURCE,
    FollowUp,
    MeasureRow,
    mode_label,
    status_label,
)
from reflectie.labels import slugify
from reflectie.report.render import environment

FORMATS = ("html", "md")


def _row(row: MeasureRow) -> dict[str, Any]:
    target = row.target
    return {
        "number": row.number,
        "text": row.item.shown_text,
        "previous": status_label(row.item, row.previous),
        "status": status_label(row.item, row.status),
        "change": row.change_label(),
        "owner": row.entry.owner,
        "target": nl_date(target) if target else "",
        "target_from_previous": row.target_from_previous,
        "overdue": row.overdue,
        "evidence": row.entry.evidence,
        "source": row.item.section,
    }


def followup_context(follow: FollowUp, made_on: date | None = None) -> dict[str, Any]:
    theme = follow.theme
    items = [row.item for row in follow.rows]
    attribution = items[0].attribution if items else ""
    scale = items[0].scale if items else None
    action = follow.action
    return {
        "title": f"Opvolging: {theme.title}",
        "mode": mode_label(theme),
        "theme": theme,
        "round": follow.current.round.id,
        "day": nl_date(follow.today),
        "made_on": nl_date(made_on or date.today(), long=True),
        "previous": follow.previous.round.id if follow.previous is not None else None,
        "skipped": follow.skipped_rounds,
        "half_year": follow.half_year.lines(),
        "half_year_passed": follow.half_year.passed and follow.previous is not None,
        "nota_half_year": NOTA_HALF_YEAR,
        "nota_half_year_source": NOTA_HALF_YEAR_SOURCE,
        "summary": follow.summary(),
        "status_table": follow.status_table(),
        "rows": [_row(row) for row in follow.rows],
        "noun": follow.nouns,
        "legend": [f"{level.value} = {level.name}" for level in scale.levels] if scale else [],
        "allows_na": any(i.allows_na for i in items),
        "attribution": attribution,
        "source": theme.source,
        "action_prompt": theme.action_prompt(follow.level) or "Eerstvolgende stap",
        "action_text": action.text if action is not None else "",
        "action_due": nl_date(action.due) if action is not None and action.due else "",
    }


def render_followup(follow: FollowUp, fmt: str, made_on: date | None = None) -> str:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    template = environment(fmt).get_template(f"followup.{fmt}.j2")
    return template.render(**followup_context(follow, made_on))


def followup_path(follow: FollowUp, folder: Path, fmt: str) -> Path:
    """Where the report of this checklist and round goes (to ask before overwriting)."""
    stem = f"opvolging-{slugify(follow.theme.id)}-{slugify(follow.current.round.id)}"
    return folder / safe_file_name(stem, f".{fmt}")


def write_followup(follow: FollowUp, folder: Path, fmt: str = "html",
                   made_on: date | None = None) -> Path:
    """Write the report (0600, like every export: owners may be named in it) and return its path.

    A folder this creates is private (0700); a folder the user already has keeps its permissions."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if not folder.exists():
        ensure_private_dir(folder)
    target = followup_path(follow, folder, fmt)
    atomic_write(target, render_followup(follow, fmt, made_on).encode("utf-8"))
    return target
