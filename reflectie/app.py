"""The Textual app: small on purpose. Logic lives in the core and in the screen that owns it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel

from reflectie.labels import default_round_label
from reflectie.session import Session

if TYPE_CHECKING:
    from textual.screen import Screen

    from reflectie.screens.start import StartScreen

PALETTE_PLACEHOLDER = "Zoek een opdracht… (bv. exporteren, delen, nieuwe ronde)"
PLAIN = "eenvoudig"  # result of the app when the person continues in the eenvoudige modus
_SCREENS = Path(__file__).parent / "screens"


def theme_name(dark: bool, ansi: bool) -> str:
    """Textual's own colours, or the terminal's own palette (its ANSI themes), light or dark."""
    return f"{'ansi' if ansi else 'textual'}-{'dark' if dark else 'light'}"


class ReflectieCommands(Provider):
    """The command palette finds the main actions, in Dutch. It replaces Textual's own system
    commands (Keys, Quit, Screenshot, Theme), which would be English."""

    def _commands(self) -> list[tuple[str, Callable[[], object]]]:
        """(name, callback) of every command."""
        return [(name, callback) for name, _help, callback in self._entries()]

    def _entries(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(name, a line of explanation, callback) of every command."""
        app = self.app
        assert isinstance(app, ReflectieApp)
        return [
            (
                "Volgende onbeantwoorde vraag",
                "Ga verder bij de eerste vraag die nog open staat",
                app.open_next_open,
            ),
            (
                "Zelfreflectie (micro) openen",
                "Ik als hulpverlener",
                partial(app.open_levels, ("micro",)),
            ),
            (
                "Mijn organisatie (meso) openen",
                "Hoe werkt mijn organisatie?",
                partial(app.open_levels, ("meso",)),
            ),
            (
                "Beide niveaus openen",
                "Micro en meso samen",
                partial(app.open_levels, ("micro", "meso")),
            ),
            ("Exporteren", "Je ronde als HTML of Markdown, met al je antwoorden", app.open_export),
            ("Delen met team", "Een deelbaar bestand zonder naam, voor de teammap", app.open_share),
            ("Nieuwe ronde", "Een nieuwe ronde beginnen, bv. na een half jaar", app.open_new_round),
            (
                "Mijn rondes",
                "Rondes openen, vergelijken, opvolgen of verwijderen",
                app.open_history,
            ),
            ("Samenvatting van de ronde", "Het web, de verschillen en je acties", app.open_summary),
            ("Vragenbank bekijken", "Alle thema's, stellingen en vragen", app.open_bank),
            (
                "Begrippen (cliëntsysteem, consultfunctie, IROJ, …)",
                "Wat de woorden van de visienota betekenen",
                app.open_glossary,
            ),
            ("Over de visienota", "Drie finaliteiten en de basis in het decreet", app.open_frame),
            (
                "Intervisie: team vergelijken",
                "De gedeelde bestanden van een team",
                partial(app.open_compare, "team"),
            ),
            (
                "Werkgroep: organisaties vergelijken",
                "Organisaties van een regio",
                partial(app.open_compare, "organisatie"),
            ),
            (
                "Werkgroep: organisaties over de tijd",
                "Rondes naast elkaar",
                partial(app.open_compare, "ronde"),
            ),
            (
                "Cliëntmodus: cliënten antwoorden zelf",
                "Jongeren en ouders beantwoorden zelf enkele vragen, anoniem",
                app.open_client,
            ),
            (
                "Werkgroep: IROJ-opvolging (checklist)",
                "De aanbevelingen aan het IROJ opvolgen",
                partial(app.open_checklist, "iroj"),
            ),
            (
                "Organisatie: implementatie van de visienota (checklist)",
                "Hoe je organisatie de visienota invoert",
                partial(app.open_checklist, "implementatie"),
            ),
            ("Profiel aanpassen", "Naam, organisatie, team en sector", app.open_profile),
            ("Licht of donker thema", "Ook voor een projector (Ctrl+T)", app.action_toggle_theme),
            (
                "Kleuren van reflectie gebruiken"
                if app.current_theme.ansi
                else "Kleuren van je terminal gebruiken (ANSI)",
                "De kleuren van reflectie of die van je terminal",
                app.action_toggle_ansi,
            ),
            ("Eenvoudige modus", "Gewone tekst, ook voor schermlezers", app.switch_to_plain),
            ("Help", "De toetsen van dit scherm en uitleg (F1)", app.action_help),
            ("Stoppen", "reflectie sluiten; alles is al bewaard (Ctrl+Q)", app.action_quit),
        ]

    async def discover(self) -> Hits:
        for name, help_, callback in self._entries():
            yield DiscoveryHit(name, callback, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for name, help_, callback in self._entries():
            score = matcher.match(name)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_)
        if not found:
            app = self.app
            assert isinstance(app, ReflectieApp)
            # Textual would say "No matches found"; say it in Dutch, with a way on.
            yield Hit(
                0.01,
                "Niets gevonden — kies Help voor alle toetsen",
                app.action_help,
                text="Niets gevonden",
                help=f"Geen opdracht met '{query}'.",
            )


