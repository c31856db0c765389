"""Clients' answers (cliëntstem) under the release rule, and the three views beside the workers'.

No Textual.

Release rule for client answers (DESIGN.md, "The clients' own voice" and "Anonymity"):

* The **release unit** is one team of one organisation in one round: all client files of that team
  and round, young people and parents together. Small teams are *not* pooled: a unit with fewer than
  *k* files is left out of every figure, and reports count the teams left out, never their files.
  ``k = rules.client_min_group(requested, worker_min)``: at least ``CLIENT_MIN_GROUP`` (5) and never
  below the minimum used for the workers in the same report.
* Per item, a unit contributes its values only when at least *k* of its files gave a value for that
  item; 'wil ik niet zeggen' is counted from the same units (or parts) as the values, and only
  when none of them gives values, from every released unit (or part) that answered the item.
* **Jongeren and ouders apart**: a unit's answers are split by who answered only when every
  non-empty part holds at least *k* files; otherwise that unit counts in the figures for everyone
  together but in neither part. Per item, a split unit's parts count only when every part that
  answered the item gave at least *k* values (else the unit counts for that item in the figure for
  everyone only). So every released figure, also a part, is a sum over whole parts of at least *k*
  values, and any difference between two released figures is again such a sum.
* **The workers' unit first** (a decision of the lead): a team's client unit is released only when
  that team's workers are themselves released in the same round and report: a unit of its own (not
  pooled into "andere teams"), not hidden, not withheld by the ledger, and at least the workers'
  *k* people (``released_worker_units``). Otherwise the team's client answers are left out and
  counted, never sized: clients judging a team of one or two workers would judge identifiable
  people.
* An organisation, a round and everyone are sums of released units only, under both conditions (a
  team's client unit enters a larger figure only when it would be released at team level; the
  partition never depends on *k*).
* With a release ledger (``ledger.ReleaseLedger``) client units are releases too: a unit whose
  files differ from an earlier release of it by fewer than *k* is withheld (key
  ``("client", round, organisation, team)``).

API for reports and screens (the reports helper integrates it; nothing here renders):

``collect_clients(folders, questionnaire=None, keyring=None, allow_unsealed=None)``
    ``-> ClientCollection``.
    Reads every ``*.clientstem`` below the folders (sealed files with the private keys of this
    device: ``sealing.private_keys()`` by default). ``.answers`` (list of ClientAnswers),
    ``.problems`` (LoadProblem: file + Dutch reason; terminal only, like worker diagnostics),
    ``.files_seen``, ``.key_problems`` (key files that could not be read).

``compare_clients(collection, questionnaire=None, grouping="team", min_group=None, round_id=None,
worker_min_group=None, rounds=None, *, worker_units, ledger=None) -> ClientComparison``
    The same groupings as ``compare.compare`` ("team", "organisatie", "ronde") and the same round
    choice (the most recent, ``round_id``, or the worker report's ``rounds``). ``worker_units`` is
    required: the (round, organisation, team) of the released worker units
    (``released_worker_units(comparison)``); ``three_views`` passes it. ``.groups``: list of
    ClientGroup, named exactly like the worker GroupResult of the same grouping (a team is
    ``"Team (Organisatie)"``), ``.everyone``, ``.min_group`` (*k*), ``.hidden_teams`` and
    ``.hidden_groups`` (counts of left-out teams/groups), ``.notes`` (safe for reports).

``ClientGroup``: ``name``, ``size`` (files in released units), ``units``, ``unit_keys`` ((round,
organisation, team) of those units), ``stats`` (item id →
ClientItemStats, everyone together), ``by_who`` ("jongere"/"ouder" → item id → ClientItemStats, from
units whose split is released), ``who_sizes`` (files per part in those units), ``split_units``.

``ClientItemStats`` is ``compare.ItemStats`` (n, distribution value → count, mean, median, min, max,
sd, suppressed) plus ``declined`` (the 'wil ik niet zeggen' count). Values are on the client scale,
which has the same values as the mirrored worker item (checked when the questionnaire loads).

``three_views(comparison, client_collection, questionnaire=None, min_group=None) -> ThreeViews``
    For a worker ``Comparison``: per group (the worker groups in their order, then groups that only
    clients released) a ``GroupViews`` with ``workers`` (GroupResult or None; beside client
    figures, from exactly the teams whose client figures the group shows), ``clients``
    (ClientGroup or None) and ``views``: one ``MirrorView`` per client question, in questionnaire
    order, with ``client_item`` (its texts per version, its scale with everyday labels),
    ``worker_item`` (the mirrored worker item: their self-position), ``estimate_item`` (the
    workers' estimate of the clients' view; the ladder only), ``workers``/``estimate`` (ItemStats
    from the worker group, or None), ``clients`` (ClientItemStats or None), ``clients_by_who``, and
    ``gap_self``/``gap_estimate`` (clients' mean minus the workers' mean, None unless both are
    released). ``ThreeViews.everyone`` does the same for all released units together, and
    ``ThreeViews.starters`` lists the conversation starters where clients and workers differ most:
    per group at most ``CLIENT_STARTERS_PER_GROUP``, from ``GAP_THRESHOLD`` (one scale step) on
    (``CLIENT_STARTER_RULE`` says so in words; ``starters_for(name)``). ``ThreeViews.method`` is the
    method note for reports. With the comparison's ledger, client units are screened and recorded
    as releases too (committed with the comparison's ledger).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from statistics import fmean, median, stdev
from typing import TYPE_CHECKING

from reflectie.clientstem import SUFFIX, ClientAnswers, ClientFileError, read_client_file
from reflectie.clientvragen import WHO, WHO_PLURAL, ClientItem, Questionnaire, default_questionnaire
from reflectie.compare import (
    GAP_THRESHOLD,
    NO_ORGANISATION,
    NO_TEAM,
    POOLED,
    Comparison,
    GroupResult,
    ItemStats,
    _group_result,
    _unit_facts,
)
from reflectie.dutch import count, nl_number
from reflectie.errors import ReflectieError
from reflectie.ledger import SPLIT_MARK
from reflectie.loading import LoadProblem, answer_files
from reflectie.model import Item
from reflectie.rules import GROUPINGS, TOO_FEW_ANSWERS, client_min_group
from reflectie.sealing import KeyRing, private_keys

if TYPE_CHECKING:
    from reflectie.ledger import ReleaseLedger

UnitKey = tuple[str, str, str]  # (round, organisation, team)
ONLY_TOGETHER = "enkel samen te tonen"  # a part with enough answers beside a part with too few


def only_apart(item: ClientItem, k: int, one_team: bool) -> str:
    """Why a question only one part is asked (only jongeren, or only ouders) shows nothing in a
    team whose parts are not shown apart: its n would tell how many of that part answered, and so
    the size of the other part. ``one_team``: a team's figure (else an organisation, round or everyone)."""
    asked = WHO_PLURAL[next(iter(item.texts))]
    where = f"zodra de {asked} van dit team" if one_team else f"voor teams waar de {asked}"
    verb = "te zien" if one_team else "telt enkel mee"
    return (f"enkel aan {asked} gevraagd; {verb} {where} apart staan (jongeren en ouders elk "
            f"minstens {k})")

