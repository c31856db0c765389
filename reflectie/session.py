"""One person's data, owned in one place: profile, rounds, answering, saving, sharing. No Textual.

``Session`` keeps an identity map of rounds (one ``Answers`` object per round id for the whole
program), so the questionnaire, Mijn rondes and the summary always see and change the same object.
Every change (a score, a text, an action, a follow-up, the profile) and every write (save, share,
export) goes through here; widgets post values and screens call these methods. A change that could
not be saved stays in memory and is written by the next successful save. Failures are
``ReflectieError`` with a Dutch message.

One round is written by one process at a time: opening a round takes its lock; a second window on
the same round opens it read-only and is told so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflectie import paths
from reflectie.clean import clean_line, clean_text
from reflectie.errors import ReadOnlyError, ReflectieError, StoreError
from reflectie.labels import slugify
from reflectie.model import FOLLOW_UP, Action, Answers, ChecklistEntry, TextAnswer
from reflectie.profile import Profile, load_profile, new_profile, update_profile

if TYPE_CHECKING:
    from reflectie.fileio import Lock
    from reflectie.model import Bank

# The store and the bank are imported where first used, to keep the app's start-up light.

READ_ONLY = (
    "Deze ronde is open in een ander venster van reflectie. Hier kan je ze enkel lezen; "
    "sluit het andere venster om verder te antwoorden."
)
PROFILE_FIELDS = {"name", "organisation", "team", "sector"}
SETTINGS = {"shared_folder", "min_group", "dark", "ansi", "welcomed", "last_round", "last_theme",
            "last_level", "last_item", "question_sets"}


def round_id_for(label: str) -> str:
    """The id a typed round label becomes: lowercase letters, digits and dashes ('2026 Najaar' →
    '2026-najaar'), so the file it names is always one the reader accepts."""
    return slugify(clean_line(label).strip())


@dataclass(frozen=True)
class SharePreview:
    """Exactly what a shared copy of the round holds, for the share dialog and `reflectie deel`."""

    round_id: str
    organisation: str
    team: str
    scores: int
    shared_texts: int
    private_texts: int
    discuss_only: int  # questions flagged 'bespreken' whose words stay private
    shared_actions: int
    private_actions: int
    file_name: str
    checklist_notes: int = 0  # owners, dates and evidence of checklist measures: never shared

    @property
    def warnings(self) -> list[str]:
        out = []
        if not self.team:
            out.append("Je team is leeg: in een teamrapport kom je dan bij '(geen team)' terecht. "
                       "Vul je team in bij Profiel.")
        if not self.organisation:
            out.append("Je organisatie is leeg: vul ze in bij Profiel, zodat je bij de juiste groep telt.")
        return out

    def lines(self) -> list[str]:
        from reflectie.dutch import count

        return [
            f"Ronde {self.round_id}, organisatie '{self.organisation or '—'}', team '{self.team or '—'}'.",
            f"Mee: {count(self.scores, 'score', 'scores')}, "
            f"{count(self.shared_texts, 'gedeelde tekst', 'gedeelde teksten')}, "
            f"{count(self.shared_actions, 'gedeelde actie', 'gedeelde acties')}.",
            f"Mee zonder je woorden: {count(self.discuss_only, 'vraag', 'vragen')} die je wilt "
            "bespreken (enkel dat vinkje).",
            f"Niet mee: je naam, "
            f"{count(self.private_texts, 'niet-gedeelde tekst', 'niet-gedeelde teksten')}, "
            f"{count(self.private_actions, 'niet-gedeelde actie', 'niet-gedeelde acties')}"
            + (f", eigenaar en bewijs bij {count(self.checklist_notes, 'maatregel', 'maatregelen')}"
               if self.checklist_notes else "") + ".",
            "Datums zonder uur; je pseudoniem en een willekeurige installatiecode.",
        ]


class Session:
    def __init__(self, bank: Bank | None = None, profile: Profile | None = None):
        self._bank = bank
        self._own_bank = bank is None  # a bank handed in (tests, `--kader`) is kept as it is
        loaded = profile or load_profile()
        self.first_run = loaded is None or not loaded.welcomed
        self.profile: Profile = loaded or new_profile()
        if loaded is not None and profile is None and not _has_installation_on_disk():
            self._persist_profile({"installation": self.profile.installation})
        self._rounds: dict[str, Answers] = {}
        self._locks: dict[str, Lock] = {}
        self._dirty: set[str] = set()
        self._position_dirty = False
        self.answers: Answers | None = None
        self.read_only = False
        self.unsaved = False
        self.last_error: str | None = None

    @property
    def bank(self) -> Bank:
        """The question bank, loaded when first needed (the start screen does not need it), with
        the further sets (other frameworks) the profile switches on."""
        if self._bank is None:
            from reflectie.bank import default_bank

            self._bank = default_bank(self.profile.question_sets)
        return self._bank

    def _follow_question_sets(self) -> None:
        """After the person switched sets on or off, the next use of ``bank`` loads them (the
        default bank is cached per combination of sets, so switching back costs nothing)."""
        bank = self._bank
        if self._own_bank and bank is not None and sorted(bank.sets) != sorted(
            self.profile.question_sets
        ):
            self._bank = None

    @property
    def data_dir(self) -> Path:
        return paths.data_dir()

    # --- profile -----------------------------------------------------------------------------

    def _persist_profile(self, changes: dict[str, Any]) -> None:
        def apply(profile: Profile) -> None:
            for key, value in changes.items():
                if key == "installation" and _has_installation_on_disk():
                    continue  # another window wrote its code meanwhile: one code for both
                if key in PROFILE_FIELDS:
                    setattr(profile.participant, key, value)
                else:
                    setattr(profile, key, value)
            profile.participant.id = self.profile.participant.id
            profile.installation = profile.installation or self.profile.installation

        problems = self.profile.problems
        self.profile = update_profile(apply, fallback=self.profile)
        self.profile.problems = problems

    def update_profile(self, **changes: Any) -> None:
        """Change profile fields (name, organisation, team, sector, and settings) and save them.

        Only these fields are written, onto the profile as it is on disk now, so another window's
        changes to other fields are kept. The open round follows the new name, team and
        organisation. Raises ReflectieError."""
        unknown = set(changes) - PROFILE_FIELDS - SETTINGS - {"installation"}
        if unknown:
            raise ValueError(f"onbekende profielvelden: {sorted(unknown)}")
        for key, value in list(changes.items()):
            if isinstance(value, str):
                changes[key] = clean_line(value).strip()
        if "min_group" in changes:
            from reflectie.rules import min_group

            changes["min_group"] = min_group(changes["min_group"])
        if "question_sets" in changes:
            from reflectie.bank import BankError, available_sets

            try:
                known = [set_id for set_id, _title in available_sets()]
            except BankError as exc:
                raise ReflectieError(f"De extra vragensets zijn beschadigd: {exc}") from exc
            wanted = [clean_line(str(s)).strip() for s in changes["question_sets"]]
            strange = [s for s in wanted if s not in known]
            if strange:
                available = ", ".join(known) or "geen"
                raise ReflectieError(
                    f"Onbekende vragenset '{strange[0]}'. Beschikbaar: {available}."
                )
            changes["question_sets"] = [s for s in known if s in wanted]  # the bank's own order
        if self._position_dirty:
            changes = {**self._position(), **changes}
        self._persist_profile(changes)
        self._position_dirty = False
        if "question_sets" in changes:
            self._follow_question_sets()
        self.follow_profile()

    def _position(self) -> dict[str, str]:
        p = self.profile
        return {"last_round": p.last_round, "last_theme": p.last_theme, "last_level": p.last_level,
                "last_item": p.last_item}

    def remember_position(self, theme: str, level: str, item: str = "") -> None:
        """Where the person is; kept in memory and written with the next save (or on close)."""
        p = self.profile
        if (p.last_theme, p.last_level, p.last_item) != (theme, level, item):
            p.last_theme, p.last_level, p.last_item = theme, level, item
            self._position_dirty = True

    def follow_profile(self) -> None:
        """The open round takes the profile's pseudonym, name, organisation, team and sector.

        In memory only: the file follows with the next answer, so looking at a round never
        rewrites it."""
        answers = self.answers
        if answers is None or self.read_only:
            return
        answers.participant = replace(self.profile.participant)
        answers.installation = self.profile.installation

    # --- rounds ------------------------------------------------------------------------------

    def rounds(self) -> tuple[list[Answers], list[Any]]:
        """The person's rounds (oldest first) as the identity map holds them, and unreadable files."""
        from reflectie.store import list_rounds

        on_disk, problems = list_rounds(self.bank)
        result = []
        seen = set()
        for answers in on_disk:
            result.append(self._rounds.setdefault(answers.round.id, answers))
            seen.add(answers.round.id)
        for round_id, answers in self._rounds.items():
            if round_id not in seen and round_id in self._dirty:
                result.append(answers)  # new and not yet saved (e.g. the disk is full)
        result.sort(key=lambda a: (a.round.started, a.round.id))
        return result, problems

    def get_round(self, round_id: str) -> Answers | None:
        if round_id in self._rounds:
            return self._rounds[round_id]
        from reflectie.answersfile import read_answers
        from reflectie.store import round_path

        path = round_path(round_id)
        if not path.exists():
            return None
        answers = read_answers(path, self.bank)  # raises AnswersFileError with a reason
        self._rounds[round_id] = answers
        return answers

    def round_exists(self, label: str) -> bool:
        from reflectie.store import round_path

        round_id = round_id_for(label)
        return round_id in self._rounds or round_path(round_id).exists()

    def open_round(self, label: str) -> Answers:
        """Continue the round with this label, or start it (nothing is written until an answer).

        A damaged file is never overwritten (AnswersFileError). When another window has the round
        open, it opens read-only (``read_only`` is then True)."""
        from reflectie.fileio import try_lock
        from reflectie.store import new_answers, round_path

        round_id = round_id_for(label)
        if self.answers is not None and self.answers.round.id == round_id:
            return self.answers
        path = round_path(round_id)
        lock = self._locks.get(round_id)
        if lock is None:
            _ensure_answers_dir()
            lock = try_lock(path)
        answers = self.get_round(round_id)
        if answers is None:
            answers = new_answers(self.profile.participant, round_id, self.profile.installation)
            answers.path = path
            self._rounds[round_id] = answers
        self._close_current()
        self.answers = answers
        self.read_only = lock is None
        if lock is not None:
            self._locks[round_id] = lock
        self.follow_profile()
        if self.profile.last_round != round_id:
            self.profile.last_round = round_id
            self._position_dirty = True
        return answers

    def new_round(self, label: str) -> Answers:
        """Start a new round; a label that already exists is refused (ReflectieError)."""
        round_id = round_id_for(label)
        if not round_id or self.round_exists(round_id):
            raise ReflectieError(f"Er bestaat al een ronde '{round_id}'. Kies een ander label, of open die ronde.")
        return self.open_round(round_id)

    def _close_current(self) -> None:
        current = self.answers
        if current is None:
            return
        round_id = current.round.id
        if round_id in self._dirty:
            try:
                self._save_round(current)
            except ReflectieError:
                return  # keep it (and its lock) so the next save can still write it
        lock = self._locks.pop(round_id, None)
        if lock is not None:
            lock.release()

    def delete_round(self, round_id: str) -> None:
        """Delete one's own round (after the user confirmed). Refused while another window has it."""
        from reflectie.fileio import try_lock
        from reflectie.store import delete_round, round_path

        answers = self.get_round(round_id)
        if answers is None:
            return
        lock = self._locks.pop(round_id, None) or try_lock(round_path(round_id))
        if lock is None:
            raise ReflectieError("Deze ronde is open in een ander venster; sluit dat eerst.")
        try:
            delete_round(answers)
        finally:
            lock.release()
        self._rounds.pop(round_id, None)
        self._dirty.discard(round_id)
        if self.answers is answers:
            self.answers = None
            self.read_only = False
        if self.profile.last_round == round_id:
            # the round to go on with becomes the newest one left (open or not): the deleted one
            # was still offered on the start screen and came back, empty, at the next answer
            remaining, _problems = self.rounds()
            self.profile.last_round = remaining[-1].round.id if remaining else ""
            self.profile.last_theme, self.profile.last_level, self.profile.last_item = "", "micro", ""
            self._position_dirty = True
            self.flush_position()

    # --- answering (the open round) ----------------------------------------------------------

    def _writable(self) -> Answers:
        if self.answers is None:
            raise ReflectieError("Er is geen ronde open.")
        if self.read_only:
            raise ReadOnlyError(READ_ONLY)
        return self.answers

    def _changed(self, answers: Answers, changed: bool) -> bool:
        if changed:
            self._dirty.add(answers.round.id)
        return changed

    def set_choice(self, item_id: str, choice: int | str | None) -> bool:
        """Answer a scored item: a value, NA, DONT_KNOW, or None to clear. True when it changed."""
        answers = self._writable()
        item = self.bank.items.get(item_id)
        if item is None or item.scale is None:
            raise ReflectieError(f"'{item_id}' is geen item met een schaal.")
        if isinstance(choice, int) and not item.scale.contains(choice):
            raise ReflectieError(f"{choice} valt buiten de schaal {item.scale.min}–{item.scale.max}.")
        return self._changed(answers, answers.set_choice(item_id, choice))

    def set_text(self, item_id: str, *, text: str | None = None, share: bool | None = None,
                 discuss: bool | None = None) -> bool:
        answers = self._writable()
        current = answers.texts.get(item_id) or TextAnswer()
        new = TextAnswer(
            text=clean_text(text) if text is not None else current.text,
            share=current.share if share is None else share,
            discuss=current.discuss if discuss is None else discuss,
        )
        if new == current and (item_id in answers.texts or new.empty):
            return False
        if new.empty:
            answers.texts.pop(item_id, None)
        else:
            answers.texts[item_id] = new
        return self._changed(answers, True)

    def set_action(self, theme: str, level: str, **fields: Any) -> bool:
        """Change the next action of a theme and level: text, due, share, ban, keep, reach."""
        answers = self._writable()
        allowed = {"text", "due", "share", "ban", "keep", "reach"}
        if set(fields) - allowed:
            raise ValueError(f"onbekende velden: {sorted(set(fields) - allowed)}")
        for key in ("text", "ban", "keep", "reach"):
            if key in fields:
                fields[key] = clean_text(fields[key])
        current = answers.action_for(theme, level)
        base = current or Action(theme, level, "")
        new = replace(base, **fields)
        if current is not None and new == current:
            return False
        answers.actions = [a for a in answers.actions if not (a.theme == theme and a.level == level)]
        if not new.empty or new.share:
            answers.actions.append(new)
        if current is None and new.empty and not new.share:
            return False
        return self._changed(answers, True)

    def set_checklist(self, item_id: str, **fields: Any) -> bool:
        """Follow-up of a checklist measure: owner, due, evidence."""
        answers = self._writable()
        for key in ("owner", "evidence"):
            if key in fields:
                fields[key] = clean_text(fields[key]) if key == "evidence" else clean_line(fields[key])
        current = answers.checklist.get(item_id, ChecklistEntry())
        new = replace(current, **fields)
        if new == current:
            return False
        if new.empty:
            answers.checklist.pop(item_id, None)
        else:
            answers.checklist[item_id] = new
        return self._changed(answers, True)

    def set_follow_up(self, round_id: str, index: int, happened: str | None) -> None:
        """Whether an action of an earlier round happened (ja / deels / nee), saved at once.

        The earlier round is the same object everywhere (identity map), so a later save of it can
        never write an old copy back."""
        from reflectie.fileio import try_lock
        from reflectie.store import round_path, save_answers

        if happened is not None and happened not in FOLLOW_UP:
            raise ValueError(happened)
        answers = self.get_round(round_id)
        if answers is None or not 0 <= index < len(answers.actions):
            raise ReflectieError("Deze actie bestaat niet (meer).")
        if answers is self.answers:
            self._writable()
            if answers.actions[index].happened != happened:
                answers.actions[index].happened = happened
                self._dirty.add(round_id)
            self.save()
            return
        lock = self._locks.get(round_id)
        own = lock is None
        if own:
            lock = try_lock(round_path(round_id))
            if lock is None:
                raise ReadOnlyError(READ_ONLY)
        try:
            previous = answers.actions[index].happened
            answers.actions[index].happened = happened
            try:
                save_answers(answers, touch=False)
            except StoreError:
                answers.actions[index].happened = previous
                raise
        finally:
            if own and lock is not None:
                lock.release()

    # --- writing -----------------------------------------------------------------------------

    @property
    def has_changes(self) -> bool:
        return self.answers is not None and self.answers.round.id in self._dirty

    def _save_round(self, answers: Answers) -> None:
        from reflectie.store import save_answers

        save_answers(answers)
        self._dirty.discard(answers.round.id)

    def save(self) -> None:
        """Write the open round if it changed (and a remembered position). On failure the answers
        stay in memory, ``unsaved`` is set and the Dutch reason raised as StoreError."""
        answers = self.answers
        if answers is not None and answers.round.id in self._dirty and not self.read_only:
            try:
                self._save_round(answers)
            except StoreError as exc:
                self.unsaved = True
                self.last_error = str(exc)
                raise
        self.unsaved = False
        self.last_error = None
        self.flush_position()

    def flush_position(self) -> None:
        """Write the remembered position to the profile (quietly: it is a convenience)."""
        if self._position_dirty:
            try:
                self._persist_profile(self._position())
                self._position_dirty = False
            except ReflectieError:
                pass

    def close(self) -> None:
        """Save what is pending and let go of the locks (when the app stops)."""
        try:
            self.save()
        except ReflectieError:
            pass
        for lock in self._locks.values():
            lock.release()
        self._locks.clear()

    def _round(self, round_id: str | None) -> Answers:
        """The open round, or another of the person's rounds by id (for the command line)."""
        if round_id is None:
            return self._open()
        answers = self.get_round(round_id)
        if answers is None:
            raise ReflectieError(f"Je hebt geen ronde '{round_id}'.")
        return answers

    def share_preview(self, round_id: str | None = None) -> SharePreview:
        from reflectie.store import shared_file_name

        answers = self._round(round_id)
        if not answers.installation:
            answers.installation = self.profile.installation
        texts = [t for t in answers.texts.values() if t.text.strip()]
        return SharePreview(
            round_id=answers.round.id,
            organisation=self.profile.participant.organisation,
            team=self.profile.participant.team,
            scores=len(answers.scores) + len(answers.na) + len(answers.dont_know),
            shared_texts=sum(1 for t in texts if t.share),
            private_texts=sum(1 for t in texts if not t.share),
            discuss_only=sum(1 for t in answers.texts.values() if t.discuss and not t.share),
            shared_actions=sum(1 for a in answers.actions if a.share and not a.empty),
            private_actions=sum(1 for a in answers.actions if not a.share and not a.empty),
            file_name=shared_file_name(answers),
            checklist_notes=sum(1 for entry in answers.checklist.values() if not entry.empty),
        )

    def _open(self) -> Answers:
        if self.answers is None:
            raise ReflectieError("Er is geen ronde open.")
        return self.answers

    def share(self, target: Path, round_id: str | None = None) -> Path:
        """Write the shareable copy into ``target`` (a folder or a .toml path) and remember the folder."""
        from reflectie.store import write_shared

        answers = self._round(round_id)
        if answers is self.answers:
            self.save()
        if not answers.installation:
            answers.installation = self.profile.installation
        written = write_shared(answers, target)
        if str(written.parent) != self.profile.shared_folder:
            self.update_profile(shared_folder=str(written.parent))
        return written

    def export_target(self, folder: Path, fmt: str, round_id: str | None = None) -> Path:
        from reflectie.report.own import export_path

        return export_path(self._round(round_id), folder, fmt)

    def export(self, folder: Path, fmt: str = "html", round_id: str | None = None) -> Path:
        """Write the private export of a round (all texts, also the unshared ones)."""
        from reflectie.report.own import export_round

        answers = self._round(round_id)
        if answers is self.answers:
            self.save()
        return export_round(answers, self.bank, folder, fmt)


