"""`reflectie serve --client`: the client mode served like `reflectie serve` serves the app (for a
tablet), behind the same secret address, in headless Chromium."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reflectie import web
from reflectie.cli import STOP_CODE_VARIABLE, app

from .apphelpers import welcomed_profile
from .conftest import require_tool
from .test_web import start_server, stop_server

ARTEFACTS = Path(__file__).parent / "artefacts"
WIDE = {"COLUMNS": "200"}


def test_client_mode_through_textual_serve_in_chromium(private_home, tmp_path):
    chromium = require_tool("chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("textual_serve")
    server, address, printed = start_server(
        private_home, "--client", "--ronde", "2026-najaar", "--organisatie", "O", "--team", "T"
    )
    folder = private_home / "clientstem"
    origin = re.match(r"http://[^/]+", address).group(0)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{32}/", address), address
        assert "De cliëntmodus van reflectie draait" in "".join(printed)
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.goto(address)
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            page.wait_for_timeout(1500)
            page.locator(".xterm-helper-textarea").focus()
            # served, the mode starts at once (no setup screen); a young person takes part and answers
            for key in ["1", "1"] + ["3"] * 11 + ["4", "1"]:
                page.keyboard.press(key)
                page.wait_for_timeout(250)
            end = time.monotonic() + 15
            while time.monotonic() < end and not (
                folder.exists() and list(folder.glob("*.clientstem"))
            ):
                time.sleep(0.2)
            page.wait_for_timeout(500)
            ARTEFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTEFACTS / "client-serve.png"))
            # without the secret: refused, as for the app
            stranger = browser.new_page()
            denied = stranger.goto(origin + "/")
            denied_text = stranger.inner_text("body")
            browser.close()
        files = list(folder.glob("*.clientstem"))
        assert len(files) == 1
        text = files[0].read_text("utf-8")
        assert 'wie = "jongere"' in text and '"client.ladder" = 4' in text
        assert denied is not None and denied.status == 403 and "Geen toegang" in denied_text
    finally:
        stop_server(server)
    assert "Serving" not in "".join(printed)


def _fake_serve(monkeypatch) -> list:
    calls: list = []
    monkeypatch.setenv(STOP_CODE_VARIABLE, "")  # serve sets it in this process; restored afterwards

    def fake_serve(host, port, max_sessions, announce, command=None):
        calls.append((host, port, max_sessions, command))
        announce([], "http://127.0.0.1:8000/geheim/")

    monkeypatch.setattr(web, "serve", fake_serve)
    return calls


def test_serve_client_runs_the_client_mode_with_its_options(private_home, monkeypatch):
    calls = _fake_serve(monkeypatch)
    monkeypatch.setenv(STOP_CODE_VARIABLE, "")  # restored after the test: serve sets it in this process
    arguments = ["serve", "--client", "--ronde", "2026-najaar", "--organisatie", "O", "--team",
                 "-Team [/]", "--max-sessies", "2"]
    result = CliRunner().invoke(app, arguments, env=WIDE)
    assert result.exit_code == 0, result.output
    # each session runs `reflectie client` with the options, a value never read as an option
    assert calls == [("127.0.0.1", 8000, 2, web.app_command("client", "--meteen", "--ronde=2026-najaar",
                                                            "--organisatie=O", "--team=-Team [/]"))]
    assert "Cliëntmodus voor O, -Team [/], ronde 2026-najaar." in result.output
    # one stop code for every session, printed here only and handed down through the environment
    code = os.environ[STOP_CODE_VARIABLE]
    assert re.fullmatch(r"[1-9]{4}", code) and f"de stopcode {code}" in result.output
    assert code not in " ".join(calls[0][3])
    assert calls[0][3][:3] == [sys.executable, "-m", "reflectie"]
    assert "De cliëntmodus van reflectie draait" in result.output
    assert "http://127.0.0.1:8000/geheim/" in result.output and "hoogstens 2 vensters" in result.output
    assert "Elk venster is een eigen cliëntmodus" in result.output
    assert "geen sleutel geïnstalleerd" in result.output  # as `reflectie client` says it


def test_serve_client_alone_and_the_app_without_client(private_home, monkeypatch):
    calls = _fake_serve(monkeypatch)
    monkeypatch.setenv(STOP_CODE_VARIABLE, "")
    welcomed_profile()  # organisation, team and round come from the profile
    result = CliRunner().invoke(app, ["serve", "--client"], env=WIDE)
    assert result.exit_code == 0 and "Cliëntmodus voor CAW Oost, Team Noord, ronde 2026-najaar" in result.output
    assert CliRunner().invoke(app, ["serve"], env=WIDE).exit_code == 0
    assert [c[3] for c in calls] == [web.app_command("client", "--meteen"), None]


def test_serve_client_refuses_settings_a_session_could_not_start_with(private_home, monkeypatch):
    # found out at the server, not when a client opens the tablet
    calls = _fake_serve(monkeypatch)
    monkeypatch.setenv(STOP_CODE_VARIABLE, "")
    result = CliRunner().invoke(app, ["serve", "--client"], env=WIDE)  # no profile, no team
    assert result.exit_code == 2 and "Vul je organisatie en je team in" in result.output
    assert "--organisatie, --team en --ronde" in result.output
    long_team = ["serve", "--client", "--organisatie", "O", "--team", "T" * 500]
    result = CliRunner().invoke(app, long_team, env=WIDE)
    assert result.exit_code == 2 and "te lang" in result.output
    assert calls == []


def test_serve_client_options_without_client_are_refused(private_home, monkeypatch):
    calls = _fake_serve(monkeypatch)
    result = CliRunner().invoke(app, ["serve", "--ronde", "2026-najaar"], env=WIDE)
    assert result.exit_code == 2 and "--ronde hoort bij de cliëntmodus" in result.output
    assert calls == []


def test_serve_client_refuses_a_damaged_installed_key(private_home, monkeypatch):
    from reflectie import paths

    calls = _fake_serve(monkeypatch)
    paths.keys_dir().mkdir(parents=True)
    paths.installed_key_path().write_text("kapot", "utf-8")
    result = CliRunner().invoke(app, ["serve", "--client"], env=WIDE)
    assert result.exit_code == 1 and "onbruikbaar" in result.output and calls == []


async def test_a_served_session_starts_in_the_mode_and_leaving_ends_it(private_home, monkeypatch):
    """A client who reloads the page gets a new session: it must open in the client mode itself,
    never on the worker's setup screen with the stop code and the team fields."""
    from reflectie.screens.client import ClientApp, ClientModeScreen

    served = ClientApp("2026-najaar", "O", "T", direct=True, stop_code="4821")
    async with served.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(served.screen, ClientModeScreen)
        shown = served.export_screenshot()
        assert "4821" not in shown and "stopcode" not in shown.lower() and "Hallo" in shown
        await pilot.press("ctrl+q", *"4821", "enter")
        await pilot.pause()
    assert served.return_code == 0 and not served.is_running
