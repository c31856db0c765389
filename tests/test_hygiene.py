"""Forgery and hygiene: a file from the future is refused, two files of one pseudonym are a conflict
told on the terminal only, every writer cleans what a killed writer left, and every folder the app
makes has its own mode whatever the umask."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reflectie.answersfile import dumps
from reflectie.cli import app as cli
from reflectie.loading import collect
from reflectie.model import Answers, Participant, RoundInfo

from .apphelpers import welcomed_profile

ITEM = "rol.positie.micro"
DAY = datetime(2026, 10, 1, 10, tzinfo=UTC)


def shared_file(folder: Path, name: str, pid: str, value: int, updated: datetime, revision: int = 1,
                installation: str = "inst01", team: str = "Team Noord") -> Path:
    a = Answers(Participant(pid, "", "CAW Oost", team), RoundInfo("2026-najaar", DAY, updated, revision),
                scores={ITEM: value}, installation=installation)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(dumps(a, shared=True))
    return path


def team(folder: Path) -> None:
    for i, value in enumerate((3, 4, 2)):
        shared_file(folder, f"reflectie-2026-najaar-lid{i}-inst0{i}.toml", f"lid{i}", value, DAY,
                    installation=f"inst0{i}")


# --- forgery ---------------------------------------------------------------------------------------


def test_a_colleagues_pseudonym_with_a_date_in_the_future_is_refused(tmp_path, bank):
    folder = tmp_path / "gedeeld"
    team(folder)
    shared_file(folder, "reflectie-2026-najaar-kolle1-inst09.toml", "kolle1", 2, DAY, installation="inst09")
    forged = shared_file(folder, "kopie.toml", "kolle1", 5, DAY, revision=99, installation="inst09")
    forged.write_text(forged.read_text("utf-8").replace("bijgewerkt = 2026-10-01", "bijgewerkt = 9999-12-31"), "utf-8")
    also = shared_file(folder, "kopie2.toml", "kolle1", 5, DAY, installation="inst09")
    also.write_text(also.read_text("utf-8").replace("gestart = 2026-10-01", "gestart = 2999-01-01"), "utf-8")
    collection = collect([folder], bank)
    reasons = {p.path.name: p.reason for p in collection.problems}
    assert reasons == {
        "kopie.toml": "ronde.bijgewerkt (31/12/9999) ligt in de toekomst; zo'n bestand wordt niet vertrouwd.",
        "kopie2.toml": "ronde.gestart (01/01/2999) ligt in de toekomst; zo'n bestand wordt niet vertrouwd.",
    }
    colleague = next(a for a in collection.answers if a.participant.id == "kolle1")
    assert colleague.scores[ITEM] == 2 and collection.duplicates == 0
    result = CliRunner().invoke(cli, ["rapport", str(folder), "--uit", str(tmp_path / "uit"), "--formaat", "csv"],
                                env={"COLUMNS": "400"})
    assert result.exit_code == 3
    assert "kopie.toml — ronde.bijgewerkt (31/12/9999) ligt in de toekomst" in result.output


def test_two_files_of_one_pseudonym_are_a_conflict_told_on_the_terminal_only(tmp_path):
    folder = tmp_path / "gedeeld"
    team(folder)
    shared_file(folder, "reflectie-2026-najaar-lid0-laptop.toml", "lid0", 5, DAY + timedelta(hours=2),
                installation="laptop")
    shared_file(folder, "Sara Janssens (laptop thuis).toml", "lid1", 1, DAY + timedelta(hours=3),
                installation="thuis1")
    out = tmp_path / "uit"
    result = CliRunner().invoke(cli, ["rapport", str(folder), "--uit", str(out)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    conflicts = [line for line in result.output.replace("\n", " ").split("Conflict: ")[1:]]
    assert len(conflicts) == 2
    assert "lid0" in conflicts[0] and "reflectie-2026-najaar-lid0-laptop.toml" in conflicts[0]
    assert "Sara Janssens (laptop thuis).toml" in conflicts[1] and "vervalst" in conflicts[1]
    for path in out.iterdir():
        content = path.read_bytes()
        if path.suffix == ".xlsx":
            import zipfile

            with zipfile.ZipFile(path) as book:
                content = b"".join(book.read(name) for name in book.namelist())
        for secret in (b"lid0", b"lid1", b"laptop", b"Sara", b"Janssens", b"Conflict", b"conflict", b"kopie"):
            assert secret not in content, (path.name, secret)
    report = (out / "rapport-team-2026-najaar.md").read_text("utf-8")
    assert "3 deelnemers in 1 getoonde groep" in report  # the newest file of each person, counted once


# --- leftovers of a killed writer ------------------------------------------------------------------

STALE = time.time() - 3600


def _leave_temps(target: Path) -> tuple[Path, Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    stale = target.parent / f".{target.name}.dead0001.tmp"
    fresh = target.parent / f".{target.name}.live0001.tmp"  # another writer, busy right now
    for tmp in (stale, fresh):
        tmp.write_bytes(b"half")
    os.utime(stale, (STALE, STALE))
    return stale, fresh


def _write(writer: str, tmp_path: Path) -> Path:
    """Do one write of ``writer``; return the file it wrote (call once before to learn its path)."""
    from reflectie import paths
    from reflectie.compare import compare
    from reflectie.report.group import write_reports
    from reflectie.session import Session

    session = Session()
    if writer == "profiel":
        session.update_profile(team="Team Zuid")
        return paths.profile_path()
    session.open_round("2026-najaar")
    answers = session.answers
    session.set_choice(ITEM, 3 if answers.scores.get(ITEM) != 3 else 4)  # a change, so a write
    session.save()
    if writer == "antwoorden":
        return session.answers.path
    if writer == "gedeeld":
        return session.share(tmp_path / "teammap")
    if writer == "export":
        return session.export(tmp_path / "exports", "md")
    folder = tmp_path / "gedeeld"
    team(folder)
    comparison = compare(collect([folder], session.bank), session.bank, "team")
    return write_reports(comparison, tmp_path / "rapporten", ("md",))[0]


@pytest.mark.parametrize("writer", ["antwoorden", "profiel", "gedeeld", "export", "rapport"])
def test_every_writer_cleans_the_temp_files_of_a_killed_writer(private_home, tmp_path, writer):
    welcomed_profile()
    target = _write(writer, tmp_path)
    stale, fresh = _leave_temps(target)
    assert _write(writer, tmp_path) == target
    assert not stale.exists(), f"{writer}: a temp file of a killed writer stayed"
    assert fresh.exists(), f"{writer}: the temp file of a writer at work was removed"
    assert [p.name for p in target.parent.glob(f".{target.name}.*.tmp")] == [fresh.name]


def test_a_writer_killed_in_the_middle_leaves_the_old_file_and_a_temp_that_the_next_save_removes(
        private_home, tmp_path):
    from reflectie.answersfile import read_answers
    from reflectie.session import Session

    welcomed_profile()
    session = Session()
    session.open_round("2026-najaar")
    session.set_choice(ITEM, 2)
    session.save()
    path = session.answers.path
    session.close()
    script = textwrap.dedent(f"""
        import os, sys, threading
        from reflectie.session import Session
        real_replace = os.replace
        def stuck(src, dst):
            print("TMP", src, flush=True)
            threading.Event().wait()  # killed here: after the temp file is written, before the rename
        os.replace = stuck
        s = Session()
        s.open_round("2026-najaar")
        s.set_choice({ITEM!r}, 5)
        s.save()
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ)
    line = process.stdout.readline()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(30)
    tmp = Path(line.split(" ", 1)[1].strip())
    assert tmp.exists() and tmp.name.startswith(f".{path.name}.") and tmp.suffix == ".tmp"
    assert read_answers(path).scores[ITEM] == 2  # the old file, whole
    os.utime(tmp, (STALE, STALE))  # ten minutes later
    session = Session()
    session.open_round("2026-najaar")
    session.set_choice(ITEM, 4)
    session.save()
    assert not tmp.exists() and read_answers(path).scores[ITEM] == 4


