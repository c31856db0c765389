"""Tools for attacking the release rule as a suspicious reader would.

* ``Span``: the rational row space of released linear functionals (sparse rows, exact ``Fraction``
  arithmetic, reduced row echelon form) and ``small_supports``: every vector of that space whose
  support touches fewer than *k* people.
* ``random_folder``: teams, organisations, rounds, leavers, joiners, n.v.t., weet ik niet, partial
  answers, shared and private texts and actions.
* ``Provenance``: which people stand behind every released figure, found from the released figures
  themselves. The folder is run a second time with every value replaced by a tag that names its
  person (a power of two on a scale made for that purpose) and with a tagged shared text per
  person; the tagged distributions, pair gaps, theme scores and texts then say exactly whose
  answers went into each figure, whatever ``compare`` does inside.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from statistics import fmean, stdev

from reflectie.analysis import normalised, profile_items
from reflectie.compare import Comparison, compare, rest_of
from reflectie.loading import Collection
from reflectie.model import (
    DONT_KNOW,
    FOLLOW_UP,
    NA,
    Action,
    Answers,
    Bank,
    Item,
    Participant,
    RoundInfo,
    Scale,
    ScaleLevel,
    TextAnswer,
)
from reflectie.rules import MIN_GROUP_FLOOR

# --- exact linear algebra --------------------------------------------------------------------------

Row = dict[int, Fraction]


class Span:
    """The row space of added vectors over the rationals, in reduced row echelon form."""

    def __init__(self) -> None:
        self.rows: dict[int, Row] = {}  # pivot column -> row with 1 at the pivot, 0 at other pivots

    def reduce(self, vector: Row) -> Row:
        v = {c: Fraction(x) for c, x in vector.items() if x}
        for col in [c for c in v if c in self.rows]:
            coef = v.get(col)
            if not coef:
                continue
            for c, x in self.rows[col].items():
                value = v.get(c, 0) - coef * x
                if value:
                    v[c] = value
                else:
                    v.pop(c, None)
        return v

    def add(self, vector: Row) -> bool:
        """Add a vector; False when it was already in the span."""
        v = self.reduce(vector)
        if not v:
            return False
        pivot = min(v)
        scale = v[pivot]
        v = {c: x / scale for c, x in v.items()}
        for row in self.rows.values():
            coef = row.get(pivot)
            if coef:
                for c, x in v.items():
                    value = row.get(c, 0) - coef * x
                    if value:
                        row[c] = value
                    else:
                        row.pop(c, None)
        self.rows[pivot] = v
        return True

    def contains(self, vector: Row) -> bool:
        return not self.reduce(vector)

    @property
    def rank(self) -> int:
        return len(self.rows)


def small_supports(span: Span, owner: dict[int, object], floor: int = MIN_GROUP_FLOOR) -> list[tuple]:
    """Sets of fewer than ``floor`` people (owners of columns) that carry a nonzero vector of the span.

    With R in reduced echelon form, a vector yR vanishes outside the columns of Q only if y is zero
    on every row whose pivot lies outside Q; so Q carries one exactly when the rows pivoting in Q,
    cut to the columns outside Q, are linearly dependent. Supports of one and two people are
    checked (the floor is 3); a larger floor would need larger sets here.
    """
    assert floor == 3, "only supports of one or two people are enumerated"
    pivots_of: dict[object, list[int]] = {}
    for pivot in span.rows:
        pivots_of.setdefault(owner[pivot], []).append(pivot)
    touching: dict[object, set] = {}
    for person, pivots in pivots_of.items():
        touching[person] = {owner[c] for p in pivots for c in span.rows[p]} - {person}

    def dependent(people: set) -> bool:
        rows = [span.rows[p] for person in people for p in pivots_of.get(person, [])]
        if not rows:
            return False
        cut = Span()
        for row in rows:
            if not cut.add({c: x for c, x in row.items() if owner[c] not in people}):
                return True
        return False

    leaks: list[tuple] = []
    for person in pivots_of:
        if dependent({person}):
            leaks.append((person,))
    checked: set[frozenset] = set()
    for person in pivots_of:
        partners = touching[person] | set(pivots_of)
        for other in partners:
            pair = frozenset((person, other))
            if other == person or pair in checked:
                continue
            checked.add(pair)
            if (person,) in leaks or (other,) in leaks:
                continue
            if dependent(set(pair)):
                leaks.append(tuple(sorted(pair, key=str)))
    return leaks


# --- random folders --------------------------------------------------------------------------------

ROUNDS = ("2025-najaar", "2026-voorjaar", "2026-najaar")
ROUND_START = {
    "2025-najaar": datetime(2025, 10, 1, 10, tzinfo=UTC),
    "2026-voorjaar": datetime(2026, 3, 1, 10, tzinfo=UTC),
    "2026-najaar": datetime(2026, 10, 1, 10, tzinfo=UTC),
}
SMALL_ITEMS = (
    "rol.positie.micro", "rol.positie.meso", "rol.bepaling.micro", "rol.niet-weten", "rol.org-niet-weten",
    "participatie.ladder.micro", "participatie.ladder.meso", "participatie.ladder.micro.clientbeeld",
    "participatie.gelijk-gewicht",
)
TEXT_QUESTIONS = ("rol.micro.1", "participatie.micro.1")
TAG_QUESTION = "participatie.micro.2"  # only the provenance run writes here


def small_bank(bank: Bank) -> Bank:
    """The built-in bank cut to two themes with every kind of item: positions with a meso twin, a
    self-image pair, a nominal item, indicators with n.v.t. and a counterpart, awareness questions."""
    keep = set(SMALL_ITEMS) | set(TEXT_QUESTIONS) | {TAG_QUESTION}
    themes = {}
    for theme_id in ("rol", "participatie"):
        theme = bank.themes[theme_id]
        themes[theme_id] = replace(theme, items=[i for i in theme.items if i.id in keep])
    items = {i.id: i for t in themes.values() for i in t.items}
    return Bank(themes=themes, scales=dict(bank.scales), items=items)


@dataclass
class Person:
    pid: str
    rounds: dict[str, tuple[str, str]]  # round -> (organisation, team)


@dataclass
class Folder:
    rounds: list[str]
    people: list[Person]
    answers: list[Answers]  # one per person and round
    tags: dict[tuple[str, str], int] = field(default_factory=dict)  # (round, pid) -> tag index

    def collection(self) -> Collection:
        return Collection(list(self.answers), [], len(self.answers))


def _choices(rng: random.Random, item: Item, partial: bool) -> int | str | None:
    roll = rng.random()
    if partial and roll < 0.45:
        return None
    roll = rng.random()
    if roll < 0.62:
        return rng.choice(item.scale.values)
    if roll < 0.74:
        return None
    if roll < 0.87 and item.scale.allows_na:
        return NA
    return DONT_KNOW


def random_folder(rng: random.Random, bank: Bank, rounds: int, team_sizes: list[list[int]],
                  max_per_round: int = 40) -> Folder:
    """People in ``team_sizes[org][team]``, over the last ``rounds`` rounds, with leavers, joiners
    and people who move to another team; answers on the bank's scored items and questions."""
    round_ids = list(ROUNDS[-rounds:])
    teams = [(f"Org {chr(65 + o)}", f"Team {chr(65 + o)}{t}") for o, sizes in enumerate(team_sizes)
             for t in range(len(sizes))]
    people: list[Person] = []
    number = 0
    for o, sizes in enumerate(team_sizes):
        for t, size in enumerate(sizes):
            home = (f"Org {chr(65 + o)}", f"Team {chr(65 + o)}{t}")
            for _ in range(size):
                number += 1
                first, last = 0, len(round_ids) - 1
                kind = rng.random()
                if kind < 0.15:
                    last = rng.randrange(len(round_ids) - 1)  # a leaver
                elif kind < 0.3:
                    first = rng.randrange(1, len(round_ids))  # a joiner
                membership = {}
                moved = rng.random() < 0.08
                for index in range(first, last + 1):
                    place = home
                    if moved and index == last and len(teams) > 1:
                        place = rng.choice(teams)
                    membership[round_ids[index]] = place
                people.append(Person(f"ps{number:03d}q", membership))
    scored = [i for i in bank.items.values() if i.scale is not None]
    answers: list[Answers] = []
    per_round: Counter[str] = Counter()
    folder = Folder(round_ids, [], [])
    for person in people:
        kept = {}
        for rid, (org, team) in person.rounds.items():
            if per_round[rid] >= max_per_round:
                continue
            per_round[rid] += 1
            kept[rid] = (org, team)
            start = ROUND_START[rid] + timedelta(days=rng.randrange(5))
            a = Answers(Participant(person.pid, "", org, team, ""),
                        RoundInfo(rid, start, start + timedelta(hours=1), 1), installation="inst" + person.pid)
            partial = rng.random() < 0.3
            for item in scored:
                a.set_choice(item.id, _choices(rng, item, partial))
            for q in TEXT_QUESTIONS:
                roll = rng.random()
                if roll < 0.45:
                    a.texts[q] = TextAnswer(f"gedeeld {person.pid} {rid} {q}", share=True, discuss=rng.random() < 0.5)
                elif roll < 0.7:
                    a.texts[q] = TextAnswer(f"privé {person.pid} {rid} {q}", share=False, discuss=rng.random() < 0.5)
            roll = rng.random()
            if roll < 0.35:
                a.actions.append(Action("rol", "micro", f"actie {person.pid} {rid}", share=True,
                                        happened=rng.choice((None, *FOLLOW_UP))))
            elif roll < 0.55:
                a.actions.append(Action("participatie", "micro", f"eigen actie {person.pid} {rid}", share=False,
                                        happened=rng.choice((None, *FOLLOW_UP))))
            answers.append(a)
            folder.tags[(rid, person.pid)] = per_round[rid] - 1
        person.rounds = kept
        if kept:
            folder.people.append(person)
    folder.answers = answers
    folder.rounds = [rid for rid in round_ids if per_round[rid]]
    return folder


