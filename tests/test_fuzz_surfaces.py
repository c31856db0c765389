"""Hostile strings on every surface: one list, used as team, organisation, name, texts, actions,
round labels, file names, question-file titles, short names, items and scale levels, and inside
broken files whose reasons get shown. Every surface must treat them as data: the command line (in
process and as a real process, byte by byte), every report format, the private export and the
shared copy, and the screens under Textual's pilot (no crash, no markup read, no raw escape).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import tomli_w
from typer.testing import CliRunner

from reflectie.answersfile import dumps
from reflectie.cli import app as cli
from reflectie.model import Action, Answers, Participant, RoundInfo, TextAnswer

HOSTILE = [
    "Team [/] Kapot",
    "[reverse]x[bold",
    "[link=file:///etc/passwd]x[/link]",
    "\x1b]0;titel\x07",
    "\x1b[2J",
    "\x1b]52;c;aGFjaw==\x07",
    "\x9b2J",
    "\u202egnaL",
    "a\x0bb",
    "nul\x00byte",
    '=HYPERLINK("http://x","klik")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "<script>alert(1)</script>",
    "| kolom | *vet* _schuin_",
    "lang " * 1000,
    "Jeugd/Welzijn",
]
ALL = " ".join(h for h in HOSTILE if not h.startswith("lang"))
# raw control bytes in UTF-8 output: C0 except \t \n \r, DEL, C1 (as UTF-8), bidi embeddings/overrides/isolates
BAD_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
WHEN = datetime(2026, 10, 1, 10, tzinfo=UTC)


def file_part(text: str) -> str:
    """As much of a hostile string as a file name can hold."""
    return text.replace("/", "∕").replace("\x00", "")[:60] or "x"


def answers(pid: str, org: str, team: str, round_id: str, text: str, action: str, when: datetime = WHEN) -> Answers:
    a = Answers(Participant(pid, text[:200], org, team, text[:50]),
                RoundInfo(round_id, when, when + timedelta(hours=1), 1),
                scores={"rol.positie.micro": 1 + len(pid) % 5, "rol.positie.meso": 2, "eigen.pos": 1 + len(pid) % 2,
                        "eigen.ind": 2},
                installation="i" + pid)
    a.texts["rol.micro.1"] = TextAnswer(text, share=True, discuss=True)
    a.texts["eigen.micro.1"] = TextAnswer(text + " eigen", share=True, discuss=True)
    a.actions.append(Action("rol", "micro", action, share=True, due=None))
    a.actions.append(Action("eigen", "micro", action + " eigen", share=True))
    return a


def question_file() -> dict:
    return {
        "thema": {"id": "eigen", "titel": '=HYPERLINK("http://x","klik") [/] \x1b]52;c;aGFjaw==\x07',
                  "kort": "Jeugd/Welzijn", "bron": "\x1b[2J bron [bold", "inleiding": ALL, "actie_micro": ALL},
        "schaal": [{"id": "eigen-schaal", "naam": "[/]", "niveaus": [
            {"waarde": 1, "naam": "[reverse]x[bold", "uitleg": ALL}, {"waarde": 2, "naam": "\x9b2J twee [/]"}]}],
        "positionering": [{"id": "eigen.pos", "niveau": "micro", "vraag": "[/] " + ALL, "schaal": "eigen-schaal"}],
        "indicator": [{"id": "eigen.ind", "niveau": "micro", "stelling": "=1+1 " + ALL, "schaal": "eigen-schaal",
                       "bron": "[/] \x1b[2J"}],
        "vraag": [{"id": "eigen.micro.1", "niveau": "micro", "tekst": "\x1b]0;vraag\x07 [/] vraag"}],
    }


@pytest.fixture
def world(private_home, tmp_path):
    """A home with a hostile profile, question file and two own rounds, and a shared folder with
    hostile teams, organisations, texts, file names and broken files."""
    home = private_home
    (home / "vragen").mkdir(parents=True)
    (home / "vragen" / "eigen.toml").write_text(tomli_w.dumps(question_file()), "utf-8")
    (home / "vragen" / "\x1b]0;kapot\x07[b] [reverse].toml").write_text("x = [", "utf-8")
    (home / "antwoorden").mkdir()
    for index, round_id in enumerate(("2026-voorjaar", "2026-najaar")):
        me = answers("mijnid", HOSTILE[0], HOSTILE[1], round_id, ALL, ALL, WHEN - timedelta(days=200 * (1 - index)))
        me.scores.update({"eigen.pos": 1 + index, "rol.positie.micro": 2 + index})  # something moved
        (home / "antwoorden" / f"{round_id}.toml").write_bytes(dumps(me))
    profile = {"deelnemer": {"id": "mijnid", "naam": ALL, "organisatie": HOSTILE[0], "team": HOSTILE[1],
                             "sector": HOSTILE[3]},
               "installatie": "mijninst",
               "instellingen": {"welkom_gezien": True, "laatste_ronde": "2026-najaar",
                                "gedeelde_map": str(tmp_path / "deel")}}
    (home / "profiel.toml").write_text(tomli_w.dumps(profile), "utf-8")
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    teams = [h for h in HOSTILE if "\x00" not in h]
    for t, team in enumerate(teams):
        org = teams[(t + 3) % len(teams)][:80]
        for n in range(3):
            pid = f"p{t}x{n}"
            for round_id, when in (("2026-voorjaar", WHEN - timedelta(days=200)), ("2026-najaar", WHEN)):
                a = answers(pid, org, team, round_id, teams[(t + n) % len(teams)] + " " + ALL,
                            teams[(t + n + 1) % len(teams)], when)
                (shared / f"{file_part(team)}-{pid}-{round_id}.toml").write_bytes(dumps(a, shared=True))
    (shared / "\x1b[2J[reverse]kapot[bold.toml").write_text('format = "\x1b]0;x\x07[/]"\n', "utf-8")
    (shared / "\x9b2J [bold].toml").write_text(
        'format = "reflectie-antwoorden"\nversion = 2\n[deelnemer]\nid = "[/]"\n', "utf-8")
    (shared / "ronde [b]x.toml").write_bytes(dumps(answers("q1", "O", "T", "2026-najaar", "x", "y")).replace(
        b'id = "2026-najaar"', b'id = "\\u001b[2J[/]"'))
    (shared / "kapot [link=x].toml").write_text("a = [\n", "utf-8")
    (shared / ("lang" * 50 + ".toml")).write_text('format = "[/]' + "x" * 300 + '"\n', "utf-8")
    return {"home": home, "shared": shared, "out": tmp_path / "uit", "root": tmp_path}


# --- the command line --------------------------------------------------------------------------


def _commands(world) -> list[list[str]]:
    shared, out = str(world["shared"]), str(world["out"])
    return [
        ["vragen"], ["vragen", "--thema", "eigen"], ["vragen", "--thema", "\x1b[2J[/]"], ["paden"],
        ["rapport", shared, "--uit", out], ["rapport", shared, "--per", "organisatie", "--uit", out],
        ["rapport", shared, "--per", "ronde", "--uit", out], ["rapport", shared + "/\x1b[2J[/]"],
        ["deel", "--uit", str(world["root"] / "deel")], ["export", "--uit", out],
        ["export", "--formaat", "md", "--uit", out], ["begrippen"],
    ]


def test_command_line_in_process(world):
    runner = CliRunner()
    for args in _commands(world):
        result = runner.invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        assert result.exit_code in (0, 1, 2, 3), (args, result.output)
        if args[0] == "rapport" and len(args) > 2:
            assert result.exit_code == 3 and "Weggelaten" in result.output, (args, result.output)
        assert not BAD_TEXT.search(result.output), (args, BAD_TEXT.findall(result.output))
    names = sorted(p.name for p in world["out"].iterdir())
    assert names == sorted(["rapport-team-2026-najaar.csv", "rapport-team-2026-najaar.html",
                            "rapport-team-2026-najaar.md", "rapport-team-2026-najaar.xlsx",
                            "rapport-organisatie-2026-najaar.csv",
                            "rapport-organisatie-2026-najaar.html", "rapport-organisatie-2026-najaar.md",
                            "rapport-organisatie-2026-najaar.xlsx", "rapport-ronde.csv", "rapport-ronde.html",
                            "rapport-ronde.md", "rapport-ronde.xlsx", "reflectie-2026-najaar.html",
                            "reflectie-2026-najaar.md"])
    check_report_files(world["out"])
    shared_copy = next((world["root"] / "deel").glob("*.toml"))
    assert not BAD_BYTES.search(shared_copy.read_bytes().replace(b"\\u", b""))
    from reflectie.answersfile import read_answers

    copy = read_answers(shared_copy)
    assert not any(BAD_TEXT.search(t.text) for t in copy.texts.values())
    assert not BAD_TEXT.search(copy.participant.team + copy.participant.organisation)


def test_command_line_as_a_real_process(world):
    """The bytes a terminal would get: no escape, no C1, no bidi override, no traceback."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TERM", "COLUMNS", "TTY_COMPATIBLE")}
    env["COLUMNS"] = "160"
    commands = _commands(world)
    for args in [commands[0], commands[2], commands[4], commands[7], commands[8], commands[-1]]:
        done = subprocess.run([sys.executable, "-m", "reflectie", *args], capture_output=True, env=env, timeout=120,
                              check=False)
        out = done.stdout + done.stderr
        assert done.returncode in (0, 1, 2, 3), (args, out[-2000:])
        assert b"Traceback" not in out, (args, out[-2000:])
        assert not BAD_BYTES.search(out), (args, BAD_BYTES.findall(out))