def _has_installation_on_disk() -> bool:
    import tomllib

    from reflectie.fileio import NotReadable, read_regular_file

    try:
        doc = tomllib.loads(read_regular_file(paths.profile_path(), 1_000_000).decode("utf-8"))
    except (OSError, NotReadable, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # nothing to repair (or already set aside)
    return isinstance(doc.get("installatie"), str) and bool(doc["installatie"])


def _ensure_answers_dir() -> None:
    from reflectie.fileio import ensure_private_dir

    ensure_private_dir(paths.answers_dir())


def parse_due(text: str) -> date | None:
    """A date typed as 2027-01-31 or 31/01/2027 (Belgian order); ReflectieError in Dutch otherwise,
    also for a date that does not exist (31/02/2027)."""
    text = clean_line(text).strip()
    if not text:
        return None
    for sep in ("/", ".", "-"):
        parts = text.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            a, b, c = (int(p) for p in parts)
            year, month, day = (a, b, c) if len(parts[0]) == 4 else (c, b, a)
            if year < 100:
                year += 2000
            try:
                return date(year, month, day)
            except ValueError:
                raise ReflectieError(f"{text} bestaat niet als datum. Geef bv. 31/01/2027.") from None
    raise ReflectieError("Geef een datum als 31/01/2027 of 2027-01-31.")
