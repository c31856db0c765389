"""Checklists at macro and meso: the six-month logic, the follow-up across rounds, the report in
Markdown and HTML (golden, escaping, A4, accessibility), the command line, the demo home, the
organisation report under the release rule, and the screen driven by keys only (Textual pilot)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from textual.widgets import Input, Static
from typer.testing import CliRunner

from reflectie.answersfile import dumps, read_answers
from reflectie.cli import app as cli
from reflectie.compare import compare
from reflectie.demo import WORKGROUP_HOME, make_workgroup_rounds, write_workgroup_demo
from reflectie.fileio import atomic_write, ensure_private_dir
from reflectie.followup import (
    HalfYear,
    MeasureRow,
    add_months,
    follow_up,
    has_checklist,
    months_between,
    previous_round,
    reference_day,
    status_glyph,
)
from reflectie.loading import Collection
from reflectie.model import (
    DONT_KNOW,
    NA,
    Action,
    Answers,
    ChecklistEntry,
    Participant,
    RoundInfo,
    TextAnswer,
)
from reflectie.report.checklist import followup_path, render_followup, write_followup
from reflectie.report.group import render_markdown
from reflectie.store import round_path, save_answers

from .apphelpers import new_app
from .conftest import require_tool
from .groupdata import person
from .test_reports import check_golden

ZONE = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 23)
MADE_ON = date(2026, 11, 30)
HOSTILE_OWNER = '<script>alert("x")</script> & [red]rood[/red] | *vet*'
HOSTILE_EVIDENCE = "=HYPERLINK(\"http://x\")\n<img src=x onerror=alert(1)>\n| `code` _nadruk_ #kop"
runner = CliRunner()


def a_round(round_id: str, start: date, **kwargs) -> Answers:
    stamp = datetime(start.year, start.month, start.day, 10, 0, tzinfo=ZONE)
    answers = Answers(Participant("wg0001", "Secretaris Naam", "Werkgroep", "", ""),
                      RoundInfo(round_id, stamp, stamp + timedelta(hours=1)))
    for key, value in kwargs.items():
        setattr(answers, key, value)
    return answers


def row(bank, status, *, previous=None, due=None, previous_due=None, today=TODAY) -> MeasureRow:
    item = bank.items["iroj.grabbelbox"]
    return MeasureRow(1, item, status, previous, ChecklistEntry(due=due),
                      ChecklistEntry(due=previous_due) if previous_due else None, today,
                      has_previous_round=previous is not None or previous_due is not None)


# --- the half year -------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 3, 12), 6, date(2026, 9, 12)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),  # no 31 February: the month's last day
    (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year
    (date(2026, 3, 31), 6, date(2026, 9, 30)),
    (date(2026, 10, 8), 6, date(2027, 4, 8)),  # across the year
    (date(2026, 12, 15), 12, date(2027, 12, 15)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_months_between_agrees_with_add_months_on_every_day_of_two_years():
    start_days = [date(2026, 1, 31), date(2026, 8, 31), date(2026, 2, 28), date(2026, 6, 15)]
    for start in start_days:
        for offset in range(760):
            end = start + timedelta(days=offset)
            n = months_between(start, end)
            assert add_months(start, n) <= end < add_months(start, n + 1), (start, end, n)


def test_half_year_passes_on_the_day_six_months_later():
    since = date(2026, 3, 12)
    before = HalfYear(since, date(2026, 9, 11), "2026-voorjaar")
    on_the_day = HalfYear(since, date(2026, 9, 12), "2026-voorjaar")
    assert not before.passed and on_the_day.passed
    assert before.due == on_the_day.due == date(2026, 9, 12)
    assert "nog 1 dag" in before.lines()[1] and "12/09/2026" in before.lines()[1]
    assert "Het half jaar is om: tijd voor de intersectorale bijeenkomst" in on_the_day.lines()[1]
    assert on_the_day.lines()[0] == "Vorige ronde: 2026-voorjaar, gestart 12/03/2026 (6 maanden geleden)."
    assert "nog 2 maanden" in HalfYear(since, date(2026, 7, 1), "v").lines()[1]


def test_half_year_of_a_first_round_counts_from_that_round():
    first = HalfYear(date(2026, 10, 8), date(2026, 11, 23), None)
    assert not first.passed
    text = " ".join(first.lines())
    assert "eerste ronde met deze checklist (gestart 08/10/2026)" in text
    assert "rond 08/04/2027" in text and "intersectorale bijeenkomst" in text
    assert "rond 08/04/2027" in first.short()


def test_half_year_wording_uses_singular_and_plural():
    assert "1 maand geleden" in HalfYear(date(2026, 10, 1), date(2026, 11, 2), "r").lines()[0]
    assert "3 dagen geleden" in HalfYear(date(2026, 11, 20), date(2026, 11, 23), "r").lines()[0]
    assert "(vandaag)" in HalfYear(date(2026, 11, 23), date(2026, 11, 23), "r").lines()[0]


# --- one measure ---------------------------------------------------------------------------------


def test_overdue_means_target_passed_and_not_realised(bank):
    assert row(bank, 2, due=date(2026, 11, 22)).overdue
    assert not row(bank, 2, due=TODAY).overdue  # on the day itself it has not passed yet
    assert not row(bank, 5, due=date(2026, 1, 1)).overdue  # gerealiseerd
    assert not row(bank, NA, due=date(2026, 1, 1)).overdue  # n.v.t.
    assert row(bank, None, due=date(2026, 1, 1)).overdue  # no status at all is not realised
    assert row(bank, DONT_KNOW, due=date(2026, 1, 1)).overdue
    assert not row(bank, 1).overdue  # no target date


def test_a_target_from_the_previous_round_still_counts(bank):
    late = row(bank, 3, previous=2, previous_due=date(2026, 9, 30))
    assert late.target == date(2026, 9, 30) and late.target_from_previous and late.overdue
    own = row(bank, 3, previous=2, due=date(2027, 3, 1), previous_due=date(2026, 9, 30))
    assert own.target == date(2027, 3, 1) and not own.target_from_previous and not own.overdue


def test_change_labels(bank):
    assert row(bank, 4, previous=2).change_label() == "+2"
    assert row(bank, 2, previous=3).change_label() == "−1"
    assert row(bank, 3, previous=3).change_label() == "="
    assert row(bank, 3, previous=None, previous_due=date(2026, 1, 1)).change_label() == "nieuw"
    assert row(bank, 3).change_label() == ""  # no previous round at all
    assert row(bank, NA, previous=3).change_label() == ""


def test_status_glyph_needs_no_colour(bank):
    item = bank.items["iroj.aco"]
    assert status_glyph(item, 3) == "■■■□□"
    assert status_glyph(item, 5) == "■■■■■"
    assert status_glyph(item, NA) == "n.v.t."
    assert status_glyph(item, None) == "—"


# --- the checklist across rounds -------------------------------------------------------------------


def test_previous_round_skips_rounds_without_the_checklist(bank):
    theme = bank.themes["iroj"]
    spring = a_round("2026-voorjaar", date(2026, 3, 12), scores={"iroj.aco": 1})
    summer = a_round("2026-zomer", date(2026, 6, 1), scores={"rol.positie.micro": 3})
    autumn = a_round("2026-najaar", date(2026, 10, 8), scores={"iroj.aco": 2})
    later = a_round("2027-voorjaar", date(2027, 3, 1), scores={"iroj.aco": 3})
    rounds = [later, autumn, summer, spring]  # in any order
    assert previous_round(rounds, autumn, theme) == (spring, 1)
    assert previous_round(rounds, later, theme) == (autumn, 0)
    assert previous_round(rounds, spring, theme) == (None, 0)
    assert not has_checklist(summer, theme)
    only_follow_up = a_round("x", date(2026, 1, 1), checklist={"iroj.aco": ChecklistEntry("wie")})
    assert has_checklist(only_follow_up, theme)


def test_follow_up_compares_with_the_previous_checklist_round(bank):
    spring, autumn = make_workgroup_rounds(bank)
    follow = follow_up(bank, "iroj", autumn, [spring, autumn], today=TODAY)
    assert follow.previous is spring and follow.level == "macro" and len(follow.rows) == 7
    first = follow.rows[0]
    assert (first.previous, first.status, first.change_label()) == (2, 4, "+2")
    assert [r.item.id for r in follow.overdue] == ["iroj.grabbelbox"]  # 30/09/2026, status 2
    assert [r.item.id for r in follow.done] == ["iroj.charter-opgenomen"]
    aco = follow.rows[-1]
    assert aco.entry.empty and aco.target_from_previous and aco.can_take_over()
    assert follow.half_year.passed and follow.half_year.previous_round == "2026-voorjaar"
    assert follow.summary() == ("1 van 7 maatregelen gerealiseerd, 7 met een stand van zaken, bij 1 "
                                "maatregel is de streefdatum voorbij zonder dat ze gerealiseerd is.")
    table = {label: (now, then) for label, now, then in follow.status_table()}
    assert table["1 · niet gestart"] == (0, 4) and table["5 · gerealiseerd"] == (1, 0)
    assert "zonder stand van zaken" not in table and "n.v.t." not in table
    assert follow.action is not None and "intersectorale bijeenkomst" in follow.action.text


def test_an_earlier_round_is_judged_on_its_own_last_day(bank):
    spring, autumn = make_workgroup_rounds(bank)
    assert reference_day([spring, autumn], autumn, TODAY) == TODAY
    assert reference_day([spring, autumn], spring, TODAY) == spring.round.updated.date()
    follow = follow_up(bank, "iroj", spring, [spring, autumn])
    assert follow.today == date(2026, 3, 12) and follow.previous is None and not follow.overdue


def test_the_meso_checklist_has_steps_and_allows_dont_know(bank):
    current = a_round("2026-najaar", date(2026, 10, 1),
                      scores={"implementatie.bekend": 3}, dont_know={"implementatie.aftoetsen"})
    follow = follow_up(bank, "implementatie", current, [current], today=TODAY)
    assert follow.level == "meso" and follow.nouns == ("stap", "stappen")
    assert follow.rows[1].status == DONT_KNOW
    assert {label: now for label, now, _ in follow.status_table()}["weet ik niet"] == 1
    assert follow.summary().startswith("0 van 9 stappen gerealiseerd, 2 met een stand van zaken")


# --- the report ------------------------------------------------------------------------------------


def hostile_rounds(bank) -> list[Answers]:
    spring, autumn = make_workgroup_rounds(bank)
    autumn.checklist["iroj.grabbelbox"] = ChecklistEntry(HOSTILE_OWNER, date(2026, 9, 30), HOSTILE_EVIDENCE)
    # what the person wrote elsewhere in the round never reaches the follow-up report
    autumn.participant = replace(autumn.participant, name="Secretaris Naam", organisation="Org X")
    autumn.scores["rol.positie.micro"] = 2
    autumn.texts["rol.micro.1"] = TextAnswer("GEHEIME reflectie", share=True)
    autumn.actions.append(Action("rol", "micro", "PRIVEACTIE"))
    return [spring, autumn]


def test_followup_markdown_golden(bank):
    spring, autumn = make_workgroup_rounds(bank)
    follow = follow_up(bank, "iroj", autumn, [spring, autumn], today=TODAY)
    check_golden("opvolging-iroj.md", render_followup(follow, "md", MADE_ON))


class _Cells(HTMLParser):
    """Table cells of the measures table, with the tag and scope of each header."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[tuple[str, str | None, str]]]] = []
        self._cell: list | None = None
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = [tag, attrs.get("scope"), ""]

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data


