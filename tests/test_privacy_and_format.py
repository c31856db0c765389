"""Privacy on every kind of write, and version-1 and -2 files that every later version must read."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reflectie import paths
from reflectie.answersfile import dumps, parse_answers, read_answers
from reflectie.bank import load_bank
from reflectie.cli import app
from reflectie.compare import compare
from reflectie.demo import ORGS, make_demo_answers, write_demo
from reflectie.loading import Collection
from reflectie.model import Action, Participant, TextAnswer
from reflectie.profile import Profile, save_profile
from reflectie.report.group import render_csv, render_html, render_markdown, write_reports
from reflectie.report.own import export_round
from reflectie.store import new_answers, save_answers, write_shared

from .groupdata import person, shared_text

V1 = Path(__file__).parent / "data" / "v1"
BANK = load_bank()


def _private(path: Path) -> None:
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def _private_dir(path: Path) -> None:
    assert stat.S_IMODE(path.stat().st_mode) == 0o700, path


def test_every_kind_of_write_is_private(private_home, bank, tmp_path):
    profile = Profile(Participant("prv001", "Sara", "Org", "Team", ""), welcomed=True)
    _private(save_profile(profile))
    answers = new_answers(profile.participant, "2026-najaar")
    answers.scores["rol.positie.micro"] = 3
    _private(save_answers(answers))
    _private(export_round(answers, bank, tmp_path / "exp", "html"))
    _private(export_round(answers, bank, tmp_path / "exp", "md"))
    for path in write_demo(bank, paths.demo_dir(), 6):
        _private(path)
        _private_dir(path.parent)
    comparison = compare(Collection([person(f"p{i}") for i in range(3)], [], 3), bank)
    for path in write_reports(comparison, tmp_path / "rap", ("md", "html", "csv", "xlsx")):
        _private(path)
    for folder in (paths.data_dir(), paths.answers_dir(), paths.demo_dir()):
        _private_dir(folder)
    result = CliRunner().invoke(app, ["demo", "--aantal", "2"])
    assert result.exit_code == 0
    _private_dir(paths.demo_dir())


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                min_size=1, max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=texts,
    entries=st.lists(st.tuples(st.sampled_from([i.id for i in BANK.items.values() if i.scale is None]),
                               texts, st.booleans(), st.booleans()), max_size=8),
    actions=st.lists(st.tuples(texts, st.booleans()), max_size=4),
)
def test_shared_copy_never_holds_name_or_unshared_text(tmp_path_factory, name, entries, actions):
    answers = new_answers(Participant("hyp001", name, "Org", "Team", ""), "2026-najaar")
    private_words = []
    for item_id, text, share, discuss in entries:
        answers.texts[item_id] = TextAnswer("GEHEIM-" + text if not share else "OPEN-" + text, share, discuss)
    for text, share in actions:
        answers.actions.append(Action("rol", "micro", ("OPEN-" if share else "GEHEIM-") + text, None, share))
    private_words = ([t.text for t in answers.texts.values() if not t.share]
                     + [a.text for a in answers.actions if not a.share])
    folder = tmp_path_factory.mktemp("deel")
    path = write_shared(answers, folder)
    raw = path.read_text("utf-8")
    shared = read_answers(path, BANK)
    import tomllib

    assert "naam" not in tomllib.loads(raw)["deelnemer"] and shared.participant.name == ""
    assert all(not t.text or t.share for t in shared.texts.values())
    assert all(a.share for a in shared.actions)
    kept = [t.text for t in shared.texts.values()] + [a.text for a in shared.actions]
    assert not any(w in kept for w in private_words)
    assert not any(k.startswith("GEHEIM-") for k in kept)


def test_small_group_leaks_through_no_side_channel(bank, tmp_path):
    marker = "ZELDZAAM-WOORD"
    small = [person("k1", team="Klein", scores={"rol.positie.micro": 1, "participatie.ladder.micro": 6}),
             person("k2", team="Klein", scores={"rol.positie.micro": 1, "participatie.ladder.micro": 6})]
    small[0].texts["rol.micro.1"] = shared_text(marker, discuss=True)
    small[0].actions.append(Action("rol", "micro", marker, date(2027, 1, 1), True))
    big = [person(f"g{i}", team="Groot", scores={"rol.positie.micro": 3, "participatie.ladder.micro": 3})
           for i in range(3)]
    other = [person(f"o{i}", team="Groot", org="Org 2", scores={"rol.positie.micro": 5}) for i in range(3)]
    for grouping in ("team", "organisatie", "ronde"):
        comparison = compare(Collection(small + big + other, [], 8), bank, grouping, 3)
        assert not any(g.name.startswith("Klein") for g in comparison.groups)
        # the two are left out of every figure, also per organisation and per round
        assert comparison.people_shown == 6
        assert all(g.stats["rol.positie.micro"].min >= 3 for g in comparison.groups)
        outputs = [render_markdown(comparison), render_html(comparison), render_csv(comparison).decode("utf-8-sig")]
        for out in outputs:
            assert marker not in out and "Klein" not in out and "k1" not in out
            assert "8 deelnemers" not in out and "2 deelnemers" not in out
        assert all(item.id != "rol.micro.1" for _n, item in comparison.flagged_questions())
        written = write_reports(comparison, tmp_path / grouping, ("md", "html", "csv", "xlsx"))
        assert all("klein" not in p.name.lower() for p in written)


def test_demo_data_has_no_names(bank):
    for answers, _folder in make_demo_answers(bank, 40):
        assert answers.participant.name == ""
        assert all(len(t.text) < 200 for t in answers.texts.values())
    assert all("demo" in org.name.lower() for org in ORGS)


V1_SCORED_ITEMS = 73  # positionings, indicators and checklist items of bank version 1


def test_version_1_corpus_loads(bank):
    files = sorted(V1.glob("*.toml"))
    assert len(files) >= 6
    loaded = {p.name: read_answers(p, bank) for p in files}
    example = loaded["ontwerp-voorbeeld.toml"]
    assert example.participant.name == "Sara" and example.scores["participatie.ladder.micro.clientbeeld"] == 3
    assert example.na == {"vraaggestuurd.kader-bepaalt-doelen"} and example.actions[0].due == date(2027, 1, 31)
    assert loaded["minimaal.toml"].scores == {} and loaded["minimaal.toml"].participant.id == "min001"
    extra = loaded["nvt-bovenaan-en-extra.toml"]
    assert extra.na == {"vraaggestuurd.kader-bepaalt-doelen"} and extra.unknown_ids == ["later.toegevoegd.item"]
    assert extra.texts["rol.micro.1"].text == 'Meerdere\nregels, en een "aanhaling".'
    assert extra.actions[0].happened == "ja"
    shared = loaded["gedeeld.toml"]
    assert shared.participant.name == "" and all(t.share or not t.text for t in shared.texts.values())
    full = loaded["volledig.toml"]
    # every scored item of question bank version 1 but one; those ids stay readable, some as retired
    assert len(full.scores) == V1_SCORED_ITEMS - 1 and not full.unknown_ids
    assert any(bank.item(i).retired for i in full.scores)
    # what this version writes for them reads back the same
    for name, answers in loaded.items():
        again = read_answers_bytes(dumps(answers), bank)
        assert again.scores == answers.scores and again.texts == answers.texts, name


def read_answers_bytes(data: bytes, bank):
    return parse_answers(data, "x.toml", bank)
