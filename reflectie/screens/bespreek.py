"""Bespreekmodus: one item at a time, full screen, every group's answers as one large bar, for a projector.

Keys a presenter clicker sends (PageDown, PageUp) move between items, as do →/←, space, Home and
End; ↑/↓ scroll the shared texts of the item. "s" shows only the conversation starters.

With client files beside the comparison (``comparison.three_views``), an item that a client
question mirrors (or the workers' estimate of the clients' view) shows what clients say under each
group's bar: the three views of that question, every name a Text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Footer, Static

from reflectie.clientvragen import WHO_PLURAL
from reflectie.compare import Comparison, ItemStats, ordinal_dispersion
from reflectie.dutch import count, nl_number
from reflectie.model import KIND_QUESTION, Item, Scale
from reflectie.report.group import short_names
from reflectie.widgets.footer import keys_first

if TYPE_CHECKING:
    from reflectie.clientcompare import MirrorView

# a fill pattern per scale value, light to dark, so a bar never needs its colours to be read
PATTERNS = ("░", "▒", "▓", "█", "▚", "▞", "▖")
# ColorBrewer PuOr (colour-blind safe), low to high; the middle value neutral grey
STYLES = {
    2: ("#e66101", "#5e3c99"),
    3: ("#f1a340", "#bdbdbd", "#998ec3"),
    4: ("#e66101", "#fdb863", "#b2abd2", "#5e3c99"),
    5: ("#e66101", "#fdb863", "#bdbdbd", "#b2abd2", "#8073ac"),
    6: ("#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#8073ac"),
}
BAR_WIDTH = 52  # at most; narrower on a narrow screen
NAME_WIDTH = 24
SUMMARY_WIDTH = 18  # "n 12 · gem. 3,83 ·" (longer summaries wrap)


def value_styles(size: int) -> list[str]:
    styles = STYLES.get(size) or STYLES[5]
    return [styles[min(i, len(styles) - 1)] for i in range(size)]


def bar(counts: list[int], width: int = BAR_WIDTH) -> Text:
    """One stacked bar: a segment per value (its length the share of the group), in the value's
    pattern and colour, with the count written in the segment when it fits."""
    total = sum(counts)
    out = Text()
    if not total:
        return Text("·" * width, style="dim")
    styles = value_styles(len(counts))
    lengths = [round(width * n / total) for n in counts]
    # keep every answer visible and the total width fixed
    lengths = [max(1, length) if n else 0 for length, n in zip(lengths, counts)]
    while sum(lengths) > width:
        lengths[lengths.index(max(lengths))] -= 1
    while sum(lengths) < width:
        lengths[lengths.index(max(lengths))] += 1
    for index, (n, length) in enumerate(zip(counts, lengths)):
        if not length:
            continue
        pattern = PATTERNS[index % len(PATTERNS)]
        label = f" {n} "
        if length >= len(label) + 2:
            left = (length - len(label)) // 2
            out.append(pattern * left, style=styles[index])
            out.append(label, style="bold reverse")
            out.append(pattern * (length - left - len(label)), style=styles[index])
        else:
            out.append(pattern * length, style=styles[index])
    return out


def scale_legend(scale: Scale) -> Text:
    """The pattern and colour of each value of a scale, with its number and name."""
    styles = value_styles(len(scale.levels))
    legend = Text()
    for index, level in enumerate(scale.levels):
        legend.append(PATTERNS[index % len(PATTERNS)] * 3, style=styles[index])
        legend.append(f" {level.value} {level.name}   ")
    return legend


def summary(stats: ItemStats, nominal: bool = False, spread: bool = True) -> str:
    """n, then for a scale the mean (with ``spread`` also the median, with the same digits, and
    sd), then what was not placed on the scale: n.v.t., weet niet, and what clients would rather
    not say. One line for every bar: a group's, and the three views of workers and clients."""
    parts = [f"n {stats.n}"]
    if not nominal and stats.mean is not None:
        parts.append(f"gem. {nl_number(stats.mean)}")
        if spread:
            parts.append(f"med. {nl_number(stats.median)}")
            if stats.sd is not None:
                parts.append(f"sd {nl_number(stats.sd)}")
    if stats.na:
        parts.append(f"n.v.t. {stats.na}")
    if stats.dont_know:
        parts.append(f"weet niet {stats.dont_know}")
    declined = getattr(stats, "declined", 0)  # ClientItemStats: 'wil ik niet zeggen'
    if declined:
        parts.append(f"wil niet zeggen {declined}")
    return " · ".join(parts)


