"""Try a built single-file program the way a user would, on any system (Linux, macOS, Windows).

    python packaging/smoke.py dist/reflectie        (dist\\reflectie.exe on Windows)

Uses only the standard library and its own temporary folder, never a real data folder. Checks:
`--versie` and `--help`; `demo` writes answers files; `rapport` writes md, html, csv and xlsx;
the app starts and draws its welcome screen (Textual's headless driver saves a screenshot and
stops, so no terminal is needed); `serve` answers on the secret address it prints with the page
and textual-serve's script, and a browser session over its websocket shows the app (the program
starts itself for it, with Textual's web driver).
Exits 0 when all of it worked, 1 with the reason otherwise. The GitHub workflow runs it on each
system; tests/test_build.py runs it on Linux.
"""

from __future__ import annotations

import base64
import html
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path


class SmokeError(Exception):
    pass


def run(program: Path, args: list[str], env: dict[str, str], expect: int = 0) -> str:
    result = subprocess.run([str(program), *args], check=False, env=env, capture_output=True,
                            text=True, encoding="utf-8", errors="replace", timeout=120,
                            stdin=subprocess.DEVNULL)
    if result.returncode != expect:
        raise SmokeError(f"`reflectie {' '.join(args)}` eindigde met code {result.returncode} "
                         f"(verwacht {expect}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def check_cli(program: Path, work: Path, env: dict[str, str]) -> None:
    version = run(program, ["--versie"], env)
    if not version.startswith("reflectie "):
        raise SmokeError(f"--versie toonde geen versie: {version!r}")
    helptext = run(program, ["--help"], env)
    for command in ("vragen", "demo", "rapport", "serve"):
        if command not in helptext:
            raise SmokeError(f"--help noemt de opdracht '{command}' niet:\n{helptext}")
    demo = work / "demo"
    run(program, ["demo", "--aantal", "60", "--uit", str(demo)], env)
    written = sorted(demo.rglob("*.toml"))
    if len(written) != 60:
        raise SmokeError(f"demo schreef {len(written)} bestanden in plaats van 60")
    reports = work / "rapporten"
    run(program, ["rapport", str(demo), "--uit", str(reports)], env)
    written = {}
    for suffix in ("md", "html", "csv", "xlsx"):
        found = sorted(reports.glob(f"rapport-team*.{suffix}"))
        if len(found) != 1 or found[0].stat().st_size == 0:
            raise SmokeError(f"rapport schreef geen .{suffix}-rapport: {sorted(reports.iterdir())}")
        written[suffix] = found[0]
    if "<table" not in written["html"].read_text("utf-8"):
        raise SmokeError("het HTML-rapport bevat geen tabel")
    with zipfile.ZipFile(written["xlsx"]) as book:
        if "xl/workbook.xml" not in book.namelist():
            raise SmokeError("het XLSX-rapport is geen werkmap")


def screen_text(svg: str) -> str:
    """The characters of a Textual SVG screenshot, one <text> element after the other."""
    return "".join(html.unescape(part) for part in re.findall(r">([^<>]*)</text>", svg))


def check_app(program: Path, work: Path, env: dict[str, str]) -> None:
    shots = work / "schermen"
    shots.mkdir()
    app_env = dict(env, COLUMNS="120", LINES="40",
                   TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver",
                   TEXTUAL_SCREENSHOT="2", TEXTUAL_SCREENSHOT_LOCATION=str(shots),
                   TEXTUAL_SCREENSHOT_FILENAME="start.svg")
    run(program, [], app_env)
    shot = shots / "start.svg"
    if not shot.is_file():
        raise SmokeError("de app maakte geen schermafdruk: ze startte niet of stopte te vroeg")
    text = re.sub(r"\s+", " ", screen_text(shot.read_text("utf-8")))
    for expected in ("Welkom bij reflectie", "Je profiel"):
        if expected not in text:
            raise SmokeError(f"'{expected}' staat niet op het startscherm:\n{text}")


def stop(process: subprocess.Popen) -> None:
    """End a started program and what it started (the single-file program runs as two processes)."""
    if process.poll() is None:
        if os.name == "nt":
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(process.pid)], check=False,
                           capture_output=True)
        else:
            process.terminate()  # the program's first process passes this on to the second
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # only 127.0.0.1
        return response.read()


