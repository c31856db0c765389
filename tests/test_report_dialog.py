"""Small leftovers: the report dialog asks before replacing report files, offers PDF only when it
can be made (and says why not in Dutch), and names the folder the answers came from like the
command line; `reflectie opvolging` asks in Dutch ([j/N]); Markdown escapes '&'; a radar point of
an unanswered theme does not exist (no point at the centre)."""

from __future__ import annotations

import io

import pytest
from textual.widgets import Input, Static
from typer.testing import CliRunner

from reflectie import cli as cli_module
from reflectie.charts import radar_points
from reflectie.cli import _ask_yes_no
from reflectie.cli import app as cli
from reflectie.compare import compare
from reflectie.loading import Collection
from reflectie.report import group as report_group
from reflectie.report.group import PDF_EXTRA, report_paths
from reflectie.screens.confirm import ConfirmDialog
from reflectie.screens.export import ReportDialog
from reflectie.textout import md_escape
from reflectie.widgets.items import Tick

from .apphelpers import new_app
from .groupdata import person

SIZE = (80, 24)


def comparison_of(bank):
    people = [person(f"p{i}", scores={"rol.positie.micro": 1 + i % 3}) for i in range(4)]
    return compare(Collection(answers=people, problems=[], files_seen=4), bank, "team", 3)


async def test_report_dialog_asks_before_replacing_and_names_the_source_folder(
    private_home, bank, tmp_path
):
    comparison = comparison_of(bank)
    out = tmp_path / "rapporten"
    out.mkdir()
    html, csv = report_paths(comparison, out, ("html", "csv"))
    html.write_text("oud", "utf-8")
    csv.write_text("oud", "utf-8")
    source = tmp_path / "Gedeelde map Team Noord"
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReportDialog(comparison, [source]))
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#folder", Input).value = str(out)
        await pilot.click("#go")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert f"{html.name} en {csv.name} bestaan al in {out}" in question
        await pilot.press("escape")  # no: both old files stay
        await pilot.pause()
        assert app.screen is dialog
        assert html.read_text("utf-8") == "oud" and csv.read_text("utf-8") == "oud"
        await pilot.click("#go")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert app.screen is not dialog
    text = html.read_text("utf-8")
    assert "Map: Gedeelde map Team Noord." in text and str(tmp_path) not in text
    assert csv.read_text("utf-8") != "oud"


async def test_report_dialog_writes_without_asking_when_nothing_exists(
    private_home, bank, tmp_path
):
    comparison = comparison_of(bank)
    out = tmp_path / "nieuw"
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReportDialog(comparison))
        await pilot.pause()
        app.screen.query_one("#fmt-md", Tick).value = True
        app.screen.query_one("#folder", Input).value = str(out)
        await pilot.click("#go")
        await pilot.pause()
        assert not isinstance(app.screen, (ConfirmDialog, ReportDialog))
    written = sorted(p.suffix for p in out.iterdir())
    assert written == [".csv", ".html", ".md"]
    assert "Map:" not in (out / report_paths(comparison, out, ("md",))[0].name).read_text("utf-8")


async def test_without_weasyprint_pdf_is_off_with_the_dutch_reason(
    private_home, bank, monkeypatch
):
    monkeypatch.setattr(report_group, "pdf_installed", lambda: False)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReportDialog(comparison_of(bank)))
        await pilot.pause()
        pdf = app.screen.query_one("#fmt-pdf", Tick)
        assert pdf.disabled and not pdf.value
        note = app.screen.query_one("#pdf-note", Static)
        assert note.display and str(note.render()) == PDF_EXTRA
        assert "reflectie[pdf]" in PDF_EXTRA and "browser" in PDF_EXTRA


async def test_weasyprint_without_its_library_turns_pdf_off_with_the_reason(
    private_home, bank, monkeypatch
):
    monkeypatch.setattr(report_group, "pdf_installed", lambda: True)
    monkeypatch.setattr(report_group, "pdf_problem", lambda: PDF_EXTRA)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReportDialog(comparison_of(bank)))
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#fmt-pdf", Tick).disabled
        assert str(app.screen.query_one("#pdf-note", Static).render()) == PDF_EXTRA


async def test_pdf_is_offered_and_made_when_weasyprint_works(private_home, bank, tmp_path):
    if report_group.pdf_problem() is not None:
        pytest.skip("WeasyPrint werkt hier niet (pango ontbreekt)")
    comparison = comparison_of(bank)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReportDialog(comparison))
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        pdf = app.screen.query_one("#fmt-pdf", Tick)
        assert not pdf.disabled and not app.screen.query_one("#pdf-note").display
        pdf.value = True
        app.screen.query_one("#folder", Input).value = str(tmp_path / "pdf")
        await pilot.click("#go")
        await pilot.pause(2)
    made = report_paths(comparison, tmp_path / "pdf", ("pdf",))[0]
    assert made.read_bytes().startswith(b"%PDF")


# --- reflectie opvolging: a Dutch yes/no ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("j\n", True), ("ja\n", True), ("JA\n", True), ("n\n", False), ("nee\n", False),
     ("\n", False), ("", False), ("y\nj\n", True), ("misschien\nnee\n", False)],
)
def test_yes_no_is_dutch(typed, expected, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert _ask_yes_no("rapport.html bestaat al. Vervangen?") is expected
    out = capsys.readouterr().out
    assert "rapport.html bestaat al. Vervangen? [j/N]" in out and "[y/N]" not in out
    if typed.startswith(("y", "misschien")):
        assert "Antwoord met j (ja) of n (nee)." in out


def test_opvolging_asks_in_dutch_before_replacing(private_home, bank, tmp_path, monkeypatch):
    from reflectie.demo import make_workgroup_rounds

    from .test_checklist import save_rounds

    save_rounds(make_workgroup_rounds(bank))
    out = tmp_path / "uit"
    runner = CliRunner()
    first = runner.invoke(cli, ["opvolging", "--uit", str(out), "--formaat", "md"])
    assert first.exit_code == 0, first.output
    target = out / "opvolging-iroj-2026-najaar.md"
    target.write_text("oud", "utf-8")
    monkeypatch.setattr(cli_module, "_interactive", lambda: True)
    kept = runner.invoke(cli, ["opvolging", "--uit", str(out), "--formaat", "md"], input="nee\n")
    assert "Vervangen? [j/N]" in kept.output and "[y/N]" not in kept.output
    assert kept.exit_code == 1 and target.read_text("utf-8") == "oud"
    assert "het bestaande rapport blijft staan" in " ".join(kept.output.split())
    replaced = runner.invoke(cli, ["opvolging", "--uit", str(out), "--formaat", "md"], input="ja\n")
    assert replaced.exit_code == 0, replaced.output
    assert target.read_text("utf-8") != "oud"


# --- Markdown and the web -------------------------------------------------------------------------


def test_md_escape_escapes_the_ampersand():
    from markdown_it import MarkdownIt

    escaped = md_escape("Edelenbos & Monnikhof &amp; &#42;")
    assert escaped == "Edelenbos \\& Monnikhof \\&amp; \\&\\#42;"
    html = MarkdownIt().render(escaped)  # an entity typed by someone stays as typed
    assert "Edelenbos &amp; Monnikhof &amp;amp; &amp;#42;" in html


def test_a_missing_value_has_no_radar_point():
    points = radar_points([100.0, None, 0.0, 150.0], 10, 10, 5)
    assert points[1] is None
    assert points[0] == pytest.approx((10, 5))  # up, at the full radius
    assert points[2] == pytest.approx((10, 10))  # a real 0 is the centre
    assert points[3] == pytest.approx((5, 10))  # held within 0–100
