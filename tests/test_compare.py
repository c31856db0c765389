"""The comparison core: statistics by hand, the release rule, duplicates, grouping."""

from __future__ import annotations

import math

import pytest

from reflectie.analysis import theme_profile
from reflectie.answersfile import dumps
from reflectie.compare import (
    GAP_THRESHOLD,
    POOLED,
    SPREAD_THRESHOLD,
    compare,
    find_group,
    group_starters,
    item_change,
    item_stats,
    ordinal_dispersion,
    over_time,
    profile_change,
    release_units,
    rest_of,
    round_order,
)
from reflectie.errors import ReflectieError
from reflectie.fileio import atomic_write
from reflectie.loading import Collection, collect
from reflectie.model import TextAnswer
from reflectie.rules import TOO_FEW_ANSWERS

from .groupdata import person, shared_text

ITEM = "transparantie.vooraf-aftoetsen"


def coll(*answers) -> Collection:
    return Collection(list(answers), [], len(answers))


def team(name: str, size: int, org: str = "Org 1", round_id: str = "2026-najaar", value: int = 3, prefix: str = ""):
    return [person(f"{prefix or name[:3].lower()}{i}", name, org, round_id, scores={ITEM: value}) for i in range(size)]


def test_statistics_by_hand(bank):
    stats = item_stats(bank.item(ITEM), [1, 2, 4], na=1, dont_know=2)
    assert stats.n == 3
    assert stats.mean == pytest.approx(7 / 3)
    assert stats.median == 2
    assert (stats.min, stats.max) == (1, 4)
    # sample sd: sqrt(((1-7/3)^2 + (2-7/3)^2 + (4-7/3)^2) / 2) = sqrt(7/3)
    assert stats.sd == pytest.approx(math.sqrt(7 / 3))
    assert stats.distribution == {1: 1, 2: 1, 3: 0, 4: 1, 5: 0}
    assert (stats.na, stats.dont_know) == (1, 2)


def test_even_median_and_two_values(bank):
    stats = item_stats(bank.item(ITEM), [2, 5], na=0)
    assert stats.median == 3.5 and stats.sd == pytest.approx(math.sqrt(4.5))


def test_nominal_item_has_distribution_only(bank):
    stats = item_stats(bank.item("rol.bepaling.micro"), [1, 1, 3], na=0)
    assert stats.mean is None and stats.sd is None and stats.median is None
    assert stats.distribution == {1: 2, 2: 0, 3: 1}


@pytest.mark.parametrize("min_group", [3, 4, 5])
def test_a_team_below_the_minimum_is_left_out_and_only_counted(bank, min_group):
    small = team("Klein", min_group - 1, value=2)
    small[0].texts["transparantie.micro.1"] = shared_text("Een gedeelde zin van iemand in een klein team.")
    big = team("Groot", min_group, value=4)
    result = compare(coll(*small, *big), bank, "team", min_group)
    assert [g.name for g in result.groups] == ["Groot (Org 1)"]
    groot = result.groups[0]
    assert groot.stats[ITEM].n == min_group and groot.stats[ITEM].mean == 4
    assert result.people_shown == min_group and result.hidden_groups >= 1
    everything = repr(result.groups) + repr(result.everyone) + repr(result.starters) + repr(result.notes)
    assert "Klein" not in everything and "gedeelde zin" not in everything


def test_small_teams_of_one_organisation_are_pooled(bank):
    people = team("Noord", 4) + team("A", 1) + team("B", 2) + team("C", 2, org="Org 2")
    units, hidden = release_units(people, 3)
    names = sorted(u.name for u in units)
    assert names == ["Noord (Org 1)", f"{POOLED} (Org 1)"]
    assert hidden == 1  # team C of Org 2 stays under the floor on its own
    result = compare(coll(*people), bank, "team")
    assert [g.size for g in result.groups] == [4, 3]


def test_partition_does_not_depend_on_the_minimum(bank):
    """A team of 4 is its own unit whatever k is: pooling uses the floor, so reports with k=3 and
    k=5 cannot be subtracted to isolate the two people of a smaller team."""
    people = team("Vier", 4) + team("Twee", 2)
    at3, _ = release_units(people, 3)
    at5, _ = release_units(people, 5)
    assert sorted(u.name for u in at3) == ["Vier (Org 1)"]
    assert at5 == []


