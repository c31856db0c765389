"""What was released before: the memory that stops two reports of a changing folder being subtracted.

The release rule (``compare``) protects everything made from one state of a folder. But a team's
figure shown with 3 people and again after a fourth file arrived gives that fourth person's answer
by subtraction; the same when one person changes their answers between two reports. So every
release (a written report, the Intervisie screen) is remembered here, per unit (round, organisation,
team), as the set of fingerprints of the people and answers behind it. A unit whose people or
answers differ from an earlier release of that unit by fewer than *k* fingerprints is withheld, and
the terminal (never the report) says why and how to go on.

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
    pending: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # shown in the work at hand
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
            entries.append((unit, unit_key(unit.round_id, unit.organisation, unit.team), answered, unit.name))
        return self._screen(entries, k)

    def screen_clients(self, units: list[ClientUnit], k: int) -> tuple[list[ClientUnit], list[Withheld]]:
        """The same for clients' units (``k`` = the clients' minimum)."""
        entries = []
        for unit in units:
            prints = client_fingerprints(unit.members)
            answered = {fp: frozenset(c.answers) | frozenset({f"{WHO_MARK}{c.who}"})
                        for fp, c in zip(prints, unit.members)}
            entries.append((unit, client_unit_key(unit.round_id, unit.organisation, unit.team), answered,
                            f"cliëntantwoorden van {unit.name}"))
        return self._screen(entries, k)

    def _screen(self, entries: list[tuple[_Unit, str, dict[str, frozenset[str]], str]],
                k: int) -> tuple[list[_Unit], list[Withheld]]:
        kept: list[_Unit] = []
        stopped: list[Withheld] = []
        for unit, key, answered, name in entries:
            members = frozenset(answered)
            regions = self.regions(key, members)  # once, for the people and for the items
            difference = _smallest(regions)
            if difference is not None and difference < k:  # a region of fewer than k people
                stopped.append(Withheld(name, unit.round_id, difference))
                continue
            unit.withheld_items = self._thin(regions, answered, k)
            kept.append(unit)
            self.answered.update(answered)
            if (key, members) not in self.pending:
                self.pending.append((key, members))
        self.withheld += [w for w in stopped if w not in self.withheld]
        return kept, stopped

    def commit(self) -> None:
        """Remember what was just shown or written."""
        self.record(self.pending)
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
        answered = doc.get("antwoordde", {})
        if isinstance(answered, dict):
            ledger.answered = {fp: frozenset(items) for fp, items in answered.items() if isinstance(items, list)}
        return ledger

    def regions(self, key: str, members: frozenset[str]) -> list[list[str]]:
        """The regions of the Venn diagram of this release and every earlier release of the unit:
        per region the people (fingerprints) in exactly these releases and not in those. Empty on a
        unit's first release, and when the same set was released before (nothing new is set apart).

        Every released figure of a unit is a sum over its members, so a sum and a difference of
        releases is a sum over whole regions. Two releases that differ by many people can still
        isolate one: A∪{x}, then A∪B∪{x}, then B∪{x} give x alone (first + third − second); so every
        region must hold at least *k* people, a pairwise difference is not enough."""
        earlier = self.released.get(key, [])
        if not earlier or members in earlier:
            return []
        found: dict[tuple[bool, ...], list[str]] = {}
        for person in frozenset().union(*earlier) | members:
            pattern = (*(person in release for release in earlier), person in members)
            found.setdefault(pattern, []).append(person)
        return list(found.values())

    def difference(self, key: str, members: frozenset[str]) -> int | None:
        """The smallest group of people that this release, beside every earlier release of the
        unit, would set apart; None when nothing would be set apart."""
        return _smallest(self.regions(key, members))

    def thin_items(self, key: str, answered: dict[str, frozenset[str]], k: int) -> frozenset[str]:
        """The items this release must leave out for the unit (see ``_thin``); nothing on a unit's
        first release."""
        return self._thin(self.regions(key, frozenset(answered)), answered, k)

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

    def record(self, entries: Iterable[tuple[str, frozenset[str]]]) -> None:
        """Remember these releases (merged into the file as it is now, under its lock)."""
        new = [(key, members) for key, members in entries if members not in self.released.get(key, [])]
        if not new:
            return

        def add(released: dict[str, list[frozenset[str]]]) -> None:
            for key, members in new:
                known = released.setdefault(key, [])
                if members not in known:
                    known.append(members)

        self._update(add)

    def forget(self, keys: Iterable[str]) -> None:
        """Forget earlier releases of these units (the user says they were never handed out)."""
        gone = set(keys)

        def remove(released: dict[str, list[frozenset[str]]]) -> None:
            for key in gone:
                released.pop(key, None)

        self._update(remove)

    def _update(self, change: Callable[[dict[str, list[frozenset[str]]]], None]) -> None:
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
            change(current)
            kept = set().union(*(s for sets in current.values() for s in sets))
            answered = {fp: items for fp, items in {**stored.answered, **self.answered}.items() if fp in kept}
            doc = {"eenheden": {k: [sorted(s) for s in v] for k, v in sorted(current.items())},
                   "antwoordde": {fp: sorted(items) for fp, items in sorted(answered.items())}}
            atomic_write(self.path, tomli_w.dumps(doc).encode("utf-8"))
            self.released = current
            self.answered = answered
        finally:
            lock.release()


def _smallest(regions: list[list[str]]) -> int | None:
    return min(len(people) for people in regions) if regions else None


def ledger_for(folders: Iterable[Path]) -> ReleaseLedger | None:
    """The ledger for a report of these folders; None for the built-in fictional demo data."""
    demo = paths.demo_dir().resolve()
    resolved = [Path(f).expanduser().resolve() for f in folders]
    if resolved and all(f == demo or demo in f.parents for f in resolved):
        return None
    return ReleaseLedger.load()
