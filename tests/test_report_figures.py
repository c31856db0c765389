"""Figures in the reports agree with each other: a change is the difference of the shown figures,
in every format, and the "≈" mark follows the rule its legend states."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from reflectie import paths
from reflectie.compare import Change, compare, theme_step
from reflectie.loading import collect
from reflectie.report.group import SMALL_CHANGE_NOTE, _fmt_change, render_markdown, render_xlsx


@pytest.fixture
def demo(bank):
    from reflectie.demo import write_demo

    folder = paths.demo_dir()
    write_demo(bank, folder, 60)
    return collect([folder], bank)


def test_a_change_is_the_difference_of_the_rounded_figures():
    change = Change(36.6, 43.4, 25 / 4, places=0)  # shown as 37 → 43
    assert change.delta == 6 and _fmt_change(change) == "+6 ≈"
    assert _fmt_change(Change(66.4, 65.6, 25 / 10, places=0)) == "+0 ≈"  # 66 → 66
    assert Change(3.254, 3.105, 0.1).delta == pytest.approx(-0.14)  # 3,25 → 3,11: −0,14 (not −0,15)


def test_over_time_changes_in_markdown_add_up(bank, demo):
    text = render_markdown(compare(demo, bank, "team"))
    cells = re.findall(r"(\d+) → (\d+) \(([+−])(\d+)( ≈)?\)", text)
    assert len(cells) > 20
    for before, after, sign, delta, _small in cells:
        assert (-1 if sign == "−" else 1) * int(delta) == int(after) - int(before), (before, after, sign, delta)


def test_the_verloop_sheet_agrees_with_its_figures_and_the_legend(bank, demo):
    from openpyxl import load_workbook

    comparison = compare(demo, bank, "team")
    book = load_workbook(io.BytesIO(render_xlsx(comparison)))
    rows = list(book["Verloop"].iter_rows(values_only=True))
    header, rows = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    previous: dict[tuple[str, str], tuple[float, int]] = {}
    checked = 0
    for row in rows:
        key = (row[col["team"]], row[col["thema_id"]])
        profile, size = row[col["profiel"]], row[col["deelnemers"]]
        if key in previous and row[col["verandering"]] is not None:
            before, before_size = previous[key]
            change = row[col["verandering"]]
            assert change == profile - before, row
            # the legend: smaller than one step on every item of the theme by one person
            threshold = theme_step(bank, key[1]) / min(size, before_size)
            assert (row[col["kleiner_dan_een_persoon_een_stap"]] == "ja") == (abs(change) < threshold - 1e-9)
            checked += 1
        previous[key] = (profile, size)
    assert checked > 20


def test_the_legend_gives_the_thresholds_that_are_computed(bank):
    from reflectie.dutch import nl_number

    assert "gedeeld door het aantal deelnemers" in SMALL_CHANGE_NOTE
    for size in (4, 5, 10):
        threshold = theme_step(bank, "rol") / size
        assert f"bij {size} deelnemers {nl_number(threshold, 2).removesuffix(',00').removesuffix('0')}" \
            in SMALL_CHANGE_NOTE


def test_rapport_help_names_every_format_the_option_takes():
    from typer.testing import CliRunner

    from reflectie.cli import RapportFormaat, app

    result = CliRunner().invoke(app, ["rapport", "--help"], env={"COLUMNS": "300"})
    line = next(line for line in result.output.splitlines() if "--formaat" in line)
    for fmt in RapportFormaat:
        assert re.search(rf"\b{fmt.value}\b", line), (fmt.value, line)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    usage = next(line for line in readme.splitlines() if line.startswith("| `reflectie rapport MAP"))
    assert all(fmt.value in usage for fmt in RapportFormaat)


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    import csv

    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_client_rows_count_client_answers_in_their_own_column(bank, demo):
    from reflectie.clientcompare import collect_clients, three_views
    from reflectie.demo import write_demo_clients
    from reflectie.report.group import render_csv

    write_demo_clients(paths.demo_dir())
    comparison = compare(demo, bank, "team")
    comparison.three_views = three_views(comparison, collect_clients([paths.demo_dir()]))
    rows = _csv_rows(render_csv(comparison))
    sizes = {g.name: str(g.size) for g in comparison.groups}
    clients = [r for r in rows if r["soort"].startswith("cliënten")]
    workers = [r for r in rows if r["soort"] == "hulpverleners"]
    assert clients and workers
    for row in workers:
        assert row["groep_cliëntantwoorden"] == ""
    for row in clients:  # the group's workers, as on its worker rows; the client answers apart
        if row["groep"] in sizes:
            assert row["groep_deelnemers"] == sizes[row["groep"]]
    view = next(g for g in comparison.three_views.groups if g.clients is not None)
    own = [r for r in clients if r["groep"] == view.name and r["soort"] == "cliënten"]
    assert own and {r["groep_cliëntantwoorden"] for r in own} == {str(view.clients.size)}
    assert view.clients.size != view.workers.size  # else the test could not tell the columns apart


def test_a_nominal_item_has_no_min_or_max(bank, demo):
    from reflectie.report.group import render_csv

    comparison = compare(demo, bank, "team")
    rows = _csv_rows(render_csv(comparison))
    nominal = [r for r in rows if r["schaal_nominaal"] == "ja" and r["n"]]
    assert nominal
    assert all(r["min"] == "" and r["max"] == "" and r["gemiddelde"] == "" for r in nominal)
    ordinal = [r for r in rows if r["schaal_nominaal"] == "nee" and r["n"]]
    assert all(r["min"] and r["max"] for r in ordinal)


def test_the_workbook_says_texts_and_actions_are_in_md_and_html(bank, demo):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render_xlsx(compare(demo, bank, "team"))))
    lines = [row[0] for row in book["Overzicht"].iter_rows(values_only=True) if row[0]]
    assert any("teksten" in line and "acties" in line and "md- of html-rapport" in line for line in lines)


def test_per_round_counts_questionnaires_not_people(bank, demo):
    from reflectie.report.group import report_header

    comparison = compare(demo, bank, "ronde")
    people = {a.participant.id for a in demo.answers}
    assert comparison.people_shown > len(people)  # the same people in two rounds
    header = report_header(comparison)
    assert f"{comparison.people_shown} ingevulde vragenlijsten in 2 getoonde rondes" in header
    assert "deelnemers in" not in header


def test_the_readme_describes_every_csv_column(bank, demo):
    from reflectie.report.group import CLIENT_COLUMNS, data_columns

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    columns = [c for c in data_columns(compare(demo, bank, "team")) if not c.startswith("aantal_")]
    for column in columns + CLIENT_COLUMNS:
        assert f"`{column}`" in readme, column


def test_column_headers_keep_whole_words_on_a4(bank, demo, tmp_path):
    from reflectie.report.group import ReportOptions, render_html, short_names

    from .test_report_print import _print, _words

    comparison = compare(demo, bank, "team")
    assert len(comparison.groups) == 8
    pdf = _print(render_html(comparison, ReportOptions()), tmp_path, "headers")
    words = {w[3] for w in _words(pdf)}
    headers = {word for name in short_names(comparison.groups).values() for word in name.split()}
    headers |= {t.short for t in bank.profile_themes()}
    assert {"Secundair", "Contextteam", "Leefgroep", "Participatie"} <= headers
    broken = {word[:cut] for word in headers for cut in range(5, len(word))} - headers
    assert headers <= words
    assert not (broken & words), sorted(broken & words)  # e.g. 'Secund' + 'air' in a narrow column
