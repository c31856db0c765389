"""One home for what a person answers of a theme: places, progress and the next open place.

A meso list that ends with the nota's own "Wat is de eerstvolgende actie …?" asks that question
once, as the action: it is not a place of its own, it is not counted twice, and the next open place
is never that question (it is the action).
"""

from __future__ import annotations

import pytest

from reflectie.analysis import (
    ACTION,
    answer_order,
    next_unanswered,
    place_answered,
    place_of,
    places,
    progress,
)
from reflectie.bank import load_bank
from reflectie.model import Action, Answers, Participant, RoundInfo, TextAnswer
from reflectie.store import now


def empty_answers() -> Answers:
    moment = now()
    return Answers(Participant(id="test01"), RoundInfo("2026-najaar", moment, moment))


def answer_all(answers: Answers, bank, theme_id: str, level: str) -> None:
    """Answer every place of a theme at a level (the action too)."""
    for place in places(bank.themes[theme_id], level):
        if place == ACTION:
            answers.actions.append(Action(theme_id, level, "Iets doen"))
            continue
        item = bank.items[place]
        if item.scale is not None:
            answers.scores[item.id] = item.scale.min
        else:
            answers.texts[item.id] = TextAnswer("Gedaan.")


def test_the_lists_own_action_question_is_the_action_not_a_place(bank):
    theme = bank.themes["rol"]
    question = theme.action_question("meso")
    assert question is not None and question.is_action_question
    asked = places(theme, "meso")
    assert question.id not in asked
    assert asked[-1] == ACTION and asked.count(ACTION) == 1
    assert len(asked) == len(theme.items_for("meso"))  # the question became the action
    assert theme.action_prompt("meso") == question.shown_text


def test_a_level_without_an_action_question_asks_its_items_and_the_action(bank):
    theme = bank.themes["rol"]
    assert theme.action_question("micro") is None
    asked = places(theme, "micro")
    assert asked == [item.id for item in theme.items_for("micro")] + [ACTION]


def test_progress_counts_each_place_once(bank):
    answers = empty_answers()
    theme = bank.themes["participatie"]
    total = len(places(theme, "meso"))
    assert progress(answers, bank, "participatie", "meso") == (0, total)
    question = theme.action_question("meso")
    assert question is not None
    # a text under the action question's id (an older file) does not count as an answer
    answers.texts[question.id] = TextAnswer("oude tekst")
    assert progress(answers, bank, "participatie", "meso") == (0, total)
    answers.actions.append(Action("participatie", "meso", "De agenda samen opstellen"))
    assert progress(answers, bank, "participatie", "meso") == (1, total)
    answer_all(answers, bank, "participatie", "meso")
    assert progress(answers, bank, "participatie", "meso") == (total, total)


def test_an_action_with_only_ban_keep_reach_counts_as_answered(bank):
    answers = empty_answers()
    answers.actions.append(Action("rol", "micro", "", reach="Meer kompaan zijn"))
    assert place_answered(answers, bank, "rol", "micro", ACTION)
    answers.actions[0] = Action("rol", "micro", "")
    assert not place_answered(answers, bank, "rol", "micro", ACTION)


def test_next_unanswered_gives_the_action_never_the_action_question(bank):
    answers = empty_answers()
    theme = bank.themes["zelfbepaling"]
    asked = places(theme, "meso")
    for place in asked[:-1]:
        item = bank.items[place]
        if item.scale is not None:
            answers.scores[item.id] = item.scale.min
        else:
            answers.texts[item.id] = TextAnswer("Gedaan.")
    found = next_unanswered(answers, bank, [("zelfbepaling", "meso")])
    assert found == ("zelfbepaling", "meso", ACTION)
    answers.actions.append(Action("zelfbepaling", "meso", "Consult vragen"))
    assert next_unanswered(answers, bank, [("zelfbepaling", "meso")]) is None