# --- the oracle of DESIGN.md: which units a report shows --------------------------------------------


def units(folder: Folder, round_id: str) -> dict[str, tuple[str, str, frozenset[str]]]:
    """pid -> (organisation, unit name, members) for the people of released-size units of a round
    (at the floor): teams of 3 or more; small teams pooled per organisation when together 3 or more."""
    teams: dict[tuple[str, str], set[str]] = {}
    for person in folder.people:
        if round_id in person.rounds:
            teams.setdefault(person.rounds[round_id], set()).add(person.pid)
    result = {}
    small: dict[str, set[str]] = {}
    for (org, team), members in teams.items():
        if len(members) >= MIN_GROUP_FLOOR:
            for pid in members:
                result[pid] = (org, team, frozenset(members))
        else:
            small.setdefault(org, set()).update(members)
    for org, members in small.items():
        if len(members) >= MIN_GROUP_FLOOR:
            for pid in members:
                result[pid] = (org, "andere teams", frozenset(members))
    return result


# --- reports ----------------------------------------------------------------------------------------


def every_report(folder: Folder, minimums=(3, 4, 5)) -> list[tuple[str, str | None, int]]:
    """(grouping, round filter, minimum) of every report the command line can make."""
    return [(grouping, round_id, k) for grouping in ("team", "organisatie", "ronde")
            for round_id in (None, *folder.rounds) for k in minimums]


