"""The installed `reflectie` in a real terminal of 80×24 (tmux): a whole first reflection.

Welcome and profile, a micro theme answered by number keys, a reflection written, an action with
a date, quit; then a restart whose "Verder met" lands on the same place. What was done is checked
in the files the app wrote, and what is shown in the captured screen.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from reflectie.labels import default_round_label

from .conftest import require_tool


def _reflectie() -> str:
    candidate = Path(sys.executable).parent / "reflectie"
    return str(candidate) if candidate.exists() else (shutil.which("reflectie") or "reflectie")


class Terminal:
    def __init__(self, socket: str, name: str):
        self.tmux = ["tmux", "-S", socket]
        self.name = name

    def start(self, command: str) -> None:
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", command],
            check=True,
        )

    def capture(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def keys(self, *keys: str, pause: float = 0.35) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True)
            time.sleep(pause)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)
        time.sleep(0.5)

    def wait(self, text: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.capture()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"'{text}' niet op het scherm:\n{screen}")

    def stop(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def _wait_for(predicate, timeout: float = 10) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)


def test_first_reflection_in_80x24(private_home, tmp_path, bank):
    require_tool("tmux")
    theme = bank.themes["rol"]
    scored = [item for item in theme.items_for("micro") if item.scale is not None]
    questions = [q for q in theme.items_for("micro", "vraag") if not q.is_action_question]
    command = f"REFLECTIE_HOME={private_home} TEXTUAL_ANIMATIONS=none {_reflectie()}"
    round_id = default_round_label()
    answers_file = private_home / "antwoorden" / f"{round_id}.toml"
    term = Terminal(str(tmp_path / "tmux.sock"), f"reflectie-{int(time.time() * 1000) % 100000}")
    term.start(command)
    try:
        screen = term.wait("Welkom bij reflectie")
        assert "gewoon waar mogelijk" in screen  # the first of the three finalities
        term.type("Sara")
        term.keys("Tab")
        term.type("CAW Oost")
        term.keys("Tab")
        term.type("Team Noord")
        term.keys("Enter")
        screen = term.wait("Wat wil je doen?")
        assert "Stoppen" in screen and "Help" in screen  # the footer at 80 columns
        term.keys("Enter")  # Zelfreflectie (micro)
        term.wait(f"Ronde {round_id}")
        term.keys("Enter")  # the first theme: the ladder has focus
        term.wait("Waar sta jij als hulpverlener")
        term.wait("Nog niet beantwoord")  # scrolled to the first open question, which has focus
        term.keys("3")
        screen = term.wait("bewaard om")
        assert "◉ 3" in screen
        # the other scales (the role decision, the statements) by number keys
        for _item in scored[1:]:
            term.keys("Tab", "2")
        term.keys("Tab")  # the first awareness question
        screen = term.wait("Enter: schrijven")
        term.keys("b", "Enter")  # bespreken, and write
        term.wait("Jouw reflectie")
        term.type("Meestal gids; expert als het onveilig wordt.")
        term.keys("Tab")  # done writing: on to question 2
        term.keys(*["Tab"] * (len(questions) - 1))  # past the other questions to the action
        term.wait("Mijn actie")
        term.type("Netwerkkaart maken met elk nieuw gezin")
        term.keys("Tab")
        term.type("31/01/2027")
        term.keys("Tab", "space")  # the action is shared with the team
        screen = term.wait("☑ Actie delen")
        _wait_for(
            lambda: answers_file.exists() and "delen = true" in answers_file.read_text("utf-8")
        )
        term.keys("C-q")
        _wait_for(lambda: "Welkom" not in term.capture() and "Rol (micro)" not in term.capture(), 5)

        data = tomllib.loads(answers_file.read_text("utf-8"))
        assert data["scores"]["rol.positie.micro"] == 3
        assert all(data["scores"][item.id] == 2 for item in scored[1:])
        assert len(data["scores"]) == len(scored)
        first = data["antwoorden"][questions[0].id]
        assert (
            first["tekst"] == "Meestal gids; expert als het onveilig wordt." and first["bespreken"]
        )
        action = data["acties"][0]
        assert action["tekst"] == "Netwerkkaart maken met elk nieuw gezin" and action["delen"]
        assert str(action["tegen"]) == "2027-01-31"
        profile = tomllib.loads((private_home / "profiel.toml").read_text("utf-8"))
        assert profile["deelnemer"]["organisatie"] == "CAW Oost"
        assert profile["instellingen"]["laatste_item"] == "actie"

        term.stop()
        term = Terminal(str(tmp_path / "tmux2.sock"), "reflectie-herstart")
        term.start(command)
        screen = term.wait("Verder met Rol (micro)")
        assert "je eerstvolgende actie" in screen
        term.keys("Enter")
        screen = term.wait("Mijn actie")
        assert "Rol (micro)" in screen.splitlines()[0]  # the header names the theme
        assert "Netwerkkaart maken met elk nieuw gezin" in screen
        term.keys("C-q")
    finally:
        term.stop()