def test_followup_html_structure_and_escaping(bank):
    spring, autumn = hostile_rounds(bank)
    follow = follow_up(bank, "iroj", autumn, [spring, autumn], today=TODAY)
    html = render_followup(follow, "html", MADE_ON)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; [red]rood[/red]" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    for private in ("GEHEIME", "PRIVEACTIE", "Secretaris Naam", "Org X", "wg0001"):
        assert private not in html, private
    parser = _Cells()
    parser.feed(html)
    assert parser.scripts == 0
    counts, measures = parser.tables
    header = [text for _tag, _scope, text in measures[0]]
    assert header == ["Maatregel", "Ronde 2026-voorjaar", "Ronde 2026-najaar", "Verschil", "Eigenaar",
                      "Tegen", "Bewijs"]
    assert all(tag == "th" and scope == "col" for tag, scope, _ in measures[0])
    body = measures[1:]
    assert len(body) == 7
    assert all(r[0][0] == "th" and r[0][1] == "row" for r in body)  # each measure heads its row
    grabbelbox = body[1]
    assert grabbelbox[0][2].startswith("2. De Grabbelbox")
    assert [c[2] for c in grabbelbox[1:5]] == ["1 · niet gestart", "2 · in voorbereiding", "+1", HOSTILE_OWNER]
    assert "voorbij, niet gerealiseerd" in grabbelbox[5][2] and "30/09/2026" in grabbelbox[5][2]
    assert grabbelbox[6][2] == HOSTILE_EVIDENCE
    assert "(vorige ronde)" in body[6][5][2]  # the ACO's date stands in the spring round
    assert [c[2] for c in counts[0]] == ["Stand van zaken", "Ronde 2026-voorjaar", "Ronde 2026-najaar"]
    assert "Het half jaar is om" in html and "Na een half jaar wordt een intersectorale" in html