def check_report_files(folder: Path) -> None:
    from openpyxl import load_workbook

    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            workbook = load_workbook(path)
            if path.name.startswith("rapport-team"):  # the question file's title, as text
                values = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row]
                assert any(isinstance(v, str) and v.startswith("=HYPERLINK") for v in values)
            for sheet in workbook:
                assert 1 <= len(sheet.title) <= 31 and not re.search(r"[\[\]:*?/\\]", sheet.title), sheet.title
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate, cell.value)
                        if isinstance(cell.value, str):
                            assert not BAD_TEXT.search(cell.value), (path.name, cell.coordinate)
                            assert cell.data_type == "s", (path.name, cell.coordinate)  # '=…' stays text
            continue
        text = data.decode("utf-8-sig")
        assert not BAD_TEXT.search(text.replace("\r\n", "\n")), (path.name, BAD_TEXT.findall(text)[:5])
        if path.suffix == ".csv":
            for row in csv.reader(io.StringIO(text), delimiter=";"):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell[:40])
        if path.suffix == ".html":
            assert "<script>" not in text and "&lt;script&gt;" in text, path.name
            assert "[link=file:///etc/passwd]" in text or "[link=file:&#x2F;&#x2F;" in text or "link=file" in text
        if path.suffix == ".md":
            assert "<script>" not in text, path.name
            if path.name.startswith("rapport-team"):
                assert r"\| kolom \| \*vet\* \_schuin\_" in text, path.name  # a team name in a table cell


