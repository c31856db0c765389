"""The app driven by keys only, as a hulpverlener would (Textual pilot).

What these tests hold the app to: what is on the screen is what is saved; number keys choose; the
person resumes exactly where they were; exports never land in the working directory and never
overwrite without a question; Mijn rondes can open, start, compare, follow up and delete; a
read-only round says so; invalid input stays in its field with a Dutch reason.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Button, DataTable, Input, OptionList, Static, TextArea

from reflectie import paths
from reflectie.answersfile import read_answers
from reflectie.app import make_app
from reflectie.model import DONT_KNOW, NA
from reflectie.profile import load_profile
from reflectie.screens.history import HistoryScreen
from reflectie.screens.overview import OverviewScreen
from reflectie.screens.questionnaire import QuestionnaireScreen
from reflectie.screens.start import StartScreen
from reflectie.screens.summary import SummaryScreen
from reflectie.session import Session
from reflectie.store import round_path
from reflectie.widgets.items import (
    ActionBlock,
    ChoiceList,
    QuestionBlock,
    ScaleChoice,
    Tick,
)

from .apphelpers import new_app

SIZE = (80, 24)


def saved(bank, round_id: str = "2026-najaar"):
    return read_answers(round_path(round_id), bank)


def shown(widget: ChoiceList) -> str:
    """The text a choice list draws (without colours)."""
    return widget.render().plain


async def open_theme(
    app, pilot, theme: str, level: str = "micro", item: str = ""
) -> QuestionnaireScreen:
    app.open_place(theme, level, item)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuestionnaireScreen) and screen.theme_id == theme
    return screen


def scale(screen, item_id: str) -> ScaleChoice:
    return next(w for w in screen.query(ScaleChoice) if w.item.id == item_id)


async def test_first_run_welcome_and_profile(private_home):
    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "WelcomeScreen"
        for _ in range(100):  # the welcome shows its words first and its form right after
            if app.screen.query("#naam"):
                break
            await pilot.pause(0.01)
        text = " ".join(str(s.render()) for s in app.screen.query("Label"))
        assert "niemand kan je eraan herkennen" in text
        await pilot.press(*"Sara")
        await pilot.press("tab", *"CAW Oost", "tab", *"Team Noord")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    profile = load_profile()
    assert profile.welcomed and profile.participant.organisation == "CAW Oost"
    assert profile.participant.team == "Team Noord" and profile.participant.name == "Sara"
    assert len(profile.participant.id) == 6


# --- what you see is what is saved ------------------------------------------------------------


async def test_arrows_then_tab_leave_nothing_that_looks_chosen(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "rol")
        ladder = app.focused
        assert isinstance(ladder, ScaleChoice) and ladder.item.id == "rol.positie.micro"
        assert "Nog niet beantwoord" in shown(ladder)
        await pilot.press("down", "down")  # the cursor walks; nothing is chosen
        await pilot.pause()
        assert ladder.cursor == 1 and ladder.value is None
        assert "◉" not in shown(ladder) and "Nog niet beantwoord. Enter kiest" in shown(ladder)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not ladder
        assert ladder.cursor is None and "◉" not in shown(ladder)  # after Tab nothing looks chosen
        assert not round_path("2026-najaar").exists()  # and nothing was written
        assert app.session.answers.choice("rol.positie.micro") is None
        # back, arrows and Enter: chosen, saved, and drawn as ◉
        await pilot.press("shift+tab", "down", "down", "enter")
        await pilot.pause()
        assert ladder.value == 2 and "◉ 2" in shown(ladder)
        await pilot.press("tab")
        await pilot.pause()
        assert "◉ 2" in shown(ladder)
        assert screen.session.answers.choice("rol.positie.micro") == 2
    assert saved(bank).scores["rol.positie.micro"] == 2


async def test_number_keys_choose_and_n_w_only_where_allowed(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "transparantie")
        row = scale(screen, "transparantie.vooraf-aftoetsen")
        row.focus()
        await pilot.press("4")
        await pilot.pause()
        assert row.value == 4 and "◉ 4 vaak" in shown(row)
        await pilot.press("n")  # frequency statements allow n.v.t.
        await pilot.pause()
        assert row.value == NA and "◉ n n.v.t." in shown(row)
        await pilot.press("w")  # 'weet ik niet' is not for one's own work (micro)
        await pilot.pause()
        assert row.value == NA
        assert any("Weet ik niet" in str(n.message) for n in app._notifications)
        await pilot.press("9")
        await pilot.pause()
        assert row.value == NA
        await pilot.press("backspace")  # clears the answer
        await pilot.pause()
        assert row.value is None
        await pilot.press("2")
        await pilot.pause()
        ladder = scale(screen, "transparantie.positie.micro")
        ladder.focus()
        await pilot.press("3")
        await pilot.pause()
        meso = await open_theme(app, pilot, "rol", "meso")
        org = scale(meso, "rol.org-samenwerken")
        org.focus()
        await pilot.press("w")
        await pilot.pause()
        assert org.value == DONT_KNOW and "◉ w weet ik niet" in shown(org)
    answers = saved(bank)
    assert answers.scores["transparantie.vooraf-aftoetsen"] == 2
    assert answers.scores["transparantie.positie.micro"] == 3
    assert "rol.org-samenwerken" in answers.dont_know


async def test_ticks_show_state_as_glyph_and_save(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "transparantie")
        block = next(iter(screen.query(QuestionBlock)))
        assert "☐ Bespreken" in block.render().plain and "☑" not in block.render().plain
        block.focus()
        await pilot.press("b")
        await pilot.pause(0.6)
        assert "☑ Bespreken" in block.render().plain and "☐ Tekst delen" in block.render().plain
        await pilot.press("d", "d", "d")
        await pilot.pause(0.6)
        assert "☑ Tekst delen" in block.render().plain
    text = saved(bank).texts[block.item.id]
    assert text.discuss and text.share and text.text == ""


async def test_words_typed_right_after_enter_go_into_the_text_not_to_the_flags(private_home, bank):
    """Enter opens the text field a moment later; keys arriving at once after it (a fast typist, or
    keys in one packet through the browser) went to the question, where b and d switched
    'bespreken' and 'delen' and the words were lost. They are now kept for the text field."""
    from textual import events

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "transparantie")
        block = next(iter(screen.query(QuestionBlock)))
        block.focus()
        await pilot.pause()
        # all keys queued before the app handles any (as one burst from the terminal)
        for key, char in [("enter", "\r"), *((c, c) for c in "bij de"), ("backspace", None), *((c, c) for c in "e!")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        area = app.focused
        assert isinstance(area, TextArea) and area.text == "bij de!"
        assert "☐ Bespreken" in block.render().plain and "☐ Tekst delen" in block.render().plain
        await pilot.press("tab")
        await pilot.pause(0.6)
    text = saved(bank).texts[block.item.id]
    assert text.text == "bij de!" and not text.share and not text.discuss


async def test_the_text_being_written_stays_in_view_as_it_grows(private_home, bank):
    """Writing in a question near the bottom of the screen at 80×24 (a paste, then typing): the
    page follows the field as it grows, so the line being typed stays visible (it went under the
    footer while the page stayed put)."""
    from textual import events
    from textual.containers import ScrollableContainer

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "transparantie", "meso")
        block = list(screen.query(QuestionBlock))[2]
        block.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        area = app.focused
        assert isinstance(area, TextArea)
        area.post_message(events.Paste("Regel een: dossier\nRegel twee: ouders\nRegel drie\nRegel vier"))
        await pilot.pause()
        page = next(a for a in area.ancestors if isinstance(a, ScrollableContainer))
        for word in ("einde", "nog", "een", "twee", "drie"):
            await pilot.press(*word, "enter")
            await pilot.pause()
            assert page.region.y <= area.cursor_screen_offset.y < page.region.bottom - 1, word
        await pilot.press(*"laatste")
        await pilot.pause()
        assert page.region.y <= area.cursor_screen_offset.y < page.region.bottom - 1


async def test_text_fields_grow_and_action_wraps(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "transparantie")
        block = next(iter(screen.query(QuestionBlock)))
        assert (
            not list(screen.query(TextArea)) or len(list(screen.query(TextArea))) == 1
        )  # only the action
        block.focus()
        await pilot.press("enter")  # writing opens the text field under the question
        await pilot.pause()
        area = app.focused
        assert isinstance(area, TextArea) and area.place == block.item.id
        short = area.size.height
        await pilot.press(
            *"een", "enter", *"twee", "enter", *"drie", "enter", *"vier", "enter", *"vijf"
        )
        await pilot.pause()
        assert area.size.height > short
        assert area.size.height >= area.wrapped_document.height  # no inner scrolling for this text
        await pilot.press("tab")  # done writing: the question shows the text
        await pilot.pause()
        assert "vijf" in block.render().plain and block.editor is None
        action = screen.query_one("#action-text", TextArea)
        action.focus()
        await pilot.press(*("Samen met het gezin de verslagen nalezen voor ze vertrekken " * 2))
        await pilot.pause()
        assert (
            action.wrapped_document.height >= 2
            and action.size.height >= action.wrapped_document.height
        )


async def test_invalid_date_stays_in_its_field_with_a_dutch_reason(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "rol")
        screen.query_one("#action-text", TextArea).focus()
        await pilot.press(*"Netwerkkaart maken")
        due = screen.query_one("#action-due", Input)
        due.focus()
        await pilot.press(*"31/02/2027", "tab")
        await pilot.pause(0.6)
        assert due.value == "31/02/2027" and due.has_class("-invalid")
        error = str(screen.query_one("#action-error", Static).render())
        assert "bestaat niet als datum" in error
        assert app.session.answers.action_for("rol", "micro").due is None
        due.focus()
        await pilot.press(*["backspace"] * 10, *"28/02/2027", "tab")
        await pilot.pause(0.6)
        assert not due.has_class("-invalid")
    action = saved(bank).action_for("rol", "micro")
    assert action.text == "Netwerkkaart maken" and action.due == date(2027, 2, 28)


async def test_viewing_themes_writes_nothing(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(6):
            await pilot.press("ctrl+right")
            await pilot.pause()
        await pilot.press("tab", "tab", "shift+tab", "escape")
        await pilot.pause()
        assert not app.session.has_changes
    assert not round_path("2026-najaar").exists()


async def test_full_micro_theme_by_keys_survives_restart(private_home, bank):
    app = new_app()
    theme = bank.themes["transparantie"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # Zelfreflectie (micro)
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("down", "down", "enter")  # the third theme: transparantie
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen) and screen.theme_id == "transparantie"
        for item in theme.items_for("micro"):
            if item.scale is None:
                continue
            assert isinstance(app.focused, ScaleChoice) and app.focused.item.id == item.id
            await pilot.press("3", "tab")
            await pilot.pause()
        questions = [q for q in theme.items_for("micro", "vraag") if not q.is_action_question]
        for _ in questions:
            assert isinstance(app.focused, QuestionBlock)
            await pilot.press("b", "enter", *"Ik toets vooraf af.", "tab")  # bespreken, then write
        await pilot.press(*"Verslagen samen nalezen", "tab", *"31/01/2027", "tab", "space")
        await pilot.pause(0.6)
        await pilot.press("escape")
        await pilot.pause()
    answers = saved(bank)
    for item in theme.items_for("micro"):
        if item.scale is not None:
            assert answers.scores[item.id] == 3, item.id
    for item in theme.items_for("micro", "vraag"):
        if item.is_action_question:
            continue
        assert answers.texts[item.id].text == "Ik toets vooraf af."
        assert answers.texts[item.id].discuss and not answers.texts[item.id].share
    action = answers.action_for("transparantie", "micro")
    assert (
        action.text == "Verslagen samen nalezen"
        and action.due == date(2027, 1, 31)
        and action.share
    )


# --- resume exactly ---------------------------------------------------------------------------


async def test_theme_opens_on_first_open_question_in_view(private_home, bank):
    app = new_app()
    session = app.session
    session.open_round("2026-najaar")
    for item in bank.themes["transparantie"].items_for("micro")[:4]:
        if item.scale is not None:
            session.set_choice(item.id, 3)
    session.save()
    first_open = next(
        i
        for i in bank.themes["transparantie"].items_for("micro")
        if not session.answers.answered(i)
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "transparantie")
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, ScaleChoice) and focused.item.id == first_open.id
        scroller = screen.query_one("#questionnaire")
        assert scroller.region.contains_region(focused.region.intersection(scroller.region))
        assert focused.region.y >= scroller.region.y and focused.region.y < scroller.region.bottom
        assert screen.query_one("#intro").collapsed  # a started theme does not open on its intro


async def test_resume_exact_place_after_restart(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "participatie")
        await pilot.press("4", "tab", "2", "tab", "tab")
        await pilot.pause()
        here = app.focused
        assert isinstance(here, ScaleChoice)
        place = here.item.id
        await pilot.press("ctrl+q")
    assert load_profile().last_item == place

    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        first = menu.get_option_at_index(0)
        assert first.id == "verder" and "Verder met Participatie (micro)" in str(first.prompt)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen) and screen.theme_id == "participatie"
        assert isinstance(app.focused, ScaleChoice) and app.focused.item.id == place


async def test_next_unanswered_key_crosses_themes(private_home, bank):
    app = new_app()
    session = app.session
    session.open_round("2026-najaar")
    rol = bank.themes["rol"]
    for item in rol.items_for("micro"):
        if item.scale is not None:
            session.set_choice(item.id, 2)
        else:
            session.set_text(item.id, text="Gedaan.")
    session.set_action("rol", "micro", text="Iets doen")
    session.save()
    async with app.run_test(size=SIZE) as pilot:
        await open_theme(app, pilot, "rol")
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen) and screen.theme_id == "participatie"
        assert isinstance(app.focused, ScaleChoice)
        assert app.focused.item.id == bank.themes["participatie"].items_for("micro")[0].id
        await pilot.press("ctrl+n")  # from the first open question to the next one in the theme
        await pilot.pause()
        assert app.focused.item.id == bank.themes["participatie"].items_for("micro")[1].id


# --- files ------------------------------------------------------------------------------------


async def test_export_defaults_outside_working_directory_and_asks_before_overwriting(
    private_home, bank, tmp_path, monkeypatch
):
    import platformdirs

    checkout = tmp_path / "checkout"
    checkout.mkdir()
    monkeypatch.chdir(checkout)
    monkeypatch.delenv("REFLECTIE_EXPORTMAP")
    monkeypatch.setattr(platformdirs, "user_documents_path", lambda: tmp_path / "Documenten")
    expected = tmp_path / "Documenten" / "reflectie"
    assert paths.default_export_dir() == expected
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.session.open_round("2026-najaar")
        app.session.set_text("rol.micro.1", text="Privé")
        app.session.save()
        app.open_export()
        await pilot.pause()
        assert app.screen.query_one("#folder", Input).value == str(expected)
        await pilot.press("enter")  # Exporteren has focus
        await pilot.pause()
        target = expected / "reflectie-2026-najaar.html"
        assert target.exists() and "Privé" in target.read_text("utf-8")
        target.write_text("oud", "utf-8")
        app.open_export()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmDialog"
        await pilot.press("escape")  # no: the old file stays
        await pilot.pause()
        assert target.read_text("utf-8") == "oud"
        await pilot.press("enter")  # ask again, and replace
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Privé" in target.read_text("utf-8")
    assert not any(checkout.iterdir())


async def test_share_dialog_previews_exactly_and_warns(private_home, bank, tmp_path):
    app = new_app()
    app.session.update_profile(team="")
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        session.open_round("2026-najaar")
        session.set_choice("rol.positie.micro", 4)
        session.set_text("rol.micro.1", text="Privé", discuss=True)
        session.set_text("rol.micro.2", text="Gedeeld", share=True)
        session.save()
        app.open_share()
        await pilot.pause()
        dialog = app.screen
        preview = str(dialog.query_one("#preview", Static).render())
        assert "1 gedeelde tekst," in preview and "1 vraag die je wilt bespreken" in preview
        assert "Mee zonder je woorden: 1" in preview
        warnings = " ".join(str(w.render()) for w in dialog.query(".warning"))
        assert "Je team is leeg" in warnings
        dialog.query_one("#folder", Input).value = str(tmp_path / "team")
        await pilot.click("#go")
        await pilot.pause()
    shared = list((tmp_path / "team").glob("*.toml"))
    assert len(shared) == 1
    text = shared[0].read_text("utf-8")
    assert "Privé" not in text and "Gedeeld" in text
    assert load_profile().shared_folder == str(tmp_path / "team")


async def test_report_dialog_on_unwritable_folder_says_so_in_dutch(
    private_home, bank, tmp_path, monkeypatch
):
    from reflectie.compare import compare
    from reflectie.loading import Collection
    from reflectie.screens.export import ReportDialog

    from .groupdata import person

    people = [person(f"p{i}", scores={"rol.positie.micro": 3}) for i in range(4)]
    comparison = compare(Collection(answers=people, problems=[], files_seen=4), bank, "team", 3)
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map", "utf-8")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReportDialog(comparison))
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#folder", Input).value = str(blocker / "rapporten")
        # the button by key (a click lands on whatever toast covers it, and then tests nothing)
        dialog.query_one("#go", Button).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # still open, the app did not stop
        messages = [str(n.message) for n in app._notifications]
        assert len(messages) == 1 and "map" in messages[-1].lower()

        import reflectie.report.group as group

        def broken(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(group, "atomic_write", broken)  # the disk refuses the file itself
        dialog.query_one("#folder", Input).value = str(tmp_path / "ok")
        go = dialog.query_one("#go", Button)
        go.focus()
        while go.has_class("-active"):  # a button ignores a second press while it still shows the first
            await pilot.pause(0.05)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        messages = [str(n.message) for n in app._notifications]
        assert len(messages) == 2 and "Permission denied" not in messages[-1], messages
        assert messages[-1].startswith("Geen toelating om te schrijven in") and "Kies een andere map" in messages[-1]


# --- Mijn rondes ------------------------------------------------------------------------------


def two_rounds(app):
    session = app.session
    first = session.open_round("2026-najaar")
    first.round.started = first.round.started.replace(year=2025)
    for item_id, value in {"rol.positie.micro": 2, "participatie.ladder.micro": 3}.items():
        session.set_choice(item_id, value)
    session.set_action("rol", "micro", text="Netwerkkaart maken", share=True)
    session.save()
    session.open_round("2027-voorjaar")
    for item_id, value in {"rol.positie.micro": 4, "participatie.ladder.micro": 5}.items():
        session.set_choice(item_id, value)
    session.save()


async def test_rounds_compare_without_cutting_texts(private_home, bank):
    app = new_app("2027-voorjaar")
    two_rounds(app)
    async with app.run_test(size=SIZE) as pilot:
        app.open_history()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        moves = [str(s.render()) for s in screen.query(".move")]
        assert len(moves) == 2
        assert any("5 Mee-beslissen" in m and "(+2)" in m for m in moves)  # not "5 Mee-besliss"
        assert any("Op welke trede van de participatieladder" in m for m in moves)


async def test_lost_follow_up_regression(private_home, bank):
    """Follow up in Mijn rondes while that round is open in the questionnaire, then answer again:
    'gebeurd' stays (the screens share one object through the Session)."""
    app = new_app("2027-voorjaar")
    two_rounds(app)
    async with app.run_test(size=SIZE) as pilot:
        app.home()
        assert app.open_round("2026-najaar")
        screen = await open_theme(app, pilot, "transparantie")
        app.open_history()
        await pilot.pause()
        follow = app.screen.query_one(".follow-up", ChoiceList)
        assert follow.round_id == "2026-najaar"
        follow.focus()
        await pilot.press("j")
        await pilot.pause()
        assert "◉ j ja" in shown(follow)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        row = scale(screen, "transparantie.vooraf-aftoetsen")
        row.focus()
        await pilot.press("4")
        await pilot.pause()
    answers = saved(bank, "2026-najaar")
    assert answers.scores["transparantie.vooraf-aftoetsen"] == 4
    assert answers.actions[0].happened == "ja"


async def test_new_round_button_refuses_existing_label_and_starts_a_new_one(private_home, bank):
    app = new_app("2027-voorjaar")
    two_rounds(app)
    async with app.run_test(size=SIZE) as pilot:
        app.open_history()
        await pilot.pause()
        await pilot.click("#new")
        await pilot.pause()
        label = app.screen.query_one("#label", Input)
        label.value = "2026 Najaar"
        await pilot.click("#go")
        await pilot.pause()
        assert "Er bestaat al een ronde '2026-najaar'" in str(
            app.screen.query_one("#error", Static).render()
        )
        label.value = "2027 Najaar"
        label.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert app.session.answers.round.id == "2027-najaar"
        assert len(app.screen_stack) == 2  # start, overview: nothing of the old round stays open


async def test_delete_round_asks_first(private_home, bank):
    app = new_app("2027-voorjaar")
    two_rounds(app)
    async with app.run_test(size=SIZE) as pilot:
        app.home()
        app.open_history()
        await pilot.pause()
        await pilot.press("up")  # the table: first round
        await pilot.click("#delete")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmDialog"
        assert app.focused.id == "no"
        await pilot.press("enter")  # Annuleren has focus: nothing happens
        await pilot.pause()
        assert round_path("2026-najaar").exists()
        await pilot.click("#delete")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert not round_path("2026-najaar").exists()
        assert round_path("2027-voorjaar").exists()


async def test_deleting_the_round_to_go_on_with_moves_on_to_the_newest_left(private_home, bank):
    """The start screen kept offering a deleted round, and the next answer brought it back empty
    (and 'deel' shared it). Now the newest round left takes its place, also after a restart."""
    app = new_app("2027-voorjaar")
    two_rounds(app)  # 2027-voorjaar is open and the one to go on with
    async with app.run_test(size=SIZE) as pilot:
        app.home()
        app.open_history()
        await pilot.pause()
        app.screen.query_one(DataTable).move_cursor(row=1)  # 2027-voorjaar, the newest
        await pilot.click("#delete")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert not round_path("2027-voorjaar").exists()
        app.home()
        await pilot.pause()
        assert app.screen.query_one("#round", Input).value == "2026-najaar"
    assert load_profile().last_round == "2026-najaar"
    assert not round_path("2027-voorjaar").exists()


# --- read-only ---------------------------------------------------------------------------------


async def test_read_only_round_shows_a_banner_and_explains_keys(private_home, bank):
    other = Session()
    other.open_round("2026-najaar")  # another window holds the round
    other.set_choice("rol.positie.micro", 2)
    other.save()
    app = new_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_theme(app, pilot, "rol")
            assert app.session.read_only
            banner = str(screen.query_one("#read-only", Static).render())
            assert "Alleen lezen" in banner
            ladder = scale(screen, "rol.positie.micro")
            ladder.focus()
            await pilot.press("5")
            await pilot.pause()
            assert ladder.value == 2 and "◉ 2" in shown(ladder)
            assert any("ander venster" in str(n.message) for n in app._notifications)
            block = next(iter(screen.query(QuestionBlock)))
            block.focus()
            for key in ("enter", "b"):
                count = len(app._notifications)
                await pilot.press(key)
                await pilot.pause()
                assert (
                    block.editor is None
                    and not block.discuss
                    and len(app._notifications) == count + 1
                )
                assert "niet antwoorden" in str(list(app._notifications)[-1].message)
            action = screen.query_one("#action-text", TextArea)
            action.focus()
            screen._told_read_only = 0.0
            count = len(app._notifications)
            await pilot.press("x")
            await pilot.pause()
            assert action.text == "" and len(app._notifications) == count + 1
    finally:
        other.close()
    assert saved(bank).scores["rol.positie.micro"] == 2


# --- keys, footer, palette, help --------------------------------------------------------------


async def _screens(app, pilot):
    """Each of the caseworker's screens in turn."""
    yield "start"
    app.open_levels(("micro",))
    await pilot.pause()
    yield "overzicht"
    await pilot.press("enter")
    await pilot.pause()
    yield "vragenlijst"
    app.home()
    app.open_summary()
    await pilot.pause()
    yield "samenvatting"
    app.home()
    app.open_history()
    await pilot.pause()
    yield "rondes"
    app.home()
    app.open_bank()
    await pilot.pause()
    yield "vragenbank"
    app.home()
    app.open_profile()
    await pilot.pause()
    yield "profiel"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_footer_shows_quit_help_and_fits(private_home, bank, size):
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = new_app("2027-voorjaar")
    two_rounds(app)
    async with app.run_test(size=size) as pilot:
        async for name in _screens(app, pilot):
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            keys = list(footer.query(FooterKey))
            descriptions = [k.description for k in keys]
            assert "Stoppen" in descriptions and "Help" in descriptions, (name, descriptions)
            palette = [k for k in keys if k.has_class("-command-palette")]
            limit = palette[0].region.x if palette else footer.region.right
            for key in keys:  # nothing cut off at the right edge or hidden under the palette key
                if key not in palette:
                    assert key.region.right <= limit, (name, key.description)
            if name in ("overzicht",):
                assert "Exporteren" in descriptions and "Delen" in descriptions
            if name == "rondes":
                assert "Nieuwe ronde" in descriptions


