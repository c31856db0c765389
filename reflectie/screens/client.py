"""Cliëntmodus: young people and parents answer for themselves, on the worker's device or in a
browser.

Two screens: ``ClientSetupScreen`` is the worker's (organisation, team, round, and plainly whether
the answers will be sealed), ``ClientModeScreen`` is the client's: full screen, nothing of the
worker's data, one question at a time with large choices (number keys, arrows and Enter, or a
click/tap), a thank-you, then back to the welcome for the next person. It is left only with Ctrl+Q
and the stop code that the setup screen showed the worker; Escape does nothing there. The logic
lives in ``reflectie.clientstem.ClientRecorder``.

``reflectie client`` runs ``ClientApp``: the setup screen and the mode, without the worker's app (no
command palette, no other screens), so it can also be what ``textual-serve`` starts for a tablet.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Input, Label, Static

from reflectie.clientstem import DECLINED, ClientRecorder, ClientSetup
from reflectie.clientvragen import DECLINE_LABEL, WHO, Questionnaire
from reflectie.errors import ReflectieError

IDLE_SECONDS = 10 * 60  # a client who walks away: their unsaved answers are dropped
RESET_SECONDS = 25  # the thank-you stays this long, then the welcome returns
STOP_CODE_DIGITS = 4


def new_stop_code() -> str:
    """A random code the worker types to leave the mode (shown on the setup screen only)."""
    import secrets

    return "".join(secrets.choice("123456789") for _ in range(STOP_CODE_DIGITS))


class StopCodeGuard:
    """The stop code and the wrong tries. A code of four digits is guessed in seconds by someone who
    just keeps typing, so after ``FREE_TRIES`` wrong codes every try waits, twice as long each time
    (30 s, 60 s, 2 min, …); while it waits even the right code is refused."""

    FREE_TRIES = 3
    WAIT_SECONDS = 30.0

    def __init__(self, code: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.code = code
        self.wrong = 0
        self.locked_until = 0.0
        self._clock = clock

    def attempt(self, typed: str) -> tuple[bool, str]:
        """(leave?, the message to show)."""
        now = self._clock()
        if now < self.locked_until:
            wait = math.ceil(self.locked_until - now)
            return False, f"Te veel foute codes. Probeer opnieuw over {wait} seconden."
        if typed.strip() == self.code:
            self.wrong = 0
            return True, ""
        self.wrong += 1
        if self.wrong < self.FREE_TRIES:
            return False, "Dat is niet de stopcode. Je blijft in de cliëntmodus."
        wait = self.WAIT_SECONDS * 2 ** (self.wrong - self.FREE_TRIES)
        self.locked_until = now + wait
        return False, (f"Dat is niet de stopcode. Na {self.wrong} foute codes kan je pas over "
                       f"{int(wait)} seconden opnieuw proberen.")


class Choice(Static, can_focus=True):
    """One large answer: its number key, its text; chosen by the key, Enter, space or a click."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,space", "choose", show=False)]

    class Chosen(Message):
        def __init__(self, choice: Choice) -> None:
            self.choice = choice
            super().__init__()

    def __init__(
        self,
        key: str,
        label: str,
        value: tuple[str, int | str | None],
        selected: bool = False,
        **kwargs: Any,
    ) -> None:
        text = Text.assemble((f"{key}  ", "bold"), label)  # label is data, never markup
        if selected:
            text.append("   ✓ jouw antwoord", style="italic")
        super().__init__(text, **kwargs)
        self.key = key
        self.value = value
        self.set_class(selected, "-selected")

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_choose()


class LeaveDialog(ModalScreen[bool]):
    """Only the worker leaves: type the stop code shown on the setup screen. Escape stays in the
    mode."""

    CSS_PATH = "client.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stay", show=False)]

    def __init__(self, guard: StopCodeGuard) -> None:
        super().__init__()
        self.guard = guard

    def compose(self) -> ComposeResult:
        with Vertical(id="leave"):
            yield Static("Cliëntmodus verlaten", classes="title")
            yield Static(
                Text(
                    "Alleen voor de hulpverlener: typ de stopcode en druk op Enter. De code stond "
                    "op het scherm waar je de cliëntmodus startte. Wie nu aan het antwoorden is, "
                    "verliest die antwoorden. Met Escape ga je terug."
                )
            )
            yield Input(id="leave-code", password=True, max_length=12)
            yield Static("", id="leave-error", classes="dim")

    def on_mount(self) -> None:
        self.query_one("#leave-code", Input).focus()

    @on(Input.Submitted, "#leave-code")
    def _submitted(self, event: Input.Submitted) -> None:
        leave, message = self.guard.attempt(event.value)
        if leave:
            self.dismiss(True)
        else:
            event.input.value = ""
            self.query_one("#leave-error", Static).update(Text(message))

    def action_stay(self) -> None:
        self.dismiss(False)


