"""The static checks the README promises (ruff, mypy, import-linter) run with the suite, so CI enforces them.

Each tool comes from the same environment as the tests (the `test` extra installs them) and reads its
configuration from pyproject.toml; a finding fails the test and shows the tool's own output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> None:
    exe = BIN / tool
    if not exe.exists() and (BIN / f"{tool}.exe").exists():  # Windows venvs
        exe = BIN / f"{tool}.exe"
    assert exe.exists(), f"{tool} ontbreekt naast {sys.executable}; installeer met pip install -e '.[test]'"
    result = subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (
        f"{tool} {' '.join(args)} gaf exitcode {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )


def test_import_layers_hold():
    _run("lint-imports", "--no-cache")


def test_ruff_is_clean():
    _run("ruff", "check", "--no-cache", "reflectie", "tests", "benchmarks", "packaging")


def test_mypy_is_clean():
    _run("mypy", "reflectie")