# --- loading -------------------------------------------------------------------------------------


@dataclass
class ClientCollection:
    answers: list[ClientAnswers]
    problems: list[LoadProblem]  # terminal only: names files
    files_seen: int
    key_problems: list[str] = field(default_factory=list)


DEMO_BESIDE_REAL = ("verzegeld met de demosleutel (fictieve gegevens) tussen echte cliëntbestanden: telt niet "
                    "mee, want iedereen kan die sleutel namaken.")


def client_files(folders: Iterable[Path]) -> list[Path]:
    """Every ``*.clientstem`` below the folders (hidden files and folders skipped)."""
    return [path for path in answer_files(folders, SUFFIX) if path.name.endswith(SUFFIX)]


def collect_clients(
    folders: Iterable[Path],
    questionnaire: Questionnaire | None = None,
    keyring: KeyRing | None = None,
    allow_unsealed: bool | None = None,
) -> ClientCollection:
    """Read every client file below the folders; a file that cannot be used is reported and
    skipped."""
    questionnaire = questionnaire or default_questionnaire()
    keyring = keyring if keyring is not None else private_keys()
    files = client_files(folders)
    answers: list[ClientAnswers] = []
    problems: list[LoadProblem] = []
    for path in files:
        try:
            answers.append(read_client_file(path, questionnaire, keyring, allow_unsealed))
        except ClientFileError as exc:
            problems.append(LoadProblem(path, exc.reason))
    if any(a.sealed and not a.demo for a in answers):
        # the demo's key is derived from a published seed: beside real files, a file sealed to it
        # could be anyone's forgery, so it counts only in a folder of demo files alone
        problems += [LoadProblem(a.path, DEMO_BESIDE_REAL) for a in answers if a.demo and a.path is not None]
        answers = [a for a in answers if not a.demo]
    answers.sort(key=lambda a: (a.round_id, a.organisation, a.team, a.who, str(a.path)))
    return ClientCollection(answers, problems, len(files), list(keyring.problems))


