"""The Textual app: small on purpose. Logic lives in the core and in the screen that owns it."""

from __future__ import annotations

from functools import partial

from textual.app import App
from textual.binding import Binding
from textual.command import Hit, Hits, Provider

from reflectie.labels import default_round_label
from reflectie.session import Session

PLAIN = "eenvoudig"  # result of the app when the person continues in the eenvoudige modus


def theme_name(dark: bool, ansi: bool) -> str:
    """Textual's own colours, or the terminal's own palette (its ANSI themes), light or dark."""
    return f"{'ansi' if ansi else 'textual'}-{'dark' if dark else 'light'}"


class ReflectieCommands(Provider):
    """The command palette finds the main actions."""

    def _commands(self):
        app = self.app
        assert isinstance(app, ReflectieApp)
        return [
            ("Zelfreflectie (micro) openen", partial(app.open_levels, ("micro",))),
            ("Mijn organisatie (meso) openen", partial(app.open_levels, ("meso",))),
            ("Beide niveaus openen", partial(app.open_levels, ("micro", "meso"))),
            ("Mijn rondes vergelijken", app.open_history),
            ("Samenvatting van de ronde", app.open_summary),
            ("Vragenbank bekijken", app.open_bank),
            ("Begrippen (cliëntsysteem, consultfunctie, IROJ, …)", app.open_glossary),
            ("Over de visienota", app.open_frame),
            ("Intervisie: team vergelijken", partial(app.open_compare, "team")),
            ("Werkgroep: organisaties vergelijken", partial(app.open_compare, "organisatie")),
            ("Werkgroep: organisaties over de tijd", partial(app.open_compare, "ronde")),
            ("Werkgroep: IROJ-opvolging (checklist)", partial(app.open_checklist, "iroj")),
            ("Organisatie: implementatie van de visienota (checklist)",
             partial(app.open_checklist, "implementatie")),
            ("Profiel aanpassen", app.open_profile),
            ("Licht of donker thema", app.action_toggle_theme),
            ("Kleuren van reflectie gebruiken" if app.current_theme.ansi else
             "Kleuren van je terminal gebruiken (ANSI)", app.action_toggle_ansi),
            ("Help", app.action_help),
        ]

    async def discover(self) -> Hits:
        for name, callback in self._commands():
            yield Hit(1.0, name, callback)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback)


class ReflectieApp(App):
    TITLE = "reflectie"
    SUB_TITLE = "vermaatschappelijking van de jeugdhulp"
    # the start screen is the default screen, whose own CSS_PATH Textual does not load
    CSS_PATH = ["screens/common.tcss", "screens/start.tcss"]
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
    """
    COMMANDS = App.COMMANDS | {ReflectieCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        Binding("ctrl+t", "toggle_theme", "Licht/donker", id="theme"),
        Binding("ctrl+q", "quit", "Stoppen", id="quit", priority=True),
    ]

    def __init__(self, session: Session | None = None):
        super().__init__()
        self.session = session or Session()
        self.theme = theme_name(self.session.profile.dark, self.session.profile.ansi)

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None,
               markup: bool = False) -> None:
        """Notifications carry file names, team names and reasons: never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_unmount(self) -> None:
        self.session.close()

    def get_default_screen(self):
        from reflectie.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        if self.session.first_run:
            from reflectie.screens.welcome import WelcomeScreen  # Markdown is heavy: only when needed

            self.push_screen(WelcomeScreen(first_run=True))
        for problem in self.session.profile.problems:
            self.notify(problem, severity="warning", timeout=15)
        self.call_after_refresh(self._check_bank)

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

    # --- navigation used by screens and the command palette ----------------------------
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
            self.notify(f"Deze ronde kan niet geopend worden: {exc} Het bestand blijft onaangeroerd.",
                        severity="error", timeout=15)
            return False
        if self.session.read_only:
            from reflectie.session import READ_ONLY

            self.notify(READ_ONLY, title=f"Ronde {answers.round.id}: alleen lezen", severity="warning", timeout=15)
        return True

    def open_levels(self, levels: tuple[str, ...]) -> None:
        if self.ensure_round():
            from reflectie.screens.overview import OverviewScreen

            self.push_screen(OverviewScreen(levels))

    def open_summary(self) -> None:
        if self.ensure_round():
            from reflectie.screens.summary import SummaryScreen

            self.push_screen(SummaryScreen())

    def open_history(self) -> None:
        from reflectie.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

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

    def open_profile(self) -> None:
        from reflectie.screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen(first_run=False))

    def action_help(self) -> None:
        from reflectie.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

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


def make_app(session: Session | None = None) -> ReflectieApp:
    return ReflectieApp(session)
