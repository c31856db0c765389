"""Follow-up of a checklist over a person's rounds, and the visienota's half year. No Textual.

A checklist theme (bank ``soort = "checklist"``) lists measures or steps with a 'voortgang' status:
the IROJ recommendations at macro level (kept by whoever keeps a workgroup's follow-up, e.g. its
secretary, in their own rounds), and an organisation's implementation steps at meso level. Per
measure a round holds the status (a score, n.v.t. or weet ik niet) and a ``ChecklistEntry`` (owner,
target date, evidence).

The visienota (§5) asks for an intersectoral meeting "na een half jaar". The nota counts that half
year from the moment the region put the nota on its agenda, which reflectie cannot know; it counts
from the previous round in which the checklist was filled in, and says so.

"Previous round" is the latest earlier round (in the order of Mijn rondes) in which this checklist
has any status or follow-up: a person's rounds also hold their own reflections, and a round in which
the checklist was skipped says nothing about the measures.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from reflectie.dutch import count, nl_date
from reflectie.model import DONT_KNOW, NA, Action, Answers, Bank, ChecklistEntry, Item, Theme

HALF_YEAR_MONTHS = 6
NA_LABEL = "n.v.t."
DONT_KNOW_LABEL = "weet ik niet"
NO_STATUS = "—"
NOTA_HALF_YEAR = ("Na een half jaar wordt een intersectorale bijeenkomst georganiseerd om ervaringen "
                  "uit te wisselen. (Dit wordt best extern gecoacht door een dienst.)")
NOTA_HALF_YEAR_SOURCE = "Visienota, 5. Macro: aanbevelingen aan het IROJ, vierde maatregel"


# --- the half year -------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the last day of the month where that day does not exist
    (31 August + 6 months = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``: the largest n with add_months(start, n) <= end
    (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    n = (end.year - start.year) * 12 + end.month - start.month
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return n


@dataclass(frozen=True)
class HalfYear:
    """Where a checklist stands against the visienota's half year."""

    since: date  # the previous checklist round's date, or this round's when there is none
    today: date
    previous_round: str | None  # the id of that previous round; None: this is the first one

    @property
    def due(self) -> date:
        return add_months(self.since, HALF_YEAR_MONTHS)

    @property
    def passed(self) -> bool:
        return self.today >= self.due

    @property
    def months(self) -> int:
        return months_between(self.since, self.today)

    def _ago(self) -> str:
        if self.months >= 1:
            return f"{count(self.months, 'maand', 'maanden')} geleden"
        days = (self.today - self.since).days
        if days <= 0:
            return "vandaag"
        return f"{count(days, 'dag', 'dagen')} geleden"

    def _until(self) -> str:
        months = months_between(self.today, self.due)
        if months >= 1:
            return f"nog {count(months, 'maand', 'maanden')}"
        return f"nog {count((self.due - self.today).days, 'dag', 'dagen')}"

    def lines(self) -> list[str]:
        """Two sentences in Dutch: when the previous round was, and what the half year asks now."""
        if self.previous_round is None:
            return [
                f"Dit is de eerste ronde met deze checklist (gestart {nl_date(self.since)}).",
                (f"Vul ze na een half jaar opnieuw in, rond {nl_date(self.due)}: dan vraagt de "
                 "visienota een intersectorale bijeenkomst om ervaringen uit te wisselen."),
            ]
        first = (f"Vorige ronde: {self.previous_round}, gestart {nl_date(self.since)} "
                 f"({self._ago()}).")
        if self.passed:
            second = ("Het half jaar is om: tijd voor de intersectorale bijeenkomst die de "
                      "visienota vraagt om ervaringen uit te wisselen.")
        else:
            second = (f"Het half jaar is om op {nl_date(self.due)} ({self._until()}); dan vraagt "
                      "de visienota een intersectorale bijeenkomst.")
        return [first, second]

    def short(self) -> str:
        """The same in one or two screen lines."""
        if self.previous_round is None:
            return (f"Eerste ronde met deze checklist. Na een half jaar, rond {nl_date(self.due)}, "
                    "vraagt de visienota een intersectorale bijeenkomst: vul ze dan opnieuw in.")
        first = f"Vorige ronde {self.previous_round}: {nl_date(self.since)}, {self._ago()}."
        if self.passed:
            return (f"{first} Het half jaar is om: tijd voor de intersectorale bijeenkomst "
                    "(visienota §5).")
        return (f"{first} Het half jaar is om op {nl_date(self.due)} ({self._until()}): dan "
                "volgt de intersectorale bijeenkomst (§5).")


# --- one measure ---------------------------------------------------------------------------------