# --- release units -------------------------------------------------------------------------------

SPLIT_WITHHELD = SPLIT_MARK  # in withheld_items: the parts stay together (set by the ledger)


@dataclass
class ClientUnit:
    round_id: str
    organisation: str
    team: str
    members: list[ClientAnswers]
    # set by the release memory: items whose values, beside earlier releases of this unit, would
    # come from fewer than k clients; SPLIT_WITHHELD among them keeps jongeren and ouders together
    withheld_items: frozenset[str] = frozenset()

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def name(self) -> str:
        """The same name as the workers' unit of this team (``compare.Unit.name``)."""
        return f"{self.team or NO_TEAM} ({self.organisation or NO_ORGANISATION})"

    def parts(self) -> dict[str, list[ClientAnswers]]:
        parts: dict[str, list[ClientAnswers]] = {}
        for client in self.members:
            parts.setdefault(client.who, []).append(client)
        return parts

    def split_released(self, k: int) -> bool:
        """True when every non-empty part (jongeren, ouders) holds at least ``k`` files (and the
        release memory did not hold the split back)."""
        if SPLIT_WITHHELD in self.withheld_items:
            return False
        return all(len(part) >= k for part in self.parts().values())

    @property
    def key(self) -> UnitKey:
        return (self.round_id, self.organisation, self.team)


def released_worker_units(comparison: Comparison) -> frozenset[UnitKey]:
    """(round, organisation, team) of every team whose workers the comparison releases as a unit
    of its own: not pooled with other small teams, not hidden, not withheld by the ledger, and
    with at least the comparison's *k* people. Only their clients' answers may be released."""
    return frozenset(
        (unit.round_id, unit.organisation, unit.team)
        for units in comparison.unit_groups.values()
        for unit in units
        if unit.team != POOLED and unit.size >= comparison.min_group
    )


def client_release_units(
    members: list[ClientAnswers], k: int, worker_units: Collection[UnitKey]
) -> tuple[list[ClientUnit], int]:
    """The released units of one round's client files, and how many teams are left out: a team
    is released with at least ``k`` files and only when its workers' unit is in
    ``worker_units``."""
    teams: dict[tuple[str, str], list[ClientAnswers]] = {}
    for client in members:
        teams.setdefault((client.organisation, client.team), []).append(client)
    round_id = members[0].round_id if members else ""
    released: list[ClientUnit] = []
    hidden = 0
    for (organisation, team), files in sorted(teams.items()):
        if len(files) >= k and (round_id, organisation, team) in worker_units:
            released.append(ClientUnit(round_id, organisation, team, files))
        else:
            hidden += 1
    return released, hidden


# --- statistics ----------------------------------------------------------------------------------


@dataclass
class ClientItemStats(ItemStats):
    declined: int = 0  # 'wil ik niet zeggen'


def client_item_stats(item: ClientItem, values: list[int], declined: int) -> ClientItemStats:
    distribution = {v: 0 for v in item.scale.values}
    for value in values:
        if value in distribution:
            distribution[value] += 1
    n = len(values)
    if n == 0:
        return ClientItemStats(
            n=0, distribution=distribution, declined=declined, suppressed=TOO_FEW_ANSWERS
        )
    return ClientItemStats(
        n=n,
        distribution=distribution,
        declined=declined,
        mean=fmean(values),
        median=float(median(values)),
        min=min(values),
        max=max(values),
        sd=stdev(values) if n >= 2 else None,
    )


