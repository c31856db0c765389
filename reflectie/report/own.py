"""Export of one's own round: Markdown and self-contained, printable HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reflectie.analysis import (
    NOT_A_JUDGEMENT,
    flagged_questions,
    micro_meso_gaps,
    self_image_gaps,
    theme_profile,
)
from reflectie.fileio import atomic_write, ensure_private_dir, safe_file_name
from reflectie.labels import slugify
from reflectie.model import BAN_KEEP_REACH, KIND_QUESTION, LEVEL_LABELS, Answers, Bank
from reflectie.report.render import environment
from reflectie.report.svg import radar_svg


def round_context(answers: Answers, bank: Bank) -> dict[str, Any]:
    themes = bank.profile_themes()
    series = []
    for level in ("micro", "meso"):
        profile = theme_profile(answers, bank, level)
        if any(v is not None for v in profile.values()):
            series.append((LEVEL_LABELS[level], [profile[t.id] for t in themes]))
    sections = []
    action_format = bank.action_formats.get(BAN_KEEP_REACH)
    for theme in themes:
        for level in ("micro", "meso"):
            rows = []
            for item in theme.items_for(level):
                if item.kind == KIND_QUESTION:
                    answer = answers.texts.get(item.id)
                    if answer and (answer.text.strip() or answer.discuss):
                        rows.append({"kind": "vraag", "text": item.shown_text, "answer": answer.text,
                                     "discuss": answer.discuss, "share": answer.share})
                elif item.id in answers.scores:
                    value = answers.scores[item.id]
                    assert item.scale is not None  # only items on a scale carry a score (checked on reading)
                    rows.append({"kind": "score", "text": item.shown_text, "value": value,
                                 "label": item.scale.label(value), "max": item.scale.max})
                elif item.id in answers.na or item.id in answers.dont_know:
                    label = "niet van toepassing" if item.id in answers.na else "weet ik niet"
                    rows.append({"kind": "score", "text": item.shown_text, "value": None, "label": label, "max": None})
            action = answers.action_for(theme.id, level)
            if action is not None and action.empty:
                action = None
            if rows or action:
                sections.append({"theme": theme, "level": LEVEL_LABELS[level], "rows": rows,
                                 "action": action,
                                 "parts": action.part_rows(action_format) if action else []})
    return {
        "answers": answers,
        "participant": answers.participant,
        "themes": themes,
        "profile_series": series,
        "radar": radar_svg([t.short for t in themes], series) if series else "",
        "self_gaps": self_image_gaps(answers, bank),
        "mm_gaps": micro_meso_gaps(answers, bank)[:8],
        "flagged": flagged_questions(answers, bank),
        "sections": sections,
        "bank": bank,
        "not_a_judgement": NOT_A_JUDGEMENT,
    }


def render_round(answers: Answers, bank: Bank, fmt: str) -> str:
    env = environment(fmt)
    template = env.get_template("own.html.j2" if fmt == "html" else "own.md.j2")
    return template.render(**round_context(answers, bank))


def export_path(answers: Answers, folder: Path, fmt: str) -> Path:
    """Where the export of this round in this format is written (to ask before overwriting)."""
    return folder / safe_file_name(f"reflectie-{slugify(answers.round.id)}", f".{fmt}")


def export_round(answers: Answers, bank: Bank, folder: Path, fmt: str = "html") -> Path:
    """Write the export (0600: it holds private reflections) and return its path.

    A folder this creates is private (0700, whatever the umask); a folder the user already has
    keeps its own permissions."""
    if fmt not in ("html", "md"):
        raise ValueError(fmt)
    if not folder.exists():
        ensure_private_dir(folder)
    target = export_path(answers, folder, fmt)
    atomic_write(target, render_round(answers, bank, fmt).encode("utf-8"))
    return target
