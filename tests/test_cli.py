"""The command line as a user types it."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from reflectie.answersfile import read_answers
from reflectie.cli import app

runner = CliRunner()


def test_vragen_participatie_micro_shows_ladder_and_six_questions():
    result = runner.invoke(app, ["vragen", "--thema", "participatie", "--niveau", "micro"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    for name in ["Informeren en signaleren", "Consulteren of raadplegen", "Adviseren", "Co-produceren",
                 "Mee-beslissen", "Zelfbeheer"]:
        assert name in out
    for number in range(1, 7):
        assert f"{number:>2}. " in out
    assert " 7. " not in out
    assert "Hoe definieer je samenwerken met de cliënt en zijn netwerk, in termen van participatie?" in out
    assert "MESO" not in out


def test_vragen_unknown_theme_suggests():
    result = runner.invoke(app, ["vragen", "--thema", "participatei"])
    assert result.exit_code == 2
    assert "Bedoel je 'participatie'?" in result.output


def test_paden_shows_home(private_home):
    result = runner.invoke(app, ["paden"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert str(private_home) in result.output
    assert not private_home.exists()  # looking does not create anything


def test_demo_writes_files_without_names(private_home, bank):
    result = runner.invoke(app, ["demo", "--aantal", "25", "--uit", "demo"])
    assert result.exit_code == 0, result.output
    files = sorted(p for p in __import__("pathlib").Path("demo").rglob("*.toml"))
    assert len(files) == 25
    loaded = [read_answers(p, bank) for p in files]
    assert {a.round.id for a in loaded} == {"2026-voorjaar", "2026-najaar"}
    assert len({a.participant.organisation for a in loaded}) >= 3
    assert len({(a.participant.organisation, a.participant.team) for a in loaded}) >= 6
    assert all(a.participant.name == "" for a in loaded)
    assert any(a.texts for a in loaded) and any(a.actions for a in loaded)
    assert all("naam" not in p.read_text("utf-8") for p in files)


def test_help_is_fast_and_does_not_import_textual():
    code = ("import sys; sys.argv=['reflectie','--help']\nfrom reflectie.cli import main\n"
            "try:\n    main()\nexcept SystemExit: pass\nprint('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("False")


def test_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "reflectie", "--versie"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("reflectie ")
