"""Group reports: golden Markdown and CSV, parsed HTML, XLSX numbers, the CLI over a mixed folder."""

from __future__ import annotations

import csv
import io
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reflectie.answersfile import dumps
from reflectie.cli import app
from reflectie.compare import compare
from reflectie.examples import make_examples
from reflectie.fileio import atomic_write
from reflectie.loading import Collection
from reflectie.report.group import neutralise, render_csv, render_html, render_markdown, render_xlsx

from .conftest import ROOT
from .groupdata import action, person, shared_text

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("REFLECTIE_UPDATE_GOLDEN") == "1"
HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    "</style><script>alert(2)</script>",
    "=HYPERLINK(\"http://x\",\"klik\")",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tverborgen",
    "a | b || c\nnieuwe regel",
]


def small_comparison(bank, grouping="team"):
    people = [
        person("aa0001", "Team Noord", "CAW Oost",
               scores={"rol.positie.micro": 2, "transparantie.vooraf-aftoetsen": 1, "rol.bepaling.micro": 1,
                       "participatie.ladder.micro": 4, "participatie.ladder.micro.clientbeeld": 3}),
        person("aa0002", "Team Noord", "CAW Oost",
               scores={"rol.positie.micro": 4, "transparantie.vooraf-aftoetsen": 2, "rol.bepaling.micro": 2,
                       "participatie.ladder.micro": 5, "participatie.ladder.micro.clientbeeld": 3}),
        person("aa0003", "Team Noord", "CAW Oost",
               scores={"rol.positie.micro": 5, "transparantie.vooraf-aftoetsen": 4, "rol.bepaling.micro": 2,
                       "participatie.ladder.micro": 3, "participatie.ladder.micro.clientbeeld": 3}),
        person("bb0001", "Team Zuid", "CAW Oost", scores={"rol.positie.micro": 3, "transparantie.vooraf-aftoetsen": 5}),
        person("bb0002", "Team Zuid", "CAW Oost", scores={"rol.positie.micro": 3}),
    ]
    people[0].texts["rol.micro.3"] = shared_text("We spreken het team aan | en de organisatie.", discuss=True)
    people[1].texts["rol.micro.3"] = shared_text("Soms bepaalt de setting alles.")
    people[3].texts["rol.micro.3"] = shared_text("Dit mag niet in het rapport: Team Zuid is te klein.")
    people[2].actions.append(action("Netwerkkaart maken"))
    return compare(Collection(people, [], len(people)), bank, grouping, 3)


def hostile_comparison(bank):
    people = []
    for index, text in enumerate(HOSTILE * 3):  # each hostile team name a team of three
        p = person(f"h{index:05d}", team=text, org="Org", scores={"rol.positie.micro": 3 + index % 2})
        p.texts["rol.micro.1"] = shared_text(text)
        p.actions.append(action(text))
        people.append(p)
    # everyone in one group big enough to show the texts, plus the hostile team names as own groups
    for index, text in enumerate(HOSTILE * 2):
        p = person(f"g{index:05d}", team="Groot", org="Org", scores={"rol.positie.micro": 2})
        p.texts["rol.micro.1"] = shared_text(text)
        p.actions.append(action(text))
        people.append(p)
    return compare(Collection(people, [], len(people)), bank, "team", 3)


