from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
STRICT = os.environ.get("REFLECTIE_STRICT") == "1"

# Property tests run the same examples on every run, so a CI run never fails on a draw no one can
# repeat. To search further (new random examples on every run), run them with
# HYPOTHESIS_PROFILE=verken, a few times; a failure prints the example to turn into a fixed test.
settings.register_profile("vast", derandomize=True, database=None)
settings.register_profile("verken", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "vast"))


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Every test gets its own data dir; nothing touches a real home."""
    home = tmp_path / "home"
    monkeypatch.setenv("REFLECTIE_HOME", str(home))
    monkeypatch.setenv("REFLECTIE_EXPORTMAP", str(tmp_path / "documenten"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.chdir(tmp_path)
    from reflectie import bank

    bank._CACHE.clear()
    yield home
    bank._CACHE.clear()


@pytest.fixture(autouse=True)
def buttons_take_every_press(monkeypatch):
    """A Textual button ignores a press for 0.2 s after the last one (its press effect); a test
    that presses twice then passes or fails by the speed of the machine. Tests press without it."""
    from textual.widgets import Button

    monkeypatch.setattr(Button, "_start_active_affect", lambda self: None)


@pytest.fixture
def bank():
    from reflectie.bank import load_bank

    return load_bank()


def require_tool(name: str) -> str:
    """The path of an external tool; skip without it, but fail in CI (REFLECTIE_STRICT=1)."""
    path = shutil.which(name)
    if path is None:
        if STRICT:
            pytest.fail(f"{name} is niet geïnstalleerd, maar CI vereist het")
        pytest.skip(f"{name} is niet geïnstalleerd")
    return path
