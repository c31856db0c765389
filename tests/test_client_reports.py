"""Drie blikken in every format (md, html, csv, xlsx, the Intervisie screen): the same teams on both
sides, the same counts, the same words."""

from __future__ import annotations

import io
import re

from rich.console import Console

from reflectie.clientcompare import only_apart, three_views
from reflectie.clientvragen import default_questionnaire
from reflectie.compare import compare
from reflectie.report.group import render_csv, render_html, render_markdown, render_xlsx
from reflectie.screens.intervisie import three_views_renderable

from .test_client_compare import clients, collection, worker_collection, workers

Q = default_questionnaire()


def organisation_report(bank):
    """CAW Oost: Team Noord (4 workers; 5 jongeren and 5 ouders, shown apart) and Team Zuid (3
    workers; 3 client answers, left out); CAW West: Team West (3 workers; 3 jongeren and 3 ouders,
    released together, not apart)."""
    people = worker_collection(workers(4, "Team Noord"), workers(3, "Team Zuid"),
                               workers(3, "Team West", "CAW West"))
    answers = collection(clients(5), clients(5, who="ouder", seed=1), clients(3, team="Team Zuid"),
                         clients(3, "Team West", "CAW West", seed=2),
                         clients(3, "Team West", "CAW West", who="ouder", seed=3))
    comparison = compare(people, bank, "organisatie")
    comparison.three_views = three_views(comparison, answers)
    return comparison


def screen_text(comparison) -> str:
    console = Console(file=io.StringIO(), width=200, color_system=None, legacy_windows=False)
    console.print(three_views_renderable(comparison, 200))
    return re.sub(r"\s+", " ", console.file.getvalue())


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_format_counts_the_same_teams_on_both_sides(bank):
    comparison = organisation_report(bank)
    oost = comparison.three_views.group("CAW Oost")
    assert oost.workers.size == 4 and oost.clients.size == 10  # Zuid's 3 workers stay out
    head = "4 hulpverleners, 10 cliëntantwoorden (waarvan apart getoond: jongeren 5, ouders 5)"
    everyone = "7 hulpverleners, 16 cliëntantwoorden (waarvan apart getoond: jongeren 5, ouders 5)"
    md = render_markdown(comparison)
    html = words(render_html(comparison))
    screen = screen_text(comparison)
    for text in (md, html, screen):
        assert head in text and everyone in text
        assert "ook apart:" not in text and "7 hulpverleners, 10" not in text
    ladder = [line.split(" | ")[-3] for line in md.splitlines()
              if line.startswith("| Hulpverleners over zichzelf") and "geen antwoorden" not in line]
    assert ladder == ["4", "3", "7"]  # n beside CAW Oost (Noord only), CAW West, everyone
    xlsx = render_xlsx(comparison)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx))["Drie blikken"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        line = dict(zip(header, row))
        if line["groep"] == "CAW Oost" and line["cliënt_item_id"] == "client.ladder":
            assert line["hulpverleners_n"] == 4 and line["cliënten"] == 10
            assert line["hulpverleners_gemiddelde"] == 2.5  # Noord's 1, 2, 3, 4


def test_a_question_of_one_part_reads_the_same_in_every_format(bank):
    comparison = organisation_report(bank)
    west = comparison.three_views.group("CAW West")
    youth = Q.items["client.stem-telt"]
    label = only_apart(youth, 5, one_team=False)  # an organisation, even of one team
    assert "van dit team" not in label
    assert west.clients.stats[youth.id].suppressed == label
    assert "enkel als jongeren en ouders apart staan" not in label
    csv = render_csv(comparison).decode("utf-8-sig")
    xlsx = render_xlsx(comparison)
    from openpyxl import load_workbook

    items = load_workbook(io.BytesIO(xlsx))["Items"]
    cells = {cell for row in items.iter_rows(values_only=True) for cell in row}
    assert label in render_markdown(comparison)
    assert label in words(render_html(comparison))
    assert label in csv and label in cells
    assert label in screen_text(comparison)


def test_the_screen_wraps_a_long_reason_instead_of_cutting_it(bank):
    comparison = organisation_report(bank)
    console = Console(file=io.StringIO(), width=80, color_system=None, legacy_windows=False)
    console.print(three_views_renderable(comparison, 80))
    text = re.sub(r"\s+", " ", console.file.getvalue())
    assert "(jongeren en ouders elk minstens 5)" in text
