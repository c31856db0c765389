"""The memory of earlier releases: two reports of a changing folder cannot be subtracted."""

from __future__ import annotations

import stat

from typer.testing import CliRunner

from reflectie import paths
from reflectie.answersfile import dumps
from reflectie.cli import app
from reflectie.ledger import LEDGER_NAME, ReleaseLedger

from .groupdata import person

ITEM = "transparantie.vooraf-aftoetsen"


def _write(folder, pid, value, team="Noord", org="CAW"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{pid}.toml").write_bytes(dumps(person(pid, team, org, scores={ITEM: value}), shared=True))


def _report(folder, out, *extra):
    return CliRunner().invoke(app, ["rapport", str(folder), "-f", "csv", "--uit", str(out), *extra],
                              env={"COLUMNS": "300"})


def _rows(out):
    text = next(out.glob("*.csv")).read_text("utf-8-sig")
    return [line for line in text.splitlines() if ITEM in line]


def test_a_late_file_does_not_reveal_its_answer(tmp_path, private_home):
    team = tmp_path / "team"
    for pid, value in (("p1", 4), ("p2", 4), ("p3", 3)):
        _write(team, pid, value)
    first = _report(team, tmp_path / "a")
    assert first.exit_code == 0, first.output
    _write(team, "p4", 1)  # one colleague is late
    second = _report(team, tmp_path / "b")
    assert second.exit_code == 1
    assert "Niet getoond: Noord (CAW)" in second.output and "1 persoon of antwoord" in second.output
    assert not (tmp_path / "b").exists() or not _rows(tmp_path / "b")
    for pid in ("p5", "p6"):  # three more than the first report: a sum over three people
        _write(team, pid, 5)
    third = _report(team, tmp_path / "c")
    assert third.exit_code == 0, third.output
    assert len(_rows(tmp_path / "c")) == 1


def test_three_overlapping_reports_cannot_isolate_one_person(tmp_path, private_home):
    """A∪{x}, then A∪B∪{x}, then B∪{x}: each pair differs by three or more people, yet the first plus
    the third minus the second is x alone. The third report is withheld."""
    for pid, value in (("a1", 4), ("a2", 4), ("a3", 3)):
        _write(tmp_path / "A", pid, value)
    for pid, value in (("b1", 5), ("b2", 2), ("b3", 3)):
        _write(tmp_path / "B", pid, value)
    _write(tmp_path / "X", "x", 1)

    def report(name, *folders):
        return CliRunner().invoke(app, ["rapport", *(str(tmp_path / f) for f in folders), "-f", "csv",
                                        "--uit", str(tmp_path / name)], env={"COLUMNS": "300"})

    assert report("r1", "A", "X").exit_code == 0
    assert report("r2", "A", "B", "X").exit_code == 0  # three new people: a sum over three
    third = report("r3", "B", "X")
    assert third.exit_code == 1, third.output
    assert "Niet getoond: Noord (CAW)" in third.output and "1 persoon of antwoord" in third.output
    assert not (tmp_path / "r3").exists() or not _rows(tmp_path / "r3")


def test_every_region_of_the_releases_must_hold_k_people():
    ledger = ReleaseLedger(path=None)  # type: ignore[arg-type]  # only the arithmetic, never written
    a, b, x = frozenset({"a1", "a2", "a3"}), frozenset({"b1", "b2", "b3"}), frozenset({"x"})
    ledger.released["t"] = [a | x, a | b | x]
    assert ledger.difference("t", b | x) == 1  # x alone: first + third − second
    assert ledger.difference("t", a | b | x) is None  # the same release again
    assert ledger.difference("t", a | b | x | frozenset({"c1", "c2", "c3"})) == 3
    assert ledger.difference("u", a) is None  # never released before
    ledger.released["v"] = [a]
    assert ledger.difference("v", (a - {"a1"}) | {"a4"}) == 1  # one person swapped for another


def test_an_item_few_of_the_new_people_answered_stays_out_of_the_later_report(tmp_path, private_home):
    other = "transparantie.info-beroepsgeheim"
    team = tmp_path / "team"
    team.mkdir()

    def write(pid, scores):
        (team / f"{pid}.toml").write_bytes(dumps(person(pid, "Noord", "CAW", scores=scores), shared=True))

    for pid in ("p1", "p2", "p3"):
        write(pid, {ITEM: 4, other: 3})
    assert _report(team, tmp_path / "a").exit_code == 0
    assert "4,00" in _rows(tmp_path / "a")[0]
    write("p4", {ITEM: 1, other: 3})  # three new people, one of whom answered ITEM
    write("p5", {other: 3})
    write("p6", {other: 3})
    second = _report(team, tmp_path / "b")
    assert second.exit_code == 0, second.output
    rows = _rows(tmp_path / "b")  # the item is left out (4 × 3,25 − 3 × 4,00 would be p4's answer)
    assert not rows or ("3,25" not in rows[0] and "4,00" not in rows[0]), rows
    text = next((tmp_path / "b").glob("*.csv")).read_text("utf-8-sig")
    assert any(other in line and ";6;" in line for line in text.splitlines()), text


def test_a_changed_answer_counts_as_a_change(tmp_path, private_home):
    team = tmp_path / "team"
    for pid, value in (("p1", 4), ("p2", 4), ("p3", 3)):
        _write(team, pid, value)
    assert _report(team, tmp_path / "a").exit_code == 0
    _write(team, "p3", 1)  # the same people, one answer changed
    assert _report(team, tmp_path / "b").exit_code == 1
    again = _report(team, tmp_path / "c", "--vergeet-eerdere")  # the first was never handed out
    assert again.exit_code == 0 and "vergeten" in again.output
    assert "3,00" in _rows(tmp_path / "c")[0]


def test_the_same_state_can_be_reported_again_and_other_teams_are_unaffected(tmp_path, private_home):
    team = tmp_path / "team"
    for pid in ("p1", "p2", "p3"):
        _write(team, pid, 4)
    for pid in ("z1", "z2", "z3"):
        _write(team, pid, 2, team="Zuid")
    assert _report(team, tmp_path / "a").exit_code == 0
    assert _report(team, tmp_path / "b", "--per", "organisatie").exit_code == 0
    _write(team, "z4", 1, team="Zuid")
    result = _report(team, tmp_path / "c")
    assert result.exit_code == 0 and "Niet getoond: Zuid (CAW)" in result.output
    assert [r.split(";")[1] for r in _rows(tmp_path / "c")] == ["Noord (CAW)"]


def test_the_memory_is_private_and_holds_no_pseudonyms(tmp_path, private_home):
    team = tmp_path / "team"
    for pid in ("secret1", "secret2", "secret3"):
        _write(team, pid, 4)
    assert _report(team, tmp_path / "a").exit_code == 0
    path = paths.data_dir() / LEDGER_NAME
    raw = path.read_text("utf-8")
    assert "secret" not in raw and "Noord" not in raw and "CAW" not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(ReleaseLedger.load().released) >= 1


def test_fictional_demo_data_is_not_remembered(private_home):
    from reflectie.bank import load_bank
    from reflectie.demo import write_demo

    write_demo(load_bank(), paths.demo_dir(), 12)
    result = CliRunner().invoke(app, ["rapport", str(paths.demo_dir()), "-f", "md"])
    assert result.exit_code in (0, 1), result.output
    assert not (paths.data_dir() / LEDGER_NAME).exists()


async def test_the_intervisie_screen_remembers_what_it_showed(tmp_path, private_home):
    from textual.widgets import Static

    from reflectie.screens.intervisie import IntervisieScreen

    from .apphelpers import new_app

    team = tmp_path / "team"
    for pid in ("p1", "p2", "p3"):
        _write(team, pid, 4)
    app = new_app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = IntervisieScreen("team", team)
        await app.push_screen(screen)
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.comparison is not None:
                break
        assert [g.name for g in screen.comparison.groups] == ["Noord (CAW)"]
        for _ in range(40):
            await pilot.pause(0.05)
            if (paths.data_dir() / LEDGER_NAME).exists():
                break
        _write(team, "p4", 1)
        screen.comparison = None
        screen.action_load()
        for _ in range(100):
            await pilot.pause(0.05)
            info = str(screen.query_one("#compare-info", Static).render())
            if "opnieuw getoond" in info:
                break
        assert screen.comparison is None and "Druk v" in info


def test_a_fingerprint_of_a_long_text_is_its_plain_sha256():
    """The digest is fed in pieces (so hashlib keeps the interpreter lock); it must stay the very
    digest earlier ledgers hold, also for texts longer than a piece and with non-ASCII."""
    import hashlib

    from reflectie.ledger import _digest

    for text in ("", "kort", "é" * 1000, "x" * 1999 + "ë" * 3001, "ab" * 5000):
        assert _digest(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
