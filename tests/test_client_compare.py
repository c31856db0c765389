"""Client answers under the release rule (minimum 5), and the three views beside the workers'."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflectie import paths
from reflectie.clientcompare import (
    ClientCollection,
    client_files,
    collect_clients,
    compare_clients,
    only_apart,
    three_views,
)
from reflectie.clientstem import ClientAnswers, write_client_answers
from reflectie.clientvragen import WHO, default_questionnaire
from reflectie.compare import compare
from reflectie.loading import collect
from reflectie.rules import CLIENT_MIN_GROUP, client_min_group
from reflectie.sealing import KeyRing, new_private_key

Q = default_questionnaire()


def clients(
    n: int,
    team: str = "Team Noord",
    organisation: str = "CAW Oost",
    who: str = "jongere",
    round_id: str = "2026-najaar",
    ladder: int = 3,
    seed: int = 0,
) -> list[ClientAnswers]:
    rng = random.Random(seed)
    result = []
    for _ in range(n):
        answers = {item.id: rng.choice(item.scale.values) for item in Q.version(who).items}
        answers["client.ladder"] = ladder
        result.append(ClientAnswers(organisation, team, round_id, who, date(2026, 10, 1), answers))
    return result


def collection(*groups: list[ClientAnswers]) -> ClientCollection:
    answers = [a for group in groups for a in group]
    return ClientCollection(answers, [], len(answers))


def every_team(client_collection: ClientCollection) -> set[tuple[str, str, str]]:
    """As if every team's workers were released: the client rule on its own."""
    return {(a.round_id, a.organisation, a.team) for a in client_collection.answers}


def compare_alone(client_collection: ClientCollection, *args, **kwargs):
    return compare_clients(
        client_collection, *args, worker_units=every_team(client_collection), **kwargs
    )


def test_client_minimum_is_its_own_setting_never_below_five_or_the_workers():
    assert CLIENT_MIN_GROUP == 5
    assert client_min_group() == 5
    assert client_min_group(3) == 5
    assert client_min_group(None, 7) == 7
    assert client_min_group(9, 3) == 9


def test_release_at_five_four_shows_nothing():
    four = compare_alone(collection(clients(4)), Q)
    assert four.groups == [] and four.everyone is None and four.files_shown == 0
    assert four.hidden_teams == 1 and "1 team" in four.notes[0] and "4" not in four.notes[0]
    five = compare_alone(collection(clients(5)), Q)
    assert [g.name for g in five.groups] == ["Team Noord (CAW Oost)"]
    ladder = five.groups[0].stats["client.ladder"]
    assert ladder.n == 5 and ladder.distribution[3] == 5 and ladder.declined == 0
    assert five.everyone.size == 5 and five.hidden_teams == 0


def test_small_teams_are_not_pooled_and_larger_figures_sum_released_teams_only():
    result = compare_alone(collection(clients(6), clients(4, team="Team Zuid"), clients(3, team="Team West")),
        Q,
        "organisatie",
    )
    assert [g.name for g in result.groups] == ["CAW Oost"]
    assert result.groups[0].size == 6 and result.groups[0].units == 1
    assert result.hidden_teams == 2
    assert result.groups[0].stats["client.ladder"].n == 6


def test_item_needs_k_values_in_a_unit_and_declines_are_counted():
    group = clients(6)
    for a in group[:2]:
        del a.answers["client.waarom"]
        a.declined.add("client.waarom")
    stats = compare_alone(collection(group), Q).groups[0].stats
    assert stats["client.waarom"].n == 0 and stats["client.waarom"].suppressed  # only 4 values: < 5
    assert (
        stats["client.waarom"].declined == 2
        and sum(stats["client.waarom"].distribution.values()) == 0
    )
    assert stats["client.ladder"].n == 6


