"""Nothing lost: kills during saves, full and read-only disks, several writers in one shared folder."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from reflectie.answersfile import read_answers
from reflectie.errors import StoreError
from reflectie.fileio import atomic_write
from reflectie.loading import collect
from reflectie.model import Participant, TextAnswer
from reflectie.store import list_rounds, new_answers, save_answers, write_shared

KILLS = 200
CTX = multiprocessing.get_context("fork")


def _versioned(version: int):
    """An answers file whose every part says which version it is, so a mix would show."""
    answers = new_answers(Participant("kill01", "", "Org", "Team", ""), "2026-najaar")
    answers.scores["rol.positie.micro"] = version % 5 + 1
    answers.scores["participatie.ladder.micro"] = version % 6 + 1
    answers.texts["rol.micro.1"] = TextAnswer(f"versie {version} " + "x" * (version % 997) * 7, share=True)
    answers.texts["rol.micro.2"] = TextAnswer(f"versie {version}", discuss=True)
    return answers


def _check_version(answers) -> int:
    version = int(answers.texts["rol.micro.2"].text.split()[1])
    assert answers.scores["rol.positie.micro"] == version % 5 + 1
    assert answers.scores["participatie.ladder.micro"] == version % 6 + 1
    assert answers.texts["rol.micro.1"].text == f"versie {version} " + "x" * (version % 997) * 7
    return version


def _save_loop(target: str, start: int) -> None:
    version = start
    while True:
        version += 1
        save_answers(_versioned(version), Path(target))


def test_sigkill_during_saves_never_leaves_a_broken_file(private_home, bank):
    target = private_home / "antwoorden" / "2026-najaar.toml"
    save_answers(_versioned(0), target)
    rng = random.Random(7)
    last = 0
    progressed = 0
    for _kill in range(KILLS):
        child = CTX.Process(target=_save_loop, args=(str(target), last * 1000))
        child.start()
        time.sleep(rng.uniform(0.002, 0.03))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        answers = read_answers(target, bank)  # never a mix, never empty
        version = _check_version(answers)
        if version != last:
            progressed += 1
        last = max(last, version // 1000 + 1) if version else last + 1
    assert progressed > KILLS // 2  # the kills really hit saves in progress, not idle processes
    rounds, problems = list_rounds(bank)
    assert [r.round.id for r in rounds] == ["2026-najaar"] and not problems
    assert all(p.name == "2026-najaar.toml" or p.name.endswith(".tmp") for p in target.parent.iterdir())


def _shared_writer(folder: str, pid: str, host: str, rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    # two processes may play two installations (computers) of one person
    answers = new_answers(Participant(pid, "", "Org", "Team", ""), "2026-najaar", installation=host)
    for i in range(rounds):
        answers.scores["rol.positie.micro"] = rng.randint(1, 5)
        answers.texts["rol.micro.1"] = TextAnswer(f"{pid} op {host}, keer {i} " + "y" * rng.randint(0, 5000),
                                                  share=True)
        answers.round.revision = i * seed
        write_shared(answers, Path(folder))


def test_many_writers_in_one_shared_folder(tmp_path, bank):
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    writers = [("pers01", "aaaa", 1), ("pers02", "bbbb", 2), ("pers03", "cccc", 3), ("pers04", "dddd", 4),
               ("pers05", "eeee", 5), ("pers05", "ffff", 6)]  # pers05 works on two computers
    processes = [CTX.Process(target=_shared_writer, args=(str(folder), pid, host, 60, seed))
                 for pid, host, seed in writers]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
        assert p.exitcode == 0
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 6 and not any(name.endswith(".tmp") for name in files)
    collection = collect([folder], bank)
    assert not collection.problems
    assert sorted(a.participant.id for a in collection.answers) == ["pers01", "pers02", "pers03", "pers04", "pers05"]
    kept = next(a for a in collection.answers if a.participant.id == "pers05")
    assert kept.texts["rol.micro.1"].text.startswith("pers05 op ffff, keer 59")  # highest revision
    assert len(collection.diagnostics) == 1 and "pers05" in collection.diagnostics[0]
    assert collection.diagnostics[0].startswith("Conflict")


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                            capture_output=True)
    return result.returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "klein"
    if os.geteuid() != 0 or not _tmpfs(mount, "48k"):
        pytest.skip("kan geen kleine schijf (tmpfs) aankoppelen op deze machine")
    yield mount
    _umount(mount)


def test_full_disk_keeps_previous_file_and_says_so(small_disk, bank):
    target = small_disk / "2026-najaar.toml"
    answers = _versioned(1)
    save_answers(answers, target)
    answers.texts["rol.micro.3"] = TextAnswer("z" * 200_000)  # does not fit on this disk
    with pytest.raises(StoreError) as info:
        save_answers(answers, target)
    assert "De schijf is vol" in str(info.value)
    assert _check_version(read_answers(target, bank)) == 1  # the earlier file is intact
    assert sorted(p.name for p in small_disk.iterdir()) == ["2026-najaar.toml"]  # no half temp file


def test_read_only_disk(small_disk, bank):
    target = small_disk / "2026-najaar.toml"
    save_answers(_versioned(2), target)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(StoreError) as info:
        save_answers(_versioned(3), target)
    assert "alleen-lezen" in str(info.value)
    assert _check_version(read_answers(target, bank)) == 2


@pytest.mark.parametrize(("errno_", "words"), [(13, "Geen toelating"), (30, "alleen-lezen"), (28, "De schijf is vol")])
def test_os_errors_become_dutch_messages(tmp_path, monkeypatch, errno_, words):
    target = tmp_path / "x.toml"
    atomic_write(target, b"OUD")
    real_open = os.open

    def refuse(path, flags, mode=0o777, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise OSError(errno_, os.strerror(errno_))
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StoreError) as info:
        atomic_write(target, b"NIEUW")
    monkeypatch.undo()
    assert words in str(info.value)
    assert target.read_bytes() == b"OUD"


async def test_app_full_disk_keeps_answer_and_saves_later(private_home, bank, tmp_path):
    """In the app: the save fails on a full disk, the answer stays, and the next save writes it."""
    if os.geteuid() != 0:
        pytest.skip("vereist root voor tmpfs")
    home = tmp_path / "volle-schijf"
    if not _tmpfs(home, "64k"):
        pytest.skip("kan geen tmpfs aankoppelen")
    try:
        os.environ["REFLECTIE_HOME"] = str(home)
        from .apphelpers import new_app

        app = new_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter")  # rol, micro
            await pilot.pause()
            filler = home / "vulling"
            filler.write_bytes(b"0" * 60_000)  # the disk is now (nearly) full
            await pilot.press("2")  # the theme opens on rol.positie.micro: 2
            await pilot.pause()
            assert app.session.unsaved and "De schijf is vol" in (app.session.last_error or "")
            assert app.session.answers.scores["rol.positie.micro"] == 2
            filler.unlink()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not app.session.unsaved
        assert read_answers(home / "antwoorden" / "2026-najaar.toml", bank).scores["rol.positie.micro"] == 2
    finally:
        _umount(home)
