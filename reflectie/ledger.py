"""What was released before: the memory that stops two reports of a changing folder being subtracted.

The release rule (``compare``) protects everything made from one state of a folder. But a team's
figure shown with 3 people and again after a fourth file arrived gives that fourth person's answer
by subtraction; the same when one person changes their answers between two reports. So every
release (a written report, the Intervisie screen) is remembered here, per unit (round, organisation,
team), as the set of fingerprints of the people and answers behind it. A new release is set beside
every earlier release of the same round, of any unit: people move between units (a small team is
pooled into "andere teams" in one report and shown on its own in the next, someone changes team),
so "andere teams" minus a later "Team A" can be one person. A unit is withheld when it would set
apart fewer than *k* people. The terminal names it and says why and how to go on; the report only
counts the groups "niet opnieuw getoond", never naming them or saying by how many they changed.

Only hashes are kept: the fingerprint of a person is a hash of their pseudonym and of what a report
can release of their answers; unit keys are hashes too. The file lives in the private data dir.
Fictional demo data is not remembered. No Textual.

Clients' answers (cliëntstem) are releases too: a team's client unit is keyed
``("client", round, organisation, team)`` (``client_unit_key``), each client file fingerprinted by
its (random) file name and its answers (``client_fingerprints``), and screened with the clients'
minimum as *k* (``screen_clients``). Forgetting a round forgets its client units as well.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reflectie import paths
from reflectie.model import Answers

if TYPE_CHECKING:
    from reflectie.clientcompare import ClientUnit
    from reflectie.clientstem import ClientAnswers
    from reflectie.compare import Unit

_Unit = TypeVar("_Unit", "Unit", "ClientUnit")  # a workers' or a clients' release unit

LEDGER_NAME = "vrijgegeven.toml"
WHO_MARK = "wie:"  # in a client's answered items: jongere or ouder


_HASH_PIECE = 2000  # below hashlib's 2048 bytes, from which it lets go of the interpreter lock


def _digest(text: str) -> str:
    """The first 20 hex digits of the text's SHA-256, fed in pieces: the same digest, but hashlib
    never lets go of the interpreter lock for a moment. When the Intervisie screen compared
    10,000 files in its worker, thousands of those short releases kept the app's own thread
    from getting the lock back for 110-170 ms (no key, no repaint); in pieces it never waits."""
    data = text.encode("utf-8")
    digest = hashlib.sha256()
    for start in range(0, len(data), _HASH_PIECE):
        digest.update(data[start:start + _HASH_PIECE])
    return digest.hexdigest()[:20]


def fingerprint(answers: Answers) -> str:
    """A hash of a person and of everything a report can release of their answers in this round."""
    released = {
        "id": answers.participant.id,
        "scores": sorted(answers.scores.items()),
        "nvt": sorted(answers.na),
        "weetniet": sorted(answers.dont_know),
        "teksten": sorted((k, t.text if t.share else "", t.discuss) for k, t in answers.texts.items()),
        "acties": sorted((a.theme, a.level, a.text, a.ban, a.keep, a.reach, str(a.due), a.happened or "")
                         for a in answers.actions if a.share),
        "gebeurd": sorted(a.happened or "" for a in answers.actions),
    }
    return _digest(json.dumps(released, ensure_ascii=False, sort_keys=True))


def unit_key(round_id: str, organisation: str, team: str) -> str:
    return _digest("\x1f".join((round_id, organisation, team)))


def scope_key(kind: str, round_id: str) -> str:
    """The releases one release is set beside: every unit of one round, workers' or clients'."""
    return _digest(f"bereik\x1f{kind}\x1f{round_id}")


WORKERS = "hulpverleners"
CLIENTS = "client"


def client_unit_key(round_id: str, organisation: str, team: str) -> str:
    """The key of a team's client unit: ("client", round, organisation, team)."""
    return _digest(f"client\x1f{round_id}\x1f{organisation}\x1f{team}")


def client_fingerprints(members: Iterable[ClientAnswers]) -> list[str]:
    """A fingerprint per client file (in the members' order): its (random) file name and its
    answers. Client files carry no person id; two files alike in everything stay two (numbered), so
    a set never merges them."""
    seen: dict[str, int] = {}
    prints = []
    for client in members:
        released = {
            "bestand": client.path.name if client.path is not None else "",
            "wie": client.who,
            "datum": str(client.day),
            "antwoorden": sorted(client.answers.items()),
            "wilniet": sorted(client.declined),
        }
        digest = _digest(json.dumps(released, ensure_ascii=False, sort_keys=True))
        seen[digest] = seen.get(digest, 0) + 1
        prints.append(f"{digest}-{seen[digest]}")
    return prints