def test_jongeren_and_ouders_apart_only_when_each_part_reaches_k():
    mixed = compare_alone(collection(clients(6), clients(2, who="ouder")), Q).groups[0]
    assert mixed.size == 8 and mixed.by_who == {} and mixed.split_units == 0
    assert mixed.stats["client.ladder"].n == 8
    only_parents = Q.items["client.alle-stemmen"]  # its n would tell the parts
    assert mixed.stats["client.alle-stemmen"].suppressed == only_apart(only_parents, 5, one_team=True)
    split = compare_alone(collection(clients(6), clients(5, who="ouder", ladder=1)), Q).groups[0]
    assert split.who_sizes == {"jongere": 6, "ouder": 5}
    assert split.by_who["ouder"]["client.ladder"].distribution[1] == 5
    assert split.by_who["jongere"]["client.ladder"].distribution[3] == 6
    assert "client.stem-telt" not in split.by_who["ouder"]


def test_client_minimum_follows_the_workers_minimum():
    result = compare_alone(collection(clients(6)), Q, worker_min_group=7)
    assert result.min_group == 7 and result.groups == []


def test_rounds_are_not_mixed():
    result = compare_alone(collection(clients(3, round_id="2026-voorjaar"), clients(3)), Q, "ronde"
    )
    assert result.groups == [] and result.hidden_groups == 2
    only = compare_alone(collection(clients(5, round_id="2026-voorjaar"), clients(5)), Q, round_id="2026-voorjaar"
    )
    assert only.rounds == ["2026-voorjaar"] and only.groups[0].size == 5


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(WHO), st.integers(1, 6)),
        min_size=1,
        max_size=60,
    ),
    st.integers(5, 8),
)
def test_every_released_figure_is_a_sum_of_whole_parts_of_at_least_k(rows, requested):
    answers = [
        ClientAnswers("Org", f"Team {team}", "r", who, date(2026, 10, 1), {"client.ladder": value})
        for team, who, value in rows
    ]
    result = compare_alone(collection(answers), Q, min_group=requested)
    k = result.min_group
    sizes = {}
    for a in answers:
        sizes.setdefault(a.team, {}).setdefault(a.who, 0)
        sizes[a.team][a.who] += 1
    total = 0
    for group in result.groups:
        team = group.name.split(" (")[0]
        assert sum(sizes[team].values()) >= k and group.size == sum(sizes[team].values())
        n = group.stats["client.ladder"].n
        assert n in (0, group.size) and (n == 0 or n >= k)
        for who, stats in group.by_who.items():
            assert stats["client.ladder"].n >= k and stats["client.ladder"].n == sizes[team][who]
        total += group.size
    everyone = result.everyone
    assert (everyone.size if everyone else 0) == total
    if everyone:
        assert everyone.stats["client.ladder"].distribution == {
            v: sum(g.stats["client.ladder"].distribution[v] for g in result.groups)
            for v in range(1, 7)
        }


# --- files and the three views --------------------------------------------------------------------


def test_collect_reads_sealed_files_and_reports_the_rest(tmp_path):
    key = new_private_key()
    folder = tmp_path / "gedeeld"
    for a in clients(5):
        write_client_answers(a, folder / "noord", key.public)
    (folder / "kapot.clientstem").write_text("format = 'iets'", "utf-8")
    (folder / "reflectie-2026-najaar-abc.toml").write_text("geen cliëntbestand", "utf-8")
    read = collect_clients([folder], Q, KeyRing([key], []))
    assert len(read.answers) == 5 and all(a.sealed for a in read.answers)
    assert [p.path.name for p in read.problems] == ["kapot.clientstem"]
    assert read.files_seen == 6 and len(client_files([folder])) == 6
    locked = collect_clients([folder], Q, KeyRing([], []))
    assert locked.answers == [] and all(key.fingerprint in p.reason for p in locked.problems[1:])


