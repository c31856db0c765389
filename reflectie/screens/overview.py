"""Theme overview of a round: progress per theme and level, free order, continue where I was."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from reflectie.analysis import progress
from reflectie.model import LEVEL_LABELS


def bar(done: int, total: int, width: int = 12) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


class OverviewScreen(Screen):
    CSS_PATH = "overview.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug", id="back"),
        Binding("v", "continue", "Verder waar ik was", id="continue"),
        Binding("s", "summary", "Samenvatting", id="summary"),
        Binding("d", "share", "Delen met team", id="share"),
        Binding("e", "export", "Exporteren", id="export"),
    ]

    def __init__(self, levels: tuple[str, ...]):
        super().__init__()
        self.levels = levels

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="overview"):
            yield Static("", id="overview-title", classes="title")
            yield OptionList(id="themes")
            yield Static("Kies een thema met ↑↓ en Enter. De volgorde is vrij; elk antwoord wordt meteen bewaard.", classes="dim")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one("#themes").focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        session = self.app.session
        answers = session.answers
        assert answers is not None
        self.query_one("#overview-title", Static).update(
            f"Ronde [b]{answers.round.id}[/b] — {' en '.join(LEVEL_LABELS[lv] for lv in self.levels)}"
        )
        menu = self.query_one("#themes", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        for theme in session.bank.profile_themes():
            for level in self.levels:
                done, total = progress(answers, session.bank, theme.id, level)
                check = "✓" if done == total else " "
                line = Text(f"{check} {theme.title:<36} {bar(done, total)} {done:>2}/{total}")
                if len(self.levels) > 1:
                    line.append(f"  {level}", style="dim")
                menu.add_option(Option(line, id=f"{theme.id}|{level}"))
        menu.highlighted = min(highlighted or 0, menu.option_count - 1)

    @on(OptionList.OptionSelected, "#themes")
    def open_theme(self, event: OptionList.OptionSelected) -> None:
        theme, level = str(event.option.id).split("|")
        self._open(theme, level)

    def _open(self, theme: str, level: str) -> None:
        from reflectie.screens.questionnaire import QuestionnaireScreen

        self.app.push_screen(QuestionnaireScreen(theme, level, self.levels))

    def action_continue(self) -> None:
        profile = self.app.session.profile
        bank = self.app.session.bank
        theme = profile.last_theme if profile.last_theme in bank.themes else bank.profile_themes()[0].id
        level = profile.last_level if profile.last_level in self.levels else self.levels[0]
        self._open(theme, level)

    def action_summary(self) -> None:
        self.app.open_summary()

    def action_share(self) -> None:
        from reflectie.screens.export import ShareDialog

        self.app.push_screen(ShareDialog())

    def action_export(self) -> None:
        from reflectie.screens.export import ExportDialog

        self.app.push_screen(ExportDialog())
