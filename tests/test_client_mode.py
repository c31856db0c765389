"""Cliëntmodus in the app (pilot): nothing of the worker on screen, left only deliberately, one
file per client."""

from __future__ import annotations

import html
import re

from textual.command import CommandPalette
from textual.widgets import Footer, Header

from reflectie import paths
from reflectie.clientstem import DECLINED, read_client_file
from reflectie.clientvragen import default_questionnaire
from reflectie.model import Participant
from reflectie.profile import Profile, save_profile
from reflectie.sealing import KeyRing, install_public_key, make_key_pair
from reflectie.session import Session

from .apphelpers import new_app

SECRETS = ("Geheimnaam", "Verborgen", "Geheim-Oost", "2026-geheim", "geheime", "zeventwintig")


def secret_worker(tmp_path) -> Session:
    """A worker with a name, team, organisation, a round and a reflection text that must never
    show."""
    save_profile(
        Profile(
            Participant(
                id="test01",
                name="Sara Geheimnaam",
                organisation="CAW Geheim-Oost",
                team="Team Verborgen",
                sector="CLB",
            ),
            welcomed=True,
            last_round="2026-geheim",
        )
    )
    session = Session()
    session.open_round("2026-geheim")
    session.set_text(
        "participatie.micro.4", text="Mijn geheime reflectie over gezin zeventwintig", share=True
    )
    session.set_choice("participatie.ladder.micro", 5)
    session.save()
    return session


def rendered(app) -> str:
    """What the screen shows now (the screenshot's text, without the window title), with every
    run of white space as one space, so that a sentence wrapped over two lines is still found."""
    svg = app.export_screenshot(title=" ")
    body = svg.split("</style>")[-1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\xa0", " ").split())


def assert_nothing_of_the_worker(app) -> None:
    text = rendered(app)
    for secret in SECRETS:
        assert secret not in text, f"'{secret}' staat op het scherm van de cliëntmodus"
    assert not app.screen.query(Header) and not app.screen.query(Footer)


async def open_mode(app, pilot, seen_before: str = "") -> None:
    """From the start screen: the menu choice, then the setup's start button. ``seen_before`` must
    be on the (worker's) setup screen: it proves the check on the client's screen can see it."""
    from textual.widgets import OptionList

    from reflectie.screens.client import ClientModeScreen, ClientSetupScreen

    await pilot.pause()
    menu = app.screen.query_one("#menu", OptionList)
    menu.focus()
    menu.highlighted = menu.get_option_index("client")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ClientSetupScreen)
    assert seen_before in rendered(app)
    await pilot.click("#setup-start")
    await pilot.pause()
    assert isinstance(app.screen, ClientModeScreen)


