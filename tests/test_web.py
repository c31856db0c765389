"""`reflectie serve` in headless Chromium: the page shows the app and takes key presses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .apphelpers import welcomed_profile
from .conftest import require_tool

ARTEFACTS = Path(__file__).parent / "artefacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_listening(port: int, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"de server luistert niet op poort {port}")


def test_serve_in_headless_chromium(private_home):
    chromium = require_tool("chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    welcomed_profile("2026-najaar")
    port = _free_port()
    env = dict(os.environ, REFLECTIE_HOME=str(private_home))
    server = subprocess.Popen([sys.executable, "-m", "reflectie", "serve", "--poort", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_listening(port)
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            )
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            outside: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(f"http://127.0.0.1:{port}") or r.url.startswith("ws://127.0.0.1") or r.url.startswith("data:") else outside.append(r.url))
            page.goto(f"http://127.0.0.1:{port}/")
            # textual-serve marks the page once the app's first output arrived; the terminal is a canvas,
            # so what the app did is checked in the answers file it writes
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            page.wait_for_timeout(1500)
            page.locator(".xterm-helper-textarea").focus()  # a click would choose a menu item
            answers_file = private_home / "antwoorden" / "2026-najaar.toml"
            for keys in (["Enter"], ["ArrowDown", "Enter"], ["Tab", "Tab"] + ["ArrowDown"] * 4 + ["Enter"]):
                for key in keys:
                    page.keyboard.press(key)
                    page.wait_for_timeout(250)
                page.wait_for_timeout(700)
            end = time.monotonic() + 15
            while time.monotonic() < end and not answers_file.exists():
                time.sleep(0.2)
            ARTEFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTEFACTS / "serve.png"))
            browser.close()
        import tomllib

        assert tomllib.loads(answers_file.read_text("utf-8"))["scores"]["participatie.ladder.micro"] == 5
        assert not outside, f"de pagina vroeg iets buiten deze computer op: {outside}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_serve_warns_for_non_local_host():
    from typer.testing import CliRunner

    from reflectie import web
    from reflectie.cli import app

    calls = []
    original = web.serve
    web.serve = lambda host, port: calls.append((host, port))
    try:
        result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--poort", "8123"], env={"COLUMNS": "200"})
    finally:
        web.serve = original
    assert result.exit_code == 0, result.output
    assert "geen wachtwoord" in result.output and calls == [("0.0.0.0", 8123)]
    assert web.is_local("127.0.0.1") and web.is_local("::1") and web.is_local("localhost")
    assert not web.is_local("0.0.0.0") and not web.is_local("192.168.1.5")


def test_offline_template_has_no_outside_links(tmp_path):
    from reflectie.web import offline_templates

    folder = offline_templates(tmp_path / "t")
    page = (folder / "app_index.html").read_text("utf-8")
    assert "googleapis" not in page and "https://" not in page.split("<body")[0]
    assert "textual.js" in page
