"""The HTML reports on paper and for everyone: printed to A4 by Chromium (nothing cut, every team's
figures in the text), and checked with axe-core (WCAG 2.1 AA) in headless Chromium via Playwright."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from reflectie.compare import compare
from reflectie.demo import write_demo
from reflectie.dutch import round_half_up
from reflectie.loading import collect
from reflectie.report.group import ReportOptions, render_html, render_sheet

from .conftest import require_tool
from .reportdata import make_teams_folder

ARTEFACTS = Path(__file__).parent / "artefacts"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
A4_WIDTH_PT = 595.3
OPTIONS = ReportOptions(made_on=date(2026, 11, 30), folder_label="demo")


def _print(html: str, tmp_path: Path, name: str) -> Path:
    chromium = require_tool("chromium")
    source = tmp_path / f"{name}.html"
    source.write_text(html, "utf-8")
    pdf = tmp_path / f"{name}.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", source.as_uri()], check=True, capture_output=True, timeout=120)
    assert pdf.exists() and pdf.stat().st_size > 1000
    return pdf


def _words(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, xMin, xMax, word) of every word, from pdftotext's bounding boxes."""
    out = subprocess.run([require_tool("pdftotext"), "-bbox", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    words = []
    page = 0
    for line in out.splitlines():
        if line.strip().startswith("<page "):
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if match:
            words.append((page, float(match.group(1)), float(match.group(2)), match.group(3)))
    return words


def _save_pages(pdf: Path, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    for old in ARTEFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run([require_tool("pdftoppm"), "-png", "-r", "50", "-l", "12", str(pdf), str(ARTEFACTS / name)],
                   check=True, capture_output=True)


def test_eight_team_report_prints_on_a4_with_every_team_and_nothing_cut(bank, tmp_path):
    write_demo(bank, tmp_path / "demo", 60)
    comparison = compare(collect([tmp_path / "demo"], bank), bank, "team")
    assert len(comparison.groups) == 8
    pdf = _print(render_html(comparison, OPTIONS), tmp_path, "team8")
    _save_pages(pdf, "print-team8")
    words = _words(pdf)
    # nothing runs off the right edge of the page (the margin is 12 mm = 34 pt; Chromium clips what runs past it)
    overflow = [w for w in words if w[2] > A4_WIDTH_PT - 30]
    assert not overflow, overflow[:5]
    text = subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    flat = re.sub(r"\s+", " ", text)
    first_page = re.sub(r"\s+", " ", text.split("\f")[0])
    assert "Gemaakt op 30 november 2026" in first_page and "Map: demo" in first_page
    assert "8 getoonde groepen" in first_page and "geen rangschikking" in first_page
    for group in comparison.groups:
        team = group.name.split(" (")[0]
        assert flat.count(team) >= 5, team  # profile, heatmap, starters, item tables
        # the group's theme scores, in order, on its row of the profile table
        numbers = [str(group.size)] + [f"{round_half_up(v, 0):.0f}" if v is not None else "–" for v in
                                       (group.profile[t.id] for t in bank.profile_themes())]
        assert re.search(r"\s+".join(numbers), text), (group.name, numbers)
        # and its figures of the first item in the distribution tables
        stats = group.stats["rol.positie.micro"]
        if not stats.suppressed:
            mean = f"{stats.mean:.2f}".replace(".", ",")
            assert mean in flat
    # no page is empty and the first page is the story, not a lone title
    pages = text.split("\f")
    assert all(p.strip() for p in pages[:-1])
    assert "Vermaatschappelijkingsprofiel" in pages[0]


def test_group_sheet_fits_two_a4_pages(bank, tmp_path):
    write_demo(bank, tmp_path / "demo", 60)
    comparison = compare(collect([tmp_path / "demo"], bank), bank, "team")
    pdf = _print(render_sheet(comparison, "Team Noord", "html", OPTIONS), tmp_path, "sheet")
    _save_pages(pdf, "print-sheet")
    info = subprocess.run([require_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 <= pages <= 2
    assert not [w for w in _words(pdf) if w[2] > A4_WIDTH_PT - 30]


def test_twenty_teams_stay_within_the_page(bank, tmp_path):
    make_teams_folder(bank, tmp_path / "twintig", 20)
    comparison = compare(collect([tmp_path / "twintig"], bank), bank, "team")
    assert len(comparison.groups) == 20
    pdf = _print(render_html(comparison, OPTIONS), tmp_path, "team20")
    _save_pages(pdf, "print-team20")
    words = _words(pdf)
    assert not [w for w in words if w[2] > A4_WIDTH_PT - 30]
    text = " ".join(w[3] for w in words)
    for group in comparison.groups:
        assert group.name.split(" (")[0] in text


def _axe(html_path: Path) -> list[dict]:
    chromium = require_tool("chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            # the reports forbid scripts (CSP); the checker is injected past that, never the report itself
            page = browser.new_context(bypass_csp=True).new_page()
            page.goto(html_path.as_uri())
            page.add_script_tag(content=AXE.read_text("utf-8"))
            result = page.evaluate(
                "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})")
        finally:
            browser.close()
    return [{"id": v["id"], "help": v["help"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
            for v in result["violations"]]


def test_axe_finds_no_accessibility_violations_in_a_group_report(bank, tmp_path):
    write_demo(bank, tmp_path / "demo", 60)
    collection = collect([tmp_path / "demo"], bank)
    for grouping in ("team", "ronde"):
        path = tmp_path / f"{grouping}.html"
        path.write_text(render_html(compare(collection, bank, grouping), OPTIONS), "utf-8")
        assert _axe(path) == []
    sheet = tmp_path / "blad.html"
    sheet.write_text(render_sheet(compare(collection, bank, "team"), "Team Noord", "html", OPTIONS), "utf-8")
    assert _axe(sheet) == []


def test_axe_finds_no_accessibility_violations_in_an_own_export(bank, tmp_path):
    from reflectie.model import Action, Participant, TextAnswer
    from reflectie.report.own import export_round
    from reflectie.store import new_answers

    answers = new_answers(Participant("own001", "Sara", "CAW Oost", "Team Noord", ""), "2026-najaar")
    for item in bank.items.values():
        if item.scale is not None and not item.scale.nominal and item.theme != "iroj":
            answers.scores[item.id] = item.scale.min + 1
    answers.texts["rol.micro.1"] = TextAnswer("Een gedeelde gedachte.", share=True, discuss=True)
    answers.actions.append(Action("rol", "micro", "Netwerkkaart maken."))
    path = export_round(answers, bank, tmp_path, "html")
    assert _axe(path) == []


def test_the_checker_itself_catches_what_it_should(tmp_path):
    bad = tmp_path / "slecht.html"
    bad.write_text('<html><body><table><tr><td>a</td></tr></table><p style="color:#aaa;background:#fff">grijs</p>'
                   '<svg role="img"><rect width="5" height="5"/></svg></body></html>', "utf-8")
    found = {v["id"] for v in _axe(bad)}
    assert {"color-contrast", "svg-img-alt", "html-has-lang", "document-title"} <= found