def test_item_with_fewer_answers_than_minimum_is_hidden(bank):
    people = [person(f"p{i}", scores={ITEM: 3}) for i in range(4)]
    people[0].scores["rol.positie.micro"] = 1  # only one person answered this item
    group = compare(coll(*people), bank, "team", 3).groups[0]
    assert group.stats["rol.positie.micro"].suppressed == TOO_FEW_ANSWERS
    assert group.stats["rol.positie.micro"].mean is None
    assert set(group.stats["rol.positie.micro"].distribution.values()) == {0}


def test_organisation_figures_are_sums_of_released_units_item_by_item(bank):
    noord = team("Noord", 3, value=1)
    zuid = team("Zuid", 3, value=5)
    zuid[0].scores["rol.positie.micro"] = 5  # only one in Zuid answers this: Zuid adds nothing to it
    for p in noord:
        p.scores["rol.positie.micro"] = 1
    org = compare(coll(*noord, *zuid), bank, "organisatie").groups[0]
    assert org.stats[ITEM].n == 6 and org.stats[ITEM].mean == 3
    assert org.stats["rol.positie.micro"].n == 3 and org.stats["rol.positie.micro"].mean == 1


def test_minimum_is_never_below_three(bank):
    people = team("Twee", 2)
    result = compare(coll(*people), bank, "team", 2)
    assert result.min_group == 3 and result.groups == []


def test_duplicates_keep_newest_and_tell_only_the_terminal(bank, tmp_path):
    old = person("same01", scores={ITEM: 1}, updated_minutes=10)
    new = person("same01", scores={ITEM: 5}, updated_minutes=50)
    others = [person(f"other{i}", scores={ITEM: 3}) for i in range(3)]
    for name, answers in (("laptop.toml", old), ("Sara Janssens (thuis).toml", new)):
        atomic_write(tmp_path / name, dumps(answers))
    for i, answers in enumerate(others):
        atomic_write(tmp_path / f"x{i}.toml", dumps(answers))
    collection = collect([tmp_path], bank)
    assert len(collection.answers) == 4 and collection.duplicates == 1
    kept = next(a for a in collection.answers if a.participant.id == "same01")
    assert kept.scores[ITEM] == 5 and kept.path.name == "Sara Janssens (thuis).toml"
    assert len(collection.diagnostics) == 1 and "same01" in collection.diagnostics[0]
    result = compare(collection, bank)
    assert "same01" not in repr(result.notes) and "Sara" not in repr(result.notes)


def test_revision_decides_between_saves_of_the_same_day(bank, tmp_path):
    first = person("same01", scores={ITEM: 1}, updated_minutes=50)
    first.round.revision = 7
    second = person("same01", scores={ITEM: 4}, updated_minutes=10)  # same day, later revision
    second.round.revision = 9
    atomic_write(tmp_path / "a.toml", dumps(first, shared=True))
    atomic_write(tmp_path / "b.toml", dumps(second, shared=True))
    kept = collect([tmp_path], bank).answers
    assert [a.scores[ITEM] for a in kept] == [4]


def test_conflicting_installations_are_reported(bank, tmp_path):
    mine = person("same01", scores={ITEM: 1})
    mine.installation = "aaaaaa"
    forged = person("same01", scores={ITEM: 5}, updated_minutes=40)
    forged.installation = "bbbbbb"
    atomic_write(tmp_path / "a.toml", dumps(mine))
    atomic_write(tmp_path / "b.toml", dumps(forged))
    collection = collect([tmp_path], bank)
    assert collection.diagnostics and collection.diagnostics[0].startswith("Conflict")