def test_followup_markdown_escapes_user_text(bank):
    spring, autumn = hostile_rounds(bank)
    md = render_followup(follow_up(bank, "iroj", autumn, [spring, autumn], today=TODAY), "md", MADE_ON)
    line = next(line for line in md.splitlines() if "Grabbelbox" in line)
    assert line.count(" | ") == 6  # the table keeps its seven columns: no pipe from the text breaks it
    assert "\\<script\\>" in line and "\\[red\\]" in line and "\\*vet\\*" in line and "\\|" in line
    assert not re.search(r"(?<!\\)<(img|script)", md)  # every tag from the text is escaped
    assert "\\<img" in line  # and the line break before it became a space, not a new row
    for private in ("GEHEIME", "PRIVEACTIE", "Secretaris Naam", "Org X"):
        assert private not in md


def test_followup_without_a_previous_round_has_no_comparison_columns(bank):
    _spring, autumn = make_workgroup_rounds(bank)
    follow = follow_up(bank, "iroj", autumn, [autumn], today=TODAY)
    html = render_followup(follow, "html", MADE_ON)
    assert "Verschil" not in html and "Ronde 2026-voorjaar" not in html
    assert "eerste ronde met deze checklist" in html


def test_write_followup_is_private_and_named_after_checklist_and_round(bank, tmp_path):
    spring, autumn = make_workgroup_rounds(bank)
    follow = follow_up(bank, "iroj", autumn, [spring, autumn], today=TODAY)
    path = write_followup(follow, tmp_path / "nieuw", "md")
    assert path == followup_path(follow, tmp_path / "nieuw", "md")
    assert path.name == "opvolging-iroj-2026-najaar.md"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700