def test_three_views_on_the_demo(bank):
    from reflectie.demo import write_demo, write_demo_clients

    folder = paths.demo_dir()
    write_demo(bank, folder, 60)
    written, key_path = write_demo_clients(folder)
    assert key_path.exists() and len(written) >= 60
    client_collection = collect_clients([folder])  # the demo key is found with the demo
    assert client_collection.problems == [] and len(client_collection.answers) == len(written)
    comparison = compare(collect([folder], bank), bank, "team")
    views = three_views(comparison, client_collection)
    with_clients = [g for g in views.groups if g.clients is not None]
    assert len(with_clients) >= 6  # most demo teams pass the minimum
    assert views.clients.hidden_teams >= 1
    assert [g.name for g in views.groups][: len(comparison.groups)] == [
        g.name for g in comparison.groups
    ]
    group = next(g for g in with_clients if g.workers is not None)
    ladder = next(v for v in group.views if v.client_item.id == "client.ladder")
    assert ladder.worker_item.id == "participatie.ladder.micro"
    assert ladder.estimate_item.id == "participatie.ladder.micro.clientbeeld"
    assert ladder.workers.n >= 3 and ladder.estimate.n >= 3 and ladder.clients.n >= 5
    assert ladder.gap_estimate == pytest.approx(ladder.clients.mean - ladder.estimate.mean)
    assert ladder.gap_self == pytest.approx(ladder.clients.mean - ladder.workers.mean)
    others = [v for v in group.views if v.client_item.id != "client.ladder"]
    assert all(v.estimate_item is None and v.gap_estimate is None for v in others)
    assert {v.worker_item.id for v in group.views} >= {
        "transparantie.dossier-laten-weten",
        "participatie.inspraak-netwerk",
    }
    assert any(g.clients and g.clients.by_who for g in views.groups)  # the demo shows a split too
    assert views.starters and all(abs(s.value) > 0 for s in views.starters)
    assert views.starters[0].text.startswith("cliënten gemiddeld")
    assert views.everyone.clients.size == sum(g.clients.size for g in with_clients)
    for grouping in ("organisatie", "ronde"):
        other = three_views(compare(collect([folder], bank), bank, grouping), client_collection)
        assert other.groups and all(g.clients is not None for g in other.groups)


# --- the lead's decision: clients only beside their own team's released workers ------------------

LADDER = "participatie.ladder.micro"


def workers(n: int, team: str, organisation: str = "CAW Oost", round_id: str = "2026-najaar"):
    from .groupdata import person

    return [
        person(f"{team}-{round_id}-{i}", team, organisation, round_id, scores={LADDER: 1 + i % 6})
        for i in range(n)
    ]


def worker_collection(*groups):
    from reflectie.loading import Collection

    people = [a for group in groups for a in group]
    return Collection(people, [], len(people))


def test_clients_count_only_beside_their_teams_released_workers(bank):
    people = worker_collection(
        workers(4, "Team Noord"), workers(2, "Team Zuid"), workers(2, "Team West")
    )  # Zuid and West are pooled into 'andere teams' (4): released, but not as themselves
    answers = collection(
        clients(6), clients(6, team="Team Zuid"), clients(7, team="Team Oost")  # Oost: no workers
    )
    comparison = compare(people, bank, "team")
    assert {g.name for g in comparison.groups} == {
        "Team Noord (CAW Oost)",
        "andere teams (CAW Oost)",
    }
    views = three_views(comparison, answers)
    shown = [g for g in views.groups if g.clients is not None]
    assert [g.name for g in shown] == ["Team Noord (CAW Oost)"]
    assert views.clients.hidden_teams == 2 and views.everyone.clients.size == 6
    note = views.clients.notes[0]
    assert "2 teams" in note and "hulpverleners" in note and "6" not in note and "7" not in note
    # a larger figure takes only what would be released at team level
    organisation = three_views(compare(people, bank, "organisatie"), answers)
    assert organisation.groups[0].clients.size == 6
    assert organisation.groups[0].clients.unit_keys == [("2026-najaar", "CAW Oost", "Team Noord")]
    rounds = three_views(compare(people, bank, "ronde"), answers)
    assert rounds.groups[0].clients.size == 6
    # the workers' own minimum: with k = 5 Team Noord's 4 workers are not shown, nor its clients
    strict = three_views(compare(people, bank, "team", 5), answers)
    assert all(g.clients is None for g in strict.groups) and strict.everyone is None
    assert strict.clients.hidden_teams == 3 and strict.clients.files_shown == 0


