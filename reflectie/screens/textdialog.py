"""A dialog that shows a plain text (a list of file names, a long explanation), closed with Escape."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class TextDialog(ModalScreen[None]):
    """``body`` and ``note`` are plain text, never markup (they may hold file names)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "close", "Sluiten", id="close")]

    def __init__(self, title: str, body: str, note: str = ""):
        super().__init__()
        self.title_text = title
        self.body = body
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="title")
            if self.note:
                yield Static(Text(self.note), classes="dim")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Text(self.body))
            with Horizontal(classes="buttons"):
                yield Button("Sluiten", id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