def test_followup_prints_on_a4_within_the_margins_and_passes_axe(bank, tmp_path):
    from .test_report_print import A4_WIDTH_PT, _axe, _print, _save_pages, _words

    spring, autumn = hostile_rounds(bank)
    html = render_followup(follow_up(bank, "iroj", autumn, [spring, autumn], today=TODAY), "html", MADE_ON)
    pdf = _print(html, tmp_path, "opvolging")
    _save_pages(pdf, "print-opvolging")
    words = _words(pdf)
    assert not [w for w in words if w[2] > A4_WIDTH_PT - 30]
    info = subprocess.run([require_tool("pdfinfo"), str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 2
    text = " ".join(w[3] for w in words)
    assert "Grabbelbox" in text and "gerealiseerd" in text
    page = tmp_path / "opvolging.html"
    assert _axe(page) == []


# --- the organisation report: the meso checklist under the release rule -----------------------------


def test_organisation_report_shows_the_implementation_steps_under_the_release_rule(bank):
    people = []
    for index in range(3):
        people.append(person(f"a{index}", team="Staf", org="Org Groot",
                             scores={"implementatie.bekend": 2 + index, "rol.positie.meso": 3}))
    for index in range(2):  # too few: nothing of theirs is shown
        people.append(person(f"b{index}", team="Staf", org="Org Klein",
                             scores={"implementatie.bekend": 5, "rol.positie.meso": 3}))
    comparison = compare(Collection(people, [], len(people)), bank, "organisatie", 3)
    assert [g.name for g in comparison.groups] == ["Org Groot"]
    stats = comparison.groups[0].stats["implementatie.bekend"]
    assert stats.n == 3 and not stats.suppressed
    md = render_markdown(comparison)
    section = md[md.index("## De visienota in de dagelijkse werking"):]
    assert "Alle medewerkers kennen de visienota" in section
    assert "Org Groot" in section and "Org Klein" not in md


# --- the command line and the demo home ------------------------------------------------------------


def save_rounds(rounds: list[Answers]) -> None:
    ensure_private_dir(round_path("x").parent)
    for answers in rounds:
        save_answers(answers, round_path(answers.round.id), touch=False)


def test_cli_opvolging_writes_the_report_and_asks_before_replacing(private_home, bank, tmp_path):
    save_rounds(make_workgroup_rounds(bank))
    out = tmp_path / "uit"
    result = runner.invoke(cli, ["opvolging", "--uit", str(out), "--formaat", "md"])
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())
    assert "ronde 2026-najaar: 1 van 7 maatregelen gerealiseerd" in shown
    assert "Vorige ronde: 2026-voorjaar" in shown
    target = out / "opvolging-iroj-2026-najaar.md"
    assert target.exists() and "De Grabbelbox" in target.read_text("utf-8")
    again = runner.invoke(cli, ["opvolging", "--uit", str(out), "--formaat", "md"])
    refused = " ".join(again.output.split())
    assert again.exit_code == 1 and "bestaat al" in refused and "--overschrijven" in refused
    forced = runner.invoke(cli, ["opvolging", "--uit", str(out), "-f", "md", "--overschrijven"])
    assert forced.exit_code == 0, forced.output
    earlier = runner.invoke(cli, ["opvolging", "--uit", str(out), "--ronde", "2026 Voorjaar"])
    assert earlier.exit_code == 0, earlier.output
    assert (out / "opvolging-iroj-2026-voorjaar.html").exists()


def test_cli_opvolging_says_what_is_missing(private_home, bank, tmp_path):
    nothing = runner.invoke(cli, ["opvolging", "--uit", str(tmp_path)])
    assert nothing.exit_code == 1 and "in geen enkele ronde ingevuld" in nothing.output
    save_rounds([a_round("2026-najaar", date(2026, 10, 1), scores={"rol.positie.micro": 3})])
    wrong = runner.invoke(cli, ["opvolging", "--ronde", "2025-najaar", "--uit", str(tmp_path)])
    assert wrong.exit_code == 2 and "geen ronde '2025-najaar'" in wrong.output
    empty = runner.invoke(cli, ["opvolging", "--ronde", "2026-najaar", "--uit", str(tmp_path)])
    assert empty.exit_code == 1 and "nog niet ingevuld" in " ".join(empty.output.split())
    unknown = runner.invoke(cli, ["opvolging", "--checklist", "iroy"])
    assert unknown.exit_code == 2 and "implementatie, iroj" in unknown.output


def test_demo_writes_a_separate_workgroup_home_and_leaves_own_rounds_alone(private_home, bank):
    result = runner.invoke(cli, ["demo", "--aantal", "4", "--uit", "demo"])
    assert result.exit_code == 0, result.output
    home = private_home / WORKGROUP_HOME
    assert "IROJ-opvolging" in result.output and f'REFLECTIE_HOME="{home}"' in result.output
    assert not (private_home / "antwoorden").exists()  # nothing fictional among the user's rounds
    assert len(list(Path("demo").rglob("*.toml"))) == 4  # the worker data as before
    files = sorted((home / "antwoorden").glob("*.toml"))
    assert [f.name for f in files] == ["2026-najaar.toml", "2026-voorjaar.toml"]
    for file in files:
        answers = read_answers(file, bank)
        assert answers.participant.name == "" and has_checklist(answers, bank.themes["iroj"])
        assert not answers.texts and all(a.theme == "iroj" for a in answers.actions)
    # the demo home is a real data folder: the report comes out of it
    env = dict(os.environ, REFLECTIE_HOME=str(home), REFLECTIE_EXPORTMAP=str(home / "uit"))
    made = subprocess.run([sys.executable, "-m", "reflectie", "opvolging"], env=env, check=False,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert (home / "uit" / "opvolging-iroj-2026-najaar.html").exists()
    assert write_workgroup_demo(bank, home) == home  # written again without complaint


def test_the_core_of_checklists_does_not_import_textual():
    code = ("import reflectie.followup, reflectie.report.checklist, reflectie.demo, sys;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- the screen, by keys -------------------------------------------------------------------------


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _open_checklist(pilot, app, theme: str = "iroj"):
    await pilot.pause()
    app.open_checklist(theme)
    await pilot.pause()
    from reflectie.screens.checklist import ChecklistScreen

    assert isinstance(app.screen, ChecklistScreen)
    return app.screen


async def test_fill_a_measure_by_keys_with_owner_date_and_evidence(private_home, bank):
    app = new_app("2026-najaar")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_checklist(pilot, app)
        table = screen.query_one("#measures")
        assert table.row_count == 7 and app.focused is table
        assert "Eerste ronde met deze checklist" in _text(screen, "#halfyear")
        await pilot.press("down", "3")  # the Grabbelbox: gestart
        await pilot.press("enter")
        assert app.focused.id == "owner"
        await pilot.press(*"secretariaat [b]werkgroep[/b]", "enter")
        assert app.focused.id == "due"
        await pilot.press(*"31/03/2027", "enter")
        await pilot.press(*"Offerte | opgevraagd", "enter")
        await pilot.pause(0.6)  # fields are written after a short quiet moment
        assert app.focused is table and table.cursor_row == 2  # back in the list, one row down
        answers = app.session.answers
        assert answers.scores["iroj.grabbelbox"] == 3
        assert answers.checklist["iroj.grabbelbox"] == ChecklistEntry(
            "secretariaat [b]werkgroep[/b]", date(2027, 3, 31), "Offerte | opgevraagd")
        await pilot.press("n")  # the charter: n.v.t.
        await pilot.press("down", "5", "0")  # set and clear again
        await pilot.press("escape")
        await pilot.pause()
    on_disk = read_answers(round_path("2026-najaar"), bank)
    assert on_disk.scores["iroj.grabbelbox"] == 3 and on_disk.na == {"iroj.charter-opgenomen"}
    assert "iroj.bewakers-aangeduid" not in on_disk.scores
    assert on_disk.checklist["iroj.grabbelbox"].due == date(2027, 3, 31)
    assert on_disk.checklist["iroj.grabbelbox"].owner == "secretariaat [b]werkgroep[/b]"


async def test_an_invalid_date_stays_in_the_field_with_its_message(private_home, bank):
    app = new_app("2026-najaar")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_checklist(pilot, app)
        await pilot.press("1", "enter", "tab")
        assert app.focused.id == "due"
        await pilot.press(*"31/02/2027")
        await pilot.pause()
        due = screen.query_one("#due", Input)
        assert due.value == "31/02/2027"
        assert "31/02/2027 bestaat niet als datum" in _text(screen, "#due-error")
        await pilot.press("enter")  # on to the evidence: the text stays, nothing is saved
        await pilot.pause(0.6)
        assert due.value == "31/02/2027"
        assert app.session.answers.checklist.get("iroj.referentiekader") is None
        await pilot.press("shift+tab")  # back to the date: its text is selected, typing replaces it
        await pilot.press(*"28/02/2027")
        await pilot.pause(0.6)
        assert _text(screen, "#due-error") == ""
        assert app.session.answers.checklist["iroj.referentiekader"].due == date(2027, 2, 28)


async def test_previous_round_is_shown_beside_the_current_one(private_home, bank):
    spring, autumn = make_workgroup_rounds(bank)
    save_rounds([spring, autumn])
    app = new_app("2026-najaar")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_checklist(pilot, app)
        halfyear = _text(screen, "#halfyear")
        assert "Vorige ronde 2026-voorjaar: 12/03/2026" in halfyear
        assert "Het half jaar is om" in halfyear  # since 12/09/2026
        table = screen.query_one("#measures")
        first = [str(c) for c in table.get_row_at(0)]
        assert first[1:4] == ["■■□□□", "■■■■□", "+2"]
        grabbelbox = [str(c) for c in table.get_row_at(1)]
        assert grabbelbox[4:] == ["30/09/2026", "voorbij"]
        assert "vorige: 2 · in voorbereiding (+2)" in _text(screen, "#measure-status")
        await pilot.press("down")
        assert "De streefdatum (30/09/2026) is voorbij" in _text(screen, "#measure-status")
        # the ACO: nothing of its own yet; 'o' takes over the spring round's owner and date
        await pilot.press("down", "down", "down", "down", "down")
        assert screen.query_one("#owner", Input).placeholder.startswith("vorige ronde: afgevaardigde")
        await pilot.press("o")
        await pilot.pause(0.6)
        entry = app.session.answers.checklist["iroj.aco"]
        assert entry.owner == "afgevaardigde van het IROJ in het ACO" and entry.due == date(2026, 12, 31)
        assert screen.query_one("#owner", Input).value == entry.owner
        await pilot.press("w")  # no 'weet ik niet' for the workgroup's own measures
        assert app.session.answers.scores["iroj.aco"] == 2
        # the whole screen fits 80×24: the last field is above the footer
        next_row = screen.query_one("#next", Input)
        assert next_row.region.bottom <= 23 and next_row.region.height == 1


async def test_second_mode_is_the_organisation_implementation_with_dont_know(private_home, bank):
    app = new_app("2026-najaar")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_checklist(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        assert screen.theme_id == "implementatie"
        assert "Organisatie: implementatie" in _text(screen, "#modes")
        assert screen.query_one("#measures").row_count == 9
        await pilot.press("w", "down", "4")
        await pilot.press("tab", "tab", "tab", "tab")
        assert app.focused.id == "next"
        await pilot.press(*"Vormingsdag plannen")
        await pilot.pause(0.6)
        answers = app.session.answers
        assert answers.dont_know == {"implementatie.bekend"}
        assert answers.scores["implementatie.aftoetsen"] == 4
        assert answers.action_for("implementatie", "meso").text == "Vormingsdag plannen"


async def test_export_from_the_screen_asks_before_replacing(private_home, bank, tmp_path):
    save_rounds(make_workgroup_rounds(bank))
    app = new_app("2026-najaar")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_checklist(pilot, app)
        for attempt in range(3):
            await pilot.press("e")
            await pilot.pause()
            dialog = app.screen
            assert dialog.query_one("#folder", Input).value == str(tmp_path / "documenten")
            dialog.query_one("#folder", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            if attempt == 0:
                assert dialog is not app.screen  # written at once, the dialog closed
            elif attempt == 1:
                assert dialog is app.screen  # the file exists: asked first
                assert "bestaat al" in str(dialog.query_one("#replace", Static).render())
                await pilot.press("escape")
                await pilot.pause()
            else:
                assert dialog is app.screen
                await pilot.press("enter")  # 'Vervangen'
                await pilot.pause()
                assert dialog is not app.screen
    written = tmp_path / "documenten" / "opvolging-iroj-2026-najaar.html"
    assert written.exists() and "Grabbelbox" in written.read_text("utf-8")


async def test_start_menu_and_palette_open_the_checklist(private_home):
    from reflectie.app import ReflectieCommands
    from reflectie.screens.checklist import ChecklistScreen
    from reflectie.screens.start import CHOICES

    app = new_app("2026-najaar")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = [key for key, _title, _help in CHOICES]
        await pilot.press(*["down"] * keys.index("opvolging"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen) and app.screen.theme_id == "iroj"
        names = [name for name, _ in ReflectieCommands(app.screen)._commands()]
        assert "Werkgroep: IROJ-opvolging (checklist)" in names
        assert any(name.startswith("Organisatie: implementatie") for name in names)
    # opening the screen wrote nothing: an empty round stays off the disk
    assert not round_path("2026-najaar").exists()


async def test_a_read_only_round_refuses_changes_and_says_so(private_home, bank):
    from reflectie.fileio import try_lock

    save_rounds(make_workgroup_rounds(bank))
    lock = try_lock(round_path("2026-najaar"))  # another window has the round
    try:
        app = new_app("2026-najaar")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open_checklist(pilot, app)
            assert "alleen lezen" in _text(screen, "#modes")
            assert screen.query_one("#owner", Input).disabled
            await pilot.press("5")
            await pilot.pause()
            assert app.session.answers.scores["iroj.referentiekader"] == 4
    finally:
        lock.release()
    assert read_answers(round_path("2026-najaar"), bank).scores["iroj.referentiekader"] == 4


def test_the_demo_rounds_round_trip_with_their_follow_up(bank, tmp_path):
    """Owner, date and evidence come back as they were written."""
    spring, _ = make_workgroup_rounds(bank)
    path = tmp_path / "r.toml"
    atomic_write(path, dumps(spring))
    assert read_answers(path, bank).checklist == spring.checklist
