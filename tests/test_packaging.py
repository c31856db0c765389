"""The built wheel holds the question bank, stylesheets and templates, and works in a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from .conftest import ROOT


def test_wheel_installs_and_runs_in_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(dist)],
                   check=True, capture_output=True, text=True)
    wheel = next(dist.glob("reflectie-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ["reflectie/questions/participatie.toml", "reflectie/questions/schalen.toml",
                   "reflectie/screens/common.tcss", "reflectie/screens/questionnaire.tcss",
                   "reflectie/report/templates/group.html.j2", "reflectie/report/templates/own.md.j2"]:
        assert needed in names, needed
    assert not any(n.startswith("tests/") for n in names)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, capture_output=True, text=True)
    home = tmp_path / "home"
    result = subprocess.run([str(venv / "bin" / "reflectie"), "vragen", "--thema", "participatie", "--niveau", "micro"],
                            capture_output=True, text=True,
                            env={"REFLECTIE_HOME": str(home), "COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert "Zelfbeheer" in result.stdout and "Hoe definieer je samenwerken" in result.stdout