def check_golden(name: str, content: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
        if not UPDATE:
            pytest.fail(f"golden file {name} was missing and has been written; review it and run again")
    assert content == path.read_bytes().decode("utf-8"), (
        f"{name} differs; regenerate with REFLECTIE_UPDATE_GOLDEN=1 and review the diff")


def test_markdown_golden(bank):
    from datetime import date

    from reflectie.report.group import ReportOptions

    check_golden("team.md", render_markdown(small_comparison(bank), ReportOptions(made_on=date(2026, 11, 30))))


def test_csv_golden_and_readable(bank):
    data = render_csv(small_comparison(bank))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    check_golden("team.csv", text)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    for column in ("item_id", "schaal_id", "aantal_1", "aantal_5", "niet_van_toepassing", "weet_ik_niet", "k",
                   "gemiddelde", "mediaan", "sd", "ordinale_spreiding"):
        assert column in header
    records = [dict(zip(header, r)) for r in rows[1:]]
    noord = [r for r in records if r["groep"] == "Team Noord (CAW Oost)" and r["item_id"] == "rol.positie.micro"]
    assert len(noord) == 1
    row = noord[0]
    assert (row["n"], row["gemiddelde"], row["mediaan"], row["min"], row["max"], row["sd"]) == \
        ("3", "3,67", "4,00", "2", "5", "1,53")
    assert [row[f"aantal_{v}"] for v in range(1, 6)] == ["0", "1", "0", "1", "1"]
    assert row["schaal_id"] == "rol-continuum" and row["k"] == "3" and row["ronde"] == "2026-najaar"
    nominal = next(r for r in records if r["groep"] == "Team Noord (CAW Oost)" and r["item_id"] == "rol.bepaling.micro")
    assert nominal["gemiddelde"] == "" and nominal["sd"] == "" and nominal["schaal_nominaal"] == "ja"
    assert [nominal[f"aantal_{v}"] for v in range(1, 4)] == ["1", "2", "0"]
    assert not [r for r in rows[1:] if "Zuid" in r[1]]  # a team too small is left out, not listed


def test_suppressed_group_leaks_nothing(bank):
    comparison = small_comparison(bank)
    for content in (render_markdown(comparison), render_html(comparison), render_csv(comparison).decode("utf-8-sig")):
        assert "Team Zuid is te klein" not in content and "Zuid" not in content
    for content in (render_markdown(comparison), render_html(comparison)):
        assert "1 groep weggelaten: te weinig deelnemers" in content and "3 deelnemers" in content


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def test_html_has_no_live_user_markup_and_all_svg(bank):
    html = render_html(hostile_comparison(bank))
    parser = _Collector()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "img" not in tags
    assert tags.count("a") == 0
    for _tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on")
            if name in ("href", "src", "xlink:href", "action", "formaction", "style"):
                assert "javascript:" not in (value or "")  # names in aria-labels are text, not links
    assert tags.count("style") == 1
    assert tags.count("svg") >= 1 + 1  # the spider web and at least one distribution
    assert html.count("<svg") == tags.count("svg")
    assert "&lt;script&gt;" in html


def test_markdown_tables_stay_intact(bank):
    md = render_markdown(hostile_comparison(bank))
    tables: list[list[str]] = []
    for line in md.splitlines():
        if line.startswith("|"):
            if not tables or not tables[-1]:
                tables.append([])
            tables[-1].append(line)
        elif tables and tables[-1]:
            tables.append([])
    for table in filter(None, tables):
        widths = {line.replace("\\|", "").count("|") for line in table}
        assert len(widths) == 1, table  # every row has as many cells as the header
    assert "<script>" not in md and "\\<script\\>" in md
    assert "a \\| b \\|\\| c nieuwe regel" in md


def test_spreadsheet_cells_are_neutralised(bank):
    comparison = hostile_comparison(bank)
    text = render_csv(comparison).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or re.fullmatch(r"-\d+(,\d+)?", cell), cell
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(render_xlsx(comparison)))
    texts = set()
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    assert not cell.value.startswith("'"), cell.value  # no visible apostrophes
    assert '=HYPERLINK("http://x","klik") (Org)' in texts  # kept as it was typed, but as text
    assert neutralise("=1+1") == "'=1+1" and neutralise("gewoon") == "gewoon"


