"""Mijn rondes: the person's rounds; compare two side by side and follow up last round's actions."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, RadioButton, RadioSet, Select, Static

from reflectie.analysis import moved_items, theme_profile
from reflectie.model import FOLLOW_UP
from reflectie.widgets.radar import Radar


class HistoryScreen(Screen):
    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "Terug", id="back")]

    def compose(self) -> ComposeResult:
        session = self.app.session
        self.rounds, problems = session.rounds()
        for problem in problems:
            self.app.notify(f"{problem.path.name} kan niet gelezen worden: {problem.reason}", severity="warning", timeout=12)
        yield Header()
        with VerticalScroll(id="history"):
            yield Static("Mijn rondes", classes="title")
            if not self.rounds:
                yield Static("Je hebt nog geen rondes. Begin bij Zelfreflectie of Mijn organisatie.", classes="dim")
            else:
                table = DataTable(id="rounds", cursor_type="row")
                table.add_columns("Ronde", "Gestart", "Bijgewerkt", "Scores", "Teksten", "Acties")
                for r in self.rounds:
                    table.add_row(r.round.id, f"{r.round.started:%d/%m/%Y}", f"{r.round.updated:%d/%m/%Y %H:%M}",
                                  str(len(r.scores)), str(sum(1 for t in r.texts.values() if t.text.strip())), str(len(r.actions)))
                yield table
                if len(self.rounds) >= 2:
                    options = [(r.round.id, i) for i, r in enumerate(self.rounds)]
                    with Horizontal(id="pick"):
                        yield Label("Vergelijk")
                        yield Select(options, value=len(self.rounds) - 2, id="before", allow_blank=False)
                        yield Label("met")
                        yield Select(options, value=len(self.rounds) - 1, id="after", allow_blank=False)
                    yield VerticalScroll(id="comparison")
                else:
                    yield Static("Met een tweede ronde kan je hier vergelijken wat veranderde.", classes="dim")
        yield Footer()

    async def on_mount(self) -> None:
        if len(self.rounds) >= 2:
            await self.show_comparison()

    @on(Select.Changed)
    async def _pick(self) -> None:
        await self.show_comparison()

    async def show_comparison(self) -> None:
        bank = self.app.session.bank
        before = self.rounds[self.query_one("#before", Select).value]
        after = self.rounds[self.query_one("#after", Select).value]
        box = self.query_one("#comparison", VerticalScroll)
        await box.remove_children()
        themes = bank.profile_themes()
        series = []
        for answers in (before, after):
            profile = theme_profile(answers, bank)
            series.append((answers.round.id, [profile[t.id] for t in themes]))
        widgets = [Static("Profiel toen en nu", classes="section"), Radar([t.short for t in themes], series)]
        moves = moved_items(before, after, bank)
        widgets.append(Static(f"Wat bewoog ({len(moves)} items)", classes="section"))
        if moves:
            table = DataTable(id="moves", cursor_type="row")
            table.add_columns("Thema", "Niv.", "Item", before.round.id, after.round.id, "±")
            for move in moves:
                scale = move.item.scale
                table.add_row(Text(bank.themes[move.item.theme].short), move.item.level,
                              Text(move.item.text[:60]),
                              Text(f"{move.before} {scale.label(move.before)}"[:22]),
                              Text(f"{move.after} {scale.label(move.after)}"[:22]),
                              f"{move.delta:+d}")
            widgets.append(table)
        else:
            widgets.append(Static("Geen verschillen in de items die in beide rondes beantwoord zijn.", classes="dim"))
        widgets.append(Static(f"Acties van {before.round.id}: gebeurd?", classes="section"))
        if not before.actions:
            widgets.append(Static("Die ronde had geen acties.", classes="dim"))
        for index, action in enumerate(before.actions):
            theme = bank.themes[action.theme].short if action.theme in bank.themes else action.theme
            widgets.append(Label(Text(f"{theme} ({action.level}): {action.text}")))
            buttons = [RadioButton(choice, value=action.happened == choice) for choice in FOLLOW_UP]
            widgets.append(RadioSet(*buttons, classes="horizontal follow-up", name=str(index)))
        await box.mount_all(widgets)

    @on(RadioSet.Changed, ".follow-up")
    def _follow_up(self, event: RadioSet.Changed) -> None:
        from reflectie.errors import ReflectieError

        before = self.rounds[self.query_one("#before", Select).value]
        happened = FOLLOW_UP[event.index]
        try:
            self.app.session.set_follow_up(before.round.id, int(event.radio_set.name or 0), happened)
        except ReflectieError as exc:
            self.app.report_save(str(exc))
        else:
            self.app.notify(f"Genoteerd: {happened}.")