def status_label(item: Item, choice: int | str | None, with_value: bool = True) -> str:
    """'3 · gestart', 'n.v.t.', 'weet ik niet', or '—' without a status."""
    if choice is None:
        return NO_STATUS
    if choice == NA:
        return NA_LABEL
    if choice == DONT_KNOW:
        return DONT_KNOW_LABEL
    assert item.scale is not None and isinstance(choice, int)
    label = item.scale.label(choice)
    return f"{choice} · {label}" if with_value else label


def status_glyph(item: Item, choice: int | str | None) -> str:
    """A status as five squares, filled up to the value (■■■□□ = 3 of 5): readable without colour,
    and squares every Windows console font has. 'n.v.t.', 'weet niet' or '—' otherwise."""
    if choice is None:
        return NO_STATUS
    if choice == NA:
        return NA_LABEL
    if choice == DONT_KNOW:
        return "weet niet"
    assert item.scale is not None and isinstance(choice, int)
    steps = len(item.scale.levels)
    filled = item.scale.values.index(choice) + 1
    return "■" * filled + "□" * (steps - filled)


@dataclass(frozen=True)
class MeasureRow:
    """One measure in one round, beside the same measure in the previous checklist round."""

    number: int
    item: Item
    status: int | str | None
    previous: int | str | None
    entry: ChecklistEntry
    previous_entry: ChecklistEntry | None
    today: date
    has_previous_round: bool = False

    @property
    def done(self) -> bool:
        """'gerealiseerd': the top of the scale."""
        return self.item.scale is not None and self.status == self.item.scale.max

    @property
    def change(self) -> int | None:
        if isinstance(self.status, int) and isinstance(self.previous, int):
            return self.status - self.previous
        return None

    def change_label(self) -> str:
        """'+1', '−1', '=' between two values; 'nieuw' for a first status; '' otherwise."""
        change = self.change
        if change is not None:
            return "=" if change == 0 else f"{change:+d}".replace("-", "−")
        if self.has_previous_round and self.status is not None and self.previous is None:
            return "nieuw"
        return ""

    @property
    def target(self) -> date | None:
        """The target date: this round's, or else the one set in the previous round."""
        if self.entry.due is not None:
            return self.entry.due
        return self.previous_entry.due if self.previous_entry is not None else None

    @property
    def target_from_previous(self) -> bool:
        return self.entry.due is None and self.target is not None

    @property
    def overdue(self) -> bool:
        """The target date has passed and the measure is not 'gerealiseerd' (nor n.v.t.)."""
        target = self.target
        return target is not None and target < self.today and not self.done and self.status != NA

    def can_take_over(self) -> bool:
        """The previous round had an owner, date or evidence that this round does not have yet."""
        before = self.previous_entry
        if before is None or before.empty:
            return False
        now = self.entry
        return ((bool(before.owner) and not now.owner) or (before.due is not None and now.due is None)
                or (bool(before.evidence) and not now.evidence))


# --- the checklist in a round --------------------------------------------------------------------


def checklist_themes(bank: Bank) -> list[Theme]:
    return bank.ordered_themes("checklist")


def checklist_level(theme: Theme) -> str:
    """The level a checklist is answered at (its first: a checklist has one)."""
    return theme.levels[0] if theme.levels else "macro"


def checklist_items(theme: Theme) -> list[Item]:
    level = checklist_level(theme)
    return [item for item in theme.items_for(level) if item.scale is not None]


def has_checklist(answers: Answers, theme: Theme) -> bool:
    """Any status or follow-up of this checklist in the round."""
    return any(answers.choice(item.id) is not None or item.id in answers.checklist
               for item in checklist_items(theme))


def round_order(rounds: list[Answers]) -> list[Answers]:
    """Rounds in the order of Mijn rondes: by start, then by label."""
    return sorted(rounds, key=lambda a: (a.round.started, a.round.id))


def previous_round(rounds: list[Answers], current: Answers, theme: Theme) -> tuple[Answers | None, int]:
    """The latest round before ``current`` in which this checklist was filled in, and how many
    earlier rounds were passed over because they hold nothing of it."""
    ordered = [a for a in round_order(rounds) if a.round.id != current.round.id]
    key = (current.round.started, current.round.id)
    earlier = [a for a in ordered if (a.round.started, a.round.id) < key]
    skipped = 0
    for answers in reversed(earlier):
        if has_checklist(answers, theme):
            return answers, skipped
        skipped += 1
    return None, skipped


def is_latest(rounds: list[Answers], current: Answers) -> bool:
    key = (current.round.started, current.round.id)
    return all((a.round.started, a.round.id) <= key for a in rounds if a.round.id != current.round.id)