async def test_help_is_built_from_the_screens_bindings(private_home, bank):
    from textual.widgets import Markdown

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_theme(app, pilot, "rol")
        await pilot.press("f1")
        await pilot.pause()
        source = app.screen.query_one(Markdown).source
        assert "Toetsen op de vragenlijst" in source
        for expected in ("Ctrl+N", "Ctrl+→", "1–6", "Weet ik niet", "Ctrl+Q", "F1"):
            assert expected in source, expected
        for binding in QuestionnaireScreen.BINDINGS:
            assert (binding.tooltip or binding.description) in source
        await pilot.press("escape")
        app.open_history()
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        source = app.screen.query_one(Markdown).source
        assert (
            "Toetsen op Mijn rondes" in source and "Nieuwe ronde" in source and "Delete" in source
        )


async def test_palette_is_dutch_and_finds_the_main_actions(private_home, bank):
    from textual.command import CommandInput, CommandList

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        field = app.screen.query_one(CommandInput)
        assert str(field.placeholder).startswith("Zoek een opdracht")
        await pilot.pause(0.3)
        found = [str(o.prompt) for o in app.screen.query_one(CommandList)._options]
        for name in (
            "Exporteren",
            "Delen met team",
            "Nieuwe ronde",
            "Mijn rondes",
            "Volgende onbeantwoorde vraag",
        ):
            assert any(name in text for text in found), name
        assert not any(word in " ".join(found) for word in ("Keys", "Quit", "Screenshot", "Theme"))
        await pilot.press(*"qqxz")
        await pilot.pause(0.9)
        found = " ".join(str(o.prompt) for o in app.screen.query_one(CommandList)._options)
        assert "No matches" not in found and "Niets gevonden" in found
        await pilot.press(*["backspace"] * 4, *"nieuwe ronde")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "NewRoundDialog"


