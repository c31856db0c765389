"""Comparison reports for teams and workgroups: Markdown, HTML (printable on A4), PDF, CSV and XLSX.

A report shows only what the release rule releases (``compare``): groups too small are left out and
counted, never named or sized; no pseudonym or file name appears. Every figure here is taken from a
GroupResult (a sum of released units) or from ``compare`` itself. User text is escaped in HTML and
Markdown, neutralised against formula injection in CSV, and stored as plain text in XLSX.

One rounding rule everywhere: ``dutch.nl_number`` / ``dutch.round_half_up`` (half up, 2 decimals;
theme scores 0 decimals).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reflectie.analysis import NOT_A_JUDGEMENT
from reflectie.clean import clean_line
from reflectie.compare import (
    STARTER_RULES,
    Change,
    Comparison,
    GroupResult,
    ItemStats,
    OverTime,
    find_group,
    item_change,
    ordinal_dispersion,
    over_time,
    profile_change,
    rest_of,
    starters_by_group,
)
from reflectie.dutch import count, nl_date, nl_number, round_half_up
from reflectie.errors import ReflectieError, StoreError
from reflectie.fileio import DIR_MODE, atomic_write, ensure_dir, os_message, safe_file_name
from reflectie.labels import slugify
from reflectie.model import BAN_KEEP_REACH, KIND_QUESTION, LEVEL_LABELS, Action, Item
from reflectie.report.render import environment
from reflectie.report.svg import (
    diverging_bar_svg,
    diverging_palette,
    legend_line_svg,
    radar_svg,
    sequential_color,
    small_radar_svg,
    swatch_svg,
    text_on,
)
from reflectie.rules import GROUPINGS

if TYPE_CHECKING:
    from reflectie.clientcompare import GroupViews, MirrorView, ThreeViews
    from reflectie.clientvragen import ClientItem

_T = TypeVar("_T")

FORMATS = ("md", "html", "csv", "xlsx")  # "alles"; "pdf" is asked for on its own (optional extra)
ALL_FORMATS = FORMATS + ("pdf",)
GROUPING_LABELS = GROUPINGS
EVERYONE = "iedereen"
REST = "de andere groepen"
CONVERSATION_AID = ("Het profiel is een hulpmiddel voor het gesprek, geen rangschikking: groepen staan in "
                    "alfabetische volgorde en geen groep is beter of slechter dan een andere.")
SMALL_CHANGE = "≈"
SMALL_CHANGE_NOTE = (
    "De verandering is het verschil tussen de twee getoonde cijfers. "
    f"{SMALL_CHANGE} = die verandering is kleiner dan wat één deelnemer teweegbrengt die bij elke stelling "
    "van het thema één stap anders antwoordt: ongeveer 25 punten gedeeld door het aantal deelnemers "
    "(van de kleinste van de twee rondes), dus bij 4 deelnemers 6,25 punten, bij 5 deelnemers 5 en bij "
    f"10 deelnemers 2,5. Hetzelfde verschil kan in een kleine groep {SMALL_CHANGE} krijgen en in een grotere "
    f"niet. Lees een verandering met {SMALL_CHANGE} niet als vooruitgang of achteruitgang."
)
ITEM_CHANGE_NOTE = (
    "Verand. = het gemiddelde min dat van de vorige ronde (het verschil tussen de twee getoonde "
    f"gemiddelden). {SMALL_CHANGE} = kleiner dan wat één persoon die één stap anders antwoordt aan het "
    "gemiddelde verandert: 1 gedeeld door n (van de kleinste van de twee rondes), dus bij n 4 "
    f"0,25 en bij n 10 0,10. Lees een verandering met {SMALL_CHANGE} niet als vooruitgang of achteruitgang."
)
DATA_ONLY = ("Dit werkboek (en de CSV) bevat enkel cijfers: de gedeelde teksten, de acties en de vragen die "
             "het vaakst gemarkeerd werden om te bespreken staan in het md- of html-rapport.")
HEATMAP_COLUMNS = 8  # groups per heatmap table, so that it fits the width of an A4 page
PDF_EXTRA = ("PDF maken lukt niet: daarvoor is de uitbreiding 'reflectie[pdf]' nodig (WeasyPrint). "
             "Installeer ze met: pip install 'reflectie[pdf]' (of: uv tool install 'reflectie[pdf]'), "
             "of maak HTML en druk die af als PDF vanuit je browser.")
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class ReportOptions:
    """What the user gave besides the answers: when, and the folder's name (never a path or a
    file name). ``group`` makes one group's own sheet."""

    made_on: date = field(default_factory=date.today)
    folder_label: str | None = None
    group: str | None = None


def folder_label(folders: list[Path]) -> str:
    """The names of the folders the user gave (not their paths: those may hold a person's name)."""
    return ", ".join(clean_line(Path(f).resolve().name or str(f)) for f in folders)


def neutralise(text: str) -> str:
    """A CSV cell that cannot run as a formula: a risky first character gets a quote."""
    if text and text.startswith(_DANGEROUS_START):
        return "'" + text
    return text


XLSX_MAX_CELL = 32_767  # characters in one Excel cell; a longer string makes Excel repair the file


def xlsx_text(text: str) -> str:
    """Text openpyxl and Excel accept (no characters XML refuses, at most Excel's cell length);
    written as a string cell."""
    cell = _XLSX_ILLEGAL.sub("", text)
    return cell if len(cell) <= XLSX_MAX_CELL else cell[: XLSX_MAX_CELL - 1] + "…"


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


def shown_text(item: Item) -> str:
    """The wording a reader sees (the bank's spelling-corrected text where it has one)."""
    return item.shown_text


def shown_line(comparison: Comparison) -> str:
    """How many people are shown in how many groups. Per round a person who took part in two rounds
    is in both: then the count is of filled-in questionnaires, one per person and round."""
    c = comparison
    if c.grouping == "ronde":
        return (f"{count(c.people_shown, 'ingevulde vragenlijst', 'ingevulde vragenlijsten')} in "
                f"{count(len(c.groups), 'getoonde ronde', 'getoonde rondes')} (wie aan meer rondes "
                "deelnam, telt in elke ronde mee)")
    return (f"{count(c.people_shown, 'deelnemer', 'deelnemers')} in "
            f"{count(len(c.groups), 'getoonde groep', 'getoonde groepen')}")


