"""The state of one person using the app: profile, current round, saving. No Textual.

Screens call into this; it owns the rule that an answer that could not be saved stays in memory and
is written by the next successful save.
"""

from __future__ import annotations

from pathlib import Path

from dataclasses import replace
from typing import TYPE_CHECKING

from reflectie import paths
from reflectie.profile import Profile, load_profile, new_profile, save_profile

if TYPE_CHECKING:
    from reflectie.model import Answers, Bank
    from reflectie.store import AnswersFileError

# The store and the bank are imported where first used, to keep the app's start-up light.


class Session:
    def __init__(self, bank: Bank | None = None, profile: Profile | None = None):
        self._bank = bank
        loaded = profile or load_profile()
        self.first_run = loaded is None or not loaded.welcomed
        self.profile: Profile = loaded or new_profile()
        self.answers: Answers | None = None
        self.unsaved = False
        self.last_error: str | None = None

    @property
    def bank(self) -> Bank:
        """The question bank, loaded when first needed (the start screen does not need it)."""
        if self._bank is None:
            from reflectie.bank import default_bank

            self._bank = default_bank()
        return self._bank

    # --- profile -------------------------------------------------------------------------
    def save_profile(self) -> str | None:
        from reflectie.store import StoreError

        try:
            save_profile(self.profile)
        except StoreError as exc:
            return str(exc)
        return None

    # --- rounds --------------------------------------------------------------------------
    def rounds(self) -> tuple[list[Answers], list[AnswersFileError]]:
        from reflectie.store import list_rounds

        return list_rounds(self.bank)

    def open_round(self, label: str) -> Answers:
        """Continue the round with this label, or start it. A damaged file is never overwritten."""
        from reflectie.store import new_answers, read_answers, round_path

        path = round_path(label)
        if path.exists():
            answers = read_answers(path, self.bank)  # raises AnswersFileError with a reason
        else:
            answers = new_answers(self.profile.participant, label)
            answers.path = path
        self.answers = answers
        self.follow_profile()
        self.profile.last_round = label
        self.save_profile()
        return answers

    def follow_profile(self) -> None:
        """The open round takes the profile's pseudonym, name, organisation, team and sector
        (the profile may have changed since the round was started)."""
        if self.answers is not None:
            self.answers.participant = replace(self.profile.participant)

    def remember_position(self, theme: str, level: str) -> None:
        if (self.profile.last_theme, self.profile.last_level) != (theme, level):
            self.profile.last_theme, self.profile.last_level = theme, level
            self.save_profile()

    def save(self) -> str | None:
        """Save the current round; on failure keep it in memory and return the Dutch reason."""
        if self.answers is None:
            return None
        from reflectie.store import StoreError, save_answers

        try:
            save_answers(self.answers)
        except StoreError as exc:
            self.unsaved = True
            self.last_error = str(exc)
            return self.last_error
        self.unsaved = False
        self.last_error = None
        return None

    def save_round(self, answers: Answers) -> str | None:
        """Save another (earlier) round, e.g. the follow-up of its actions."""
        from reflectie.store import StoreError, save_answers

        try:
            save_answers(answers, touch=False)
        except StoreError as exc:
            return str(exc)
        return None

    @property
    def data_dir(self) -> Path:
        return paths.data_dir()
