"""The core never imports Textual, so the CLI, the tests and the reports can use it directly."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

CORE = ["model", "bank", "store", "compare", "report", "paths", "profile", "demo", "textout"]


def test_core_does_not_import_textual():
    existing = [m for m in CORE if (ROOT / "reflectie" / f"{m}.py").exists() or (ROOT / "reflectie" / m).is_dir()]
    code = ";".join(f"import reflectie.{m}" for m in existing) + (
        ";import sys;print(sorted(m for m in sys.modules if m.split('.')[0]=='textual'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
