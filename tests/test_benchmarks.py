"""The benchmark script runs (on small sizes) and writes its JSON; it asserts no timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT, require_tool


def test_benchmark_runs_small_and_writes_json(tmp_path):
    require_tool("tmux")
    env = dict(os.environ, REFLECTIE_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--klein", "--uit", str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=900, check=False)
    assert result.returncode == 0, result.stderr
    for part in ("Lezen", "Opstart", "Rapport (HTML + CSV)", "Intervisiescherm", "Schermwissels", "bewaren"):
        assert part in result.stdout
    written = list(tmp_path.glob("*-klein.json"))
    assert len(written) == 1
    data = json.loads(written[0].read_text(encoding="utf-8"))
    assert data["klein"] is True
    for part in ("machine", "lezen", "opstart", "rapport", "intervisie", "schermen", "bewaren"):
        assert part in data and "fout" not in data[part], part
    assert data["machine"]["cores"] >= 1 and data["machine"]["load_average_start"] is not None
    assert [row["files"] for row in data["rapport"]] == [20, 40]
    for row in data["rapport"]:  # every figure has its baseline beside it
        assert set(row["median_s"]) >= {"tomllib-lus, 1 proces", "reflectie, 1 proces"}
    assert data["opstart"]["help_loads_textual"] is False
