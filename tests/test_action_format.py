"""Bannen – behouden – bereiken: an optional way to write an action.

In the questionnaire a tick box under the action shows three more fields, each with the nota's short
question for the level and the format's source; they are saved through the session and come back
in the summary, the own export, the eenvoudige modus (only when the person types b), and in the
group reports for shared actions. Switching the fields off while they hold words asks first.
"""

from __future__ import annotations

import io

from textual.widgets import Markdown, Static, TextArea

from reflectie.analysis import places
from reflectie.answersfile import read_answers
from reflectie.compare import compare
from reflectie.loading import Collection
from reflectie.model import BAN_KEEP_REACH, Action
from reflectie.plain import Plain
from reflectie.report.group import render_html, render_markdown, render_sheet
from reflectie.report.own import render_round
from reflectie.screens.confirm import ConfirmDialog
from reflectie.screens.questionnaire import QuestionnaireScreen
from reflectie.session import Session
from reflectie.store import round_path
from reflectie.widgets.items import ActionBlock, Tick

from .apphelpers import new_app, welcomed_profile
from .groupdata import person

SIZE = (80, 24)


def saved(bank):
    return read_answers(round_path("2026-najaar"), bank)


async def open_rol(app, pilot, level: str = "micro") -> QuestionnaireScreen:
    app.open_place("rol", level, "actie")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuestionnaireScreen) and screen.theme_id == "rol"
    await pilot.pause()
    return screen


def parts_box(screen):
    return screen.query_one("#action-parts")


def parts_shown(screen) -> bool:
    return screen.query_one(ActionBlock).parts_shown


async def test_the_tick_shows_three_fields_with_the_notas_prompts_and_saves_them(
    private_home, bank
):
    fmt = bank.action_formats[BAN_KEEP_REACH]
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rol(app, pilot, "meso")
        switch = screen.query_one("#action-format", Tick)
        assert not switch.value and not parts_shown(screen)  # off until the person asks
        assert len(screen.query(TextArea)) == 1  # and not even built: a theme opens fast
        assert "bannen – behouden – bereiken" in str(switch.label)
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        assert switch.value and parts_shown(screen)
        shown = " ".join(str(s.render()) for s in parts_box(screen).query(Static))
        assert f"Bron: {fmt.source}" in shown
        for part in fmt.parts:  # the meso question of each part, not the micro one
            assert f"{part.label}: {part.prompt('meso')}" in shown
        assert "Wat wil je organisatie niet meer doen?" in shown
        await pilot.press("tab")
        assert app.focused is screen.query_one("#action-ban", TextArea)
        await pilot.press(*"Wachtlijsten zonder contact")
        await pilot.press("tab", "tab")
        assert app.focused is screen.query_one("#action-reach", TextArea)
        await pilot.press(*"Gezinnen kiezen mee")
        await pilot.pause(0.6)
        assert "1/" in screen.title  # an action with only these words counts as answered
    action = saved(bank).action_for("rol", "meso")
    assert action.ban == "Wachtlijsten zonder contact" and action.reach == "Gezinnen kiezen mee"
    assert action.keep == "" and action.text == ""


async def test_empty_fields_switch_off_without_a_question(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rol(app, pilot)
        switch = screen.query_one("#action-format", Tick)
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        assert parts_shown(screen)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen) and not parts_shown(screen)
        assert not app.session.has_changes  # looking at the fields wrote nothing
    assert not round_path("2026-najaar").exists()


async def test_saved_parts_open_in_view_and_switching_off_asks_before_wiping(private_home, bank):
    app = new_app()
    session = app.session
    session.open_round("2026-najaar")
    session.set_action("rol", "micro", text="Netwerkkaart", keep="Huisbezoeken")
    session.save()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rol(app, pilot)
        switch = screen.query_one("#action-format", Tick)
        assert switch.value and parts_shown(screen)
        assert screen.query_one("#action-keep", TextArea).text == "Huisbezoeken"
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # words are never hidden without a question
        await pilot.press("enter")  # 'Annuleren' has focus: nothing is wiped
        await pilot.pause()
        assert switch.value and parts_shown(screen)
        assert session.answers.action_for("rol", "micro").keep == "Huisbezoeken"
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert not switch.value and not parts_shown(screen)
        assert not screen.query("#action-keep")
    action = saved(bank).action_for("rol", "micro")
    assert action.text == "Netwerkkaart" and not action.has_parts  # the action itself stays


