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
