"""The start screen: choose what to do, and which round."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from reflectie.labels import default_round_label

CHOICES = [
    ("micro", "Zelfreflectie (micro)", "Ik als hulpverlener: vijf thema's, mijn positie, reflecties en actie."),
    ("meso", "Mijn organisatie (meso)", "Hoe werkt mijn organisatie? Voor teamcoaches en stafmedewerkers."),
    ("beide", "Beide niveaus", "Micro en meso samen, zodat je de kloof tussen beide ziet."),
    ("rondes", "Mijn rondes", "Eerdere rondes bekijken en vergelijken: wat veranderde er?"),
    ("intervisie", "Intervisie: team vergelijken", "De gedeelde bestanden van een team samen bekijken, anoniem."),
    ("werkgroep", "Werkgroep: organisaties vergelijken", "Organisaties van een regio naast elkaar en over de tijd."),
    ("opvolging", "Werkgroep: IROJ-opvolging",
     "De IROJ-maatregelen opvolgen, en de implementatie in je organisatie."),
    ("vragenbank", "Vragenbank", "Alle thema's, indicatoren en bewustwordingsvragen."),
    ("visienota", "Over de visienota", "Het kader van de nota: drie finaliteiten en de basis in het decreet."),
    ("profiel", "Profiel", "Naam, organisatie, team en sector aanpassen."),
    ("help", "Help", "Uitleg over de thema's, de ladder en de toetsen."),
    ("eenvoudig", "Eenvoudige modus",
     "Gewone tekst, ook voor schermlezers. Start: reflectie --eenvoudig"),
]


class StartScreen(Screen):
    BINDINGS = []

    def compose(self) -> ComposeResult:
        session = self.app.session
        yield Header()
        with Vertical(id="start"):
            yield Static("Wat wil je doen?", classes="title")
            with Horizontal(id="round-row"):
                yield Label("Ronde:")
                yield Input(session.profile.last_round or default_round_label(), id="round", placeholder="bv. 2026-najaar")
            yield OptionList(
                *[Option(f"[b]{title}[/b]\n  [dim]{help_}[/dim]", id=key) for key, title, help_ in CHOICES],
                id="menu",
            )
        yield Footer()

    def on_mount(self) -> None:
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = 0
        menu.focus()

    def _open_round(self) -> bool:
        from reflectie.session import round_id_for

        label = round_id_for(self.query_one("#round", Input).value) or default_round_label()
        self.query_one("#round", Input).value = label
        return self.app.open_round(label)

    @on(Input.Submitted, "#round")
    def _round(self) -> None:
        self.query_one("#menu", OptionList).focus()

    @on(OptionList.OptionSelected, "#menu")
    def choose(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        app = self.app
        if key in ("micro", "meso", "beide"):
            if self._open_round():
                app.open_levels(("micro", "meso") if key == "beide" else (key,))
        elif key == "rondes":
            app.open_history()
        elif key == "intervisie":
            app.open_compare("team")
        elif key == "werkgroep":
            app.open_compare("organisatie")
        elif key == "opvolging":
            if self._open_round():
                app.open_checklist("iroj")
        elif key == "vragenbank":
            app.open_bank()
        elif key == "visienota":
            app.open_frame()
        elif key == "profiel":
            app.open_profile()
        elif key == "help":
            app.action_help()
        elif key == "eenvoudig":
            app.switch_to_plain()
