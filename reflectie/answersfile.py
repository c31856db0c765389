"""The answers file, format ``reflectie-antwoorden``: the public contract between team members. No Textual.

One TOML file per person per round; the README documents it. Version 2 (written now) adds over
version 1: ``weetniet`` beside ``nvt``, a revision counter and a random installation code, follow-up
of checklist measures (not in shared copies), and the optional 'bannen – behouden – bereiken' form of
an action. A shared copy carries dates without the time of day. Every earlier version stays readable
for good.

Reading never trusts the file: every string is cleaned of control characters here (the boundary),
ids must look like ids, values must lie on the item's scale, and a file from the future is refused.
"""

from __future__ import annotations

import re
import tomllib
import weakref
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import tomli_w

from reflectie.clean import clean_line, clean_text
from reflectie.errors import AnswersFileError
from reflectie.fileio import NotReadable, read_regular_file
from reflectie.model import (
    DONT_KNOW,
    FOLLOW_UP,
    FORMAT_NAME,
    FORMAT_VERSION,
    NA,
    Action,
    Answers,
    Bank,
    ChecklistEntry,
    Participant,
    RoundInfo,
    TextAnswer,
)

_rtoml: ModuleType | None
try:  # the fast reader (Rust); the standard library's parser stays for errors and as the fallback
    import rtoml as _rtoml
except ImportError:  # pragma: no cover - a dependency; without its wheel, tomllib reads
    _rtoml = None

MAX_ANSWERS_BYTES = 20_000_000
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
LEVELS_IN_FILE = ("micro", "meso", "macro")
FUTURE_MARGIN = timedelta(days=1)  # time zones; anything later is not a real save


# --- writing -------------------------------------------------------------------------------------


def answers_to_dict(answers: Answers, shared: bool = False) -> dict[str, Any]:
    """The TOML document of an answers file.

    ``shared`` gives the copy for the team: no name, no text or action that is not marked 'delen'
    (a question flagged 'bespreken' keeps the flag with an empty text), dates without the time of day.
    """
    p = answers.participant
    participant: dict[str, Any] = {"id": p.id}
    if answers.installation:
        participant["installatie"] = answers.installation
    if p.name and not shared:
        participant["naam"] = p.name
    for key, value in (("organisatie", p.organisation), ("team", p.team), ("sector", p.sector)):
        if value:
            participant[key] = value
    scores: dict[str, Any] = dict(answers.scores)
    if answers.na:
        scores[NA] = sorted(answers.na)
    if answers.dont_know:
        scores[DONT_KNOW] = sorted(answers.dont_know)
    started: date | datetime = answers.round.started
    updated: date | datetime = answers.round.updated
    if shared:
        started, updated = answers.round.started.date(), answers.round.updated.date()
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "deelnemer": participant,
        "ronde": {"id": answers.round.id, "gestart": started, "bijgewerkt": updated,
                  "revisie": answers.round.revision},
        "scores": scores,
    }
    actions = []
    for action in answers.actions:
        if shared and not action.share:
            continue
        entry: dict[str, Any] = {"thema": action.theme, "niveau": action.level, "tekst": action.text}
        for key, value in (("bannen", action.ban), ("behouden", action.keep), ("bereiken", action.reach)):
            if value:
                entry[key] = value
        if action.due is not None:
            entry["tegen"] = action.due
        entry["delen"] = action.share
        if action.happened:
            entry["gebeurd"] = action.happened
        actions.append(entry)
    if actions:
        doc["acties"] = actions
    checklist: dict[str, Any] = {}
    # owners and evidence of checklist measures may name colleagues, and no comparison uses them:
    # they stay in one's own file (the status itself is a score and is shared like any score)
    for item_id, follow in ({} if shared else answers.checklist).items():
        if follow.empty:
            continue
        entry = {}
        if follow.owner:
            entry["eigenaar"] = follow.owner
        if follow.due is not None:
            entry["tegen"] = follow.due
        if follow.evidence:
            entry["bewijs"] = follow.evidence
        checklist[item_id] = entry
    if checklist:
        doc["checklist"] = checklist
    texts: dict[str, Any] = {}
    for item_id, answer in answers.texts.items():
        if shared and not answer.share:
            if answer.discuss:
                # the wish to talk about it is shared, the words are not
                texts[item_id] = {"tekst": "", "delen": False, "bespreken": True}
            continue
        if answer.empty:
            continue
        texts[item_id] = {"tekst": answer.text, "delen": answer.share, "bespreken": answer.discuss}
    if texts:
        doc["antwoorden"] = texts  # last: dumps() renders these tables one by one and appends them
    return doc


