"""Numbers about answers: theme profiles, gaps and changes between rounds. No Textual.

The theme profile of a person is, per theme, the mean over the theme's answered ordinal items of
(value − min) / (max − min) × 100. Nominal items (how the role is decided) and the clients' view of
the ladder (a view on someone else's practice) are left out of it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean, median, stdev

from reflectie.model import KIND_QUESTION, Action, Answers, Bank, Item
from reflectie.store import AnswersFileError, read_answers


def normalised(item: Item, value: int) -> float:
    assert item.scale is not None
    span = item.scale.max - item.scale.min
    return (value - item.scale.min) / span * 100 if span else 0.0


def profile_items(bank: Bank, theme_id: str, level: str | None = None) -> list[Item]:
    theme = bank.themes[theme_id]
    return [
        item
        for item in theme.items
        if item.in_profile and item.self_image is None and (level is None or item.level == level)
    ]


def theme_profile(answers: Answers, bank: Bank, level: str | None = None) -> dict[str, float | None]:
    """Per profile theme: 0–100, or None when nothing of that theme (and level) was scored."""
    result: dict[str, float | None] = {}
    for theme in bank.profile_themes():
        values = [
            normalised(item, answers.scores[item.id])
            for item in profile_items(bank, theme.id, level)
            if item.id in answers.scores
        ]
        result[theme.id] = fmean(values) if values else None
    return result


@dataclass(frozen=True)
class Gap:
    theme: str
    left: Item
    right: Item
    left_value: int
    right_value: int

    @property
    def difference(self) -> int:
        return self.left_value - self.right_value


def self_image_gaps(answers: Answers, bank: Bank) -> list[Gap]:
    """Self-image vs. what clients would say (the ladder at micro level)."""
    gaps = []
    for item in bank.items.values():
        if item.self_image and item.id in answers.scores and item.self_image in answers.scores:
            own = bank.items[item.self_image]
            gaps.append(Gap(item.theme, own, item, answers.scores[own.id], answers.scores[item.id]))
    return gaps


def micro_meso_gaps(answers: Answers, bank: Bank) -> list[Gap]:
    """How I work (micro) vs. how I see my organisation (meso), for items with a meso twin."""
    gaps = []
    for item in bank.items.values():
        twin = item.counterpart
        if twin and item.id in answers.scores and twin in answers.scores:
            gaps.append(Gap(item.theme, item, bank.items[twin], answers.scores[item.id], answers.scores[twin]))
    gaps.sort(key=lambda g: -abs(g.difference))
    return gaps


@dataclass(frozen=True)
class Move:
    item: Item
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


def moved_items(before: Answers, after: Answers, bank: Bank) -> list[Move]:
    """Scored items answered in both rounds whose value changed, biggest change first."""
    moves = []
    for item_id, new in after.scores.items():
        item = bank.item(item_id)
        if item is None or item.scale is None or item_id not in before.scores:
            continue
        old = before.scores[item_id]
        if old != new:
            moves.append(Move(item, old, new))
    moves.sort(key=lambda m: (-abs(m.delta), m.item.id))
    return moves


def flagged_questions(answers: Answers, bank: Bank) -> list[Item]:
    return [
        bank.items[item_id]
        for item_id, answer in answers.texts.items()
        if answer.discuss and item_id in bank.items and bank.items[item_id].kind == KIND_QUESTION
    ]


def progress(answers: Answers, bank: Bank, theme_id: str, level: str) -> tuple[int, int]:
    """(answered, total) for a theme at a level; the action counts as one item."""
    theme = bank.themes[theme_id]
    items = theme.items_for(level)
    done = sum(1 for item in items if answers.answered(item))
    total = len(items)
    if level in theme.action_prompts:
        total += 1
        action = answers.action_for(theme_id, level)
        if action is not None and action.text.strip():
            done += 1
    return done, total


# --- many people's answers: loading, grouping, statistics ------------------------------------

DEFAULT_MIN_GROUP = 3
TOO_FEW = "te weinig deelnemers"
TOO_FEW_ANSWERS = "te weinig antwoorden"
GROUPINGS = {"team": "team", "organisatie": "organisatie", "ronde": "ronde"}


@dataclass(frozen=True)
class LoadProblem:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


@dataclass
class Collection:
    answers: list[Answers]
    problems: list[LoadProblem]
    notes: list[str]  # e.g. duplicates that were resolved
    files_seen: int

    @property
    def clean(self) -> bool:
        return not self.problems


def answer_files(folders: Iterable[Path]) -> list[Path]:
    """Every answers file below the folders, recursively; temp files and hidden files skipped."""
    found: set[Path] = set()
    for folder in folders:
        folder = Path(folder)
        if folder.is_file():
            found.add(folder)
            continue
        for path in folder.rglob("*.toml"):
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            if path.is_file() or path.is_symlink():  # a broken link is reported, not skipped
                found.add(path)
    return sorted(found)


PARALLEL_FROM = 400  # files; below this, starting helper processes costs more than it saves
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
    paths: list[Path], bank: Bank, progress: Callable[[int, int], None] | None, done: int, total: int
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
    files: list[Path], bank: Bank, progress: Callable[[int, int], None] | None, workers: int
) -> tuple[list[Answers], list[LoadProblem]]:
    """Parse in helper processes: both cores work, and the app's own thread keeps the interpreter
    free to answer key presses (a parsing thread would hold Python's lock most of the time)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    import threading

    # fork starts helpers at once, but is only safe while this process runs no other threads
    # (the command line); inside the app the loading runs in a thread, so spawn is used there
    method = "fork" if threading.active_count() == 1 and hasattr(os, "fork") else "spawn"
    if method == "spawn":
        _start_resource_tracker()
    chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
    loaded: list[Answers] = []
    problems: list[LoadProblem] = []
    done = 0
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(bank,)) as pool:
        futures = {pool.submit(_load_chunk, chunk): len(chunk) for chunk in chunks}
        for future in as_completed(futures):
            part_loaded, part_problems = future.result()
            loaded += part_loaded
            problems += part_problems
            done += futures[future]
            if progress is not None:
                progress(done, len(files))
    loaded.sort(key=lambda a: str(a.path))
    problems.sort(key=lambda p: str(p.path))
    return loaded, problems


