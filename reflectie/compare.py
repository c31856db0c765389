"""Group statistics under the release rule: what a team or workgroup report may show. No Textual.

The release rule (DESIGN.md, "Anonymity"): readers of reports must not learn any one person's
answer, also not by subtracting two reports made from the same folder. So:

* A report concerns one round (the most recent, or the one asked for); the over-time grouping
  shows every round, each from that round's own units. People are never mixed across rounds.
* The **release unit** is a team of one organisation in one round. Teams with fewer than
  ``MIN_GROUP_FLOOR`` (3) people are pooled per organisation into one unit ("andere teams"); a pool
  that stays under the floor is left out. This partition is the same in every report, whatever
  minimum group size *k* a report asks for; a unit with fewer than *k* people is not shown.
* Every figure is a sum over whole released units: a team, an organisation, a round, everyone. Per
  item, a unit contributes only when at least *k* of its people gave a value for that item.
* A group's theme score is computed from its released item means; a micro–meso or self-image gap
  counts a unit only when the same people (at least *k*) answered both items.
* Texts and actions come only from released units; a report never names a pseudonym or a file, and
  says how many groups were left out, never how many people they hold.

Every released figure is therefore a function of sums over whole units of at least *k* people, and
any difference between such sums is again a sum over whole units: nobody can be isolated.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean, median
from typing import Any

from reflectie.analysis import normalised, profile_items
from reflectie.errors import ReflectieError
from reflectie.ledger import ReleaseLedger
from reflectie.loading import Collection
from reflectie.model import KIND_QUESTION, Action, Answers, Bank, Item
from reflectie.rules import GROUPINGS, MIN_GROUP_FLOOR, TOO_FEW_ANSWERS
from reflectie.rules import min_group as clamp_min_group

POOLED = "andere teams"
NO_TEAM = "(geen team)"
NO_ORGANISATION = "(geen organisatie)"


# --- release units -------------------------------------------------------------------------------


@dataclass
class Unit:
    """A release unit: one team (or the pooled small teams) of one organisation in one round."""

    round_id: str
    organisation: str
    team: str  # POOLED for the pool of small teams
    members: list[Answers]
    pooled_teams: int = 0
    # items whose values stay out because, beside earlier releases of this unit, fewer than k people
    # would give them (set by the release memory, ``ledger.ReleaseLedger.screen``)
    withheld_items: frozenset[str] = frozenset()

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def name(self) -> str:
        organisation = self.organisation or NO_ORGANISATION
        team = self.team or NO_TEAM
        return f"{team} ({organisation})"


def round_order(answers: Iterable[Answers]) -> list[str]:
    """Round ids in date order: by the earliest start in each round, then by label."""
    first: dict[str, tuple[date, str]] = {}
    for a in answers:
        key = (a.round.started.date(), a.round.id)
        if a.round.id not in first or key < first[a.round.id]:
            first[a.round.id] = key
    return sorted(first, key=lambda rid: first[rid])


def release_units(members: list[Answers], k: int) -> tuple[list[Unit], int]:
    """The released units of one round's answers, and how many teams are left out entirely.

    The partition into units uses the floor, never ``k``, so reports made with different minimum
    sizes cannot be subtracted either; ``k`` only decides which units are shown.
    """
    teams: dict[tuple[str, str], list[Answers]] = {}
    for answers in members:
        p = answers.participant
        teams.setdefault((p.organisation, p.team), []).append(answers)
    units: list[Unit] = []
    small: dict[str, list[tuple[str, list[Answers]]]] = {}
    round_id = members[0].round.id if members else ""
    for (organisation, team), people in sorted(teams.items()):
        if len(people) >= MIN_GROUP_FLOOR:
            units.append(Unit(round_id, organisation, team, people))
        else:
            small.setdefault(organisation, []).append((team, people))
    hidden = 0
    for organisation, pooled in sorted(small.items()):
        people = [a for _team, group in pooled for a in group]
        if len(people) >= MIN_GROUP_FLOOR:
            units.append(Unit(round_id, organisation, POOLED, people, pooled_teams=len(pooled)))
        else:
            hidden += len(pooled)
    released = [u for u in units if u.size >= k]
    hidden += sum(max(1, u.pooled_teams) for u in units if u.size < k)
    return released, hidden


# --- statistics ----------------------------------------------------------------------------------


@dataclass
class ItemStats:
    n: int
    distribution: dict[int, int]
    na: int = 0
    dont_know: int = 0
    mean: float | None = None
    median: float | None = None
    min: int | None = None
    max: int | None = None
    sd: float | None = None
    suppressed: str | None = None  # reason when the numbers are not shown


def item_stats(item: Item, values: list[int], na: int, dont_know: int = 0) -> ItemStats:
    """Statistics of released values (the caller applied the release rule)."""
    assert item.scale is not None
    distribution = {v: 0 for v in item.scale.values}
    for value in values:
        if value in distribution:
            distribution[value] += 1
    n = len(values)
    if n == 0:
        return ItemStats(n=0, distribution=distribution, na=na, dont_know=dont_know, suppressed=TOO_FEW_ANSWERS)
    stats = ItemStats(n=n, distribution=distribution, na=na, dont_know=dont_know, min=min(values), max=max(values))
    if not item.scale.nominal:
        stats.mean = fmean(values)
        stats.median = float(median(values))
        stats.sd = integer_stdev(values) if n >= 2 else None
    return stats


def integer_stdev(values: list[int]) -> float:
    """The sample standard deviation of whole numbers, exact until the one square root.

    ``statistics.stdev`` computes exactly too, but through fractions, and was the largest cost of a
    big report; for integers the sums are exact integers already."""
    n = len(values)
    total = sum(values)
    squares = sum(v * v for v in values)
    return math.sqrt((n * squares - total * total) / (n * (n - 1)))


@dataclass(frozen=True)
class PairGap:
    """The mean difference between two items answered by the same people (micro − meso, or the
    worker's self-image − the estimated clients' view), over released units."""

    left: str
    right: str
    n: int
    mean_difference: float


@dataclass
class GroupResult:
    name: str
    size: int  # people in the released units that make up this group
    units: int = 1
    stats: dict[str, ItemStats] = field(default_factory=dict)
    profile: dict[str, float | None] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    flagged: dict[str, int] = field(default_factory=dict)
    follow_up: dict[str, int] = field(default_factory=dict)  # actions 'gebeurd': ja / deels / nee
    pair_gaps: dict[tuple[str, str], PairGap] = field(default_factory=dict)

    def mean(self, item_id: str) -> float | None:
        stats = self.stats.get(item_id)
        return stats.mean if stats is not None else None


def _unit_facts(unit: Unit, bank: Bank) -> dict[str, Any]:
    """Per unit, once: values and marks per item, and the micro–meso and self-image differences of
    the people who answered both items of a pair."""
    values: dict[str, list[int]] = {}
    na: Counter[str] = Counter()
    dont_know: Counter[str] = Counter()
    for answers in unit.members:
        for item_id, value in answers.scores.items():
            item = bank.items.get(item_id)
            if item is not None and item.scale is not None and item_id not in unit.withheld_items:
                values.setdefault(item_id, []).append(value)
        na.update(answers.na)
        dont_know.update(answers.dont_know)
    pairs: dict[tuple[str, str], list[int]] = {}
    for item in bank.items.values():
        for other in (item.counterpart, item.self_image):
            if not other:
                continue
            left, right = (item.id, other) if other == item.counterpart else (other, item.id)
            if left in unit.withheld_items or right in unit.withheld_items:
                continue
            # only when the same people answered both: with one person more on one side, the
            # item's mean minus the gap's would give that person's answer
            answered = [(left in a.scores, right in a.scores) for a in unit.members]
            if any(has_left != has_right for has_left, has_right in answered):
                continue
            diffs = [a.scores[left] - a.scores[right] for a in unit.members if left in a.scores]
            if diffs:
                pairs[(left, right)] = diffs
    return {"values": values, "na": na, "dont_know": dont_know, "pairs": pairs}


def _group_result(name: str, units: list[Unit], facts: dict[int, dict[str, Any]], bank: Bank, k: int) -> GroupResult:
    result = GroupResult(name=name, size=sum(u.size for u in units), units=len(units))
    unit_facts = [facts[id(u)] for u in units]
    for item in bank.items.values():
        if item.scale is None:
            continue
        values: list[int] = []
        answered = False
        for f in unit_facts:
            unit_values = f["values"].get(item.id, [])
            if unit_values:
                answered = True
            if len(unit_values) >= k:  # the item-level release rule
                values += unit_values
        na = sum(f["na"][item.id] for f in unit_facts)
        dont_know = sum(f["dont_know"][item.id] for f in unit_facts)
        if answered or na or dont_know:
            result.stats[item.id] = item_stats(item, values, na, dont_know)
    for theme in bank.profile_themes():
        # from the released item means only: a mean of members' own theme scores would weigh each
        # person's answers by how many items they answered, and lay bare the answers of someone
        # who skipped an item (or the only answer on an item that is not shown)
        released = [(item, result.stats[item.id].mean) for item in profile_items(bank, theme.id)
                    if item.id in result.stats]
        means = [normalised(item, mean) for item, mean in released if mean is not None]
        result.profile[theme.id] = fmean(means) if means else None
    pair_values: dict[tuple[str, str], list[int]] = {}
    for f in unit_facts:
        for key, diffs in f["pairs"].items():
            if len(diffs) >= k:
                pair_values.setdefault(key, []).extend(diffs)
    result.pair_gaps = {key: PairGap(key[0], key[1], len(d), fmean(d)) for key, d in pair_values.items()}
    texts: dict[str, list[str]] = {}
    flagged: Counter[str] = Counter()
    follow_up: Counter[str] = Counter()
    for unit in units:
        for answers in unit.members:
            for item_id, answer in answers.texts.items():
                if answer.share and answer.text.strip():
                    texts.setdefault(item_id, []).append(answer.text.strip())
                if answer.discuss:
                    flagged[item_id] += 1
            for action in answers.actions:
                if action.happened:
                    follow_up[action.happened] += 1
                if action.share and not action.empty:
                    result.actions.append(action)
    # sorted, so the order says nothing about who wrote what
    result.texts = {k_: sorted(v) for k_, v in texts.items()}
    result.flagged = dict(flagged)
    result.follow_up = dict(follow_up)
    result.actions.sort(key=lambda a: (a.theme, a.level, a.text, a.ban, a.keep, a.reach))
    return result


# --- the comparison ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Starter:
    kind: str  # "spreiding", "micro-meso", "zelfbeeld"
    group: str
    item: Item
    other: Item | None
    value: float  # ordinal dispersion (0–1) or mean difference in scale steps
    text: str
    n: int = 0


@dataclass
class Comparison:
    grouping: str
    min_group: int
    groups: list[GroupResult]
    collection: Collection
    starters: list[Starter]
    bank: Bank
    rounds: list[str] = field(default_factory=list)  # the round(s) shown, in date order
    all_rounds: list[str] = field(default_factory=list)  # every round in the folder, in date order
    everyone: GroupResult | None = None  # all released units together: the reference
    people_shown: int = 0
    hidden_groups: int = 0  # groups of this grouping with nothing released
    hidden_teams: int = 0  # teams whose people are in no released unit
    # of those: units the release memory withheld (shown in an earlier report of the round, and the
    # difference would set apart fewer than k people), and the groups of this grouping left out only
    # for that reason (part of hidden_groups); the report tells this reason apart from "too small"
    withheld_teams: int = 0
    withheld_groups: int = 0
    withheld_people: int = 0  # terminal only, never in a report (it would size the withheld units)
    notes: list[str] = field(default_factory=list)  # safe to print in a report
    unit_groups: dict[str, list[Unit]] = field(default_factory=dict, repr=False)  # released units per group
    ledger: ReleaseLedger | None = field(default=None, repr=False)  # earlier releases (None: not checked)
    # what clients say beside this comparison (clientcompare.ThreeViews), set by whoever read client
    # files with it; reports and screens show it as "Drie blikken"
    three_views: Any = field(default=None, repr=False)

    @property
    def round_id(self) -> str | None:
        return self.rounds[0] if len(self.rounds) == 1 else None

    @property
    def visible_groups(self) -> list[GroupResult]:
        return self.groups

    def scored_items(self) -> list[Item]:
        ids = {item_id for g in self.groups for item_id in g.stats}
        return [item for theme in self.bank.ordered_themes(None) for item in theme.items if item.id in ids]

    def flagged_questions(self) -> list[tuple[int, Item]]:
        """Awareness questions by how often they were flagged 'bespreken' (released groups only)."""
        counts: Counter[str] = Counter()
        for group in self.groups:
            counts.update(group.flagged)
        pairs = [(n, self.bank.items[i]) for i, n in counts.items()
                 if n > 0 and i in self.bank.items and self.bank.items[i].kind == KIND_QUESTION]
        return sorted(pairs, key=lambda pair: (-pair[0], pair[1].id))

    def discussion_order(self) -> list[Item]:
        """Items for the bespreekmodus: the conversation starters first, then the questions most
        often flagged 'bespreken', then every other scored item in bank order."""
        order: list[Item] = []
        for starter in self.starters:
            if starter.item not in order:
                order.append(starter.item)
        for _count, item in self.flagged_questions():
            if item not in order:
                order.append(item)
        for item in self.scored_items():
            if item not in order:
                order.append(item)
        return order


def _organisation_name(organisation: str) -> str:
    return organisation or NO_ORGANISATION


def report_rounds(all_rounds: list[str], grouping: str, round_id: str | None = None) -> list[str]:
    """The rounds a report is about: the one asked for; per round every round; else the latest."""
    if round_id is not None:
        return [round_id]
    return all_rounds if grouping == "ronde" else all_rounds[-1:]


def compare(
    collection: Collection,
    bank: Bank,
    grouping: str = "team",
    min_group: int | None = None,
    round_id: str | None = None,
    ledger: ReleaseLedger | None = None,
) -> Comparison:
    """Group the collection under the release rule and compute everything a report shows.

    Per team or per organisation, the report concerns one round: ``round_id`` or the most recent.
    Per round, every round (or only ``round_id``) is a group, each from its own units.
    With a ``ledger`` (earlier releases), a unit that changed by fewer than *k* people or answers
    since it was shown before is withheld as well (``ledger.withheld`` says which, for the
    terminal). Raises ReflectieError (Dutch) for an unknown grouping or round.
    """
    if grouping not in GROUPINGS:
        raise ReflectieError(f"Onbekende groepering '{grouping}'. Kies uit: {', '.join(GROUPINGS)}.")
    k = clamp_min_group(min_group)
    all_rounds = round_order(collection.answers)
    if round_id is not None and round_id not in all_rounds:
        known = ", ".join(all_rounds) or "geen"
        raise ReflectieError(f"Er is geen ronde '{round_id}' in deze bestanden. Rondes: {known}.")
    rounds = report_rounds(all_rounds, grouping, round_id)
    by_round: dict[str, list[Answers]] = {}
    for answers in collection.answers:
        if answers.round.id in rounds:
            by_round.setdefault(answers.round.id, []).append(answers)
    units: list[Unit] = []
    hidden_teams = 0
    withheld_units: list[Unit] = []
    for rid in rounds:
        released, left_out = release_units(by_round.get(rid, []), k)
        if ledger is not None:
            screened = released
            released, withheld = ledger.screen(released, k)
            left_out += sum(1 for _ in withheld)
            kept = {id(u) for u in released}
            withheld_units += [u for u in screened if id(u) not in kept]
        units += released
        hidden_teams += left_out
    hidden = hidden_teams
    withheld_groups = len(withheld_units)
    facts = {id(u): _unit_facts(u, bank) for u in units}
    grouped: dict[str, list[Unit]] = {}
    if grouping == "team":
        order: dict[str, tuple[str, bool, str]] = {}
        for unit in units:
            grouped.setdefault(unit.name, []).append(unit)
            # per organisation, its teams alphabetically and its pooled small teams last
            order[unit.name] = (unit.organisation.casefold(), unit.team == POOLED, unit.team.casefold())
        names = sorted(grouped, key=lambda name: order[name])
    elif grouping == "organisatie":
        for unit in units:
            grouped.setdefault(_organisation_name(unit.organisation), []).append(unit)
        names = sorted(grouped, key=str.casefold)
        present = {_organisation_name(a.participant.organisation) for rid in rounds for a in by_round.get(rid, [])}
        hidden = len(present - set(grouped))
        # left out only because the memory withheld a unit: without it the organisation was shown
        withheld_groups = len({_organisation_name(u.organisation) for u in withheld_units} - set(grouped))
    else:
        for unit in units:
            grouped.setdefault(unit.round_id, []).append(unit)
        names = [rid for rid in rounds if rid in grouped]
        hidden = len([rid for rid in rounds if rid not in grouped])
        withheld_groups = len({u.round_id for u in withheld_units} - set(grouped))
    groups = [_group_result(name, grouped[name], facts, bank, k) for name in names]
    everyone = _group_result("iedereen", units, facts, bank, k) if units and grouping != "ronde" else None
    notes: list[str] = []
    if len(rounds) == 1 and len(all_rounds) > 1:
        others = ", ".join(r for r in all_rounds if r != rounds[0])
        notes.append(f"Dit rapport gaat over ronde {rounds[0]}. De map bevat ook "
                     f"{others}; vergelijk rondes met de groepering per ronde.")
    return Comparison(
        grouping=grouping,
        min_group=k,
        groups=groups,
        collection=collection,
        starters=group_starters(groups, bank),
        bank=bank,
        rounds=rounds,
        all_rounds=all_rounds,
        everyone=everyone,
        people_shown=sum(u.size for u in units),
        hidden_groups=hidden,
        hidden_teams=hidden_teams,
        withheld_teams=len(withheld_units),
        withheld_groups=withheld_groups,
        withheld_people=sum(u.size for u in withheld_units),
        notes=notes,
        unit_groups=grouped,
        ledger=ledger,
    )


# --- conversation starters, views over time, one group against the rest -------------------------
#
# Everything below is built from GroupResults (and so from released units only) or by calling
# ``compare`` again; nothing here looks at a person or at a unit that was not released.

SPREAD_THRESHOLD = 0.5
"""'Grote spreiding' from this ordinal dispersion on: as divided as a group of which one half
answers two steps lower than the other half (on any scale: Leik's D is relative to the scale)."""

GAP_THRESHOLD = 1.0
"""A micro–meso or self-image gap is a starter from one full scale step on (mean over the same
people): a difference everyone can name ('soms' against 'vaak'); half a step is one person in two
moving one step, which in groups of three to six is one or two people, not a pattern."""

STARTERS_PER_KIND = 3
"""At most this many starters of each kind per group: a meeting has time for a few."""

STARTER_KINDS = ("spreiding", "micro-meso", "zelfbeeld")

STARTER_RULES = (
    "Een gespreksstarter wordt per groep gekozen, met regels die voor elke schaal hetzelfde betekenen. "
    f"Grote spreiding: de ordinale spreiding (0 = iedereen hetzelfde antwoord, 1 = twee even grote kampen "
    f"aan de uiteinden van de schaal) is minstens {str(SPREAD_THRESHOLD).replace('.', ',')}, zo verdeeld als "
    "een groep waarvan de ene helft twee stappen lager antwoordt dan de andere. "
    "Micro tegenover meso en zelfbeeld tegenover het ingeschatte cliëntbeeld: het gemiddelde verschil "
    "bij dezelfde mensen is minstens één stap op de schaal. "
    f"Per groep en soort staan er hoogstens {STARTERS_PER_KIND}, de sterkste eerst."
)


def ordinal_dispersion(distribution: dict[int, int]) -> float | None:
    """Leik's ordinal dispersion of counts per scale value (in scale order): 0 when everyone gave
    the same answer, 1 when two equal halves sit at the two ends. None without answers or with a
    scale of one value. Independent of the number of values, so scales of 5 and 6 compare."""
    counts = list(distribution.values())
    total = sum(counts)
    if total == 0 or len(counts) < 2:
        return None
    cumulative = 0
    spread = 0.0
    for value_count in counts[:-1]:
        cumulative += value_count
        share = cumulative / total
        spread += share if share <= 0.5 else 1 - share
    return 2 * spread / (len(counts) - 1)


def _steps(value: float) -> str:
    from reflectie.dutch import nl_number

    size = abs(value)
    unit = "stap" if nl_number(size) == "1,00" else "stappen"
    return f"{nl_number(size)} {unit}"


def group_starters(groups: list[GroupResult], bank: Bank) -> list[Starter]:
    """Conversation starters per group (in the groups' order), by kind, the strongest first."""
    from reflectie.dutch import nl_number

    starters: list[Starter] = []
    for group in groups:
        found: dict[str, list[Starter]] = {kind: [] for kind in STARTER_KINDS}
        for item_id, stats in group.stats.items():
            item = bank.items.get(item_id)
            if item is None or item.scale is None or item.scale.nominal or stats.suppressed:
                continue
            spread = ordinal_dispersion(stats.distribution)
            if spread is not None and spread >= SPREAD_THRESHOLD:
                found["spreiding"].append(Starter(
                    "spreiding", group.name, item, None, spread,
                    f"grote spreiding: ordinale spreiding {nl_number(spread)}, antwoorden van "
                    f"{stats.min} tot {stats.max} (n {stats.n})", stats.n))
        for (left, right), gap in group.pair_gaps.items():
            left_item, right_item = bank.items.get(left), bank.items.get(right)
            if left_item is None or right_item is None or left_item.scale is None or right_item.scale is None:
                continue
            if left_item.scale.values != right_item.scale.values:
                continue  # steps of different scales are no common unit
            if abs(gap.mean_difference) < GAP_THRESHOLD - 1e-9:
                continue
            if right_item.self_image == left:
                direction = "hoger" if gap.mean_difference > 0 else "lager"
                found["zelfbeeld"].append(Starter(
                    "zelfbeeld", group.name, left_item, right_item, gap.mean_difference,
                    f"zelfbeeld gemiddeld {_steps(gap.mean_difference)} {direction} dan wat cliënten "
                    f"volgens dezelfde {gap.n} mensen zouden zeggen", gap.n))
            else:
                direction = "hoger" if gap.mean_difference > 0 else "lager"
                found["micro-meso"].append(Starter(
                    "micro-meso", group.name, left_item, right_item, gap.mean_difference,
                    f"zichzelf (micro) gemiddeld {_steps(gap.mean_difference)} {direction} dan de "
                    f"organisatie (meso), bij dezelfde {gap.n} mensen", gap.n))
        for kind in STARTER_KINDS:
            found[kind].sort(key=lambda s: (-abs(round(s.value, 9)), s.item.id))
            starters += found[kind][:STARTERS_PER_KIND]
    return starters


def starters_by_group(comparison: Comparison) -> list[tuple[GroupResult, list[Starter]]]:
    """Every shown group with its starters, in the groups' (alphabetical) order."""
    by_name: dict[str, list[Starter]] = {}
    for starter in comparison.starters:
        by_name.setdefault(starter.group, []).append(starter)
    return [(group, by_name.get(group.name, [])) for group in comparison.groups]


def rest_of(comparison: Comparison, name: str, label: str = "de andere groepen") -> GroupResult | None:
    """All released units of the comparison except those of group ``name``: itself a sum of
    released units, so releasable; None when there are no other units."""
    others = [unit for group, units in comparison.unit_groups.items() if group != name for unit in units]
    if not others:
        return None
    facts = {id(u): _unit_facts(u, comparison.bank) for u in others}
    return _group_result(label, others, facts, comparison.bank, comparison.min_group)


def find_group(comparison: Comparison, wanted: str) -> GroupResult:
    """The shown group called ``wanted`` (case-insensitive; a team's name alone when it is unique).
    Raises ReflectieError in Dutch that lists the shown groups; never says whether a hidden one exists."""
    key = wanted.strip().casefold()
    exact = [g for g in comparison.groups if g.name.casefold() == key]
    if exact:
        return exact[0]
    by_team = [g for g in comparison.groups if g.name.casefold().split(" (")[0] == key]
    if len(by_team) == 1:
        return by_team[0]
    names = "; ".join(g.name for g in comparison.groups)
    if len(by_team) > 1:
        raise ReflectieError(f"Meer dan één groep heet '{wanted}'. Geef de volledige naam: {names}.")
    raise ReflectieError(f"Er is geen getoonde groep '{wanted}'. Getoonde groepen: {names}.")


@dataclass(frozen=True)
class Change:
    """The change of a figure between two rounds, and whether it is smaller than one person moving
    one step (then it says nothing: noise, not progress)."""

    before: float
    after: float
    threshold: float
    places: int = 2  # the decimals a report shows ``before`` and ``after`` with

    @property
    def delta(self) -> float:
        """The difference of the two figures as a report shows them (rounded to ``places``), so a
        printed change is always the difference of the printed figures (37 → 43 is +6, even when
        the unrounded figures differ by 6,6)."""
        from reflectie.dutch import round_half_up

        shown = round_half_up(self.after, self.places) - round_half_up(self.before, self.places)
        return round_half_up(shown, self.places)

    @property
    def small(self) -> bool:
        """The shown change is smaller than one person moving one step (``threshold``)."""
        return abs(self.delta) < self.threshold - 1e-9


def item_change(before: ItemStats | None, after: ItemStats | None) -> Change | None:
    """Mean change of an item; one person moving one step moves a mean by 1/n (the smaller n)."""
    if before is None or after is None or before.mean is None or after.mean is None:
        return None
    return Change(before.mean, after.mean, 1 / min(before.n, after.n), places=2)


def theme_step(bank: Bank, theme_id: str) -> float:
    """How many profile points (0–100) one step on the theme's items is worth, on average."""
    theme = bank.themes[theme_id]
    steps = [100 / (i.scale.max - i.scale.min) for i in theme.items
             if i.in_profile and i.scale is not None and i.scale.max > i.scale.min]
    return fmean(steps) if steps else 25.0


def profile_change(bank: Bank, theme_id: str, before: GroupResult | None, after: GroupResult | None) -> Change | None:
    """Change of a theme score; one person moving one step on every item of the theme moves the
    group's score by one step's points divided by the group size (the smaller of the two rounds)."""
    if before is None or after is None:
        return None
    b, a = before.profile.get(theme_id), after.profile.get(theme_id)
    if b is None or a is None:
        return None
    return Change(b, a, theme_step(bank, theme_id) / min(before.size, after.size), places=0)


@dataclass
class OverTime:
    """Groups (teams or organisations) followed over rounds, each round from its own released units."""

    grouping: str  # "team" or "organisatie"
    rounds: list[str]  # date order
    per_round: dict[str, Comparison]
    names: list[str]  # every group shown in some round, alphabetical

    def result(self, name: str, round_id: str) -> GroupResult | None:
        comparison = self.per_round.get(round_id)
        if comparison is None:
            return None
        return next((g for g in comparison.groups if g.name == name), None)

    def everyone(self, round_id: str) -> GroupResult | None:
        comparison = self.per_round.get(round_id)
        return comparison.everyone if comparison is not None else None


def over_time(collection: Collection, bank: Bank, grouping: str, min_group: int | None,
              rounds: list[str], ledger: ReleaseLedger | None = None) -> OverTime:
    """``compare`` once per round (so every figure keeps the release rule of its own round)."""
    if grouping not in ("team", "organisatie"):
        raise ReflectieError("Over de tijd volgt reflectie teams of organisaties.")
    per_round: dict[str, Comparison] = {}
    for round_id in rounds:
        comparison = compare(collection, bank, grouping, min_group, round_id, ledger)
        if comparison.groups:
            per_round[round_id] = comparison
    names = sorted({g.name for c in per_round.values() for g in c.groups}, key=str.casefold)
    return OverTime(grouping, [r for r in rounds if r in per_round], per_round, names)
