"""The glossary: terms of the field, each with its source. Opened from F1 and the palette."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from reflectie.bank import BankError, GlossaryEntry, load_glossary, search_glossary


def entry_text(entry: GlossaryEntry) -> Text:
    """One entry as plain rich Text (the data file is never read as markup)."""
    text = Text(entry.term, style="bold")
    if entry.also:
        text.append(f"  ({', '.join(entry.also)})", style="dim")
    text.append("\n")
    text.append(entry.text)
    for source in entry.sources:
        text.append(f"\nBron: {source}", style="dim")
    return text


class BegrippenScreen(Screen[None]):
    CSS_PATH = "reference.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "Terug", id="back")]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[GlossaryEntry] = []
        self.error = ""
        try:
            self.entries = load_glossary()
        except BankError as exc:
            self.error = f"De lijst met begrippen kan niet gelezen worden: {exc}"

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="reference"):
            yield Static("Begrippen", classes="title")
            yield Static(
                "Woorden uit het werkveld, elk met de bron waar de uitleg vandaan komt.",
                classes="dim",
            )
            yield Input(placeholder="Zoek een begrip, bv. mandaat of IROJ", id="search")
            yield VerticalScroll(id="entries")
        yield Footer()

    def on_mount(self) -> None:
        self.show("")
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, query: str) -> None:
        box = self.query_one("#entries", VerticalScroll)
        box.remove_children()
        if self.error:
            box.mount(Static(Text(self.error), classes="entry"))
            return
        found = search_glossary(self.entries, query)
        if not found:
            box.mount(
                Static(
                    Text(f"Geen begrip gevonden met ‘{query}’. Maak de zoekterm korter."),
                    classes="entry",
                )
            )
            return
        box.mount_all(Static(entry_text(entry), classes="entry") for entry in found)