def test_one_round_per_report_and_rounds_in_date_order(bank):
    spring = team("Noord", 3, round_id="2026-voorjaar", value=1)
    for p in spring:
        p.round.started = p.round.started.replace(month=3)
    autumn = team("Noord", 3, round_id="2026-najaar", value=5)
    assert round_order(spring + autumn) == ["2026-voorjaar", "2026-najaar"]
    latest = compare(coll(*spring, *autumn), bank, "team")
    assert latest.rounds == ["2026-najaar"] and latest.groups[0].stats[ITEM].mean == 5
    assert latest.notes and "2026-voorjaar" in latest.notes[0]
    chosen = compare(coll(*spring, *autumn), bank, "team", round_id="2026-voorjaar")
    assert chosen.groups[0].stats[ITEM].mean == 1
    over_time = compare(coll(*spring, *autumn), bank, "ronde")
    assert [(g.name, g.size, g.stats[ITEM].mean) for g in over_time.groups] == [
        ("2026-voorjaar", 3, 1), ("2026-najaar", 3, 5)]
    with pytest.raises(ReflectieError, match="geen ronde 'bestaatniet'"):
        compare(coll(*spring), bank, "team", round_id="bestaatniet")


def test_a_leaver_is_never_mixed_into_a_later_round(bank):
    spring = team("Noord", 4, round_id="2026-voorjaar", value=1)
    for p in spring:
        p.round.started = p.round.started.replace(month=3)
    autumn = [person(p.participant.id, "Noord", "Org 1", "2026-najaar", scores={ITEM: 5}) for p in spring[:3]]
    result = compare(coll(*spring, *autumn), bank, "team")
    assert result.groups[0].size == 3 and result.groups[0].stats[ITEM].mean == 5


def test_group_profile_comes_from_released_item_means(bank):
    """A group's theme score is the mean of its released, normalised item means. When everyone
    answered the same items it equals the mean of the members' own theme scores."""
    same = [person(p, scores={"rol.positie.micro": v, "rol.bewust-inzetten": w})
            for p, v, w in (("a", 5, 1), ("b", 3, 2), ("c", 1, 3))]
    group = compare(coll(*same), bank, "team", 3).groups[0]
    members = [theme_profile(a, bank)["rol"] for a in same]
    assert group.profile["rol"] == pytest.approx(sum(members) / 3)
    assert group.profile["participatie"] is None
    # a's answer on an item nobody else answered is not shown, and does not leak through the
    # theme score (a mean of member scores would be (50 + 50 + 0) / 3, from which a's two answers
    # follow: see ATTACKS.md)
    a = person("a", scores={"rol.positie.micro": 5, "rol.bewust-inzetten": 1})
    b = person("b", scores={"rol.positie.micro": 3})
    c = person("c", scores={"rol.positie.micro": 1, "rol.bepaling.micro": 3})  # nominal item ignored
    group = compare(coll(a, b, c), bank, "team", 3).groups[0]
    assert group.stats["rol.bewust-inzetten"].suppressed
    assert group.profile["rol"] == 50  # the micro position's mean 3 on 1..5


def test_micro_meso_gap_is_measured_on_the_same_people(bank):
    people = [
        person("p1", scores={"rol.positie.micro": 5, "rol.positie.meso": 1,
                             "participatie.ladder.micro": 6, "participatie.ladder.micro.clientbeeld": 2}),
        person("p2", scores={"rol.positie.micro": 5, "rol.positie.meso": 2,
                             "participatie.ladder.micro": 5, "participatie.ladder.micro.clientbeeld": 2}),
        person("p3", scores={"rol.positie.micro": 4, "rol.positie.meso": 1,
                             "participatie.ladder.micro": 5, "participatie.ladder.micro.clientbeeld": 3}),
    ]
    group = compare(coll(*people), bank, "team", 3).groups[0]
    gap = group.pair_gaps[("rol.positie.micro", "rol.positie.meso")]
    assert gap.n == 3 and gap.mean_difference == pytest.approx((4 + 3 + 3) / 3)
    view = group.pair_gaps[("participatie.ladder.micro", "participatie.ladder.micro.clientbeeld")]
    assert view.mean_difference == pytest.approx((4 + 3 + 2) / 3)
    # p4 answers micro but not meso: micro mean × 4 − (meso mean + gap) × 3 would be p4's answer,
    # so the unit shows no micro–meso gap; the ladder pair, which p4 left alone, still shows
    people.append(person("p4", scores={"rol.positie.micro": 1}))
    group = compare(coll(*people), bank, "team", 3).groups[0]
    assert ("rol.positie.micro", "rol.positie.meso") not in group.pair_gaps
    assert group.stats["rol.positie.micro"].n == 4
    assert ("participatie.ladder.micro", "participatie.ladder.micro.clientbeeld") in group.pair_gaps