async def test_mode_shows_nothing_of_the_worker_on_any_page(private_home, tmp_path):
    from reflectie.app import make_app
    from reflectie.screens.client import ClientModeScreen

    app = make_app(secret_worker(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mode(app, pilot, seen_before="CAW Geheim-Oost")
        mode = app.screen
        assert isinstance(mode, ClientModeScreen)
        assert_nothing_of_the_worker(app)  # welcome
        await pilot.press("2")  # a parent
        await pilot.pause()
        assert_nothing_of_the_worker(app)  # the explanation
        await pilot.press("1")
        await pilot.pause()
        assert "Vraag 1 van 12" in rendered(app)
        for _ in range(12):
            assert_nothing_of_the_worker(app)
            await pilot.press("3")
            await pilot.pause()
        assert "Dat waren alle vragen." in rendered(app)
        assert_nothing_of_the_worker(app)
        await pilot.press("1")
        await pilot.pause()
        assert "Dank je wel!" in rendered(app)
        assert_nothing_of_the_worker(app)
        # notifications of the worker's app stay hidden while the mode is open
        app.notify("Team Verborgen: bestand bewaard")
        await pilot.pause()
        assert_nothing_of_the_worker(app)


async def test_escape_never_leaves_and_ctrl_q_asks_the_stop_code(private_home):
    from reflectie.screens.client import ClientSetupScreen, LeaveDialog

    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mode(app, pilot)
        mode = app.screen
        code = mode.stop_code
        for key in ("escape", "escape", "f1", "ctrl+t", "ctrl+p", "ctrl+c"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is mode, key  # no help, no palette, no leaving
        assert not CommandPalette.is_open(app)
        await pilot.press("1", "escape")  # halfway into the explanation, escape does nothing either
        await pilot.pause()
        assert app.screen is mode and mode.step == "uitleg"
        await pilot.press("ctrl+q")  # the app's own quit is refused; the mode asks the code
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LeaveDialog)
        await pilot.press("escape")  # back into the mode
        await pilot.pause()
        assert app.screen is mode
        await pilot.press("ctrl+q")
        await pilot.pause()
        wrong = "1" if code != "1111" else "2222"
        await pilot.press(*wrong, "enter")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog) and "niet de stopcode" in rendered(app)
        await pilot.press(*code, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientSetupScreen)
        assert "0 antwoorden" in rendered(app)
        assert mode.recorder.current is None  # the unfinished client's answers are dropped
        assert list(paths.client_dir().glob("*.clientstem")) == []


async def test_a_client_answers_by_number_keys_and_one_sealed_file_is_written(
    private_home, tmp_path
):
    from reflectie.screens.client import ClientModeScreen

    key, _private, public = make_key_pair("test", tmp_path / "deel")
    install_public_key(public)
    questionnaire = default_questionnaire()
    items = questionnaire.version("jongere").items
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mode(app, pilot)
        mode = app.screen
        await pilot.press("1")  # jongere
        await pilot.pause()
        text = rendered(app)
        assert (
            "op slot" in text
            and "kan ze niet lezen" in text
            and "verandert niets aan de hulp" in text
        )
        await pilot.press("1")  # ik doe mee
        await pilot.pause()
        chosen = {}
        for index, item in enumerate(items):
            assert f"Vraag {index + 1} van {len(items)}" in rendered(app)
            assert "Wil ik niet zeggen" in rendered(app)
            if index == 2:
                await pilot.press("0")
                chosen[item.id] = DECLINED
            else:
                value = item.scale.values[index % len(item.scale.values)]
                await pilot.press(str(value))
                chosen[item.id] = value
            await pilot.pause()
        # go back once and change the last answer, then save
        await pilot.press("left")
        await pilot.pause()
        assert mode.step == "vraag" and mode.index == len(items) - 1
        assert "jouw antwoord" in rendered(app)
        await pilot.press("6")
        chosen[items[-1].id] = 6
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert "Dank je wel!" in rendered(app)
        files = list(paths.client_dir().glob("*.clientstem"))
        assert len(files) == 1
        assert "Team Noord" not in files[0].read_text()  # sealed: the device cannot read it
        back = read_client_file(files[0], questionnaire, KeyRing([key], []))
        assert back.sealed and back.who == "jongere" and back.team == "Team Noord"
        assert back.organisation == "CAW Oost" and back.round_id == "2026-najaar"
        assert {**back.answers, **{i: DECLINED for i in back.declined}} == chosen
        await pilot.press("enter")  # 'Klaar': the next person starts at the welcome
        await pilot.pause()
        assert isinstance(app.screen, ClientModeScreen) and mode.step == "welkom"
        assert mode.recorder.current is None and mode.recorder.saved == 1


async def test_not_taking_part_or_stopping_writes_nothing(private_home):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mode(app, pilot)
        mode = app.screen
        await pilot.press("3")  # ik doe liever niet mee
        await pilot.pause()
        assert mode.step == "gestopt" and "niets bewaard" in rendered(app)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("2", "1", "4", "4")  # a parent, takes part, answers two questions
        await pilot.pause()
        assert mode.step == "vraag" and mode.index == 2
        await pilot.click("#client-stop")
        await pilot.pause()
        assert mode.step == "stoppen"
        await pilot.press("2")  # no, go on: back where they were
        await pilot.pause()
        assert mode.step == "vraag" and mode.index == 2
        await pilot.click("#client-stop")
        await pilot.press("1")
        await pilot.pause()
        assert mode.step == "gestopt" and mode.recorder.current is None
        mode.reset()
        await pilot.pause()
        await pilot.press("1", "2")  # a young person who reads the explanation and says no
        await pilot.pause()
        assert mode.step == "gestopt"
    assert not paths.client_dir().exists() or list(paths.client_dir().iterdir()) == []


async def test_without_key_the_worker_and_the_client_are_told_plainly(private_home):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_client()
        await pilot.pause()
        text = rendered(app)
        assert "Geen sleutel" in text and "LEESBAAR" in text
        await pilot.click("#setup-start")
        await pilot.press("1")
        await pilot.pause()
        assert "Je hulpverlener kan ze hier lezen" in rendered(app)


async def test_ladder_question_fits_at_80x24_and_choices_respond_to_clicks(private_home):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mode(app, pilot)
        mode = app.screen
        await pilot.press("1", "1")
        await pilot.pause()
        mode.show("vraag", len(mode.recorder.items) - 1)  # the ladder: the longest question
        await pilot.pause()
        from reflectie.screens.client import Choice

        choices = list(mode.query(Choice))
        assert len(choices) == 7
        for choice in choices:
            region = choice.region
            assert region.height >= 1 and region.bottom <= 24 and region.right <= 80, choice.key
        await pilot.click(choices[4])  # a tap on "Ik beslis mee"
        await pilot.pause()
        assert mode.step == "klaar" and mode.recorder.current.answers["client.ladder"] == 5


async def test_standalone_client_app_has_no_palette_and_leaves_by_code(private_home):
    from reflectie.screens.client import ClientApp, ClientModeScreen, ClientSetupScreen

    app = ClientApp("2026-najaar", "CAW Oost", "Team Noord")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ClientSetupScreen)
        await pilot.click("#setup-start")
        await pilot.pause()
        mode = app.screen
        assert isinstance(mode, ClientModeScreen)
        await pilot.press("ctrl+p", "escape", "ctrl+c")
        await pilot.pause()
        assert app.screen is mode and not CommandPalette.is_open(app)
        await pilot.press("ctrl+q", *mode.stop_code, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientSetupScreen)
        await pilot.click("#setup-close")
        await pilot.pause()
    assert app.return_code == 0


