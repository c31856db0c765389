"""Windows branches of the core, exercised on Linux by simulating the platform.

``fileio.is_windows`` decides every Windows branch; these tests switch it on and replace the OS
functions whose behaviour differs there (a folder cannot be opened, chmod means nothing, a file in
use cannot be replaced), and check what the user gets: a saved file or a Dutch message, never a
crash and never a claim that is false on that platform.
"""

from __future__ import annotations

import errno
import ntpath
import os
import stat
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reflectie import fileio, paths
from reflectie.errors import ReflectieError, StoreError

# --- what Windows refuses, written down independently of fileio --------------------------------

RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{dev}{d}" for dev in ("COM", "LPT") for d in "0123456789¹²³"
}
BAD = set('<>:"/\\|?*') | {chr(i) for i in range(32)}


def windows_accepts(name: str) -> bool:
    """Would Windows (Explorer, CreateFile) take ``name`` as a file name?"""
    if not name or len(name) > 255 or name != name.rstrip(" ."):
        return False
    if any(ch in BAD for ch in name):
        return False
    base = name.split(".")[0].rstrip(" ").upper()
    return base not in RESERVED


@pytest.fixture
def windows(monkeypatch):
    """Take the Windows branches. ``is_windows`` reads sys.platform, which is set too; os.name is
    left alone, because pathlib would then make WindowsPath objects, which Linux cannot."""
    import filelock._unix  # noqa: F401  (loaded lazily; load it as Linux before the switch)
    from filelock import FileLock, Timeout  # noqa: F401

    monkeypatch.setattr(sys, "platform", "win32")
    assert fileio.is_windows()


# --- directory fsync ---------------------------------------------------------------------------


def test_no_directory_fsync_on_windows(windows, tmp_path, monkeypatch):
    """Windows cannot open a folder as a file; the write must not try."""
    opened: list[str] = []
    real_open = os.open

    def open_like_windows(path, flags, *args, **kwargs):
        opened.append(str(path))
        if Path(path).is_dir():
            raise PermissionError(errno.EACCES, "Toegang geweigerd", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_like_windows)
    target = tmp_path / "ronde.toml"
    fileio.atomic_write(target, b"inhoud")
    assert target.read_bytes() == b"inhoud"
    assert str(tmp_path) not in opened
    assert not list(tmp_path.glob("*.tmp"))


