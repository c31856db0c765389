"""One person's answers in numbers: theme profile, gaps, changes between rounds, progress. No Textual.

The theme profile of a person is, per theme, the mean over the theme's answered ordinal items of
(value − min) / (max − min) × 100. Nominal items (how the role is decided) and the estimate of the
clients' view of the ladder (a view on someone else's practice) are left out of it. A theme without
any answer is None: a gap, never a zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

from reflectie.model import KIND_QUESTION, LEVELS, Answers, Bank, Item, Theme

NOT_A_JUDGEMENT = (
    "Een lagere score is geen oordeel. In een gemandateerde context, zoals een "
    "ondersteuningscentrum jeugdzorg of een sociale dienst bij de jeugdrechtbank, hoort de "
    "expertrol er soms bij (visienota §4.1)."
)  # said wherever a profile is shown (content review §1)


def normalised(item: Item, value: float) -> float:
    assert item.scale is not None
    span = item.scale.max - item.scale.min
    return (value - item.scale.min) / span * 100 if span else 0.0


def profile_items(bank: Bank, theme_id: str, level: str | None = None) -> list[Item]:
    theme = bank.themes[theme_id]
    return [
        item
        for item in theme.items
        if item.in_profile and item.self_image is None and (level is None or item.level == level)
    ]


def theme_profile(answers: Answers, bank: Bank, level: str | None = None) -> dict[str, float | None]:
    """Per profile theme: 0–100, or None when nothing of that theme (and level) was scored."""
    result: dict[str, float | None] = {}
    for theme in bank.profile_themes():
        values = [
            normalised(item, answers.scores[item.id])
            for item in profile_items(bank, theme.id, level)
            if item.id in answers.scores
        ]
        result[theme.id] = fmean(values) if values else None
    return result


def profiles_by_level(
    rounds: Iterable[Answers], bank: Bank
) -> list[tuple[str, list[tuple[str, list[float | None]]]]]:
    """Rounds side by side, one level at a time: per level (micro, meso) that any of ``rounds``
    scored, each round's (id, profile values in the order of ``bank.profile_themes()``). Micro and
    meso are never mixed: a theme without a score at a level is None there, also when the round
    scored it at the other level."""
    rounds = list(rounds)
    themes = bank.profile_themes()
    result = []
    for level in LEVELS:
        series: list[tuple[str, list[float | None]]] = []
        for answers in rounds:
            profile = theme_profile(answers, bank, level)
            series.append((answers.round.id, [profile[t.id] for t in themes]))
        if any(v is not None for _round, values in series for v in values):
            result.append((level, series))
    return result


@dataclass(frozen=True)
class Gap:
    theme: str
    left: Item
    right: Item
    left_value: int
    right_value: int

    @property
    def difference(self) -> int:
        return self.left_value - self.right_value


def self_image_gaps(answers: Answers, bank: Bank) -> list[Gap]:
    """Self-image vs. how the worker thinks clients see it (the ladder at micro level)."""
    gaps = []
    for item in bank.items.values():
        if item.self_image and item.id in answers.scores and item.self_image in answers.scores:
            own = bank.items[item.self_image]
            gaps.append(Gap(item.theme, own, item, answers.scores[own.id], answers.scores[item.id]))
    return gaps


def micro_meso_gaps(answers: Answers, bank: Bank) -> list[Gap]:
    """How I work (micro) vs. how I see my organisation (meso), for items with a meso twin."""
    gaps = []
    for item in bank.items.values():
        twin = item.counterpart
        if twin and item.id in answers.scores and twin in answers.scores:
            gaps.append(Gap(item.theme, item, bank.items[twin], answers.scores[item.id], answers.scores[twin]))
    gaps.sort(key=lambda g: -abs(g.difference))
    return gaps


@dataclass(frozen=True)
class Move:
    item: Item
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


def moved_items(before: Answers, after: Answers, bank: Bank) -> list[Move]:
    """Scored items answered in both rounds whose value changed, biggest change first."""
    moves = []
    for item_id, new in after.scores.items():
        item = bank.item(item_id)
        if item is None or item.scale is None or item_id not in before.scores:
            continue
        old = before.scores[item_id]
        if old != new:
            moves.append(Move(item, old, new))
    moves.sort(key=lambda m: (-abs(m.delta), m.item.id))
    return moves


def flagged_questions(answers: Answers, bank: Bank) -> list[Item]:
    return [
        bank.items[item_id]
        for item_id, answer in answers.texts.items()
        if answer.discuss and item_id in bank.items and bank.items[item_id].kind == KIND_QUESTION
    ]


# --- places: what a person answers of a theme at a level ---------------------------------------
# A list that ends with the nota's own "Wat is de eerstvolgende actie …?" asks it once, as the
# action (its words are the action's prompt): that question is not a place of its own. This is the
# one home of that rule; the questionnaire, the overview, the start screen and the eenvoudige modus
# all count and move through these places.

ACTION = "actie"  # the place of a theme's next action


def places(theme: Theme, level: str) -> list[str]:
    """The ordered places a person answers of ``theme`` at ``level``: item ids, then ACTION when
    the theme asks for a next action at this level (the list's own action question is that action,
    not an item of its own)."""
    asked = [item.id for item in theme.items_for(level) if not item.is_action_question]
    if theme.action_prompt(level):
        asked.append(ACTION)
    return asked


def place_of(bank: Bank, theme_id: str, level: str, item_id: str) -> str:
    """The place an item id stands for: ACTION for a list's own action question, else the id."""
    item = bank.items.get(item_id)
    if item is not None and item.is_action_question and item.theme == theme_id:
        return ACTION
    return item_id


def place_answered(answers: Answers, bank: Bank, theme_id: str, level: str, place: str) -> bool:
    if place == ACTION:
        action = answers.action_for(theme_id, level)
        return action is not None and not action.empty
    item = bank.items.get(place)
    return item is not None and answers.answered(item)


def progress(answers: Answers, bank: Bank, theme_id: str, level: str) -> tuple[int, int]:
    """(answered, asked) of a theme at a level, over its places (the action counts as one)."""
    asked = places(bank.themes[theme_id], level)
    done = sum(1 for place in asked if place_answered(answers, bank, theme_id, level, place))
    return done, len(asked)


def answer_order(bank: Bank, levels: Iterable[str]) -> list[tuple[str, str]]:
    """(theme, level) pairs in the order a person goes through them: the five themes, then the
    further sets (other frameworks) that are switched on; only levels a theme has."""
    themes = bank.profile_themes() + bank.ordered_themes("kader")
    return [(t.id, lv) for t in themes for lv in levels if lv in t.levels]


def next_unanswered(answers: Answers, bank: Bank, order: list[tuple[str, str]],
                    after: tuple[str, str, str] | None = None) -> tuple[str, str, str] | None:
    """(theme, level, place) of the first open place in ``order`` (theme, level pairs), starting
    after ``after``; wraps around once. A theme's action is the place ACTION ("actie"); ``after``
    may name a list's own action question, which stands for that action."""
    all_places: list[tuple[str, str, str]] = []
    for theme_id, level in order:
        theme = bank.themes.get(theme_id)
        if theme is None:
            continue
        all_places += [(theme_id, level, place) for place in places(theme, level)]
    if after is not None:
        after = (after[0], after[1], place_of(bank, *after))
    start = all_places.index(after) + 1 if after in all_places else 0
    for point in all_places[start:] + all_places[:start]:
        if not place_answered(answers, bank, *point):
            return point
    return None
