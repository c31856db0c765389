"""Loading a folder of answers files: walk, read, validate, keep the newest per person and round.

No Textual. The walk never recurses (deep folder trees are fine), never follows a folder link into
a loop, and the reader opens only regular files (a FIFO or device is refused at once). A file that
cannot be used is reported with a Dutch reason and the others load. Which files were duplicates or
conflicts, and under which pseudonym, are diagnostics for the terminal only: reports never show them.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reflectie.answersfile import read_answers
from reflectie.clean import clean_line
from reflectie.dutch import count
from reflectie.errors import AnswersFileError
from reflectie.model import Answers, Bank

Progress = Callable[[int, int], None]


class LoadCancelled(Exception):
    """Raised by a progress callback to stop loading (the app is closing, or the screen left)."""


@dataclass(frozen=True)
class LoadProblem:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{clean_line(self.path.name)}: {self.reason}"

    @property
    def line(self) -> str:
        """The whole path and the reason on one line (a file name can hold a line break, which
        printed a fake status line of its own)."""
        return f"{clean_line(str(self.path))} — {clean_line(self.reason)}"


@dataclass
class Collection:
    answers: list[Answers]  # one per person and round: the newest file
    problems: list[LoadProblem]  # files that could not be used, with the reason
    files_seen: int
    duplicates: int = 0  # older or conflicting copies that were not used
    diagnostics: list[str] = field(default_factory=list)  # terminal only: names files and pseudonyms

    @property
    def clean(self) -> bool:
        return not self.problems


def answer_files(folders: Iterable[Path], suffix: str = ".toml") -> list[Path]:
    """Every ``*.toml`` (or ``*<suffix>``) below the folders; hidden files and folders (and temp
    files) skipped. A file given directly is taken whatever its name.

    Walks with an explicit stack, so a thousand nested folders cost nothing special, and remembers
    the folders it entered, so a link back to a parent is not a loop.
    """
    found: set[Path] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for top in folders:
        top = Path(top)
        try:
            info = top.stat()
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            found.add(top)
            continue
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                info = folder.stat()
                key = (info.st_dev, info.st_ino)
                if key in seen_dirs:
                    continue
                seen_dirs.add(key)
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()  # follows links; a link to a FIFO is not a dir
                except OSError:
                    is_dir = False
                if is_dir:
                    stack.append(Path(entry.path))
                elif entry.name.endswith(suffix):
                    found.add(Path(entry.path))  # a broken link or FIFO is reported by the reader
    return sorted(found)


# Reading happens in one process by default. Measured on a 2-core machine (benchmarks/run.py)
# with the fast reader, helper processes never paid off: a file costs ~0.16 ms to read and check,
# and sending the result back from a helper (pickling, unpickling) costs ~0.09 ms of it again, so
# two helpers used ~40% more processor time and were as fast or slower from 100 up to 10,000 files
# (and inside the app they had to be spawned). ``collect(workers=n)`` still reads in n helpers.
CHUNK = 200

_worker_bank: Bank | None = None


def _init_worker(bank: Bank) -> None:
    global _worker_bank
    _worker_bank = bank


def _load_chunk(paths: list[Path]) -> tuple[list[Answers], list[LoadProblem]]:
    """Read a chunk of files in a helper process (runs with the bank the parent sent)."""
    assert _worker_bank is not None
    return _read_files(paths, _worker_bank, None, 0, 0)


def _read_files(
    paths: list[Path], bank: Bank, progress: Progress | None, done: int, total: int
) -> tuple[list[Answers], list[LoadProblem]]:
    loaded: list[Answers] = []
    problems: list[LoadProblem] = []
    for index, path in enumerate(paths, 1):
        try:
            loaded.append(read_answers(path, bank))
        except AnswersFileError as exc:
            problems.append(LoadProblem(path, exc.reason))
        if progress is not None and (index % 50 == 0 or index == len(paths)):
            progress(done + index, total)
    return loaded, problems


def _start_resource_tracker() -> None:
    """Python's helper for process locks passes on our stderr; inside the app, Textual has
    replaced stderr by an object without a real file descriptor, so start it with the real one."""
    import sys
    from multiprocessing import resource_tracker

    saved = sys.stderr
    try:
        try:
            usable = saved is not None and saved.fileno() >= 0
        except (AttributeError, OSError, ValueError):
            usable = False
        if not usable and sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def _read_parallel(
    files: list[Path], bank: Bank, progress: Progress | None, workers: int
) -> tuple[list[Answers], list[LoadProblem]]:
    """Parse in helper processes: both cores work, and the app's own thread keeps the interpreter
    free to answer key presses (a parsing thread would hold Python's lock most of the time)."""
    import multiprocessing
    import threading
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # fork starts helpers at once, but is only safe while this process runs no other threads
    # (the command line); inside the app the loading runs in a thread, so spawn is used there
    method = "fork" if threading.active_count() == 1 and hasattr(os, "fork") else "spawn"
    if method == "spawn":
        _start_resource_tracker()
    size = max(1, min(CHUNK, -(-len(files) // (workers * 2))))  # every helper gets work
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    loaded: list[Answers] = []
    problems: list[LoadProblem] = []
    done = 0
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                               initargs=(bank,))
    try:
        futures = {pool.submit(_load_chunk, chunk): len(chunk) for chunk in chunks}
        pending = set(futures)
        while pending:
            # wake up now and then, also without a finished chunk, so that a progress callback
            # that wants to stop (the app is closing) is asked soon
            finished, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            for future in finished:
                part_loaded, part_problems = future.result()
                loaded += part_loaded
                problems += part_problems
                done += futures[future]
            if progress is not None:
                progress(done, len(files))
    except BaseException:
        # stopped (LoadCancelled, Ctrl+C): do not wait for the chunks that are still queued
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    loaded.sort(key=lambda a: str(a.path))
    problems.sort(key=lambda p: str(p.path))
    return loaded, problems


def _newest(candidates: list[Answers]) -> Answers:
    return max(candidates, key=lambda a: (a.round.updated.date(), a.round.revision, a.round.updated, str(a.path)))


def keep_newest(loaded: list[Answers]) -> tuple[list[Answers], int, list[str]]:
    """One file per person and round: the newest (date, then revision). Returns the kept answers,
    how many files were left aside, and diagnostics for the terminal (duplicates, conflicts)."""
    by_key: dict[tuple[str, str], list[Answers]] = {}
    for answers in loaded:
        by_key.setdefault((answers.participant.id, answers.round.id), []).append(answers)
    kept: list[Answers] = []
    ignored = 0
    notes: list[str] = []
    for (pid, rid), candidates in sorted(by_key.items()):
        newest = _newest(candidates)
        kept.append(newest)
        if len(candidates) == 1:
            continue
        ignored += len(candidates) - 1
        names = ", ".join(sorted(clean_line(a.path.name) if a.path else "?" for a in candidates))
        installations = {a.installation for a in candidates}
        chosen = clean_line(newest.path.name) if newest.path else "?"
        if len(installations) > 1:
            notes.append(
                f"Conflict: pseudoniem {pid} heeft voor ronde {rid} bestanden van "
                f"{count(len(installations), 'installatie', 'verschillende installaties')} ({names}). "
                f"Het laatst bijgewerkte ({chosen}) telt. Is dit dezelfde persoon op twee computers, of "
                "een vervalst bestand? Vraag het na en verwijder het verkeerde."
            )
        else:
            notes.append(
                f"Pseudoniem {pid} heeft {len(candidates)} bestanden voor ronde {rid} ({names}); "
                f"het nieuwste ({chosen}) telt."
            )
    return kept, ignored, notes


def collect(
    folders: Iterable[Path],
    bank: Bank,
    progress: Progress | None = None,
    workers: int = 1,
) -> Collection:
    """Load all answers files; report the unusable ones and go on; keep the newest per person+round.

    ``workers`` > 1 reads in that many helper processes; one process is the default (see the
    measurements above CHUNK). ``progress`` may raise LoadCancelled to stop early.
    """
    files = answer_files(folders)
    total = len(files)
    # Everything loaded stays alive, so the cyclic garbage collector finds nothing in it and only
    # re-scans it: at 5,000 files two full collections, ~10% of the reading time (and a pause in the
    # app). So no collections while reading, and what was read is kept out of later collections
    # (gc.freeze; objects are still freed as usual when nothing refers to them any more), else the
    # first collection afterwards scans it all at once, in the middle of the comparison.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if workers > 1 and total > 1:
            loaded, problems = _read_parallel(files, bank, progress, workers)
        else:
            loaded, problems = _read_files(files, bank, progress, 0, total)
    finally:
        if collecting:  # a caller that paused collection itself decides when it resumes
            gc.freeze()
            gc.enable()
    kept, ignored, notes = keep_newest(loaded)
    kept.sort(key=lambda a: (a.round.id, a.participant.organisation, a.participant.team, a.participant.id))
    return Collection(kept, problems, total, ignored, notes)