def test_xlsx_numbers_are_numbers_and_tables_are_filterable(bank):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(render_xlsx(small_comparison(bank))))
    assert wb.sheetnames[0] == "Overzicht" and "Items" in wb.sheetnames and "Schalen" in wb.sheetnames
    sheet = wb["Items"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    row = next(r for r in rows if r["groep"] == "Team Noord (CAW Oost)" and r["item_id"] == "rol.positie.micro")
    assert row["n"] == 3 and row["gemiddelde"] == 3.67 and row["mediaan"] == 4 and row["min"] == 2 and row["max"] == 5
    assert row["sd"] == 1.53 and isinstance(row["gemiddelde"], float)
    assert (row["aantal_2"], row["aantal_4"], row["aantal_5"], row["niet_van_toepassing"]) == (1, 1, 1, 0)
    overview = [[c.value for c in r] for r in wb["Profiel"].iter_rows()]
    assert ["Team Noord (CAW Oost)", 3] in [r[:2] for r in overview]
    for ws in wb.worksheets:
        assert not any("Zuid" in str(c.value) for r in ws.iter_rows() for c in r)


def test_rounding_is_half_up_in_every_format(bank):
    # 3,625 and 3,375 are exact in binary: Python's round() and '%.2f' would give 3,62 and 3,38
    people = [person(f"r{i}", scores={"rol.positie.micro": v, "transparantie.vooraf-aftoetsen": w})
              for i, (v, w) in enumerate(zip([3, 3, 3, 4, 4, 4, 4, 4], [3, 3, 3, 3, 3, 4, 4, 4]))]
    comparison = compare(Collection(people, [], 8), bank, "team", 3)
    stats = comparison.groups[0].stats
    assert stats["rol.positie.micro"].mean == 3.625 and stats["transparantie.vooraf-aftoetsen"].mean == 3.375
    md, html = render_markdown(comparison), render_html(comparison)
    text = render_csv(comparison).decode("utf-8-sig")
    for content in (md, html, text):
        assert "3,63" in content and "3,38" in content
        assert "3,62" not in content and "3,37" not in content
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(render_xlsx(comparison)))["Items"]
    header = [c.value for c in sheet[1]]
    means = {r[header.index("item_id")].value: r[header.index("gemiddelde")] for r in sheet.iter_rows(min_row=2)}
    assert means["rol.positie.micro"].value == 3.63 and means["transparantie.vooraf-aftoetsen"].value == 3.38
    assert means["rol.positie.micro"].number_format == "0.00"


def test_distributions_and_marks_in_every_format(bank):
    people = [person(f"d{i}", scores={"transparantie.vooraf-aftoetsen": v}) for i, v in enumerate([1, 2, 2, 5])]
    people.append(person("d9", na={"transparantie.vooraf-aftoetsen"}))
    people.append(person("d8", dont_know={"transparantie.vooraf-aftoetsen"}))
    comparison = compare(Collection(people, [], 6), bank, "team", 3)
    md = render_markdown(comparison)
    line = next(ln for ln in md.splitlines() if ln.startswith("| Team A | 1 | 2 | 0 | 0 | 1 |"))
    assert "| 1 | 1 | 4 | 2,50 |" in line  # n.v.t. 1, weet niet 1, n 4, mean
    html = render_html(comparison)
    assert 'aria-label="Verdeling: 1 nooit: 1, 2 zelden: 2, 3 soms: 0, 4 vaak: 0, 5 altijd: 1"' in html
    assert '<th scope="col" class="num">n.v.t.</th>' in html
    record = next(r for r in csv.DictReader(io.StringIO(render_csv(comparison).decode("utf-8-sig")), delimiter=";")
                  if r["item_id"] == "transparantie.vooraf-aftoetsen")
    assert (record["aantal_1"], record["aantal_2"], record["aantal_5"]) == ("1", "2", "1")
    assert (record["niet_van_toepassing"], record["weet_ik_niet"]) == ("1", "1")


def test_report_tells_the_story_and_no_ranking(bank):
    from datetime import date

    from reflectie.report.group import ReportOptions

    comparison = small_comparison(bank)
    html = render_html(comparison, ReportOptions(made_on=date(2027, 1, 5), folder_label="intervisie <jan>"))
    head = html[: html.index('id="profiel"')]
    assert "Gemaakt op 5 januari 2027" in head and "Map: intervisie &lt;jan&gt;" in head
    assert "geen rangschikking" in head and "1 groep weggelaten" in head
    assert "Hoe een" not in head
    assert "per groep gekozen" in html  # how a starter is chosen