def collect(
    folders: Iterable[Path],
    bank: Bank,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> Collection:
    """Load all answers files; report the unusable ones and go on; keep the newest per person+round.

    Big folders are parsed in helper processes (``workers``; by default one per core from
    PARALLEL_FROM files on).
    """
    files = answer_files(folders)
    total = len(files)
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if total >= PARALLEL_FROM else 1
    if workers > 1:
        loaded, problems = _read_parallel(files, bank, progress, workers)
    else:
        loaded, problems = _read_files(files, bank, progress, 0, total)
    newest: dict[tuple[str, str], Answers] = {}
    duplicates: Counter[tuple[str, str]] = Counter()
    for answers in loaded:
        key = (answers.participant.id, answers.round.id)
        current = newest.get(key)
        if current is None:
            newest[key] = answers
            continue
        duplicates[key] += 1
        if (answers.round.updated, str(answers.path)) > (current.round.updated, str(current.path)):
            newest[key] = answers
    notes = [
        f"Deelnemer {pid} heeft {count + 1} bestanden voor ronde {rid}; het laatst bijgewerkte "
        f"({newest[(pid, rid)].path.name if newest[(pid, rid)].path else '?'}) telt."
        for (pid, rid), count in sorted(duplicates.items())
    ]
    kept = sorted(newest.values(), key=lambda a: (a.round.id, a.participant.organisation, a.participant.team, a.participant.id))
    return Collection(kept, problems, notes, total)


def group_key(answers: Answers, grouping: str) -> str:
    p = answers.participant
    if grouping == "team":
        team = p.team or "(geen team)"
        return f"{team} ({p.organisation})" if p.organisation else team
    if grouping == "organisatie":
        return p.organisation or "(geen organisatie)"
    if grouping == "ronde":
        return answers.round.id
    raise ValueError(f"onbekende groepering: {grouping}")


@dataclass
class ItemStats:
    n: int
    distribution: dict[int, int]
    na: int = 0
    mean: float | None = None
    median: float | None = None
    min: int | None = None
    max: int | None = None
    sd: float | None = None
    suppressed: str | None = None  # reason when the numbers are not shown


def item_stats(item: Item, values: list[int], na: int, min_group: int) -> ItemStats:
    assert item.scale is not None
    distribution = {v: 0 for v in item.scale.values}
    for value in values:
        if value in distribution:
            distribution[value] += 1
    n = len(values)
    if n < min_group:
        return ItemStats(n=n, distribution={v: 0 for v in item.scale.values}, na=0, suppressed=TOO_FEW_ANSWERS)
    stats = ItemStats(n=n, distribution=distribution, na=na, min=min(values), max=max(values))
    if not item.scale.nominal:
        stats.mean = fmean(values)
        stats.median = float(median(values))
        stats.sd = stdev(values) if n >= 2 else None
    return stats


@dataclass
class GroupResult:
    name: str
    size: int
    suppressed: bool
    stats: dict[str, ItemStats] = field(default_factory=dict)
    profile: dict[str, float | None] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    flagged: dict[str, int] = field(default_factory=dict)

    def mean(self, item_id: str) -> float | None:
        stats = self.stats.get(item_id)
        return stats.mean if stats is not None else None


@dataclass(frozen=True)
class Starter:
    kind: str  # "spreiding", "micro-meso", "zelfbeeld"
    group: str
    item: Item
    other: Item | None
    value: float
    text: str


@dataclass
class Comparison:
    grouping: str
    min_group: int
    groups: list[GroupResult]
    collection: Collection
    starters: list[Starter]
    bank: Bank
    notes: list[str] = field(default_factory=list)

    @property
    def visible_groups(self) -> list[GroupResult]:
        return [g for g in self.groups if not g.suppressed]

    def scored_items(self) -> list[Item]:
        ids = {item_id for g in self.visible_groups for item_id in g.stats}
        return [item for theme in self.bank.ordered_themes(None) for item in theme.items if item.id in ids]

    def flagged_questions(self) -> list[tuple[int, Item]]:
        """Awareness questions by how often they were flagged 'bespreken' (visible groups only)."""
        counts: Counter[str] = Counter()
        for group in self.visible_groups:
            counts.update(group.flagged)
        pairs = [(n, self.bank.items[i]) for i, n in counts.items() if n > 0 and i in self.bank.items]
        return sorted(pairs, key=lambda pair: (-pair[0], pair[1].id))

    def discussion_order(self) -> list[Item]:
        """Items for the bespreekmodus: the conversation starters first, then the questions most
        often flagged 'bespreken', then every other scored item in bank order."""
        order: list[Item] = []
        for starter in self.starters:
            if starter.item not in order:
                order.append(starter.item)
        for _count, item in self.flagged_questions():
            if item not in order:
                order.append(item)
        for item in self.scored_items():
            if item not in order:
                order.append(item)
        return order


def _group_result(name: str, members: list[Answers], bank: Bank, min_group: int) -> GroupResult:
    if len(members) < min_group:
        return GroupResult(name=name, size=len(members), suppressed=True)
    result = GroupResult(name=name, size=len(members), suppressed=False)
    values: dict[str, list[int]] = {}
    na: Counter[str] = Counter()
    for answers in members:
        for item_id, value in answers.scores.items():
            item = bank.item(item_id)
            if item is not None and item.scale is not None:
                values.setdefault(item_id, []).append(value)
        for item_id in answers.na:
            na[item_id] += 1
    for item in bank.items.values():
        if item.scale is None:
            continue
        if item.id in values or na[item.id]:
            result.stats[item.id] = item_stats(item, values.get(item.id, []), na[item.id], min_group)
    # theme profile: the mean of the members' own theme scores, when enough members have one
    member_profiles = [theme_profile(a, bank) for a in members]
    for theme in bank.profile_themes():
        scores = [p[theme.id] for p in member_profiles if p[theme.id] is not None]
        result.profile[theme.id] = fmean(scores) if len(scores) >= min_group else None
    texts: dict[str, list[str]] = {}
    flagged: Counter[str] = Counter()
    for answers in members:
        for item_id, answer in answers.texts.items():
            if answer.share and answer.text.strip():
                texts.setdefault(item_id, []).append(answer.text.strip())
            if answer.discuss:
                flagged[item_id] += 1
        result.actions.extend(a for a in answers.actions if a.share and a.text.strip())
    # sorted, so the order says nothing about who wrote what
    result.texts = {k: sorted(v) for k, v in texts.items()}
    result.flagged = dict(flagged)
    result.actions.sort(key=lambda a: (a.theme, a.level, a.text))
    return result


def _starters(groups: list[GroupResult], bank: Bank, limit: int = 5) -> list[Starter]:
    spread: list[Starter] = []
    gaps: list[Starter] = []
    views: list[Starter] = []
    for group in groups:
        if group.suppressed:
            continue
        for item_id, stats in group.stats.items():
            item = bank.items[item_id]
            if stats.sd is not None and stats.sd > 0:
                spread.append(Starter("spreiding", group.name, item, None, stats.sd,
                                      f"grote spreiding (sd {stats.sd:.2f}".replace(".", ",") + ")"))
            twin = item.counterpart
            if twin and group.mean(item_id) is not None and group.mean(twin) is not None:
                diff = group.mean(item_id) - group.mean(twin)
                if abs(diff) > 0:
                    gaps.append(Starter("micro-meso", group.name, item, bank.items[twin], diff,
                                        f"micro {group.mean(item_id):.2f} tegenover meso {group.mean(twin):.2f}".replace(".", ",")))
            if item.self_image and group.mean(item_id) is not None and group.mean(item.self_image) is not None:
                own = group.mean(item.self_image)
                diff = own - group.mean(item_id)
                views.append(Starter("zelfbeeld", group.name, item, bank.items[item.self_image], diff,
                                     f"zelfbeeld {own:.2f} tegenover cliëntbeeld {group.mean(item_id):.2f}".replace(".", ",")))
    spread.sort(key=lambda s: (-s.value, s.group, s.item.id))
    gaps.sort(key=lambda s: (-abs(s.value), s.group, s.item.id))
    views.sort(key=lambda s: (-abs(s.value), s.group))
    return spread[:limit] + gaps[:limit] + views[:limit]


def latest_per_person(answers: list[Answers]) -> list[Answers]:
    """Of each person, only their most recent round."""
    latest: dict[str, Answers] = {}
    for a in answers:
        current = latest.get(a.participant.id)
        if current is None or (a.round.started, a.round.id) > (current.round.started, current.round.id):
            latest[a.participant.id] = a
    return [a for a in answers if latest[a.participant.id] is a]


def compare(
    collection: Collection,
    bank: Bank,
    grouping: str = "team",
    min_group: int = DEFAULT_MIN_GROUP,
    round_id: str | None = None,
) -> Comparison:
    """Group the collection and compute everything a report shows.

    Per team or organisation, each person counts once: with ``round_id`` only that round, otherwise
    each person's most recent round. Per round, each round is a group.
    """
    if grouping not in GROUPINGS:
        raise ValueError(f"onbekende groepering: {grouping}")
    min_group = max(2, min_group)
    selected = collection.answers
    notes: list[str] = []
    if round_id is not None:
        selected = [a for a in selected if a.round.id == round_id]
        notes.append(f"Enkel ronde {round_id}.")
    elif grouping != "ronde":
        rounds = {a.round.id for a in selected}
        if len(rounds) > 1:
            selected = latest_per_person(selected)
            notes.append(
                f"De map bevat {len(rounds)} rondes; van elke deelnemer telt de laatste. "
                "Vergelijk rondes met de groepering per ronde."
            )
    members: dict[str, list[Answers]] = {}
    for answers in selected:
        members.setdefault(group_key(answers, grouping), []).append(answers)
    groups = [_group_result(name, members[name], bank, min_group) for name in sorted(members)]
    result = Comparison(grouping, min_group, groups, collection, _starters(groups, bank), bank)
    result.notes = notes
    return result
