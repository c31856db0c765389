"""Mijn rondes: open a round, start a new one, compare two, follow up the actions, delete one.

Every change goes through the Session, which holds one object per round: following up an action
here while that round is open in the questionnaire changes the same object, so a later save there
keeps it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Header,
    Input,
    Label,
    Select,
    Static,
)

from reflectie.analysis import moved_items, profiles_by_level
from reflectie.dutch import count
from reflectie.errors import ReflectieError
from reflectie.model import LEVEL_LABELS, LEVELS, Answers, Bank
from reflectie.widgets.footer import KeysFooter
from reflectie.widgets.items import Choice, ChoiceList, shown_text
from reflectie.widgets.radar import Radar

if TYPE_CHECKING:
    from reflectie.app import ReflectieApp

FOLLOW_UP_CHOICES = [
    Choice("ja", "j", "ja, gebeurd"),
    Choice("deels", "d", "deels"),
    Choice("nee", "n", "nee"),
]


def next_round_label(existing: set[str], start: str) -> str:
    """``start`` (e.g. '2026-najaar'), or the first season after it that is not taken yet."""
    label = start
    for _ in range(40):
        if label not in existing:
            return label
        year, _, season = label.partition("-")
        if not year.isdigit() or season not in ("voorjaar", "najaar"):
            break
        label = f"{year}-najaar" if season == "voorjaar" else f"{int(year) + 1}-voorjaar"
    return label


def levels_of(answers: Answers, bank: Bank) -> tuple[str, ...]:
    """The levels a round has answers at (micro when none yet)."""
    used = {a.level for a in answers.actions}
    for item_id in [*answers.scores, *answers.na, *answers.dont_know, *answers.texts]:
        item = bank.items.get(item_id)
        if item is not None:
            used.add(item.level)
    return tuple(lv for lv in LEVELS if lv in used) or ("micro",)


class FollowUp(ChoiceList):
    """Did an action of an earlier round happen? ja / deels / nee."""

    def __init__(self, round_id: str, index: int, happened: str | None, title: str):
        super().__init__(FOLLOW_UP_CHOICES, happened, title=title, classes="follow-up")
        self.round_id = round_id
        self.index = index


class NewRoundDialog(ModalScreen[str | None]):
    """Start a new round by its label; an existing label is refused in Dutch, in the dialog."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="cancel")]

    def compose(self) -> ComposeResult:
        from reflectie.labels import default_round_label

        app: ReflectieApp = self.app  # type: ignore[assignment]
        rounds, _ = app.session.rounds()
        suggestion = next_round_label({r.round.id for r in rounds}, default_round_label())
        with Vertical(classes="dialog", id="new-round"):
            yield Static("Nieuwe ronde", classes="title")
            yield Static(
                Text(
                    "Een ronde is één keer invullen, bv. nu en over een half jaar opnieuw. "
                    "Geef ze een naam:"
                )
            )
            yield Input(suggestion, id="label", placeholder="bv. 2027-voorjaar")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Beginnen", id="go", variant="primary")
                yield Button("Annuleren", id="no")

    @on(Button.Pressed, "#go")
    @on(Input.Submitted, "#label")
    def _go(self) -> None:
        app: ReflectieApp = self.app  # type: ignore[assignment]
        label = self.query_one("#label", Input).value
        try:
            answers = app.session.new_round(label)
        except ReflectieError as exc:
            self.query_one("#error", Static).update(Text(str(exc)))
            return
        self.dismiss(answers.round.id)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(None)


