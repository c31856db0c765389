"""One person's rounds and the copies they share. No Textual.

The file format lives in ``answersfile``, the file primitives in ``fileio``; this module knows where
a person's rounds are kept, how one is saved, and how the shareable copy is named and written.
Screens never call it directly: ``Session`` owns a person's data and goes through here.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from reflectie import paths
from reflectie.answersfile import dumps, read_answers
from reflectie.errors import AnswersFileError, StoreError
from reflectie.fileio import (
    SHARED_DIR_MODE,
    SHARED_FILE_MODE,
    atomic_write,
    ensure_dir,
    ensure_private_dir,
    os_message,
    safe_file_name,
)
from reflectie.labels import slugify
from reflectie.model import Answers, Bank, Participant, RoundInfo

_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_participant_id() -> str:
    """A random pseudonym, made once per person; never derived from a name."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))


def new_installation_code() -> str:
    """A random code for this installation (kept in the profile); never derived from the host."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))


def now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def round_path(round_id: str) -> Path:
    return paths.answers_dir() / safe_file_name(slugify(round_id), ".toml")


def new_answers(participant: Participant, round_id: str, installation: str = "") -> Answers:
    stamp = now()
    return Answers(participant=replace(participant), round=RoundInfo(round_id, stamp, stamp),
                   installation=installation)


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


def save_answers(answers: Answers, path: Path | None = None, touch: bool = True) -> Path:
    """Save one's own answers file atomically and privately (folder 0700, file 0600).

    Each save raises the round's revision by one; ``touch`` also moves 'bijgewerkt' to now.
    On failure the answers keep their old revision and time (StoreError, in Dutch).
    """
    target = path or answers.path or round_path(answers.round.id)
    ensure_private_dir(target.parent)
    before = (answers.round.updated, answers.round.revision)
    if touch:
        answers.round.updated = max(now(), answers.round.updated)
    answers.round.revision += 1
    try:
        atomic_write(target, dumps(answers))
    except StoreError:
        answers.round.updated, answers.round.revision = before
        raise
    answers.path = target
    return target


def delete_round(answers: Answers) -> None:
    """Remove one's own round file (the caller asked the user first)."""
    path = answers.path or round_path(answers.round.id)
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(os_message(exc, path)) from exc


def shared_file_name(answers: Answers) -> str:
    """Round, pseudonym and installation code: the same person on two computers writes two files,
    and the comparison keeps the newest; nobody overwrites anybody."""
    parts = ["reflectie", slugify(answers.round.id), answers.participant.id]
    if answers.installation:
        parts.append(answers.installation)
    return safe_file_name("-".join(parts), ".toml")


def write_shared(answers: Answers, target: Path) -> Path:
    """Write the shareable copy: no name, only texts and actions marked 'delen', dates only.

    ``target`` is a folder (a file name without personal data is chosen) or a ``.toml`` path.
    A shared folder is read by others (a team folder, often synced), so the file is 0644; a folder
    this creates is 0755, whatever the umask, and an existing folder keeps its permissions.
    """
    if target.is_dir() or target.suffix != ".toml":
        target = target / shared_file_name(answers)
    ensure_dir(target.parent, SHARED_DIR_MODE, tighten=False)
    atomic_write(target, dumps(answers, shared=True), SHARED_FILE_MODE)
    return target