def test_release_at_five_beside_released_workers(bank):
    people = worker_collection(workers(3, "Team Noord"))
    four = three_views(compare(people, bank, "team"), collection(clients(4)))
    assert all(g.clients is None for g in four.groups) and four.clients.files_shown == 0
    assert all(v.clients is None for g in four.groups for v in g.views)
    five = three_views(compare(people, bank, "team"), collection(clients(5)))
    ladder = next(v for v in five.groups[0].views if v.client_item.id == "client.ladder")
    assert ladder.clients.n == 5 and ladder.workers.n == 3


@settings(max_examples=60, deadline=None)
@given(
    st.lists(  # per team: organisation, workers, clients (jongeren, ouders), round
        st.tuples(
            st.integers(0, 1),
            st.integers(0, 7),
            st.integers(0, 8),
            st.integers(0, 6),
            st.sampled_from(("2026-voorjaar", "2026-najaar")),
        ),
        min_size=1,
        max_size=7,
    ),
    st.integers(3, 6),
    st.integers(5, 8),
    st.sampled_from(("team", "organisatie", "ronde")),
)
def test_no_client_figure_rests_on_a_team_whose_workers_are_not_released(
    teams, worker_k, client_k, grouping
):
    from reflectie.bank import load_bank

    bank = load_bank()
    people, answers, expected = [], [], {}
    for index, (org, n_workers, young, parents, round_id) in enumerate(teams):
        team, organisation = f"Team {index}", f"Org {org}"
        people += workers(n_workers, team, organisation, round_id)
        answers += clients(young, team, organisation, round_id=round_id, seed=index)
        answers += clients(parents, team, organisation, "ouder", round_id, seed=index + 50)
        expected[(round_id, organisation, team)] = (n_workers, young + parents)
    if not people:
        return
    comparison = compare(worker_collection(people), bank, grouping, worker_k)
    views = three_views(comparison, collection(answers), min_group=client_k)
    k = views.clients.min_group
    assert k == max(5, worker_k, client_k)
    # worked out from the raw counts, not from the code under test
    released = {key for key, (w, c) in expected.items() if w >= worker_k and c >= k}
    shown_rounds = set(comparison.rounds)
    released = {key for key in released if key[0] in shown_rounds}
    workers_released = released_worker_units_by_hand(comparison)
    total = 0
    for group in views.groups:
        if group.clients is None:
            continue
        assert group.workers is not None  # never clients without their workers beside them
        for key in group.clients.unit_keys:
            assert key in released and key in workers_released
            assert expected[key][0] >= worker_k
        assert group.clients.size == sum(expected[key][1] for key in group.clients.unit_keys)
        total += group.clients.size
    assert total == sum(expected[key][1] for key in released)
    if views.everyone is not None and views.everyone.clients is not None:
        assert sorted(views.everyone.clients.unit_keys) == sorted(released)


def released_worker_units_by_hand(comparison):
    """The teams the worker report shows as units of their own, read off its groups' units."""
    return {
        (u.round_id, u.organisation, u.team)
        for units in comparison.unit_groups.values()
        for u in units
        if u.team != "andere teams"
    }


def test_client_units_are_releases_in_the_ledger(bank, tmp_path):
    from reflectie.ledger import ReleaseLedger, client_unit_key

    people = worker_collection(workers(4, "Team Noord"))
    path = tmp_path / "vrijgegeven.toml"
    first = ReleaseLedger.load(path)
    views = three_views(compare(people, bank, "team", ledger=first), collection(clients(5)))
    assert views.groups[0].clients.size == 5
    first.commit()
    assert client_unit_key("2026-najaar", "CAW Oost", "Team Noord") in ReleaseLedger.load(
        path
    ).released
    # one client more: showing the team again would give away that client's answers
    grown = collection(clients(5), clients(1, seed=9))
    second = ReleaseLedger.load(path)
    again = three_views(compare(people, bank, "team", ledger=second), grown)
    assert again.groups[0].workers is not None and again.groups[0].clients is None
    assert [w.name for w in second.withheld] == ["cliëntantwoorden van Team Noord (CAW Oost)"]
    assert again.clients.hidden_teams == 1
    # five more than the first release: a sum over five clients, shown again
    third = ReleaseLedger.load(path)
    more = collection(clients(5), clients(5, seed=9))
    assert three_views(compare(people, bank, "team", ledger=third), more).groups[0].clients
    # forgetting the round forgets the client unit too, in the file once the report is made
    fourth = ReleaseLedger.load(path)
    fourth.forget_rounds(people.answers, ["2026-najaar"])
    key = client_unit_key("2026-najaar", "CAW Oost", "Team Noord")
    assert key not in fourth.released and key in ReleaseLedger.load(path).released
    fourth.commit()
    assert key not in ReleaseLedger.load(path).released


