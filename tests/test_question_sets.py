"""Further sets (other frameworks) switched on in the profile.

The profile screen lists the sets the bank has, each with a tick box, under a heading that says
they are other frameworks beside the visienota. The Session saves the choice and loads the bank
with those sets (again when the choice changes); the switched-on sets appear in the theme overview
after the five themes, labelled as another framework, and in the eenvoudige modus.
"""

from __future__ import annotations

import io

import pytest
from textual.widgets import OptionList, Static

from reflectie.app import make_app
from reflectie.bank import available_sets, load_bank
from reflectie.errors import ReflectieError
from reflectie.plain import Plain
from reflectie.profile import load_profile
from reflectie.screens.overview import OverviewScreen
from reflectie.screens.questionnaire import QuestionnaireScreen
from reflectie.screens.welcome import WelcomeScreen
from reflectie.session import Session
from reflectie.widgets.items import Tick

from .apphelpers import new_app, welcomed_profile

SIZE = (80, 24)
KEKI = "belang-van-het-kind"
FUTUREPROOF = "raamwerk-futureproof"


def test_the_session_loads_the_sets_the_profile_switches_on():
    welcomed_profile()
    session = Session()
    assert session.bank.sets == () and "belang-kind" not in session.bank.themes
    session.update_profile(question_sets=[FUTUREPROOF, KEKI])
    assert session.bank.sets == (KEKI, FUTUREPROOF)  # loaded again, in the bank's own order
    assert load_profile().question_sets == [KEKI, FUTUREPROOF]
    assert session.bank.themes["belang-kind"].kind == "kader"
    session.update_profile(question_sets=[KEKI])
    assert "raamwerk" not in session.bank.themes and "belang-kind" in session.bank.themes
    assert Session().bank.sets == (KEKI,)  # a new start reads it from the profile


def test_an_unknown_set_is_refused_in_dutch_and_nothing_changes():
    welcomed_profile()
    session = Session()
    with pytest.raises(ReflectieError, match="Onbekende vragenset 'bestaat-niet'. Beschikbaar:"):
        session.update_profile(question_sets=["bestaat-niet"])
    assert load_profile().question_sets == []


def test_a_bank_handed_to_the_session_is_kept(bank):
    welcomed_profile()
    session = Session(bank)
    session.update_profile(question_sets=[KEKI])
    assert session.bank is bank


async def test_the_profile_switches_sets_on_and_the_overview_shows_them_after_the_five(
    private_home,
):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        assert str(screen.query_one("#sets-title").render()) == "Andere kaders"
        note = " ".join(str(s.render()) for s in screen.query(Static))
        assert "andere kaders dan de visienota" in note and "tellen niet mee in je profiel" in note
        ticks = list(screen.query(".set-switch").results(Tick))
        titles = [title for _set_id, title in available_sets()]
        assert [str(t.label) for t in ticks] == titles and not any(t.value for t in ticks)
        ticks[0].focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
        assert load_profile().question_sets == [KEKI]
        messages = [str(n.message) for n in app._notifications]
        assert "De andere kaders staan in het themaoverzicht, na de vijf thema's." in messages[-1]

        app.open_levels(("micro",))
        await pilot.pause()
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        menu = overview.query_one("#themes", OptionList)
        lines = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        five = [t.title for t in app.session.bank.profile_themes()]
        assert [any(title in line for line in lines[:5]) for title in five] == [True] * 5
        assert lines[5] == "Andere kaders, naast de visienota (niet in je profiel)"
        assert menu.get_option_at_index(5).disabled
        assert "Belang van het kind (ander kader)" in lines[6] and len(lines) == 7
        menu.highlighted = 6
        await pilot.press("enter")
        await pilot.pause()
        questionnaire = app.screen
        assert isinstance(questionnaire, QuestionnaireScreen)
        assert questionnaire.theme_id == "belang-kind"
        title = str(questionnaire.query_one("#theme-title", Static).render())
        assert title.startswith("Ander kader: Het belang van het kind")

        await pilot.press("escape")  # switch it off again: the overview follows
        await pilot.pause()
        app.open_profile()
        await pilot.pause()
        first = app.screen.query_one("#set-0", Tick)
        assert first.value
        first.focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        lines = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert len(lines) == 5 and not any("ander kader" in line for line in lines)
    assert load_profile().question_sets == []


async def test_the_first_run_does_not_ask_about_sets(private_home):
    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not app.screen.query(".set-switch")


def test_the_eenvoudige_modus_lists_a_switched_on_set_after_the_five():
    welcomed_profile()
    Session().update_profile(question_sets=[FUTUREPROOF])
    out = io.StringIO()
    Plain(Session(), io.StringIO("2\nm\n7\n"), out, echo=True).run()
    text = " ".join(out.getvalue().split())
    five = len(load_bank().profile_themes())
    assert (f"{five + 1}. De zeven uitgangspunten van het raamwerk ‘futureproof’, een ander kader "
            "dan de visienota: 0 van") in text
