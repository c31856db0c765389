"""The file dialogs' Tab order: only controls a person can see, in the order they stand on the
screen. The dialog's scroll box took a Tab stop of its own, where nothing looked focused."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Button, Input

from reflectie.screens.export import ExportDialog, ShareDialog

from .apphelpers import new_app

SIZE = (80, 24)


def _stops(app) -> list[str]:
    return [widget.id or type(widget).__name__ for widget in app.screen.focus_chain]


async def test_export_dialog_tabs_through_its_visible_controls_only(private_home):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_export()
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert app.focused is app.screen.query_one("#go", Button)  # Enter exports at once
        assert _stops(app) == ["format", "folder", "go", "cancel"]  # top to bottom
        seen = []
        for _ in range(5):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            assert focused is not None and not isinstance(focused, VerticalScroll)
            assert app.screen.region.contains_region(focused.region), focused.id  # on screen
            seen.append(focused.id)
        assert seen == ["cancel", "format", "folder", "go", "cancel"]
        await pilot.press("enter")  # Tab from Exporteren, Enter: Annuleren closes the dialog
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)


async def test_share_dialog_has_no_invisible_tab_stop(private_home):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_share()
        await pilot.pause()
        assert isinstance(app.screen, ShareDialog)
        assert _stops(app) == ["folder", "go", "cancel"]
        assert isinstance(app.screen.query_one("#folder"), Input)
