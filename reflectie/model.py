"""Typed data of the question bank and of a person's answers. No I/O, no Textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

FORMAT_NAME = "reflectie-antwoorden"
FORMAT_VERSION = 1

LEVELS = ("micro", "meso")
LEVEL_LABELS = {"micro": "micro (ik)", "meso": "meso (mijn organisatie)", "macro": "macro (IROJ)"}
KIND_POSITION = "positionering"
KIND_INDICATOR = "indicator"
KIND_QUESTION = "vraag"

SECTORS = (
    "Algemeen Welzijnswerk (CAW)",
    "CLB",
    "Geestelijke Gezondheidszorg",
    "Jongerenwelzijn",
    "Kind en Gezin",
    "VAPH",
)


@dataclass(frozen=True)
class ScaleLevel:
    value: int
    name: str
    explanation: str = ""


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    levels: tuple[ScaleLevel, ...]
    nominal: bool = False
    allows_na: bool = False

    @property
    def min(self) -> int:
        return self.levels[0].value

    @property
    def max(self) -> int:
        return self.levels[-1].value

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    def label(self, value: int) -> str:
        for level in self.levels:
            if level.value == value:
                return level.name
        return str(value)

    def contains(self, value: int) -> bool:
        return value in self.values


@dataclass(frozen=True)
class Item:
    """One thing a person answers: a positioning, an indicator statement or an awareness question."""

    id: str
    theme: str
    level: str
    kind: str
    text: str
    scale: Scale | None = None
    source: str = ""
    help: str = ""
    counterpart: str | None = None  # meso twin of a micro item
    self_image: str | None = None  # for the clients' view: the item it is compared with

    @property
    def scored(self) -> bool:
        return self.scale is not None

    @property
    def in_profile(self) -> bool:
        return self.scale is not None and not self.scale.nominal


@dataclass
class Theme:
    id: str
    title: str
    short: str
    order: int
    source: str
    intro: str
    kind: str = "thema"  # "thema" or "checklist"
    action_prompts: dict[str, str] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    file: Path | None = None

    @property
    def levels(self) -> tuple[str, ...]:
        seen: list[str] = []
        for item in self.items:
            if item.level not in seen:
                seen.append(item.level)
        return tuple(seen)

    def items_for(self, level: str | None = None, kind: str | None = None) -> list[Item]:
        return [
            item
            for item in self.items
            if (level is None or item.level == level) and (kind is None or item.kind == kind)
        ]


@dataclass
class Bank:
    themes: dict[str, Theme]
    scales: dict[str, Scale]
    items: dict[str, Item]
    problems: list[str] = field(default_factory=list)  # refused user files, in Dutch

    def ordered_themes(self, kind: str | None = "thema") -> list[Theme]:
        themes = sorted(self.themes.values(), key=lambda t: (t.order, t.id))
        return [t for t in themes if kind is None or t.kind == kind]

    def profile_themes(self) -> list[Theme]:
        return self.ordered_themes("thema")

    def item(self, item_id: str) -> Item | None:
        return self.items.get(item_id)


@dataclass
class Participant:
    id: str
    name: str = ""
    organisation: str = ""
    team: str = ""
    sector: str = ""


@dataclass
class RoundInfo:
    id: str
    started: datetime
    updated: datetime


@dataclass
class TextAnswer:
    text: str = ""
    share: bool = False
    discuss: bool = False

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not self.discuss and not self.share


FOLLOW_UP = ("ja", "deels", "nee")


@dataclass
class Action:
    theme: str
    level: str
    text: str
    due: date | None = None
    share: bool = False
    happened: str | None = None  # follow-up in a later round: "ja", "deels", "nee"


@dataclass
class Answers:
    """The content of one answers file: one person, one round."""

    participant: Participant
    round: RoundInfo
    scores: dict[str, int] = field(default_factory=dict)
    na: list[str] = field(default_factory=list)
    texts: dict[str, TextAnswer] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    version: int = FORMAT_VERSION
    path: Path | None = None
    unknown_ids: list[str] = field(default_factory=list)

    def action_for(self, theme: str, level: str) -> Action | None:
        for action in self.actions:
            if action.theme == theme and action.level == level:
                return action
        return None

    def answered(self, item: Item) -> bool:
        if item.kind == KIND_QUESTION:
            answer = self.texts.get(item.id)
            return answer is not None and bool(answer.text.strip())
        return item.id in self.scores or item.id in self.na

    def set_score(self, item_id: str, value: int | None) -> None:
        """Set a value; None clears it. Removes a 'niet van toepassing' mark."""
        if item_id in self.na:
            self.na.remove(item_id)
        if value is None:
            self.scores.pop(item_id, None)
        else:
            self.scores[item_id] = value

    def set_na(self, item_id: str) -> None:
        self.scores.pop(item_id, None)
        if item_id not in self.na:
            self.na.append(item_id)