def test_every_client_question_mirrors_an_item_workers_are_still_asked(bank):
    """A mirror of a retired item would leave the workers' view empty in every new round."""
    for item in Q.items.values():
        for worker_id in filter(None, (item.mirrors, item.estimate)):
            worker = bank.items[worker_id]
            assert not worker.retired, f"{item.id} spiegelt het vervallen item {worker_id}"
            assert len(worker.scale.levels) == len(item.scale.levels)


def test_a_part_is_not_shown_beside_a_smaller_part_of_the_same_unit():
    """12 clients: 7 young people and 5 parents, of whom one says 'wil ik niet zeggen' on one
    question. Everyone together (11 values) minus the young people (7) would give the 4 parents'
    answers: on that question neither part is shown, only everyone together."""
    young = clients(7, seed=1)
    parents = clients(5, who="ouder", seed=2)
    del parents[0].answers["client.begrepen"]
    parents[0].declined.add("client.begrepen")
    group = compare_alone(collection(young, parents), Q).groups[0]
    assert group.who_sizes == {"jongere": 7, "ouder": 5}
    assert group.stats["client.begrepen"].n == 11 and group.stats["client.begrepen"].declined == 1
    assert group.by_who["jongere"]["client.begrepen"].n == 0
    assert group.by_who["jongere"]["client.begrepen"].suppressed == "enkel samen te tonen"
    assert group.by_who["ouder"]["client.begrepen"].suppressed == "te weinig antwoorden"
    assert group.by_who["ouder"]["client.begrepen"].n == 0
    assert group.by_who["ouder"]["client.begrepen"].declined == 1
    # other questions still show both parts
    assert group.by_who["jongere"]["client.ladder"].n == 7
    assert group.by_who["ouder"]["client.ladder"].n == 5
    # a question for young people only: their part is the whole
    assert group.by_who["jongere"]["client.stem-telt"].n == 7


@settings(max_examples=80, deadline=None)
@given(
    st.lists(  # per team: young people answering, declining; parents answering, declining
        st.tuples(st.integers(0, 8), st.integers(0, 3), st.integers(0, 8), st.integers(0, 3)),
        min_size=1,
        max_size=3,
    ),
    st.integers(1, 6),
)
def test_every_difference_between_shown_figures_holds_at_least_k_values(teams, value):
    answers = []
    for team, counts in enumerate(teams):
        for who, answering, declining in (("jongere", *counts[:2]), ("ouder", *counts[2:])):
            for index in range(answering + declining):
                client = ClientAnswers("Org", f"Team {team}", "r", who, date(2026, 10, 1))
                if index < answering:
                    client.answers["client.ladder"] = 1 + (value + index) % 6
                else:
                    client.declined.add("client.ladder")
                answers.append(client)
    if not answers:
        return
    result = compare_alone(collection(answers), Q)
    k = result.min_group
    for group in [*result.groups, *([result.everyone] if result.everyone else [])]:
        total = group.stats.get("client.ladder")
        parts = [s["client.ladder"] for s in group.by_who.values() if "client.ladder" in s]
        shown = [p.n for p in parts if p.n]
        assert all(n >= k for n in shown)
        if total is not None and total.n:
            rest = total.n - sum(shown)
            assert rest == 0 or rest >= k  # what no part shows is itself k values or more


