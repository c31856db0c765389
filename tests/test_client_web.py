"""`reflectie client` served like `reflectie serve` serves the app (for a tablet), in headless
Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import require_tool

ARTEFACTS = Path(__file__).parent / "artefacts"

SERVER = """
from reflectie.web import ReflectieServer, app_command, bind, new_secret

# what `reflectie serve` does, with the client mode as the app: `app_command("client", ...)`
sockets = bind("127.0.0.1", 0)
secret = new_secret()
print(f"http://127.0.0.1:{sockets[0].getsockname()[1]}/{secret}/", flush=True)
command = app_command("client", "--ronde", "2026-najaar", "--organisatie", "O", "--team", "T")
ReflectieServer(command, secret, sockets=sockets).serve()
"""


def test_client_mode_through_textual_serve_in_chromium(private_home, tmp_path):
    chromium = require_tool("chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("textual_serve")
    env = dict(os.environ, REFLECTIE_HOME=str(private_home))
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    folder = private_home / "clientstem"
    try:
        assert server.stdout is not None
        address = server.stdout.readline().strip()
        assert address.startswith("http://127.0.0.1:"), address
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.goto(address)
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            page.wait_for_timeout(1500)
            page.locator(".xterm-helper-textarea").focus()
            # the worker starts the mode; a young person takes part and answers by number keys
            for key in ["Enter", "1", "1"] + ["3"] * 11 + ["4", "1"]:
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
            browser.close()
        files = list(folder.glob("*.clientstem"))
        assert len(files) == 1
        text = files[0].read_text("utf-8")
        assert 'wie = "jongere"' in text and '"client.ladder" = 4' in text
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
