"""First run: what the tool is, privacy, and the profile (also used to edit the profile later)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Header, Input, Label, Select, Static

from reflectie.clean import clean_line
from reflectie.model import SECTORS
from reflectie.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from reflectie.app import ReflectieApp

# One Static with fixed markup (no user text), not a Markdown widget: that one imports a Markdown
# parser and builds a widget per paragraph, which made the first screen of a new user 2x slower.
WELCOME = (
    "Met reflectie sta je stil bij de [b]vermaatschappelijking van de jeugdhulp[/b]. De visienota "
    "van Oost-Vlaanderen vertrekt van drie pedagogische finaliteiten:\n\n"
    "1. [b]gewoon waar mogelijk[/b]: jeugdhulp is een vangnet, pas nodig als het gezin en de "
    "omgeving vastlopen;\n"
    "2. [b]eigen kracht en netwerk versterken[/b]: de jeugdhulp versterkt mensen en hun "
    "leefomgeving en verhoogt hun participatie;\n"
    "3. [b]een volwaardige plek in de samenleving[/b]: voor elke jongere, met emancipatie, "
    "participatie en gelijke menselijke waardigheid.\n\n"
    "In welke mate legt jouw werk, en dat van je organisatie, de regie bij het cliëntsysteem? Je "
    "overloopt vijf thema's uit de visienota, op [b]micro[/b]niveau (jij) en [b]meso[/b]niveau (je "
    "organisatie).\n\n"
    "• Alles blijft [b]op deze computer[/b], in een map die enkel jij kan lezen. Er wordt niets "
    "verstuurd.\n"
    "• Je bepaalt zelf wat je deelt met je team: enkel teksten die je als [i]delen[/i] aanduidt, "
    "en nooit je naam.\n"
    "• [b]Schrijf geen namen of herkenbare details van cliënten[/b] (beroepsgeheim). Je "
    "reflecties gaan over je eigen praktijk."
)

OTHER = "__andere__"


class WelcomeScreen(Screen[None]):
    CSS_PATH = "welcome.tcss"
    HELP_TITLE = "je profiel"
    BINDINGS = [
        Binding("escape", "cancel", "Terug", id="back"),
        Binding("ctrl+s", "save", "Bewaren", id="save", tooltip="Profiel bewaren en verder"),
    ]

    @property
    def app_(self) -> ReflectieApp:
        return cast("ReflectieApp", self.app)

    def __init__(self, first_run: bool):
        super().__init__()
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="welcome"):
            if self.first_run:
                yield Static("Welkom bij reflectie", classes="title")
                yield Static(WELCOME)
            else:
                yield from self._form()
        yield KeysFooter()

    def _form(self) -> list[Widget]:
        p = self.app_.session.profile.participant
        options = [(s, s) for s in SECTORS] + [("Andere …", OTHER)]
        known = p.sector in SECTORS
        return [
            Label("Je profiel", classes="section"),
            Label("Naam (optioneel, komt nooit in een gedeeld bestand)"),
            Input(p.name, id="naam", placeholder="bv. je voornaam"),
            Label("Organisatie"),
            Input(p.organisation, id="organisatie", placeholder="bv. CAW Oost"),
            Label("Team"),
            Input(p.team, id="team", placeholder="bv. Team Noord"),
            Label("Sector"),
            Select(
                options,
                value=p.sector if known else (OTHER if p.sector else Select.NULL),
                id="sector",
                prompt="Kies een sector",
            ),
            Input(
                p.sector if not known else "",
                id="sector-andere",
                placeholder="andere sector",
                classes="" if (p.sector and not known) else "hidden",
            ),
            Label(
                Text(f"Je pseudoniem: {p.id} (willekeurig; niemand kan je eraan herkennen)"),
                classes="dim",
            ),
            *([] if self.first_run else self._set_switches()),
            Horizontal(Button("Bewaren en verder", id="save", variant="primary"),
                       classes="buttons"),
        ]

    def _set_switches(self) -> list[Widget]:
        """The further sets (other frameworks), each with a tick box; off by default."""
        from reflectie.bank import BankError, available_sets
        from reflectie.widgets.items import Tick  # not on the first run: its screen comes fast

        try:
            self.sets = available_sets()
        except BankError:
            self.sets = []
        if not self.sets:
            return []
        chosen = set(self.app.session.profile.question_sets)  # type: ignore[attr-defined]
        return [
            Label("Andere kaders", classes="section", id="sets-title"),
            Static(
                "Vragen uit andere kaders dan de visienota, als extra thema's na de vijf "
                "thema's. Ze staan los van de visienota en tellen niet mee in je profiel.",
                classes="dim",
            ),
            *(
                Tick(title, set_id in chosen, id=f"set-{index}", classes="set-switch")
                for index, (set_id, title) in enumerate(self.sets)
            ),
        ]

    sets: list[tuple[str, str]] = []

    def _chosen_sets(self) -> list[str] | None:
        """The sets ticked now, or None when this screen has no switches."""
        from reflectie.widgets.items import Tick

        if not self.sets or not self.query(".set-switch"):
            return None
        return [
            set_id
            for index, (set_id, _title) in enumerate(self.sets)
            if self.query_one(f"#set-{index}", Tick).value
        ]

    def on_mount(self) -> None:
        if self.first_run:
            # the words first, the form 50 ms later: Textual writes a frame to the terminal from
            # another thread, which mounting the form at once would hold up (measured: the words
            # came only with the form)
            self.set_timer(0.05, self._show_form)
        else:
            self._focus_form()

    async def _show_form(self) -> None:
        boxes = self.query("#welcome").results(VerticalScroll)
        box = next(boxes, None)
        if box is None or not self.is_attached:
            return  # the app quit within the first 50 ms: there is no form to show
        await box.mount_all(self._form())
        if self.query("#naam"):  # not when the app quit while the form was mounted
            self._focus_form()

    def _focus_form(self) -> None:
        # the welcome text is read from its start; the name field has focus for typing
        self.query_one("#naam", Input).focus(scroll_visible=False)
        welcome = self.query_one("#welcome")
        welcome.scroll_home(animate=False)
        self.call_after_refresh(welcome.scroll_home, animate=False)  # also once the form is laid out

    @on(Select.Changed, "#sector")
    def _sector(self, event: Select.Changed) -> None:
        self.query_one("#sector-andere").set_class(event.value != OTHER, "hidden")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _typed(self) -> None:
        """Keep what the form holds: when the app quits, its fields are gone before this screen
        is unmounted, and what was typed is saved from here."""
        self._latest = self._form_values()

    _latest: dict[str, Any] | None = None

    def _form_values(self) -> dict[str, Any] | None:
        """The profile fields as the form holds them now; None while the form is not there."""
        if not self.query("#naam"):
            return None  # the form is not there yet (a key within its first 50 ms)
        values: dict[str, Any] = {
            "name": self.query_one("#naam", Input).value,
            "organisation": self.query_one("#organisatie", Input).value,
            "team": self.query_one("#team", Input).value,
        }
        sector = self.query_one("#sector", Select).value
        if sector == OTHER:
            values["sector"] = self.query_one("#sector-andere", Input).value
        elif isinstance(sector, str):
            values["sector"] = sector
        sets = self._chosen_sets()
        if sets is not None:
            values["question_sets"] = sets
        return values

    def _differs(self, values: dict[str, Any]) -> bool:
        """True when the form holds something else than the saved profile."""
        profile = self.app_.session.profile
        p = profile.participant
        saved: dict[str, Any] = {
            "name": p.name,
            "organisation": p.organisation,
            "team": p.team,
            "sector": p.sector,
            "question_sets": list(profile.question_sets),
        }
        return any(
            (clean_line(value).strip() if isinstance(value, str) else value) != saved[key]
            for key, value in values.items()
        )

    def save(self) -> None:
        from reflectie.errors import ReflectieError

        values = self._form_values()
        if values is None:
            return
        session = self.app_.session
        sets_before = list(session.profile.question_sets)
        try:
            session.update_profile(**values, welcomed=True)
        except ReflectieError as exc:
            self.app.notify(str(exc), title="Profiel niet bewaard", severity="error")
            return
        self._latest = None
        session.first_run = False
        message = "Profiel bewaard."
        if session.profile.question_sets != sets_before and session.profile.question_sets:
            message += " De andere kaders staan in het themaoverzicht, na de vijf thema's."
        self.app.notify(message)
        self.dismiss()

    def action_cancel(self) -> None:
        """Esc: the first run and a changed profile are saved (as every answer is), and a
        profile that cannot be saved keeps the screen open with the reason; else just back."""
        values = self._form_values()
        if self.first_run or (values is not None and self._differs(values)):
            self.save()
        else:
            self.dismiss()

    def on_unmount(self) -> None:
        """The app quits (Ctrl+Q) with changes typed in the profile: they are saved, as the
        answer screens save theirs. The first run is left as it was: its welcome comes again."""
        values = self._latest
        if self.first_run or values is None or not self._differs(values):
            return
        from reflectie.errors import ReflectieError

        try:
            self.app_.session.update_profile(**values)
        except ReflectieError as exc:
            self.app_.report_save(str(exc))