async def test_failed_save_tells_the_client_simply_and_the_worker_the_reason(
    private_home, monkeypatch
):
    from reflectie import clientstem
    from reflectie.errors import StoreError
    from reflectie.screens.client import ClientSetupScreen

    def full_disk(*_args, **_kwargs):
        raise StoreError("De schijf is vol: '/geheim/pad/x.clientstem' kon niet bewaard worden.")

    monkeypatch.setattr(clientstem, "write_client_answers", full_disk)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mode(app, pilot)
        mode = app.screen
        await pilot.press("1", "left")  # the wrong version: back to 'wie ben jij?'
        await pilot.pause()
        assert mode.step == "welkom" and mode.recorder.current is None
        await pilot.press("2", "1", *["2"] * 12, "1")
        await pilot.pause()
        assert (
            mode.step == "mislukt" and mode.recorder.current is not None
        )  # answers kept for a retry
        text = rendered(app)
        assert "Er ging iets mis" in text and "/geheim/pad" not in text
        await pilot.press("ctrl+q", *mode.stop_code, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientSetupScreen) and "De schijf is vol" in rendered(app)


async def test_setup_warns_when_this_device_also_holds_the_private_key(private_home, tmp_path):
    _key, private, public = make_key_pair("", tmp_path / "deel")
    install_public_key(public)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_client()
        await pilot.pause()
        assert "ook de privésleutel" in rendered(app)
    private.unlink()  # the usual case: a team device holds only the public key
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_client()
        await pilot.pause()
        text = rendered(app)
        assert "op dit toestel kan niemand ze lezen" in text and "privésleutel:" not in text


def test_the_stop_code_cannot_be_guessed_by_trying():
    from reflectie.screens.client import StopCodeGuard

    now = [100.0]
    guard = StopCodeGuard("4821", clock=lambda: now[0])
    assert guard.attempt("1111") == (False, "Dat is niet de stopcode. Je blijft in de cliëntmodus.")
    assert not guard.attempt("1112")[0]
    leave, message = guard.attempt("1113")  # the third wrong code: now every try waits
    assert not leave and "30 seconden" in message
    assert guard.attempt("4821") == (False, "Te veel foute codes. Probeer opnieuw over 30 seconden.")
    now[0] += 31
    leave, message = guard.attempt("1114")  # wrong again: twice as long
    assert not leave and "60 seconden" in message
    now[0] += 61
    assert guard.attempt(" 4821 ") == (True, "")


async def test_a_fourth_try_waits_even_with_the_right_code(private_home):
    from reflectie.screens.client import LeaveDialog

    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mode(app, pilot)
        mode = app.screen
        code = mode.stop_code
        wrong = "1111" if code != "1111" else "2222"
        for _ in range(3):
            await pilot.press("ctrl+q")  # the count survives closing and opening the dialog
            await pilot.pause()
            await pilot.press(*wrong, "enter")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press(*code, "enter")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog) and "Te veel foute codes" in rendered(app)
