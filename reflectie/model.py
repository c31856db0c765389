"""Typed data of the question bank and of a person's answers. No I/O, no Textual."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

FORMAT_NAME = "reflectie-antwoorden"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)

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
    """One thing a person answers: a positioning, an indicator statement or an awareness question.

    ``text`` is the wording as it stands in the source (verbatim for the visienota's questions);
    screens and reports show ``shown_text``, which uses ``display`` where the source has a typo.
    A retired item stays in ``Bank.items`` so that old answers files still validate, but no theme
    lists it any more.
    """

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
    display: str = ""  # spelling-corrected text of a verbatim question (TOML 'weergave')
    allows_na: bool = False  # 'niet van toepassing' may be chosen (TOML 'nvt')
    allows_dont_know: bool = False  # 'weet ik niet' may be chosen (TOML 'weetniet')
    verbatim: bool = False  # the text is quoted from the source document
    basis: str = ""  # the document it is quoted from or based on, e.g. "de visienota"
    is_action_question: bool = False  # the list's own "eerstvolgende actie" question (TOML 'actie')
    related_themes: tuple[str, ...] = ()  # other frameworks: the themes it maps to ('koppeling')
    retired: bool = False
    replaced_by: tuple[str, ...] = ()
    retired_in: int = 0  # the bank version that retired it

    @property
    def scored(self) -> bool:
        return self.scale is not None

    @property
    def in_profile(self) -> bool:
        return self.scale is not None and not self.scale.nominal and not self.retired

    @property
    def shown_text(self) -> str:
        return self.display or self.text

    @property
    def section(self) -> str:
        """Where in its source the item comes from: '§4.1', or the source's first part."""
        return source_section(self.source)

    @property
    def attribution(self) -> str:
        """Whose words these are, for screens and reports."""
        where = f" ({self.section})" if self.section else ""
        if not self.basis:
            return f"Bron: {self.source}" if self.source else ""
        if self.verbatim:
            return f"Letterlijk uit {self.basis}{where}"
        return f"Eigen uitwerking op basis van {self.basis}{where}"


def source_section(source: str) -> str:
    """'Visienota, 4.3 Transparantie, …' and '4.3, vooraf aftoetsen' give '§4.3'; text without a
    section number gives its first part ('Aanbeveling 5, drempels' gives 'aanbeveling 5')."""
    text = source.strip()
    text = re.sub(r"^(de )?visienota\s*,?\s*", "", text, flags=re.IGNORECASE)
    match = re.match(r"§?\s*(\d+(?:\.\d+)*)\b", text)
    if match:
        return "§" + match.group(1)
    first = text.split(",")[0].strip()
    return first[:1].lower() + first[1:] if first else ""


@dataclass(frozen=True)
class ActionPart:
    """One prompt of an action format, e.g. 'bannen'."""

    key: str
    label: str
    prompts: dict[str, str]  # level -> question
    help: str = ""

    def prompt(self, level: str) -> str:
        return self.prompts.get(level) or next(iter(self.prompts.values()), self.label)


BAN_KEEP_REACH = "bannen-behouden-bereiken"  # the nota's way of working (Bank.action_formats)
# part key of that format -> Action field
ACTION_PARTS = {"bannen": "ban", "behouden": "keep", "bereiken": "reach"}


@dataclass(frozen=True)
class ActionFormat:
    """An optional way to write an action, e.g. the nota's 'bannen – behouden – bereiken'."""

    id: str
    title: str
    intro: str
    source: str
    parts: tuple[ActionPart, ...]


@dataclass
class Theme:
    id: str
    title: str
    short: str
    order: int
    source: str
    intro: str
    kind: str = "thema"  # "thema", "checklist" or "kader" (another framework, see ``set``)
    action_prompts: dict[str, str] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)  # active items only
    file: Path | None = None
    set: str = ""  # for kind "kader": the id of the set that switches it on
    basis: str = ""  # the document the theme is based on, e.g. "de visienota"
    retired_items: list[Item] = field(default_factory=list)

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

    def action_question(self, level: str) -> Item | None:
        """The list's own verbatim "Wat is de eerstvolgende actie …?" at this level, if any."""
        for item in self.items_for(level):
            if item.is_action_question:
                return item
        return None

    def action_prompt(self, level: str) -> str | None:
        """The prompt for the action field: the nota's own question where there is one."""
        question = self.action_question(level)
        if question is not None:
            return question.shown_text
        return self.action_prompts.get(level)