def test_directory_fsync_refused_elsewhere_is_no_failure(tmp_path, monkeypatch):
    """Some file systems (network shares) refuse fsync on a folder: the file itself is on disk."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        synced.append("file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "ronde.toml"
    fileio.atomic_write(target, b"inhoud")
    assert target.read_bytes() == b"inhoud"
    assert synced == ["file"]


# --- permissions -------------------------------------------------------------------------------


def test_no_chmod_on_windows_and_existing_folders_keep_their_access(windows, tmp_path, monkeypatch):
    existing = tmp_path / "bestaand"
    existing.mkdir()
    existing.chmod(0o755)
    calls: list[str] = []
    monkeypatch.setattr(os, "chmod", lambda *a, **k: calls.append("chmod"))
    monkeypatch.setattr(os, "fchmod", lambda *a, **k: calls.append("fchmod"), raising=False)
    fileio.ensure_dir(existing, fileio.DIR_MODE, tighten=True)
    fileio.ensure_dir(tmp_path / "nieuw" / "dieper")
    fileio.atomic_write(tmp_path / "nieuw" / "a.toml", b"x")
    assert calls == []
    assert existing.stat().st_mode & 0o777 == 0o755  # not tightened, and nothing says it was


def test_chmod_is_used_elsewhere(tmp_path):
    existing = tmp_path / "bestaand"
    existing.mkdir()
    existing.chmod(0o755)
    fileio.ensure_dir(existing, fileio.DIR_MODE, tighten=True)
    assert existing.stat().st_mode & 0o777 == 0o700


def test_paden_makes_no_posix_claim_on_windows(windows):
    from reflectie.cli import app

    result = CliRunner().invoke(app, ["paden"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "0700" not in result.output and "0600" not in result.output
    assert "AppData" in result.output


def test_paden_names_the_modes_elsewhere():
    from reflectie.cli import app

    result = CliRunner().invoke(app, ["paden"], env={"COLUMNS": "200"})
    assert "(0700/0600)" in result.output


# --- file names --------------------------------------------------------------------------------


@pytest.mark.parametrize("stem, expected", [
    ("CON", "_CON.toml"),
    ("con", "_con.toml"),
    ("Nul.tar", "_Nul.tar.toml"),
    ("com1", "_com1.toml"),
    ("LPT9", "_LPT9.toml"),
    ("COM0", "_COM0.toml"),
    ("com¹", "_com¹.toml"),
    ("CONOUT$", "_CONOUT$.toml"),
    ("aux .txt", "_aux .txt.toml"),
    ("PRN. . ", "_PRN.toml"),
    ("rapport. . ", "rapport.toml"),
    ('team<1>: "noord"/zuid\\oost|?*', 'team-1-- -noord--zuid-oost---.toml'),
    ("", "bestand.toml"),
    (" . ", "bestand.toml"),
    ("console", "console.toml"),
    ("com10", "com10.toml"),
])
def test_safe_file_name_avoids_what_windows_refuses(stem, expected):
    name = fileio.safe_file_name(stem, ".toml")
    assert name == expected
    assert windows_accepts(name)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_safe_file_name_always_gives_a_name_windows_accepts(stem):
    name = fileio.safe_file_name(stem, ".toml")
    assert windows_accepts(name), name
    assert len(name) <= fileio.MAX_NAME


def test_a_round_called_con_is_saved_and_read_back(windows, bank):
    from reflectie.session import Session
    from reflectie.store import list_rounds

    session = Session(bank)
    session.open_round("CON")
    session.set_choice("rol.positie.micro", 3)
    session.save()
    assert (paths.answers_dir() / "_con.toml").is_file()
    rounds, problems = list_rounds(bank)
    assert problems == [] and [a.round.id for a in rounds] == ["con"]
    session.close()


# --- path length -------------------------------------------------------------------------------


def test_the_longest_round_label_fits_under_a_normal_data_dir(windows, bank, private_home):
    from reflectie.session import Session

    session = Session(bank)
    answers = session.open_round("Najaar " * 30)  # the label is cut to 60 characters
    session.set_choice("rol.positie.micro", 3)
    session.save()
    assert answers.path is not None and answers.path.is_file()
    temp_name = len(str(answers.path)) + len(".") + len(".12345678.tmp")
    assert temp_name <= fileio.WINDOWS_MAX_PATH
    session.close()


def test_a_too_long_path_gives_a_clear_dutch_message(windows, bank, tmp_path, monkeypatch):
    from reflectie.session import Session

    # the answers folder itself still fits (247), the file with its temporary name does not
    home = tmp_path / ("h" * (fileio.WINDOWS_MAX_DIR - len(str(tmp_path)) - len("/antwoorden") - 2))
    monkeypatch.setenv("REFLECTIE_HOME", str(home))
    assert len(str(paths.answers_dir())) <= fileio.WINDOWS_MAX_DIR
    session = Session(bank)
    with pytest.raises(ReflectieError) as caught:
        session.open_round("2026-najaar")
        session.set_choice("rol.positie.micro", 3)
        session.save()
    message = str(caught.value)
    assert "te lang voor Windows" in message and "REFLECTIE_HOME" in message
    assert not list(paths.answers_dir().glob("*.toml"))
    session.close()


def test_a_too_long_folder_is_refused_before_anything_is_made(windows, tmp_path):
    deep = tmp_path / ("m" * 250) / "antwoorden"
    with pytest.raises(fileio.PathTooLong, match="map"):
        fileio.ensure_dir(deep)
    assert not (tmp_path / ("m" * 250)).exists()


def test_long_paths_are_not_refused_elsewhere(tmp_path):
    folder = tmp_path / ("m" * 200) / ("n" * 100)
    fileio.ensure_dir(folder)
    fileio.atomic_write(folder / "a.toml", b"x")
    assert (folder / "a.toml").read_bytes() == b"x"


# --- a file another program holds open ---------------------------------------------------------


class Busy:
    """os.replace as on Windows while another program holds the target open ``left`` times."""

    def __init__(self, monkeypatch, left: int):
        self.left = left
        self.attempts = 0
        self.real = os.replace
        monkeypatch.setattr(os, "replace", self)

    def __call__(self, src, dst):
        self.attempts += 1
        if self.left > 0:
            self.left -= 1
            raise PermissionError(errno.EACCES, "Het proces heeft geen toegang tot het bestand", str(dst))
        self.real(src, dst)


def test_replace_is_retried_while_another_program_has_the_file(windows, tmp_path, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(fileio.time, "sleep", waits.append)
    busy = Busy(monkeypatch, 2)
    target = tmp_path / "ronde.toml"
    target.write_bytes(b"oud")
    fileio.atomic_write(target, b"nieuw")
    assert target.read_bytes() == b"nieuw"
    assert busy.attempts == 3 and len(waits) == 2
    assert not list(tmp_path.glob(".*.tmp"))


def test_replace_gives_up_with_a_dutch_message(windows, tmp_path, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(fileio.time, "sleep", waits.append)
    busy = Busy(monkeypatch, 1000)
    target = tmp_path / "ronde.toml"
    target.write_bytes(b"oud")
    with pytest.raises(StoreError) as caught:
        fileio.atomic_write(target, b"nieuw")
    assert "open in een ander programma" in str(caught.value)
    assert busy.attempts == fileio.REPLACE_TRIES
    assert sum(waits) < 2  # briefly: the person is waiting for an answer to be saved
    assert target.read_bytes() == b"oud"
    assert not list(tmp_path.glob(".*.tmp"))


def test_no_retry_where_permission_denied_means_no_permission(tmp_path, monkeypatch):
    monkeypatch.setattr(fileio.time, "sleep", lambda s: pytest.fail("no waiting on Linux"))
    busy = Busy(monkeypatch, 1000)
    with pytest.raises(StoreError, match="Geen toelating"):
        fileio.atomic_write(tmp_path / "ronde.toml", b"nieuw")
    assert busy.attempts == 1


def test_a_save_that_meets_a_file_in_use_keeps_the_answer(windows, bank, monkeypatch):
    """The app's save path: the answer stays in memory and the next save writes it."""
    from reflectie.answersfile import read_answers
    from reflectie.session import Session

    monkeypatch.setattr(fileio.time, "sleep", lambda s: None)
    session = Session(bank)
    session.open_round("2026-najaar")
    session.set_choice("rol.positie.micro", 2)
    session.save()
    busy = Busy(monkeypatch, 1000)
    session.set_choice("rol.positie.micro", 5)
    with pytest.raises(StoreError, match="ander programma"):
        session.save()
    assert session.unsaved and session.answers.scores["rol.positie.micro"] == 5
    path = session.answers.path
    assert read_answers(path, bank).scores["rol.positie.micro"] == 2
    busy.left = 0  # the other program let go
    session.save()
    assert not session.unsaved
    assert read_answers(path, bank).scores["rol.positie.micro"] == 5
    session.close()