def _stats(
    parts: list[tuple[list[ClientAnswers], frozenset[str]]], questionnaire: Questionnaire, k: int
) -> dict[str, ClientItemStats]:
    """Item statistics over whole parts (units or unit parts), each contributing an item's values
    only when it holds at least ``k`` of them (and the release memory did not withhold the item);
    'wil ik niet zeggen' as ``_declined`` says."""
    result: dict[str, ClientItemStats] = {}
    for item in questionnaire.items.values():
        values: list[int] = []
        declines: list[tuple[bool, int]] = []
        for part, withheld in parts:
            if item.id in withheld:
                continue
            part_values = [c.answers[item.id] for c in part if item.id in c.answers]
            part_declined = sum(1 for c in part if item.id in c.declined)
            if part_values or part_declined:
                counted = len(part_values) >= k
                if counted:
                    values += part_values
                declines.append((counted, part_declined))
        if declines:
            result[item.id] = client_item_stats(item, values, _declined(declines))
    return result


def _declined(declines: list[tuple[bool, int]]) -> int:
    """'Wil ik niet zeggen' of a figure from (values counted?, declines) per part that answered an
    item: the declines of the parts whose values count, so n and the declines come from the same
    parts (a part's declines beside values of other parts would mix parts the figure leaves out);
    when no part's values count, the figure shows no values and the declines of every part, as
    each of those parts shows them on its own."""
    if any(counted for counted, _n in declines):
        return sum(n for counted, n in declines if counted)
    return sum(n for _counted, n in declines)


@dataclass
class ClientGroup:
    name: str
    size: int  # client files in the released units of this group
    units: int
    unit_keys: list[UnitKey] = field(default_factory=list)  # (round, organisation, team)
    stats: dict[str, ClientItemStats] = field(default_factory=dict)  # jongeren and ouders together
    by_who: dict[str, dict[str, ClientItemStats]] = field(default_factory=dict)
    who_sizes: dict[str, int] = field(default_factory=dict)  # files per part, split units only
    split_units: int = 0


def _client_group(
    name: str, units: list[ClientUnit], questionnaire: Questionnaire, k: int, one_team: bool = False
) -> ClientGroup:
    """``one_team``: the group is a team (the reasons then say 'this team')."""
    group = ClientGroup(
        name=name,
        size=sum(u.size for u in units),
        units=len(units),
        unit_keys=[u.key for u in units],
    )
    one_part = _one_part_items(questionnaire)
    together = {id(u) for u in units if not u.split_released(k)}
    group.stats = _stats(
        [(u.members, u.withheld_items | (one_part if id(u) in together else frozenset())) for u in units],
        questionnaire, k)
    if together:  # said the same whether or not anyone answered, so it tells nothing about the parts
        for item_id in sorted(one_part - set(group.stats)):
            item = questionnaire.items[item_id]
            stats = client_item_stats(item, [], 0)
            stats.suppressed = only_apart(item, k, one_team)
            group.stats[item_id] = stats
    split = [u for u in units if u.split_released(k)]
    group.split_units = len(split)
    for who in WHO:
        parts = [u.parts()[who] for u in split if who in u.parts()]
        if parts:
            group.by_who[who] = _split_stats(split, who, questionnaire, k)
            group.who_sizes[who] = sum(len(p) for p in parts)
    return group


def _one_part_items(questionnaire: Questionnaire) -> frozenset[str]:
    """The questions only one part is asked (only jongeren, or only ouders). In a unit whose parts
    are not shown apart, their n and 'wil ik niet zeggen' would tell how many jongeren and ouders
    answered, and so the part that is too small to show: they stay out there."""
    asked = {who: {item.id for item in questionnaire.version(who).items} for who in WHO}
    everyone = set.intersection(*asked.values())
    return frozenset(set.union(*asked.values()) - everyone)