@lru_cache(maxsize=8192)
def _table_fragment(item_id: str, text: str, share: bool, discuss: bool) -> str:
    return tomli_w.dumps({"antwoorden": {item_id: {"tekst": text, "delen": share, "bespreken": discuss}}})


def dumps(answers: Answers, shared: bool = False) -> bytes:
    """The file's bytes, exactly what ``tomli_w.dumps(answers_to_dict(...))`` gives.

    Saving happens on every answer, and escaping long reflection texts is the slow part, so each
    answer's table is rendered by tomli-w once and reused while it does not change.
    """
    doc = answers_to_dict(answers, shared)
    texts = doc.pop("antwoorden", {})
    parts = [tomli_w.dumps(doc)]
    for item_id, entry in texts.items():
        parts.append(_table_fragment(item_id, entry["tekst"], entry["delen"], entry["bespreken"]))
    return "\n".join(parts).encode("utf-8")


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _BankTables:
    """What validation asks of a bank for every value, prepared once per bank: checking a score is
    then one dictionary look-up and one set membership instead of walking the item's scale."""

    known: frozenset[str]  # the bank's item ids (only those that are valid ids)
    scale_values: dict[str, frozenset[int]]  # scored item id -> the values on its scale


_tables: tuple[weakref.ref[Bank], int, _BankTables] | None = None


def _bank_tables(bank: Bank) -> _BankTables:
    global _tables
    cached = _tables
    if cached is not None and cached[0]() is bank and cached[1] == len(bank.items):
        return cached[2]
    known = frozenset(item_id for item_id in bank.items if ID_RE.match(item_id))
    values = {item_id: frozenset(item.scale.values) for item_id, item in bank.items.items()
              if item_id in known and item.scale is not None}
    tables = _BankTables(known, values)
    _tables = (weakref.ref(bank), len(bank.items), tables)
    return tables