def test_group_sheet_against_the_rest(bank, tmp_path):
    from reflectie.report.group import render_sheet

    noord = [person(f"n{i}", "Noord", scores={"rol.positie.micro": 5}) for i in range(3)]
    zuid = [person(f"z{i}", "Zuid", scores={"rol.positie.micro": 1}) for i in range(4)]
    comparison = compare(Collection(noord + zuid, [], 7), bank, "team", 3)
    md = render_sheet(comparison, "noord", "md")
    assert md.startswith(("# Groepsblad: Noord \\(Org 1\\)", "# Groepsblad: Noord (Org 1)"))
    assert "de andere groepen samen (4 deelnemers in 1 groep)" in md
    assert "| 5,00 (n 3) | 1,00 (n 4) | +4,00 |" in md
    alone = compare(Collection(noord, [], 3), bank, "team", 3)
    assert "Er is geen andere groep groot genoeg" in render_sheet(alone, "Noord", "md")
    for folder, people in (("twee", noord + zuid),):
        (tmp_path / folder).mkdir()
        for answers in people:
            atomic_write(tmp_path / folder / f"{answers.participant.id}.toml", dumps(answers))
    out = tmp_path / "uit"
    result = CliRunner().invoke(app, ["rapport", str(tmp_path / "twee"), "--groep", "Noord", "-f", "alles",
                                      "--uit", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"rapport-team-2026-najaar-groep-noord-org-1.{e}"
                                                     for e in ("csv", "html", "md", "xlsx")]
    groups = {r["groep"] for r in csv.DictReader(io.StringIO(
        (out / "rapport-team-2026-najaar-groep-noord-org-1.csv").read_text("utf-8-sig")), delimiter=";")}
    assert groups == {"Noord (Org 1)", "de andere groepen"}
    unknown = CliRunner().invoke(app, ["rapport", str(tmp_path / "twee"), "--groep", "West", "--uit", str(out)])
    assert unknown.exit_code == 1 and "geen getoonde groep 'West'" in unknown.output
    per_round = CliRunner().invoke(app, ["rapport", str(tmp_path / "twee"), "--groep", "Noord", "--per", "ronde"])
    assert per_round.exit_code == 1


def test_pdf_without_the_extra_names_it(bank, tmp_path, monkeypatch):
    import sys

    for answers in small_comparison(bank).collection.answers:
        atomic_write(tmp_path / f"{answers.participant.id}.toml", dumps(answers))
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as when it is not installed
    result = CliRunner().invoke(app, ["rapport", str(tmp_path), "-f", "pdf", "--uit", str(tmp_path / "o")],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert "reflectie[pdf]" in result.output and "pip install" in result.output
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_pdf_with_weasyprint(bank, tmp_path):
    from .conftest import STRICT

    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        if STRICT:
            pytest.fail("WeasyPrint (reflectie[pdf]) is niet geïnstalleerd, maar CI vereist het")
        pytest.skip("WeasyPrint is niet geïnstalleerd")
    folder = tmp_path / "team"  # not tmp_path itself: the data dir (with the report memory) is in there
    folder.mkdir()
    for answers in small_comparison(bank).collection.answers:
        atomic_write(folder / f"{answers.participant.id}.toml", dumps(answers))
    out = tmp_path / "o"
    result = CliRunner().invoke(app, ["rapport", str(folder), "-f", "pdf", "--uit", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out / "rapport-team-2026-najaar.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    sheet = CliRunner().invoke(app, ["rapport", str(folder), "-f", "pdf", "--groep", "Team Noord", "--uit", str(out)])
    assert sheet.exit_code == 0, sheet.output


def test_mixed_folder_report_with_warnings(bank, tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    good = small_comparison(bank).collection.answers
    for answers in good:
        atomic_write(folder / f"{answers.participant.id}.toml", dumps(answers))
    (folder / "kapot.toml").write_text('format = "reflectie-antwoorden"\nversion = 1\n[deelnemer\n')
    (folder / "ander.toml").write_text('[tool.black]\nline-length = 88\n')
    newer = dumps(good[0]).decode().replace("version = 2", "version = 3").replace("aa0001", "zz0001")
    (folder / "nieuw.toml").write_text(newer)
    wrong = (dumps(good[1]).decode().replace('"rol.positie.micro" = 4', '"rol.positie.micro" = 9')
             .replace("aa0002", "zz0002"))
    (folder / "sub").mkdir()
    (folder / "sub" / "buiten.toml").write_text(wrong)
    out = tmp_path / "uit"
    result = CliRunner().invoke(app, ["rapport", str(folder), "--formaat", "alles", "--uit", str(out)],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 3, result.output
    output = result.output
    assert "kapot.toml" in output and "regel 3" in output
    assert "ander.toml" in output and "'format' ontbreekt" in output
    assert "nieuw.toml" in output and "nieuwere versie" in output
    assert "buiten.toml" in output and "buiten de schaal" in output
    assert "Klaar, met waarschuwingen: 4" in output
    html = (out / "rapport-team-2026-najaar.html").read_text("utf-8")
    for name in ("kapot.toml", "ander.toml", "nieuw.toml", "buiten.toml"):
        assert name not in html  # file names go to the terminal only
    assert "4 bestanden konden niet gelezen worden" in html
    assert sorted(p.suffix for p in out.iterdir()) == [".csv", ".html", ".md", ".xlsx"]


def test_rapport_clean_folder_exit_zero(bank, tmp_path):
    for answers in small_comparison(bank).collection.answers:
        atomic_write(tmp_path / f"{answers.participant.id}.toml", dumps(answers))
    result = CliRunner().invoke(app, ["rapport", str(tmp_path), "--per", "organisatie", "-f", "md",
                                      "--uit", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "rapport-organisatie-2026-najaar.md").exists()


def test_rapport_empty_folder_fails_clearly(tmp_path):
    result = CliRunner().invoke(app, ["rapport", str(tmp_path)])
    assert result.exit_code == 1 and "geen bruikbare antwoordenbestanden" in result.output


def test_example_reports_in_repository_are_current(tmp_path):
    written = make_examples(tmp_path)
    assert written
    for path in written:
        stored = ROOT / "exports" / path.name
        assert stored.exists(), f"exports/{path.name} ontbreekt: maak ze met 'reflectie voorbeelden --uit exports'"
        assert path.read_bytes() == stored.read_bytes(), (
            f"exports/{path.name} is verouderd: 'reflectie voorbeelden --uit exports'"
        )


def test_example_reports_go_to_the_export_folder_not_the_current_one(private_home, tmp_path):
    """Like every command that writes files: the export folder, never the folder one is in; the
    repository's exports/ is named with --uit."""
    result = CliRunner().invoke(app, ["voorbeelden"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "documenten").iterdir())
    assert "rapport-team-2026-najaar.html" in made
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["documenten"]  # nothing in the cwd
    result = CliRunner().invoke(app, ["voorbeelden", "--uit", "exports"])
    assert result.exit_code == 0 and sorted(p.name for p in (tmp_path / "exports").iterdir()) == made


def test_own_round_export_escapes_everything(bank, tmp_path):
    from reflectie.model import Action, Participant, TextAnswer
    from reflectie.report.own import export_round
    from reflectie.store import new_answers

    answers = new_answers(Participant("own001", HOSTILE[0], HOSTILE[2], HOSTILE[3], ""), "2026-najaar")
    answers.scores["rol.positie.micro"] = 3
    for index, text in enumerate(HOSTILE):
        answers.texts[f"rol.micro.{index + 1}"] = TextAnswer(text, share=False, discuss=True)
    answers.actions.append(Action("rol", "micro", HOSTILE[1]))
    html = export_round(answers, bank, tmp_path, "html").read_text("utf-8")
    parser = _Collector()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "img" not in tags and "a" not in tags and tags.count("style") == 1
    assert all(not name.startswith("on") for _t, attrs in parser.tags for name, _v in attrs)
    md = export_round(answers, bank, tmp_path, "md").read_text("utf-8")
    import re

    assert not re.search(r"(?<!\\)<", md)  # every '<' of user text is escaped
    for line in md.splitlines():
        if line.startswith("| "):
            assert line.replace("\\|", "").count("|") == 3


def test_own_export_shows_display_text_and_dont_know(bank, tmp_path):
    from reflectie.model import DONT_KNOW, Participant
    from reflectie.report.own import export_round
    from reflectie.store import new_answers

    answers = new_answers(Participant("own002", "", "Org", "Team", ""), "2026-najaar")
    answers.set_choice("rol.positie.meso", DONT_KNOW)
    fixed = bank.items["vraaggestuurd.micro.4"]  # the nota has "alles te durft vragen"
    answers.texts[fixed.id] = __import__("reflectie.model", fromlist=["TextAnswer"]).TextAnswer("Iets", discuss=True)
    md = export_round(answers, bank, tmp_path, "md").read_text("utf-8")
    assert "weet ik niet" in md
    from reflectie.textout import md_escape

    assert md_escape(fixed.shown_text) in md and md_escape(fixed.text) not in md


def test_the_group_sheet_lists_each_shared_action_on_its_own_line():
    sheet = next((Path(__file__).parent.parent / "exports").glob("*-groep-*.md")).read_text("utf-8")
    lines = [line for line in sheet.splitlines() if "— tegen" in line]
    assert len(lines) >= 2 and all(line.count("— tegen") == 1 and line.startswith("- ") for line in lines)