def _split_stats(
    units: list[ClientUnit], who: str, questionnaire: Questionnaire, k: int
) -> dict[str, ClientItemStats]:
    """One part's statistics (jongeren or ouders) over the units whose split is released.

    Per item a unit's part contributes its values only when every part of that unit that
    answered the item gave at least ``k`` values: the unit's figure for everyone counts all its
    values, so a part shown beside a smaller other part would give that part away by
    subtraction."""
    result: dict[str, ClientItemStats] = {}
    for item in questionnaire.items.values():
        values: list[int] = []
        declines: list[tuple[bool, int]] = []
        blocked = False
        for unit in units:
            parts = unit.parts()
            if who not in parts or item.id in unit.withheld_items:
                continue
            answered = {
                part: [c.answers[item.id] for c in members if item.id in c.answers]
                for part, members in parts.items()
            }
            part_declined = sum(1 for c in parts[who] if item.id in c.declined)
            if not answered[who] and not part_declined:
                continue
            counted = bool(answered[who]) and all(not v or len(v) >= k for v in answered.values())
            if counted:
                values += answered[who]
            elif len(answered[who]) >= k:
                blocked = True
            declines.append((counted, part_declined))
        if declines:
            stats = client_item_stats(item, values, _declined(declines))
            if not values and blocked:
                stats.suppressed = ONLY_TOGETHER
            result[item.id] = stats
    return result


@dataclass
class ClientComparison:
    grouping: str
    min_group: int
    groups: list[ClientGroup]
    questionnaire: Questionnaire
    collection: ClientCollection
    rounds: list[str] = field(default_factory=list)
    all_rounds: list[str] = field(default_factory=list)
    everyone: ClientGroup | None = None
    files_shown: int = 0
    hidden_groups: int = 0
    hidden_teams: int = 0
    withheld_teams: int = 0  # of hidden_teams: withheld by the release memory (shown before)
    notes: list[str] = field(default_factory=list)  # safe to print in a report

    def group(self, name: str) -> ClientGroup | None:
        for group in self.groups:
            if group.name == name:
                return group
        return None


def client_round_order(answers: Iterable[ClientAnswers]) -> list[str]:
    """Round ids by the earliest answer day in each round, then by label."""
    first: dict[str, tuple[date, str]] = {}
    for a in answers:
        key = (a.day, a.round_id)
        if a.round_id not in first or key < first[a.round_id]:
            first[a.round_id] = key
    return sorted(first, key=lambda rid: first[rid])


def compare_clients(
    collection: ClientCollection,
    questionnaire: Questionnaire | None = None,
    grouping: str = "team",
    min_group: int | None = None,
    round_id: str | None = None,
    worker_min_group: int | None = None,
    rounds: list[str] | None = None,
    *,
    worker_units: Collection[UnitKey],
    ledger: ReleaseLedger | None = None,
) -> ClientComparison:
    """Group the client files under the release rule (see the module docstring).

    ``worker_units``: the released worker units of the same report (``released_worker_units``);
    a team's clients count only when its workers' unit is among them. With ``ledger``, a unit that
    changed by fewer than *k* files since an earlier release is withheld (``ledger.withheld``)."""
    if grouping not in GROUPINGS:
        raise ReflectieError(
            f"Onbekende groepering '{grouping}'. Kies uit: {', '.join(GROUPINGS)}."
        )
    questionnaire = questionnaire or default_questionnaire()
    k = client_min_group(min_group, worker_min_group)
    all_rounds = client_round_order(collection.answers)
    if rounds is not None:
        chosen = list(rounds)
    elif round_id is not None:
        if round_id not in all_rounds:
            known = ", ".join(all_rounds) or "geen"
            raise ReflectieError(
                f"Er zijn geen cliëntantwoorden voor ronde '{round_id}'. Rondes: {known}."
            )
        chosen = [round_id]
    elif grouping == "ronde":
        chosen = all_rounds
    else:
        chosen = all_rounds[-1:]
    by_round: dict[str, list[ClientAnswers]] = {}
    for client in collection.answers:
        if client.round_id in chosen:
            by_round.setdefault(client.round_id, []).append(client)
    units: list[ClientUnit] = []
    hidden_teams = 0
    withheld_teams = 0
    for rid in chosen:
        released, left_out = client_release_units(by_round.get(rid, []), k, worker_units)
        if ledger is not None:
            released, withheld = ledger.screen_clients(released, k)
            left_out += len(withheld)
            withheld_teams += len(withheld)
        units += released
        hidden_teams += left_out
    hidden = hidden_teams
    grouped: dict[str, list[ClientUnit]] = {}
    if grouping == "team":
        for unit in units:
            grouped.setdefault(unit.name, []).append(unit)
        names = sorted(
            grouped,
            key=lambda n: (grouped[n][0].organisation.casefold(), grouped[n][0].team.casefold()),
        )
    elif grouping == "organisatie":
        for unit in units:
            grouped.setdefault(unit.organisation or NO_ORGANISATION, []).append(unit)
        names = sorted(grouped, key=str.casefold)
        present = {
            c.organisation or NO_ORGANISATION for rid in chosen for c in by_round.get(rid, [])
        }
        hidden = len(present - set(grouped))
    else:
        for unit in units:
            grouped.setdefault(unit.round_id, []).append(unit)
        names = [rid for rid in chosen if rid in grouped]
        hidden = len([rid for rid in chosen if rid in by_round and rid not in grouped])
    groups = [
        _client_group(name, grouped[name], questionnaire, k, one_team=grouping == "team")
        for name in names
    ]
    everyone = (
        _client_group("iedereen", units, questionnaire, k)
        if units and grouping != "ronde"
        else None
    )
    notes: list[str] = []
    if hidden_teams - withheld_teams:
        notes.append(
            f"Cliëntantwoorden van {count(hidden_teams - withheld_teams, 'team', 'teams')} zijn "
            f"weggelaten: minder dan {k} antwoorden, of de hulpverleners van dat team staan niet apart "
            "in dit verslag."
        )
    if withheld_teams:
        notes.append(
            f"Cliëntantwoorden van {count(withheld_teams, 'team', 'teams')} worden niet opnieuw "
            "getoond: een eerder rapport van dezelfde ronde toonde ze al, en het verschil tussen beide "
            "rapporten zou de antwoorden van te weinig cliënten blootleggen."
        )
    return ClientComparison(
        grouping=grouping,
        min_group=k,
        groups=groups,
        questionnaire=questionnaire,
        collection=collection,
        rounds=chosen,
        all_rounds=all_rounds,
        everyone=everyone,
        files_shown=sum(u.size for u in units),
        hidden_groups=hidden,
        hidden_teams=hidden_teams,
        withheld_teams=withheld_teams,
        notes=notes,
    )