def test_a_later_release_leaves_out_items_that_few_of_the_new_clients_answered(bank, tmp_path):
    """Five clients, then five more of whom one answers the ladder and four decline it: the region of
    the five new clients is large enough, but its ladder values come from one client, so the second
    report's difference on the ladder would be that client's answer. The ladder stays out then."""
    from reflectie.ledger import ReleaseLedger

    people = worker_collection(workers(4, "Team Noord"))
    path = tmp_path / "vrijgegeven.toml"
    first = ReleaseLedger.load(path)
    shown = three_views(compare(people, bank, "team", ledger=first), collection(clients(5, ladder=4)))
    assert shown.groups[0].clients.stats["client.ladder"].n == 5
    first.commit()
    one = clients(1, ladder=1, seed=3)
    quiet = clients(4, seed=5)
    for client in quiet:
        del client.answers["client.ladder"]
        client.declined.add("client.ladder")
    second = ReleaseLedger.load(path)
    later = three_views(compare(people, bank, "team", ledger=second),
                        collection(clients(5, ladder=4), one, quiet))
    stats = later.groups[0].clients.stats
    assert "client.ladder" not in stats  # neither its values nor its declines
    assert stats["client.wat-je-wil"].n == 10  # what all ten answered still shows
    assert second.withheld == []  # the team itself is shown


def test_a_later_release_keeps_jongeren_and_ouders_together_when_a_part_grew_by_few():
    from reflectie.ledger import ReleaseLedger, client_unit_key

    ledger = ReleaseLedger(path=None)  # type: ignore[arg-type]  # only the arithmetic, never written
    key = client_unit_key("2026-najaar", "CAW Oost", "Team Noord")
    ledger.released[key] = [frozenset({"a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4", "b5"})]
    ledger.answered = {f"a{i}": frozenset({"x", "wie:jongere"}) for i in range(1, 6)}
    ledger.answered |= {f"b{i}": frozenset({"x", "wie:ouder"}) for i in range(1, 6)}
    new = {p: ledger.answered[p] for p in ledger.released[key][0]}
    new |= {f"c{i}": frozenset({"x", "wie:ouder"}) for i in range(1, 5)}
    new["c5"] = frozenset({"x", "wie:jongere"})  # one more young person among five new files
    from reflectie.clientcompare import SPLIT_WITHHELD

    assert ledger.thin_items(key, new, 5) == frozenset({SPLIT_WITHHELD})


def test_demo_sealed_files_do_not_count_beside_real_ones(tmp_path):
    """Anyone can rebuild the demo's key from its published seed; a file sealed to it among real
    client files could be a forgery that pads a small team, so it is left out with a reason."""
    from reflectie.sealing import demo_private_key

    real, demo = new_private_key(), demo_private_key(2026)
    folder = tmp_path / "gedeeld"
    for a in clients(5):
        write_client_answers(a, folder / "echt", real.public)
    for a in clients(2, seed=4):
        write_client_answers(a, folder / "nep", demo.public)
    read = collect_clients([folder], Q, KeyRing([real, demo], []))
    assert len(read.answers) == 5 and not any(a.demo for a in read.answers)
    assert len(read.problems) == 2 and all("demosleutel" in p.reason for p in read.problems)
    only_demo = collect_clients([folder / "nep"], Q, KeyRing([real, demo], []))
    assert len(only_demo.answers) == 2 and only_demo.problems == []  # the demo on its own still works


def test_questions_of_one_part_stay_out_where_the_parts_are_not_shown_apart():
    """Three jongeren and five ouders: the parts are not shown apart (three is too few), so the
    questions only jongeren or only ouders get would tell the parts' sizes by their n: left out."""
    team = collection(clients(3, who="jongere"), clients(5, who="ouder", seed=2))
    stats = compare_alone(team, Q).groups[0].stats
    only = {item.id for item in Q.version("jongere").items} ^ {item.id for item in Q.version("ouder").items}
    assert only and all(stats[i].suppressed == only_apart(Q.items[i], 5, one_team=True)
                        and stats[i].n == 0 and stats[i].declined == 0 for i in only)
    assert stats["client.ladder"].n == 8  # what both parts are asked still shows
    both = collection(clients(5, who="jongere"), clients(5, who="ouder", seed=2))
    apart = compare_alone(both, Q).groups[0].stats  # shown apart: the parts are known anyway
    assert all(not apart[i].suppressed and apart[i].n == 5 for i in only)