# --- modes whatever the umask ----------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_every_folder_the_app_creates_has_its_own_mode_under_umask_000(tmp_path):
    root = tmp_path / "wereld"
    root.mkdir()
    script = textwrap.dedent(f"""
        import os
        os.umask(0)
        from pathlib import Path
        from reflectie import paths
        from reflectie.bank import default_bank
        from reflectie.compare import compare
        from reflectie.demo import write_demo
        from reflectie.loading import collect
        from reflectie.report.group import write_reports
        from reflectie.session import Session
        root = Path({str(root)!r})
        s = Session()
        s.update_profile(name="Sara", organisation="CAW Oost", team="Team Noord", welcomed=True)
        s.open_round("2026-najaar")
        s.set_choice("rol.positie.micro", 3)
        s.save()
        s.share(root / "team" / "gedeeld" / "nieuw")
        s.export(paths.default_export_dir(), "html")
        s.export(root / "usb" / "exports", "md")
        demo = write_demo(default_bank(), paths.demo_dir(), 12)
        comparison = compare(collect([paths.demo_dir()], default_bank()), default_bank(), "organisatie")
        write_reports(comparison, root / "rapporten" / "2026" / "najaar", ("md", "csv"))
        s.close()
    """)
    env = {**os.environ, "REFLECTIE_HOME": str(root / "home" / "reflectie"),
           "REFLECTIE_EXPORTMAP": str(root / "documenten" / "reflectie")}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    shared = {root / "team", root / "team" / "gedeeld", root / "team" / "gedeeld" / "nieuw"}
    seen = 0
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder) / name
            mode = stat.S_IMODE(path.lstat().st_mode)
            assert mode == (0o755 if path in shared else 0o700), f"{path.relative_to(root)}: {oct(mode)}"
            seen += 1
        for name in files:
            path = Path(folder) / name
            mode = stat.S_IMODE(path.lstat().st_mode)
            expected = 0o644 if Path(folder) in shared else 0o600
            assert mode == expected, f"{path.relative_to(root)}: {oct(mode)}"
            seen += 1
    assert seen > 20


@pytest.mark.parametrize("minimum", ["2", "1", "0", "-5"])
def test_a_minimum_group_below_three_is_refused(tmp_path, minimum):
    folder = tmp_path / "gedeeld"
    team(folder)
    result = CliRunner().invoke(cli, ["rapport", str(folder), "--min-groep", minimum, "--uit", str(tmp_path / "uit")],
                                env={"COLUMNS": "400"})
    assert result.exit_code == 2 and "minstens 3" in result.output
    assert not (tmp_path / "uit").exists()
