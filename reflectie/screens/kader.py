"""'Over de visienota': the nota's frame (its sections 2 and 3) in the project's own words."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from reflectie.bank import BankError, load_frame


class KaderScreen(Screen[None]):
    CSS_PATH = "reference.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug", id="back"),
        Binding("b", "glossary", "Begrippen", id="glossary"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reference"):
            try:
                frame = load_frame()
            except BankError as exc:
                yield Static(Text(f"Deze tekst kan niet gelezen worden: {exc}"))
            else:
                yield Static(Text(frame.title), classes="title")
                yield Static(Text(frame.intro))
                for section in frame.sections:
                    yield Static(Text(section.title), classes="section")
                    yield Static(Text(section.text))
                    yield Static(Text(f"Bron: {section.source}"), classes="source")
        yield Footer()

    def action_glossary(self) -> None:
        self.app.open_glossary()  # type: ignore[attr-defined]
