"""File primitives: private folders, atomic writes, safe file names, locks. No Textual.

Everything a user keeps is written through ``atomic_write``: a crash, a kill or a full disk leaves
either the old or the new file, never half of one. Every folder the program creates gets an explicit
mode, whatever the umask. The few places where Windows differs (no directory fsync, permissions that
are not POSIX modes, reserved file names) are decided by ``is_windows()``, which tests can replace.
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

_WINDOWS_RESERVED = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10)),
}
_WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def is_windows() -> bool:
    return sys.platform == "win32"


# --- messages ----------------------------------------------------------------------------------


def os_message(exc: OSError, path: Path) -> str:
    """A Dutch sentence for a failed write of ``path`` that says what the user can do."""
    shown = clean_line(str(path))
    folder = clean_line(str(path.parent))
    if exc.errno == errno.ENOSPC:
        return f"De schijf is vol: '{shown}' kon niet bewaard worden. Maak ruimte vrij; je antwoord blijft in het venster staan."
    if exc.errno == getattr(errno, "EDQUOT", -1):
        return f"Je schijfquotum is op: '{shown}' kon niet bewaard worden."
    if exc.errno in (errno.EACCES, errno.EPERM):
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


def _chmod(path: Path, mode: int) -> None:
    """Set POSIX permissions; on Windows a folder's permissions come from its parent (no-op)."""
    if not is_windows():
        os.chmod(path, mode)


def ensure_dir(path: Path, mode: int = DIR_MODE, tighten: bool = True) -> Path:
    """Create ``path`` and its missing parents with ``mode`` (whatever the umask).

    With ``tighten`` an existing ``path`` is set to ``mode`` too; folders the user already had above
    it keep their own permissions. Raises StoreError with a Dutch message.
    """
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
            _chmod(path, mode)
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
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise StoreError(os_message(exc, path)) from exc
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


# --- names -------------------------------------------------------------------------------------


def safe_file_name(stem: str, suffix: str) -> str:
    """A file name every system accepts: no characters Windows refuses, no reserved device names
    (CON, PRN, NUL, COM1 …, also with an extension), no trailing dot or space, within MAX_NAME."""
    stem = _WINDOWS_BAD.sub("-", clean_line(stem)).strip(" .") or "bestand"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    stem = stem[: MAX_NAME - len(suffix)].rstrip(" .")
    return stem + suffix


# --- locks -------------------------------------------------------------------------------------


class Lock:
    """An exclusive lock on a file, held by this process until ``release``.

    A second window (another process) that asks for the same lock gets None from ``try_lock`` and
    works read-only. Built on the ``filelock`` package (fcntl on Linux and macOS, msvcrt on Windows).
    """

    def __init__(self, target: Path):
        from filelock import FileLock

        self.target = target
        self.path = target.parent / f".{target.name}.lock"
        self._lock = FileLock(self.path, mode=FILE_MODE, thread_local=False)

    def acquire(self, timeout: float = 0) -> bool:
        from filelock import Timeout

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
        raise NotReadable(f"kan het bestand niet lezen ({clean_line(exc.strerror or str(exc))}).") from None
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
        raise NotReadable(f"kan het bestand niet lezen ({clean_line(exc.strerror or str(exc))}).") from None
    finally:
        os.close(fd)