def test_next_unanswered_starts_after_a_place_and_wraps_once(bank):
    answers = empty_answers()
    order = [("rol", "micro"), ("participatie", "micro")]
    first = places(bank.themes["rol"], "micro")
    assert next_unanswered(answers, bank, order) == ("rol", "micro", first[0])
    assert next_unanswered(answers, bank, order, after=("rol", "micro", first[0])) == (
        "rol", "micro", first[1],
    )
    # after the last place of the last theme it wraps to the first open one
    last = ("participatie", "micro", ACTION)
    assert next_unanswered(answers, bank, order, after=last) == ("rol", "micro", first[0])
    answer_all(answers, bank, "rol", "micro")
    assert next_unanswered(answers, bank, order, after=last)[0] == "participatie"
    answer_all(answers, bank, "participatie", "micro")
    assert next_unanswered(answers, bank, order) is None


def test_after_the_action_question_means_after_the_action(bank):
    answers = empty_answers()
    theme = bank.themes["transparantie"]
    question = theme.action_question("meso")
    assert question is not None
    assert place_of(bank, "transparantie", "meso", question.id) == ACTION
    assert place_of(bank, "transparantie", "meso", "transparantie.meso.1") == "transparantie.meso.1"
    order = [("transparantie", "meso"), ("vraaggestuurd", "meso")]
    found = next_unanswered(answers, bank, order, after=("transparantie", "meso", question.id))
    assert found == ("vraaggestuurd", "meso", places(bank.themes["vraaggestuurd"], "meso")[0])


@pytest.mark.parametrize("level", ["micro", "meso"])
def test_answer_order_is_the_five_themes_then_the_sets_switched_on(level):
    plain = load_bank()
    assert [t for t, _lv in answer_order(plain, [level])] == [
        t.id for t in plain.profile_themes()
    ]
    with_sets = load_bank(enabled_sets=["belang-van-het-kind", "raamwerk-futureproof"])
    order = [t for t, _lv in answer_order(with_sets, [level])]
    assert order[:5] == [t.id for t in with_sets.profile_themes()]
    assert order[5:] == ["belang-kind", "raamwerk"]
    assert "implementatie" not in order and "iroj" not in order  # checklists have their own screen


def test_answer_order_keeps_only_levels_a_theme_has(bank):
    order = answer_order(bank, ["micro", "meso", "macro"])
    assert ("iroj", "macro") not in order  # a checklist is not a theme to answer here
    assert all(level in bank.themes[theme].levels for theme, level in order)
    assert order[:2] == [("rol", "micro"), ("rol", "meso")]


def test_rounds_are_compared_level_by_level_never_mixed(bank):
    """Micro and meso each get their own profile per round: a theme scored only at meso is '–'
    (None) on the micro web, never its meso score."""
    from dataclasses import replace

    from reflectie.analysis import profiles_by_level

    before = empty_answers()
    before.scores.update({"rol.positie.micro": 4, "transparantie.positie.meso": 2})
    after = empty_answers()
    after.round = replace(after.round, id="2027-voorjaar")
    after.scores.update({"rol.positie.micro": 5})
    themes = [t.id for t in bank.profile_themes()]
    webs = dict(profiles_by_level([before, after], bank))
    assert list(webs) == ["micro", "meso"]
    micro = dict(webs["micro"])
    assert list(micro) == ["2026-najaar", "2027-voorjaar"]
    assert micro["2026-najaar"][themes.index("transparantie")] is None  # meso's score stays out
    assert micro["2026-najaar"][themes.index("rol")] is not None
    meso = dict(webs["meso"])
    assert meso["2026-najaar"][themes.index("transparantie")] is not None
    assert meso["2026-najaar"][themes.index("rol")] is None
    assert all(v is None for v in meso["2027-voorjaar"])  # no meso answers: every theme '–'
    # a level nobody scored has no web
    only_micro = empty_answers()
    only_micro.scores["rol.positie.micro"] = 3
    assert [level for level, _series in profiles_by_level([only_micro], bank)] == ["micro"]
