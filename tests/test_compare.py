"""The comparison core: statistics by hand, suppression, duplicates, grouping."""

from __future__ import annotations

import math

import pytest

from reflectie.compare import TOO_FEW_ANSWERS, Collection, collect, compare, item_stats, theme_profile
from reflectie.store import atomic_write, dumps

from .groupdata import person, shared_text

ITEM = "transparantie.vooraf-aftoetsen"


def coll(*answers) -> Collection:
    return Collection(list(answers), [], [], len(answers))


def test_statistics_by_hand(bank):
    stats = item_stats(bank.item(ITEM), [1, 2, 4], na=1, min_group=3)
    assert stats.n == 3
    assert stats.mean == pytest.approx(7 / 3)
    assert stats.median == 2
    assert (stats.min, stats.max) == (1, 4)
    # sample sd: sqrt(((1-7/3)^2 + (2-7/3)^2 + (4-7/3)^2) / 2) = sqrt(7/3)
    assert stats.sd == pytest.approx(math.sqrt(7 / 3))
    assert stats.distribution == {1: 1, 2: 1, 3: 0, 4: 1, 5: 0}
    assert stats.na == 1


def test_even_median_and_two_values(bank):
    stats = item_stats(bank.item(ITEM), [2, 5], na=0, min_group=2)
    assert stats.median == 3.5 and stats.sd == pytest.approx(math.sqrt(4.5))


def test_nominal_item_has_distribution_only(bank):
    stats = item_stats(bank.item("rol.bepaling.micro"), [1, 1, 3], na=0, min_group=3)
    assert stats.mean is None and stats.sd is None and stats.median is None
    assert stats.distribution == {1: 2, 2: 0, 3: 1}


@pytest.mark.parametrize("min_group", [3, 4, 5])
def test_suppression_at_min_minus_one_and_min(bank, min_group):
    small = [person(f"s{i}", team="Klein", scores={ITEM: 2, "rol.positie.micro": 3}) for i in range(min_group - 1)]
    small[0].texts["transparantie.micro.1"] = shared_text("Een gedeelde zin van iemand in een klein team.")
    big = [person(f"b{i}", team="Groot", scores={ITEM: 4, "rol.positie.micro": 5}) for i in range(min_group)]
    result = compare(coll(*small, *big), bank, "team", min_group)
    by_name = {g.name: g for g in result.groups}
    klein, groot = by_name["Klein (Org 1)"], by_name["Groot (Org 1)"]
    assert klein.suppressed and not klein.stats and not klein.texts and not klein.profile and not klein.actions
    assert not groot.suppressed and groot.stats[ITEM].n == min_group and groot.stats[ITEM].mean == 4
    assert all(s.group != klein.name for s in result.starters)


def test_item_with_fewer_answers_than_minimum_is_hidden(bank):
    people = [person(f"p{i}", scores={ITEM: 3}) for i in range(4)]
    people[0].scores["rol.positie.micro"] = 1  # only one person answered this item
    group = compare(coll(*people), bank, "team", 3).groups[0]
    assert group.stats["rol.positie.micro"].suppressed == TOO_FEW_ANSWERS
    assert group.stats["rol.positie.micro"].mean is None
    assert set(group.stats["rol.positie.micro"].distribution.values()) == {0}


def test_duplicates_keep_newest_and_say_so(bank, tmp_path):
    old = person("same01", scores={ITEM: 1}, updated_minutes=10)
    new = person("same01", scores={ITEM: 5}, updated_minutes=50)
    other = person("other1", scores={ITEM: 3})
    for name, answers in (("laptop.toml", old), ("thuis.toml", new), ("x.toml", other)):
        atomic_write(tmp_path / name, dumps(answers))
    collection = collect([tmp_path], bank)
    assert len(collection.answers) == 2
    kept = next(a for a in collection.answers if a.participant.id == "same01")
    assert kept.scores[ITEM] == 5 and kept.path.name == "thuis.toml"
    assert len(collection.notes) == 1 and "same01" in collection.notes[0] and "thuis.toml" in collection.notes[0]