# --- three views -------------------------------------------------------------------------------


def _released_mean(stats: ItemStats | None) -> float | None:
    if stats is None or stats.n == 0 or stats.suppressed:
        return None
    return stats.mean


@dataclass
class MirrorView:
    """One client question beside the worker item it mirrors, in one group."""

    client_item: ClientItem
    worker_item: Item  # the workers' self-position
    estimate_item: Item | None  # the workers' estimate of the clients' view (ladder)
    workers: ItemStats | None
    estimate: ItemStats | None
    clients: ClientItemStats | None
    clients_by_who: dict[str, ClientItemStats] = field(default_factory=dict)

    @property
    def gap_self(self) -> float | None:
        """Clients' mean minus the workers' mean self-position (None unless both are released)."""
        left, right = _released_mean(self.clients), _released_mean(self.workers)
        return None if left is None or right is None else left - right

    @property
    def gap_estimate(self) -> float | None:
        """Clients' mean minus the workers' mean estimate of the clients' view."""
        left, right = _released_mean(self.clients), _released_mean(self.estimate)
        return None if left is None or right is None else left - right


@dataclass
class GroupViews:
    name: str
    workers: GroupResult | None
    clients: ClientGroup | None
    views: list[MirrorView]


CLIENT_STARTERS_PER_GROUP = 3
"""At most this many client starters per group: a meeting has time for a few."""

CLIENT_GAP_THRESHOLD = GAP_THRESHOLD
"""A difference between what clients say and what workers say (their self-position or their
estimate of the clients' view) is a starter from one full scale step between the means on: the
same bar as the workers' own gaps (compare.GAP_THRESHOLD)."""

STARTER_LABELS = {
    "inschatting": "wat cliënten zeggen tegenover het ingeschat cliëntbeeld",
    "zelfbeeld": "wat cliënten zeggen tegenover hoe hulpverleners zichzelf plaatsen",
}

CLIENT_STARTER_RULE = (
    "Een gespreksstarter uit de drie blikken: het gemiddelde van wat cliënten zeggen ligt minstens "
    "één stap op de schaal van het gemiddelde van de hulpverleners, over zichzelf (zelfbeeld) of "
    "over wat zij denken dat cliënten zeggen (ingeschat cliëntbeeld). Het gaat om andere mensen "
    "(cliënten en hulpverleners): lees het verschil als een vraag voor het gesprek, niet als een "
    f"oordeel. Per groep hoogstens {CLIENT_STARTERS_PER_GROUP}, het grootste verschil eerst."
)


