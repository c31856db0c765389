"""Folders of fictional answers with many teams (the demo has eight), for report and print tests."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from reflectie.answersfile import dumps
from reflectie.fileio import atomic_write, ensure_private_dir
from reflectie.model import KIND_QUESTION, Action, Answers, Bank, Participant, RoundInfo, TextAnswer

ROUNDS = (("2025-najaar", 10), ("2026-voorjaar", 3), ("2026-najaar", 10))
TEXTS = ("We bespreken dit nu elke week in het team.", "Dit lukt nog niet, de wachtlijst weegt.",
         "Ouders lezen het verslag mee voor het vertrekt.", "Een jongere koos zelf waar we afspraken.")


def team_names(count: int) -> list[tuple[str, str]]:
    """(organisation, team) pairs: count teams over count // 4 + 1 organisations."""
    orgs = [f"Organisatie {chr(65 + i)}" for i in range(count // 4 + 1)]
    return [(orgs[i % len(orgs)], f"Team {i + 1:02d}") for i in range(count)]


def make_teams_folder(bank: Bank, folder: Path, teams: int, seed: int = 7, rounds: int = 2,
                      sizes: tuple[int, int] = (3, 6)) -> list[Path]:
    """``teams`` teams of 3 to 6 people each, answering every scored item over ``rounds`` rounds."""
    rng = random.Random(seed)
    ensure_private_dir(folder)
    written = []
    for index, (org, team) in enumerate(team_names(teams)):
        tendency = 0.25 + 0.5 * rng.random()
        for person in range(rng.randint(*sizes)):
            pid = f"t{index:02d}p{person}"
            shift = rng.gauss(0, 0.12)
            for r, (round_id, month) in enumerate(ROUNDS[-rounds:]):
                start = datetime(2025 + (1 if r and month == 3 else 0) + (1 if r > 1 else 0), month, 5,
                                 9, tzinfo=timezone(timedelta(hours=1)))
                answers = Answers(Participant(pid, "", org, team, ""),
                                  RoundInfo(round_id, start, start + timedelta(hours=1), 1))
                for item in bank.items.values():
                    if item.kind == KIND_QUESTION:
                        if rng.random() < 0.05:
                            answers.texts[item.id] = TextAnswer(rng.choice(TEXTS), share=True,
                                                                discuss=rng.random() < 0.4)
                        continue
                    if item.scale is None or getattr(item, "retired", False):
                        continue
                    roll = rng.random()
                    if roll < 0.04 and item.scale.allows_na:
                        answers.na.add(item.id)
                    elif roll < 0.07 and item.level == "meso":
                        answers.dont_know.add(item.id)
                    elif item.scale.nominal:
                        answers.scores[item.id] = rng.choice(item.scale.values)
                    else:
                        local = tendency + shift + 0.06 * r + rng.gauss(0, 0.15)
                        value = round(item.scale.min + local * (item.scale.max - item.scale.min))
                        answers.scores[item.id] = max(item.scale.min, min(item.scale.max, value))
                if rng.random() < 0.6:
                    answers.actions.append(Action("rol", "micro", "Netwerkkaart maken bij elke nieuwe aanmelding.",
                                                  share=True, happened=rng.choice(("ja", "deels", "nee"))
                                                  if r < rounds - 1 else None))
                target = ensure_private_dir(folder / org / team)
                path = target / f"{round_id}-{pid}.toml"
                atomic_write(path, dumps(answers))
                written.append(path)
    return written