def test_windows_message_for_access_denied_names_the_likely_causes(windows, tmp_path):
    message = fileio.os_message(PermissionError(errno.EACCES, "Access is denied"), tmp_path / "x.toml")
    assert "open in een ander programma" in message and "alleen-lezen" in message
    assert "Access" not in message


# --- locks -------------------------------------------------------------------------------------


def test_lock_is_a_separate_private_file_so_the_target_can_be_replaced(tmp_path):
    target = tmp_path / "ronde.toml"
    lock = fileio.try_lock(target)
    assert lock is not None and lock.path != target and lock.path.parent == target.parent
    fileio.atomic_write(target, b"nieuw")  # Windows cannot replace a file that is itself locked
    assert target.read_bytes() == b"nieuw"
    assert lock.path.stat().st_mode & 0o777 == 0o600  # owner-only; on Windows: owner-only ACL
    lock.release()


def test_lock_does_not_need_its_file_to_stay_after_release(tmp_path):
    """Windows removes the lock file on release; Linux keeps it. Both must work the same."""
    target = tmp_path / "ronde.toml"
    first = fileio.try_lock(target)
    assert first is not None
    assert fileio.try_lock(target) is None  # a second window works read-only
    first.release()
    first.path.unlink(missing_ok=True)  # as Windows does
    second = fileio.try_lock(target)
    assert second is not None and second.held
    assert fileio.try_lock(target) is None
    second.release()


def test_a_lock_path_too_long_for_windows_is_refused_in_dutch(windows, tmp_path):
    target = tmp_path / ("r" * (fileio.WINDOWS_MAX_PATH - len(str(tmp_path)) - 3))
    with pytest.raises(StoreError, match="te lang voor Windows"):
        fileio.Lock(target).acquire()


# --- data folder -------------------------------------------------------------------------------


