"""The person's profile and settings (profiel.toml in the data dir). No Textual.

Two windows may run at once, so the profile is never written from a stale copy: ``update_profile``
takes the profile's lock, reads the file as it is now, applies only the requested change, and writes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflectie import paths
from reflectie.clean import clean_line
from reflectie.model import Participant
from reflectie.rules import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR

LOCK_WAIT = 5.0  # seconds another window may hold the profile while it writes


@dataclass
class Profile:
    participant: Participant
    installation: str = ""
    shared_folder: str = ""
    min_group: int = DEFAULT_MIN_GROUP
    dark: bool = True
    ansi: bool = False  # the terminal's own colour palette (Textual's ANSI themes)
    welcomed: bool = False
    last_round: str = ""
    last_theme: str = ""
    last_level: str = "micro"
    last_item: str = ""
    question_sets: list[str] = field(default_factory=list)  # other frameworks switched on
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        p = self.participant
        person = {"id": p.id, "naam": p.name, "organisatie": p.organisation, "team": p.team, "sector": p.sector}
        return {
            "deelnemer": person,
            "installatie": self.installation,
            "instellingen": {
                "gedeelde_map": self.shared_folder,
                "minimum_groep": self.min_group,
                "donker": self.dark,
                "terminalkleuren": self.ansi,
                "welkom_gezien": self.welcomed,
                "laatste_ronde": self.last_round,
                "laatste_thema": self.last_theme,
                "laatste_niveau": self.last_level,
                "laatste_item": self.last_item,
                "vragensets": list(self.question_sets),
            },
        }


def _str(table: dict[str, Any], key: str, default: str = "") -> str:
    value = table.get(key, default)
    return clean_line(value) if isinstance(value, str) else default


def load_profile(path: Path | None = None) -> Profile | None:
    """The saved profile, or None before the first run. A damaged file is set aside, not lost."""
    from reflectie.fileio import NotReadable, read_regular_file
    from reflectie.store import new_installation_code, new_participant_id

    path = path or paths.profile_path()
    if not path.exists():
        return None
    try:
        # read_regular_file: a FIFO named profiel.toml never blocks the start
        doc = tomllib.loads(read_regular_file(path, 1_000_000).decode("utf-8"))
    except (OSError, NotReadable, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        backup = path.with_suffix(".beschadigd.toml")
        try:
            path.replace(backup)
        except OSError:
            pass
        profile = Profile(Participant(id=new_participant_id()), installation=new_installation_code())
        reason = clean_line(str(exc))[:120]
        profile.problems.append(
            f"Je profiel kon niet gelezen worden ({reason}); het oude bestand staat in {backup.name}."
        )
        return profile
    person = doc.get("deelnemer", {}) if isinstance(doc.get("deelnemer"), dict) else {}
    settings = doc.get("instellingen", {}) if isinstance(doc.get("instellingen"), dict) else {}
    participant = Participant(
        id=_str(person, "id") or new_participant_id(),
        name=_str(person, "naam"),
        organisation=_str(person, "organisatie"),
        team=_str(person, "team"),
        sector=_str(person, "sector"),
    )
    from reflectie.answersfile import ID_RE

    if not ID_RE.match(participant.id):
        participant.id = new_participant_id()
    installation = _str(doc, "installatie")
    if not ID_RE.match(installation or "-"):
        installation = new_installation_code()
    min_group = settings.get("minimum_groep", DEFAULT_MIN_GROUP)
    if not isinstance(min_group, int) or isinstance(min_group, bool) or min_group < MIN_GROUP_FLOOR:
        min_group = DEFAULT_MIN_GROUP
    sets = settings.get("vragensets", [])
    return Profile(
        participant=participant,
        installation=installation,
        shared_folder=_str(settings, "gedeelde_map"),
        min_group=min_group,
        dark=bool(settings.get("donker", True)),
        ansi=bool(settings.get("terminalkleuren", False)),
        welcomed=bool(settings.get("welkom_gezien", False)),
        last_round=_str(settings, "laatste_ronde"),
        last_theme=_str(settings, "laatste_thema"),
        last_level=_str(settings, "laatste_niveau", "micro") or "micro",
        last_item=_str(settings, "laatste_item"),
        question_sets=[clean_line(s) for s in sets if isinstance(s, str)] if isinstance(sets, list) else [],
    )


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Write the whole profile (first run, tests). Later changes go through ``update_profile``."""
    import tomli_w

    from reflectie.fileio import atomic_write, ensure_private_dir

    path = path or paths.profile_path()
    ensure_private_dir(path.parent)
    atomic_write(path, tomli_w.dumps(profile.to_dict()).encode("utf-8"))
    return path


def update_profile(change: Callable[[Profile], None], fallback: Profile, path: Path | None = None) -> Profile:
    """Apply ``change`` to the profile as it is on disk now (``fallback`` when there is none yet),
    under the profile's lock, and save it. Returns the saved profile. Raises StoreError."""
    from reflectie.errors import StoreError
    from reflectie.fileio import Lock, ensure_private_dir

    path = path or paths.profile_path()
    ensure_private_dir(path.parent)
    lock = Lock(path)
    if not lock.acquire(timeout=LOCK_WAIT):
        raise StoreError("Je profiel wordt net in een ander venster bewaard. Probeer het zo meteen opnieuw.")
    try:
        current = load_profile(path) or fallback
        current.problems = []
        change(current)
        save_profile(current, path)
    finally:
        lock.release()
    return current


def new_profile() -> Profile:
    from reflectie.store import new_installation_code, new_participant_id

    return Profile(Participant(id=new_participant_id()), installation=new_installation_code())
