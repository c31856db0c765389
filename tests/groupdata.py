"""Hand-made answers for comparison tests: small, known values."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from reflectie.model import Action, Answers, Participant, RoundInfo, TextAnswer

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=timezone(timedelta(hours=1)))


def person(pid: str, team: str = "Team A", org: str = "Org 1", round_id: str = "2026-najaar",
           scores: dict[str, int] | None = None, updated_minutes: int = 30, **kwargs) -> Answers:
    answers = Answers(
        participant=Participant(pid, "", org, team, ""),
        round=RoundInfo(round_id, T0, T0 + timedelta(minutes=updated_minutes)),
        scores=dict(scores or {}),
    )
    for key, value in kwargs.items():
        setattr(answers, key, value)
    return answers


def shared_text(text: str, discuss: bool = False) -> TextAnswer:
    return TextAnswer(text, share=True, discuss=discuss)


def action(text: str, share: bool = True) -> Action:
    return Action("rol", "micro", text, None, share)


def write_shared(folder: Path, pid: str, item: str, value: int, team: str = "Noord", org: str = "CAW") -> None:
    """One person's shareable answers file with one answer, as a colleague drops it in a team folder."""
    from reflectie.answersfile import dumps

    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{pid}.toml").write_bytes(dumps(person(pid, team, org, scores={item: value}), shared=True))