class ReflectieApp(App[str]):  # the result is PLAIN when the person continues in plain mode
    TITLE = "reflectie"
    SUB_TITLE = "vermaatschappelijking van de jeugdhulp"
    # Every screen's stylesheet is read once, early: a screen whose stylesheet Textual has not read
    # yet makes it re-read all CSS and restyle every widget of the app when it is pushed (50-130 ms
    # on the Intervisie screen). The first screen's are read at start, the others right after the
    # first frame (_read_other_css): parsing them before it cost 6 ms of a 200 ms start.
    CSS_PATH = ["screens/common.tcss", "screens/start.tcss", "screens/welcome.tcss"]
    # Under NO_COLOR nothing may rest on colour: where the cursor is and which field has the focus
    # get a text style and a border shape that show without colour.
    CSS = """
    OptionList:nocolor:focus > .option-list--option-highlighted,
    DataTable:nocolor:focus > .datatable--cursor,
    ToggleButton:nocolor:focus > .toggle--label { text-style: reverse bold; }
    Input:nocolor:focus, TextArea:nocolor:focus, OptionList:nocolor:focus, DataTable:nocolor:focus,
    RadioSet:nocolor:focus-within, ToggleButton:nocolor:focus, Button:nocolor:focus {
        border: double $border;
    }
    ChoiceList:nocolor:focus, QuestionBlock:nocolor:focus { border-left: double $border; }
    """
    COMMANDS = {ReflectieCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Stoppen", id="quit", priority=True),
        Binding("f1", "help", "Help", id="help"),
        Binding("ctrl+t", "toggle_theme", "Licht/donker", id="theme", show=False),
        Binding(
            "ctrl+p",
            "command_palette",
            "Opdrachten",
            id="palette",
            show=False,
            priority=True,
            tooltip="Alle opdrachten zoeken",
        ),
    ]

    def __init__(self, session: Session | None = None) -> None:
        super().__init__()
        self.session = session or Session()
        self.theme = theme_name(self.session.profile.dark, self.session.profile.ansi)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry file names, team names and reasons: never read them as markup.
        While the client mode is open they are not shown (they may name the worker's data)."""
        client = _client_module()
        if client is None or not client.client_mode_active(self):
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the client mode is open, the app's own keys (quit, palette, help, theme) do
        nothing."""
        client = _client_module()
        return client is None or client.client_mode_allows(self, action)

    def on_unmount(self) -> None:
        self.session.close()

    def _screen_changed(self, _screen: object) -> None:
        self.call_after_refresh(self.forget_removed_widgets)  # once the new screen shows

    def forget_removed_widgets(self) -> None:
        """Let go of the widgets that left the screen (after every screen change).

        Textual drops a removed widget's watchers (a Header watches the app's title) only when
        that value changes, and keeps 1,024 of its background-style results keyed by each
        widget's line cache, with all its drawn lines. Until then every removed Header, field
        and question stayed in memory: after 100 questionnaires opened and closed, 521 widgets
        and 309,000 objects were alive instead of 21 and 58,000, and each automatic full
        garbage collection paused the app for 100-250 ms instead of 30 ms (and kept growing).
        The rule for watchers is Textual's own: a node that is closing or closed no longer
        listens; the cache is only a cache.

        This reaches into Textual's internals (pinned to 8.2): where they are not as expected,
        that step does nothing."""
        nodes: list[object] = [self, *self.screen_stack]
        installed = getattr(self, "_installed_screens", None)  # kept screens, also when not shown
        if isinstance(installed, dict):
            nodes += [screen for screen in installed.values() if isinstance(screen, DOMNode)]
        for step in (_forget_background_cache, _forget_watchers):
            try:
                step(nodes)
            except Exception:  # noqa: BLE001 - Textual's internals differ: leave them as they are
                pass

    def get_default_screen(self) -> StartScreen:
        from reflectie.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.call_after_refresh(self._read_other_css)
        if self.session.first_run:  # the start screen under it is built when the welcome closes
            from reflectie.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(first_run=True), callback=self._welcomed)
        for problem in self.session.profile.problems:
            self.notify(problem, severity="warning", timeout=15)
        if not self.session.first_run:  # the welcome needs no bank: it is loaded after it
            self.call_after_refresh(self._check_bank)

    def _welcomed(self, _result: object = None) -> None:
        """The first run's welcome is closed: the start screen shows, and the bank is loaded."""
        self.call_after_refresh(self._check_bank)

    def _read_other_css(self) -> None:
        """The other screens' stylesheets, in the order of a start that reads them all: when two
        rules are equally specific the later one wins, so the result is the same as then."""
        stylesheet = self.stylesheet
        order = [os.path.abspath(path) for path in _stylesheets()]
        missing = [path for path in order if not stylesheet.has_source(path, "")]
        if not missing:
            return
        stylesheet.read_all([Path(path) for path in missing])
        first = {(path, ""): stylesheet.source[(path, "")] for path in order}
        stylesheet.source = {**first, **{k: v for k, v in stylesheet.source.items() if k not in first}}
        # parsed again (only the new sources: the others come from its cache) and applied, as
        # Textual does when it reads a screen's stylesheet; without parse() the rules found by
        # selector would stay those of before, until some other source came in
        stylesheet.parse()
        stylesheet.update(self)

    def _check_bank(self) -> None:
        """Load the question bank once the start screen shows; tell about refused user files."""
        from reflectie.bank import BankError

        try:
            problems = self.session.bank.problems
        except BankError as exc:
            self.notify(f"De vragenbank is beschadigd: {exc}", severity="error", timeout=30)
            return
        for problem in problems:
            self.notify(problem, severity="warning", timeout=15)

    # --- Dutch instead of Textual's English ---------------------------------------------------
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Only Dutch commands; the palette's own provider has them all."""
        yield SystemCommand("Stoppen", "reflectie sluiten; alles is al bewaard", self.action_quit)

    def action_command_palette(self) -> None:
        # Textual annotates is_open(app: App[object]); App is invariant, so no typed app fits
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=PALETTE_PLACEHOLDER)
            )

    def action_help_quit(self) -> None:
        """Ctrl+C copies in text fields; tell how to stop instead."""
        self.notify("Stoppen doe je met Ctrl+Q. Alles is al bewaard.", title="Wil je stoppen?")

    # --- navigation used by screens and the command palette ----------------------------
    def home(self) -> None:
        """Back to the start screen: before another round opens, no screen of the old one stays."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def ensure_round(self) -> bool:
        if self.session.answers is not None:
            return True
        return self.open_round(self.session.profile.last_round or default_round_label())

    def open_round(self, label: str) -> bool:
        """Open (or start) a round; tell the user when it cannot, or opens read-only."""
        from reflectie.errors import ReflectieError

        try:
            answers = self.session.open_round(label)
        except ReflectieError as exc:
            self.notify(
                f"Deze ronde kan niet geopend worden: {exc} Het bestand blijft onaangeroerd.",
                severity="error",
                timeout=15,
            )
            return False
        if self.session.read_only:
            from reflectie.session import READ_ONLY

            self.notify(
                READ_ONLY,
                title=f"Ronde {answers.round.id}: alleen lezen",
                severity="warning",
                timeout=15,
            )
        return True

    def open_levels(self, levels: tuple[str, ...]) -> None:
        if self.ensure_round():
            from reflectie.screens.overview import OverviewScreen

            self.push_screen(OverviewScreen(levels))

    def open_place(
        self, theme: str, level: str, item: str, levels: tuple[str, ...] | None = None
    ) -> None:
        """The questionnaire of a theme with this item in focus, over the theme overview."""
        from reflectie.screens.overview import OverviewScreen

        if not self.ensure_round():
            return
        levels = levels or (level,)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, OverviewScreen):
            self.pop_screen()
        if not isinstance(self.screen, OverviewScreen) or level not in self.screen.levels:
            self.push_screen(OverviewScreen(levels))
        else:
            levels = self.screen.levels
        self.open_questionnaire(theme, level, levels, item)

    QUESTIONNAIRE = "vragenlijst"

    def open_questionnaire(
        self, theme: str, level: str, levels: tuple[str, ...], item: str = ""
    ) -> None:
        """The questionnaire at a theme and level (and question). There is one questionnaire
        screen, kept between visits: a new screen costs more than all the questions on it."""
        from reflectie.screens.questionnaire import QuestionnaireScreen

        if not self.is_screen_installed(self.QUESTIONNAIRE):
            self.install_screen(
                QuestionnaireScreen(theme, level, levels, focus_item=item), self.QUESTIONNAIRE
            )
            self.push_screen(self.QUESTIONNAIRE)
            return
        screen = self.get_screen(self.QUESTIONNAIRE)
        assert isinstance(screen, QuestionnaireScreen)
        show_theme = screen.show_theme  # ('in' and 'is' below narrow screen back to a Screen for mypy)
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
            self.call_later(show_theme, theme, level, item, levels)
            return

        async def show() -> None:
            await screen.show_theme(theme, level, item, levels)
            await self.push_screen(screen)

        self.call_later(show)

    def open_next_open(self) -> None:
        """The next unanswered question, from where the person was."""
        from reflectie.analysis import answer_order, next_unanswered
        from reflectie.screens.questionnaire import QuestionnaireScreen

        if isinstance(self.screen, QuestionnaireScreen):
            self.call_later(self.screen.action_next_open)
            return
        if not self.ensure_round():
            return
        profile = self.session.profile
        levels = getattr(self.screen, "levels", None) or (
            (profile.last_level,) if profile.last_level in ("micro", "meso") else ("micro",)
        )
        order = answer_order(self.session.bank, levels)
        assert self.session.answers is not None
        here = (profile.last_theme, profile.last_level, profile.last_item)
        found = next_unanswered(self.session.answers, self.session.bank, order, here)
        if found is None:
            self.notify("Alles is beantwoord. Bekijk de samenvatting of deel je bestand.")
            return
        self.open_place(*found, levels=levels)

    def open_summary(self) -> None:
        if self.ensure_round():
            from reflectie.screens.summary import SummaryScreen

            self.push_screen(SummaryScreen())

    def open_history(self) -> None:
        from reflectie.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def open_new_round(self) -> None:
        from reflectie.screens.history import NewRoundDialog

        def started(round_id: str | None) -> None:
            if round_id is not None:
                self.notify(f"Ronde {round_id} is begonnen. Je vorige rondes blijven bewaard.")
                self.home()
                self.open_levels(("micro",))

        self.push_screen(NewRoundDialog(), started)

    def open_export(self) -> None:
        if self.ensure_round():
            from reflectie.screens.export import ExportDialog

            self.push_screen(ExportDialog())

    def open_share(self) -> None:
        if self.ensure_round():
            from reflectie.screens.export import ShareDialog

            self.push_screen(ShareDialog())

    def open_bank(self) -> None:
        from reflectie.screens.bankview import BankScreen

        self.push_screen(BankScreen())

    def open_glossary(self) -> None:
        from reflectie.screens.begrippen import BegrippenScreen

        self.push_screen(BegrippenScreen())

    def open_frame(self) -> None:
        from reflectie.screens.kader import KaderScreen

        self.push_screen(KaderScreen())

    def open_compare(self, grouping: str) -> None:
        from reflectie.screens.intervisie import IntervisieScreen

        self.push_screen(IntervisieScreen(grouping))

    def open_checklist(self, theme_id: str) -> None:
        if self.ensure_round():
            from reflectie.screens.checklist import ChecklistScreen

            self.push_screen(ChecklistScreen(theme_id))

    def open_client(self) -> None:
        from reflectie.screens.client import ClientSetupScreen

        self.push_screen(ClientSetupScreen(self.session.profile.last_round or None))

    def open_profile(self) -> None:
        from reflectie.screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen(first_run=False))

    def action_help(self) -> None:
        from reflectie.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = theme_name(not self.current_theme.dark, self.current_theme.ansi)

    def action_toggle_ansi(self) -> None:
        self.theme = theme_name(self.current_theme.dark, not self.current_theme.ansi)

    def watch_theme(self) -> None:
        """Every change of theme (Ctrl+T, the palette, Textual's own theme list) is kept in the
        profile as light or dark, and own or terminal colours."""
        from reflectie.errors import ReflectieError

        theme = self.current_theme
        self._follow_no_color()
        profile = self.session.profile
        if (profile.dark, profile.ansi) != (theme.dark, theme.ansi):
            try:
                self.session.update_profile(dark=theme.dark, ansi=theme.ansi)
            except ReflectieError as exc:
                self.notify(str(exc), severity="warning")

    def _follow_no_color(self) -> None:
        """With NO_COLOR Textual draws in greys, chosen once at start; with the terminal's own
        palette that would paint fixed greys over it, so there all colour is left out instead."""
        if not self.no_color:
            return
        from textual.filter import Monochrome, NoColor

        kept = [f for f in self._filters if not isinstance(f, (Monochrome, NoColor))]
        self._filters = [*kept, NoColor() if self.current_theme.ansi else Monochrome()]

    def switch_to_plain(self) -> None:
        """Continue in the eenvoudige modus in this terminal (the app stops; the CLI starts it)."""
        if self.is_web:
            self.notify("De eenvoudige modus werkt in een terminal, niet in de browser. Start ze "
                        "op je eigen computer met: reflectie --eenvoudig", timeout=15)
            return
        self.exit(PLAIN)

    def report_save(self, error: str | None) -> None:
        if error:
            self.notify(error, title="Niet bewaard", severity="error", timeout=12)


def _closing(node: object) -> bool:
    """Textual's own test for a node that no longer listens (a removed widget)."""
    return isinstance(node, MessagePump) and getattr(node, "_closing", False) is True


def _forget_background_cache(_nodes: list[object]) -> None:
    from textual import _styles_cache

    cached = getattr(getattr(_styles_cache, "StylesCache", None), "get_inner_outer", None)
    clear = getattr(cached, "cache_clear", None)
    if callable(clear):
        clear()


def _forget_watchers(nodes: list[object]) -> None:
    for node in nodes:
        watchers = getattr(node, "__watchers", None)
        if not isinstance(watchers, dict):
            continue
        for entries in watchers.values():
            if isinstance(entries, list) and all(isinstance(e, tuple) and e for e in entries):
                entries[:] = [entry for entry in entries if not _closing(entry[0])]


def _stylesheets() -> list[Path]:
    """Every screen's stylesheet, the shared one first."""
    return [_SCREENS / "common.tcss",
            *sorted(p for p in _SCREENS.glob("*.tcss") if p.name != "common.tcss")]


def _client_module() -> ModuleType | None:
    """The client mode's module, or None while it was never loaded: then no client screen can be
    open. Asked for every key and footer; importing it (and PyNaCl) for that cost the first screen
    7 ms."""
    return sys.modules.get("reflectie.screens.client")


def make_app(session: Session | None = None) -> ReflectieApp:
    return ReflectieApp(session)