def read_frames(sock: socket.socket, seconds: float, enough: bytes) -> bytes:
    """What a websocket server sends (its frames are not masked), until `enough` arrived."""
    received = b""
    buffer = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end and enough not in received:
        sock.settimeout(max(0.1, end - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        buffer += chunk
        while len(buffer) >= 2:
            opcode, length, start = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
            if length == 126:
                if len(buffer) < 4:
                    break
                length, start = int.from_bytes(buffer[2:4], "big"), 4
            elif length == 127:
                if len(buffer) < 10:
                    break
                length, start = int.from_bytes(buffer[2:10], "big"), 10
            if len(buffer) < start + length:
                break
            if opcode in (0, 1, 2):  # continuation, text, binary
                received += buffer[start:start + length]
            elif opcode == 8:  # close
                return received
            buffer = buffer[start + length:]
    return received


def browser_session(address: str) -> bytes:
    """Open the app's websocket as the page does, and return what the app shows first."""
    url = urllib.parse.urlsplit(address)
    host = f"{url.hostname}:{url.port}"
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET {url.path}ws?width=120&height=40 HTTP/1.1\r\nHost: {host}\r\n"
               f"Origin: http://{host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(1)
            if not chunk:
                break
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            raise SmokeError(f"de server opende geen websocket: {head.decode('latin-1')!r}")
        return read_frames(sock, 60, b"Welkom bij reflectie")


def check_serve(program: Path, work: Path, env: dict[str, str]) -> None:
    """`reflectie serve`: the secret address it prints gives the page, textual-serve's files and,
    over the websocket, a session of the app (the program starts itself for it)."""
    log = work / "serve.log"
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen([str(program), "serve", "--poort", "0"], env=env,
                                  stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            address = None
            end = time.monotonic() + 60
            while time.monotonic() < end and server.poll() is None and address is None:
                found = re.search(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]+/",
                                  log.read_text("utf-8", "replace"))
                address = found.group(0) if found else None
                time.sleep(0.2)
            if address is None:
                raise SmokeError(f"serve toonde geen adres:\n{log.read_text('utf-8', 'replace')}")
            page = fetch(address).decode("utf-8", "replace")
            scripts = re.findall(r'src="([^"]+\.js)"', page)
            if not scripts:
                raise SmokeError(f"de pagina van serve laadt geen script:\n{page[:2000]}")
            script = urllib.parse.urljoin(address, scripts[0])
            if len(fetch(script)) < 10_000:
                raise SmokeError(f"serve gaf {script} niet: textual-serve's bestanden ontbreken")
            shown = browser_session(address)
            if b"Welkom bij reflectie" not in shown:
                text = shown.decode("utf-8", "replace")[-2000:]
                raise SmokeError(f"de app verscheen niet in de browsersessie:\n{text}\n"
                                 f"{log.read_text('utf-8', 'replace')}")
        finally:
            stop(server)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    # a Windows console or pipe may not know every character the program prints
    sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    program = Path(argv[1]).resolve()
    if not program.is_file():
        print(f"Het programma {program} bestaat niet. Bouw het eerst met packaging/build.sh.")
        return 1
    # on Windows a program that was just stopped may hold its files a moment longer
    with tempfile.TemporaryDirectory(prefix="reflectie-smoke-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        env = dict(os.environ, REFLECTIE_HOME=str(work / "home"), NO_COLOR="1")
        env.pop("PYTHONPATH", None)
        env.pop("PYTHONHOME", None)
        steps = [("opdrachtregel", check_cli), ("app", check_app), ("serve", check_serve)]
        for name, step in steps:
            started = time.monotonic()
            try:
                step(program, work, env)
            except (SmokeError, subprocess.TimeoutExpired, OSError) as exc:
                print(f"MISLUKT  {name}: {exc}")
                return 1
            print(f"ok       {name} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
