"""The single-file program of packaging/build.sh (PyInstaller), used as someone without Python.

Built once per test session, on Linux, in a temporary folder, from the fresh venv that build.sh
makes (40 to 80 s on two cores). Every run of the program gets an environment without PATH,
PYTHONPATH or venv, so nothing outside the one file can help it. The GitHub workflow
(.github/workflows/build.yml) builds and checks the same program on Windows and macOS.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from .apphelpers import welcomed_profile
from .conftest import ROOT, require_tool

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="deze test bouwt het Linux-programma; de workflow bouwt dat voor Windows en macOS",
)

COMMANDS = ("vragen", "paden", "export", "deel", "demo", "rapport", "serve", "voorbeelden")


@pytest.fixture(scope="session")
def program(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("single-file")
    build = [
        "bash", str(ROOT / "packaging" / "build.sh"),
        "--dist", str(where / "dist"), "--work", str(where / "work"),
    ]
    result = subprocess.run(build, check=False, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, f"build.sh mislukte:\n{result.stdout}\n{result.stderr}"
    built = where / "dist" / "reflectie"
    assert built.is_file() and os.access(built, os.X_OK)
    assert "Klaar:" in result.stdout
    return built


def bare_env(home: Path) -> dict[str, str]:
    """No PATH, no PYTHONPATH, no venv: only what the program carries itself."""
    return {"PATH": "/nonexistent", "HOME": str(home.parent), "LANG": "C.UTF-8",
            "COLUMNS": "200", "REFLECTIE_HOME": str(home)}


def run(program: Path, *args: str, home: Path, expect: int = 0) -> subprocess.CompletedProcess:
    result = subprocess.run([str(program), *args], check=False, env=bare_env(home),
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == expect, (
        f"reflectie {' '.join(args)} → {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    return result


def test_help_and_version(program, private_home):
    from reflectie import __version__

    shown = run(program, "--help", home=private_home).stdout
    for command in COMMANDS:
        assert command in shown, command
    assert "Reflecteren over vermaatschappelijking" in shown
    assert run(program, "--versie", home=private_home).stdout.strip() == f"reflectie {__version__}"


def test_demo_and_report_equal_the_package(program, private_home, tmp_path):
    demo = tmp_path / "demo"
    shown = run(program, "demo", "--uit", str(demo), home=private_home).stdout
    assert "60 fictieve antwoordenbestanden" in shown
    files = sorted(demo.rglob("*.toml"))
    assert len(files) == 60
    for file in files:
        assert tomllib.loads(file.read_text("utf-8"))["format"] == "reflectie-antwoorden"

    frozen = tmp_path / "uit-programma"
    shown = run(program, "rapport", str(demo), "--uit", str(frozen), home=private_home).stdout
    assert "60 bestanden gelezen" in shown
    names = sorted(p.name for p in frozen.iterdir())
    assert sorted(Path(n).suffix for n in names) == [".csv", ".html", ".md", ".xlsx"]
    assert all(n.startswith("rapport-team") for n in names)
    assert all((frozen / n).stat().st_mode & 0o777 == 0o600 for n in names)  # private, as always

    # the same report from the installed package: the program bundles the same templates and data
    package = tmp_path / "uit-pakket"
    subprocess.run([sys.executable, "-m", "reflectie", "rapport", str(demo), "--uit", str(package)],
                   check=True, capture_output=True,
                   env=dict(os.environ, REFLECTIE_HOME=str(private_home)))
    assert sorted(p.name for p in package.iterdir()) == names
    for name in names:
        if not name.endswith(".xlsx"):
            assert (frozen / name).read_bytes() == (package / name).read_bytes(), name
    from openpyxl import load_workbook

    def cells(path: Path) -> list:
        book = load_workbook(path)
        return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]

    book = next(n for n in names if n.endswith(".xlsx"))
    assert cells(frozen / book) == cells(package / book)

    (demo / "kapot.toml").write_text("format = [", "utf-8")
    broken = run(program, "rapport", str(demo), "--uit", str(tmp_path / "met-fout"),
                 "--formaat", "md", home=private_home, expect=3)
    assert "Weggelaten" in broken.stderr and "kapot.toml" in broken.stderr


class Terminal:
    """The program in tmux, as a person sees it."""

    def __init__(self, program: Path, home: Path, tmp: Path):
        self.tmux = ["tmux", "-S", str(tmp / "tmux.sock")]
        self.session = "reflectie-programma"
        command = (f"env -i PATH=/nonexistent TERM=xterm-256color LANG=C.UTF-8 HOME={home.parent} "
                   f"REFLECTIE_HOME={home} TEXTUAL_ANIMATIONS=none {program}; "
                   "echo EINDE=$?; sleep 60")
        subprocess.run([*self.tmux, "new-session", "-d", "-s", self.session,
                        "-x", "110", "-y", "34", command], check=True)

    def screen(self) -> str:
        capture = [*self.tmux, "capture-pane", "-p", "-t", self.session]
        return subprocess.run(capture, check=False, capture_output=True, text=True).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.session, key], check=True)
            time.sleep(0.3)

    def wait(self, text: str, seconds: float = 30) -> str:
        end = time.monotonic() + seconds
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"'{text}' niet op het scherm:\n{screen}")

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False, capture_output=True)


@pytest.fixture
def terminal(program, private_home, tmp_path):
    require_tool("tmux")
    opened: list[Terminal] = []

    def start() -> Terminal:
        term = Terminal(program, private_home, tmp_path)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def test_app_welcome_screen(terminal):
    term = terminal()
    term.wait("Welkom bij reflectie")
    term.wait("Je profiel")
    term.keys("C-q")
    term.wait("EINDE=0")


def test_app_answers_a_question(terminal, private_home):
    welcomed_profile("2026-najaar")
    term = terminal()
    term.wait("Wat wil je doen?")
    term.keys("Enter")
    term.wait("Positie en rol van de hulpverlener")
    term.keys("Down", "Enter")  # participatie
    term.wait("Nog niet beantwoord")  # the theme opens on its first open question, the ladder
    term.keys("5")  # level 5
    answers_file = private_home / "antwoorden" / "2026-najaar.toml"
    end = time.monotonic() + 15
    while time.monotonic() < end and not answers_file.exists():
        time.sleep(0.2)
    scores = tomllib.loads(answers_file.read_text("utf-8"))["scores"]
    assert scores["participatie.ladder.micro"] == 5
    term.keys("C-q")
    term.wait("EINDE=0")


def test_app_reads_a_big_folder(program, terminal, private_home):
    """The intervisie screen of the built program reads a big folder. It reads in one process now
    (helper processes did not pay off with the fast reader); packaging/entry.py's freeze_support
    still lets a copy of the program do a helper's work for collect(workers=n)."""
    welcomed_profile("2026-najaar")
    count = 420
    run(program, "demo", "--aantal", str(count), "--uit", str(private_home / "demo"),
        home=private_home)
    term = terminal()
    term.wait("Wat wil je doen?")
    term.keys("Down", "Down", "Down", "Down", "Enter")  # Intervisie: loads the demo folder itself
    term.wait("deelnemers in 8 getoonde groepen")
    term.wait("Team Noord (CAW Demo-Oost)")  # the overview: one web per group, named
    term.keys("C-q")
    term.wait("EINDE=0")


def test_smoke_script_of_the_workflow_passes(program):
    smoke = [sys.executable, str(ROOT / "packaging" / "smoke.py"), str(program)]
    result = subprocess.run(smoke, check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("opdrachtregel", "app", "serve"):
        assert f"ok       {step} (" in result.stdout, step
