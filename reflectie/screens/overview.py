"""Theme overview of a round: progress per theme and level, free order, continue where I was."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from reflectie.analysis import answer_order, next_unanswered, progress
from reflectie.model import LEVEL_LABELS
from reflectie.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from reflectie.app import ReflectieApp


def bar(done: int, total: int, width: int = 12) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


class OverviewScreen(Screen[None]):
    CSS_PATH = "overview.tcss"
    HELP_TITLE = "het themaoverzicht"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug", id="back"),
        Binding(
            "v", "continue", "Verder", id="continue", tooltip="Verder waar ik was, op de vraag zelf"
        ),
        Binding("d", "share", "Delen", id="share", tooltip="Deelbaar bestand voor het team maken"),
        Binding("e", "export", "Exporteren", id="export"),
        Binding("s", "summary", "Samenvatting", id="summary", show=False),
        Binding(
            "ctrl+n",
            "app.open_next_open",
            "Volgende onbeantwoorde vraag",
            id="next_open",
            show=False,
        ),
    ]

    @property
    def app_(self) -> ReflectieApp:
        return cast("ReflectieApp", self.app)

    def __init__(self, levels: tuple[str, ...]):
        super().__init__()
        self.levels = levels

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="overview"):
            yield Static("", id="overview-title", classes="title")
            yield OptionList(id="themes")
            yield Static(
                "Kies een thema met ↑↓ en Enter; de volgorde is vrij. Elk antwoord wordt meteen "
                "bewaard. s: samenvatting.",
                classes="dim",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_list()
        menu = self.query_one("#themes", OptionList)
        profile = self.app_.session.profile
        wanted = f"{profile.last_theme}|{profile.last_level}"
        for index in range(menu.option_count):
            if menu.get_option_at_index(index).id == wanted:
                menu.highlighted = index
        menu.focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        session = self.app_.session
        answers = session.answers
        assert answers is not None
        self.query_one("#overview-title", Static).update(
            Text.assemble(
                "Ronde ",
                (answers.round.id, "bold"),
                " — ",
                " en ".join(LEVEL_LABELS[lv] for lv in self.levels),
                ("   (alleen lezen)" if session.read_only else "", "bold"),
            )
        )
        menu = self.query_one("#themes", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        bank = session.bank
        heading_shown = False
        for theme_id, level in answer_order(bank, self.levels):
            theme = bank.themes[theme_id]
            if theme.kind == "kader" and not heading_shown:
                heading_shown = True
                menu.add_option(
                    Option(
                        Text("Andere kaders, naast de visienota (niet in je profiel)", "bold"),
                        id="kaders",
                        disabled=True,
                    )
                )
            done, total = progress(answers, bank, theme.id, level)
            check = "✓" if done == total else " "
            name = theme.title if theme.kind != "kader" else f"{theme.short} (ander kader)"
            line = Text(f"{check} {name:<36} {bar(done, total, 10)} {done:>2}/{total}")
            if len(self.levels) > 1:
                line.append(f"  {level}", style="dim")
            menu.add_option(Option(line, id=f"{theme.id}|{level}"))
        menu.highlighted = min(highlighted or 0, menu.option_count - 1)

    @on(OptionList.OptionSelected, "#themes")
    def open_theme(self, event: OptionList.OptionSelected) -> None:
        theme, level = str(event.option.id).split("|")
        self._open(theme, level)

    def _open(self, theme: str, level: str, item: str = "") -> None:
        self.app_.open_questionnaire(theme, level, self.levels, item)

    def action_continue(self) -> None:
        """Exactly where the person was (theme, level, question); else the first open question."""
        session = self.app_.session
        profile, bank = session.profile, session.bank
        if profile.last_theme in bank.themes and profile.last_level in self.levels:
            self._open(profile.last_theme, profile.last_level, profile.last_item)
            return
        order = answer_order(bank, self.levels)
        assert session.answers is not None  # the overview is of the open round
        found = next_unanswered(session.answers, bank, order)
        if found is None:
            self._open(*order[0])
        else:
            self._open(*found)

    def action_summary(self) -> None:
        self.app_.open_summary()

    def action_share(self) -> None:
        self.app_.open_share()

    def action_export(self) -> None:
        self.app_.open_export()
