"""The app driven by keys only, as a hulpverlener would (Textual pilot)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Checkbox, Input, OptionList, RadioSet, TextArea

from reflectie.app import make_app
from reflectie.profile import load_profile
from reflectie.screens.history import HistoryScreen
from reflectie.screens.overview import OverviewScreen
from reflectie.screens.questionnaire import QuestionnaireScreen
from reflectie.screens.start import StartScreen
from reflectie.screens.summary import SummaryScreen
from reflectie.session import Session
from reflectie.answersfile import read_answers
from reflectie.store import list_rounds, round_path
from reflectie.widgets.items import ScaleChoice

from .apphelpers import new_app

SIZE = (100, 30)


async def test_first_run_welcome_and_profile(private_home):
    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "WelcomeScreen"
        await pilot.press(*"Sara")
        await pilot.press("tab", *"CAW Oost", "tab", *"Team Noord")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    profile = load_profile()
    assert profile.welcomed and profile.participant.organisation == "CAW Oost"
    assert profile.participant.team == "Team Noord" and profile.participant.name == "Sara"
    assert len(profile.participant.id) == 6
    again = load_profile()
    assert again.participant.id == profile.participant.id  # made once


async def _walk_theme(pilot, app) -> dict:
    """Tab through a whole questionnaire and answer every element by keys; return what was done."""
    done = {"choices": 0, "texts": 0, "flags": 0}
    seen = set()
    for _ in range(120):
        await pilot.press("tab")
        await pilot.pause()
        focused = app.focused
        if focused is None or id(focused) in seen:
            if focused is not None and isinstance(focused, (OptionList, RadioSet)) and id(focused) in seen:
                break
            continue
        seen.add(id(focused))
        if isinstance(focused, OptionList) and focused.has_class("levels"):
            await pilot.press("down", "down", "enter")  # from level 1 down to level 3
            done["choices"] += 1
        elif isinstance(focused, RadioSet):
            await pilot.press("right", "right", "right", "enter")  # 'vaak'
            done["choices"] += 1
        elif isinstance(focused, TextArea):
            await pilot.press(*"Ik toets vooraf af.")
            done["texts"] += 1
        elif isinstance(focused, Checkbox) and focused.has_class("discuss"):
            await pilot.press("space")
            done["flags"] += 1
        elif isinstance(focused, Input) and focused.id == "action-text":
            await pilot.press(*"Verslagen samen nalezen")
        elif isinstance(focused, Input) and focused.id == "action-due":
            await pilot.press(*"31/01/2027")
        elif isinstance(focused, Checkbox) and focused.id == "action-share":
            await pilot.press("space")
            break
    await pilot.pause(0.6)  # the text save waits for a short quiet moment
    return done


async def test_full_micro_theme_by_keys_survives_restart(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # Zelfreflectie (micro)
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("down", "down", "enter")  # the third theme: transparantie
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen) and app.screen.theme_id == "transparantie"
        done = await _walk_theme(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
    theme = bank.themes["transparantie"]
    assert done["choices"] == len(theme.items_for("micro")) - len(theme.items_for("micro", "vraag"))
    assert done["texts"] == 5

    answers = read_answers(round_path("2026-najaar"), bank)
    assert answers.scores["transparantie.positie.micro"] == 3
    for item in theme.items_for("micro", "indicator"):
        assert answers.scores[item.id] == 4, item.id
    for item in theme.items_for("micro", "vraag"):
        assert answers.texts[item.id].text == "Ik toets vooraf af."
        assert answers.texts[item.id].discuss and not answers.texts[item.id].share
    action = answers.action_for("transparantie", "micro")
    assert action.text == "Verslagen samen nalezen" and action.due == date(2027, 1, 31) and action.share

    # restart: everything is back, and 'verder waar ik was' opens the same theme
    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen) and screen.theme_id == "transparantie"
        choices = {c.item.id: c for c in screen.query(ScaleChoice)}
        assert choices["transparantie.vooraf-aftoetsen"].query_one(RadioSet).pressed_index == 3
        areas = list(screen.query(TextArea))
        assert areas[0].text == "Ik toets vooraf af."
        assert screen.query_one("#action-text", Input).value == "Verslagen samen nalezen"
        assert screen.query_one("#action-due", Input).value == "31/01/2027"


async def test_meso_path(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")  # Mijn organisatie (meso)
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen) and app.screen.levels == ("meso",)
        await pilot.press("enter")  # rol, meso
        await pilot.pause()
        screen = app.screen
        assert screen.level == "meso"
        assert {c.item.id for c in screen.query(ScaleChoice)} >= {"rol.positie.meso", "rol.org-samenwerken"}
        await pilot.press("tab", "tab")  # past the intro into the continuum
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    answers = read_answers(round_path("2026-najaar"), bank)
    assert answers.scores == {"rol.positie.meso": 5}


async def test_summary_shows_profile_and_gaps(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        session.open_round("2026-najaar")
        for item_id, value in {"participatie.ladder.micro": 5, "participatie.ladder.micro.clientbeeld": 2,
                               "rol.positie.micro": 5, "rol.positie.meso": 2}.items():
            session.set_choice(item_id, value)
        session.save()
        app.open_summary()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        from textual.widgets import Markdown
        text = app.screen.query_one(Markdown).source
        assert "trede **5 Mee-beslissen**" in text and "trede **2 Consulteren of raadplegen**" in text
        assert "(+3)" in text


async def test_compare_two_rounds_shows_moved_items_and_follow_up(private_home, bank):
    app = new_app("2027-voorjaar")
    session = app.session
    first = session.open_round("2026-najaar")
    first.round.started = first.round.started.replace(year=2025)  # the earlier round
    for item_id, value in {"rol.positie.micro": 2, "transparantie.vooraf-aftoetsen": 2, "participatie.ladder.micro": 3}.items():
        session.set_choice(item_id, value)
    session.set_action("rol", "micro", text="Netwerkkaart maken", share=True)
    session.save()
    second = session.open_round("2027-voorjaar")
    for item_id, value in {"rol.positie.micro": 4, "transparantie.vooraf-aftoetsen": 2, "participatie.ladder.micro": 5}.items():
        session.set_choice(item_id, value)
    session.save()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down", "enter")  # Mijn rondes
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        from textual.widgets import DataTable
        moves = screen.query_one("#moves", DataTable)
        rows = [moves.get_row_at(i) for i in range(moves.row_count)]
        assert [r[2] for r in rows] == [
            "Op welke trede van de participatieladder werk jij gewoonlijk ",
            "Waar sta jij als hulpverlener meestal op het continuüm?",
        ] or {r[-1] for r in rows} == {"+2"}
        assert len(rows) == 2 and all(r[-1] == "+2" for r in rows)
        follow = screen.query_one(".follow-up", RadioSet)
        follow.focus()
        await pilot.press("right", "enter")  # 'deels'
        await pilot.pause()
    rounds, _ = list_rounds(bank)
    assert rounds[0].actions[0].happened == "deels"


async def test_failed_save_keeps_answer_and_retries(private_home, bank, monkeypatch):
    from reflectie import store

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        real = store.atomic_write

        def full(path, data, mode=0o600):
            raise store.StoreError("De schijf is vol: test.")

        monkeypatch.setattr(store, "atomic_write", full)
        await pilot.press("tab", "tab", "enter")  # rol.positie.micro = 1
        await pilot.pause()
        assert app.session.unsaved and app.session.answers.scores["rol.positie.micro"] == 1
        assert "NIET BEWAARD" in app.screen.sub_title
        monkeypatch.setattr(store, "atomic_write", real)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.session.unsaved
    assert read_answers(round_path("2026-najaar"), bank).scores["rol.positie.micro"] == 1


async def test_help_and_theme_toggle(private_home):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "textual-light"
    assert load_profile().dark is False


async def test_export_and_share_dialogs(private_home, bank, tmp_path):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        session = app.session
        session.set_choice("rol.positie.micro", 4)
        session.set_text("rol.micro.1", text="Privé", share=False)
        session.save()
        await pilot.press("e")
        await pilot.pause()
        folder = app.screen.query_one("#folder", Input)
        folder.value = str(tmp_path / "exp")
        folder.focus()
        await pilot.press("enter")  # confirm from the folder field
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        app.screen.query_one("#folder", Input).value = str(tmp_path / "team")
        await pilot.click("#go")
        await pilot.pause()
    html = (tmp_path / "exp" / "reflectie-2026-najaar.html").read_text("utf-8")
    assert "Privé" in html
    shared = list((tmp_path / "team").glob("*.toml"))
    assert len(shared) == 1 and "Privé" not in shared[0].read_text("utf-8")
    assert load_profile().shared_folder == str(tmp_path / "team")
