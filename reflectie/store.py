"""Answers files: read, validate, write atomically and privately. No Textual.

The answers file (format ``reflectie-antwoorden``, version 1) is the public interchange contract
described in the README.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import time
import tomllib
from functools import lru_cache
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from reflectie import paths
from reflectie.labels import default_round_label, slugify  # noqa: F401  (part of the store's API)
from reflectie.model import (
    FOLLOW_UP,
    FORMAT_NAME,
    FORMAT_VERSION,
    Action,
    Answers,
    Bank,
    Participant,
    RoundInfo,
    TextAnswer,
)

DIR_MODE = 0o700
FILE_MODE = 0o600
MAX_ANSWERS_BYTES = 20_000_000
TMP_SUFFIX = ".tmp"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class StoreError(Exception):
    """Saving failed; the message is Dutch and says what the user can do."""


class AnswersFileError(Exception):
    """An answers file that cannot be used; the message is Dutch and names the reason."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


def new_participant_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))


def now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


# --- private directories and atomic writes ---------------------------------------------------


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents with mode 0700; tighten ``path`` if it exists.

    Under the data dir, the data dir itself is kept at 0700 too.
    """
    try:
        missing = []
        probe = path
        while not probe.exists():
            missing.append(probe)
            probe = probe.parent
        for folder in reversed(missing):
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
            os.chmod(folder, DIR_MODE)
        targets = [path]
        home = paths.data_dir()
        if path == home or home in path.parents:
            targets.append(home)
        for folder in targets:
            if (folder.stat().st_mode & 0o777) != DIR_MODE:
                os.chmod(folder, DIR_MODE)
    except OSError as exc:
        raise StoreError(_os_message(exc, path / "x")) from exc
    return path


def _os_message(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"De schijf is vol: '{path}' kon niet bewaard worden. Maak ruimte vrij; je antwoord blijft in het venster staan."
    if exc.errno == errno.EDQUOT:
        return f"Je schijfquotum is op: '{path}' kon niet bewaard worden."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Geen toelating om te schrijven in '{path.parent}'. Kies een andere map of vraag toegang."
    if exc.errno == errno.EROFS:
        return f"De map '{path.parent}' is alleen-lezen. Kies een andere map."
    if exc.errno == errno.ENOENT:
        return f"De map '{path.parent}' bestaat niet (meer)."
    return f"Bewaren van '{path}' mislukt: {exc.strerror or exc}."


def atomic_write(path: Path, data: bytes, private: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the temporary
    file then replaces the target in one step. Files are 0600 when ``private``.
    """
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}{TMP_SUFFIX}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE if private else 0o644)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise StoreError(_os_message(exc, path)) from exc
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the file itself is on disk


# --- answers to and from TOML ----------------------------------------------------------------


def answers_to_dict(answers: Answers, shared: bool = False) -> dict[str, Any]:
    """The TOML document of an answers file. ``shared`` drops the name and every unshared text."""
    p = answers.participant
    participant: dict[str, Any] = {"id": p.id}
    if p.name and not shared:
        participant["naam"] = p.name
    for key, value in (("organisatie", p.organisation), ("team", p.team), ("sector", p.sector)):
        if value:
            participant[key] = value
    scores: dict[str, Any] = dict(answers.scores)
    if answers.na:
        scores["nvt"] = list(answers.na)
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "deelnemer": participant,
        "ronde": {
            "id": answers.round.id,
            "gestart": answers.round.started,
            "bijgewerkt": answers.round.updated,
        },
        "scores": scores,
    }
    actions = []
    for action in answers.actions:
        if shared and not action.share:
            continue
        entry: dict[str, Any] = {"thema": action.theme, "niveau": action.level, "tekst": action.text}
        if action.due is not None:
            entry["tegen"] = action.due
        entry["delen"] = action.share
        if action.happened:
            entry["gebeurd"] = action.happened
        actions.append(entry)
    if actions:
        doc["acties"] = actions
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


def _get_table(doc: dict[str, Any], key: str, path: Path, required: bool = True) -> dict[str, Any]:
    value = doc.get(key)
    if value is None:
        if required:
            raise AnswersFileError(path, f"de tabel [{key}] ontbreekt.")
        return {}
    if not isinstance(value, dict):
        raise AnswersFileError(path, f"[{key}] moet een tabel zijn.")
    return value


def _get_str(table: dict[str, Any], key: str, where: str, path: Path, required: bool = False) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise AnswersFileError(path, f"{where}.{key} moet tekst zijn, niet {type(value).__name__}.")
    if "\x00" in value:
        raise AnswersFileError(path, f"{where}.{key} bevat een ongeldig teken (NUL).")
    if required and not value.strip():
        raise AnswersFileError(path, f"{where}.{key} ontbreekt of is leeg.")
    return value


def _get_bool(table: dict[str, Any], key: str, where: str, path: Path) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise AnswersFileError(path, f"{where}.{key} moet true of false zijn.")
    return value


