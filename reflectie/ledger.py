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
import os
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reflectie import paths
from reflectie.errors import ReflectieError
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
    # per unit key and release (in the order of ``released``), the items that release left out
    left_out: dict[str, list[frozenset[str]]] = field(default_factory=dict)
    # per unit key, the scope (``scope_key``) of its releases; a unit remembered before scopes were
    # kept has none and is set beside its own releases only
    scopes: dict[str, str] = field(default_factory=dict)
    # shown in the work at hand: (unit key, scope, people, items left out)
    pending: list[tuple[str, str, frozenset[str], frozenset[str]]] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    # per fingerprint, the items it gave a value for (clients: also who answered), kept so that a
    # later release can see which items each of the people answered
    answered: dict[str, frozenset[str]] = field(default_factory=dict)
    # rounds forgotten in the work at hand (``forget_rounds``): written with the next commit
    forgotten: set[str] = field(default_factory=set)

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
            difference = releases.split(key, scope, members)
            if difference is not None and difference < k:  # a region of fewer than k people
                stopped.append(Withheld(name, unit.round_id, difference))
                continue
            self.answered.update(answered)
            answered_of = self._answered_of(answered)
            unit.withheld_items = releases.items_to_leave_out(key, scope, members, answered_of, k)
            kept.append(unit)
            # remembered: everything this release does not show, also what the release rule hides
            # (an item too few answered); counting it as shown would let a later release look
            # like it holds a region whole where it cuts one
            entry = (key, scope, members, unit.withheld_items | _not_shown(members, answered_of, k))
            if entry not in self.pending:
                self.pending.append(entry)
                releases.add(*entry)
        self.withheld += [w for w in stopped if w not in self.withheld]
        return kept, stopped

    def _answered_of(self, answered: dict[str, frozenset[str]]) -> Callable[[str], frozenset[str]]:
        """The items a person (fingerprint) gave a value for: in the work at hand, or remembered.
        A client's items also count per part (``item|jongere``): the parts' rows are releases too."""
        cache: dict[str, frozenset[str]] = {}

        def items(person: str) -> frozenset[str]:
            found = cache.get(person)
            if found is None:
                found = answered.get(person) or self.answered.get(person, frozenset())
                parts = [item[len(WHO_MARK):] for item in found if item.startswith(WHO_MARK)]
                if parts:
                    found = found | {f"{item}{PART_MARK}{parts[0]}" for item in found
                                     if not item.startswith(WHO_MARK)}
                cache[person] = found
            return found

        return items

    def _releases(self) -> _Releases:
        """Everything remembered and everything in the work at hand, indexed by person."""
        releases = _Releases()
        for key, sets in self.released.items():
            left = self.left_out.get(key, [])
            for number, members in enumerate(sets):
                releases.add(key, self.scopes.get(key), members, left[number] if number < len(left) else frozenset())
        for entry in self.pending:
            releases.add(*entry)
        return releases

    def commit(self) -> None:
        """Remember what was just shown or written (and forget what was asked to be forgotten)."""
        pending, forgotten = self.pending, self.forgotten
        if not pending and not forgotten:
            return

        def change(stored: ReleaseLedger) -> None:
            for key in forgotten:
                stored.released.pop(key, None)
                stored.left_out.pop(key, None)
                stored.scopes.pop(key, None)
            for key, scope, members, left in pending:
                known = stored.released.setdefault(key, [])
                lefts = stored.left_out.setdefault(key, [])
                lefts += [frozenset()] * (len(known) - len(lefts))
                if members in known:  # shown again: what either left out stays out of nothing new
                    number = known.index(members)
                    lefts[number] = lefts[number] & left
                else:
                    known.append(members)
                    lefts.append(left)
                stored.scopes[key] = scope

        self._update(change)
        self.pending = []
        self.forgotten = set()

    def forget_rounds(self, collection_answers: Iterable[Answers], round_ids: Iterable[str]) -> int:
        """Forget the earlier releases of every unit of these rounds, their clients' units too
        (in memory now, in the file with the next ``commit``: a report that is never written
        forgets nothing); returns how many units of workers."""
        wanted = set(round_ids)
        teams = {(a.round.id, a.participant.organisation, a.participant.team)
                 for a in collection_answers if a.round.id in wanted}
        from reflectie.compare import POOLED

        keys = {unit_key(*team) for team in teams}
        keys |= {unit_key(round_id, organisation, POOLED) for round_id, organisation, _t in teams}
        known = [key for key in keys if key in self.released]
        # a team's clients are released only beside its workers: their units go too
        clients = [key for key in (client_unit_key(*team) for team in teams) if key in self.released]
        for key in known + clients:
            self.released.pop(key, None)
            self.left_out.pop(key, None)
        self.forgotten |= set(known + clients)
        return len(known)

    @classmethod
    def load(cls, path: Path | None = None) -> ReleaseLedger:
        """The memory in the file (nothing when there is no file). A file that cannot be read
        raises LedgerError: starting from nothing would let the next report be subtracted from
        everything it had remembered."""
        from reflectie.answersfile import loads_toml
        from reflectie.fileio import NotReadable, read_regular_file

        path = path or paths.data_dir() / LEDGER_NAME
        ledger = cls(path)
        if not os.path.lexists(path):
            return ledger  # nothing released yet
        try:
            doc = loads_toml(read_regular_file(path, 50_000_000).decode("utf-8"))
        except (NotReadable, OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise LedgerError(path, exc) from exc
        units = doc.get("eenheden", {})
        if isinstance(units, dict):
            for key, sets in units.items():
                if isinstance(sets, list):
                    ledger.released[key] = [frozenset(s) for s in sets if isinstance(s, list)]
        left_out = doc.get("weggelaten", {})
        if isinstance(left_out, dict):
            for key, lists in left_out.items():
                if isinstance(lists, list) and key in ledger.released:
                    ledger.left_out[key] = [frozenset(items) if isinstance(items, list) else frozenset()
                                            for items in lists][: len(ledger.released[key])]
        scopes = doc.get("bereik", {})
        if isinstance(scopes, dict):
            ledger.scopes = {key: scope for key, scope in scopes.items() if isinstance(scope, str)}
        answered = doc.get("antwoordde", {})
        item_ids = doc.get("items", [])
        item_ids = [item for item in item_ids if isinstance(item, str)] if isinstance(item_ids, list) else []
        if isinstance(answered, dict):
            decoded: dict[str, frozenset[str]] = {}
            for fp, items in answered.items():
                if isinstance(items, str):  # bits over "items"
                    found = decoded.get(items)
                    if found is None:
                        try:
                            mask = int(items, 16)
                        except ValueError:
                            continue
                        found = frozenset(item for number, item in enumerate(item_ids) if mask >> number & 1)
                        decoded[items] = found
                    ledger.answered[fp] = found
                elif isinstance(items, list):  # written before the items were kept as bits
                    ledger.answered[fp] = frozenset(item for item in items if isinstance(item, str))
        return ledger

    def difference(self, key: str, members: frozenset[str], scope: str | None = None) -> int | None:
        """The smallest group of people that this release, beside the earlier ones, would set
        apart; None when nothing would be set apart."""
        return self._releases().split(key, scope, members)

    def thin_items(self, key: str, answered: dict[str, frozenset[str]], k: int,
                   scope: str | None = None) -> frozenset[str]:
        """The items this release must leave out for the unit (``_Releases.items_to_leave_out``);
        nothing on a unit's first release."""
        return self._releases().items_to_leave_out(key, scope, frozenset(answered), self._answered_of(answered), k)

    def _update(self, change: Callable[[ReleaseLedger], None]) -> None:
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
            change(stored)
            current = stored.released
            kept = set().union(*(s for sets in current.values() for s in sets))
            answered = {fp: items for fp, items in {**stored.answered, **self.answered}.items() if fp in kept}
            kept_scopes = {k: v for k, v in sorted(stored.scopes.items()) if k in current}
            left_out = {k: [sorted(items) for items in stored.left_out.get(k, [])] for k in sorted(current)
                        if any(stored.left_out.get(k, []))}
            # per fingerprint the items as bits of one hexadecimal number over the list "items"
            # (a list of item ids per person made the file 13 MB for 5,000 people, 1 s to read)
            item_ids = sorted(set().union(*answered.values())) if answered else []
            bit = {item: 1 << number for number, item in enumerate(item_ids)}
            by_person = {fp: format(sum(bit[item] for item in items), "x") for fp, items in sorted(answered.items())}
            doc = {"eenheden": {k: [sorted(s) for s in v] for k, v in sorted(current.items())},
                   "weggelaten": left_out,
                   "bereik": kept_scopes,
                   "items": item_ids,
                   "antwoordde": by_person}
            atomic_write(self.path, tomli_w.dumps(doc).encode("utf-8"))
            self.released = current
            self.left_out = stored.left_out
            self.scopes = kept_scopes
            self.answered = answered
        finally:
            lock.release()


PART_MARK = "|"  # an item per part of the clients: "client.ladder|jongere"


class LedgerError(ReflectieError):
    """The memory of earlier reports cannot be read."""

    def __init__(self, path: Path, reason: Exception):
        super().__init__(
            f"Het geheugen van eerdere rapporten ({path}) is onleesbaar ({type(reason).__name__}). Zonder dat "
            "geheugen kan een nieuw rapport van een eerder afgetrokken worden, dus wordt er geen gemaakt. "
            "Werden er van deze map nog nooit rapporten verspreid, verwijder of hernoem dan dat bestand "
            "en probeer opnieuw."
        )


class _Releases:
    """Earlier releases, indexed by person, to set a new release beside.

    A release counts for a new one of unit ``key`` in ``scope`` when it is of that unit, or of any
    unit of that scope. Only releases that share people with the new one can cut its regions, but
    whom a region holds depends on every release that counts (two people in one touching release
    differ when only one of them is in another), so patterns are taken over all of them."""

    def __init__(self) -> None:
        self.releases: list[tuple[str, str | None, frozenset[str], frozenset[str]]] = []
        self.by_person: dict[str, list[int]] = {}

    def add(self, key: str, scope: str | None, members: frozenset[str], left_out: frozenset[str]) -> None:
        number = len(self.releases)
        self.releases.append((key, scope, members, left_out))
        for person in members:
            self.by_person.setdefault(person, []).append(number)

    def _counts(self, key: str, scope: str | None) -> Callable[[int], bool]:
        def counts(number: int) -> bool:
            other, other_scope, _people, _left = self.releases[number]
            return other == key or (scope is not None and other_scope == scope)

        return counts

    def split(self, key: str, scope: str | None, members: frozenset[str]) -> int | None:
        """The people check: every region of the releases (of whole units) with this one."""
        return self._split(members, self._counts(key, scope), lambda person: True)

    def _split(self, members: Iterable[str], counts: Callable[[int], bool],
               takes_part: Callable[[str], bool]) -> int | None:
        """The smallest part of people that a new release of ``members`` sets apart beside the
        releases that ``counts``, each holding only the people that ``takes_part`` (for one item:
        those who gave it a value, where it was shown); None when it sets nobody apart.

        Every released figure is a sum over a unit's members, so sums and differences of releases
        are sums over regions of their Venn diagram (the people in exactly these releases and not
        in those). Two releases that differ by many people can still isolate one: A∪{x}, then
        A∪B∪{x}, then B∪{x} give x alone (first + third − second). So a new release may not cut a
        region of earlier releases into a part of fewer than *k* people, nor add fewer than *k*
        people no earlier release held. A region that the new release holds whole, or leaves
        alone, sets nobody apart (it was screened when it arose); a first release is left to the
        release rule."""
        inside = frozenset(members)
        touching = {n for person in inside for n in self.by_person.get(person, ()) if counts(n)}
        if not touching:  # a first release: the release rule alone applies
            return None
        # The same set again (a report made twice, the Verloop of a report asking for its own
        # round once more) cuts nothing, but still carries the item check (``items_to_leave_out``).
        people = set(inside).union(*(self.releases[n][2] for n in touching))
        old: dict[tuple[int, ...], list[str]] = {}
        for person in people:
            if person in inside or takes_part(person):
                pattern = tuple(n for n in self.by_person.get(person, ()) if counts(n))
                old.setdefault(pattern, []).append(person)
        new_parts: list[int] = []
        for pattern, group in old.items():
            held = sum(1 for person in group if person in inside)
            if not pattern:  # in no earlier release: they arrived with this one
                new_parts.append(held)
            elif 0 < held < len(group):  # cut in two: each part is new
                new_parts += [held, len(group) - held]
        return min(new_parts) if new_parts else None

    def items_to_leave_out(self, key: str, scope: str | None, members: frozenset[str],
                           answered_of: Callable[[str], frozenset[str]], k: int) -> frozenset[str]:
        """The items a unit's release must leave out: an item's figure is a sum over the members
        who gave it a value, and so a release of those people, beside the earlier releases that
        showed the item; it must set nobody apart either (the people check holds for the unit, but
        when only one of three newcomers answered an item, the two reports' difference on it is
        that one answer; a report made again showed it once more). For clients, an item per part
        (``item|jongere``) or a part too small keeps jongeren and ouders together
        (``clientcompare.SPLIT_WITHHELD``)."""
        counts = self._counts(key, scope)
        touching = {n for person in members for n in self.by_person.get(person, ()) if counts(n)}
        if all(self.releases[n][2] == members for n in touching):
            # a first release (the release rule alone applies), or only this very set shown before
            # (what it left out then, the release rule left out; the memory only leaves out what
            # another release would cut): the same report again costs no item check
            return frozenset()
        items: set[str] = set().union(*(answered_of(person) for person in members))
        out: set[str] = set()
        for item in items:
            givers = [person for person in members if item in answered_of(person)]
            if len(givers) < k:
                continue  # the release rule leaves it out anyway
            base = item.split(PART_MARK, 1)[0]
            part = PART_MARK in item or item.startswith(WHO_MARK)

            def shown(number: int, item: str = item, base: str = base, part: bool = part) -> bool:
                left = self.releases[number][3]
                return counts(number) and item not in left and base not in left and not (part and SPLIT_MARK in left)

            def gave(person: str, item: str = item) -> bool:
                return item in answered_of(person)

            smallest = self._split(givers, shown, gave)
            if smallest is not None and smallest < k:
                out.add(item)
        plain = {item for item in out if PART_MARK not in item and not item.startswith(WHO_MARK)}
        if len(plain) < len(out):
            plain.add(SPLIT_MARK)
        return frozenset(plain)


SPLIT_MARK = "*jongeren-ouders*"  # in a client unit's withheld items: the parts stay together


def _not_shown(members: frozenset[str], answered_of: Callable[[str], frozenset[str]], k: int) -> frozenset[str]:
    """What the release rule keeps out of a unit's release: an item fewer than *k* members gave a
    value for; for clients, the parts apart when a part has fewer than *k* (``SPLIT_MARK``), and an
    item's part rows when a part that answered it gave fewer than *k* values."""
    givers: dict[str, int] = {}
    for person in members:
        for item in answered_of(person):
            givers[item] = givers.get(item, 0) + 1
    hidden = {item for item, n in givers.items() if n < k}
    parts = [item[len(WHO_MARK):] for item in givers if item.startswith(WHO_MARK)]
    if any(f"{WHO_MARK}{part}" in hidden for part in parts):
        hidden.add(SPLIT_MARK)
    for item in [i for i in givers if PART_MARK in i]:
        base = item.split(PART_MARK, 1)[0]
        if any(f"{base}{PART_MARK}{part}" in hidden for part in parts):
            hidden.add(item)  # the part rows of an item show together or not at all
    return frozenset(hidden)


def ledger_for(folders: Iterable[Path]) -> ReleaseLedger | None:
    """The ledger for a report of these folders; None for the built-in fictional demo data."""
    demo = paths.demo_dir().resolve()
    resolved = [Path(f).expanduser().resolve() for f in folders]
    if resolved and all(f == demo or demo in f.parents for f in resolved):
        return None
    return ReleaseLedger.load()