def method_note(k: int, worker_k: int, short: bool = False) -> str:
    """How client figures are released (safe for reports); ``short`` for a group's own sheet."""
    if short:
        return (
            f"Cliëntantwoorden (anoniem) tellen per team vanaf {k} antwoorden, per vraag vanaf {k} "
            "antwoorden op die vraag, en enkel als de hulpverleners van het team zelf apart getoond "
            f"worden (minstens {worker_k}): zo beoordeelt geen cliënt herkenbare hulpverleners. "
            "'Wil ik niet zeggen' telt apart. Het ingeschat cliëntbeeld is wat hulpverleners denken "
            "dat cliënten zeggen."
        )
    return (
        "Wat cliënten zeggen komt uit de cliëntmodus: jongeren (12+) en ouders antwoorden zelf, "
        "anoniem. Hun antwoorden tellen per team en ronde pas mee vanaf "
        f"{k} antwoorden (jongeren en ouders samen; apart enkel als elk deel er minstens {k} "
        "heeft), en per vraag pas vanaf "
        f"{k} antwoorden op die vraag. Ze tellen enkel mee als de hulpverleners van dat team in "
        "hetzelfde verslag zelf apart getoond worden (niet samengenomen met andere kleine teams, "
        f"niet weggelaten, minstens {worker_k} hulpverleners): cliënten die een team van één of "
        "twee hulpverleners beoordelen, zouden herkenbare mensen beoordelen. Een organisatie, een "
        "ronde en iedereen samen tellen enkel zulke teams op. 'Wil ik niet zeggen' staat apart "
        "en telt niet mee in het gemiddelde. Het ingeschat cliëntbeeld is wat hulpverleners "
        "denken dat cliënten zeggen; wat cliënten zeggen, komt van andere mensen dan de "
        "hulpverleners, dus verschillen zijn geen metingen bij dezelfde mensen."
    )


@dataclass(frozen=True)
class ClientStarter:
    kind: str  # "inschatting" (estimate vs clients) or "zelfbeeld" (self-position vs clients)
    group: str
    view: MirrorView
    value: float  # clients' mean minus the workers' mean
    text: str

    @property
    def label(self) -> str:
        return STARTER_LABELS[self.kind]


@dataclass
class ThreeViews:
    groups: list[GroupViews]
    everyone: GroupViews | None
    clients: ClientComparison
    starters: list[ClientStarter]
    worker_min_group: int = 3

    @property
    def method(self) -> str:
        return method_note(self.clients.min_group, self.worker_min_group)

    @property
    def method_short(self) -> str:
        return method_note(self.clients.min_group, self.worker_min_group, short=True)

    @property
    def shown(self) -> list[GroupViews]:
        """The groups with released client figures."""
        return [g for g in self.groups if g.clients is not None]

    def starters_for(self, name: str) -> list[ClientStarter]:
        return [s for s in self.starters if s.group == name]

    def group(self, name: str) -> GroupViews | None:
        return next((g for g in self.groups if g.name == name), None)


def _views(
    name: str,
    workers: GroupResult | None,
    clients: ClientGroup | None,
    questionnaire: Questionnaire,
    comparison: Comparison,
) -> GroupViews:
    bank = comparison.bank
    views: list[MirrorView] = []
    for item in questionnaire.items.values():
        worker_item = bank.items.get(item.mirrors)
        if worker_item is None:
            continue
        estimate_item = bank.items.get(item.estimate) if item.estimate else None
        by_who = {
            who: stats[item.id]
            for who, stats in (clients.by_who.items() if clients else [])
            if item.id in stats
        }
        views.append(
            MirrorView(
                client_item=item,
                worker_item=worker_item,
                estimate_item=estimate_item,
                workers=workers.stats.get(worker_item.id) if workers else None,
                estimate=workers.stats.get(estimate_item.id) if workers and estimate_item else None,
                clients=clients.stats.get(item.id) if clients else None,
                clients_by_who=by_who,
            )
        )
    return GroupViews(name, workers, clients, views)