def _get_datetime(table: dict[str, Any], key: str, path: Path) -> datetime:
    value = table.get(key)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.astimezone()
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).astimezone()
    raise AnswersFileError(path, f"ronde.{key} ontbreekt of is geen datum met tijd.")


def answers_from_dict(doc: dict[str, Any], path: Path, bank: Bank | None = None) -> Answers:
    """Validate a parsed answers document. Raises AnswersFileError with a Dutch reason."""
    fmt = doc.get("format")
    if fmt != FORMAT_NAME:
        if fmt is None:
            raise AnswersFileError(path, "geen antwoordenbestand van reflectie (de sleutel 'format' ontbreekt).")
        raise AnswersFileError(path, f"ander soort bestand (format = {str(fmt)[:40]!r}, verwacht '{FORMAT_NAME}').")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise AnswersFileError(path, "ongeldige formaatversie ('version' moet een geheel getal ≥ 1 zijn).")
    if version > FORMAT_VERSION:
        raise AnswersFileError(
            path,
            f"gemaakt met een nieuwere versie van reflectie (formaatversie {version}; deze versie leest "
            f"tot versie {FORMAT_VERSION}). Werk reflectie bij om dit bestand te lezen.",
        )
    person = _get_table(doc, "deelnemer", path)
    participant_id = _get_str(person, "id", "deelnemer", path, required=True)
    if not _ID_RE.match(participant_id):
        raise AnswersFileError(path, "deelnemer.id bevat tekens die niet toegelaten zijn.")
    participant = Participant(
        id=participant_id,
        name=_get_str(person, "naam", "deelnemer", path),
        organisation=_get_str(person, "organisatie", "deelnemer", path),
        team=_get_str(person, "team", "deelnemer", path),
        sector=_get_str(person, "sector", "deelnemer", path),
    )
    ronde = _get_table(doc, "ronde", path)
    round_id = _get_str(ronde, "id", "ronde", path, required=True)
    if not _ID_RE.match(round_id):
        raise AnswersFileError(path, "ronde.id bevat tekens die niet toegelaten zijn (gebruik letters, cijfers, - en _).")
    started = _get_datetime(ronde, "gestart", path)
    updated = _get_datetime(ronde, "bijgewerkt", path)
    round_info = RoundInfo(round_id, started, updated)

    raw_scores = dict(_get_table(doc, "scores", path, required=False))
    na_raw = raw_scores.pop("nvt", doc.get("nvt", []))
    if not isinstance(na_raw, list) or not all(isinstance(x, str) for x in na_raw):
        raise AnswersFileError(path, "'nvt' moet een lijst van item-id's zijn.")
    unknown: list[str] = []
    scores: dict[str, int] = {}
    for item_id, value in raw_scores.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise AnswersFileError(path, f"score '{item_id}' moet een geheel getal zijn, niet {type(value).__name__}.")
        item = bank.item(item_id) if bank else None
        if bank is not None and item is None:
            unknown.append(item_id)
        elif item is not None:
            if item.scale is None:
                raise AnswersFileError(path, f"'{item_id}' is een open vraag en kan geen score hebben.")
            if not item.scale.contains(value):
                raise AnswersFileError(
                    path,
                    f"score {value} voor '{item_id}' valt buiten de schaal {item.scale.min}–{item.scale.max}.",
                )
        scores[item_id] = value
    na: list[str] = []
    for item_id in na_raw:
        if item_id in scores:
            raise AnswersFileError(path, f"'{item_id}' heeft zowel een score als 'niet van toepassing'.")
        if bank is not None and bank.item(item_id) is None:
            unknown.append(item_id)
        if item_id not in na:
            na.append(item_id)

    texts: dict[str, TextAnswer] = {}
    for item_id, entry in _get_table(doc, "antwoorden", path, required=False).items():
        if not isinstance(entry, dict):
            raise AnswersFileError(path, f"antwoorden.\"{item_id}\" moet een tabel zijn.")
        where = f'antwoorden."{item_id}"'
        texts[item_id] = TextAnswer(
            text=_get_str(entry, "tekst", where, path),
            share=_get_bool(entry, "delen", where, path),
            discuss=_get_bool(entry, "bespreken", where, path),
        )
        if bank is not None and bank.item(item_id) is None:
            unknown.append(item_id)

    actions: list[Action] = []
    raw_actions = doc.get("acties", [])
    if not isinstance(raw_actions, list) or not all(isinstance(a, dict) for a in raw_actions):
        raise AnswersFileError(path, "'acties' moet een lijst van tabellen zijn ([[acties]]).")
    for entry in raw_actions:
        level = _get_str(entry, "niveau", "acties", path)
        if level not in ("micro", "meso", "macro"):
            raise AnswersFileError(path, f"acties.niveau moet micro, meso of macro zijn, niet {level!r}.")
        due = entry.get("tegen")
        if isinstance(due, datetime):
            due = due.date()
        if due is not None and not isinstance(due, date):
            raise AnswersFileError(path, "acties.tegen moet een datum zijn (bv. 2027-01-31).")
        happened = entry.get("gebeurd")
        if happened is not None and happened not in FOLLOW_UP:
            raise AnswersFileError(path, "acties.gebeurd moet 'ja', 'deels' of 'nee' zijn.")
        actions.append(
            Action(
                theme=_get_str(entry, "thema", "acties", path, required=True),
                level=level,
                text=_get_str(entry, "tekst", "acties", path),
                due=due,
                share=_get_bool(entry, "delen", "acties", path),
                happened=happened,
            )
        )
    return Answers(
        participant=participant,
        round=round_info,
        scores=scores,
        na=na,
        texts=texts,
        actions=actions,
        version=version,
        path=path,
        unknown_ids=sorted(set(unknown)),
    )


