"""The memory of earlier releases: two reports of a changing folder cannot be subtracted."""

from __future__ import annotations

import stat

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reflectie import paths
from reflectie.answersfile import dumps
from reflectie.cli import app
from reflectie.ledger import LEDGER_NAME, ReleaseLedger

from .groupdata import person, write_shared

ITEM = "transparantie.vooraf-aftoetsen"


def _write(folder, pid, value, team="Noord", org="CAW"):
    write_shared(folder, pid, ITEM, value, team, org)


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
        # v, and yes: the earlier showing is forgotten (in the file too) and the team shows again
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("tab", "enter") if app.focused.id == "no" else await pilot.press("enter")
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.comparison is not None:
                break
        assert [g.name for g in screen.comparison.groups] == ["Noord (CAW)"]
        assert screen.comparison.groups[0].size == 4


def test_a_fingerprint_of_a_long_text_is_its_plain_sha256():
    """The digest is fed in pieces (so hashlib keeps the interpreter lock); it must stay the very
    digest earlier ledgers hold, also for texts longer than a piece and with non-ASCII."""
    import hashlib

    from reflectie.ledger import _digest

    for text in ("", "kort", "é" * 1000, "x" * 1999 + "ë" * 3001, "ab" * 5000):
        assert _digest(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def test_a_pooled_team_shown_on_its_own_later_cannot_be_subtracted(tmp_path, private_home):
    """The attack of a review: 'andere teams' (Team A's two and Team B's one) in the first report;
    a member of Team A adds their own file, so the second report shows Team A (the two and them).
    'andere teams' − Team A + their own answer was Team B's one person. Releases of different
    units of a round are set beside each other: the second report withholds Team A."""
    folder = tmp_path / "map"
    for pid in ("n1", "n2", "n3", "n4"):
        _write(folder, pid, 4, team="Noord", org="CAW")
    for pid in ("t1", "t2", "t3"):
        _write(folder, pid, 3, team="T", org="X")
    _write(folder, "a1", 4, team="A", org="X")
    _write(folder, "a2", 2, team="A", org="X")
    _write(folder, "b1", 1, team="B", org="X")
    first = _report(folder, tmp_path / "r1")
    assert first.exit_code == 0, first.output
    assert any("andere teams (X)" in row for row in _rows(tmp_path / "r1"))
    _write(folder, "me", 2, team="A", org="X")  # the attacker's own file
    second = _report(folder, tmp_path / "r2")
    assert "Niet getoond: A (X)" in second.output, second.output
    rows = _rows(tmp_path / "r2")
    assert not any("A (X)" in row and "andere" not in row for row in rows)
    # nothing of b1 can come back: no pool (one left) and no Team A
    assert not any("andere teams (X)" in row for row in rows)
    # the teams that did not change are shown as before
    assert any("Noord (CAW)" in row for row in rows) and any("T (X)" in row for row in rows)


def test_two_units_shown_together_cannot_cut_an_earlier_release_down_to_one():
    """An earlier pool of seven; now two teams of three from it, one person left out: each team
    alone cuts the pool into 3 and 4, but the two together leave that one person."""
    from reflectie.ledger import ReleaseLedger, scope_key

    ledger = ReleaseLedger(path=None)  # type: ignore[arg-type]  # only the arithmetic, never written
    scope = scope_key("hulpverleners", "2026-najaar")
    pool = frozenset({"a1", "a2", "a3", "b1", "b2", "b3", "x"})
    ledger.released["pool"] = [pool]
    ledger.scopes["pool"] = scope
    assert ledger.difference("A", frozenset({"a1", "a2", "a3"}), scope) == 3
    ledger.pending.append(("A", scope, frozenset({"a1", "a2", "a3"}), frozenset()))  # in the same report
    assert ledger.difference("B", frozenset({"b1", "b2", "b3"}), scope) == 1
    # without the scope (a unit remembered before scopes were kept) only its own releases count
    assert ledger.difference("B", frozenset({"b1", "b2", "b3"})) is None
    # a release that holds earlier regions whole sets nobody apart
    assert ledger.difference("O", pool | {"c1", "c2", "c3"}, scope) == 3
    assert ledger.difference("P", pool, scope) is None


def test_the_scope_of_each_release_is_remembered_in_the_file(tmp_path, private_home):
    folder = tmp_path / "map"
    for pid in ("n1", "n2", "n3"):
        _write(folder, pid, 4)
    assert _report(folder, tmp_path / "r1").exit_code == 0
    stored = ReleaseLedger.load()
    assert stored.scopes and set(stored.scopes) == set(stored.released)
    assert "bereik" in (paths.data_dir() / LEDGER_NAME).read_text("utf-8")


@st.composite
def report_sequences(draw):
    """Reports of one round over ten people: each a few disjoint units of three or more (the
    release rule), a unit's name from a small set, so people move between units over time."""
    people = [f"p{i}" for i in range(10)]
    skipped = draw(st.sets(st.sampled_from(people), max_size=4))  # they never answered the item
    reports = []
    for _ in range(draw(st.integers(2, 5))):
        pool = list(draw(st.permutations(people)))
        units = []
        for name in draw(st.lists(st.sampled_from(["A", "B", "andere teams", "C"]), min_size=1, max_size=3,
                                  unique=True)):
            size = draw(st.integers(3, 6))
            if len(pool) < size:
                break
            units.append((name, frozenset(pool[:size])))
            pool = pool[size:]
        reports.append(units)
    return reports, skipped


@settings(max_examples=300, deadline=None)
@given(spec=report_sequences())
def test_no_sequence_of_remembered_reports_isolates_fewer_than_three_people(spec):
    """Whatever the memory lets through, over any sequence of reports (the same one made again
    too): no sum or difference of the released figures of an item rests on one or two people. Some
    people never answered the item; a unit shows it only with three answers (the release rule) and
    when the memory does not leave it out. Checked exactly, by the row space (attackkit.Span)."""
    reports, skipped = spec
    from fractions import Fraction
    from types import SimpleNamespace

    from reflectie.ledger import WORKERS, scope_key, unit_key

    from .attackkit import Span, small_supports

    ledger = ReleaseLedger(path=None)  # type: ignore[arg-type]  # only the arithmetic, never written
    span = Span()
    owner = {i: f"p{i}" for i in range(10)}
    for units in reports:
        entries = [(SimpleNamespace(round_id="2026-najaar", withheld_items=frozenset()),
                    unit_key("2026-najaar", "Org", name), scope_key(WORKERS, "2026-najaar"),
                    {person: frozenset({OTHER} if person in skipped else {ITEM, OTHER}) for person in members},
                    name) for name, members in units]
        kept, _withheld = ledger._screen(entries, 3)
        for shown, _key, _scope, answered, _name in entries:
            if any(unit is shown for unit in kept) and ITEM not in shown.withheld_items:
                gave = [person for person, items in answered.items() if ITEM in items]
                if len(gave) >= 3:
                    span.add({int(person[1:]): Fraction(1) for person in gave})
        # remembered as a written report would be (without a file)
        for key, scope, members, left in ledger.pending:
            known = ledger.released.setdefault(key, [])
            lefts = ledger.left_out.setdefault(key, [])
            if members in known:
                lefts[known.index(members)] &= left
            else:
                known.append(members)
                lefts.append(left)
            ledger.scopes[key] = scope
        ledger.pending = []
    assert small_supports(span, owner) == []


OTHER = "participatie.ladder.micro"


def _write_scores(folder, pid, scores, team="Noord", org="CAW", round_id="2026-najaar", minutes=30):
    folder.mkdir(parents=True, exist_ok=True)
    answers = person(pid, team, org, round_id=round_id, scores=scores)
    if round_id != "2026-najaar":  # an earlier round: earlier dates
        from datetime import timedelta

        answers.round.started -= timedelta(days=200)
        answers.round.updated -= timedelta(days=200)
    (folder / f"{pid}-{round_id}.toml").write_bytes(dumps(answers, shared=True))


def test_an_item_left_out_stays_out_when_the_same_report_is_made_again(tmp_path, private_home):
    """Review attack: one of three newcomers answered an item, so the second report left it out;
    the same report made again (another format) showed it, and minus the first gave that answer."""
    folder = tmp_path / "map"
    for pid, value in (("a1", 2), ("a2", 3), ("a3", 3)):
        _write_scores(folder, pid, {ITEM: value, OTHER: 3})
    assert _report(folder, tmp_path / "r1").exit_code == 0
    _write_scores(folder, "d1", {ITEM: 5, OTHER: 3})
    _write_scores(folder, "d2", {OTHER: 3})
    _write_scores(folder, "d3", {OTHER: 3})
    for name in ("r2", "r3", "r4"):
        result = _report(folder, tmp_path / name)
        assert result.exit_code == 0, result.output
        assert not _rows(tmp_path / name), name  # every time, not only the first
        assert any(OTHER in line for line in next((tmp_path / name).glob("*.csv")).read_text("utf-8-sig")
                   .splitlines())


def test_the_verloop_of_a_report_keeps_the_items_it_leaves_out(tmp_path, private_home):
    """Review attack: with two rounds, the report's Verloop asked for its own round once more and
    got the item back (Rol 42 → 56 gave the newcomer's 5)."""
    folder = tmp_path / "map"
    for pid, value in (("a1", 2), ("a2", 3), ("a3", 3)):
        for round_id in ("2026-voorjaar", "2026-najaar"):
            _write_scores(folder, pid, {ITEM: value, OTHER: 3}, round_id=round_id)
    assert _report(folder, tmp_path / "r1", "-f", "md").exit_code == 0
    _write_scores(folder, "d1", {ITEM: 5, OTHER: 3})
    _write_scores(folder, "d2", {OTHER: 3})
    _write_scores(folder, "d3", {OTHER: 3})
    from reflectie.bank import load_bank
    from reflectie.compare import compare
    from reflectie.loading import collect
    from reflectie.report.group import render_markdown

    bank = load_bank()
    comparison = compare(collect([folder], bank), bank, "team", ledger=ReleaseLedger.load())
    group = comparison.groups[0]
    assert ITEM not in group.stats or group.stats[ITEM].mean is None
    from reflectie.report.group import _over_time

    view = _over_time(comparison)
    assert view is not None and view.rounds == ["2026-voorjaar", "2026-najaar"]
    latest = view.result(group.name, "2026-najaar")
    assert latest is not None and (ITEM not in latest.stats or latest.stats[ITEM].mean is None)
    theme = bank.items[ITEM].theme
    assert latest.profile.get(theme) == group.profile.get(theme)  # the Verloop shows what the report shows
    assert "Verloop" in render_markdown(comparison)


def test_forgetting_earlier_reports_forgets_only_the_round_of_this_report(tmp_path, private_home):
    """Review attack: --vergeet-eerdere on a report of the latest round forgot every round of the
    folder, so a later report of an earlier round could be subtracted from one handed out."""
    folder = tmp_path / "map"
    for pid, value in (("p1", 1), ("p2", 2), ("p3", 3)):
        for round_id in ("2026-voorjaar", "2026-najaar"):
            _write_scores(folder, pid, {ITEM: value}, round_id=round_id)
    assert _report(folder, tmp_path / "r1", "--per", "ronde").exit_code == 0  # both rounds shown
    _write_scores(folder, "p4", {ITEM: 4})  # the latest round
    forgot = _report(folder, tmp_path / "r2", "--vergeet-eerdere")
    assert forgot.exit_code == 0, forgot.output
    assert "ronde 2026-najaar worden vergeten" in " ".join(forgot.output.split())
    _write_scores(folder, "p4", {ITEM: 5}, round_id="2026-voorjaar")  # one more in the earlier round
    earlier = _report(folder, tmp_path / "r3", "--ronde", "2026-voorjaar")
    assert "Niet getoond" in earlier.output and not (tmp_path / "r3").exists()


def test_forgetting_happens_only_when_the_report_is_made(tmp_path, private_home):
    folder = tmp_path / "map"
    for pid in ("p1", "p2", "p3"):
        _write(folder, pid, 4)
    assert _report(folder, tmp_path / "r1").exit_code == 0
    blocker = tmp_path / "een-bestand"
    blocker.write_text("x", "utf-8")
    failed = _report(folder, blocker / "uit", "--vergeet-eerdere")  # the report cannot be written
    assert failed.exit_code == 1
    assert ReleaseLedger.load().released  # nothing was forgotten


def test_a_damaged_memory_stops_the_report_with_a_reason_and_is_kept(tmp_path, private_home):
    """Review attack: an unreadable memory was silently replaced by an empty one, and the next
    report could be subtracted from every earlier one."""
    folder = tmp_path / "map"
    for pid in ("p1", "p2", "p3"):
        _write(folder, pid, 4)
    assert _report(folder, tmp_path / "r1").exit_code == 0
    path = paths.data_dir() / LEDGER_NAME
    path.write_text(path.read_text("utf-8") + "\n[eenheden\n", "utf-8")
    damaged = path.read_bytes()
    _write(folder, "p4", 1)
    result = _report(folder, tmp_path / "r2")
    assert result.exit_code == 1 and not (tmp_path / "r2").exists()
    assert "geheugen van eerdere rapporten" in result.output and "Traceback" not in result.output
    assert path.read_bytes() == damaged


def test_a_line_break_in_a_file_name_cannot_print_a_line_of_its_own(tmp_path, private_home):
    folder = tmp_path / "map"
    for pid in ("p1", "p2", "p3"):
        _write(folder, pid, 4)
    (folder / "z\nKlaar: alles in orde, 0 bestanden weggelaten.toml").write_text("kapot", "utf-8")
    result = _report(folder, tmp_path / "r1")
    lines = [line for line in result.output.splitlines() if "Klaar: alles in orde" in line]
    assert lines and all(line.startswith("Weggelaten: ") for line in lines), result.output


def test_the_items_each_person_answered_are_kept_compactly_and_old_files_still_read(tmp_path):
    """Per fingerprint the answered items are bits over one list of items (a list per person made
    the file 13 MB for 5,000 people); a file written with lists still reads."""
    path = tmp_path / LEDGER_NAME
    ledger = ReleaseLedger(path)
    ledger.answered = {"fa": frozenset({"x.een", "x.twee"}), "fb": frozenset({"x.drie"}), "fc": frozenset()}
    ledger.pending.append(("unit", "scope", frozenset({"fa", "fb", "fc"}), frozenset({"x.vier"})))
    ledger.commit()
    again = ReleaseLedger.load(path)
    assert again.answered == ledger.answered
    assert again.left_out == {"unit": [frozenset({"x.vier"})]} and again.scopes == {"unit": "scope"}
    assert '"x.een"' in path.read_text("utf-8") and path.read_text("utf-8").count('"x.een"') == 1
    old = 'antwoordde = { fa = ["x.een"] }\n[eenheden]\nunit = [["fa"]]\n'
    path.write_text(old, "utf-8")
    assert ReleaseLedger.load(path).answered == {"fa": frozenset({"x.een"})}