async def test_summary_shows_profile_and_gaps(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        session.open_round("2026-najaar")
        for item_id, value in {
            "participatie.ladder.micro": 5,
            "participatie.ladder.micro.clientbeeld": 2,
            "rol.positie.micro": 5,
            "rol.positie.meso": 2,
        }.items():
            session.set_choice(item_id, value)
        session.save()
        app.open_summary()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        from textual.widgets import Markdown

        text = app.screen.query_one(Markdown).source
        assert (
            "trede **5 Mee-beslissen**" in text and "trede **2 Consulteren of raadplegen**" in text
        )
        assert "(+3)" in text


def test_radar_leaves_unanswered_themes_open():
    from reflectie.widgets.radar import render_radar

    labels = ["Rol", "Part.", "Transp.", "Vraag", "Zelfb."]

    def centre_style(values):
        text = render_radar(labels, [("micro", values)], width=44, height=15)
        line = text.split("\n")[1 + 29 // 4]  # below the top label: the canvas row of the centre
        # the centre cell is column 21 of the canvas, after a margin of 8 or 9 (labels may get " –")
        styles = [str(span.style) for span in line.spans if 28 <= span.start < 32]
        return text.plain, styles

    plain, styles = centre_style([60.0, None, 80.0, None, None])
    assert "Part. –" in plain and "Zelfb. –" in plain and "Rol 60" in plain
    assert not any("cyan" in style for style in styles)  # no line of the series through the centre
    _plain, zero_styles = centre_style([60.0, 0.0, 80.0, 0.0, 0.0])
    assert any("cyan" in style for style in zero_styles)  # a real 0 does sit at the centre


async def test_start_offers_no_resume_before_any_answer(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        assert menu.get_option_at_index(0).id == "micro"
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_buttons_exist_for_the_main_round_actions(private_home, bank):
    app = new_app("2027-voorjaar")
    two_rounds(app)
    async with app.run_test(size=SIZE) as pilot:
        app.open_history()
        await pilot.pause()
        labels = {str(b.label) for b in app.screen.query(Button)}
        assert {"Openen", "Nieuwe ronde", "Verwijderen…"} <= labels
        await pilot.press("enter")  # the table: open the last round
        await pilot.pause()
        assert (
            isinstance(app.screen, OverviewScreen)
            and app.session.answers.round.id == "2027-voorjaar"
        )


async def test_action_share_tick_saves(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_theme(app, pilot, "rol")
        screen.query_one("#action-text", TextArea).focus()
        await pilot.press(*"Samen plannen")
        tick = screen.query_one("#action-share", Tick)
        tick.focus()
        await pilot.press("space")
        await pilot.pause(0.6)
        assert "☑" in str(tick.render())
        assert screen.query_one(ActionBlock) is not None
    action = saved(bank).action_for("rol", "micro")
    assert action.share and action.text == "Samen plannen"


async def test_enter_and_space_open_and_close_the_theme_intro(private_home):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_theme(app, pilot, "transparantie")
        intro = screen.query_one("#intro")
        intro.focus()
        await pilot.pause()
        first = intro.open
        await pilot.press("enter")
        await pilot.pause()
        assert intro.open is (not first)
        await pilot.press("space")
        await pilot.pause()
        assert intro.open is first