@dataclass
class Bank:
    themes: dict[str, Theme]
    scales: dict[str, Scale]
    items: dict[str, Item]  # active and retired items
    problems: list[str] = field(default_factory=list)  # refused user files, in Dutch
    version: int = 1
    action_formats: dict[str, ActionFormat] = field(default_factory=dict)
    sets: tuple[str, ...] = ()  # the further sets (other frameworks) that are loaded

    def ordered_themes(self, kind: str | None = "thema") -> list[Theme]:
        themes = sorted(self.themes.values(), key=lambda t: (t.order, t.id))
        return [t for t in themes if kind is None or t.kind == kind]

    def profile_themes(self) -> list[Theme]:
        return self.ordered_themes("thema")

    def item(self, item_id: str) -> Item | None:
        return self.items.get(item_id)

    def active_items(self) -> list[Item]:
        return [item for item in self.items.values() if not item.retired]

    def retired_items(self) -> list[Item]:
        return [item for item in self.items.values() if item.retired]


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
    revision: int = 0  # goes up by one with every save; orders one person's saves of a round


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
    ban: str = ""  # optional 'bannen – behouden – bereiken' form of the action
    keep: str = ""
    reach: str = ""

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.has_parts) and self.due is None

    @property
    def has_parts(self) -> bool:
        """Written (also) as bannen – behouden – bereiken."""
        return bool(self.ban.strip() or self.keep.strip() or self.reach.strip())

    def part_rows(self, action_format: ActionFormat | None = None) -> list[tuple[str, str]]:
        """(label, text) of the bannen – behouden – bereiken parts that hold text, in their order;
        the labels are the format's own ('Bannen') when it is given."""
        labels = {}
        if action_format is not None:
            labels = {
                ACTION_PARTS[p.key]: p.label for p in action_format.parts if p.key in ACTION_PARTS
            }
        rows = []
        for key, name in ACTION_PARTS.items():
            text = str(getattr(self, name)).strip()
            if text:
                rows.append((labels.get(name, key.capitalize()), text))
        return rows


@dataclass
class ChecklistEntry:
    """Follow-up of one checklist measure (IROJ or organisation): who, by when, what shows it."""

    owner: str = ""
    due: date | None = None
    evidence: str = ""

    @property
    def empty(self) -> bool:
        return not self.owner.strip() and self.due is None and not self.evidence.strip()


@dataclass
class Answers:
    """The content of one answers file: one person, one round."""

    participant: Participant
    round: RoundInfo
    scores: dict[str, int] = field(default_factory=dict)
    na: set[str] = field(default_factory=set)  # answered 'niet van toepassing'
    dont_know: set[str] = field(default_factory=set)  # answered 'weet ik niet'
    texts: dict[str, TextAnswer] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    checklist: dict[str, ChecklistEntry] = field(default_factory=dict)
    installation: str = ""  # random code of the installation that wrote the file
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
        return item.id in self.scores or item.id in self.na or item.id in self.dont_know

    def choice(self, item_id: str) -> int | str | None:
        """The saved answer of a scored item: its value, NA, DONT_KNOW, or None (unanswered)."""
        if item_id in self.scores:
            return self.scores[item_id]
        if item_id in self.na:
            return NA
        if item_id in self.dont_know:
            return DONT_KNOW
        return None

    def set_choice(self, item_id: str, choice: int | str | None) -> bool:
        """Set a value, NA, DONT_KNOW, or None to clear; True when something changed."""
        if self.choice(item_id) == choice:
            return False
        self.scores.pop(item_id, None)
        self.na.discard(item_id)
        self.dont_know.discard(item_id)
        if choice == NA:
            self.na.add(item_id)
        elif choice == DONT_KNOW:
            self.dont_know.add(item_id)
        elif isinstance(choice, int) and not isinstance(choice, bool):
            self.scores[item_id] = choice
        elif choice is not None:
            raise ValueError(f"onbekende keuze {choice!r}")
        return True


NA = "nvt"
DONT_KNOW = "weetniet"