class _Reader:
    """Typed getters that raise AnswersFileError with a Dutch reason naming the key."""

    def __init__(self, path: Path):
        self.path = path
        self._latest: datetime | None = None

    @property
    def latest(self) -> datetime:
        """The latest moment a real save can carry (now, plus a margin for time zones)."""
        if self._latest is None:
            self._latest = datetime.now().astimezone() + FUTURE_MARGIN
        return self._latest

    def fail(self, reason: str) -> AnswersFileError:
        return AnswersFileError(self.path, reason)

    def table(self, doc: dict[str, Any], key: str, required: bool = True) -> dict[str, Any]:
        value = doc.get(key)
        if value is None:
            if required:
                raise self.fail(f"de tabel [{key}] ontbreekt.")
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"[{key}] moet een tabel zijn.")
        return value

    def text(self, table: dict[str, Any], key: str, where: str, required: bool = False,
             multiline: bool = False) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key} moet tekst zijn, niet {_type_name(value)}.")
        value = clean_text(value) if multiline else clean_line(value)
        if required and not value.strip():
            raise self.fail(f"{where}.{key} ontbreekt of is leeg.")
        return value

    def flag(self, table: dict[str, Any], key: str, where: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{key} moet true of false zijn.")
        return value

    def moment(self, table: dict[str, Any], key: str) -> datetime:
        value = table.get(key)
        if isinstance(value, datetime):
            zone = value.tzinfo
            if zone is None:
                moment = value.astimezone()
            elif type(zone) is timezone:
                moment = value
            else:  # the fast reader's own tzinfo: the same offset as the standard library gives it
                moment = value.replace(tzinfo=timezone(value.utcoffset() or timedelta(0)))
        elif isinstance(value, date):
            moment = datetime(value.year, value.month, value.day).astimezone()
        else:
            raise self.fail(f"ronde.{key} ontbreekt of is geen datum.")
        if moment > self.latest:
            raise self.fail(f"ronde.{key} ({moment:%d/%m/%Y}) ligt in de toekomst; zo'n bestand wordt niet vertrouwd.")
        return moment

    def day(self, table: dict[str, Any], key: str, where: str) -> date | None:
        value = table.get(key)
        if isinstance(value, datetime):
            return value.date()
        if value is not None and not isinstance(value, date):
            raise self.fail(f"{where}.{key} moet een datum zijn (bv. 2027-01-31).")
        return value

    def item_id(self, value: str, where: str) -> str:
        if not ID_RE.match(value):
            raise self.fail(f"{where}: '{clean_line(value)[:40]}' is geen geldige item-id.")
        return value

    def id_list(self, raw: Any, key: str, known: frozenset[str] = frozenset()) -> set[str]:
        if type(raw) is list:
            try:
                ids = set(raw)
            except TypeError:  # something unhashable: the checks below say what is wrong
                ids = None
            if ids is not None and ids <= known:
                return ids
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise self.fail(f"'{key}' moet een lijst van item-id's zijn.")
        return {self.item_id(x, key) for x in raw}


def _type_name(value: Any) -> str:
    return {int: "een getal", float: "een kommagetal", bool: "true/false", list: "een lijst",
            dict: "een tabel"}.get(type(value), type(value).__name__)


def answers_from_dict(doc: dict[str, Any], path: Path, bank: Bank | None = None) -> Answers:
    """Validate a parsed answers document (any readable version). Raises AnswersFileError."""
    r = _Reader(path)
    fmt = doc.get("format")
    if fmt != FORMAT_NAME:
        if fmt is None:
            raise r.fail("geen antwoordenbestand van reflectie (de sleutel 'format' ontbreekt).")
        raise r.fail(f"ander soort bestand (format = '{clean_line(str(fmt))[:40]}', verwacht '{FORMAT_NAME}').")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise r.fail("ongeldige formaatversie ('version' moet een geheel getal ≥ 1 zijn).")
    if version > FORMAT_VERSION:
        raise r.fail(
            f"gemaakt met een nieuwere versie van reflectie (formaatversie {version}; deze versie leest "
            f"tot versie {FORMAT_VERSION}). Werk reflectie bij om dit bestand te lezen."
        )
    person = r.table(doc, "deelnemer")
    participant_id = r.text(person, "id", "deelnemer", required=True)
    if not ID_RE.match(participant_id):
        raise r.fail("deelnemer.id bevat tekens die niet toegelaten zijn.")
    participant = Participant(
        id=participant_id,
        name=r.text(person, "naam", "deelnemer"),
        organisation=r.text(person, "organisatie", "deelnemer").strip(),
        team=r.text(person, "team", "deelnemer").strip(),
        sector=r.text(person, "sector", "deelnemer").strip(),
    )
    installation = r.text(person, "installatie", "deelnemer") if version >= 2 else ""
    if installation and not ID_RE.match(installation):
        raise r.fail("deelnemer.installatie bevat tekens die niet toegelaten zijn.")
    ronde = r.table(doc, "ronde")
    round_id = r.text(ronde, "id", "ronde", required=True)
    if not ID_RE.match(round_id):
        raise r.fail("ronde.id bevat tekens die niet toegelaten zijn (gebruik letters, cijfers, - en _).")
    revision = ronde.get("revisie", 0) if version >= 2 else 0
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
        raise r.fail("ronde.revisie moet een geheel getal ≥ 0 zijn.")
    round_info = RoundInfo(round_id, r.moment(ronde, "gestart"), r.moment(ronde, "bijgewerkt"), revision)

    tables = _bank_tables(bank) if bank is not None else _BankTables(frozenset(), {})
    known, scale_values = tables.known, tables.scale_values
    raw_scores = dict(r.table(doc, "scores", required=False))
    na = r.id_list(raw_scores.pop(NA, doc.get(NA, [])), NA, known)
    dont_know = r.id_list(raw_scores.pop(DONT_KNOW, []), DONT_KNOW, known)
    unknown: set[str] = set()
    scores: dict[str, int] = {}
    for item_id, value in raw_scores.items():
        allowed = scale_values.get(item_id)
        if allowed is not None and type(value) is int and value in allowed:
            scores[item_id] = value  # the common case: a known item and a value on its scale
            continue
        # anything else goes through every check, in order, for the exact reason
        r.item_id(item_id, "scores")
        if not isinstance(value, int) or isinstance(value, bool):
            raise r.fail(f"score '{item_id}' moet een geheel getal zijn, niet {_type_name(value)}.")
        item = bank.items.get(item_id) if bank is not None else None
        if bank is not None and item is None:
            unknown.add(item_id)
        elif item is not None:
            if item.scale is None:
                raise r.fail(f"'{item_id}' is een open vraag en kan geen score hebben.")
            if not item.scale.contains(value):
                raise r.fail(f"score {value} voor '{item_id}' valt buiten de schaal {item.scale.min}–{item.scale.max}.")
        scores[item_id] = value
    for marks, key in ((na, "niet van toepassing"), (dont_know, "weet ik niet")):
        for item_id in marks:
            if item_id in scores:
                raise r.fail(f"'{item_id}' heeft zowel een score als '{key}'.")
    both = na & dont_know
    if both:
        raise r.fail(f"'{min(both)}' staat zowel bij 'niet van toepassing' als bij 'weet ik niet'.")
    if bank is not None:
        unknown.update(i for i in na | dont_know if i not in bank.items)

    texts: dict[str, TextAnswer] = {}
    for item_id, entry in r.table(doc, "antwoorden", required=False).items():
        if item_id in known and type(entry) is dict:
            text = entry.get("tekst", "")
            share = entry.get("delen", False)
            discuss = entry.get("bespreken", False)
            if type(text) is str and type(share) is bool and type(discuss) is bool:
                texts[item_id] = TextAnswer(clean_text(text), share, discuss)  # the common case
                continue
        r.item_id(item_id, "antwoorden")
        if not isinstance(entry, dict):
            raise r.fail(f'antwoorden."{item_id}" moet een tabel zijn.')
        where = f'antwoorden."{item_id}"'
        texts[item_id] = TextAnswer(
            text=r.text(entry, "tekst", where, multiline=True),
            share=r.flag(entry, "delen", where),
            discuss=r.flag(entry, "bespreken", where),
        )
        if bank is not None and item_id not in bank.items:
            unknown.add(item_id)

    actions: list[Action] = []
    raw_actions = doc.get("acties", [])
    if not isinstance(raw_actions, list) or not all(isinstance(a, dict) for a in raw_actions):
        raise r.fail("'acties' moet een lijst van tabellen zijn ([[acties]]).")
    for entry in raw_actions:
        level = r.text(entry, "niveau", "acties")
        if level not in LEVELS_IN_FILE:
            raise r.fail(f"acties.niveau moet micro, meso of macro zijn, niet '{level[:20]}'.")
        happened = entry.get("gebeurd")
        if happened is not None and happened not in FOLLOW_UP:
            raise r.fail("acties.gebeurd moet 'ja', 'deels' of 'nee' zijn.")
        theme = r.text(entry, "thema", "acties", required=True)
        r.item_id(theme, "acties.thema")
        actions.append(
            Action(
                theme=theme,
                level=level,
                text=r.text(entry, "tekst", "acties", multiline=True),
                due=r.day(entry, "tegen", "acties"),
                share=r.flag(entry, "delen", "acties"),
                happened=happened,
                ban=r.text(entry, "bannen", "acties", multiline=True),
                keep=r.text(entry, "behouden", "acties", multiline=True),
                reach=r.text(entry, "bereiken", "acties", multiline=True),
            )
        )
    checklist: dict[str, ChecklistEntry] = {}
    if version >= 2:
        for item_id, entry in r.table(doc, "checklist", required=False).items():
            r.item_id(item_id, "checklist")
            if not isinstance(entry, dict):
                raise r.fail(f'checklist."{item_id}" moet een tabel zijn.')
            where = f'checklist."{item_id}"'
            checklist[item_id] = ChecklistEntry(
                owner=r.text(entry, "eigenaar", where),
                due=r.day(entry, "tegen", where),
                evidence=r.text(entry, "bewijs", where, multiline=True),
            )
    return Answers(
        participant=participant,
        round=round_info,
        scores=scores,
        na=na,
        dont_know=dont_know,
        texts=texts,
        actions=actions,
        checklist=checklist,
        installation=installation,
        version=version,
        path=path,
        unknown_ids=sorted(unknown),
    )


def loads_toml(text: str) -> dict[str, Any]:
    """Parse TOML text: with rtoml (Rust, about ten times faster than the standard library), and
    when rtoml refuses the text, with the standard library's ``tomllib``, which then either reads
    it after all or raises ``TOMLDecodeError`` with the exact line and column for the Dutch reason.

    rtoml gives an aware datetime its own ``tzinfo`` class (same offset, equal values, but it cannot
    be pickled); ``answers_from_dict`` turns it into ``datetime.timezone`` like ``tomllib`` gives.
    rtoml also reads TOML 1.1 (e.g. a newline inside an inline table), which ``tomllib`` refuses.
    """
    if _rtoml is not None:
        try:
            doc: dict[str, Any] = _rtoml.loads(text)
            return doc
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # noqa: BLE001 - a parse error or a Rust panic: tomllib decides
            return tomllib.loads(text)
    return tomllib.loads(text)


def parse_answers(data: bytes, path: Path | str, bank: Bank | None = None) -> Answers:
    path = Path(path)
    if len(data) > MAX_ANSWERS_BYTES:
        raise AnswersFileError(path, "het bestand is te groot voor een antwoordenbestand (meer dan 20 MB).")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnswersFileError(path, f"geen UTF-8-tekst (ongeldige byte op positie {exc.start}).") from None
    text = text.removeprefix("\ufeff")
    try:
        doc = loads_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise AnswersFileError(path, f"beschadigd of geen TOML: {toml_reason(exc)}.") from None
    except RecursionError:
        raise AnswersFileError(path, "te diep genest om te lezen.") from None
    try:
        return answers_from_dict(doc, path, bank)
    except RecursionError:
        raise AnswersFileError(path, "te diep genest om te lezen.") from None
    except (OverflowError, ValueError, TypeError) as exc:
        # e.g. a date that cannot be placed in the local time zone
        raise AnswersFileError(path, f"ongeldige waarde ({clean_line(str(exc))[:80]}).") from None


def toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    """The place of a TOML error in Dutch: line and column."""
    match = re.search(r"line (\d+), column (\d+)", str(exc))
    if match:
        return f"fout op regel {match.group(1)}, kolom {match.group(2)}"
    match = re.search(r"line (\d+)", str(exc))
    if match:
        return f"fout op regel {match.group(1)}"
    return "de inhoud is geen geldige TOML"


def read_answers(path: Path, bank: Bank | None = None) -> Answers:
    """Read and validate one answers file; only a regular file is opened (never a FIFO or device)."""
    try:
        data = read_regular_file(path, MAX_ANSWERS_BYTES)
    except NotReadable as exc:
        raise AnswersFileError(path, exc.reason) from None
    return parse_answers(data, path, bank)
