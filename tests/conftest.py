from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
STRICT = os.environ.get("REFLECTIE_STRICT") == "1"


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
