"""The person's profile and settings (profiel.toml in the data dir). No Textual."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflectie import paths
from reflectie.model import Participant

DEFAULT_MIN_GROUP = 3


@dataclass
class Profile:
    participant: Participant
    shared_folder: str = ""
    min_group: int = DEFAULT_MIN_GROUP
    dark: bool = True
    welcomed: bool = False
    last_round: str = ""
    last_theme: str = ""
    last_level: str = "micro"
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        p = self.participant
        person = {"id": p.id, "naam": p.name, "organisatie": p.organisation, "team": p.team, "sector": p.sector}
        return {
            "deelnemer": person,
            "instellingen": {
                "gedeelde_map": self.shared_folder,
                "minimum_groep": self.min_group,
                "donker": self.dark,
                "welkom_gezien": self.welcomed,
                "laatste_ronde": self.last_round,
                "laatste_thema": self.last_theme,
                "laatste_niveau": self.last_level,
            },
        }


def _str(table: dict[str, Any], key: str, default: str = "") -> str:
    value = table.get(key, default)
    return value if isinstance(value, str) else default


def load_profile(path: Path | None = None) -> Profile | None:
    """The saved profile, or None before the first run. A damaged file is reported, not lost."""
    path = path or paths.profile_path()
    if not path.exists():
        return None
    try:
        doc = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        from reflectie.store import new_participant_id

        backup = path.with_suffix(".beschadigd.toml")
        try:
            path.replace(backup)
        except OSError:
            pass
        profile = Profile(Participant(id=new_participant_id()))
        profile.problems.append(
            f"Je profiel kon niet gelezen worden ({exc}); het oude bestand staat in {backup.name}."
        )
        return profile
    person = doc.get("deelnemer", {}) if isinstance(doc.get("deelnemer"), dict) else {}
    settings = doc.get("instellingen", {}) if isinstance(doc.get("instellingen"), dict) else {}
    participant = Participant(
        id=_str(person, "id") or _new_id(),
        name=_str(person, "naam"),
        organisation=_str(person, "organisatie"),
        team=_str(person, "team"),
        sector=_str(person, "sector"),
    )
    min_group = settings.get("minimum_groep", DEFAULT_MIN_GROUP)
    if not isinstance(min_group, int) or isinstance(min_group, bool) or min_group < 2:
        min_group = DEFAULT_MIN_GROUP
    return Profile(
        participant=participant,
        shared_folder=_str(settings, "gedeelde_map"),
        min_group=min_group,
        dark=bool(settings.get("donker", True)),
        welcomed=bool(settings.get("welkom_gezien", False)),
        last_round=_str(settings, "laatste_ronde"),
        last_theme=_str(settings, "laatste_thema"),
        last_level=_str(settings, "laatste_niveau", "micro") or "micro",
    )


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    from reflectie.store import atomic_write, ensure_private_dir

    path = path or paths.profile_path()
    ensure_private_dir(path.parent)
    import tomli_w

    atomic_write(path, tomli_w.dumps(profile.to_dict()).encode("utf-8"))
    return path


def _new_id() -> str:
    from reflectie.store import new_participant_id

    return new_participant_id()


def new_profile() -> Profile:
    return Profile(Participant(id=_new_id()))