async def test_summary_shows_the_parts_escaped(private_home, bank):
    app = new_app()
    session = app.session
    session.open_round("2026-najaar")
    session.set_action("rol", "micro", text="Plan", ban="*Alleen* beslissen", reach="[x](y)")
    session.save()
    async with app.run_test(size=SIZE) as pilot:
        app.open_summary()
        await pilot.pause()
        source = app.screen.query_one(Markdown).source
    assert "- **Bannen:** \\*Alleen\\* beslissen" in source
    assert "- **Bereiken:** \\[x\\](y)" in source
    assert "Behouden" not in source  # an empty part is left out


def test_own_export_shows_the_parts(bank):
    answers = person("p1", actions=[Action("rol", "micro", "Plan", ban="Alleen <beslissen>",
                                           keep="Huisbezoeken")])
    markdown = render_round(answers, bank, "md")
    assert "**Eerstvolgende actie:** Plan" in markdown
    assert "- **Bannen:** Alleen \\<beslissen\\>" in markdown
    assert "- **Behouden:** Huisbezoeken" in markdown and "Bereiken" not in markdown
    html = render_round(answers, bank, "html")
    assert "<dt>Bannen</dt><dd class=\"answer\">Alleen &lt;beslissen&gt;</dd>" in html


def test_group_reports_show_the_parts_of_shared_actions_only(bank):
    shared = Action("rol", "micro", "Samen plannen", share=True, ban="Alleen <beslissen>",
                    reach="Gezinnen kiezen mee")
    private = Action("rol", "micro", "Geheim plan", share=False, keep="Privé behouden")
    people = [person(f"p{i}", scores={"rol.positie.micro": 3},
                     actions=[shared if i == 0 else private]) for i in range(4)]
    comparison = compare(Collection(answers=people, problems=[], files_seen=4), bank, "team", 3)
    markdown = render_markdown(comparison)
    assert "- Samen plannen (Team A (Org 1))" in markdown
    assert "  - **Bannen:** Alleen \\<beslissen\\>" in markdown
    assert "  - **Bereiken:** Gezinnen kiezen mee" in markdown
    assert "Privé behouden" not in markdown and "Geheim plan" not in markdown
    html = render_html(comparison)
    assert "<dt>Bannen</dt><dd>Alleen &lt;beslissen&gt;</dd>" in html
    assert "Privé behouden" not in html
    sheet = render_sheet(comparison, "Team A", "md")
    assert "  - **Bereiken:** Gezinnen kiezen mee" in sheet


def test_the_eenvoudige_modus_asks_the_parts_only_when_the_person_types_b(bank):
    welcomed_profile()
    skip = [""] * (len(places(bank.themes["rol"], "micro")) - 1)

    def run(lines):
        out = io.StringIO()
        Plain(Session(bank), io.StringIO("".join(line + "\n" for line in lines)), out,
              echo=True).run()
        return " ".join(out.getvalue().split())

    out = run(["2", "1", *skip, "Gewoon een actie", "", "", "", "7"])
    assert "Of typ b om je actie eerst voor te bereiden met bannen – behouden – bereiken." in out
    assert "Wat wil je niet meer doen?" not in out  # not asked unless chosen
    assert not saved(bank).action_for("rol", "micro").has_parts

    out = run(["2", "1", *skip, "b", "", "Verslagen alleen schrijven", "", "",
               "Samen met het gezin", "", "", "", "", "7"])
    assert "Bannen: Wat wil je niet meer doen?" in out
    assert "Behouden: Wat wil je zeker behouden?" in out
    assert "Bron: Visienota, 3. Kader" in out
    assert "Bewaard: bannen, behouden en bereiken." in out
    action = saved(bank).action_for("rol", "micro")
    assert action.ban == "Verslagen alleen schrijven" and action.keep == ""
    assert action.reach == "Samen met het gezin" and action.text == "Gewoon een actie"

    out = run(["2", "1", *skip, "", "7"])  # shown back with the action
    assert "Je actie nu: Gewoon een actie Bannen: Verslagen alleen schrijven" in out
