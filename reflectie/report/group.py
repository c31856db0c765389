"""Comparison reports for teams and workgroups: Markdown, HTML, CSV (Excel nl-BE) and XLSX.

A report shows only what the release rule releases (``compare``): groups too small are left out and
counted, never named or sized; no pseudonym or file name appears. User text is escaped in HTML and
Markdown, and neutralised against formula injection in CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from reflectie.clean import clean_line
from reflectie.compare import Comparison, ItemStats
from reflectie.dutch import count, nl_number
from reflectie.fileio import DIR_MODE, atomic_write, ensure_dir, safe_file_name
from reflectie.labels import slugify
from reflectie.model import KIND_POSITION, KIND_QUESTION, LEVEL_LABELS
from reflectie.report.render import environment
from reflectie.report.svg import COLORS, bars_svg, radar_svg
from reflectie.rules import GROUPINGS

FORMATS = ("md", "html", "csv", "xlsx")
GROUPING_LABELS = GROUPINGS
CSV_COLUMNS = ["groep", "thema", "niveau", "item", "n", "gemiddelde", "mediaan", "min", "max", "sd", "opmerking"]
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def neutralise(text: str) -> str:
    """A spreadsheet cell that cannot run as a formula: a risky first character gets a quote."""
    if text and text.startswith(_DANGEROUS_START):
        return "'" + text
    return text


def xlsx_text(text: str) -> str:
    """A string openpyxl and Excel accept: no characters XML refuses, never a formula."""
    return neutralise(_XLSX_ILLEGAL.sub("", text))


def sheet_title(text: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters, unique, not blank."""
    base = _SHEET_BAD.sub("-", _XLSX_ILLEGAL.sub("", clean_line(text))).strip("' ") or "Blad"
    base = base[:31]
    title = base
    number = 2
    while title.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(title)
    return title


def report_header(comparison: Comparison) -> str:
    """What the report covers, without anything that sizes a hidden group."""
    c = comparison
    rounds = ", ".join(c.rounds) if c.rounds else "–"
    parts = [
        f"Ronde {rounds}." if len(c.rounds) <= 1 else f"Rondes {rounds}.",
        f"{count(c.people_shown, 'deelnemer', 'deelnemers')} in {count(len(c.groups), 'getoonde groep', 'getoonde groepen')}.",
    ]
    if c.hidden_groups:
        parts.append(f"{count(c.hidden_groups, 'groep', 'groepen')} weggelaten: te weinig deelnemers.")
    parts.append(f"Minimum groepsgrootte {c.min_group}: kleinere groepen tonen geen cijfers en geen teksten.")
    if c.collection.problems:
        parts.append(f"{count(len(c.collection.problems), 'bestand kon', 'bestanden konden')} niet gelezen worden.")
    parts.append("Dit verslag toont verdelingen en woorden, geen rangschikking van personen.")
    return " ".join(parts)


def _cell(stats: ItemStats | None) -> dict:
    if stats is None:
        return {"note": ""}
    if stats.suppressed:
        return {"note": stats.suppressed}
    return {"stats": stats}


def report_context(comparison: Comparison) -> dict:
    bank = comparison.bank
    groups = comparison.groups
    visible = comparison.visible_groups
    themes = bank.profile_themes()
    scored = {item.id for item in comparison.scored_items()}
    theme_blocks = []
    checklist = bank.ordered_themes("checklist")
    for theme in themes + (checklist if comparison.grouping == "organisatie" else []):
        levels = []
        for level in theme.levels:
            rows = []
            distributions = []
            for item in theme.items_for(level):
                if item.kind == KIND_QUESTION or item.id not in scored:
                    continue
                cells = [_cell(g.stats.get(item.id)) for g in groups]
                rows.append({"item": item, "cells": cells})
                if item.kind == KIND_POSITION:
                    per_group = []
                    for index, g in enumerate(visible):
                        stats = g.stats.get(item.id)
                        if stats is None or stats.suppressed:
                            continue
                        labels = [f"{lv.value} {lv.name}" for lv in item.scale.levels]
                        counts = [stats.distribution.get(lv.value, 0) for lv in item.scale.levels]
                        per_group.append({"group": g.name, "labels": labels, "counts": counts,
                                          "svg": bars_svg(labels, counts, color=COLORS[index % len(COLORS)])})
                    if per_group:
                        distributions.append({"item": item, "groups": per_group})
            texts = []
            for item in theme.items_for(level, KIND_QUESTION):
                per_group = [{"group": g.name, "texts": g.texts[item.id]} for g in visible if g.texts.get(item.id)]
                flagged = sum(g.flagged.get(item.id, 0) for g in visible)
                if per_group or flagged:
                    texts.append({"item": item, "groups": per_group, "flagged": flagged})
            actions = [
                {"group": g.name, "action": a}
                for g in visible for a in g.actions if a.theme == theme.id and a.level == level
            ]
            if rows or texts or actions:
                levels.append({"level": level, "label": LEVEL_LABELS.get(level, level), "rows": rows,
                               "distributions": distributions, "texts": texts, "actions": actions})
        if levels or theme.kind == "checklist":
            theme_blocks.append({"theme": theme, "levels": levels})
    series = [(g.name, [g.profile.get(t.id) for t in themes]) for g in visible if any(v is not None for v in g.profile.values())]
    return {
        "c": comparison,
        "grouping_label": GROUPING_LABELS[comparison.grouping],
        "groups": groups,
        "visible": visible,
        "themes": themes,
        "theme_blocks": theme_blocks,
        "starters": comparison.starters,
        "profile_series": series,
        "radar": radar_svg([t.short for t in themes], series, size=380) if series else "",
        "flagged_top": comparison.flagged_questions()[:10],
        "header": report_header(comparison),
        "notes": comparison.notes,
        "checklist": checklist if comparison.grouping == "organisatie" else [],
        "bank": bank,
        "nl": nl_number,
        "level_labels": LEVEL_LABELS,
    }


