"""Browse the question bank."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, MarkdownViewer

from reflectie.textout import bank_markdown


class BankScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Terug", id="back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield MarkdownViewer(bank_markdown(self.app.session.bank), show_table_of_contents=True, id="bank")
        yield Footer()
