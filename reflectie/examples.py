"""The example reports in the repository's exports/ folder, made from the fictional demo data: the
workers' demo files and, beside them, the demo's fictional client answers (in memory: the same
answers ``reflectie demo`` seals to the demo key), so the examples show the three views."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from reflectie.bank import load_bank
from reflectie.clientcompare import ClientCollection, three_views
from reflectie.compare import compare
from reflectie.demo import make_demo_clients, write_demo
from reflectie.loading import collect
from reflectie.report.group import ReportOptions, write_reports

EXAMPLES = (
    ("team", ("html", "md", "csv"), None),
    ("organisatie", ("html", "md", "csv"), None),
    ("ronde", ("html", "md"), None),
    ("team", ("html", "md"), "Team Noord"),
)
MADE_ON = date(2026, 11, 30)  # a fixed date, so that the examples only change when the reports do


def make_examples(target: Path, count: int = 60, seed: int = 2026) -> list[Path]:
    bank = load_bank()
    written: list[Path] = []
    answers = [client for client, _folder, _name in make_demo_clients(seed)]
    clients = ClientCollection(answers, [], len(answers))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        write_demo(bank, folder, count, seed)
        collection = collect([folder], bank)
        for grouping, formats, group in EXAMPLES:
            options = ReportOptions(made_on=MADE_ON, folder_label="demo", group=group)
            comparison = compare(collection, bank, grouping)
            comparison.three_views = three_views(comparison, clients)
            written += write_reports(comparison, target, formats, options)
    return written