@dataclass
class Withheld:
    """A unit not shown because it changed too little since an earlier release (terminal only)."""

    name: str
    round_id: str
    difference: int


@dataclass
class ReleaseLedger:
    path: Path
    released: dict[str, list[frozenset[str]]] = field(default_factory=dict)
    # per unit key, the scope (``scope_key``) of its releases; a unit remembered before scopes were
    # kept has none and is set beside its own releases only
    scopes: dict[str, str] = field(default_factory=dict)
    # shown in the work at hand: (unit key, scope, people)
    pending: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    # per fingerprint, the items it gave a value for (clients: also who answered), kept so that a
    # later release can see which items each region of people answered
    answered: dict[str, frozenset[str]] = field(default_factory=dict)

    def screen(self, units: list[Unit], k: int) -> tuple[list[Unit], list[Withheld]]:
        """The units that may be shown next to everything released before; the rest withheld.

        Units that may be shown are added to ``pending``; ``commit`` remembers them once the
        report is written or the screen shows them."""
        entries = []
        for unit in units:
            answered = {fingerprint(a): frozenset(a.scores) for a in unit.members}
            entries.append((unit, unit_key(unit.round_id, unit.organisation, unit.team),
                            scope_key(WORKERS, unit.round_id), answered, unit.name))
        return self._screen(entries, k)

    def screen_clients(self, units: list[ClientUnit], k: int) -> tuple[list[ClientUnit], list[Withheld]]:
        """The same for clients' units (``k`` = the clients' minimum)."""
        entries = []
        for unit in units:
            prints = client_fingerprints(unit.members)
            answered = {fp: frozenset(c.answers) | frozenset({f"{WHO_MARK}{c.who}"})
                        for fp, c in zip(prints, unit.members)}
            entries.append((unit, client_unit_key(unit.round_id, unit.organisation, unit.team),
                            scope_key(CLIENTS, unit.round_id), answered, f"cliëntantwoorden van {unit.name}"))
        return self._screen(entries, k)

    def _screen(self, entries: list[tuple[_Unit, str, str, dict[str, frozenset[str]], str]],
                k: int) -> tuple[list[_Unit], list[Withheld]]:
        kept: list[_Unit] = []
        stopped: list[Withheld] = []
        releases = self._releases()
        for unit, key, scope, answered, name in entries:
            members = frozenset(answered)
            # beside every earlier release of the round and the units already kept in this work:
            # two units shown together cut earlier releases as much as one does
            split = releases.split(key, scope, members)
            difference = split.smallest()
            if difference is not None and difference < k:  # a region of fewer than k people
                stopped.append(Withheld(name, unit.round_id, difference))
                continue
            unit.withheld_items = self._thin(split.regions, answered, k)
            kept.append(unit)
            self.answered.update(answered)
            if (key, scope, members) not in self.pending:
                self.pending.append((key, scope, members))
                releases.add(key, scope, members)
        self.withheld += [w for w in stopped if w not in self.withheld]
        return kept, stopped

    def _releases(self) -> _Releases:
        """Everything remembered and everything in the work at hand, indexed by person."""
        releases = _Releases()
        for key, sets in self.released.items():
            for members in sets:
                releases.add(key, self.scopes.get(key), members)
        for key, scope, members in self.pending:
            releases.add(key, scope, members)
        return releases

    def commit(self) -> None:
        """Remember what was just shown or written."""
        self.record([(key, members) for key, _scope, members in self.pending],
                    {key: scope for key, scope, _members in self.pending})
        self.pending = []

    def forget_rounds(self, collection_answers: Iterable[Answers], round_ids: Iterable[str]) -> int:
        """Forget the earlier releases of every unit of these rounds, their clients' units too;
        returns how many units of workers."""
        wanted = set(round_ids)
        teams = {(a.round.id, a.participant.organisation, a.participant.team)
                 for a in collection_answers if a.round.id in wanted}
        from reflectie.compare import POOLED

        keys = {unit_key(*team) for team in teams}
        keys |= {unit_key(round_id, organisation, POOLED) for round_id, organisation, _t in teams}
        known = [key for key in keys if key in self.released]
        # a team's clients are released only beside its workers: their units go too
        clients = [client_unit_key(*team) for team in teams]
        self.forget(known + [key for key in clients if key in self.released])
        return len(known)

    @classmethod
    def load(cls, path: Path | None = None) -> ReleaseLedger:
        from reflectie.fileio import NotReadable, read_regular_file

        path = path or paths.data_dir() / LEDGER_NAME
        ledger = cls(path)
        try:
            doc = tomllib.loads(read_regular_file(path, 50_000_000).decode("utf-8"))
        except FileNotFoundError:
            return ledger
        except (NotReadable, UnicodeDecodeError, tomllib.TOMLDecodeError):
            # unreadable memory: start from nothing rather than from a guess; the file is kept
            return ledger
        units = doc.get("eenheden", {})
        if isinstance(units, dict):
            for key, sets in units.items():
                if isinstance(sets, list):
                    ledger.released[key] = [frozenset(s) for s in sets if isinstance(s, list)]
        scopes = doc.get("bereik", {})
        if isinstance(scopes, dict):
            ledger.scopes = {key: scope for key, scope in scopes.items() if isinstance(scope, str)}
        answered = doc.get("antwoordde", {})
        if isinstance(answered, dict):
            ledger.answered = {fp: frozenset(items) for fp, items in answered.items() if isinstance(items, list)}
        return ledger

    def regions(self, key: str, members: frozenset[str], scope: str | None = None) -> list[list[str]]:
        """The regions of the Venn diagram of this release and the earlier ones it is set beside
        (``_Releases``) that this release holds or cuts; empty on a first release and when the
        same set was released before (nothing new is set apart). See ``_Split``."""
        return self._releases().split(key, scope, members).regions

    def difference(self, key: str, members: frozenset[str], scope: str | None = None) -> int | None:
        """The smallest group of people that this release, beside the earlier ones, would set
        apart; None when nothing would be set apart."""
        return self._releases().split(key, scope, members).smallest()

    def thin_items(self, key: str, answered: dict[str, frozenset[str]], k: int,
                   scope: str | None = None) -> frozenset[str]:
        """The items this release must leave out for the unit (see ``_thin``); nothing on a unit's
        first release."""
        return self._thin(self.regions(key, frozenset(answered), scope), answered, k)

    def _thin(self, regions: list[list[str]], answered: dict[str, frozenset[str]], k: int) -> frozenset[str]:
        """The items that fewer than *k* people of some region gave a value for (a region holds *k*
        people, but when only one of five new people answered an item, the two reports' difference
        on that item is that one answer). For clients, a region with fewer than *k* of one part
        (jongeren, ouders) keeps the parts together (``clientcompare.SPLIT_WITHHELD``)."""
        thin: set[str] = set()
        for people in regions:
            counts: dict[str, int] = {}
            for person in people:
                for item in answered.get(person) or self.answered.get(person, frozenset()):
                    counts[item] = counts.get(item, 0) + 1
            thin |= {item for item, n in counts.items() if n < k}
        items = {item for item in thin if not item.startswith(WHO_MARK)}
        if len(items) < len(thin):  # too few jongeren or ouders in a region
            from reflectie.clientcompare import SPLIT_WITHHELD

            items.add(SPLIT_WITHHELD)
        return frozenset(items)

    def record(self, entries: Iterable[tuple[str, frozenset[str]]], scopes: dict[str, str] | None = None) -> None:
        """Remember these releases, and the scope of their units (merged into the file as it is
        now, under its lock)."""
        scopes = scopes or {}
        new = [(key, members) for key, members in entries if members not in self.released.get(key, [])]
        if not new and all(self.scopes.get(key) == scope for key, scope in scopes.items()):
            return

        def add(released: dict[str, list[frozenset[str]]], known_scopes: dict[str, str]) -> None:
            for key, members in new:
                known = released.setdefault(key, [])
                if members not in known:
                    known.append(members)
            known_scopes.update((key, scope) for key, scope in scopes.items() if key in released)

        self._update(add)

    def forget(self, keys: Iterable[str]) -> None:
        """Forget earlier releases of these units (the user says they were never handed out)."""
        gone = set(keys)

        def remove(released: dict[str, list[frozenset[str]]], known_scopes: dict[str, str]) -> None:
            for key in gone:
                released.pop(key, None)
                known_scopes.pop(key, None)

        self._update(remove)

    def _update(self, change: Callable[[dict[str, list[frozenset[str]]], dict[str, str]], None]) -> None:
        import tomli_w

        from reflectie.errors import StoreError
        from reflectie.fileio import Lock, atomic_write, ensure_private_dir

        ensure_private_dir(self.path.parent)
        lock = Lock(self.path)
        if not lock.acquire(timeout=5):
            raise StoreError("Het geheugen van eerdere rapporten wordt net in een ander venster bewaard. "
                             "Probeer opnieuw.")
        try:
            stored = ReleaseLedger.load(self.path)
            current = stored.released
            scopes = stored.scopes
            change(current, scopes)
            kept = set().union(*(s for sets in current.values() for s in sets))
            answered = {fp: items for fp, items in {**stored.answered, **self.answered}.items() if fp in kept}
            kept_scopes = {k: v for k, v in sorted(scopes.items()) if k in current}
            doc = {"eenheden": {k: [sorted(s) for s in v] for k, v in sorted(current.items())},
                   "bereik": kept_scopes,
                   "antwoordde": {fp: sorted(items) for fp, items in sorted(answered.items())}}
            atomic_write(self.path, tomli_w.dumps(doc).encode("utf-8"))
            self.released = current
            self.scopes = kept_scopes
            self.answered = answered
        finally:
            lock.release()