def test_grouping_per_team_organisation_and_round(bank):
    people = [
        person("a1", "Noord", "CAW", scores={ITEM: 1}), person("a2", "Noord", "CAW", scores={ITEM: 2}),
        person("a3", "Zuid", "CAW", scores={ITEM: 3}), person("b1", "Noord", "CLB", scores={ITEM: 4}),
    ]
    later = [person(p.participant.id, p.participant.team, p.participant.organisation, "2027-voorjaar",
                    scores={ITEM: 5}) for p in people]
    for answers in later:
        answers.round.started = answers.round.started.replace(year=2027)
    teams = compare(coll(*people), bank, "team", 2)
    assert [(g.name, g.size, g.suppressed) for g in teams.groups] == [
        ("Noord (CAW)", 2, False), ("Noord (CLB)", 1, True), ("Zuid (CAW)", 1, True)]
    orgs = compare(coll(*people), bank, "organisatie", 2)
    assert [(g.name, g.size) for g in orgs.groups] == [("CAW", 3), ("CLB", 1)]
    assert orgs.groups[0].stats[ITEM].mean == 2
    rounds = compare(coll(*people, *later), bank, "ronde", 2)
    assert [(g.name, g.size, g.stats[ITEM].mean) for g in rounds.groups] == [("2026-najaar", 4, 2.5), ("2027-voorjaar", 4, 5)]
    # per organisation over two rounds: each person counts once, with their latest round
    latest = compare(coll(*people, *later), bank, "organisatie", 2)
    assert latest.groups[0].size == 3 and latest.groups[0].stats[ITEM].mean == 5
    assert latest.notes and "laatste" in latest.notes[0]


def test_group_profile_is_mean_of_member_profiles(bank):
    a = person("a", scores={"rol.positie.micro": 5, "rol.bewust-inzetten": 1})  # 100 and 0 -> 50
    b = person("b", scores={"rol.positie.micro": 3})  # 50
    c = person("c", scores={"rol.positie.micro": 1, "rol.bepaling.micro": 3})  # 0; nominal item ignored
    assert theme_profile(a, bank)["rol"] == 50 and theme_profile(c, bank)["rol"] == 0
    group = compare(coll(a, b, c), bank, "team", 3).groups[0]
    assert group.profile["rol"] == pytest.approx(100 / 3)
    assert group.profile["participatie"] is None


def test_starters_spread_gap_and_client_view(bank):
    people = [
        person("p1", scores={ITEM: 1, "rol.positie.micro": 5, "rol.positie.meso": 1,
                             "participatie.ladder.micro": 6, "participatie.ladder.micro.clientbeeld": 2}),
        person("p2", scores={ITEM: 5, "rol.positie.micro": 5, "rol.positie.meso": 2,
                             "participatie.ladder.micro": 5, "participatie.ladder.micro.clientbeeld": 2}),
        person("p3", scores={ITEM: 3, "rol.positie.micro": 4, "rol.positie.meso": 1,
                             "participatie.ladder.micro": 5, "participatie.ladder.micro.clientbeeld": 3}),
    ]
    result = compare(coll(*people), bank, "team", 3)
    kinds = {s.kind: s for s in result.starters}
    assert result.starters[0].kind == "spreiding" and result.starters[0].item.id == ITEM
    assert kinds["micro-meso"].item.id == "rol.positie.micro" and kinds["micro-meso"].value == pytest.approx(14 / 3 - 4 / 3)
    assert kinds["zelfbeeld"].value == pytest.approx(16 / 3 - 7 / 3)
    order = result.discussion_order()
    assert order[0].id == ITEM


def test_shared_texts_sorted_and_flag_counts(bank):
    people = [person(f"p{i}", scores={ITEM: 3}) for i in range(3)]
    people[2].texts["rol.micro.1"] = shared_text("Zin B", discuss=True)
    people[0].texts["rol.micro.1"] = shared_text("Zin A", discuss=True)
    people[1].texts["rol.micro.1"] = __import__("reflectie.model", fromlist=["TextAnswer"]).TextAnswer("privé", share=False, discuss=True)
    group = compare(coll(*people), bank, "team", 3).groups[0]
    assert group.texts["rol.micro.1"] == ["Zin A", "Zin B"]
    assert group.flagged["rol.micro.1"] == 3
