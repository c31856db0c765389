"""The profile screen (Start → Profiel): leaving it keeps what was typed, as the welcome and every
answer screen do, and says so; a profile that cannot be saved keeps the screen open."""

from __future__ import annotations

from textual.widgets import Input

from reflectie.errors import ReflectieError
from reflectie.profile import load_profile
from reflectie.screens.start import StartScreen
from reflectie.screens.welcome import WelcomeScreen

from .apphelpers import new_app

SIZE = (80, 24)


async def _open_profile(app, pilot) -> WelcomeScreen:
    app.open_profile()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, WelcomeScreen) and not screen.first_run
    return screen


async def _type_team_suffix(app, pilot) -> None:
    await pilot.press("tab", "tab", "end", *" Zuid")  # as a person does: name, organisation, team
    await pilot.pause()
    assert app.focused is app.screen.query_one("#team", Input)


def _messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_escape_saves_a_changed_profile_and_says_so(private_home):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_profile(app, pilot)
        await _type_team_suffix(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "Profiel bewaard." in _messages(app)
        assert app.session.profile.participant.team == "Team Noord Zuid"
    assert load_profile().participant.team == "Team Noord Zuid"


async def test_escape_without_changes_just_goes_back(private_home):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_profile(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "Profiel bewaard." not in _messages(app)
    assert load_profile().participant.team == "Team Noord"


async def test_quitting_from_the_profile_saves_what_was_typed(private_home):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_profile(app, pilot)
        await _type_team_suffix(app, pilot)
        await pilot.press("ctrl+q")
    assert load_profile().participant.team == "Team Noord Zuid"


async def test_a_profile_that_cannot_be_saved_stays_open_with_the_reason(private_home, monkeypatch):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_profile(app, pilot)
        await _type_team_suffix(app, pilot)

        def refuse(**_changes: object) -> None:
            raise ReflectieError("Je profiel wordt net in een ander venster bewaard.")

        monkeypatch.setattr(app.session, "update_profile", refuse)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#team", Input).value == "Team Noord Zuid"
        assert "Je profiel wordt net in een ander venster bewaard." in _messages(app)
        assert "Profiel bewaard." not in _messages(app)
    assert load_profile().participant.team == "Team Noord"
