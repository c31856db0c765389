"""Bespreekmodus: one item at a time, full screen, the group's answers large enough for a projector."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from reflectie.compare import Comparison
from reflectie.dutch import nl_number
from reflectie.model import KIND_QUESTION, Item
from reflectie.widgets.radar import SERIES_STYLES

BAR_WIDTH = 46


class DiscussScreen(Screen):
    CSS_PATH = "bespreek.tcss"
    BINDINGS = [
        Binding("right", "next", "Volgende", id="next", key_display="→"),
        Binding("left", "previous", "Vorige", id="previous", key_display="←"),
        Binding("space,pagedown", "next", "Volgende", show=False),
        Binding("pageup", "previous", "Vorige", show=False),
        Binding("home", "first", "Eerste", id="first", show=False),
        Binding("end", "last", "Laatste", id="last", show=False),
        Binding("escape", "app.pop_screen", "Terug", id="back"),
    ]

    def __init__(self, comparison: Comparison):
        super().__init__()
        self.comparison = comparison
        self.items: list[Item] = comparison.discussion_order()
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="discuss-position")
        with VerticalScroll(id="discuss"):
            yield Static("", id="discuss-question")
            yield Static("", id="discuss-body")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    @property
    def item(self) -> Item | None:
        return self.items[self.index] if self.items else None

    def _why(self, item: Item) -> str:
        reasons = [f"{s.text} in {s.group}" for s in self.comparison.starters if s.item is item]
        if item.kind == KIND_QUESTION:
            flagged = sum(g.flagged.get(item.id, 0) for g in self.comparison.visible_groups)
            if flagged:
                reasons.append(f"{flagged}× gemarkeerd om te bespreken")
        return "Gespreksstarter: " + "; ".join(reasons[:2]) if reasons else ""

    def show(self) -> None:
        item = self.item
        position = self.query_one("#discuss-position", Static)
        question = self.query_one("#discuss-question", Static)
        body = self.query_one("#discuss-body", Static)
        if item is None:
            position.update("Niets om te bespreken: te weinig antwoorden.")
            question.update("")
            body.update("")
            return
        bank = self.comparison.bank
        theme = bank.themes[item.theme]
        position.update(Text(f" {self.index + 1} / {len(self.items)}  ·  {theme.title} — {item.level}   {self._why(item)}"))
        question.update(Text(item.text, style="bold"))
        parts = []
        if item.scale is not None:
            parts.append(self._distributions(item))
        texts = self._texts(item)
        if texts is not None:
            parts.append(texts)
        body.update(Group(*parts) if parts else Text("Geen gedeelde antwoorden.", style="dim"))
        self.query_one("#discuss", VerticalScroll).scroll_home(animate=False)

    def _distributions(self, item: Item) -> Table:
        assert item.scale is not None
        table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
        table.add_column(ratio=1)
        for index, group in enumerate(self.comparison.groups):
            style = SERIES_STYLES[index % len(SERIES_STYLES)]
            stats = group.stats.get(item.id)
            title = Text(group.name, style="bold underline")
            if stats is None or stats.suppressed:
                table.add_row(Group(title, Text(stats.suppressed if stats else "geen antwoorden", style="italic dim")))
                continue
            rows = Table(show_header=False, box=None, padding=(0, 1))
            rows.add_column(justify="right", no_wrap=True)
            rows.add_column(no_wrap=True)
            rows.add_column(justify="right")
            for level in item.scale.levels:
                count = stats.distribution.get(level.value, 0)
                # bar length is the share of the group's answers, so groups compare fairly
                bar = "█" * max(1, round(BAR_WIDTH * count / stats.n)) if count else "·"
                rows.add_row(f"{level.value} {level.name}", Text(bar, style=style), str(count))
            summary = f"n = {stats.n}"
            if stats.mean is not None:
                summary += f"   gemiddelde {nl_number(stats.mean)}   mediaan {nl_number(stats.median, 1)}"
            if stats.sd is not None:
                summary += f"   spreiding (sd) {nl_number(stats.sd)}"
            if stats.na:
                summary += f"   {stats.na}× n.v.t."
            table.add_row(Group(title, rows, Text(summary, style="dim"), Text("")))
        return table

    def _texts(self, item: Item):
        """Shared texts that belong with the item: its own, or those of its theme and level."""
        visible = self.comparison.visible_groups
        if item.kind == KIND_QUESTION:
            texts = [(g.name, t) for g in visible for t in g.texts.get(item.id, [])]
        else:
            theme = self.comparison.bank.themes[item.theme]
            ids = [q.id for q in theme.items_for(item.level, KIND_QUESTION)]
            texts = [(g.name, t) for g in visible for q in ids for t in g.texts.get(q, [])][:6]
        if not texts:
            return None
        out = Text()
        out.append("Gedeelde woorden\n", style="bold")
        for group, text in texts:
            out.append(f"“{text}”", style="italic")
            out.append(f"  — {group}\n", style="dim")
        return out

    def _go(self, index: int) -> None:
        if self.items:
            self.index = max(0, min(len(self.items) - 1, index))
            self.show()

    def action_next(self) -> None:
        self._go(self.index + 1)

    def action_previous(self) -> None:
        self._go(self.index - 1)

    def action_first(self) -> None:
        self._go(0)

    def action_last(self) -> None:
        self._go(len(self.items) - 1)
