"""Mijn rondes, 'Het web toen en nu': like with like. Micro and meso each have their own web; a
theme without answers at a level shows '–' there, never the other level's score."""

from __future__ import annotations

from reflectie.screens.history import HistoryScreen
from reflectie.widgets.radar import Radar

from .apphelpers import new_app

SIZE = (80, 24)


def _rounds(app) -> None:
    session = app.session
    session.open_round("2026-najaar")
    for item_id, value in {
        "rol.positie.micro": 4,
        "participatie.ladder.micro": 4,
        "transparantie.positie.meso": 3,  # only at meso
    }.items():
        session.set_choice(item_id, value)
    session.save()
    session.open_round("2027-voorjaar")
    for item_id, value in {"rol.positie.micro": 5, "transparantie.positie.micro": 2}.items():
        session.set_choice(item_id, value)
    session.save()


def _legend(radar: Radar, round_id: str) -> str:
    text = radar.render()
    line = next(row for row in str(text).splitlines() if row.startswith(f"━━ {round_id}:"))
    return line


async def test_the_web_then_and_now_keeps_micro_and_meso_apart(private_home, bank):
    app = new_app("2027-voorjaar")
    _rounds(app)
    async with app.run_test(size=SIZE) as pilot:
        app.open_history()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        levels = [str(s.render()) for s in screen.query(".web-level")]
        assert levels == ["Micro (ik)", "Meso (mijn organisatie)"]
        micro = screen.query_one(".web-micro", Radar)
        meso = screen.query_one(".web-meso", Radar)
        before_micro = _legend(micro, "2026-najaar")
        assert "Transparantie –" in before_micro  # its meso score is not shown as micro
        assert "Rol –" not in before_micro and "Participatie –" not in before_micro
        assert "Transparantie –" not in _legend(micro, "2027-voorjaar")
        before_meso = _legend(meso, "2026-najaar")
        assert "Rol –" in before_meso and "Transparantie –" not in before_meso
        after_meso = _legend(meso, "2027-voorjaar")
        assert after_meso.count("–") == len(bank.profile_themes())  # no meso answers then
