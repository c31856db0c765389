"""The command line speaks Dutch: help for every command, and the errors of wrong use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "<bool>",
    "[default",
    "[required]",
    "Error",
    "Try '",
    "No such",
    "Did you mean",
    "Invalid value",
    "is not one of",
    "Missing",
    "Got unexpected",
    "requires an argument",
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    script = Path(sys.executable).parent / "reflectie"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "reflectie"]
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=60)


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


@pytest.mark.parametrize(
    "command",
    ["", "vragen", "begrippen", "paden", "demo", "export", "deel", "rapport", "opvolging", "serve",
     "voorbeelden"],
)
def test_help_is_dutch(command):
    result = run(*([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Gebruik: "), out[:200]
    assert "Opties" in out and "Toon deze hulp en stop." in out
    assert not english_in(out), english_in(out)
    if not command:
        assert "Opdrachten" in out and "rapport" in out and "--versie  " in out


def test_help_shows_defaults_and_required_in_dutch():
    out = run("rapport", "--help").stdout
    assert "[verplicht]" in out and "[standaard: team]" in out and "-p, --per PER" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["rapprt"], "De opdracht 'rapprt' bestaat niet. Bedoel je 'rapport'?"),
        (
            ["vragen", "--niveau", "x"],
            "Ongeldige waarde 'x' voor --niveau/-n. Geef één van 'micro', 'meso' of",
        ),
        (["rapport"], "Geef het argument MAPPEN mee."),
        (["demo", "--aantal", "abc"], "Geef een geheel getal van 1 tot 100000."),
        (["vragen", "--foo"], "De optie --foo bestaat niet."),
        (["vragen", "--thema"], "De optie --thema heeft een waarde nodig."),
        (["paden", "extra"], "Te veel argumenten: extra."),
    ],
)
def test_wrong_use_is_explained_in_dutch(args, expected):
    result = run(*args)
    assert result.returncode == 2
    err = " ".join(result.stderr.split())
    assert expected in err, err
    assert "Fout:" in err and not english_in(result.stderr), english_in(result.stderr)


def test_usage_line_and_hint_on_wrong_use():
    err = run("vragen", "--niveau", "x").stderr
    assert (
        "Gebruik: reflectie vragen [OPTIES]" in err
        and "Meer uitleg: reflectie vragen --help" in err
    )


def test_version_and_exit_codes_still_work(private_home):
    result = run("--versie")
    assert result.returncode == 0 and result.stdout.startswith("reflectie ")
    assert run("rapport", str(private_home / "bestaat-niet")).returncode == 1