def reference_day(rounds: list[Answers], current: Answers, today: date | None = None) -> date:
    """The day the checklist is judged on: today for the latest round; for an earlier round its
    last update (its status is the state of affairs on that day, not today's)."""
    today = today or date.today()
    if is_latest(rounds, current):
        return today
    return min(today, current.round.updated.date())


@dataclass
class FollowUp:
    """A checklist in one round: its measures beside the previous checklist round, and the half year."""

    theme: Theme
    level: str
    current: Answers
    previous: Answers | None
    rows: list[MeasureRow]
    half_year: HalfYear
    today: date
    skipped_rounds: int = 0
    action: Action | None = None  # the checklist's own next step (e.g. the workgroup's)
    counts: dict[int | str | None, int] = field(default_factory=dict)
    previous_counts: dict[int | str | None, int] = field(default_factory=dict)

    @property
    def overdue(self) -> list[MeasureRow]:
        return [row for row in self.rows if row.overdue]

    @property
    def done(self) -> list[MeasureRow]:
        return [row for row in self.rows if row.done]

    @property
    def answered(self) -> int:
        return sum(1 for row in self.rows if row.status is not None)

    def summary(self) -> str:
        """'2 van 7 maatregelen gerealiseerd, 5 met een status, 1 over de streefdatum.'"""
        one, many = self.nouns
        parts = [f"{len(self.done)} van {len(self.rows)} {many} gerealiseerd",
                 f"{self.answered} met een stand van zaken"]
        overdue = len(self.overdue)
        if overdue == 1:
            parts.append(f"bij 1 {one} is de streefdatum voorbij zonder dat ze gerealiseerd is")
        elif overdue:
            parts.append(f"bij {overdue} {many} is de streefdatum voorbij zonder dat ze "
                         "gerealiseerd zijn")
        return ", ".join(parts) + "."

    @property
    def nouns(self) -> tuple[str, str]:
        """What the checklist's lines are called: measures (macro) or steps (meso)."""
        return ("maatregel", "maatregelen") if self.level == "macro" else ("stap", "stappen")

    def status_table(self) -> list[tuple[str, int, int | None]]:
        """Per status (each scale level, then n.v.t., weet ik niet, zonder status): how many
        measures now and, when there is a previous round, then."""
        scale = self.rows[0].item.scale if self.rows else None
        keys: list[tuple[int | str | None, str]] = []
        if scale is not None:
            keys += [(level.value, f"{level.value} · {level.name}") for level in scale.levels]
        keys += [(NA, NA_LABEL), (DONT_KNOW, DONT_KNOW_LABEL), (None, "zonder stand van zaken")]
        table = []
        for key, label in keys:
            now = self.counts.get(key, 0)
            then = self.previous_counts.get(key, 0) if self.previous is not None else None
            if key in (NA, DONT_KNOW, None) and not now and not then:
                continue
            table.append((label, now, then))
        return table


def follow_up(bank: Bank, theme_id: str, current: Answers, rounds: list[Answers],
              today: date | None = None) -> FollowUp:
    """The checklist ``theme_id`` in ``current``, beside the previous round that has it.

    ``rounds`` are the person's rounds (``Session.rounds()``); ``current`` may be among them or be
    a round not yet saved. ``today`` is the reference day (``reference_day`` when not given)."""
    theme = bank.themes[theme_id]
    level = checklist_level(theme)
    previous, skipped = previous_round(rounds, current, theme)
    day = today or reference_day(rounds, current)
    rows = []
    for number, item in enumerate(checklist_items(theme), 1):
        rows.append(MeasureRow(
            number=number,
            item=item,
            status=current.choice(item.id),
            previous=previous.choice(item.id) if previous is not None else None,
            entry=current.checklist.get(item.id, ChecklistEntry()),
            previous_entry=previous.checklist.get(item.id) if previous is not None else None,
            today=day,
            has_previous_round=previous is not None,
        ))
    since = (previous or current).round.started.date()
    half = HalfYear(since=since, today=day, previous_round=previous.round.id if previous else None)
    counts: dict[int | str | None, int] = {}
    previous_counts: dict[int | str | None, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
        previous_counts[row.previous] = previous_counts.get(row.previous, 0) + 1
    return FollowUp(theme=theme, level=level, current=current, previous=previous, rows=rows,
                    half_year=half, today=day, skipped_rounds=skipped,
                    action=current.action_for(theme.id, level), counts=counts,
                    previous_counts=previous_counts)


def mode_label(theme: Theme) -> str:
    """'Werkgroep: IROJ-opvolging' for a macro checklist, 'Organisatie: implementatie' for meso."""
    if checklist_level(theme) == "macro":
        return f"Werkgroep: {theme.short}-opvolging"
    return f"Organisatie: {theme.short[:1].lower() + theme.short[1:]}"
