"""The benchmark script runs (on small sizes); it prints ratios and asserts no timings."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT


def test_benchmark_runs_small(tmp_path):
    env = dict(os.environ, REFLECTIE_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--klein"],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    for part in ("start-up", "piekgeheugen", "rapport (HTML + CSV)", "bewaren", "intervisiescherm"):
        assert part in result.stdout
    assert "x (doel" in result.stdout
