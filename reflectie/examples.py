"""The example reports in the repository's exports/ folder, made from the fictional demo data."""

from __future__ import annotations

import tempfile
from pathlib import Path

from reflectie.bank import load_bank
from reflectie.compare import compare
from reflectie.loading import collect
from reflectie.demo import write_demo
from reflectie.report.group import write_reports

EXAMPLES = (("team", ("html", "md", "csv")), ("organisatie", ("html", "md", "csv")))


def make_examples(target: Path, count: int = 60, seed: int = 2026) -> list[Path]:
    bank = load_bank()
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        write_demo(bank, folder, count, seed)
        collection = collect([folder], bank)
        for grouping, formats in EXAMPLES:
            written += write_reports(compare(collection, bank, grouping), target, formats)
    return written
