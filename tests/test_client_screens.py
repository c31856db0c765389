"""The clients' own voice on screen: the Intervisie tab 'Drie blikken' and the bespreekmodus, driven
by keys at 80×24 (the smallest terminal we promise), with demo files and with hostile names."""

from __future__ import annotations

import io
from datetime import date

from rich.console import Console
from rich.text import Text
from textual.widgets import Static, TabbedContent

from reflectie import paths
from reflectie.answersfile import dumps
from reflectie.clean import clean_line
from reflectie.clientstem import ClientAnswers, write_client_answers
from reflectie.clientvragen import default_questionnaire
from reflectie.demo import write_demo, write_demo_clients
from reflectie.fileio import atomic_write
from reflectie.screens.bespreek import DiscussScreen
from reflectie.screens.intervisie import InfoBox, IntervisieScreen
from reflectie.screens.textdialog import TextDialog
from reflectie.sealing import new_private_key, write_private_key

from .apphelpers import new_app
from .groupdata import person

SMALL = (80, 24)
HOSTILE_TEAM = "Team [/]\x1b[2J[bold red]x"
HOSTILE_ORG = "Org [/b]\x1b]0;titel\x07"
BROKEN = "kapot[bold]\x1b[2J.clientstem"  # a file name cannot hold "/"


def plain(renderable, width: int = 76) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()


def texts_in(renderable) -> list[Text]:
    """Every Text inside a Group or a Table (to check that no name went in as markup)."""
    found: list[Text] = []
    stack = [renderable]
    while stack:
        item = stack.pop()
        if isinstance(item, Text):
            found.append(item)
        elif hasattr(item, "renderables"):
            stack += list(item.renderables)
        elif hasattr(item, "columns"):
            for column in item.columns:
                stack += list(column._cells)
    return found


async def _loaded(pilot, screen: IntervisieScreen) -> None:
    for _ in range(200):
        await pilot.pause(0.05)
        if screen.comparison is not None:
            return
    raise AssertionError("de map werd niet geladen: " + str(screen.query_one("#compare-info", Static).render()))


async def _first_mirrored_item(pilot, app) -> DiscussScreen:
    """b opens the bespreekmodus; → walks to the first item clients answered too."""
    await pilot.press("b")
    await pilot.pause()
    discuss = app.screen
    assert isinstance(discuss, DiscussScreen)
    target = next(i for i, item in enumerate(discuss.items) if item.id in discuss.mirrored)
    for _ in range(target):
        await pilot.press("right")
    await pilot.pause()
    return discuss


def _three_tab(screen: IntervisieScreen):
    return screen.query_one("#tabs", TabbedContent).get_tab("tab-three")


async def test_three_views_tab_and_bespreekmodus_with_the_demo_at_80x24(private_home, bank):
    write_demo(bank, paths.demo_dir(), 60)
    write_demo_clients(paths.demo_dir())
    app = new_app()
    async with app.run_test(size=SMALL) as pilot:
        app.open_compare("team")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IntervisieScreen)
        await _loaded(pilot, screen)
        info = str(screen.query_one("#compare-info", Static).render())
        assert "Drie blikken: cliëntantwoorden in 7 getoonde groepen" in info
        assert _three_tab(screen).display
        # at 80×24 the notes are longer than their box: it scrolls (and takes focus) to show the rest
        box = screen.query_one("#compare-info-box", InfoBox)
        assert box.size.height == 5 and box.max_scroll_y > 0 and box.focusable
        box.focus()
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 0
        screen.query_one("#tabs", TabbedContent).active = "tab-three"
        await pilot.pause()
        content = screen.query_one("#three", Static).content
        text = plain(content)
        words = " ".join(text.split())
        assert ("Team Noord (CAW Demo-Oost) 4 hulpverleners, 12 cliëntantwoorden (waarvan apart getoond: "
                "jongeren 7, ouders 5)") in words
        for label in ("Hulpverleners: zelf", "Ingeschat cliëntbeeld", "Wat cliënten zeggen", "jongeren (7)",
                      "▶ gespreksstarter", "verschil (cliënten min hulpverleners)"):
            assert label in text, label
        # at 80 columns every row of a view fits on the screen: the bar narrows, the labels stay whole
        box = screen.query_one("#three-box")
        assert all(len(line) <= box.scrollable_content_region.width for line in
                   plain(content, box.scrollable_content_region.width).splitlines())
        assert "Ingeschat cliëntbe…" not in plain(content, box.scrollable_content_region.width)
        # the bespreekmodus, announced as b: what clients say under each group's bar
        discuss = await _first_mirrored_item(pilot, app)
        assert discuss.item.id in discuss.mirrored
        body = plain(discuss.body_content)
        assert "↳ Wat cliënten zeggen, op de vraag:" in body and "↳ cliënten" in body
        assert "Team Noord" in body and "n 12 · gem." in body
        # an item no client question mirrors shows the workers only
        other = next(i for i, item in enumerate(discuss.items) if item.id not in discuss.mirrored
                     and item.scale is not None)
        await pilot.press("home")
        for _ in range(other):
            await pilot.press("right")
        await pilot.pause()
        assert "↳ cliënten" not in plain(discuss.body_content)