class ClientModeScreen(Screen[int], inherit_bindings=False):
    """The client's screen. Shows nothing of the worker's data; dismissed with the number of saved
    files."""

    CSS_PATH = "client.tcss"
    LOCKED = True  # the app refuses its own actions (quit, palette, help, theme) while this is open
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "ask_leave", show=False, priority=True),
        Binding("tab,down", "app.focus_next", show=False),
        Binding("shift+tab,up", "app.focus_previous", show=False),
        Binding("left,backspace", "previous", show=False),
    ]

    def __init__(self, recorder: ClientRecorder, stop_code: str) -> None:
        super().__init__()
        self.recorder = recorder
        self.stop_code = stop_code
        self.guard = StopCodeGuard(stop_code)  # the wrong tries count across openings of the dialog
        self.step = "welkom"
        self.index = 0
        self.problem = ""  # the last save failure, for the worker (never shown to the client)
        self._last_activity = time.monotonic()
        self._reset_timer: Timer | None = None
        self._paused_at = 0  # the question a client left for the 'stoppen?' page
        self._thanks_who = WHO[0]  # the version whose thank-you is shown after saving

    @property
    def questionnaire(self) -> Questionnaire:
        return self.recorder.questionnaire

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="client-page")

    def on_mount(self) -> None:
        self.set_interval(30, self._check_idle)
        self.show("welkom")

    # --- pages ------------------------------------------------------------------------------

    def show(self, step: str, index: int = 0) -> None:
        self.step, self.index = step, index
        if self._reset_timer is not None:
            self._reset_timer.stop()
            self._reset_timer = None
        page = self.query_one("#client-page", VerticalScroll)
        page.remove_children()
        page.mount_all(getattr(self, f"_page_{step}")())
        page.scroll_home(animate=False)
        if step in ("bedankt", "gestopt"):
            self._reset_timer = self.set_timer(RESET_SECONDS, self.reset)
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        choices = list(self.query(Choice))
        selected = [c for c in choices if c.has_class("-selected")]
        if selected or choices:
            (selected or choices)[0].focus()

    def _lines(self, lines: Iterable[str], classes: str = "client-text") -> list[Widget]:
        return [Static(Text(line), classes=classes) for line in lines]

    def _page_welkom(self) -> list[Widget]:
        widgets: list[Widget] = [
            Static(Text("Hallo!"), classes="client-title"),
            Static(
                Text("Wil je ons helpen om de hulp beter te maken? Wie ben jij?"),
                classes="client-text",
            ),
        ]
        for number, who in enumerate(WHO, 1):
            widgets.append(
                Choice(str(number), self.questionnaire.version(who).choice, ("wie", who))
            )
        widgets.append(Choice(str(len(WHO) + 1), "Ik doe liever niet mee", ("nee", None)))
        return widgets

    def _page_uitleg(self) -> list[Widget]:
        from reflectie.rules import CLIENT_MIN_GROUP

        version = self.questionnaire.version(self._who)
        widgets: list[Widget] = [Static(Text(version.title), classes="client-title")]
        widgets += self._lines(version.intro_lines(self.recorder.setup.sealed, CLIENT_MIN_GROUP))
        widgets.append(Choice("1", "Ik doe mee", ("start", None)))
        widgets.append(Choice("2", "Ik doe niet mee", ("nee", None)))
        return widgets

    @property
    def _who(self) -> str:
        assert self.recorder.current is not None
        return self.recorder.current.who

    def _page_vraag(self) -> list[Widget]:
        items = self.recorder.items
        item = items[self.index]
        current = self.recorder.current.choice(item.id) if self.recorder.current else None
        widgets: list[Widget] = [
            Static(Text(f"Vraag {self.index + 1} van {len(items)}"), classes="client-progress"),
            Static(Text(item.text(self._who)), classes="client-question"),
            Static(Text(item.prompt), classes="client-prompt"),
        ]
        for level in item.scale.levels:
            widgets.append(
                Choice(
                    str(level.value),
                    level.name,
                    ("antwoord", level.value),
                    selected=current == level.value,
                )
            )
        widgets.append(
            Choice(
                "0",
                DECLINE_LABEL,
                ("antwoord", DECLINED),
                selected=current == DECLINED,
                classes="decline",
            )
        )
        with_back = Horizontal(
            Button("← Vorige vraag", id="client-back", compact=True, disabled=self.index == 0),
            Button("Stoppen", id="client-stop", compact=True),
            classes="client-nav",
        )
        widgets.append(with_back)
        return widgets

    def _page_klaar(self) -> list[Widget]:
        return [
            Static(Text("Dat waren alle vragen."), classes="client-title"),
            Static(Text("Wil je je antwoorden bewaren?"), classes="client-text"),
            Choice("1", "Ja, bewaar mijn antwoorden", ("bewaar", None)),
            Choice("2", "Ik wil nog iets veranderen", ("terug", None)),
            Choice("3", "Nee, niets bewaren", ("nee", None)),
        ]

    def _page_stoppen(self) -> list[Widget]:
        return [
            Static(Text("Wil je stoppen?"), classes="client-title"),
            Static(Text("Dan wordt er niets bewaard. Dat is oké."), classes="client-text"),
            Choice("1", "Ja, stoppen", ("nee", None)),
            Choice("2", "Nee, ik ga verder", ("verder", None)),
        ]

    def _page_mislukt(self) -> list[Widget]:
        return [
            Static(Text("Er ging iets mis bij het bewaren."), classes="client-title"),
            Static(
                Text(
                    "Je antwoorden zijn nog niet bewaard. Probeer opnieuw, of geef het toestel "
                    "terug aan je hulpverlener."
                ),
                classes="client-text",
            ),
            Choice("1", "Opnieuw proberen", ("bewaar", None)),
            Choice("2", "Niets bewaren", ("nee", None)),
        ]

    def _page_bedankt(self) -> list[Widget]:
        version = self.questionnaire.version(self._thanks_who)
        widgets: list[Widget] = [Static(Text(version.thanks[0]), classes="client-title")]
        widgets += self._lines(version.thanks[1:])
        widgets.append(Choice("1", "Klaar", ("opnieuw", None)))
        return widgets

    def _page_gestopt(self) -> list[Widget]:
        return [
            Static(Text("Oké, dat is goed."), classes="client-title"),
            Static(
                Text("Er is niets bewaard. Geef het toestel terug aan je hulpverlener."),
                classes="client-text",
            ),
            Choice("1", "Klaar", ("opnieuw", None)),
        ]

    # --- input --------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        self._last_activity = time.monotonic()
        if event.character and event.character.isdigit():
            for choice in self.query(Choice):
                if choice.key == event.character:
                    event.stop()
                    choice.focus()
                    self._chosen(choice)
                    return

    def on_click(self, event: events.Click) -> None:
        self._last_activity = time.monotonic()

    @on(Choice.Chosen)
    def _on_choice(self, event: Choice.Chosen) -> None:
        self._last_activity = time.monotonic()
        self._chosen(event.choice)

    def _chosen(self, choice: Choice) -> None:
        kind, value = choice.value
        if kind == "wie":
            self.recorder.start(str(value))
            self.show("uitleg")
        elif kind == "start":
            self.show("vraag", 0)
        elif kind == "antwoord":
            item = self.recorder.items[self.index]
            assert value is not None  # an answer's choice carries a value or DECLINED
            self.recorder.choose(item.id, value)
            if self.index + 1 < len(self.recorder.items):
                self.show("vraag", self.index + 1)
            else:
                self.show("klaar")
        elif kind == "terug":
            self.show("vraag", len(self.recorder.items) - 1)
        elif kind == "verder":
            self.show("vraag", self._paused_at)
        elif kind == "bewaar":
            self._save()
        elif kind == "nee":
            self.recorder.discard()
            self.show("gestopt")
        elif kind == "opnieuw":
            self.reset()

    def _save(self) -> None:
        who = self._who
        try:
            self.recorder.save()
        except ReflectieError as exc:
            self.problem = str(exc)
            self.show("mislukt")
            return
        self.problem = ""
        self._thanks_who = who
        self.show("bedankt")

    @on(Button.Pressed, "#client-back")
    def _back_button(self) -> None:
        self.action_previous()

    @on(Button.Pressed, "#client-stop")
    def _stop_button(self) -> None:
        self._paused_at = self.index
        self.show("stoppen")

    def action_previous(self) -> None:
        if self.step == "vraag" and self.index > 0:
            self.show("vraag", self.index - 1)
        elif self.step == "klaar":
            self.show("vraag", len(self.recorder.items) - 1)
        elif self.step == "uitleg":  # chose the wrong version: back to 'wie ben jij?'
            self.reset()

    def reset(self) -> None:
        """Forget the current client and greet the next one."""
        self.recorder.discard()
        self.show("welkom")

    def _check_idle(self) -> None:
        if self.step not in ("welkom",) and time.monotonic() - self._last_activity > IDLE_SECONDS:
            self.reset()

    # --- leaving (the worker) -----------------------------------------------------------------

    def action_ask_leave(self) -> None:
        if isinstance(self.app.screen, LeaveDialog):
            return

        def done(leave: bool | None) -> None:
            if leave:
                self.recorder.discard()
                self.dismiss(self.recorder.saved)

        self.app.push_screen(LeaveDialog(self.guard), done)


