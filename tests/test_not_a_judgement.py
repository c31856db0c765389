"""Wherever a profile is shown, one line says a lower score is no judgement: in a mandated context
(ondersteuningscentrum jeugdzorg, sociale dienst bij de jeugdrechtbank) the expert role sometimes
belongs (visienota §4.1; content review §1)."""

from __future__ import annotations

import io

from textual.widgets import Static

from reflectie.analysis import NOT_A_JUDGEMENT
from reflectie.compare import compare
from reflectie.loading import Collection
from reflectie.report.group import render_html, render_markdown, render_sheet, render_xlsx
from reflectie.report.own import render_round
from reflectie.textout import md_escape
from reflectie.widgets.radar import Radar

from .apphelpers import new_app
from .groupdata import person


def test_the_line_names_the_mandated_services_and_the_section():
    assert "geen oordeel" in NOT_A_JUDGEMENT
    assert "ondersteuningscentrum jeugdzorg" in NOT_A_JUDGEMENT
    assert "sociale dienst bij de jeugdrechtbank" in NOT_A_JUDGEMENT
    assert "expertrol" in NOT_A_JUDGEMENT and "§4.1" in NOT_A_JUDGEMENT


async def test_the_summary_says_it_right_under_the_web(private_home):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.session.open_round("2026-najaar")
        app.session.set_choice("rol.positie.micro", 1)
        app.session.save()
        app.open_summary()
        await pilot.pause()
        children = list(app.screen.query_one("#summary").children)
        radar = next(i for i, w in enumerate(children) if isinstance(w, Radar))
        after = children[radar + 1]
        assert isinstance(after, Static) and str(after.render()) == NOT_A_JUDGEMENT


def test_the_own_export_says_it_with_the_profile(bank):
    answers = person("p1", scores={"rol.positie.micro": 1})
    markdown = render_round(answers, bank, "md")
    profile = markdown.split("## Vermaatschappelijkingsprofiel", 1)[1].split("\n## ", 1)[0]
    assert md_escape(NOT_A_JUDGEMENT) in profile
    html = render_round(answers, bank, "html")
    assert f'<p class="muted">{NOT_A_JUDGEMENT}</p>' in html


def test_group_reports_say_it_in_their_profile_section(bank):
    people = [person(f"p{i}", scores={"rol.positie.micro": 1 + i % 3}) for i in range(4)]
    comparison = compare(Collection(answers=people, problems=[], files_seen=4), bank, "team", 3)
    markdown = render_markdown(comparison)
    profile = markdown.split("## Vermaatschappelijkingsprofiel", 1)[1].split("\n## ", 1)[0]
    assert md_escape(NOT_A_JUDGEMENT) in profile and markdown.count("geen oordeel") == 1
    html = render_html(comparison)
    section = html.split('<section aria-labelledby="profiel">', 1)[1].split("</section>", 1)[0]
    assert NOT_A_JUDGEMENT in section
    sheet = render_sheet(comparison, "Team A (Org 1)", "md")
    assert md_escape(NOT_A_JUDGEMENT) in sheet.split("## Jullie profiel", 1)[1].split("\n## ")[0]
    sheet_html = render_sheet(comparison, "Team A (Org 1)", "html")
    section = sheet_html.split('aria-labelledby="profiel"', 1)[1].split("</section>")[0]
    assert NOT_A_JUDGEMENT in section

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render_xlsx(comparison)))
    overview = [row[0] for row in book["Overzicht"].iter_rows(values_only=True)]
    assert NOT_A_JUDGEMENT in overview