async def test_no_client_files_no_tab_and_no_client_lines(private_home, bank):
    write_demo(bank, paths.demo_dir(), 60)
    app = new_app()
    async with app.run_test(size=SMALL) as pilot:
        app.open_compare("team")
        await pilot.pause()
        screen = app.screen
        await _loaded(pilot, screen)
        assert screen.clients is None and screen.comparison.three_views is None
        assert not _three_tab(screen).display
        assert "Drie blikken" not in str(screen.query_one("#compare-info", Static).render())
        await pilot.press("b")
        await pilot.pause()
        body = plain(app.screen.body_content)
        assert app.screen.mirrored == {} and "↳" not in body and "Wat cliënten zeggen" not in body


async def test_hostile_team_names_in_client_files_stay_text_and_broken_files_stay_off_screen(
        private_home, bank, tmp_path):
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    questionnaire = default_questionnaire()
    mirrored = {item.mirrors for item in questionnaire.items.values()}
    mirrored |= {item.estimate for item in questionnaire.items.values() if item.estimate}
    scores = {item_id: bank.items[item_id].scale.values[1] for item_id in mirrored}
    for number in range(3):
        answers = person(f"aa000{number}", HOSTILE_TEAM, HOSTILE_ORG, scores=scores)
        atomic_write(folder / f"aa000{number}.toml", dumps(answers))
    key = new_private_key("begeleider")
    write_private_key(key)
    for number in range(6):
        who = "jongere" if number % 2 else "ouder"
        values = {item.id: item.scale.values[-1] for item in questionnaire.version(who).items}
        client = ClientAnswers(HOSTILE_ORG, HOSTILE_TEAM, "2026-najaar", who, date(2026, 10, 1), values)
        write_client_answers(client, folder / "clientstem", key.public)
    (folder / "clientstem" / BROKEN).write_text('format = "\x1b[2J[/]"\n', "utf-8")

    app = new_app()
    async with app.run_test(size=SMALL) as pilot:
        app.push_screen(IntervisieScreen("team", folder))
        await pilot.pause()
        screen = app.screen
        await _loaded(pilot, screen)
        shown_team = clean_line(HOSTILE_TEAM)
        assert "\x1b" not in shown_team and "[/]" in shown_team
        info = str(screen.query_one("#compare-info", Static).render())
        assert "1 cliëntbestand onleesbaar" in info and "kapot" not in info  # the projector: counts only
        assert _three_tab(screen).display
        screen.query_one("#tabs", TabbedContent).active = "tab-three"
        await pilot.pause()
        content = screen.query_one("#three", Static).content
        text = plain(content, 200)
        assert shown_team in text and "6 cliëntantwoorden" in text
        assert "kapot" not in text and "\x1b" not in text
        assert not any("\x1b" in part.plain for part in texts_in(content))
        # the facilitator's list (key f) names the broken client file
        screen.query_one("#tabs Tabs").focus()
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        assert "Cliëntbestanden:" in dialog.body and "kapot" in dialog.body
        await pilot.press("escape")
        await pilot.pause()
        discuss = await _first_mirrored_item(pilot, app)
        body = plain(discuss.body_content, 200)
        assert "↳ cliënten" in body and "[/]" in body and "\x1b" not in body


async def test_demo_button_writes_workers_and_clients_and_opens_the_tab(private_home):
    app = new_app()
    async with app.run_test(size=(110, 34)) as pilot:
        app.open_compare("team")
        await pilot.pause()
        screen = app.screen
        assert not paths.demo_dir().exists() and not _three_tab(screen).display
        await pilot.click("#demo-button")
        await _loaded(pilot, screen)
        assert len(list(paths.demo_dir().rglob("*.clientstem"))) >= 60
        assert screen.clients is not None and not screen.clients.problems  # sealed to the demo key
        assert _three_tab(screen).display and len(screen.comparison.three_views.shown) == 7