def render_markdown(comparison: Comparison) -> str:
    return environment("md").get_template("group.md.j2").render(**report_context(comparison))


def render_html(comparison: Comparison) -> str:
    return environment("html").get_template("group.html.j2").render(**report_context(comparison))


def csv_rows(comparison: Comparison) -> list[list[str]]:
    bank = comparison.bank
    rows = []
    items = comparison.scored_items()
    for group in comparison.groups:
        for item in items:
            theme = bank.themes[item.theme]
            base = [group.name, theme.title, item.level, item.text]
            stats = group.stats.get(item.id)
            if stats is None:
                continue
            if stats.suppressed:
                rows.append(base + ["", "", "", "", "", "", stats.suppressed])
                continue
            note = "nominale schaal: enkel de verdeling telt" if stats.mean is None else ""
            if stats.na:
                note = (note + "; " if note else "") + f"{stats.na}× niet van toepassing"
            rows.append(base + [
                str(stats.n), nl_number(stats.mean), nl_number(stats.median),
                str(stats.min) if stats.min is not None else "", str(stats.max) if stats.max is not None else "",
                nl_number(stats.sd), note,
            ])
    return rows


def render_csv(comparison: Comparison) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(comparison):
        writer.writerow([neutralise(clean_line(cell)) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(comparison: Comparison) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bank = comparison.bank
    wb = Workbook()
    overview = wb.active
    taken: set[str] = set()
    overview.title = sheet_title("Overzicht", taken)
    bold = Font(bold=True)
    overview.append(["reflectie — vergelijking " + GROUPING_LABELS[comparison.grouping]])
    overview["A1"].font = Font(bold=True, size=14)
    overview.append([xlsx_text(report_header(comparison))])
    overview.append(["Minimum groepsgrootte", comparison.min_group])
    overview.append(["Deelnemers in getoonde groepen", comparison.people_shown])
    overview.append(["Weggelaten groepen", comparison.hidden_groups])
    overview.append([])
    themes = bank.profile_themes()
    overview.append(["Groep", "Deelnemers"] + [xlsx_text(t.title) for t in themes])
    for cell in overview[overview.max_row]:
        cell.font = bold
    for group in comparison.groups:
        overview.append([xlsx_text(group.name), group.size] + [
            round(group.profile[t.id], 2) if group.profile.get(t.id) is not None else None for t in themes
        ])
    overview.column_dimensions["A"].width = 40
    items = comparison.scored_items()
    for theme in bank.ordered_themes(None):
        theme_items = [i for i in items if i.theme == theme.id]
        if not theme_items:
            continue
        sheet = wb.create_sheet(sheet_title(theme.short, taken))
        sheet.append(CSV_COLUMNS)
        for cell in sheet[1]:
            cell.font = bold
        for group in comparison.groups:
            for item in theme_items:
                base = [xlsx_text(group.name), xlsx_text(theme.title), item.level, xlsx_text(item.text)]
                stats = group.stats.get(item.id)
                if stats is None:
                    continue
                if stats.suppressed:
                    sheet.append(base + [None] * 6 + [stats.suppressed])
                else:
                    sheet.append(base + [
                        stats.n,
                        round(stats.mean, 4) if stats.mean is not None else None,
                        stats.median, stats.min, stats.max,
                        round(stats.sd, 4) if stats.sd is not None else None,
                        "",
                    ])
        for row in sheet.iter_rows(min_row=2, min_col=6, max_col=10):
            for cell in row:
                cell.number_format = "0.00"
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["D"].width = 70
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def report_name(comparison: Comparison) -> str:
    name = f"rapport-{slugify(comparison.grouping)}"
    if comparison.round_id:
        name += f"-{slugify(comparison.round_id)}"
    return name


def write_reports(comparison: Comparison, folder: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write the chosen formats into ``folder`` (atomic, 0600 like all user data; a folder this
    creates is 0700 whatever the umask). Everything is rendered before anything is written, so a
    failing format leaves no half set of files. Raises StoreError in Dutch."""
    ensure_dir(folder, DIR_MODE, tighten=False)
    renderers = {
        "md": lambda: render_markdown(comparison).encode("utf-8"),
        "html": lambda: render_html(comparison).encode("utf-8"),
        "csv": lambda: render_csv(comparison),
        "xlsx": lambda: render_xlsx(comparison),
    }
    rendered = [(folder / safe_file_name(report_name(comparison), f".{fmt}"), renderers[fmt]()) for fmt in formats]
    for target, data in rendered:
        atomic_write(target, data)
    return [target for target, _data in rendered]