class ClientSetupScreen(Screen[None]):
    """The worker prepares the mode: where the answers count, and whether they will be sealed."""

    CSS_PATH = "client.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Terug", id="back")]

    def __init__(
        self,
        round_label: str | None = None,
        organisation: str | None = None,
        team: str | None = None,
        folder: Path | None = None,
        standalone: bool = False,
        direct: bool = False,
        stop_code: str | None = None,
    ) -> None:
        super().__init__()
        self.initial = (round_label, organisation, team, folder)
        self.standalone = standalone
        # served to a tablet: the mode starts at once and leaving it ends the session, so a client
        # who reloads the page gets a new client mode, never this screen with its code and fields
        self.direct = direct
        self.stop_code = stop_code or new_stop_code()
        self.saved_total = 0
        self.key_problem = ""
        self.setup: ClientSetup | None = None
        self._mode: ClientModeScreen | None = None

    def compose(self) -> ComposeResult:
        from reflectie.clientstem import setup_from_profile
        from reflectie.sealing import KeyFileError

        round_label, organisation, team, folder = self.initial
        try:
            self.setup = setup_from_profile(round_label, organisation, team, folder)
        except KeyFileError as exc:
            self.key_problem = str(exc)
        yield Header()
        with VerticalScroll(id="client-setup"):
            yield Static("Cliëntmodus: cliënten antwoorden zelf", classes="title")
            yield Static("", id="setup-status", classes="none")
            yield Static(
                Text(
                    "Jongeren (12+) en ouders beantwoorden zelf korte vragen over de hulp. Het "
                    "scherm toont dan niets van jouw gegevens. Start de modus en geef pas dan het "
                    "toestel door."
                ),
                id="setup-intro",
            )
            with Horizontal(classes="setup-row"):
                yield Label("Organisatie")
                yield Input(
                    self.setup.organisation if self.setup else "",
                    id="setup-organisation",
                    compact=True,
                )
            with Horizontal(classes="setup-row"):
                yield Label("Team")
                yield Input(self.setup.team if self.setup else "", id="setup-team", compact=True)
            with Horizontal(classes="setup-row"):
                yield Label("Ronde")
                yield Input(
                    self.setup.round_id if self.setup else "", id="setup-round", compact=True
                )
            yield Static("", id="setup-key")
            yield Static(
                Text.assemble(
                    "Stoppen in de cliëntmodus: Ctrl+Q, dan de stopcode ",
                    (self.stop_code, "bold reverse"),
                    " en Enter. Onthoud de code; Escape alleen doet niets.",
                ),
                id="setup-code",
            )
        with Horizontal(classes="buttons", id="setup-buttons"):
            yield Button("Start de cliëntmodus", id="setup-start", variant="primary", compact=True)
            yield Button("Sluiten" if self.standalone else "Terug", id="setup-close", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._show_key()
        self.query_one("#setup-start", Button).focus()
        if self.direct:
            self.query_one("#setup-code").display = False  # the code is on the server's terminal
            self.start()

    def _show_key(self) -> None:
        box = self.query_one("#setup-key", Static)
        if self.key_problem:
            box.update(
                Text(
                    f"De geïnstalleerde sleutel is onbruikbaar: {self.key_problem} Installeer ze "
                    "opnieuw met 'reflectie sleutel gebruik BESTAND'. Zolang start de cliëntmodus "
                    "niet."
                )
            )
            box.set_classes("key-warning")
            self.query_one("#setup-start", Button).disabled = True
            return
        assert self.setup is not None
        if self.setup.key is not None:
            label = f" ({self.setup.key.label})" if self.setup.key.label else ""
            from reflectie.sealing import private_keys

            if private_keys(include_demo=False).find(self.setup.key.fingerprint) is not None:
                box.update(
                    Text(
                        f"Sleutel geïnstalleerd: {self.setup.key.fingerprint}{label}. De "
                        "antwoorden worden verzegeld, maar dit toestel heeft ook de privésleutel: "
                        "hier kunnen ze dus wel gelezen worden. Gebruik voor cliënten liever een "
                        "toestel van het team."
                    )
                )
                box.set_classes("key-warning")
                return
            box.update(
                Text(
                    f"Sleutel geïnstalleerd: {self.setup.key.fingerprint}{label}. De antwoorden "
                    "worden verzegeld: op dit toestel kan niemand ze lezen, enkel de begeleider "
                    "met de privésleutel."
                )
            )
            box.set_classes("key-ok")
        else:
            box.update(
                Text(
                    "Geen sleutel geïnstalleerd: de antwoorden worden LEESBAAR bewaard op dit "
                    f"toestel ({self.setup.folder}), enkel voor jouw account. Cliënten krijgen "
                    "dat ook te lezen voor ze beginnen. Installeer de publieke sleutel van de "
                    "begeleider met 'reflectie sleutel gebruik BESTAND'."
                )
            )
            box.set_classes("key-warning")

    @on(Button.Pressed, "#setup-close")
    def action_close(self) -> None:
        if self.standalone:
            self.app.exit()
        else:
            self.app.pop_screen()

    @on(Button.Pressed, "#setup-start")
    def start(self) -> None:
        from reflectie.clean import clean_line
        from reflectie.clientvragen import default_questionnaire
        from reflectie.session import round_id_for

        if self.setup is None:
            return
        self.setup.organisation = clean_line(
            self.query_one("#setup-organisation", Input).value
        ).strip()
        self.setup.team = clean_line(self.query_one("#setup-team", Input).value).strip()
        round_input = self.query_one("#setup-round", Input)
        self.setup.round_id = round_id_for(round_input.value)
        round_input.value = self.setup.round_id
        try:
            self.setup.check()
            questionnaire = default_questionnaire()
        except ReflectieError as exc:
            self._status(str(exc))
            return
        self._status("")
        self._mode = ClientModeScreen(ClientRecorder(self.setup, questionnaire), self.stop_code)
        self.app.push_screen(self._mode, self._after_mode)

    def _after_mode(self, saved: int | None) -> None:
        if self.direct:
            self.app.exit()
            return
        self.saved_total += saved or 0
        from reflectie.dutch import count

        line = (
            "Cliëntmodus verlaten. In deze sessie bewaard: "
            f"{count(self.saved_total, 'antwoord', 'antwoorden')} in "
            f"{self.setup.folder if self.setup else ''}."
        )
        if self._mode is not None and self._mode.problem:
            line += f" Het laatste bewaren mislukte: {self._mode.problem}"
        self._status(line)

    def _status(self, line: str) -> None:
        status = self.query_one("#setup-status", Static)
        status.update(Text(line))
        status.set_class(not line, "none")


class ClientApp(App[None], inherit_bindings=False):
    """``reflectie client``: only the setup and the client mode, nothing else of the worker's
    app."""

    TITLE = "reflectie"
    SUB_TITLE = "cliëntmodus"
    CSS_PATH = ["common.tcss", "client.tcss"]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Stoppen", priority=True)]

    def __init__(
        self,
        round_label: str | None = None,
        organisation: str | None = None,
        team: str | None = None,
        folder: Path | None = None,
        direct: bool = False,
        stop_code: str | None = None,
    ) -> None:
        super().__init__()
        self.options = (round_label, organisation, team, folder)
        self.direct = direct
        self.stop_code = stop_code
        from reflectie.profile import load_profile

        profile = load_profile()
        self.theme = "textual-light" if profile is not None and not profile.dark else "textual-dark"

    def get_default_screen(self) -> Screen[None]:
        return ClientSetupScreen(*self.options, standalone=True, direct=self.direct,
                                 stop_code=self.stop_code)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return client_mode_allows(self, action)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        if not client_mode_active(self):
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


# --- the hooks the worker's app uses too ----------------------------------------------------------

CLIENT_MODE_APP_ACTIONS = {"focus_next", "focus_previous"}


def client_mode_active(app: App[Any]) -> bool:
    return any(getattr(screen, "LOCKED", False) for screen in app.screen_stack)


def client_mode_allows(app: App[Any], action: str) -> bool:
    """While the client mode is open, the app's own actions (quit, command palette, help, theme,
    Ctrl+C hint) are refused; only moving the focus stays."""
    return action in CLIENT_MODE_APP_ACTIONS or not client_mode_active(app)
