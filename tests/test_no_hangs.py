"""Nothing in a folder can make reflectie hang: FIFOs (also behind a link) named *.toml, link loops,
a thousand nested folders, huge lists in an answers file; and quitting during a big load stops it.
The time limits here are generous guards against hanging, never measurements."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reflectie.answersfile import dumps, parse_answers
from reflectie.loading import LoadCancelled, answer_files, collect
from reflectie.model import NA

from .groupdata import person

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")

HANG = 60  # seconds: only a hang comes near this


def team_folder(folder: Path, size: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(size):
        a = person(f"good{i}", scores={"rol.positie.micro": 1 + i % 5})
        (folder / f"good{i}.toml").write_bytes(dumps(a, shared=True))
    return folder


def traps(folder: Path) -> None:
    """A FIFO, a link to a FIFO elsewhere, a link loop and a link to nowhere, all named *.toml."""
    os.mkfifo(folder / "pijp.toml")
    elsewhere = folder.parent / "elders"
    elsewhere.mkdir(exist_ok=True)
    os.mkfifo(elsewhere / "verborgen-pijp")
    (folder / "link-naar-pijp.toml").symlink_to(elsewhere / "verborgen-pijp")
    (folder / "lus.toml").symlink_to(folder / "lus.toml")
    (folder / "weg.toml").symlink_to(folder / "bestaat-niet.toml")
    (folder / "map.toml").mkdir()  # a folder named like a file: walked, not read


def test_rapport_finishes_with_a_dutch_reason_for_every_trap(tmp_path):
    folder = team_folder(tmp_path / "gedeeld")
    traps(folder)
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "reflectie", "rapport", str(folder), "--uit", str(tmp_path / "uit")],
                          capture_output=True, text=True, env=env, timeout=HANG, check=False)
    assert done.returncode == 3, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("Weggelaten")]
    reasons = {line.split("/")[-1].split(" — ")[0]: line.split(" — ")[1] for line in lines}
    assert reasons == {
        "pijp.toml": "geen gewoon bestand (bv. een apparaat of pijp); overgeslagen.",
        "link-naar-pijp.toml": "geen gewoon bestand (bv. een apparaat of pijp); overgeslagen.",
        "lus.toml": "een snelkoppeling die naar zichzelf verwijst (een lus); overgeslagen.",
        "weg.toml": "een snelkoppeling naar een bestand dat niet (meer) bestaat.",
    }
    assert sorted(p.suffix for p in (tmp_path / "uit").iterdir()) == [".csv", ".html", ".md", ".xlsx"]


def test_a_fifo_among_the_question_files_or_as_profile_does_not_block_the_start(tmp_path):
    home = tmp_path / "home"
    (home / "vragen").mkdir(parents=True)
    os.mkfifo(home / "vragen" / "eigen.toml")
    os.mkfifo(home / "profiel.toml")
    env = {**os.environ, "REFLECTIE_HOME": str(home), "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "reflectie", "vragen", "--thema", "rol"], capture_output=True,
                          text=True, env=env, timeout=HANG, check=False)
    assert done.returncode == 0, done.stderr
    assert "eigen.toml: geen gewoon bestand (bv. een apparaat of pijp); overgeslagen." in done.stderr
    from reflectie.profile import load_profile

    profile = load_profile(home / "profiel.toml")
    assert profile is not None and "geen gewoon bestand" in profile.problems[0]


async def test_intervisie_screen_loads_a_folder_with_traps(private_home, tmp_path):
    from reflectie.screens.intervisie import IntervisieScreen

    from .apphelpers import new_app

    folder = team_folder(tmp_path / "gedeeld")
    traps(folder)
    app = new_app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = IntervisieScreen("team", folder=folder)
        app.push_screen(screen)
        for _ in range(HANG * 20):
            await pilot.pause(0.05)
            if screen.comparison is not None:
                break
        assert screen.comparison is not None
        assert sorted(p.path.name for p in screen.comparison.collection.problems) == [
            "link-naar-pijp.toml", "lus.toml", "pijp.toml", "weg.toml"]


async def test_quitting_during_a_load_stops_the_load(private_home, tmp_path, monkeypatch):
    """Ctrl+Q while a big folder loads: the app closes and the loading thread stops reading
    instead of working through the rest of the folder first."""
    from reflectie import loading
    from reflectie.screens.intervisie import IntervisieScreen

    from .apphelpers import new_app

    folder = team_folder(tmp_path / "groot", size=350)
    first_progress = threading.Event()
    read = []
    real_read = loading.read_answers

    def slow_read(path, bank):
        read.append(path)
        if len(read) > 50:
            first_progress.wait(HANG)
            threading.Event().wait(0.01)  # a slow network share
        return real_read(path, bank)

    monkeypatch.setattr(loading, "read_answers", slow_read)
    ended = threading.Event()
    outcome = []
    real_collect = loading.collect

    def watched_collect(*args, **kwargs):
        progress = args[2]

        def spy(done, total):
            first_progress.set()
            progress(done, total)

        try:
            result = real_collect(args[0], args[1], spy)
            outcome.append("klaar")
            return result
        except LoadCancelled:
            outcome.append("gestopt")
            raise
        finally:
            ended.set()

    monkeypatch.setattr("reflectie.screens.intervisie.collect", watched_collect)
    app = new_app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = IntervisieScreen("team", folder=folder)
        app.push_screen(screen)
        for _ in range(HANG * 20):
            await pilot.pause(0.05)
            if first_progress.is_set():
                break
        assert first_progress.is_set()
        await pilot.press("ctrl+q")
    assert ended.wait(HANG), "the loading thread kept running after the app closed"
    assert outcome == ["gestopt"] and len(read) < 350


def test_parallel_load_stops_when_progress_says_so(tmp_path, bank):
    folder = team_folder(tmp_path / "groot", size=1200)
    calls = []

    def progress(done, total):
        calls.append(done)
        raise LoadCancelled

    with pytest.raises(LoadCancelled):
        collect([folder], bank, progress, workers=2)
    assert len(calls) == 1 and calls[0] < 1200  # stopped at the first report; queued chunks cancelled


def test_a_thousand_nested_folders(tmp_path, bank):
    deep = tmp_path / "diep"
    path = deep
    path.mkdir()
    for _ in range(1000):
        path = path / "d"
        path.mkdir()  # one level at a time: pathlib's own mkdir(parents=True) recurses
    try:
        team_folder(path)
        (path / "terug").symlink_to(deep)  # a link back up is not a loop
        files = answer_files([deep])
        assert [f.name for f in files] == ["good0.toml", "good1.toml", "good2.toml"], "files not found"
        collection = collect([deep], bank)
        assert len(collection.answers) == 3 and not collection.problems
    finally:
        # bottom up, without recursion: pytest's own clean-up of old temp folders recurses
        for entry in list(path.iterdir()):
            entry.unlink()
        while path != tmp_path:
            path.rmdir()
            path = path.parent


def test_huge_lists_in_an_answers_file_parse_in_linear_time(bank):
    many = ", ".join(f'"x.item{i}"' for i in range(100_000))
    same = ", ".join(['"rol.niet-weten"'] * 100_000)
    head = ('format = "reflectie-antwoorden"\nversion = 2\n[deelnemer]\nid = "abc"\n[ronde]\nid = "r1"\n'
            'gestart = 2026-01-01\nbijgewerkt = 2026-01-01\n[scores]\n')
    done = threading.Event()
    results = []

    def parse():
        results.append(parse_answers((head + f"nvt = [{many}]\nweetniet = [{same}]\n").encode(), "x.toml", bank))
        done.set()

    threading.Thread(target=parse, daemon=True).start()
    # quadratic membership tests took 82 s here; linear work is well under a second
    assert done.wait(10), "100,000 n.v.t. entries did not parse within 10 s"
    answers = results[0]
    assert len(answers.na) == 100_000 and answers.dont_know == {"rol.niet-weten"}
    assert NA == "nvt" and len(answers.unknown_ids) == 100_000