def report_header(comparison: Comparison) -> str:
    """What the report covers, without anything that sizes a hidden group."""
    c = comparison
    rounds = ", ".join(c.rounds) if c.rounds else "–"
    parts = [
        f"Ronde {rounds}." if len(c.rounds) <= 1 else f"Rondes {rounds}.",
        shown_line(c) + ".",
    ]
    parts += left_out_sentences(c)
    parts.append(f"Minimum groepsgrootte {c.min_group}: kleinere groepen tonen geen cijfers en geen teksten.")
    if c.collection.problems:
        parts.append(f"{count(len(c.collection.problems), 'bestand kon', 'bestanden konden')} niet gelezen worden.")
    parts.append("reflectie toont verdelingen en woorden, geen rangschikking van personen.")
    return " ".join(parts)


WITHHELD_REASON = ("een eerder rapport van dezelfde ronde toonde {them} al, en het verschil tussen beide rapporten "
                   "zou de antwoorden van te weinig mensen blootleggen.")


def left_out_sentences(comparison: Comparison) -> list[str]:
    """Why groups are missing, each reason apart: too few people, or held back by the release memory
    (an earlier report of the round showed them). Counts of groups or teams only, never of people."""
    c = comparison
    parts = []
    small = c.hidden_groups - c.withheld_groups
    if small:
        parts.append(f"{count(small, 'groep', 'groepen')} weggelaten: te weinig deelnemers.")
    if c.grouping == "team" and c.withheld_teams:
        them = "ze" if c.withheld_teams > 1 else "die groep"
        parts.append(f"{count(c.withheld_teams, 'groep', 'groepen')} niet opnieuw getoond: "
                     + WITHHELD_REASON.format(them=them))
    elif c.withheld_teams:
        them = "ze" if c.withheld_teams > 1 else "dat team"
        parts.append(f"{count(c.withheld_teams, 'team', 'teams')} niet opnieuw meegeteld: "
                     + WITHHELD_REASON.format(them=them))
        if c.withheld_groups:
            label = "organisatie" if c.grouping == "organisatie" else "ronde"
            parts.append(f"Daardoor {'ontbreekt' if c.withheld_groups == 1 else 'ontbreken'} "
                         f"{count(c.withheld_groups, label, label + 's')} helemaal.")
    return parts


def story(comparison: Comparison, options: ReportOptions) -> list[str]:
    """The first lines of a report: when, what, who, and how to read it."""
    c = comparison
    lines = [f"Gemaakt op {nl_date(options.made_on, long=True)}."]
    if options.folder_label:
        lines.append(f"Map: {options.folder_label}.")
    lines.append(report_header(c))
    return lines


# --- small pieces ---------------------------------------------------------------------------------


def n2(value: float | None) -> str:
    return nl_number(value, 2, "–")


def _value_labels(item: Item) -> list[tuple[int, str]]:
    assert item.scale is not None
    return [(level.value, level.name) for level in item.scale.levels]


def _stats_row(name: str, stats: ItemStats | None, item: Item, kind: str = "group",
               change: Change | None = None) -> dict[str, Any]:
    """One table row of an item's distribution: counts per value, marks, numbers, bar."""
    labels = _value_labels(item)
    assert item.scale is not None  # (_value_labels holds it too)
    row: dict[str, Any] = {"name": name, "kind": kind, "change": change}
    if stats is None:
        row["note"] = "geen antwoorden"
        return row
    counts = [stats.distribution.get(value, 0) for value, _label in labels]
    row.update({
        "stats": stats,
        "counts": counts if not stats.suppressed else None,
        "note": stats.suppressed or "",
        "na": stats.na,
        "dont_know": stats.dont_know,
        "bar": diverging_bar_svg(counts, [f"{v} {lab}" for v, lab in labels])
        if not stats.suppressed and not item.scale.nominal else "",
        "spread": ordinal_dispersion(stats.distribution) if not stats.suppressed and not item.scale.nominal else None,
    })
    return row


def _heat_cell(stats: ItemStats | None, item: Item, k: int) -> dict[str, Any]:
    if stats is None:
        return {"text": "", "n": None, "label": "geen antwoorden"}
    if stats.suppressed or stats.median is None:
        return {"text": f"n<{k}" if stats.suppressed else "–", "n": None, "label": stats.suppressed or "nominaal"}
    scale = item.scale
    assert scale is not None  # a scored item
    position = (stats.median - scale.min) / (scale.max - scale.min) if scale.max > scale.min else 0.5
    background = sequential_color(position)
    return {"text": n2(stats.median), "n": stats.n, "bg": background, "fg": text_on(background),
            "label": f"mediaan {n2(stats.median)}, n {stats.n}"}


def short_names(groups: list[GroupResult]) -> dict[str, str]:
    """'Team Noord' for 'Team Noord (CAW Oost)' where no other shown group has that team name,
    so that narrow table columns stay readable; the full name everywhere else."""
    teams = [g.name.rsplit(" (", 1)[0] if g.name.endswith(")") and " (" in g.name else g.name for g in groups]
    return {g.name: team if teams.count(team) == 1 else g.name for g, team in zip(groups, teams)}


