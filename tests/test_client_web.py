"""`reflectie client` started by textual-serve (as `reflectie serve` will for a tablet), in headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import require_tool

ARTEFACTS = Path(__file__).parent / "artefacts"

SERVER = """
import shlex, sys
from pathlib import Path
from textual_serve.server import Server
from reflectie.web import offline_templates

port, templates = int(sys.argv[1]), offline_templates(Path(sys.argv[2]))
command = f"{shlex.quote(sys.executable)} -m reflectie client --ronde 2026-najaar --organisatie O --team T"
Server(command, host="127.0.0.1", port=port, title="reflectie", templates_path=templates).serve()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_client_mode_through_textual_serve_in_chromium(private_home, tmp_path):
    chromium = require_tool("chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("textual_serve")
    port = _free_port()
    env = dict(os.environ, REFLECTIE_HOME=str(private_home))
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port), str(tmp_path / "templates")],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    folder = private_home / "clientstem"
    try:
        end = time.monotonic() + 20
        while time.monotonic() < end:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            page.wait_for_timeout(1500)
            page.locator(".xterm-helper-textarea").focus()
            # the worker starts the mode; a young person takes part and answers by number keys
            for key in ["Enter", "1", "1"] + ["3"] * 11 + ["4", "1"]:
                page.keyboard.press(key)
                page.wait_for_timeout(250)
            end = time.monotonic() + 15
            while time.monotonic() < end and not (folder.exists() and list(folder.glob("*.clientstem"))):
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