def test_shared_texts_sorted_and_flag_counts(bank):
    people = [person(f"p{i}", scores={ITEM: 3}) for i in range(3)]
    people[2].texts["rol.micro.1"] = shared_text("Zin B", discuss=True)
    people[0].texts["rol.micro.1"] = shared_text("Zin A", discuss=True)
    people[1].texts["rol.micro.1"] = TextAnswer("privé", share=False, discuss=True)
    group = compare(coll(*people), bank, "team", 3).groups[0]
    assert group.texts["rol.micro.1"] == ["Zin A", "Zin B"]
    assert group.flagged["rol.micro.1"] == 3


# --- starters, spread, over time, one group against the rest ----------------------------------------



def test_ordinal_dispersion_is_relative_to_the_scale():
    assert ordinal_dispersion({1: 0, 2: 0, 3: 4, 4: 0, 5: 0}) == 0
    assert ordinal_dispersion({1: 2, 2: 0, 3: 0, 4: 0, 5: 2}) == 1
    assert ordinal_dispersion({1: 0, 2: 2, 3: 0, 4: 2, 5: 0}) == pytest.approx(0.5)  # two steps apart
    assert ordinal_dispersion({1: 1, 2: 1, 3: 1, 4: 1, 5: 1}) == pytest.approx(0.6)
    assert ordinal_dispersion({1: 0, 2: 1, 3: 1, 4: 1, 5: 0}) == pytest.approx(1 / 3)
    # the same split on a six-value scale is as spread: the index does not grow with the scale
    assert ordinal_dispersion({1: 2, 2: 0, 3: 0, 4: 0, 5: 0, 6: 2}) == 1
    assert ordinal_dispersion({1: 0, 2: 0, 3: 0}) is None


def _spread_group(values: list[int], name: str = "Noord"):
    return [person(f"{name[:2]}{i}", name, scores={ITEM: v}) for i, v in enumerate(values)]


def test_large_spread_is_a_starter_and_a_small_one_is_not(bank):
    split = compare(coll(*_spread_group([2, 2, 4, 4])), bank, "team", 3)
    assert [s.kind for s in split.starters] == ["spreiding"]
    assert split.starters[0].value == pytest.approx(0.5) and split.starters[0].value >= SPREAD_THRESHOLD
    assert "ordinale spreiding 0,50" in split.starters[0].text and "van 2 tot 4" in split.starters[0].text
    # sd 1,0 on 2-3-4 is only one step each way: no starter (the old rule called sd 0,96 'grote spreiding')
    close = compare(coll(*_spread_group([2, 3, 4])), bank, "team", 3)
    assert close.starters == []


def test_starters_are_per_group_in_alphabetical_order_and_limited(bank):
    people = []
    items = ["rol.bewust-inzetten", "rol.informeren-als-expert", "rol.zelf-oplossingen-laten-zoeken",
             "rol.netwerk-in-kaart", ITEM]
    for team_name in ("Zuid", "Noord"):
        for i, value in enumerate([1, 1, 5, 5]):
            people.append(person(f"{team_name[:2]}{i}", team_name, scores={item: value for item in items
                                                                       if item in bank.items}))
    result = compare(coll(*people), bank, "team", 3)
    assert [g.name for g in result.groups] == ["Noord (Org 1)", "Zuid (Org 1)"]
    groups = [s.group for s in result.starters]
    assert groups == sorted(groups, key=lambda g: g != "Noord (Org 1)")  # Noord's starters first
    for name in ("Noord (Org 1)", "Zuid (Org 1)"):
        assert len([s for s in result.starters if s.group == name and s.kind == "spreiding"]) == 3


def test_gaps_below_one_step_are_not_starters(bank):
    def people(micro: list[int], meso: list[int]):
        return [person(f"g{i}", scores={"rol.positie.micro": a, "rol.positie.meso": b})
                for i, (a, b) in enumerate(zip(micro, meso))]

    small = compare(coll(*people([4, 4, 4], [3, 4, 3])), bank, "team", 3)  # mean gap 0,67
    assert not [s for s in small.starters if s.kind == "micro-meso"]
    large = compare(coll(*people([5, 4, 4], [3, 3, 4])), bank, "team", 3)  # mean gap 1,00
    gap = [s for s in large.starters if s.kind == "micro-meso"]
    assert len(gap) == 1 and gap[0].value == pytest.approx(GAP_THRESHOLD) and gap[0].n == 3
    assert "bij dezelfde 3 mensen" in gap[0].text and "hoger" in gap[0].text