# --- provenance: tagged runs ------------------------------------------------------------------------


def tag_scale(scale: Scale, size: int) -> Scale:
    levels = (ScaleLevel(0, "nul"),) + tuple(ScaleLevel(1 << j, f"t{j}") for j in range(size))
    return Scale(scale.id, scale.name, levels, scale.nominal, scale.allows_na)


def tag_bank(bank: Bank, size: int) -> Bank:
    items = {}
    for item in bank.items.values():
        items[item.id] = replace(item, scale=tag_scale(item.scale, size)) if item.scale is not None else item
    themes = {tid: replace(t, items=[items[i.id] for i in t.items]) for tid, t in bank.themes.items()}
    return Bank(themes=themes, scales=dict(bank.scales), items=items)


def pair_keys(bank: Bank) -> list[tuple[str, str]]:
    keys = []
    for item in bank.items.values():
        for other in (item.counterpart, item.self_image):
            if other:
                keys.append((item.id, other) if other == item.counterpart else (other, item.id))
    return keys


def tagged(folder: Folder, right_zero: set[str]) -> list[Answers]:
    """Copies where each value is the tag of its person (0 for items in ``right_zero``) and each
    person has one shared text naming the tag."""
    out = []
    for a in folder.answers:
        tag = 1 << folder.tags[(a.round.id, a.participant.id)]
        copy = replace(a, scores={i: (0 if i in right_zero else tag) for i in a.scores},
                       na=set(a.na), dont_know=set(a.dont_know), texts=dict(a.texts), actions=list(a.actions))
        copy.texts[TAG_QUESTION] = TextAnswer(f"TAG {a.round.id} {folder.tags[(a.round.id, a.participant.id)]}",
                                              share=True)
        out.append(copy)
    return out


