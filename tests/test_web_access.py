"""Who `reflectie serve` admits: the secret address, the websocket Origin, the session cap.

These tests run the real ReflectieServer in-process; each session starts a tiny stand-in for the
app (below) that speaks textual-serve's protocol and leaves a file per process, so the number of
app processes that were started can be counted.
"""

from __future__ import annotations

import asyncio
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from reflectie import web

SECRET = web.new_secret()

# textual-serve waits for __GANGLION__, then reads packets: type byte, 4-byte length, payload
FAKE_APP = """
import json, os, sys
from pathlib import Path
Path(sys.argv[1], f"{os.getpid()}.started").write_text("")
out = sys.stdout.buffer
out.write(b"__GANGLION__\\n")
text = "Welkom bij de nep-app".encode()
out.write(b"D" + len(text).to_bytes(4, "big") + text)
out.flush()
stdin = sys.stdin.buffer
while True:
    head = stdin.read(5)
    if len(head) < 5:
        break
    body = stdin.read(int.from_bytes(head[1:], "big"))
    if head[:1] == b"M" and json.loads(body).get("type") == "quit":
        break
"""


@pytest.fixture
def fake_app(tmp_path) -> tuple[list[str], Path]:
    folder = tmp_path / "map met spatie"  # no shell in between: a space in a path is harmless
    folder.mkdir()
    (folder / "app.py").write_text(FAKE_APP, "utf-8")
    started = tmp_path / "gestart"
    started.mkdir()
    return [sys.executable, str(folder / "app.py"), str(started)], started


def started_count(folder: Path) -> int:
    return len(list(folder.glob("*.started")))


async def client_for(server) -> TestClient:
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    return client


def origin(client: TestClient) -> str:
    return f"http://{client.host}:{client.port}"


async def close_all(client: TestClient, server, sockets=()) -> None:
    """Close the sessions and wait until their app processes have ended, then stop the server."""
    for ws in sockets:
        await ws.close()
    for _ in range(400):
        if server.live == 0:
            break
        await asyncio.sleep(0.05)
    await client.close()
    assert server.live == 0


async def open_session(client: TestClient) -> tuple[aiohttp.ClientWebSocketResponse, object]:
    """A websocket as the page opens it, and the first message the server sends on it."""
    ws = await client.ws_connect(f"/{SECRET}/ws?width=80&height=24",
                                 headers={"Origin": origin(client)})
    message = await ws.receive(timeout=20)
    return ws, message


async def test_without_the_secret_everything_is_refused(fake_app):
    command, started = fake_app
    server = web.ReflectieServer(command, SECRET)
    client = await client_for(server)
    wrong = web.new_secret()
    try:
        for path in ("/", "/ws", "/static/js/textual.js", "/favicon.ico", f"/{wrong}/",
                     f"/{wrong}/ws", f"/{wrong}/static/js/textual.js", f"/{SECRET[:-1]}/",
                     f"/{SECRET}x/", "/download/0123456789abcdef0123456789abcdef"):
            response = await client.get(path)
            assert response.status == 403, path
            assert "Geen toegang" in await response.text(), path
        for path in ("/ws", f"/{wrong}/ws"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(path, headers={"Origin": origin(client)})
            assert refused.value.status == 403
        # the holder of the address gets the page and what it needs
        page = await client.get(f"/{SECRET}/")
        assert page.status == 200 and "textual-terminal" in await page.text()
        for asset in ("js/textual.js", "css/xterm.css", "fonts/RobotoMono-VariableFont_wght.ttf"):
            assert (await client.get(f"/{SECRET}/static/{asset}")).status == 200, asset
        assert (await client.get(f"/{SECRET}/static/../server.py")).status in (403, 404)
        bare = await client.get(f"/{SECRET}", allow_redirects=False)
        assert bare.status == 302 and bare.headers["Location"] == f"/{SECRET}/"
        assert started_count(started) == 0
    finally:
        await close_all(client, server)


async def test_websocket_from_another_origin_is_refused(fake_app):
    command, started = fake_app
    server = web.ReflectieServer(command, SECRET)
    client = await client_for(server)
    opened = []
    try:
        for headers in ({"Origin": "http://evil.example"},
                        {"Origin": f"http://{client.host}:{client.port + 1}"},
                        {"Origin": f"https://{client.host}:{client.port}"},
                        {"Origin": "null"},
                        {}):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(f"/{SECRET}/ws", headers=headers)
            assert refused.value.status == 403, headers
        assert started_count(started) == 0
        ws, first = await open_session(client)
        opened.append(ws)
        assert first.type == aiohttp.WSMsgType.BINARY and b"Welkom" in first.data
        assert started_count(started) == 1
    finally:
        await close_all(client, server, opened)


async def test_fifth_session_gets_the_dutch_message_and_no_process(fake_app):
    command, started = fake_app
    server = web.ReflectieServer(command, SECRET, max_sessions=4)
    server.slot_grace = 0.1  # how long a full server waits before it says so
    client = await client_for(server)
    opened = []
    try:
        sessions = [await open_session(client) for _ in range(4)]
        opened += [ws for ws, _ in sessions]
        assert all(b"Welkom" in message.data for _, message in sessions)
        # the fifth page's websocket sends the browser to the Dutch message
        ws, message = await open_session(client)
        opened.append(ws)
        assert message.type == aiohttp.WSMsgType.TEXT
        assert message.json() == ["open_url", {"url": f"/{SECRET}/vol", "new_tab": False}]
        closed = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert (await ws.receive(timeout=5)).type in closed
        full = await (await client.get(f"/{SECRET}/vol")).text()
        assert "Te veel vensters" in full and "al in 4 vensters" in full
        assert started_count(started) == 4
        # a session that ends makes room again, also for a websocket that comes while its app is
        # still quitting (a reloaded page)
        await sessions[0][0].close()
        ws, message = await open_session(client)
        opened.append(ws)
        assert b"Welkom" in message.data and started_count(started) == 5
    finally:
        await close_all(client, server, opened)


async def test_ten_connections_at_once_start_four_processes(fake_app):
    command, started = fake_app
    server = web.ReflectieServer(command, SECRET, max_sessions=4)
    server.slot_grace = 0.1  # how long a full server waits before it says so
    client = await client_for(server)
    sessions = []
    try:
        sessions = await asyncio.gather(*(open_session(client) for _ in range(10)))
        admitted = [m for _, m in sessions if m.type == aiohttp.WSMsgType.BINARY]
        sent_away = [m for _, m in sessions if m.type == aiohttp.WSMsgType.TEXT]
        assert len(admitted) == 4 and len(sent_away) == 6
        assert all(m.json()[0] == "open_url" for m in sent_away)
        assert started_count(started) == 4 and server.live == 4
    finally:
        await close_all(client, server, [ws for ws, _ in sessions])


async def test_websocket_address_follows_the_host_the_browser_used(fake_app):
    command, _ = fake_app
    server = web.ReflectieServer(command, SECRET)
    client = await client_for(server)
    try:
        page = await client.get(f"/{SECRET}/", headers={"Host": "192.168.1.20:8000"})
        text = await page.text()
        assert f'data-session-websocket-url="ws://192.168.1.20:8000/{SECRET}/ws"' in text
        assert f"connect-src 'self' ws://192.168.1.20:8000/{SECRET}/ws;" in page.headers[
            "Content-Security-Policy"]
        bad = await client.get(f"/{SECRET}/", headers={"Host": 'x"><script>alert(1)</script>'})
        assert bad.status == 400
    finally:
        await close_all(client, server)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.inline_scripts = 0
        self._in_style = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value or "" for name, value in attrs if name in ("href", "src", "action")]
        self._in_style = tag == "style"
        self._in_script = tag == "script" and not dict(attrs).get("src")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        if self._in_script and data.strip():
            self.inline_scripts += 1


