"""Try a built single-file program the way a user would, on any system (Linux, macOS, Windows).

    python packaging/smoke.py dist/reflectie        (dist\\reflectie.exe on Windows)

Uses only the standard library and its own temporary folder, never a real data folder. Checks:
`--versie` and `--help`; `demo` writes answers files; `rapport` writes md, html, csv and xlsx;
the app starts and draws its welcome screen (Textual's headless driver saves a screenshot and
stops, so no terminal is needed); the app runs with Textual's web driver, as in each browser
session of `serve`; `serve` answers with the page and textual-serve's own files.
Exits 0 when all of it worked, 1 with the reason otherwise. The GitHub workflow runs it on each
system; tests/test_build.py runs it on Linux.
"""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
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
    for suffix in ("md", "html", "csv", "xlsx"):
        report = reports / f"rapport-team.{suffix}"
        if not report.is_file() or report.stat().st_size == 0:
            raise SmokeError(f"rapport schreef {report.name} niet")
    if "<table" not in (reports / "rapport-team.html").read_text("utf-8"):
        raise SmokeError("het HTML-rapport bevat geen tabel")
    with zipfile.ZipFile(reports / "rapport-team.xlsx") as book:
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


def check_web_app(program: Path, work: Path, env: dict[str, str]) -> None:
    """The app as `serve` starts it for a browser: Textual's web driver, talking over pipes."""
    output = work / "web-app.out"
    app_env = dict(env, COLUMNS="120", ROWS="40",
                   TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver")
    with open(output, "wb") as sink:
        app = subprocess.Popen([str(program)], env=app_env, stdin=subprocess.PIPE,
                               stdout=sink, stderr=subprocess.STDOUT)
        try:
            end = time.monotonic() + 60
            while time.monotonic() < end and app.poll() is None:
                if b"Welkom bij reflectie" in output.read_bytes():
                    return
                time.sleep(0.3)
            shown = output.read_bytes().decode("utf-8", "replace")[-3000:]
            raise SmokeError(f"de app toonde met de webdriver geen startscherm:\n{shown}")
        finally:
            assert app.stdin is not None
            app.stdin.close()
            stop(app)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # only 127.0.0.1
        return response.read()


def check_serve(program: Path, work: Path, env: dict[str, str]) -> None:
    port = free_port()
    log = work / "serve.log"
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen([str(program), "serve", "--poort", str(port)], env=env,
                                  stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            page = b""
            end = time.monotonic() + 60
            while time.monotonic() < end and not page:
                if server.poll() is not None:
                    break
                try:
                    page = fetch(f"http://127.0.0.1:{port}/")
                except OSError:
                    time.sleep(0.3)
            if not page:
                raise SmokeError(f"serve antwoordde niet:\n{log.read_text('utf-8', 'replace')}")
            if b"textual.js" not in page:
                raise SmokeError("de pagina van serve laadt textual.js niet")
            if len(fetch(f"http://127.0.0.1:{port}/static/js/textual.js")) < 10_000:
                raise SmokeError("serve gaf textual.js niet: textual-serve's bestanden ontbreken")
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
        steps = [("opdrachtregel", check_cli), ("app", check_app),
                 ("app voor de browser", check_web_app), ("serve", check_serve)]
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