def decode(total: int, round_id: str, folder: Folder) -> frozenset[str]:
    by_tag = {t: pid for (rid, pid), t in folder.tags.items() if rid == round_id}
    people = set()
    bit = 0
    while total:
        if total & 1:
            if bit not in by_tag:
                raise ProvenanceError(f"tag {bit} belongs to nobody in round {round_id}")
            people.add(by_tag[bit])
        total >>= 1
        bit += 1
    return frozenset(people)


@dataclass
class Released:
    """What one report releases, with the people behind every figure (found by the tagged runs)."""

    report: tuple
    comparison: Comparison
    item_sets: dict[tuple[str, str], frozenset[str]]  # (group, item) -> people with a value in the figure
    members: dict[str, frozenset[str]]  # group -> people whose texts, flags and counts it shows
    rounds: dict[str, str]  # group -> round
    pair_sets: dict[tuple[str, str, str], frozenset[str]]  # (group, left, right) -> people
    # (group, theme) -> (the score is derived from released item means in the tagged run,
    #                    the sets of people whose theme scores it could average)
    profile_sets: dict[tuple[str, str], tuple[bool, list[frozenset[str]]]]


class ProvenanceError(AssertionError):
    pass


REST = "rest van "


def released_groups(c: Comparison):
    """Every group whose figures a report can show: the groups, everyone, and for a group's own
    sheet (per team or organisation) the rest of the comparison beside it."""
    groups = list(c.groups) + ([c.everyone] if c.everyone is not None else [])
    if c.grouping in ("team", "organisatie"):
        rests = (rest_of(c, g.name, REST + g.name) for g in c.groups)
        groups += [rest for rest in rests if rest is not None]
    return groups


_groups = released_groups


def derived_profile(bank: Bank, group, theme_id: str) -> float | None:
    """A group's theme score computed from its released item means only."""
    means = [normalised(item, group.stats[item.id].mean) for item in profile_items(bank, theme_id)
             if item.id in group.stats and group.stats[item.id].mean is not None]
    return fmean(means) if means else None


def provenance(folder: Folder, bank: Bank, report: tuple, real: Comparison) -> Released:
    grouping, round_id, k = report
    size = max(folder.tags.values()) + 1
    tbank = tag_bank(bank, size)
    rights = {r for _l, r in pair_keys(bank)}
    run_a = compare(Collection(tagged(folder, set()), [], len(folder.answers)), tbank, grouping, k, round_id)
    run_b = compare(Collection(tagged(folder, rights), [], len(folder.answers)), tbank, grouping, k, round_id)
    names = [g.name for g in _groups(real)]
    if [g.name for g in _groups(run_a)] != names or [g.name for g in _groups(run_b)] != names:
        raise ProvenanceError(f"{report}: the groups depend on the values: {names}")
    item_sets: dict = {}
    members: dict = {}
    rounds: dict = {}
    pair_sets: dict = {}
    profile_sets: dict = {}
    for g_a, g_b in zip(_groups(run_a), _groups(run_b)):
        tags = g_a.texts.get(TAG_QUESTION, [])
        group_rounds = {t.split()[1] for t in tags}
        if len(group_rounds) > 1:
            raise ProvenanceError(f"{report}: group {g_a.name} mixes rounds {sorted(group_rounds)}")
        rid = group_rounds.pop() if group_rounds else (round_id or folder.rounds[-1])
        by_tag = {t: pid for (r, pid), t in folder.tags.items() if r == rid}
        members[g_a.name] = frozenset(by_tag[int(t.split()[2])] for t in tags)
        rounds[g_a.name] = rid
        for item_id, stats in g_a.stats.items():
            if stats.n == 0:
                continue
            counts = {v: c for v, c in stats.distribution.items() if c}
            if any(c != 1 for c in counts.values()) or 0 in counts:
                raise ProvenanceError(f"{report}: {g_a.name}/{item_id} counts a person twice: {counts}")
            item_sets[(g_a.name, item_id)] = decode(sum(counts), rid, folder)
        for (left, right), gap in g_b.pair_gaps.items():
            total = Fraction(gap.mean_difference) * gap.n
            whole = round(total)
            if abs(total - whole) > Fraction(1, 4):
                raise ProvenanceError(f"{report}: pair gap {left}/{right} of {g_b.name} is not a tag sum")
            people = decode(whole, rid, folder)
            if len(people) != gap.n:
                raise ProvenanceError(f"{report}: pair gap {left}/{right} of {g_b.name}: n {gap.n}, tags {len(people)}")
            pair_sets[(g_b.name, left, right)] = people
        for theme in tbank.profile_themes():
            value = g_a.profile.get(theme.id)
            if value is None:
                continue
            derived = derived_profile(tbank, g_a, theme.id)
            is_derived = derived is not None and abs(derived - value) <= 1e-9 * max(1.0, abs(value))
            top = 1 << (size - 1)
            found = []
            for n in range(1, size + 1):
                total = value * n * top / 100
                whole = round(total)
                if abs(total - whole) < 1e-3 and whole.bit_count() == n:
                    try:
                        found.append(decode(whole, rid, folder))
                    except ProvenanceError:
                        continue  # not a set of this round's people
            if not found and not is_derived:
                raise ProvenanceError(f"{report}: theme score {theme.id} of {g_a.name} is neither derived "
                                      "from released item means nor a mean of members' theme scores")
            profile_sets[(g_a.name, theme.id)] = (is_derived, found)
    return Released(report, real, item_sets, members, rounds, pair_sets, profile_sets)