async def test_page_contacts_nothing_outside_this_computer(fake_app):
    """Every address in the page stays on this server; the policy header lets nothing else in."""
    import re

    command, _ = fake_app
    server = web.ReflectieServer(command, SECRET, max_sessions=1)
    client = await client_for(server)
    try:
        for path in (f"/{SECRET}/", f"/{SECRET}/vol"):
            response = await client.get(path)
            links = _Links()
            links.feed(await response.text())
            urls = links.urls + [u for s in links.styles for u in re.findall(r"url\(([^)]*)\)", s)]
            for url in urls:
                url = url.strip("\"' ")
                assert url.startswith(("/", "./", "data:")), (path, url)
                assert not url.startswith("//"), (path, url)
            assert links.inline_scripts == 0
            policy = response.headers["Content-Security-Policy"]
            assert "default-src 'none'" in policy and "script-src 'self';" in policy
            assert "http" not in policy.replace(f"ws://{client.host}:{client.port}", "")
        page_urls = _Links()
        page_urls.feed(await (await client.get(f"/{SECRET}/")).text())
        assert f"/{SECRET}/static/js/textual.js" in page_urls.urls
    finally:
        await close_all(client, server)


def test_app_command_runs_this_reflectie_also_when_frozen(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert web.app_command() == [sys.executable, "-m", "reflectie"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", r"C:\Program Files\reflectie\reflectie.exe")
    assert web.app_command() == [r"C:\Program Files\reflectie\reflectie.exe"]
    assert web.app_command("--x") == [r"C:\Program Files\reflectie\reflectie.exe", "--x"]


def test_addresses_for_other_computers(monkeypatch):
    monkeypatch.setattr(web, "lan_addresses", lambda families=None: ["192.168.1.20", "10.0.0.7"])
    there, here = web.served_addresses("0.0.0.0", 8000, "geheim")
    assert there == ["http://192.168.1.20:8000/geheim/", "http://10.0.0.7:8000/geheim/"]
    assert here == "http://127.0.0.1:8000/geheim/"
    assert web.served_addresses("127.0.0.1", 8000, "geheim") == (
        ["http://127.0.0.1:8000/geheim/"], None)
    assert web.served_addresses("fe80::1", 80, "g")[0] == ["http://[fe80::1]:80/g/"]
    # the real lookup gives only addresses another computer could use
    monkeypatch.undo()
    for address in web.lan_addresses():
        assert web._usable(address) and address != "0.0.0.0"


def test_secret_is_long_and_random():
    secrets = {web.new_secret() for _ in range(100)}
    assert len(secrets) == 100
    assert all(len(s) * 6 >= 128 for s in secrets)


def test_port_in_use_is_a_dutch_error():
    first = web.bind("127.0.0.1", 0)
    try:
        port = first[0].getsockname()[1]
        with pytest.raises(web.ServeError, match="al in gebruik"):
            web.bind("127.0.0.1", port)
    finally:
        for sock in first:
            sock.close()