class _Split:
    """How a new release (``members``) cuts the regions of earlier releases.

    Every released figure is a sum over a unit's members, so sums and differences of releases are
    sums over regions of their Venn diagram (the people in exactly these releases and not in those).
    Two releases that differ by many people can still isolate one: A∪{x}, then A∪B∪{x}, then B∪{x}
    give x alone (first + third − second). So a new release may not cut a region of earlier
    releases into a part of fewer than *k* people, nor add fewer than *k* people no earlier release
    held. A region that the new release holds whole, or leaves alone, sets nobody apart (it was
    screened when it arose).

    ``regions``: the parts this release forms or holds whole (for the item check, ``_thin``);
    ``new_parts``: the sizes of the parts it sets apart. Both empty on a first release and when the
    same set was released before."""

    def __init__(self) -> None:
        self.regions: list[list[str]] = []
        self.new_parts: list[int] = []

    def smallest(self) -> int | None:
        return min(self.new_parts) if self.new_parts else None


class _Releases:
    """Earlier releases, indexed by person, to set a new release beside (``split``).

    A release counts for a new one of unit ``key`` in ``scope`` when it is of that unit, or of any
    unit of that scope. Only releases that share people with the new one can cut its regions, but
    whom a region holds depends on every release that counts (two people in one touching release
    differ when only one of them is in another), so patterns are taken over all of them."""

    def __init__(self) -> None:
        self.releases: list[tuple[str, str | None, frozenset[str]]] = []
        self.by_person: dict[str, list[int]] = {}

    def add(self, key: str, scope: str | None, members: frozenset[str]) -> None:
        number = len(self.releases)
        self.releases.append((key, scope, members))
        for person in members:
            self.by_person.setdefault(person, []).append(number)

    def split(self, key: str, scope: str | None, members: frozenset[str]) -> _Split:
        result = _Split()

        def counts(number: int) -> bool:
            other, other_scope, _people = self.releases[number]
            return other == key or (scope is not None and other_scope == scope)

        touching = {n for person in members for n in self.by_person.get(person, ()) if counts(n)}
        if not touching or any(self.releases[n][2] == members for n in touching):
            return result
        people = set(members).union(*(self.releases[n][2] for n in touching))
        old: dict[tuple[int, ...], list[str]] = {}
        for person in people:
            old.setdefault(tuple(n for n in self.by_person.get(person, ()) if counts(n)), []).append(person)
        for pattern, group in old.items():
            inside = [person for person in group if person in members]
            if not pattern:  # in no earlier release: they arrived with this one
                result.new_parts.append(len(inside))
                result.regions.append(inside)
                continue
            outside = [person for person in group if person not in members]
            if inside and outside:  # cut in two: each part is new
                result.new_parts += [len(inside), len(outside)]
                result.regions += [inside, outside]
            elif inside:
                result.regions.append(inside)
        return result


def ledger_for(folders: Iterable[Path]) -> ReleaseLedger | None:
    """The ledger for a report of these folders; None for the built-in fictional demo data."""
    demo = paths.demo_dir().resolve()
    resolved = [Path(f).expanduser().resolve() for f in folders]
    if resolved and all(f == demo or demo in f.parents for f in resolved):
        return None
    return ReleaseLedger.load()