def test_a_question_of_one_part_says_which_part_it_asks_and_what_shows_it():
    """A coach read 'enkel als jongeren en ouders apart staan' under a question only jongeren get
    as 'needs five parents': the reason names the part asked, this team or the teams summed, and
    the minimum (both parts, since the question's n would tell the other part's size)."""
    team = collection(clients(3, who="jongere"), clients(5, who="ouder", seed=2))
    one = compare_alone(team, Q).groups[0].stats
    youth, parents = Q.items["client.stem-telt"], Q.items["client.alle-stemmen"]
    assert one[youth.id].suppressed == (
        "enkel aan jongeren gevraagd; te zien zodra de jongeren van dit team apart staan "
        "(jongeren en ouders elk minstens 5)")
    assert one[parents.id].suppressed.startswith("enkel aan ouders gevraagd; te zien zodra de ouders")
    two = collection(clients(3, who="jongere"), clients(5, who="ouder", seed=2),
                     clients(2, team="Team Zuid"), clients(4, team="Team Zuid", who="ouder", seed=3))
    organisation = compare_alone(two, Q, "organisatie", min_group=6).groups[0].stats
    assert organisation[youth.id].suppressed == (
        "enkel aan jongeren gevraagd; telt enkel mee voor teams waar de jongeren apart staan "
        "(jongeren en ouders elk minstens 6)")


def test_larger_figures_set_workers_and_clients_of_the_same_teams_side_by_side(bank):
    """Team Zuid's workers are released but its 3 client answers are not: above the team, the
    workers' rows (and the header's count) leave Zuid out too, else 'zelf +0,46' compares Zuid's
    workers with Noord's clients."""
    people = worker_collection(workers(4, "Team Noord"), workers(3, "Team Zuid"))
    answers = collection(clients(6), clients(3, team="Team Zuid"))
    for grouping in ("organisatie", "team", "ronde"):
        comparison = compare(people, bank, grouping)
        views = three_views(comparison, answers)
        larger = views.groups[0] if grouping != "team" else views.everyone
        assert larger.clients.unit_keys == [("2026-najaar", "CAW Oost", "Team Noord")]
        assert larger.workers.size == 4, grouping  # Noord's 4, not Noord and Zuid's 7
        ladder = next(v for v in larger.views if v.client_item.id == "client.ladder")
        assert ladder.workers.n == 4 and ladder.workers.mean == pytest.approx(2.5)  # 1, 2, 3, 4
        assert ladder.gap_self == pytest.approx(3 - 2.5)
        everyone = comparison.everyone or comparison.groups[0]
        assert everyone.size == 7  # the workers' own report still counts everyone
    teams = three_views(compare(people, bank, "team"), answers)
    zuid = teams.group("Team Zuid (CAW Oost)")
    assert zuid.clients is None and zuid.workers.size == 3  # a team without client figures as it is
    noord = teams.group("Team Noord (CAW Oost)")
    assert noord.workers is compare(people, bank, "team").groups[0] or noord.workers.size == 4


def test_every_worker_row_beside_clients_sums_the_client_teams_only(bank):
    """On random teams: a group's workers beside its client figures are exactly the released
    worker units of the teams whose clients it shows."""
    rng = random.Random(7)
    for _ in range(20):
        people, answers = [], []
        for t in range(4):
            team, organisation = f"Team {t}", f"Org {t % 2}"
            people += workers(rng.randint(0, 6), team, organisation)
            answers += clients(rng.randint(0, 8), team, organisation, seed=t)
        comparison = compare(worker_collection(people), bank, "organisatie")
        views = three_views(comparison, collection(answers))
        for group in [*views.groups, views.everyone]:
            if group is None or group.clients is None:
                continue
            teams = {key[2] for key in group.clients.unit_keys}
            expected = sum(1 for p in people if p.participant.team in teams
                           and (group.name == "iedereen" or p.participant.organisation == group.name))
            assert group.workers.size == expected