def parse_answers(data: bytes, path: Path | str, bank: Bank | None = None) -> Answers:
    path = Path(path)
    if len(data) > MAX_ANSWERS_BYTES:
        raise AnswersFileError(path, "het bestand is te groot voor een antwoordenbestand (meer dan 20 MB).")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnswersFileError(path, f"geen UTF-8-tekst (ongeldige byte op positie {exc.start}).") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AnswersFileError(path, f"beschadigd of geen TOML: {_toml_reason(exc)}.") from None
    except RecursionError:
        raise AnswersFileError(path, "te diep genest om te lezen.") from None
    try:
        return answers_from_dict(doc, path, bank)
    except RecursionError:
        raise AnswersFileError(path, "te diep genest om te lezen.") from None
    except (OverflowError, ValueError, TypeError) as exc:
        # e.g. a date that cannot be placed in the local time zone
        raise AnswersFileError(path, f"ongeldige waarde ({exc}).") from None


def _toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    match = re.search(r"line (\d+), column (\d+)", str(exc))
    if match:
        return f"fout op regel {match.group(1)}, kolom {match.group(2)}"
    match = re.search(r"line (\d+)", str(exc))
    if match:
        return f"fout op regel {match.group(1)}"
    return "de inhoud is geen geldige TOML"


def read_answers(path: Path, bank: Bank | None = None) -> Answers:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_ANSWERS_BYTES + 1)
    except OSError as exc:
        raise AnswersFileError(path, f"kan het bestand niet lezen ({exc.strerror or exc}).") from None
    return parse_answers(data, path, bank)


# --- the person's own store --------------------------------------------------------------------


def round_path(round_id: str) -> Path:
    return paths.answers_dir() / f"{slugify(round_id)}.toml"


STALE_TEMP_SECONDS = 600


def remove_stale_temps(target: Path) -> int:
    """Remove temp files of ``target`` left by a crash (older than ten minutes)."""
    removed = 0
    limit = time.time() - STALE_TEMP_SECONDS
    for tmp in target.parent.glob(f".{target.name}.*{TMP_SUFFIX}"):
        try:
            if tmp.stat().st_mtime < limit:
                tmp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def save_answers(answers: Answers, path: Path | None = None, touch: bool = True) -> Path:
    """Save one's own answers file atomically and privately (dir 0700, file 0600)."""
    target = path or answers.path or round_path(answers.round.id)
    ensure_private_dir(target.parent)
    remove_stale_temps(target)
    if touch:
        answers.round.updated = max(now(), answers.round.updated)
    atomic_write(target, dumps(answers))
    answers.path = target
    return target


def machine_tag() -> str:
    """Four characters that differ per computer, without revealing its name."""
    import hashlib
    import socket

    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:4]


def shared_file_name(answers: Answers) -> str:
    """Pseudonym, round and a computer tag: the same person on two computers writes two files, and
    the comparison keeps the one updated last; nobody overwrites anybody."""
    return f"reflectie-{slugify(answers.round.id)}-{answers.participant.id}-{machine_tag()}.toml"


def write_shared(answers: Answers, target: Path) -> Path:
    """Write the shareable copy: no name, only texts and actions marked 'delen'.

    ``target`` is a folder (a file name without personal data is chosen) or a file path.
    Shared folders are often synced or used by several people, so the file is readable (0644) but the
    folder is not tightened.
    """
    if target.is_dir() or target.suffix != ".toml":
        target = target / shared_file_name(answers)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(_os_message(exc, target)) from exc
    atomic_write(target, dumps(answers, shared=True), private=False)
    return target


def list_rounds(bank: Bank | None = None) -> tuple[list[Answers], list[AnswersFileError]]:
    """The person's own rounds, oldest first, and the files that could not be read."""
    folder = paths.answers_dir()
    rounds: list[Answers] = []
    problems: list[AnswersFileError] = []
    if not folder.is_dir():
        return rounds, problems
    for path in sorted(folder.glob("*.toml")):
        if path.name.startswith("."):
            continue
        try:
            rounds.append(read_answers(path, bank))
        except AnswersFileError as exc:
            problems.append(exc)
    rounds.sort(key=lambda a: (a.round.started, a.round.id))
    return rounds, problems


def new_answers(participant: Participant, round_id: str) -> Answers:
    stamp = now()
    return Answers(participant=replace(participant), round=RoundInfo(round_id, stamp, stamp))