class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    HELP_TITLE = "Mijn rondes"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug", id="back"),
        Binding(
            "o",
            "open",
            "Openen",
            id="open",
            tooltip="De gekozen ronde openen om verder te antwoorden",
        ),
        Binding("n", "new", "Nieuwe ronde", id="new"),
        Binding(
            "delete",
            "delete",
            "Verwijderen",
            id="delete",
            show=False,
            tooltip="De gekozen ronde verwijderen (je krijgt eerst een vraag)",
        ),
    ]

    @property
    def app_(self) -> ReflectieApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        session = self.app_.session
        self.rounds, problems = session.rounds()
        for problem in problems:
            self.app_.notify(
                f"{problem.path.name} kan niet gelezen worden: {problem.reason}",
                severity="warning",
                timeout=12,
            )
        yield Header()
        with VerticalScroll(id="history"):
            yield Static("Mijn rondes", classes="title")
            if not self.rounds:
                yield Static(
                    "Je hebt nog geen rondes. Begin er een met Nieuwe ronde, of kies Zelfreflectie "
                    "of Mijn organisatie op de startpagina.",
                    classes="dim",
                )
            else:
                table: DataTable[str | Text] = DataTable(
                    id="rounds", cursor_type="row", zebra_stripes=True
                )
                table.add_columns("Ronde", "Gestart", "Bijgewerkt", "Antw.", "Acties")
                current = session.answers.round.id if session.answers else None
                for r in self.rounds:
                    answered = (
                        len(r.scores)
                        + len(r.na)
                        + len(r.dont_know)
                        + sum(1 for t in r.texts.values() if t.text.strip())
                    )
                    name = Text(r.round.id, "bold") if r.round.id == current else Text(r.round.id)
                    table.add_row(
                        name,
                        f"{r.round.started:%d/%m/%Y}",
                        f"{r.round.updated:%d/%m/%Y %H:%M}",
                        str(answered),
                        str(len(r.actions)),
                        key=r.round.id,
                    )
                yield table
            with Horizontal(id="round-buttons"):
                if self.rounds:
                    yield Button("Openen", id="open", compact=True)
                yield Button("Nieuwe ronde", id="new", compact=True, variant="primary")
                if self.rounds:
                    yield Button("Verwijderen…", id="delete", compact=True, variant="error")
            if len(self.rounds) >= 2:
                options = [(r.round.id, i) for i, r in enumerate(self.rounds)]
                with Horizontal(id="pick"):
                    yield Label("Vergelijk")
                    yield Select(
                        options, value=len(self.rounds) - 2, id="before", allow_blank=False
                    )
                    yield Label("met")
                    yield Select(options, value=len(self.rounds) - 1, id="after", allow_blank=False)
                yield Vertical(id="comparison")
            elif self.rounds:
                yield Static(
                    "Met een tweede ronde kan je hier vergelijken wat veranderde, en opvolgen "
                    "of je acties gebeurd zijn.",
                    classes="dim",
                )
        yield KeysFooter()

    async def on_mount(self) -> None:
        if self.rounds:
            table = self.query_one("#rounds", DataTable)
            current = self.app_.session.answers
            if current is not None and current.round.id in {r.round.id for r in self.rounds}:
                table.move_cursor(row=table.get_row_index(current.round.id))
            else:
                table.move_cursor(row=len(self.rounds) - 1)
            table.focus()
        else:
            self.query_one("#new", Button).focus()
        if len(self.rounds) >= 2:
            await self.show_comparison()

    # --- the chosen round -------------------------------------------------------------------
    def _chosen(self) -> Answers | None:
        if not self.rounds:
            return None
        table = self.query_one("#rounds", DataTable)
        row = table.cursor_row
        return self.rounds[row] if 0 <= row < len(self.rounds) else None

    @on(DataTable.RowSelected, "#rounds")
    @on(Button.Pressed, "#open")
    def action_open(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        app = self.app_
        app.home()
        if app.open_round(chosen.round.id):
            app.open_levels(levels_of(chosen, app.session.bank))

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        self.app_.open_new_round()

    @on(Button.Pressed, "#delete")
    def action_delete(self) -> None:
        from reflectie.screens.confirm import ConfirmDialog

        chosen = self._chosen()
        if chosen is None:
            return
        round_id = chosen.round.id

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            session = self.app_.session
            was_open = session.answers is not None and session.answers.round.id == round_id
            try:
                session.delete_round(round_id)
            except ReflectieError as exc:
                self.app_.notify(str(exc), title="Niet verwijderd", severity="error", timeout=12)
                return
            self.app_.notify(f"Ronde {round_id} is verwijderd.")
            if was_open:
                self.app_.home()
                self.app_.open_history()
            else:
                self.call_later(self.recompose_all)

        self.app_.push_screen(
            ConfirmDialog(
                "Ronde verwijderen?",
                f"De ronde {round_id} met al haar antwoorden, teksten en acties wordt van deze "
                "computer verwijderd. Dat kan je niet ongedaan maken. Gedeelde kopieën in een "
                "teammap blijven staan.",
                "Verwijderen",
                danger=True,
            ),
            confirmed,
        )

    async def recompose_all(self) -> None:
        await self.recompose()
        await self.on_mount()

    # --- comparing two rounds ---------------------------------------------------------------
    @on(Select.Changed)
    async def _pick(self) -> None:
        await self.show_comparison()

    async def show_comparison(self) -> None:
        bank = self.app_.session.bank
        before_value = self.query_one("#before", Select).value
        after_value = self.query_one("#after", Select).value
        if not isinstance(before_value, int) or not isinstance(after_value, int):
            return
        before, after = self.rounds[before_value], self.rounds[after_value]
        box = self.query_one("#comparison", Vertical)
        await box.remove_children()
        labels = [t.short for t in bank.profile_themes()]
        widgets: list[Widget] = [Static("Het web toen en nu", classes="section")]
        webs = profiles_by_level((before, after), bank)
        for level, series in webs:  # micro and meso each on their own web: like with like
            widgets.append(Static(LEVEL_LABELS[level].capitalize(), classes="web-level"))
            widgets.append(Radar(labels, series, classes=f"web-{level}"))
        if not webs:
            widgets.append(Static("Geen scores in deze rondes.", classes="dim"))
        moves = moved_items(before, after, bank)
        widgets.append(
            Static(
                f"Wat veranderde ({count(len(moves), 'antwoord', 'antwoorden')})", classes="section"
            )
        )
        if moves:
            for move in moves:
                scale = move.item.scale
                assert scale is not None
                theme = (
                    bank.themes[move.item.theme].short
                    if move.item.theme in bank.themes
                    else move.item.theme
                )
                widgets.append(
                    Static(
                        Text.assemble(
                            (f"{theme} ({move.item.level}): ", "bold"),
                            shown_text(move.item),
                            "\n",
                            f"   {move.before} {scale.label(move.before)} → "
                            f"{move.after} {scale.label(move.after)}  ",
                            (f"({move.delta:+d})", "bold"),
                        ),
                        classes="move",
                    )
                )
        else:
            widgets.append(
                Static("Geen verschillen in wat in beide rondes beantwoord is.", classes="dim")
            )
        widgets.append(Static(f"Acties van {before.round.id}: gebeurd?", classes="section"))
        if not before.actions:
            widgets.append(Static("Die ronde had geen acties.", classes="dim"))
        else:
            widgets.append(
                Static(
                    "Kies met j (ja), d (deels) of n (nee); het wordt meteen bewaard.",
                    classes="dim",
                )
            )
        for index, action in enumerate(before.actions):
            theme = bank.themes[action.theme].short if action.theme in bank.themes else action.theme
            widgets.append(
                FollowUp(
                    before.round.id,
                    index,
                    action.happened,
                    f"{theme} ({action.level}): {action.text.strip() or '(zonder tekst)'}",
                )
            )
        await box.mount_all(widgets)

    @on(ChoiceList.Chosen)
    def _follow_up(self, event: ChoiceList.Chosen) -> None:
        widget = event.widget
        if not isinstance(widget, FollowUp):
            return
        event.stop()
        happened = event.value if isinstance(event.value, str) else None
        session = self.app_.session
        try:
            session.set_follow_up(widget.round_id, widget.index, happened)
        except ReflectieError as exc:
            self.app_.report_save(str(exc))
        answers = session.get_round(widget.round_id)
        saved = (
            answers.actions[widget.index].happened
            if answers and widget.index < len(answers.actions)
            else None
        )
        widget.show(saved)
        if saved == happened and happened is not None:
            self.app_.notify(f"Genoteerd: {happened}.", timeout=3)