def test_self_image_against_estimated_client_view(bank):
    people = [person(f"s{i}", scores={"participatie.ladder.micro": 5, "participatie.ladder.micro.clientbeeld": c})
              for i, c in enumerate([3, 4, 3])]
    starters = compare(coll(*people), bank, "team", 3).starters
    view = [s for s in starters if s.kind == "zelfbeeld"]
    assert len(view) == 1 and view[0].value == pytest.approx(5 / 3)
    assert view[0].item.id == "participatie.ladder.micro"
    assert view[0].other.id == "participatie.ladder.micro.clientbeeld"


def test_rest_of_a_group_is_the_other_released_units(bank):
    noord = team("Noord", 3, value=5)
    zuid = team("Zuid", 4, value=1)
    klein = team("Klein", 2, org="Org 2", value=3)  # never released: not in the rest either
    result = compare(coll(*noord, *zuid, *klein), bank, "team", 3)
    rest = rest_of(result, "Noord (Org 1)")
    assert rest.size == 4 and rest.stats[ITEM].mean == 1 and rest.stats[ITEM].n == 4
    assert find_group(result, "noord").name == "Noord (Org 1)"
    with pytest.raises(ReflectieError, match="geen getoonde groep 'Klein'"):
        find_group(result, "Klein")
    alone = compare(coll(*noord), bank, "team", 3)
    assert rest_of(alone, "Noord (Org 1)") is None


def test_over_time_in_date_order_with_changes_marked_when_smaller_than_one_person(bank):
    def round_people(round_id: str, month: int, values: list[int]):
        people = [person(f"p{i}", "Noord", round_id=round_id, scores={ITEM: v}) for i, v in enumerate(values)]
        for p in people:
            p.round.started = p.round.started.replace(month=month)
        return people

    # labels that sort the wrong way alphabetically: 'najaar' < 'voorjaar'
    spring = round_people("2026-voorjaar", 3, [2, 2, 3, 3])
    autumn = round_people("2026-najaar", 10, [2, 3, 3, 3])  # one person one step up: +0,25 = 1/n
    later = round_people("2027-voorjaar", 3, [2, 3, 3, 3])
    for p in later:
        p.round.started = p.round.started.replace(year=2027)
    view = over_time(coll(*spring, *autumn, *later), bank, "team", 3, ["2026-voorjaar", "2026-najaar", "2027-voorjaar"])
    assert view.rounds == ["2026-voorjaar", "2026-najaar", "2027-voorjaar"]
    first, second, third = (view.result("Noord (Org 1)", r) for r in view.rounds)
    change = item_change(first.stats[ITEM], second.stats[ITEM])
    assert change.delta == pytest.approx(0.25) and change.threshold == pytest.approx(0.25) and not change.small
    assert item_change(second.stats[ITEM], third.stats[ITEM]).small  # no change at all
    theme = profile_change(bank, "transparantie", first, second)
    assert theme is not None and theme.threshold == pytest.approx(25 / 4)
    comparison = compare(coll(*spring, *autumn, *later), bank, "ronde")
    assert comparison.rounds == ["2026-voorjaar", "2026-najaar", "2027-voorjaar"]


def test_group_starters_skip_suppressed_and_nominal_items(bank):
    people = [person(f"n{i}", scores={"rol.bepaling.micro": v}) for i, v in enumerate([1, 3, 1, 3])]
    result = compare(coll(*people), bank, "team", 3)
    assert group_starters(result.groups, bank) == []


def test_integer_stdev_equals_the_exact_standard_deviation():
    import random
    import statistics

    from reflectie.compare import integer_stdev

    rng = random.Random(5)
    for _ in range(2000):
        values = [rng.randint(1, 6) for _ in range(rng.randint(2, 120))]
        assert integer_stdev(values) == pytest.approx(statistics.stdev(values), abs=1e-12)