def _starters(groups: list[GroupViews], per_group: int) -> list[ClientStarter]:
    """Per group (in the groups' order) the largest differences of at least one scale step."""
    found: list[ClientStarter] = []
    for group in groups:
        candidates: list[ClientStarter] = []
        for view in group.views:
            clients = _released_mean(view.clients)
            gap = view.gap_estimate
            if gap is not None and abs(gap) >= CLIENT_GAP_THRESHOLD - 1e-9:
                candidates.append(
                    ClientStarter(
                        "inschatting",
                        group.name,
                        view,
                        gap,
                        f"cliënten gemiddeld {nl_number(clients)}, door hulpverleners ingeschat op "
                        f"{nl_number(_released_mean(view.estimate))} (verschil {_signed(gap)})",
                    )
                )
            gap = view.gap_self
            if gap is not None and abs(gap) >= CLIENT_GAP_THRESHOLD - 1e-9:
                candidates.append(
                    ClientStarter(
                        "zelfbeeld",
                        group.name,
                        view,
                        gap,
                        f"cliënten gemiddeld {nl_number(clients)}, hulpverleners over zichzelf "
                        f"{nl_number(_released_mean(view.workers))} (verschil {_signed(gap)})",
                    )
                )
        candidates.sort(
            key=lambda s: (-abs(round(s.value, 9)), s.kind != "inschatting", s.view.client_item.id)
        )
        found += candidates[:per_group]
    return found


def _signed(value: float) -> str:
    """'+0,50' or '−0,50' (a real minus sign)."""
    text = nl_number(value)
    return "−" + text[1:] if text.startswith("-") else f"+{text}"


def _workers_beside(
    comparison: Comparison, name: str | None, workers: GroupResult | None, clients: ClientGroup
) -> GroupResult | None:
    """The workers' figures of group ``name`` (None: everyone) from exactly the teams whose client
    figures the group shows: a larger group's workers and clients come from the same teams, else
    a difference between them would set one team's workers against another team's clients. Each
    team is a released worker unit, so the sum is one as well (the comparison's own rule)."""
    if name is None:
        units = [unit for group in comparison.unit_groups.values() for unit in group]
    else:
        units = list(comparison.unit_groups.get(name, []))
    keys = set(clients.unit_keys)
    beside = [unit for unit in units if (unit.round_id, unit.organisation, unit.team) in keys]
    if workers is not None and len(beside) == len(units):
        return workers  # every team of the group has its clients shown: the group as it is
    if not beside:
        return None
    facts = {id(unit): _unit_facts(unit, comparison.bank) for unit in beside}
    label = workers.name if workers is not None else (name or "iedereen")
    return _group_result(label, beside, facts, comparison.bank, comparison.min_group)


def three_views(
    comparison: Comparison,
    client_collection: ClientCollection,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
    per_group: int = CLIENT_STARTERS_PER_GROUP,
) -> ThreeViews:
    """The clients' answers beside the worker ``comparison``: same grouping, same rounds, a client
    minimum never below the workers', only teams whose workers the comparison releases, and the
    comparison's ledger (see the module docstring for the fields)."""
    questionnaire = questionnaire or default_questionnaire()
    clients = compare_clients(
        client_collection,
        questionnaire,
        comparison.grouping,
        min_group,
        worker_min_group=comparison.min_group,
        rounds=list(comparison.rounds),
        worker_units=released_worker_units(comparison),
        ledger=comparison.ledger,
    )
    names = [g.name for g in comparison.groups]
    names += [g.name for g in clients.groups if g.name not in names]
    worker_groups = {g.name: g for g in comparison.groups}
    groups = []
    for name in names:
        client_group = clients.group(name)
        workers = worker_groups.get(name)
        if client_group is not None:
            workers = _workers_beside(comparison, name, workers, client_group)
        groups.append(_views(name, workers, client_group, questionnaire, comparison))
    everyone = None
    if comparison.everyone is not None or clients.everyone is not None:
        workers = comparison.everyone
        if clients.everyone is not None:
            workers = _workers_beside(comparison, None, workers, clients.everyone)
        everyone = _views("iedereen", workers, clients.everyone, questionnaire, comparison)
    return ThreeViews(
        groups, everyone, clients, _starters(groups, per_group), comparison.min_group
    )


def who_label(who: str) -> str:
    """'jongeren' or 'ouders' (for headings)."""
    return WHO_PLURAL[who]
