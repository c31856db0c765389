"""`reflectie serve` in headless Chromium: the printed address opens the app, which takes keys."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .apphelpers import welcomed_profile
from .conftest import require_tool

ARTEFACTS = Path(__file__).parent / "artefacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def start_server(home: Path, *args: str) -> tuple[subprocess.Popen, str, list[str]]:
    """`reflectie serve` on a free port; the address it prints and (growing) all it printed."""
    env = dict(os.environ, REFLECTIE_HOME=str(home))
    server = subprocess.Popen([sys.executable, "-m", "reflectie", "serve", "--poort", "0", *args],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    printed: list[str] = []

    def read() -> None:  # keep draining, so the server never blocks on a full pipe
        assert server.stdout is not None
        for line in server.stdout:
            printed.append(line)
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    end = time.monotonic() + 20
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if server.poll() is not None:
                break
            continue
        if found := re.search(r"http://\S+/", line):
            return server, found.group(0), printed
    stop_server(server)
    raise AssertionError(f"de server toonde geen adres: {''.join(printed)!r}")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def test_serve_in_headless_chromium(private_home):
    chromium = require_tool("chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    welcomed_profile("2026-najaar")
    server, address, printed = start_server(private_home, "--max-sessies", "1")
    origin = re.match(r"http://[^/]+", address).group(0)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{32}/", address), address
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            outside: list[str] = []
            refused: list[str] = []
            ours = (origin + "/", "ws://" + origin.removeprefix("http://") + "/", "data:")
            page.on("request", lambda r: None if r.url.startswith(ours) else outside.append(r.url))
            page.on("console", lambda m: refused.append(m.text)
                    if "Content Security Policy" in m.text else None)
            page.goto(address)
            # textual-serve marks the page once the app's first output arrived; the terminal is a
            # canvas, so what the app did is checked in the answers file it writes
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            page.wait_for_timeout(1500)
            page.locator(".xterm-helper-textarea").focus()  # a click would choose a menu item
            answers_file = private_home / "antwoorden" / "2026-najaar.toml"
            # the theme opens on its first open question (the ladder): 5 chooses level 5
            steps = (["Enter"], ["ArrowDown", "Enter"], ["5"])
            for keys in steps:
                for key in keys:
                    page.keyboard.press(key)
                    page.wait_for_timeout(250)
                page.wait_for_timeout(700)
            end = time.monotonic() + 15
            while time.monotonic() < end and not answers_file.exists():
                time.sleep(0.2)
            ARTEFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTEFACTS / "serve.png"))
            # a second window while the first session lives: the cap (1 here) shows a Dutch message
            second = browser.new_page(viewport={"width": 1000, "height": 600})
            second.goto(address)
            message = second.locator("#vol").inner_text()
            second.screenshot(path=str(ARTEFACTS / "serve-vol.png"))
            # without the secret: refused
            stranger = browser.new_page()
            denied = stranger.goto(origin + "/")
            denied_text = stranger.inner_text("body")
            browser.close()
        import tomllib

        scores = tomllib.loads(answers_file.read_text("utf-8"))["scores"]
        assert scores["participatie.ladder.micro"] == 5
        assert not outside, f"de pagina vroeg iets buiten deze computer op: {outside}"
        assert not refused, f"de pagina botste op haar eigen beveiligingsbeleid: {refused}"
        assert "al in 1 venster tegelijk open" in " ".join(message.split())
        assert denied is not None and denied.status == 403 and "Geen toegang" in denied_text
    finally:
        stop_server(server)
    assert "Serving" not in "".join(printed)  # textual-serve's English banner stays out


def test_serve_warns_for_non_local_host(monkeypatch):
    from typer.testing import CliRunner

    from reflectie import web
    from reflectie.cli import app

    calls = []

    def fake_serve(host, port, max_sessions, announce, command=None):
        calls.append((host, port, max_sessions))
        assert command is None  # the app itself
        announce(["http://192.168.1.20:8123/geheim/", "http://10.0.0.7:8123/geheim/"],
                 "http://127.0.0.1:8123/geheim/")

    monkeypatch.setattr(web, "serve", fake_serve)
    arguments = ["serve", "--host", "0.0.0.0", "--poort", "8123", "--max-sessies", "2"]
    result = CliRunner().invoke(app, arguments, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Let op:" in result.output and "niet versleuteld" in result.output
    assert calls == [("0.0.0.0", 8123, 2)]
    for address in ("http://192.168.1.20:8123/geheim/", "http://10.0.0.7:8123/geheim/",
                    "Op deze computer zelf: http://127.0.0.1:8123/geheim/"):
        assert address in result.output
    assert "hoogstens 2 vensters" in result.output
    assert web.is_local("127.0.0.1") and web.is_local("::1") and web.is_local("localhost")
    assert not web.is_local("0.0.0.0") and not web.is_local("192.168.1.5")


def test_serve_without_network_address_says_what_to_do(monkeypatch):
    from typer.testing import CliRunner

    from reflectie import web
    from reflectie.cli import app

    monkeypatch.setattr(web, "serve", lambda host, port, max_sessions, announce, command=None: announce(
        [], "http://127.0.0.1:8000/geheim/"))
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "geen netwerkadres" in result.output and "ipconfig" in result.output


def test_serve_port_in_use_is_a_dutch_error():
    from typer.testing import CliRunner

    from reflectie import web
    from reflectie.cli import app

    taken = web.bind("127.0.0.1", 0)
    try:
        port = taken[0].getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--poort", str(port)], env={"COLUMNS": "200"})
    finally:
        for sock in taken:
            sock.close()
    assert result.exit_code == 1
    assert f"poort {port} is al in gebruik" in result.output and "Traceback" not in result.output
