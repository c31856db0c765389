"""After each screen change the app lets go of removed widgets (ReflectieApp.forget_removed_widgets),
and never of a live one: a Header still follows the title, a field still takes keys."""

from __future__ import annotations

import gc
import weakref

from textual.widgets import Header, Input
from textual.widgets._header import HeaderTitle

import reflectie.app as app_module
from reflectie.screens.questionnaire import QuestionnaireScreen
from reflectie.screens.start import StartScreen

from .apphelpers import new_app

SIZE = (80, 24)
CHANGES = 40


def header_text(screen) -> str:
    return str(screen.query_one(Header).query_one(HeaderTitle).render())


async def open_and_close(app, pilot, bank, times: int) -> list[weakref.ref]:
    """Open and close a new questionnaire ``times`` times; weak references to their headers."""
    app.ensure_round()
    theme = bank.profile_themes()[0].id
    removed = []
    for _ in range(times):
        await app.push_screen(QuestionnaireScreen(theme, "micro", ("micro",)))
        await pilot.pause()
        removed.append(weakref.ref(app.screen.query_one(Header)))
        app.pop_screen()
        await pilot.pause()
    await pilot.pause()
    return removed


async def walk_themes(app, pilot, bank, times: int) -> None:
    """As a person does: a theme from the start screen (the overview and the kept questionnaire
    screen, which swaps its questions), then back to the start screen."""
    themes = [theme.id for theme in bank.profile_themes()]
    for index in range(times):
        app.open_place(themes[index % len(themes)], "micro", "")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        while len(app.screen_stack) > 1:
            app.pop_screen()
            await pilot.pause()
    await pilot.pause()


async def test_live_widgets_keep_listening_after_many_screen_changes(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_and_close(app, pilot, bank, CHANGES // 2)
        await walk_themes(app, pilot, bank, CHANGES // 2)
        start = app.screen
        assert isinstance(start, StartScreen)
        # the start screen's Header still follows the app's title
        app.title = "reflectie nieuw"
        await pilot.pause()
        assert "reflectie nieuw" in header_text(start)
        # and its round field still takes keys
        field = start.query_one("#round", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"2027-voorjaar")
        assert field.value == "2027-voorjaar"
        # an open questionnaire (pushed after all those changes) follows the title too
        app.open_place(bank.profile_themes()[0].id, "micro", "")
        await pilot.pause()
        await pilot.pause()
        app.sub_title = "na veertig schermen"
        await pilot.pause()
        assert "na veertig schermen" in header_text(app.screen)
        # the watchers that remain are all of live widgets
        watchers = getattr(app, "__watchers")
        assert all(not node._closing for entries in watchers.values() for node, _callback in entries)
        assert any(node.screen is app.screen for node, _callback in watchers["sub_title"])


async def test_removed_screens_are_let_go(private_home, bank):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        removed = await open_and_close(app, pilot, bank, 10)
        gc.collect()
        # without forget_removed_widgets the app's title watchers held every one of them
        assert sum(ref() is not None for ref in removed) <= 1


async def test_forgetting_does_nothing_when_textuals_internals_differ(private_home, bank, monkeypatch):
    import textual._styles_cache as styles_cache

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.delattr(styles_cache, "StylesCache")
        original = getattr(app, "__watchers")
        setattr(app, "__watchers", {"title": "not a list", "sub_title": [None, 3]})
        app.forget_removed_widgets()
        assert getattr(app, "__watchers") == {"title": "not a list", "sub_title": [None, 3]}
        setattr(app, "__watchers", original)
        monkeypatch.setattr(app_module, "_forget_watchers", lambda nodes: 1 / 0)
        app.forget_removed_widgets()  # a step that fails is left out, the app goes on
        await open_and_close(app, pilot, bank, 2)
        assert isinstance(app.screen, StartScreen)