def _chunks(items: list[_T], size: int) -> list[list[_T]]:
    """Split into as few pieces of at most ``size`` as possible, evenly."""
    if not items:
        return []
    pieces = -(-len(items) // size)
    per = -(-len(items) // pieces)
    return [items[i:i + per] for i in range(0, len(items), per)]


def _over_time(comparison: Comparison) -> OverTime | None:
    """Teams or organisations followed over the rounds up to the report's round (for the per-round
    grouping: organisations over the rounds shown), each round from its own released units."""
    c = comparison
    if c.grouping == "ronde":
        rounds, grouping = c.rounds, "organisatie"
    else:
        last = c.rounds[-1] if c.rounds else None
        rounds = c.all_rounds[: c.all_rounds.index(last) + 1] if last in c.all_rounds else []
        grouping = c.grouping
    if len(rounds) < 2:
        return None
    view = over_time(c.collection, c.bank, grouping, c.min_group, rounds, c.ledger)
    return view if len(view.rounds) >= 2 else None


def _over_time_context(comparison: Comparison, view: OverTime | None) -> dict[str, Any] | None:
    if view is None:
        return None
    bank = comparison.bank
    themes = bank.profile_themes()
    rows = []
    follow = []
    for name in view.names:
        results = [view.result(name, r) for r in view.rounds]
        cells = []
        for theme in themes:
            values = [None if g is None else g.profile.get(theme.id) for g in results]
            change = profile_change(bank, theme.id, results[-2], results[-1])
            cells.append({"values": values, "change": change})
        rows.append({"name": name, "cells": cells, "sizes": [None if g is None else g.size for g in results]})
        follow.append({"name": name, "rounds": [None if g is None else g.follow_up for g in results]})
    return {
        "grouping_label": GROUPING_LABELS[view.grouping],
        "unit": "team" if view.grouping == "team" else "organisatie",
        "rounds": view.rounds,
        "rows": rows,
        "follow": follow,
        "any_follow": any(f for row in follow for f in row["rounds"] if f),
    }


def _fmt_change(change: Change | None) -> str:
    if change is None:
        return ""
    text = f"{'+' if change.delta >= 0 else '−'}{nl_number(abs(change.delta), change.places)}"
    return text + (f" {SMALL_CHANGE}" if change.small else "")


def _fmt_item_change(change: Change | None) -> str:
    if change is None:
        return ""
    text = f"{'+' if change.delta >= 0 else '−'}{nl_number(abs(change.delta), change.places)}"
    return text + (f" {SMALL_CHANGE}" if change.small else "")


# --- the context of a full report -----------------------------------------------------------------


def report_context(comparison: Comparison, options: ReportOptions | None = None) -> dict[str, Any]:
    options = options or ReportOptions()
    c = comparison
    bank = c.bank
    groups = c.groups
    themes = bank.profile_themes()
    labels = [t.short for t in themes]
    everyone = c.everyone
    reference = [everyone.profile.get(t.id) for t in themes] if everyone is not None else None
    multiples = []
    for g in groups:
        values = [g.profile.get(t.id) for t in themes]
        multiples.append({
            "name": g.name, "size": g.size,
            "svg": small_radar_svg(labels, g.name, values, reference),
            "missing": [t.short for t, v in zip(themes, values) if v is None],
        })
    scored = c.scored_items()
    heat_items = [i for i in scored if i.scale is not None and not i.scale.nominal]
    heatmap = []
    for chunk in _chunks(groups, HEATMAP_COLUMNS):
        rows = []
        current_theme = None
        for item in heat_items:
            theme = bank.themes[item.theme]
            rows.append({
                "theme": theme.title if theme.id != current_theme else None,
                "item": item, "level": item.level,
                "cells": [_heat_cell(g.stats.get(item.id), item, c.min_group) for g in chunk],
            })
            current_theme = theme.id
        heatmap.append({"groups": chunk, "rows": rows})
    short = short_names(groups)
    previous = {g.name: groups[i - 1] for i, g in enumerate(groups) if i > 0} if c.grouping == "ronde" else {}
    theme_blocks = []
    checklist = bank.ordered_themes("checklist")
    scored_ids = {i.id for i in scored}
    for theme in themes + (checklist if c.grouping == "organisatie" else []):
        levels = []
        for level in theme.levels:
            items = []
            for item in theme.items_for(level):
                if item.kind == KIND_QUESTION or item.id not in scored_ids:
                    continue
                rows = []
                for g in groups:
                    change = None
                    if g.name in previous:
                        change = item_change(previous[g.name].stats.get(item.id), g.stats.get(item.id))
                    rows.append(_stats_row(short[g.name], g.stats.get(item.id), item, change=change))
                if everyone is not None and len(groups) > 1:
                    rows.append(_stats_row(f"{EVERYONE} (alle getoonde groepen)", everyone.stats.get(item.id),
                                           item, kind="reference"))
                assert item.scale is not None  # a scored item
                palette = diverging_palette(len(item.scale.levels))
                items.append({
                    "item": item, "text": shown_text(item), "scale": item.scale, "nominal": item.scale.nominal,
                    "values": [{"value": v, "label": lab, "swatch": swatch_svg(palette[i])}
                               for i, (v, lab) in enumerate(_value_labels(item))],
                    "rows": rows, "any_change": any(r.get("change") for r in rows),
                })
            texts = []
            for item in theme.items_for(level, KIND_QUESTION):
                per_group = [{"group": g.name, "texts": g.texts[item.id]} for g in groups if g.texts.get(item.id)]
                flagged = sum(g.flagged.get(item.id, 0) for g in groups)
                if per_group or flagged:
                    texts.append({"item": item, "text": shown_text(item), "groups": per_group, "flagged": flagged})
            actions = [{"group": g.name, "action": a} for g in groups for a in g.actions
                       if a.theme == theme.id and a.level == level]
            if items or texts or actions:
                levels.append({"level": level, "label": LEVEL_LABELS.get(level, level), "items": items,
                               "texts": texts, "actions": actions})
        if levels or theme.kind == "checklist":
            theme_blocks.append({"theme": theme, "levels": levels})
    profile_rows = [{"name": g.name, "size": g.size, "values": [g.profile.get(t.id) for t in themes]} for g in groups]
    if everyone is not None and len(groups) > 1:
        profile_rows.append({"name": f"{EVERYONE} (referentielijn)", "size": everyone.size, "values": reference,
                             "reference": True})
    return {
        "c": c,
        "title": f"Vermaatschappelijking van de jeugdhulp — vergelijking {GROUPING_LABELS[c.grouping]}",
        "grouping_label": GROUPING_LABELS[c.grouping],
        "story": story(c, options),
        "aid": CONVERSATION_AID,
        "notes": c.notes,
        "groups": groups,
        "short": short,
        "themes": themes,
        "multiples": multiples,
        "has_reference": reference is not None and len(groups) > 1,
        "legend_group": legend_line_svg(False),
        "legend_reference": legend_line_svg(True),
        "profile_rows": profile_rows,
        "heatmap": heatmap,
        "heat_legend": [{"label": lab, "bg": col, "fg": text_on(col)} for lab, col in
                        zip(("laag", "", "midden", "", "hoog"),
                            ("#eff3ff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"))],
        "starters": starters_by_group(c),
        "starter_rules": STARTER_RULES,
        "flagged_top": c.flagged_questions()[:10],
        "over": _over_time_context(c, _over_time(c)),
        "theme_blocks": theme_blocks,
        "checklist": checklist if c.grouping == "organisatie" else [],
        "bank": bank,
        "nl": nl_number,
        "n2": n2,
        "shown": shown_text,
        "fmt_change": _fmt_change,
        "fmt_item_change": _fmt_item_change,
        "small_change_note": SMALL_CHANGE_NOTE,
        "item_change_note": ITEM_CHANGE_NOTE if c.grouping == "ronde" and len(groups) > 1 else "",
        "level_labels": LEVEL_LABELS,
        "action_format": bank.action_formats.get(BAN_KEEP_REACH),
        "not_a_judgement": NOT_A_JUDGEMENT,
        "three": three_views_context(c),
    }


# --- Drie blikken: what clients say beside the workers (cliëntstem) ------------------------------
#
# Only from ``comparison.three_views`` (clientcompare.ThreeViews), set when client files were read
# with the comparison; without it nothing below adds anything to a report. Client figures come from
# released client units only (clientcompare: at least 5 answers, and only beside the team's own
# released workers); the workers' rows come from the same teams as the clients' rows
# (clientcompare.three_views), so above a team they can differ from the comparison's own groups.

THREE_TITLE = "Drie blikken"
VIEW_SELF = "Hulpverleners over zichzelf"
VIEW_ESTIMATE = "Ingeschat cliëntbeeld"
VIEW_CLIENTS = "Wat cliënten zeggen"
VIEW_WHO = {"jongere": "jongeren", "ouder": "ouders"}
THREE_INTRO = (
    "Per vraag uit de cliëntmodus drie blikken naast elkaar: hoe hulpverleners zichzelf plaatsen, "
    "hoe zij denken dat cliënten het zien (het ingeschat cliëntbeeld, enkel bij de ladder), en wat "
    "cliënten zelf zeggen. Per blik het aantal mensen per antwoord, apart n.v.t., weet ik niet en "
    "wil ik niet zeggen, met n en het gemiddelde ernaast; jongeren en ouders ook apart waar elk deel "
    "groot genoeg is. Verschil = het gemiddelde van wat cliënten zeggen min dat van de hulpverleners "
    "over zichzelf (zelf) of min het ingeschat cliëntbeeld (ingeschat)."
)
THREE_SHEET_INTRO = (
    "Aantallen per antwoord van laag (1) naar hoog, met n en het gemiddelde. Verschil = het "
    "gemiddelde van wat cliënten zeggen min dat van de hulpverleners over zichzelf (zelf) of min "
    "het ingeschat cliëntbeeld (ingeschat)."
)
CLIENT_KINDS = {"clients": "cliënten", "jongere": "cliënten: jongeren", "ouder": "cliënten: ouders"}
SHOWN_APART = "waarvan apart getoond"


def who_sizes_text(sizes: dict[str, int]) -> str:
    """'waarvan apart getoond: jongeren 14, ouders 11' (the answers in the jongeren and ouders
    rows: only teams whose parts are shown apart, so they need not add up to all answers); ''
    without parts shown apart."""
    if not sizes:
        return ""
    return f"{SHOWN_APART}: " + ", ".join(f"{VIEW_WHO[who]} {n}" for who, n in sizes.items())


def client_text(item: ClientItem) -> str:
    """A client question as the young people read it (the parents' text if only they are asked)."""
    return item.texts.get("jongere") or item.texts.get("ouder") or item.id


def signed(value: float | None) -> str:
    """'+0,50' / '−0,50' (a real minus), '' for None."""
    if value is None:
        return ""
    text = nl_number(abs(value))
    if text == "0,00":
        return "0,00"
    return ("+" if value > 0 else "−") + text


def _view_row(label: str, kind: str, stats: ItemStats | None, levels: list[tuple[int, str]], columns: int,
              size: int | None = None, client: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {"label": label, "kind": kind, "size": size, "client": client, "gaps": []}
    if stats is None:
        row.update({"counts": None, "note": "geen antwoorden", "line": "geen antwoorden",
                    "line_counts": "", "line_extra": "geen antwoorden"})
        return row
    counts = [stats.distribution.get(value, 0) for value, _label in levels]
    shown = not stats.suppressed
    row.update({
        "stats": stats,
        # as many cells as the widest scale of the section; a shorter scale leaves the rest empty
        "counts": counts + [None] * (columns - len(counts)) if shown else None,
        "note": stats.suppressed or "",
        "na": None if client else stats.na,
        "dont_know": None if client else stats.dont_know,
        "declined": getattr(stats, "declined", 0) if client else None,
        "bar": diverging_bar_svg(counts, [f"{v} {lab}" for v, lab in levels]) if shown else "",
    })
    row["line"], row["line_counts"], row["line_extra"] = _count_line(row)
    return row


def _count_line(row: dict[str, Any]) -> tuple[str, str, str]:
    """One view on one line, for a group's sheet: '0·1·3·5·3 (n 12, gem. 3,83)', and its two
    halves (the counts stay together on paper)."""
    if row.get("counts") is None:
        return row["note"], "", row["note"]
    stats = row["stats"]
    extra = [f"n {stats.n}", f"gem. {n2(stats.mean)}"]
    extra += [f"{label} {row[key]}" for key, label in
              (("na", "n.v.t."), ("dont_know", "weet niet"), ("declined", "wil niet zeggen"))
              if row.get(key)]
    counts = "·".join(str(n) for n in row["counts"] if n is not None)
    extra_text = f"({', '.join(extra)})"
    return f"{counts} {extra_text}", counts, extra_text


def _mirror_block(view: MirrorView, group: GroupViews, columns: int) -> dict[str, Any]:
    item = view.client_item
    client_levels = [(level.value, level.name) for level in item.scale.levels]
    rows = [_view_row(VIEW_SELF, "self", view.workers, _value_labels(view.worker_item), columns)]
    if view.estimate_item is not None:
        rows.append(_view_row(VIEW_ESTIMATE, "estimate", view.estimate,
                              _value_labels(view.estimate_item), columns))
    clients = _view_row(VIEW_CLIENTS, "clients", view.clients, client_levels, columns, client=True)
    if view.gap_self is not None:
        clients["gaps"].append(f"zelf {signed(view.gap_self)}")
    if view.gap_estimate is not None:
        clients["gaps"].append(f"ingeschat {signed(view.gap_estimate)}")
    rows.append(clients)
    sizes = group.clients.who_sizes if group.clients is not None else {}
    if len(item.texts) > 1:  # a question for one part only: its part is the whole row above
        for who, stats in view.clients_by_who.items():
            rows.append(_view_row(VIEW_WHO[who], who, stats, client_levels, columns,
                                  sizes.get(who), client=True))
    return {"id": item.id, "text": client_text(item), "rows": rows}


def _three_group(group: GroupViews, name: str, views: ThreeViews, columns: int) -> dict[str, Any]:
    clients = group.clients
    return {
        "name": name,
        "workers": group.workers.size if group.workers is not None else None,
        "clients": clients.size if clients is not None else None,
        "who_line": who_sizes_text(clients.who_sizes) if clients else "",
        "items": [_mirror_block(view, group, columns) for view in group.views],
        "starters": [{"label": s.label, "text": s.text, "item": client_text(s.view.client_item)}
                     for s in views.starters_for(group.name)],
    }


def _three_questions(views: ThreeViews) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The client questions once (with the parents' wording and the worker items they mirror),
    and a legend per pair of client and worker scale."""
    sample = next((g for g in views.groups), None) or views.everyone
    questions, legends, seen = [], [], set()
    for view in sample.views if sample is not None else []:
        item, worker = view.client_item, view.worker_item
        parents = item.texts.get("ouder")
        questions.append({
            "text": client_text(item),
            "parents": parents if parents and parents != client_text(item) else None,
            "only": None if len(item.texts) > 1 else VIEW_WHO[next(iter(item.texts))],
            "worker": shown_text(worker),
            "estimate": shown_text(view.estimate_item) if view.estimate_item is not None else None,
        })
        key = (item.scale.id, worker.scale.id if worker.scale is not None else "")
        if key in seen:
            continue
        seen.add(key)
        palette = diverging_palette(len(item.scale.levels))
        worker_labels = dict(_value_labels(worker))
        values = [{"value": lv.value, "client": lv.name, "worker": worker_labels.get(lv.value, ""),
                   "swatch": swatch_svg(palette[i])} for i, lv in enumerate(item.scale.levels)]
        legends.append({"prompt": item.prompt, "worker_scale": worker.scale.name if worker.scale else "",
                        "values": values})
    return questions, legends


def three_views_context(comparison: Comparison, only: list[str] | None = None) -> dict[str, Any] | None:
    """The "Drie blikken" section: the client questions once, then per shown group with released
    client figures its mirrored items (the three views as distributions, with the gaps) and its
    client starters; None without client files. ``only``: these group names (a group's own
    sheet), without the everyone block."""
    views = comparison.three_views
    if views is None:
        return None
    from reflectie.clientcompare import CLIENT_STARTER_RULE

    columns = max((len(i.scale.levels) for i in views.clients.questionnaire.items.values()),
                  default=0)
    worker_names = [g.name for g in comparison.groups if only is None or g.name in only]
    shown = [g for g in views.groups if g.clients is not None and g.name in worker_names]
    blocks = [_three_group(g, g.name, views, columns) for g in shown]
    if only is None and len(shown) > 1 and views.everyone is not None and views.everyone.clients:
        blocks.append(_three_group(views.everyone, f"{EVERYONE} (alle getoonde groepen)", views,
                                   columns))
        blocks[-1]["reference"] = True
    without = [name for name in worker_names if name not in {g.name for g in shown}]
    questions, legends = _three_questions(views)
    clients = views.clients
    return {
        "title": THREE_TITLE,
        "intro": THREE_INTRO if only is None else THREE_SHEET_INTRO,
        "method": views.method if only is None else views.method_short,
        "notes": list(clients.notes),
        "k": clients.min_group,
        "groups": blocks,
        "without": without,
        "questions": questions,
        "legends": legends,
        "columns": list(range(1, columns + 1)),
        "starter_rule": CLIENT_STARTER_RULE,
    }


def render_markdown(comparison: Comparison, options: ReportOptions | None = None) -> str:
    return environment("md").get_template("group.md.j2").render(**report_context(comparison, options))


def render_html(comparison: Comparison, options: ReportOptions | None = None) -> str:
    return environment("html").get_template("group.html.j2").render(**report_context(comparison, options))


# --- one group's own sheet ------------------------------------------------------------------------

SHEET_DIFFERENCES = 8


def _counted_actions(group: GroupResult) -> list[tuple[Action, int]]:
    """The group's shared actions, the same action written by several people once, with a count."""
    counted: dict[tuple[object, ...], list[Any]] = {}
    for action in group.actions:
        key = (action.theme, action.level, action.text.strip(), action.due,
               action.ban.strip(), action.keep.strip(), action.reach.strip())
        counted.setdefault(key, [action, 0])[1] += 1
    return [(action, times) for action, times in counted.values()]


def sheet_context(comparison: Comparison, wanted: str, options: ReportOptions | None = None) -> dict[str, Any]:
    """One group against the rest (the rest only when there are other released units)."""
    options = options or ReportOptions()
    c = comparison
    if c.grouping == "ronde":
        raise ReflectieError("Een groepsblad is er per team of per organisatie, niet per ronde.")
    group = find_group(c, wanted)
    rest = rest_of(c, group.name, REST)
    bank = c.bank
    themes = bank.profile_themes()
    labels = [t.short for t in themes]
    values = [group.profile.get(t.id) for t in themes]
    series = [(group.name, values)]
    if rest is not None:
        series.append((REST, [rest.profile.get(t.id) for t in themes]))
    starters = next(s for g, s in starters_by_group(c) if g.name == group.name)
    differences: list[dict[str, Any]] = []
    if rest is not None:
        for item in c.scored_items():
            mine, theirs = group.stats.get(item.id), rest.stats.get(item.id)
            if mine is None or theirs is None or mine.mean is None or theirs.mean is None:
                continue
            delta = mine.mean - theirs.mean
            if abs(delta) >= 1 - 1e-9:
                differences.append({"item": item, "text": shown_text(item), "mine": mine, "theirs": theirs,
                                    "delta": delta,
                                    "counts": [mine.distribution.get(v, 0) for v, _l in _value_labels(item)],
                                    "values": _value_labels(item)})
        differences.sort(key=lambda d: (-abs(round(d["delta"], 9)), d["item"].id))
    view = _over_time(c)
    history = None
    if view is not None:
        results = [view.result(group.name, r) for r in view.rounds]
        history = {"rounds": view.rounds,
                   "rows": [{"theme": t.short, "values": [None if g is None else g.profile.get(t.id) for g in results],
                             "change": profile_change(bank, t.id, results[-2], results[-1])} for t in themes],
                   "follow": [None if g is None else g.follow_up for g in results]}
    lines = story(c, options)
    return {
        "c": c,
        "title": f"Groepsblad: {group.name}",
        "group": group,
        "rest": rest,
        "story": lines,
        "aid": CONVERSATION_AID,
        "themes": themes,
        "radar": radar_svg(labels, series, size=280, title=f"Profiel van {group.name}"),
        "profile_rows": [{"name": name, "values": vals} for name, vals in series],
        "starters": starters,
        "starter_rules": STARTER_RULES,
        "differences": differences[:SHEET_DIFFERENCES],
        "more_differences": max(0, len(differences) - SHEET_DIFFERENCES),
        "history": history,
        "actions": _counted_actions(group),
        "action_format": bank.action_formats.get(BAN_KEEP_REACH),
        "not_a_judgement": NOT_A_JUDGEMENT,
        "shown": shown_text,
        "bank": bank,
        "nl": nl_number,
        "n2": n2,
        "fmt_change": _fmt_change,
        "small_change_note": SMALL_CHANGE_NOTE,
        "three": three_views_context(c, only=[group.name]),
    }


def render_sheet(comparison: Comparison, wanted: str, fmt: str, options: ReportOptions | None = None) -> str:
    template = "group_sheet.html.j2" if fmt == "html" else "group_sheet.md.j2"
    return environment(fmt).get_template(template).render(**sheet_context(comparison, wanted, options))


# --- data for analysts: CSV and XLSX --------------------------------------------------------------


def _value_columns(comparison: Comparison) -> list[int]:
    values = {v for item in comparison.scored_items() if item.scale is not None for v in item.scale.values}
    views = comparison.three_views
    if views is not None:
        values |= {v for item in views.clients.questionnaire.items.values() for v in item.scale.values}
    return sorted(values)


# with client files: every row says whose answers it holds, and client rows name the worker items
# they mirror (the estimate too, for the ladder); without them the columns stay as they were
# groep_deelnemers counts the group's workers on every row; a client row's own count of client
# answers (of its soort: everyone, jongeren or ouders) is groep_cliëntantwoorden
CLIENT_COLUMNS = ["soort", "groep_cliëntantwoorden", "spiegelt_item_id", "inschatting_item_id",
                  "wil_ik_niet_zeggen"]
WORKERS_KIND = "hulpverleners"


def data_columns(comparison: Comparison) -> list[str]:
    return (["ronde", "groep", "groep_deelnemers", "thema_id", "thema", "niveau", "item_id", "item",
             "schaal_id", "schaal_nominaal", "n"]
            + [f"aantal_{v}" for v in _value_columns(comparison)]
            + ["niet_van_toepassing", "weet_ik_niet", "gemiddelde", "mediaan", "min", "max", "sd",
               "ordinale_spreiding", "k", "opmerking"]
            + (CLIENT_COLUMNS if comparison.three_views is not None else []))


def _data_groups(comparison: Comparison, only: list[GroupResult] | None = None) -> list[GroupResult]:
    if only is not None:
        return only
    groups = list(comparison.groups)
    if comparison.everyone is not None and len(groups) > 1:
        groups.append(comparison.everyone)
    return groups


def data_rows(comparison: Comparison, only: list[GroupResult] | None = None) -> list[list[Any]]:
    """One row per group and scored item, values as Python numbers (None = empty)."""
    bank = comparison.bank
    values = _value_columns(comparison)
    rows: list[list[Any]] = []
    for group in _data_groups(comparison, only):
        round_id = group.name if comparison.grouping == "ronde" and group is not comparison.everyone \
            else ", ".join(comparison.rounds)
        name = f"{EVERYONE} (alle getoonde groepen)" if group is comparison.everyone else group.name
        for item in comparison.scored_items():
            stats = group.stats.get(item.id)
            if stats is None:
                continue
            theme = bank.themes[item.theme]
            assert item.scale is not None  # a scored item
            base = [round_id, name, group.size, theme.id, theme.title, item.level, item.id, shown_text(item),
                    item.scale.id, "ja" if item.scale.nominal else "nee"]
            shown = not stats.suppressed
            counts = [stats.distribution.get(v) if shown and v in item.scale.values else None for v in values]
            note = stats.suppressed or ("nominale schaal: enkel de aantallen tellen" if item.scale.nominal else "")
            spread = ordinal_dispersion(stats.distribution) if shown and not item.scale.nominal else None
            rows.append(base + [stats.n if shown else None] + counts + [
                stats.na, stats.dont_know,
                # a nominal scale has no order: only its counts mean something, not a min or max
                _r(stats.mean), _r(stats.median), None if item.scale.nominal else stats.min,
                None if item.scale.nominal else stats.max, _r(stats.sd), _r(spread),
                comparison.min_group, note,
            ] + ([WORKERS_KIND, None, None, None, None] if comparison.three_views is not None else []))
    if comparison.three_views is not None:
        rows += client_data_rows(comparison, only)
    return rows


def client_data_rows(comparison: Comparison, only: list[GroupResult] | None = None) -> list[list[Any]]:
    """The clients' rows of the data table: per group with released client figures, per client
    question: everyone together, and jongeren and ouders where each part is released."""
    views = comparison.three_views
    bank = comparison.bank
    values = _value_columns(comparison)
    k = views.clients.min_group
    rows: list[list[Any]] = []
    for group in _data_groups(comparison, only):
        is_everyone = group is comparison.everyone
        shown = views.everyone if is_everyone else views.group(group.name)
        if shown is None or shown.clients is None:
            continue
        round_id = group.name if comparison.grouping == "ronde" and not is_everyone \
            else ", ".join(comparison.rounds)
        name = f"{EVERYONE} (alle getoonde groepen)" if is_everyone else group.name
        for view in shown.views:
            item, worker = view.client_item, view.worker_item
            theme = bank.themes[worker.theme]
            parts = [("clients", view.clients, shown.clients.size)]
            if len(item.texts) > 1:
                parts += [(who, stats, shown.clients.who_sizes.get(who))
                          for who, stats in view.clients_by_who.items()]
            for kind, stats, size in parts:
                if stats is None:
                    continue
                released = not stats.suppressed
                counts = [stats.distribution.get(v) if released and v in item.scale.values else None
                          for v in values]
                spread = ordinal_dispersion(stats.distribution) if released else None
                text = item.texts.get(kind) or client_text(item)
                rows.append([round_id, name, group.size, theme.id, theme.title, worker.level, item.id, text,
                             item.scale.id, "nee", stats.n if released else None] + counts + [
                    None, None, _r(stats.mean), _r(stats.median), stats.min, stats.max, _r(stats.sd),
                    _r(spread), k, stats.suppressed or "",
                    CLIENT_KINDS[kind], size, worker.id,
                    view.estimate_item.id if view.estimate_item is not None else None,
                    stats.declined,
                ])
    return rows


def _r(value: float | None) -> float | None:
    return None if value is None else round_half_up(value, 2)


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return nl_number(value)
    return neutralise(clean_line(str(value)))


def render_csv(comparison: Comparison, only: list[GroupResult] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(data_columns(comparison))
    for row in data_rows(comparison, only):
        writer.writerow([_csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _put_row(sheet: Any, values: list[Any], bold: bool = False) -> None:
    """Append a row: numbers as numbers (2 decimals shown), text always as text (never a formula)."""
    from openpyxl.styles import Font

    sheet.append([xlsx_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # '=…' stays text: stored as a string, never run
        elif isinstance(cell.value, float):
            cell.number_format = "0.00"
        if bold:
            cell.font = Font(bold=True)


def _table_sheet(wb: Any, title: str, taken: set[str], header: list[str], rows: list[list[Any]],
                 widths: dict[str, int]) -> Any:
    sheet = wb.create_sheet(sheet_title(title, taken))
    _put_row(sheet, header, bold=True)
    for row in rows:
        _put_row(sheet, row)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    return sheet


def render_xlsx(comparison: Comparison, options: ReportOptions | None = None,
                only: list[GroupResult] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    options = options or ReportOptions()
    c = comparison
    bank = c.bank
    wb = Workbook()
    overview = wb.active
    taken: set[str] = set()
    overview.title = sheet_title("Overzicht", taken)
    _put_row(overview, ["reflectie — vergelijking " + GROUPING_LABELS[c.grouping]])
    overview["A1"].font = Font(bold=True, size=14)
    three_lines = ([c.three_views.method] + list(c.three_views.clients.notes)
                   if c.three_views is not None else [])
    for line in story(c, options) + [CONVERSATION_AID, NOT_A_JUDGEMENT, DATA_ONLY] + list(c.notes) + three_lines:
        _put_row(overview, [line])
        overview.cell(overview.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    _put_row(overview, ["Minimum groepsgrootte (k)", c.min_group])
    _put_row(overview, ["Ingevulde vragenlijsten in getoonde rondes (een persoon per ronde)" if c.grouping == "ronde"
                        else "Deelnemers in getoonde groepen", c.people_shown])
    _put_row(overview, ["Getoonde groepen", len(c.groups)])
    _put_row(overview, ["Weggelaten groepen: te weinig deelnemers", c.hidden_groups - c.withheld_groups])
    _put_row(overview, ["Niet opnieuw getoonde groepen: een eerder rapport van dezelfde ronde toonde ze al",
                        c.withheld_groups])
    overview.column_dimensions["A"].width = 100
    themes = bank.profile_themes()
    groups = _data_groups(c, only)
    profile_rows = [[g.name if g is not c.everyone else f"{EVERYONE} (alle getoonde groepen)", g.size]
                    + [_r0(g.profile.get(t.id)) for t in themes] for g in groups]
    profile = _table_sheet(wb, "Profiel", taken, ["groep", "deelnemers"] + [t.id for t in themes], profile_rows,
                           {"A": 44})
    for row in profile.iter_rows(min_row=2, min_col=3):
        for cell in row:
            cell.number_format = "0"
    widths = {"B": 36, "E": 30, "G": 34, "H": 70}
    _table_sheet(wb, "Items", taken, data_columns(c), data_rows(c, only), widths)
    starters = [[s.group, s.kind, s.item.id, shown_text(s.item), s.other.id if s.other else None,
                 _r(s.value), s.n, s.text] for s in c.starters
                if only is None or s.group in {g.name for g in only}]
    if c.three_views is not None:
        starters += [[s.group, f"cliënten: {s.kind}", s.view.client_item.id,
                      client_text(s.view.client_item),
                      (s.view.estimate_item if s.kind == "inschatting" else s.view.worker_item).id,
                      _r(s.value), s.view.clients.n, s.text] for s in c.three_views.starters
                     if only is None or s.group in {g.name for g in only}]
    _table_sheet(wb, "Gespreksstarters", taken,
                 ["groep", "soort", "item_id", "item", "tegenover_item_id", "waarde", "n", "waarom"],
                 starters, {"A": 36, "D": 70, "H": 70})
    if c.three_views is not None:
        _table_sheet(wb, THREE_TITLE, taken, THREE_COLUMNS, three_sheet_rows(c, only),
                     {"A": 36, "C": 60, "D": 34, "F": 34})
    scales = sorted({i.scale.id: i.scale for i in c.scored_items() if i.scale is not None}.values(), key=lambda s: s.id)
    _table_sheet(wb, "Schalen", taken, ["schaal_id", "schaal", "nominaal", "waarde", "betekenis"],
                 [[s.id, s.name, "ja" if s.nominal else "nee", lv.value, lv.name] for s in scales for lv in s.levels],
                 {"A": 24, "B": 44, "E": 40})
    view = _over_time(c) if only is None else None
    if view is not None:
        rows = []
        for name in view.names:
            results = [view.result(name, r) for r in view.rounds]
            for index, (round_id, g) in enumerate(zip(view.rounds, results)):
                if g is None:
                    continue
                before = results[index - 1] if index else None
                for theme in themes:
                    change = profile_change(bank, theme.id, before, g)
                    rows.append([name, round_id, g.size, theme.id, _r0(g.profile.get(theme.id)),
                                 None if change is None else _r0(change.delta),
                                 None if change is None else ("ja" if change.small else "nee"),
                                 g.follow_up.get("ja", 0), g.follow_up.get("deels", 0), g.follow_up.get("nee", 0)])
        _table_sheet(wb, "Verloop", taken,
                     [view.grouping, "ronde", "deelnemers", "thema_id", "profiel", "verandering",
                      "kleiner_dan_een_persoon_een_stap", "acties_gebeurd_ja", "acties_gebeurd_deels",
                      "acties_gebeurd_nee"], rows, {"A": 44})
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


THREE_COLUMNS = ["groep", "cliënt_item_id", "cliëntvraag", "spiegelt_item_id", "inschatting_item_id",
                 "hulpverleners_n", "hulpverleners_gemiddelde", "ingeschat_n", "ingeschat_gemiddelde",
                 "cliënten", "cliënten_n", "cliënten_wil_ik_niet_zeggen", "cliënten_gemiddelde",
                 "verschil_met_zelfbeeld", "verschil_met_ingeschat_cliëntbeeld"]


def three_sheet_rows(comparison: Comparison, only: list[GroupResult] | None = None) -> list[list[Any]]:
    """One row per group and client question: the three views' n and means, and the gaps."""
    views = comparison.three_views
    names = {g.name for g in only} if only is not None else None
    groups = [g for g in views.groups if g.clients is not None and (names is None or g.name in names)]
    if names is None and len(groups) > 1 and views.everyone is not None and views.everyone.clients:
        groups.append(views.everyone)
    rows = []
    for group in groups:
        name = f"{EVERYONE} (alle getoonde groepen)" if group is views.everyone else group.name
        for view in group.views:
            released = [None if s is None or s.suppressed else s
                        for s in (view.workers, view.estimate, view.clients)]
            mine, guess, theirs = released
            rows.append([name, view.client_item.id, client_text(view.client_item), view.worker_item.id,
                         view.estimate_item.id if view.estimate_item is not None else None,
                         mine.n if mine else None, _r(mine.mean) if mine else None,
                         guess.n if guess else None, _r(guess.mean) if guess else None,
                         group.clients.size, theirs.n if theirs else None,
                         view.clients.declined if view.clients is not None else None,
                         _r(theirs.mean) if theirs else None,
                         _r(view.gap_self), _r(view.gap_estimate)])
    return rows


def _r0(value: float | None) -> float | None:
    return None if value is None else round_half_up(value, 0)


# --- PDF (optional extra) -------------------------------------------------------------------------


def html_to_pdf(html: str) -> bytes:
    """The HTML report as PDF through WeasyPrint (the optional extra ``reflectie[pdf]``)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint without the pango library
        raise ReflectieError(PDF_EXTRA) from exc
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


# --- files ----------------------------------------------------------------------------------------


def report_name(comparison: Comparison, group: str | None = None) -> str:
    name = f"rapport-{slugify(comparison.grouping)}"
    if comparison.round_id:
        name += f"-{slugify(comparison.round_id)}"
    if group:
        name += f"-groep-{slugify(group)}"
    return name


def report_paths(comparison: Comparison, folder: Path, formats: tuple[str, ...],
                 options: ReportOptions | None = None) -> list[Path]:
    """The files ``write_reports`` writes for these formats (to ask before overwriting)."""
    group = (options or ReportOptions()).group
    name = report_name(comparison, find_group(comparison, group).name if group else None)
    return [folder / safe_file_name(name, f".{fmt}") for fmt in formats]


def pdf_installed() -> bool:
    """WeasyPrint is installed (quick: it is not imported; ``pdf_problem`` tries that)."""
    from importlib.util import find_spec

    return find_spec("weasyprint") is not None


def pdf_problem() -> str | None:
    """None when PDF can be made here (WeasyPrint imports, with its pango library); else the
    Dutch reason and what to do. Importing WeasyPrint takes a moment: ask off the UI thread."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return PDF_EXTRA
    return None


def write_reports(comparison: Comparison, folder: Path, formats: tuple[str, ...],
                  options: ReportOptions | None = None) -> list[Path]:
    """Write the chosen formats into ``folder`` (atomic, 0600 like all user data; a folder this
    creates is 0700 whatever the umask). Everything is rendered before anything is written, so a
    failing format leaves no half set of files. With ``options.group`` it writes that group's own
    sheet. Raises ReflectieError (StoreError for the disk) in Dutch."""
    options = options or ReportOptions()
    group = None
    only = None
    if options.group:
        group = find_group(comparison, options.group)
        rest = rest_of(comparison, group.name, REST)
        only = [group] + ([rest] if rest is not None else [])

    def html() -> str:
        if group is not None:
            return render_sheet(comparison, group.name, "html", options)
        return render_html(comparison, options)

    renderers = {
        "md": lambda: (render_sheet(comparison, group.name, "md", options) if group is not None
                       else render_markdown(comparison, options)).encode("utf-8"),
        "html": lambda: html().encode("utf-8"),
        "pdf": lambda: html_to_pdf(html()),
        "csv": lambda: render_csv(comparison, only),
        "xlsx": lambda: render_xlsx(comparison, options, only),
    }
    targets = report_paths(comparison, folder, formats, options)
    rendered = [(target, renderers[fmt]()) for target, fmt in zip(targets, formats)]
    try:
        ensure_dir(folder, DIR_MODE, tighten=False)
        for target, data in rendered:
            atomic_write(target, data)
    except OSError as exc:  # both promise StoreError; a disk never stops the caller with a traceback
        raise StoreError(os_message(exc, folder / "rapport")) from exc
    return [target for target, _data in rendered]