# --- the screens -------------------------------------------------------------------------------

SIZE = (120, 40)


def screen_clean(app, where: str) -> None:
    shot = app.export_screenshot()
    found = BAD_TEXT.findall(shot)
    assert not found, (where, found[:5])


async def _settle(pilot, screen, attribute: str = "comparison", tries: int = 200):
    for _ in range(tries):
        await pilot.pause(0.05)
        if getattr(screen, attribute, None) is not None:
            return
    raise AssertionError("the folder did not load")


@pytest.mark.parametrize("grouping", ["team", "organisatie", "ronde"])
async def test_intervisie_werkgroep_and_bespreekmodus(world, grouping):
    from textual.widgets import TabbedContent

    from reflectie.app import make_app
    from reflectie.screens.bespreek import DiscussScreen
    from reflectie.screens.intervisie import IntervisieScreen
    from reflectie.session import Session

    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = IntervisieScreen(grouping, folder=world["shared"])
        app.push_screen(screen)
        await _settle(pilot, screen)
        assert screen.comparison.groups
        screen_clean(app, f"{grouping}: overzicht")
        tabs = screen.query_one("#tabs", TabbedContent)
        for tab in ("tab-starters", "tab-items", "tab-texts"):
            tabs.active = tab
            await pilot.pause()
            screen_clean(app, f"{grouping}: {tab}")
        await pilot.press("b")
        await pilot.pause()
        discuss = app.screen
        assert isinstance(discuss, DiscussScreen)
        for index in range(len(discuss.items)):
            discuss.index = index
            discuss.show()
            await pilot.pause()
            if index < 3 or discuss.item.theme == "eigen":
                screen_clean(app, f"{grouping}: bespreek {discuss.item.id}")


async def test_questionnaire_summary_and_my_rounds(world):
    from reflectie.app import make_app
    from reflectie.screens.history import HistoryScreen
    from reflectie.screens.questionnaire import QuestionnaireScreen
    from reflectie.session import Session

    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen_clean(app, "start")
        assert app.ensure_round()
        for theme, level in (("eigen", "micro"), ("rol", "micro")):
            app.push_screen(QuestionnaireScreen(theme, level))
            await pilot.pause()
            screen_clean(app, f"vragenlijst {theme}")
            app.pop_screen()
        app.open_summary()
        await pilot.pause()
        screen_clean(app, "samenvatting")
        app.pop_screen()
        app.open_history()
        await pilot.pause(0.2)
        assert isinstance(app.screen, HistoryScreen)
        screen_clean(app, "mijn rondes")
        app.open_profile()
        await pilot.pause()
        screen_clean(app, "profiel")


def test_a_very_long_name_fits_an_excel_cell(tmp_path, bank):
    from openpyxl import load_workbook

    from reflectie.compare import compare
    from reflectie.loading import Collection
    from reflectie.report.group import XLSX_MAX_CELL, write_reports

    name = "=" + "Team " * 10_000  # 50,000 characters
    people = [answers(f"p{i}", "Org", name, "2026-najaar", "x", "y") for i in range(3)]
    comparison = compare(Collection(people, [], 3), bank, "team")
    path = write_reports(comparison, tmp_path / "uit", ("xlsx",))[0]
    cells = [c.value for sheet in load_workbook(path) for row in sheet.iter_rows() for c in row]
    longest = max((v for v in cells if isinstance(v, str)), key=len)
    assert len(longest) == XLSX_MAX_CELL and longest.startswith("=Team") and longest.endswith("…")
