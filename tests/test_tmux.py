"""The installed `reflectie` in a real terminal (tmux): answer by keys, find it in the file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from .apphelpers import welcomed_profile
from .conftest import require_tool


def _reflectie() -> str:
    candidate = Path(sys.executable).parent / "reflectie"
    return str(candidate) if candidate.exists() else (shutil.which("reflectie") or "reflectie")


def test_answer_in_real_terminal(private_home, tmp_path):
    require_tool("tmux")
    welcomed_profile("2026-najaar")
    session = f"reflectie-test-{int(time.time() * 1000) % 100000}"
    socket = str(tmp_path / "tmux.sock")
    env_cmd = f"REFLECTIE_HOME={private_home} TEXTUAL_ANIMATIONS=none {_reflectie()}"
    subprocess.run(["tmux", "-S", socket, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", env_cmd], check=True)
    global_tmux = ["tmux", "-S", socket]
    try:
        def capture() -> str:
            return subprocess.run([*global_tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout

        def keys(*ks: str) -> None:
            for k in ks:
                subprocess.run([*global_tmux, "send-keys", "-t", session, k], check=True)
                time.sleep(0.3)

        def wait(text: str) -> str:
            end = time.monotonic() + 20
            screen = ""
            while time.monotonic() < end:
                screen = capture()
                if text in screen:
                    return screen
                time.sleep(0.2)
            raise AssertionError(f"'{text}' niet op het scherm:\n{screen}")

        wait("Wat wil je doen?")
        keys("Enter")
        wait("Positie en rol van de hulpverlener")
        keys("Down", "Enter")  # participatie
        wait("Waar sta je?")
        keys("Tab", "Tab", "Down", "Down", "Down", "Down", "Enter")  # the ladder: level 5
        answers_file = private_home / "antwoorden" / "2026-najaar.toml"
        end = time.monotonic() + 10
        while time.monotonic() < end and not answers_file.exists():
            time.sleep(0.2)
        data = tomllib.loads(answers_file.read_text("utf-8"))
        assert data["scores"]["participatie.ladder.micro"] == 5
        assert "bewaard om" in capture()
        keys("C-q")
    finally:
        subprocess.run([*global_tmux, "kill-server"], capture_output=True)
