"""Intervisie screen and bespreekmodus, driven by keys."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from reflectie import paths
from reflectie.demo import write_demo
from reflectie.screens.bespreek import DiscussScreen
from reflectie.screens.intervisie import IntervisieScreen

from .apphelpers import new_app

SIZE = (110, 34)


async def _wait_loaded(pilot, screen, tries: int = 100):
    for _ in range(tries):
        await pilot.pause(0.05)
        if screen.comparison is not None:
            return
    raise AssertionError("de map werd niet geladen")


async def test_intervisie_loads_demo_and_walks_three_items_in_bespreekmodus(private_home, bank):
    write_demo(bank, paths.demo_dir(), 60)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down", "down", "enter")  # Intervisie
        screen = app.screen
        assert isinstance(screen, IntervisieScreen)
        await _wait_loaded(pilot, screen)
        assert len(screen.comparison.groups) == 8
        info = str(screen.query_one("#compare-info", Static).render())
        assert "30 deelnemers in 8 getoonde groepen" in info
        starters = screen.query_one("#starters", DataTable)
        assert starters.row_count == len(screen.comparison.starters) > 0
        await pilot.press("b")
        await pilot.pause()
        discuss = app.screen
        assert isinstance(discuss, DiscussScreen)
        order = screen.comparison.discussion_order()
        assert discuss.item is order[0] and order[0] is screen.comparison.starters[0].item
        seen = [discuss.item]
        position = str(discuss.query_one("#discuss-position", Static).render())
        assert position.strip().startswith(f"1 / {len(order)}") and "Gespreksstarter" in position
        body = str(discuss.query_one("#discuss-body", Static).render())
        for _ in range(2):
            await pilot.press("right")
            await pilot.pause()
            seen.append(discuss.item)
        assert seen == order[:3]
        assert str(discuss.query_one("#discuss-position", Static).render()).strip().startswith(f"3 / {len(order)}")
        await pilot.press("left")
        await pilot.pause()
        assert discuss.item is order[1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_werkgroep_per_round_and_suppression(private_home, bank):
    write_demo(bank, paths.demo_dir(), 8)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_compare("organisatie")
        await pilot.pause()
        screen = app.screen
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.collection is not None:
                break
        # 4 people over 4 organisations: every group is too small, so nothing is shown
        assert screen.comparison is None
        info = str(screen.query_one("#compare-info", Static).render())
        assert "Geen enkele groep heeft genoeg deelnemers" in info


async def test_missing_folder_is_explained(private_home):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_compare("team")
        await pilot.pause()
        screen = app.screen
        assert "Demogegevens" in str(screen.query_one("#compare-info", Static).render())
        await pilot.click("#demo-button")  # make demo data and load it
        await _wait_loaded(pilot, screen)
        assert len(screen.comparison.collection.answers) == 60
