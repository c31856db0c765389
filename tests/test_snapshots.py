"""The caseworker's main screens at 80×24, compared with stored SVG snapshots.

Regenerate on purpose with `pytest tests/test_snapshots.py --snapshot-update` and review the diff.
Times and dates are fixed in memory, so a snapshot never depends on the clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .apphelpers import new_app

SIZE = (80, 24)
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=timezone(timedelta(hours=1)))


def _fix_times(answers, days: int = 0) -> None:
    answers.round.started = T0 + timedelta(days=days)
    answers.round.updated = T0 + timedelta(days=days, hours=2)


def test_start_screen_offers_to_continue(snap_compare, private_home):
    app = new_app()

    async def answered_before(pilot):
        session = app.session
        session.open_round("2026-najaar")
        session.set_choice("transparantie.positie.micro", 3)
        session.remember_position("transparantie", "micro", "transparantie.vooraf-aftoetsen")
        session.save()
        await pilot.pause()
        app.screen.show_resume()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=answered_before)


def test_questionnaire_ladder_and_statements(snap_compare, private_home):
    app = new_app()

    async def open_theme(pilot):
        session = app.session
        session.open_round("2026-najaar")
        session.set_choice("participatie.ladder.micro", 4)
        session.set_choice("participatie.ladder.micro.clientbeeld", 3)
        session.save()
        app.open_place("participatie", "micro", "participatie.ladder.micro.clientbeeld")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("up")  # the cursor on level 2: drawn, and plainly not chosen

    assert snap_compare(app, terminal_size=SIZE, run_before=open_theme)


def test_summary(snap_compare, private_home):
    app = new_app()

    async def open_summary(pilot):
        session = app.session
        session.open_round("2026-najaar")
        for item_id, value in {
            "rol.positie.micro": 4,
            "rol.positie.meso": 2,
            "participatie.ladder.micro": 5,
            "participatie.ladder.micro.clientbeeld": 3,
            "participatie.ladder.meso": 3,
            "transparantie.positie.micro": 4,
            "zelfbepaling.positie.micro": 5,
            "transparantie.positie.meso": 2,
            "zelfbepaling.positie.meso": 3,
        }.items():
            session.set_choice(item_id, value)
        app.open_summary()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_summary)


def test_mijn_rondes(snap_compare, private_home):
    app = new_app("2027-voorjaar")

    async def two_rounds(pilot):
        session = app.session
        first = session.open_round("2026-najaar")
        for item_id, value in {"rol.positie.micro": 2, "participatie.ladder.micro": 3}.items():
            session.set_choice(item_id, value)
        session.set_action(
            "rol", "micro", text="Netwerkkaart maken met elk nieuw gezin", share=True
        )
        session.save()
        second = session.open_round("2027-voorjaar")
        for item_id, value in {"rol.positie.micro": 4, "participatie.ladder.micro": 5}.items():
            session.set_choice(item_id, value)
        session.save()
        _fix_times(first, 0)
        _fix_times(second, 180)
        app.open_history()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=two_rounds)