# --- checking the real run against the provenance, and the functionals ------------------------------


class Variables:
    """Columns: one per person, round, item and kind of answer (each scale value, n.v.t., weet ik
    niet), per person and question ('bespreken'), per person and follow-up ('gebeurd')."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}
        self.owner: dict[int, tuple[str, str]] = {}

    def __call__(self, round_id: str, pid: str, *key) -> int:
        full = (round_id, pid, *key)
        if full not in self.index:
            self.index[full] = len(self.index)
            self.owner[self.index[full]] = (round_id, pid)
        return self.index[full]

    def name(self, column: int) -> tuple:
        for key, col in self.index.items():
            if col == column:
                return key
        raise KeyError(column)


def value_functional(var: Variables, bank: Bank, rid: str, people, item_id: str, weight=lambda p: 1) -> Row:
    item = bank.items[item_id]
    row: Row = {}
    for pid in people:
        for v in item.scale.values:
            row[var(rid, pid, item_id, v)] = Fraction(v) * weight(pid)
    return row


def check_and_collect(folder: Folder, bank: Bank, released: Released, var: Variables) -> list[Row]:
    """Check that every released figure of the real run is what its people's answers give, and
    return the released figures as linear functionals of the people's answer variables."""
    by_key = {(a.round.id, a.participant.id): a for a in folder.answers}
    report = released.report
    rows: list[Row] = []
    for group in _groups(released.comparison):
        rid = released.rounds[group.name]
        members = released.members[group.name]
        people = [by_key[(rid, pid)] for pid in sorted(members)]
        # texts, actions, flags and follow-up: exactly those of the members
        texts: dict[str, list[str]] = {}
        for a in people:
            for q, t in a.texts.items():
                if t.share and t.text.strip():
                    texts.setdefault(q, []).append(t.text.strip())
        assert group.texts == {q: sorted(v) for q, v in texts.items()}, (report, group.name, "texts")
        shared_actions = sorted(x.text for a in people for x in a.actions if x.share and not x.empty)
        assert sorted(x.text for x in group.actions) == shared_actions, (report, group.name, "actions")
        flags = Counter(q for a in people for q, t in a.texts.items() if t.discuss)
        assert {q: n for q, n in group.flagged.items() if n} == dict(flags), (report, group.name, "flags")
        done = Counter(x.happened for a in people for x in a.actions if x.happened)
        assert {h: n for h, n in group.follow_up.items() if n} == dict(done), (report, group.name, "gebeurd")
        for q in {q for a in people for q in a.texts}:
            rows.append({var(rid, pid, q, "bespreken"): Fraction(1) for pid in members})
        for h in FOLLOW_UP:
            rows.append({var(rid, pid, "gebeurd", h): Fraction(1) for pid in members})
        # per item
        for item_id, stats in group.stats.items():
            item = bank.items[item_id]
            na = sum(1 for a in people if item_id in a.na)
            dk = sum(1 for a in people if item_id in a.dont_know)
            assert (stats.na, stats.dont_know) == (na, dk), (report, group.name, item_id, "n.v.t./weet niet")
            rows.append({var(rid, pid, item_id, NA): Fraction(1) for pid in members})
            rows.append({var(rid, pid, item_id, DONT_KNOW): Fraction(1) for pid in members})
            if stats.n == 0:
                continue
            who = released.item_sets[(group.name, item_id)]
            assert who <= members, (report, group.name, item_id, "values from outside the group's members")
            values = [by_key[(rid, pid)].scores[item_id] for pid in sorted(who)]
            assert stats.n == len(values), (report, group.name, item_id)
            assert stats.distribution == {v: values.count(v) for v in item.scale.values}, (report, group.name, item_id)
            if stats.mean is not None:
                assert abs(stats.mean - fmean(values)) < 1e-9
                if stats.sd is not None:
                    assert abs(stats.sd - stdev(values)) < 1e-9
            for v in item.scale.values:
                rows.append({var(rid, pid, item_id, v): Fraction(1) for pid in who})
        for (name, left, right), who in released.pair_sets.items():
            if name != group.name:
                continue
            gap = group.pair_gaps[(left, right)]
            diffs = [by_key[(rid, p)].scores[left] - by_key[(rid, p)].scores[right] for p in sorted(who)]
            assert gap.n == len(diffs) and abs(gap.mean_difference - fmean(diffs)) < 1e-9, (report, name, left)
            row = value_functional(var, bank, rid, who, left)
            for col, x in value_functional(var, bank, rid, who, right).items():
                row[col] = row.get(col, 0) - x
            rows.append(row)
        for theme in bank.profile_themes():
            key = (group.name, theme.id)
            value = group.profile.get(theme.id)
            if value is None:
                continue
            is_derived, candidates = released.profile_sets[key]
            derived = derived_profile(bank, group, theme.id)
            if is_derived and derived is not None and abs(derived - value) < 1e-9:
                continue  # a function of released item means: nothing new
            items = profile_items(bank, theme.id)
            fitting = []
            for who in candidates:
                scores = {}
                row: Row = {}
                for pid in who:
                    a = by_key[(rid, pid)]
                    answered = [i for i in items if i.id in a.scores]
                    if not answered:
                        break
                    scores[pid] = fmean(normalised(i, a.scores[i.id]) for i in answered)
                    for i in answered:
                        for v in i.scale.values:
                            exact = Fraction(v - i.scale.min, i.scale.max - i.scale.min) * 100
                            row[var(rid, pid, i.id, v)] = exact / len(answered)
                else:
                    if abs(fmean(scores.values()) - value) < 1e-9:
                        fitting.append(row)
            assert fitting, (report, key, "theme score not explained by released figures or members")
            rows += fitting[:-1]
            row = fitting[-1]
            rows.append(row)
    return rows


