"""First run: what the tool is, privacy, and the profile (also used to edit the profile later)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Markdown, Select

from reflectie.model import SECTORS
from reflectie.widgets.footer import KeysFooter

WELCOME = """\
## Welkom bij reflectie

Met reflectie sta je stil bij de **vermaatschappelijking van de jeugdhulp**. De visienota van
Oost-Vlaanderen vertrekt van drie pedagogische finaliteiten:

1. **gewoon waar mogelijk**: jeugdhulp is een vangnet, pas nodig als het gezin en de omgeving
   vastlopen;
2. **eigen kracht en netwerk versterken**: de jeugdhulp versterkt mensen en hun leefomgeving en
   verhoogt hun participatie;
3. **een volwaardige plek in de samenleving**: voor elke jongere, met emancipatie, participatie en
   gelijke menselijke waardigheid.

In welke mate legt jouw werk, en dat van je organisatie, de regie bij het cliëntsysteem? Je
overloopt vijf thema's uit de visienota, op **micro**niveau (jij) en **meso**niveau (je
organisatie).

* Alles blijft **op deze computer**, in een map die enkel jij kan lezen. Er wordt niets verstuurd.
* Je bepaalt zelf wat je deelt met je team: enkel teksten die je als *delen* aanduidt, en nooit
  je naam.
* **Schrijf geen namen of herkenbare details van cliënten** (beroepsgeheim). Je reflecties gaan
  over je eigen praktijk.
"""

OTHER = "__andere__"


class WelcomeScreen(Screen):
    CSS_PATH = "welcome.tcss"
    HELP_TITLE = "je profiel"
    BINDINGS = [
        Binding("escape", "cancel", "Terug", id="back"),
        Binding("ctrl+s", "save", "Bewaren", id="save", tooltip="Profiel bewaren en verder"),
    ]

    def __init__(self, first_run: bool):
        super().__init__()
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        p = self.app.session.profile.participant
        yield Header()
        with VerticalScroll(id="welcome"):
            if self.first_run:
                yield Markdown(WELCOME)
            yield Label("Je profiel", classes="section")
            yield Label("Naam (optioneel, komt nooit in een gedeeld bestand)")
            yield Input(p.name, id="naam", placeholder="bv. je voornaam")
            yield Label("Organisatie")
            yield Input(p.organisation, id="organisatie", placeholder="bv. CAW Oost")
            yield Label("Team")
            yield Input(p.team, id="team", placeholder="bv. Team Noord")
            yield Label("Sector")
            options = [(s, s) for s in SECTORS] + [("Andere …", OTHER)]
            known = p.sector in SECTORS
            yield Select(
                options,
                value=p.sector if known else (OTHER if p.sector else Select.NULL),
                id="sector",
                prompt="Kies een sector",
            )
            yield Input(
                p.sector if not known else "",
                id="sector-andere",
                placeholder="andere sector",
                classes="" if (p.sector and not known) else "hidden",
            )
            yield Label(
                Text(f"Je pseudoniem: {p.id} (willekeurig; niemand kan je eraan herkennen)"),
                classes="dim",
            )
            with Horizontal(classes="buttons"):
                yield Button("Bewaren en verder", id="save", variant="primary")
        yield KeysFooter()

    def on_mount(self) -> None:
        # the welcome text is read from its start; the name field has focus for typing
        self.query_one("#naam", Input).focus(scroll_visible=False)
        self.query_one("#welcome").scroll_home(animate=False)

    @on(Select.Changed, "#sector")
    def _sector(self, event: Select.Changed) -> None:
        self.query_one("#sector-andere").set_class(event.value != OTHER, "hidden")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save()

    def save(self) -> None:
        from reflectie.errors import ReflectieError

        session = self.app.session
        changes = {
            "name": self.query_one("#naam", Input).value,
            "organisation": self.query_one("#organisatie", Input).value,
            "team": self.query_one("#team", Input).value,
            "welcomed": True,
        }
        sector = self.query_one("#sector", Select).value
        if sector == OTHER:
            changes["sector"] = self.query_one("#sector-andere", Input).value
        elif isinstance(sector, str):
            changes["sector"] = sector
        try:
            session.update_profile(**changes)
        except ReflectieError as exc:
            self.app.notify(str(exc), title="Profiel niet bewaard", severity="error")
            return
        session.first_run = False
        self.app.notify("Profiel bewaard.")
        self.dismiss()

    def action_cancel(self) -> None:
        if self.first_run:
            self.save()
        else:
            self.dismiss()
