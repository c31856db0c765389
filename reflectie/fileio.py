"""File primitives: private folders, atomic writes, safe file names, locks. No Textual.

Everything a user keeps is written through ``atomic_write``: a crash, a kill or a full disk leaves
either the old or the new file, never half of one. Every folder the program creates gets an explicit
mode, whatever the umask. The places where Windows differs are decided by ``is_windows()``, which
tests replace to exercise them on Linux:

- a folder cannot be opened to fsync it, so the rename is not made durable that way;
- permissions are not POSIX modes: ``chmod`` only sets the read-only flag, so nothing is
  chmodded and nothing claims to be. A folder made with mode 0700 gets an owner-only ACL from
  Python itself (3.11.10 and later); an existing folder keeps the access list it inherits;
- some names are devices (CON, NUL, COM1 …, also with an extension) and some characters are refused;
- programs (Explorer, Office, OneDrive) handle paths of at most 259 characters, folders 247;
- a file that another program has open (a virus scanner, OneDrive, Excel) cannot be replaced for a
  moment: the replace is retried briefly before the user is told.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import sys
import time
from pathlib import Path

from reflectie.clean import clean_line
from reflectie.errors import StoreError

DIR_MODE = 0o700  # the person's own data, exports and reports
SHARED_DIR_MODE = 0o755  # a folder for shared answers files: others may read, not write
FILE_MODE = 0o600
SHARED_FILE_MODE = 0o644
TMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 600
MAX_NAME = 120  # characters in a file name we make; Windows allows 255, and paths of 260 in all
WINDOWS_MAX_PATH = 259  # characters in a full file path (MAX_PATH 260 with its closing NUL)
WINDOWS_MAX_DIR = 247  # a folder leaves room for an 8.3 name (MAX_PATH - 12, with its NUL)
_TEMP_EXTRA = len(".") + len(".12345678") + len(TMP_SUFFIX)  # the temp name beside a target
REPLACE_TRIES = 6  # attempts to replace a file another program holds open (Windows)
REPLACE_WAIT = 0.05  # seconds before the second attempt, doubled each time (1.55 s in all)

# Device names Windows refuses as a file name, also with an extension ("nul.txt") or trailing
# spaces; the superscript digits count as digits there.
_WINDOWS_RESERVED = {
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
    *(f"{dev}{d}" for dev in ("COM", "LPT") for d in "0123456789\u00b9\u00b2\u00b3"),
}
_WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def is_windows() -> bool:
    return sys.platform == "win32"


class PathTooLong(StoreError):
    """A path Windows (or the programs on it) cannot handle; the message says what to shorten."""


# --- messages ----------------------------------------------------------------------------------


def os_message(exc: OSError, path: Path) -> str:
    """A Dutch sentence for a failed write of ``path`` that says what the user can do."""
    shown = clean_line(str(path))
    folder = clean_line(str(path.parent))
    if exc.errno == errno.ENOSPC:
        return (f"De schijf is vol: '{shown}' kon niet bewaard worden. "
                "Maak ruimte vrij; je antwoord blijft in het venster staan.")
    if exc.errno == getattr(errno, "EDQUOT", -1):
        return f"Je schijfquotum is op: '{shown}' kon niet bewaard worden."
    if exc.errno in (errno.EACCES, errno.EPERM):
        if is_windows():  # Windows says 'access denied' for a file in use and a read-only file too
            return (f"Windows weigert '{shown}': het bestand is open in een ander programma "
                    "(bv. Excel, Kladblok, OneDrive of een virusscanner), staat op alleen-lezen, "
                    f"of je hebt geen toelating in '{folder}'. Sluit het bestand daar, of kies een "
                    "andere map.")
        return f"Geen toelating om te schrijven in '{folder}'. Kies een andere map of vraag toegang."
    if exc.errno == errno.EROFS:
        return f"De map '{folder}' is alleen-lezen. Kies een andere map."
    if exc.errno == errno.ENOENT:
        return f"De map '{folder}' bestaat niet (meer)."
    if exc.errno == errno.ENOTDIR:
        return f"'{folder}' is geen map. Kies een map."
    if exc.errno == errno.ENAMETOOLONG:
        return f"Het pad '{shown}' is te lang. Kies een kortere map."
    return f"Bewaren van '{shown}' mislukt: {clean_line(exc.strerror or str(exc))}."


# --- folders -----------------------------------------------------------------------------------


def check_path_length(path: Path, folder: bool = False, extra: int = 0) -> None:
    """On Windows, refuse a path that is too long before anything is created (PathTooLong).

    ``extra`` is room the write needs beyond ``path`` (the temporary file beside it). Windows would
    otherwise answer 'path not found', which reads as if the folder were missing; and Explorer,
    Office and OneDrive cannot open longer paths even where Windows allows them.
    """
    if not is_windows():
        return
    limit = WINDOWS_MAX_DIR if folder else WINDOWS_MAX_PATH - extra
    length = len(os.path.abspath(path))
    if length > limit:
        what = "map" if folder else "bestand"
        raise PathTooLong(
            f"Het pad van het {what} '{clean_line(str(path))}' is te lang voor Windows: {length} "
            f"tekens, en er mogen er hoogstens {limit} zijn. Kies een map die minder diep ligt "
            f"(of een kortere REFLECTIE_HOME), of een korter label voor de ronde."
        )


def _chmod(path: Path, mode: int) -> None:
    """Set POSIX permissions. On Windows ``chmod`` only toggles the read-only flag, so it is left
    alone: a folder made with 0700 is already owner-only there, an existing one keeps its ACL."""
    if not is_windows():
        os.chmod(path, mode)


def ensure_dir(path: Path, mode: int = DIR_MODE, tighten: bool = True) -> Path:
    """Create ``path`` and its missing parents with ``mode`` (whatever the umask).

    With ``tighten`` an existing ``path`` is set to ``mode`` too; folders the user already had above
    it keep their own permissions. Raises StoreError with a Dutch message.
    """
    check_path_length(path, folder=True)
    try:
        missing = []
        probe = path
        while not probe.exists():
            missing.append(probe)
            if probe.parent == probe:
                break
            probe = probe.parent
        for folder in reversed(missing):
            folder.mkdir(mode=mode, exist_ok=True)
            _chmod(folder, mode)
        if not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "geen map", str(path))
        if tighten and not missing and not is_windows() and (path.stat().st_mode & 0o777) != mode:
            _chmod(path, mode)  # on Windows nothing is tightened, and nothing says it was
    except OSError as exc:
        raise StoreError(os_message(exc, path / "x")) from exc
    return path


def ensure_private_dir(path: Path) -> Path:
    """``path`` as a private folder (0700). Under the data dir, the data dir itself is kept 0700 too."""
    from reflectie import paths

    ensure_dir(path, DIR_MODE)
    home = paths.data_dir()
    if home in path.parents:
        ensure_dir(home, DIR_MODE)
    return path


# --- writing -----------------------------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable. Windows cannot open a folder for this; some file systems
    refuse it; the file's own data is on disk either way."""
    if is_windows():
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(target: Path) -> int:
    """Remove temp files of ``target`` left by a crash or kill (older than ten minutes)."""
    removed = 0
    limit = time.time() - STALE_TEMP_SECONDS
    try:
        candidates = list(target.parent.glob(f".{glob_escape(target.name)}.*{TMP_SUFFIX}"))
    except OSError:
        return 0
    for tmp in candidates:
        try:
            if tmp.stat().st_mtime < limit:
                tmp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def atomic_write(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the temporary
    file then replaces the target in one step. Temp files of earlier crashes are cleaned up.
    """
    folder = path.parent
    check_path_length(path, extra=_TEMP_EXTRA)
    remove_stale_temps(path)
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}{TMP_SUFFIX}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        try:
            if not is_windows():
                os.fchmod(fd, mode)  # the umask must not loosen it
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace(tmp, path)
    except FileInUse as exc:
        _discard(tmp)
        raise StoreError(str(exc)) from exc.__cause__
    except OSError as exc:
        _discard(tmp)
        raise StoreError(os_message(exc, path)) from exc
    except BaseException:
        _discard(tmp)
        raise
    _fsync_dir(folder)


class FileInUse(Exception):
    """The target stayed in use by another program (Windows); ``str()`` is the Dutch message."""


def _replace(tmp: Path, path: Path) -> None:
    """``os.replace``, retried on Windows while another program holds ``path`` open.

    Windows refuses to replace a file that a virus scanner, a sync client (OneDrive) or an editor
    has open (PermissionError, 'access denied' or 'sharing violation'); such a hold usually lasts a
    moment. Elsewhere a PermissionError means no permission, and retrying would not help.
    """
    if not is_windows():
        os.replace(tmp, path)
        return
    wait = REPLACE_WAIT
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError as exc:
            if attempt == REPLACE_TRIES - 1:
                shown = clean_line(str(path))
                raise FileInUse(
                    f"'{shown}' kon niet vervangen worden: het is open in een ander programma "
                    "(bv. Excel, Kladblok, OneDrive of een virusscanner) of staat op alleen-lezen. "
                    "Sluit het daar en probeer opnieuw; er is niets verloren."
                ) from exc
            time.sleep(wait)
            wait *= 2


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


# --- names -------------------------------------------------------------------------------------


def safe_file_name(stem: str, suffix: str) -> str:
    """A file name every system accepts: no characters Windows refuses, no reserved device names
    (CON, PRN, NUL, COM1 …, also with an extension), no trailing dot or space, within MAX_NAME."""
    stem = _WINDOWS_BAD.sub("-", clean_line(stem)).strip(" .") or "bestand"
    if stem.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    stem = stem[: MAX_NAME - len(suffix)].rstrip(" .")
    return stem + suffix


# --- locks -------------------------------------------------------------------------------------


class Lock:
    """An exclusive lock on a file, held by this process until ``release``.

    A second window (another process) that asks for the same lock gets None from ``try_lock`` and
    works read-only. Built on the ``filelock`` package (flock on Linux and macOS, LockFileEx on
    Windows). What it relies on holds on both: the lock is a separate file beside the target (a
    locked file cannot be replaced on Windows, the target must stay free for ``os.replace``); the
    lock file may or may not remain after release (Windows removes it); only ``acquire`` with a
    timeout, ``release`` and ``is_locked`` are used; mode 0600 gives an owner-only lock file there.
    """

    def __init__(self, target: Path):
        from filelock import FileLock

        self.target = target
        self.path = target.parent / f".{target.name}.lock"
        self._lock = FileLock(self.path, mode=FILE_MODE, thread_local=False)

    def acquire(self, timeout: float = 0) -> bool:
        from filelock import Timeout

        check_path_length(self.path)
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout:
            return False
        except OSError as exc:
            raise StoreError(os_message(exc, self.path)) from exc
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked


def try_lock(target: Path, timeout: float = 0) -> Lock | None:
    """The lock of ``target`` when no other process holds it, else None."""
    lock = Lock(target)
    return lock if lock.acquire(timeout) else None


# --- reading -----------------------------------------------------------------------------------


class NotReadable(Exception):
    """A file that cannot be read as data; ``reason`` is Dutch."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` (at most ``limit`` + 1), only if it is a regular file.

    A FIFO, socket or device (also behind a symlink) is refused at once instead of blocking: the
    file is opened without waiting and checked on its open descriptor, so swapping it between a
    check and the open changes nothing.
    """
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        if is_windows() and not stat.S_ISREG(os.stat(path).st_mode):
            raise NotReadable("geen gewoon bestand (bv. een apparaat of pijp); overgeslagen.")
        fd = os.open(path, flags)
    except NotReadable:
        raise
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise NotReadable("een snelkoppeling naar een bestand dat niet (meer) bestaat.") from None
        raise NotReadable(_read_reason(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotReadable("geen gewoon bestand (bv. een apparaat of pijp); overgeslagen.")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise NotReadable(_read_reason(exc)) from None
    finally:
        os.close(fd)


def _read_reason(exc: OSError) -> str:
    """Why a file could not be read, in Dutch (Windows reports a folder and a file in use as
    EACCES too)."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        if is_windows():
            return ("kan het bestand niet lezen: het is een map, het is open in een programma dat "
                    "het afschermt, of je hebt geen toelating.")
        return "kan het bestand niet lezen: geen toelating."
    reasons = {
        errno.EISDIR: "een map, geen bestand.",
        errno.ELOOP: "een snelkoppeling die naar zichzelf verwijst (een lus); overgeslagen.",
        errno.ENOENT: "het bestand bestaat niet (meer).",
        errno.ENXIO: "geen gewoon bestand (bv. een apparaat of pijp); overgeslagen.",
        errno.EIO: "de schijf gaf een leesfout. Kopieer het bestand opnieuw.",
    }
    fallback = f"kan het bestand niet lezen ({clean_line(exc.strerror or str(exc))})."
    return reasons.get(exc.errno, fallback) if exc.errno is not None else fallback