def witness(span: Span, owner: dict[int, object], people: tuple) -> Row:
    """A nonzero vector of the span that involves only ``people``'s columns (for messages)."""
    rows = [span.rows[p] for p in span.rows if owner[p] in people]
    basis: list[tuple[Row, dict[int, Fraction]]] = []  # (cut row, combination of rows)
    for index, row in enumerate(rows):
        cut = {c: x for c, x in row.items() if owner[c] not in people}
        combo = {index: Fraction(1)}
        for base, base_combo in basis:
            pivot = min(base)
            coef = cut.get(pivot)
            if coef:
                for c, x in base.items():
                    value = cut.get(c, 0) - coef * x
                    if value:
                        cut[c] = value
                    else:
                        cut.pop(c, None)
                for i, x in base_combo.items():
                    combo[i] = combo.get(i, 0) - coef * x
        if not cut:
            vector: Row = {}
            for i, y in combo.items():
                for c, x in rows[i].items():
                    vector[c] = vector.get(c, 0) + y * x
            return {c: x for c, x in vector.items() if x}
        scale = cut[min(cut)]
        basis.append(({c: x / scale for c, x in cut.items()}, {i: x / scale for i, x in combo.items()}))
    return {}


def describe(span: Span, var: Variables, leaks: list[tuple]) -> str:
    lines = []
    for leak in leaks[:3]:
        vector = witness(span, var.owner, leak)
        terms = ", ".join(f"{x}·{var.name(c)}" for c, x in sorted(vector.items())[:12])
        lines.append(f"{leak}: the released figures determine {terms}")
    return "\n".join(lines)
