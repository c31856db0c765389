"""A few screens at a fixed size, compared with stored SVG snapshots (pytest-textual-snapshot).

Regenerate on purpose with `pytest tests/test_snapshots.py --snapshot-update` and review the diff.
"""

from __future__ import annotations

from .apphelpers import new_app

SIZE = (100, 30)


def test_start_screen(snap_compare, private_home):
    assert snap_compare(new_app(), terminal_size=SIZE)


def test_questionnaire_with_ladder(snap_compare, private_home):
    app = new_app()

    async def open_ladder(pilot):
        app.session.open_round("2026-najaar")
        app.session.set_choice("participatie.ladder.micro", 4)
        app.session.set_choice("participatie.ladder.micro.clientbeeld", 3)
        from reflectie.screens.questionnaire import QuestionnaireScreen

        await app.push_screen(QuestionnaireScreen("participatie", "micro"))
        await pilot.pause()
        await pilot.press("tab")  # collapse the introduction so the ladder shows
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_ladder)


def test_summary(snap_compare, private_home):
    app = new_app()

    async def open_summary(pilot):
        session = app.session
        session.open_round("2026-najaar")
        for item_id, value in {
            "rol.positie.micro": 4, "rol.positie.meso": 2, "participatie.ladder.micro": 5,
            "participatie.ladder.micro.clientbeeld": 3, "participatie.ladder.meso": 3,
            "transparantie.positie.micro": 4, "vraaggestuurd.doelen.micro": 3, "vraaggestuurd.weg.micro": 3,
            "zelfbepaling.positie.micro": 5, "transparantie.positie.meso": 2, "vraaggestuurd.doelen.meso": 4,
            "vraaggestuurd.weg.meso": 4, "zelfbepaling.positie.meso": 3,
        }.items():
            session.set_choice(item_id, value)
        app.open_summary()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_summary)