class RenderedOnce:
    """A Rich renderable that renders what it wraps once per width and replays those segments.

    Textual renders a Static's content twice for every layout (once to count its lines, once to
    draw them); an item's bars are a table of many rows, so a step cost two table renders. The
    replay is the very same segments, so what shows does not change; another width (a scrollbar
    that appears, a resize, a test console) renders again."""

    def __init__(self, renderable: RenderableType):
        self.renderable = renderable
        self._key: tuple[object, ...] | None = None
        self._segments: list[Segment] = []

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.min_width, options.justify, options.overflow,
               options.no_wrap, options.highlight, options.markup, options.ascii_only)
        if key != self._key:
            self._segments = list(console.render(self.renderable, options))
            self._key = key
        yield from self._segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class _Settled:
    """Mixed into the discussion widgets: a layout that changes their size does not ask for a
    second layout. Textual (8.2) sets a widget's virtual size with ``layout=True`` after every
    layout that changed it, so each step (another item, another height) ran a second, redundant
    layout a frame later; the scrollbars still follow (``_scroll_update`` runs either way)."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        updated: bool = super()._size_updated(  # type: ignore[misc]
            size, virtual_size, container_size, layout=False)
        return updated


class DiscussStatic(_Settled, Static):
    pass


class DiscussScroll(_Settled, VerticalScroll):
    pass


class DiscussScreen(Screen[None]):
    CSS_PATH = "bespreek.tcss"
    BINDINGS = [
        Binding("pagedown", "next", "Volgende", id="next", key_display="PgDn/→", priority=True),
        Binding("right,space", "next", "Volgende", show=False, priority=True),
        Binding("pageup", "previous", "Vorige", id="previous", key_display="PgUp/←", priority=True),
        Binding("left", "previous", "Vorige", show=False, priority=True),
        Binding("home", "first", "Eerste", id="first", key_display="Home", priority=True),
        Binding("end", "last", "Laatste", id="last", key_display="End", priority=True),
        Binding("s", "starters", "Starters", id="starters", tooltip="Alleen de gespreksstarters tonen (of weer alles)"),
        Binding("up", "scroll_texts(-1)", "Scrollen", key_display="↑↓", priority=True),
        Binding("down", "scroll_texts(1)", "Scrollen", show=False, priority=True),
        Binding("escape", "app.pop_screen", "Terug", id="back"),
    ]
    # the footer shows these first, so at 80 columns the cut falls on Home, End and scrolling, never
    # on the next item, going back, quitting or help (Textual orders keys as the focused scroll area
    # binds them: ↑↓ Home End first)
    FOOTER_FIRST = ("pagedown", "pageup", "escape", "s", "ctrl+q", "f1")

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return keys_first(super().active_bindings, self.FOOTER_FIRST)

    def __init__(self, comparison: Comparison):
        super().__init__()
        self.comparison = comparison
        self.views = comparison.three_views
        # worker item id → the client questions that mirror it (or that it estimates)
        self.mirrored: dict[str, list[str]] = {}
        if self.views is not None:
            for client_item in self.views.clients.questionnaire.items.values():
                for worker_id in filter(None, (client_item.mirrors, client_item.estimate)):
                    self.mirrored.setdefault(worker_id, []).append(client_item.id)
        self.all_items: list[Item] = comparison.discussion_order()
        starter_ids = {s.item.id for s in comparison.starters}
        if self.views is not None:  # where clients and workers differ most is a starter too
            for starter in self.views.starters:
                worker = (starter.view.estimate_item if starter.kind == "inschatting"
                          else starter.view.worker_item)
                if worker is not None:
                    starter_ids.add(worker.id)
        self.starter_items: list[Item] = [i for i in self.all_items if i.id in starter_ids]
        self.only_starters = False
        self.items: list[Item] = self.all_items
        self.short = short_names(comparison.groups)
        self.index = 0
        self.body_content: Group | Text | None = None  # what the body shows (for tests and screenshots)
        # (item id, bar width) → the body, rendered once per width: stepping back costs nothing
        self._bodies: dict[tuple[str, int], tuple[Group | Text, RenderedOnce]] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="discuss-position")
        with DiscussScroll(id="discuss"):
            yield DiscussStatic("", id="discuss-question")
            yield DiscussStatic("", id="discuss-body")
        # the palette still opens with Ctrl+P; its footer key would cover quitting and help at 80 columns
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.show()

    @property
    def item(self) -> Item | None:
        return self.items[self.index] if self.items else None

    def _why(self, item: Item) -> str:
        by_kind: dict[str, list[str]] = {}
        for s in self.comparison.starters:
            if s.item is item:
                by_kind.setdefault(s.kind, []).append(self.short.get(s.group, s.group))
        if self.views is not None:
            for starter in self.views.starters:
                worker = (starter.view.estimate_item if starter.kind == "inschatting"
                          else starter.view.worker_item)
                if worker is not None and worker.id == item.id:
                    by_kind.setdefault("cliënten zeggen het anders",
                                       []).append(self.short.get(starter.group, starter.group))
        reasons = [f"{kind} in {', '.join(names[:2])}{f' +{len(names) - 2}' if len(names) > 2 else ''}"
                   for kind, names in by_kind.items()]
        if item.kind == KIND_QUESTION:
            flagged = sum(g.flagged.get(item.id, 0) for g in self.comparison.visible_groups)
            if flagged:
                reasons.append(f"{flagged}× gemarkeerd om te bespreken")
        return "Gespreksstarter: " + "; ".join(reasons) if reasons else ""

    def show(self) -> None:
        item = self.item
        position = self.query_one("#discuss-position", Static)
        question = self.query_one("#discuss-question", Static)
        body = self.query_one("#discuss-body", Static)
        if item is None:
            position.update("Niets om te bespreken: te weinig antwoorden."
                            + (" Druk s om alle items te tonen." if self.only_starters else ""))
            question.update("")
            body.update("")
            return
        bank = self.comparison.bank
        theme = bank.themes[item.theme]
        scope = "gespreksstarters" if self.only_starters else "items"
        position.update(Text(f" {self.index + 1} / {len(self.items)} {scope}  ·  {theme.title} — {item.level}   "
                             f"{self._why(item)}"))
        question.update(Text(item.shown_text, style="bold"))
        self._shown_width = self.bar_width()
        key = (item.id, self._shown_width)
        if key not in self._bodies:
            parts: list[Group | Text] = []
            if item.scale is not None:
                parts.append(self._distributions(item))
            texts = self._texts(item)
            if texts is not None:
                parts.append(texts)
            content = Group(*parts) if parts else Text("Geen gedeelde antwoorden.", style="dim")
            self._bodies[key] = (content, RenderedOnce(content))
        self.body_content, rendered = self._bodies[key]
        body.update(rendered)
        self.query_one("#discuss", VerticalScroll).scroll_home(animate=False)

    def bar_width(self) -> int:
        """As wide as the screen allows beside the names and the numbers, at most BAR_WIDTH."""
        room = self.query_one("#discuss-body", Static).content_region.width or self.app.size.width - 6
        return max(16, min(BAR_WIDTH, room - NAME_WIDTH - SUMMARY_WIDTH - 2))

    def on_resize(self) -> None:
        self.call_after_refresh(self._rewiden)

    def _rewiden(self) -> None:
        if self.is_mounted and self.bar_width() != getattr(self, "_shown_width", None):
            self.show()

    def _legend(self, item: Item) -> Text:
        assert item.scale is not None
        return scale_legend(item.scale)

    def _distributions(self, item: Item) -> Group:
        """Every group as one large bar (share of the group, counts written in), side by side."""
        assert item.scale is not None
        nominal = item.scale.nominal
        width = self.bar_width()
        table = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False)
        table.add_column(width=NAME_WIDTH, no_wrap=True, overflow="ellipsis")
        table.add_column(width=width, no_wrap=True, overflow="crop")
        table.add_column(min_width=SUMMARY_WIDTH)
        rows = list(self.comparison.groups)
        everyone = self.comparison.everyone
        if everyone is not None and len(rows) > 1:
            rows.append(everyone)
        client_ids = self.mirrored.get(item.id, [])
        for group in rows:
            stats = group.stats.get(item.id)
            name = Text(self.short.get(group.name, group.name), style="italic" if group is everyone else "bold")
            if stats is None or stats.suppressed:
                reason = stats.suppressed if stats is not None and stats.suppressed else "geen antwoorden"
                table.add_row(name, Text(reason, style="italic dim"), "")
            else:
                counts = [stats.distribution.get(level.value, 0) for level in item.scale.levels]
                table.add_row(name, bar(counts, width), Text(summary(stats, nominal)))
            if client_ids:
                self._client_rows(table, group is everyone, group.name, client_ids, width)
            if len(rows) <= 10:  # room between the bars; more groups stand closer, so all fit
                table.add_row("", "", "")
        notes = Text("Lengte = aandeel van de groep; het getal in de balk = aantal mensen. "
                     + ("Nominale schaal: enkel aantallen." if nominal else "Van links (laag) naar rechts (hoog)."),
                     style="dim")
        if client_ids:
            return Group(self._legend(item), *self._client_legends(client_ids), Text(""), table,
                         notes, Text(""))
        spread = [ordinal_dispersion(g.stats[item.id].distribution) for g in self.comparison.groups
                  if item.id in g.stats and not g.stats[item.id].suppressed and not nominal]
        if spread and any(s is not None for s in spread):
            notes.append("  Ordinale spreiding per groep: "
                         + ", ".join(nl_number(s) for s in spread if s is not None) + ".", style="dim")
        return Group(self._legend(item), Text(""), table, notes, Text(""))

    def _client_views(self, everyone: bool, name: str, client_ids: list[str]) -> list[MirrorView]:
        views = self.views
        group = views.everyone if everyone else views.group(name)
        if group is None:
            return []
        return [v for v in group.views if v.client_item.id in client_ids]

    def _client_rows(self, table: Table, everyone: bool, name: str, client_ids: list[str], width: int) -> None:
        """Under a group's bar: what that group's clients say (jongeren and ouders apart where
        released), or why nothing is shown."""
        views = self._client_views(everyone, name, client_ids)
        if not views:
            table.add_row(Text(" ↳ cliënten", style="italic"), Text("geen cliëntcijfers", style="italic dim"), "")
            return
        for view in views:
            rows = [(Text(" ↳ cliënten", style="italic"), view.clients)]
            if len(view.client_item.texts) > 1:
                rows += [(Text(f"     {WHO_PLURAL[who]}", style="italic"), stats)
                         for who, stats in view.clients_by_who.items()]
            for label, stats in rows:
                if stats is None or stats.suppressed:
                    reason = stats.suppressed if stats is not None and stats.suppressed else "geen cliëntcijfers"
                    # wraps in the bar's column: a reason can be longer than a bar
                    table.add_row(label, Text(reason, style="italic dim", no_wrap=False, overflow="fold"), "")
                else:
                    counts = [stats.distribution.get(level.value, 0)
                              for level in view.client_item.scale.levels]
                    table.add_row(label, bar(counts, width), Text(summary(stats, spread=False)))

    def _client_legends(self, client_ids: list[str]) -> list[Text]:
        """The client question (in the young people's words) and its everyday answers."""
        items = self.views.clients.questionnaire.items
        lines = []
        for client_id in client_ids:
            client_item = items[client_id]
            text = client_item.texts.get("jongere") or next(iter(client_item.texts.values()))
            line = Text("↳ Wat cliënten zeggen, op de vraag: ", style="bold")
            line.append(f"“{text}”", style="italic")
            lines += [Text(""), line, scale_legend(client_item.scale)]
        return lines

    def _texts(self, item: Item) -> Text | None:
        """All shared texts that belong with the item: its own, or those of its theme and level."""
        groups = self.comparison.visible_groups
        if item.kind == KIND_QUESTION:
            texts = [(g.name, t) for g in groups for t in g.texts.get(item.id, [])]
        else:
            theme = self.comparison.bank.themes[item.theme]
            ids = [q.id for q in theme.items_for(item.level, KIND_QUESTION)]
            texts = [(g.name, t) for g in groups for q in ids for t in g.texts.get(q, [])]
        if not texts:
            return None
        out = Text()
        out.append(f"Gedeelde woorden ({count(len(texts), 'tekst', 'teksten')}; ↑↓ om te scrollen)\n", style="bold")
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

    def action_scroll_texts(self, direction: int) -> None:
        scroll = self.query_one("#discuss", VerticalScroll)
        scroll.scroll_relative(y=3 * direction, animate=False)

    def action_starters(self) -> None:
        """Toggle: only the conversation starters, or every item; stay on the same item if possible."""
        current = self.item
        self.only_starters = not self.only_starters
        self.items = self.starter_items if self.only_starters else self.all_items
        self.index = self.items.index(current) if current in self.items else 0
        if self.only_starters and not self.starter_items:
            self.app.notify("Er zijn geen gespreksstarters volgens de regels.", severity="warning")
        self.show()
