"""A yes/no question before something that cannot be undone (overwrite a file, delete a round)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Dismisses with True (confirmed) or False. ``message`` is plain text, never markup."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="cancel")]

    def __init__(self, title: str, message: str, confirm: str, *, danger: bool = False):
        super().__init__()
        self.title_text = title
        self.message = message
        self.confirm = confirm
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static(Text(self.title_text), classes="title")
            yield Static(Text(self.message))
            with Horizontal(classes="buttons"):
                yield Button(self.confirm, id="yes", variant="error" if self.danger else "primary")
                yield Button("Annuleren", id="no")

    def on_mount(self) -> None:
        # something dangerous starts on 'Annuleren', so a hasty Enter never deletes
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(False)