def test_data_dir_on_windows_is_local_appdata_reflectie(monkeypatch):
    import platformdirs
    import platformdirs.windows as pd_windows

    folders = {"CSIDL_LOCAL_APPDATA": r"C:\Users\Sara\AppData\Local",
               "CSIDL_APPDATA": r"C:\Users\Sara\AppData\Roaming",
               "CSIDL_PERSONAL": r"C:\Users\Sara\Documents"}
    monkeypatch.setattr(pd_windows, "get_win_folder", folders.__getitem__)
    monkeypatch.setattr(pd_windows, "os", types.SimpleNamespace(path=ntpath, environ=os.environ))
    monkeypatch.setattr(platformdirs, "PlatformDirs", pd_windows.Windows)
    monkeypatch.delenv("REFLECTIE_HOME")
    monkeypatch.delenv("REFLECTIE_EXPORTMAP")
    assert str(paths.data_dir()) == r"C:\Users\Sara\AppData\Local\reflectie"
    assert str(paths.default_export_dir()).startswith(r"C:\Users\Sara\Documents")


def test_a_quoted_reflectie_home_is_used_without_its_quotes(monkeypatch, tmp_path):
    monkeypatch.setenv("REFLECTIE_HOME", f'"{tmp_path / "mijn map"}"')
    assert paths.data_dir() == tmp_path / "mijn map"


# --- keys that Windows Terminal and the Windows console pass through -----------------------------

# Swallowed by Windows Terminal's default key bindings (defaults.json and the settings every new
# user gets: copy ctrl+c with a selection, paste ctrl+v), or by the console host (alt+enter, f11).
WINDOWS_TERMINAL_KEYS = {
    "alt+f4", "alt+enter", "f11", "alt+space", "menu", "ctrl+comma", "ctrl+shift+comma",
    "ctrl+alt+comma", "ctrl+shift+full_stop", "ctrl+tab", "ctrl+shift+tab", "ctrl+insert",
    "shift+insert", "ctrl+v", "ctrl+plus", "ctrl+minus", "ctrl+equals_sign", "ctrl+0",
    "alt+left", "alt+right", "alt+up", "alt+down", "ctrl+alt+left",
    "ctrl+shift+up", "ctrl+shift+down", "ctrl+shift+pageup", "ctrl+shift+pagedown",
    "ctrl+shift+home", "ctrl+shift+end",
}
# Keys a terminal cannot tell apart from another one (the same byte) or cannot send at all.
INDISTINCT_KEYS = {
    "ctrl+space", "ctrl+at", "ctrl+2", "ctrl+h", "ctrl+i", "ctrl+m", "ctrl+j",
    "ctrl+left_square_bracket", "ctrl+slash", "ctrl+backspace", "ctrl+full_stop",
    *(f"ctrl+{d}" for d in "13456789"),
}


def _unsafe_on_windows(key: str) -> str | None:
    if key in WINDOWS_TERMINAL_KEYS:
        return "Windows Terminal gebruikt die toets zelf"
    if key in INDISTINCT_KEYS:
        return "een terminal kan die toets niet onderscheiden of niet versturen"
    parts = key.split("+")
    if parts[:2] == ["ctrl", "shift"] and len(parts) == 3 and len(parts[2]) == 1:
        return "ctrl+shift+letter bestaat niet in de terminal (en Windows Terminal gebruikt er veel)"
    if parts[:2] in (["alt", "shift"], ["ctrl", "alt"]):
        return "alt+shift en ctrl+alt (AltGr op een Belgisch toetsenbord) zijn niet veilig"
    return None


def reflectie_bindings() -> list[tuple[str, str]]:
    """(where, key) of every key binding of the app, its screens and its widgets."""
    import importlib
    import inspect

    from textual.binding import Binding

    from reflectie.app import ReflectieApp

    found = [("ReflectieApp.COMMAND_PALETTE_BINDING", ReflectieApp.COMMAND_PALETTE_BINDING)]
    root = Path(fileio.__file__).parent
    modules = ["reflectie.app"] + [f"reflectie.{folder}.{p.stem}" for folder in ("screens", "widgets")
                                   for p in sorted((root / folder).glob("*.py")) if p.stem != "__init__"]
    for name in modules:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != name:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                keys = binding.key if isinstance(binding, Binding) else binding[0]
                found += [(f"{name}.{cls.__name__}", key.strip()) for key in keys.split(",")]
    return found


def test_every_key_binding_reaches_the_app_on_windows():
    bindings = reflectie_bindings()
    assert ("reflectie.screens.questionnaire.QuestionnaireScreen", "ctrl+s") in bindings
    problems = [f"{where}: {key} ({reason})" for where, key in bindings
                if (reason := _unsafe_on_windows(key))]
    assert problems == []


@pytest.mark.parametrize("key", ["f11", "alt+enter", "ctrl+space", "ctrl+h", "ctrl+shift+s",
                                 "ctrl+alt+e", "alt+left", "ctrl+v"])
def test_the_windows_key_check_knows_the_swallowed_keys(key):
    assert _unsafe_on_windows(key)
