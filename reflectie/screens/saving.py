"""Screens where a person types: a text is written after a short quiet moment, and at once when
they leave, so nothing typed is lost and not every key writes the file."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.timer import Timer

from reflectie.errors import ReflectieError

if TYPE_CHECKING:
    from reflectie.app import ReflectieApp
    from reflectie.session import Session

TEXT_SAVE_DELAY = 0.4  # seconds of quiet typing before a text is written


class SavingScreen(Screen[None]):
    """Writes the session's changes: soon after typing stops (`_save_soon`), now (`_save_now`,
    Ctrl+S), and whatever is still pending when the screen goes. A failed write keeps the text on
    screen and says so in the title and a notification."""

    _pending: Timer | None = None

    @property
    def app_(self) -> ReflectieApp:
        return cast("ReflectieApp", self.app)

    @property
    def session(self) -> Session:
        return self.app_.session

    def _saved(self) -> None:
        """After every write attempt (a screen may show its progress again)."""

    def _save_now(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        had_changes = self.session.has_changes
        try:
            self.session.save()
        except ReflectieError as exc:
            self.sub_title = "NIET BEWAARD — je antwoord blijft hier staan"
            self.app_.report_save(str(exc))
        else:
            if had_changes:
                self.sub_title = f"bewaard om {datetime.now():%H:%M:%S}"
        self._saved()

    def _save_soon(self) -> None:
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(TEXT_SAVE_DELAY, self._save_now)

    def action_save(self) -> None:
        self._save_now()

    def on_unmount(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
            try:
                self.session.save()
            except ReflectieError as exc:
                self.app_.report_save(str(exc))
