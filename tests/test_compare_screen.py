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
        box = screen.query_one("#compare-info-box")
        assert box.max_scroll_y == 0 and not box.focusable  # all notes fit: no extra Tab stop
        starters = screen.query_one("#starters", DataTable)
        assert starters.row_count == len(screen.comparison.starters) > 0
        # the Items tab says what its cells mean (a coach met '·████ 3,50 n4' without a word)
        legend = str(screen.query_one("#items-legend", Static).render())
        assert "het gemiddelde en n = aantal antwoorden" in legend and "n<3: te weinig antwoorden" in legend
        await pilot.press("b")
        await pilot.pause()
        discuss = app.screen
        assert isinstance(discuss, DiscussScreen)
        order = screen.comparison.discussion_order()
        assert discuss.item is order[0] and order[0] is screen.comparison.starters[0].item
        seen = [discuss.item]
        position = str(discuss.query_one("#discuss-position", Static).render())
        assert position.strip().startswith(f"1 / {len(order)} items") and "Gespreksstarter" in position
        for _ in range(2):
            await pilot.press("right")
            await pilot.pause()
            seen.append(discuss.item)
        assert seen == order[:3]
        position = str(discuss.query_one("#discuss-position", Static).render()).strip()
        assert position.startswith(f"3 / {len(order)} items")
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


async def _discuss(pilot, app, bank, size=(140, 40)):
    write_demo(bank, paths.demo_dir(), 60)
    app.open_compare("team")
    await pilot.pause()
    screen = app.screen
    await _wait_loaded(pilot, screen)
    await pilot.press("b")
    await pilot.pause()
    return screen, app.screen


async def test_bespreekmodus_keys_of_a_presenter_clicker_move_between_items(private_home, bank):
    app = new_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen, discuss = await _discuss(pilot, app, bank)
        order = screen.comparison.discussion_order()
        for keys, expected in ((["pagedown"], 1), (["pagedown", "space"], 3), (["pageup"], 2), (["right"], 3),
                               (["left", "left"], 1), (["end"], len(order) - 1), (["pagedown"], len(order) - 1),
                               (["home"], 0), (["pageup"], 0)):
            await pilot.press(*keys)
            await pilot.pause()
            assert discuss.item is order[expected], (keys, expected)
        # the footer shows the keys: PgDn/→, PgUp/←, Home, End, s, ↑↓
        labels = {b.binding.key_display for b in discuss.active_bindings.values() if b.binding.show}
        assert {"PgDn/→", "PgUp/←", "Home", "End", "↑↓"} <= labels, labels


async def test_bespreekmodus_footer_at_80_columns_keeps_next_back_quit_and_help(private_home, bank):
    from textual.widgets import Footer

    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, discuss = await _discuss(pilot, app, bank)
        await pilot.pause()
        keys = discuss.query_one(Footer).children
        visible = {key.description for key in keys if key.region.right <= 80}
        assert {"Volgende", "Vorige", "Terug", "Starters", "Stoppen", "Help"} <= visible, visible
        # the rest is cut at 80 columns but still there (all of it shows at 140)
        assert {"Eerste", "Laatste", "Scrollen"} <= {key.description for key in keys}


async def test_bespreekmodus_only_starters_and_all_texts(private_home, bank):
    app = new_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen, discuss = await _discuss(pilot, app, bank)
        starters = {s.item.id for s in screen.comparison.starters}
        await pilot.press("s")
        await pilot.pause()
        assert discuss.only_starters and len(discuss.items) == len(starters)
        position = str(discuss.query_one("#discuss-position", Static).render())
        assert f"/ {len(starters)} gespreksstarters" in position
        seen = set()
        for _ in range(len(starters) + 2):
            seen.add(discuss.item.id)
            await pilot.press("pagedown")
            await pilot.pause()
        assert seen == starters
        await pilot.press("s")
        await pilot.pause()
        assert not discuss.only_starters and len(discuss.items) == len(screen.comparison.discussion_order())
        # an awareness question with many shared texts: all of them are in the body, reachable by scrolling
        comparison = screen.comparison
        question = max((i for i in discuss.items if i.kind == "vraag"),
                       key=lambda i: sum(len(g.texts.get(i.id, [])) for g in comparison.groups))
        total = sum(len(g.texts.get(question.id, [])) for g in comparison.groups)
        discuss._go(discuss.items.index(question))
        await pilot.pause()
        import io

        from rich.console import Console

        console = Console(width=134, record=True, file=io.StringIO())
        console.print(discuss.body_content)
        body = console.export_text()
        assert total >= 5 and body.count("“") == total  # on screen a list of five was cut off before


async def test_bespreekmodus_eight_groups_fit_and_median_has_the_digits_of_the_mean(private_home, bank):
    app = new_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen, discuss = await _discuss(pilot, app, bank)
        item = next(i for i in discuss.items if i.scale is not None and not i.scale.nominal)
        discuss._go(discuss.items.index(item))
        await pilot.pause()
        import io

        from rich.console import Console

        console = Console(width=134, record=True, file=io.StringIO())
        console.print(discuss.body_content)
        rendered = console.export_text()
        for group in screen.comparison.groups:
            stats = group.stats.get(item.id)
            if stats is not None and not stats.suppressed:
                from reflectie.dutch import nl_number

                assert f"gem. {nl_number(stats.mean)} · med. {nl_number(stats.median)}" in rendered
        # every group and the whole on one line each, all above the texts: they fit 40 rows
        bar_lines = [ln for ln in rendered.splitlines() if " · gem. " in ln or "te weinig antwoorden" in ln]
        assert len(bar_lines) == len(screen.comparison.groups) + 1
        first = rendered.splitlines().index(bar_lines[0])
        last = rendered.splitlines().index(bar_lines[-1])
        assert last - first <= 2 * len(bar_lines)
        assert all(len(ln) <= 134 for ln in rendered.splitlines())


async def test_intervisie_footer_at_80_columns_and_letters_in_the_folder_field(private_home, bank):
    """A coach pressed b in the folder field (to start the bespreekmodus) and made 'b' the path; at
    80 columns quitting and help were cut off the footer. In the field the footer does not offer
    the letter keys; at 80 columns back, bespreekmodus, export, quit and help are visible."""
    from textual.widgets import Footer, Input

    write_demo(bank, paths.demo_dir(), 60)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_compare("team")
        await pilot.pause()
        screen = app.screen
        await _wait_loaded(pilot, screen)
        await pilot.pause()

        def shown() -> set[str]:
            return {key.description for key in screen.query_one(Footer).children if key.region.right <= 80}

        assert {"Terug", "Bespreekmodus", "Exporteren", "Stoppen", "Help"} <= shown(), shown()
        screen.query_one("#folder", Input).focus()
        await pilot.pause()
        await pilot.pause()
        assert "Bespreekmodus" not in shown() and "Exporteren" not in shown()
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is screen  # a letter in the field, not the bespreekmodus