def test_declines_count_from_the_parts_whose_values_count():
    """Team B's ouders gave 4 values and 1 'wil ik niet zeggen' on 'waarom': not shown apart, so
    that decline stays out of the ouders' row of everyone, which shows Team A's ouders only; the
    same for a whole team whose values on an item stay out (Team C)."""
    team_a = clients(5, team="Team A") + clients(5, team="Team A", who="ouder", seed=1)
    team_b = clients(5, team="Team B") + clients(5, team="Team B", who="ouder", seed=2)
    team_c = clients(6, team="Team C", seed=3)
    team_b[-1].answers.pop("client.waarom")
    team_b[-1].declined.add("client.waarom")
    for a in team_c[:2]:
        a.answers.pop("client.waarom")
        a.declined.add("client.waarom")
    result = compare_alone(collection(team_a, team_b, team_c), Q)
    b = result.group("Team B (CAW Oost)").by_who["ouder"]["client.waarom"]
    assert b.n == 0 and b.declined == 1  # a team's own row still says its declines
    c = result.group("Team C (CAW Oost)").stats["client.waarom"]
    assert c.n == 0 and c.declined == 2
    parents = result.everyone.by_who["ouder"]["client.waarom"]
    assert parents.n == 5 and parents.declined == 0  # Team A's ouders only, values and declines
    together = result.everyone.stats["client.waarom"]
    assert together.n == 10 + 9 and together.declined == 1  # A and B; not C's 2
    nobody = compare_alone(collection(team_b), Q).everyone.by_who["ouder"]["client.waarom"]
    assert nobody.n == 0 and nobody.declined == 1  # no values anywhere: the declines as shown


def test_every_client_question_mirrors_its_exact_counterpart(bank):
    """Each client question is the client's side of one worker item (visienota): 'hoe jullie aan
    die doelen werken' is the way to the goals (§4.4, vraaggestuurd.weg.micro), not who holds
    the regie in general (zelfbepaling.positie.micro)."""
    pairs = {item.id: (item.mirrors, item.estimate) for item in Q.items.values()}
    assert pairs == {
        "client.wat-je-wil": ("vraaggestuurd.vaststellingen-aftoetsen", None),
        "client.stem-telt": ("participatie.gelijk-gewicht", None),
        "client.alle-stemmen": ("vraaggestuurd.alle-stemmen", None),
        "client.begrepen": ("transparantie.begrijpen-nagaan", None),
        "client.waarom": ("transparantie.waarom-uitleggen", None),
        "client.eerst-vragen": ("transparantie.vooraf-aftoetsen", None),
        "client.bellen-mailen": ("transparantie.contact-met-medeweten", None),
        "client.opgeschreven": ("transparantie.dossier-laten-weten", None),
        "client.rechten-lezen": ("transparantie.info-rechten-plichten", None),
        "client.mensen-kiezen": ("participatie.inspraak-netwerk", None),
        "client.doelen": ("vraaggestuurd.doelen.micro", None),
        "client.aanpak": ("vraaggestuurd.weg.micro", None),
        "client.ladder": ("participatie.ladder.micro", "participatie.ladder.micro.clientbeeld"),
    }
    # the two 'wie beslist' questions answer on the scale of the §4.4 items they mirror: the same
    # steps from 'the worker decides' (1) to 'the client decides' (5)
    for client_id in ("client.doelen", "client.aanpak"):
        item = Q.items[client_id]
        worker = bank.items[item.mirrors]
        assert worker.scale.id == "vraaggestuurd-wie-bepaalt"
        assert worker.scale.values == item.scale.values == (1, 2, 3, 4, 5)
        assert "hulpverlener" in item.scale.levels[0].name and "hulpverlening" in worker.scale.levels[0].name
        assert "Ik beslis" in item.scale.levels[-1].name and "cliëntsysteem" in worker.scale.levels[-1].name
