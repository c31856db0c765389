"""Intervisie (per team) and werkgroep (per organisation / per round): many answers files compared.

Everything that comes from the files (team names, texts, file names, reasons) reaches the screen as
``rich.text.Text``, never as markup.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    ProgressBar,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import get_current_worker

from reflectie import paths
from reflectie.analysis import NOT_A_JUDGEMENT
from reflectie.compare import Comparison, compare
from reflectie.dutch import count, nl_number
from reflectie.errors import ReflectieError
from reflectie.ledger import ledger_for
from reflectie.loading import Collection, LoadCancelled, collect
from reflectie.model import BAN_KEEP_REACH
from reflectie.rules import GROUPINGS
from reflectie.textout import action_parts_md, md_escape
from reflectie.widgets.footer import keys_first
from reflectie.widgets.radar import render_radar

if TYPE_CHECKING:
    from rich.console import Group, RenderableType
    from rich.table import Table
    from textual.widget import Widget

    from reflectie.app import ReflectieApp
    from reflectie.clientcompare import ClientCollection, ClientItemStats
    from reflectie.compare import ItemStats
    from reflectie.model import Scale

TITLES = {"team": "Intervisie: team vergelijken", "organisatie": "Werkgroep: organisaties vergelijken",
          "ronde": "Werkgroep: over de tijd"}


TEXTS_PER_ITEM = 5  # on screen; the report holds them all
SPARK = "▁▂▃▄▅▆▇█"


def sparkline(counts: list[int]) -> str:
    """Counts per scale value as one character each (higher = more people); '·' for none."""
    top = max(counts, default=0)
    if not top:
        return "·" * len(counts)
    return "".join("·" if n == 0 else SPARK[max(0, round((len(SPARK) - 1) * n / top))] for n in counts)


def small_multiple(labels: list[str], name: str, values: list[float | None],
                   reference: list[float | None] | None) -> Text:
    """One group's web (with the whole as a grey reference), its name and its numbers."""
    series = ([("iedereen", reference)] if reference is not None else []) + [(name, values)]
    styles = ("dim", "bold cyan") if reference is not None else ("bold cyan",)
    web = render_radar(labels, series, 26, 10, styles)
    lines = web.split("\n")
    keep = lines[: len(lines) - len(series) - 1]  # the web without its legend
    out = Text(name, style="bold")
    out.append("\n")
    for line in keep:
        out.append_text(line)
        out.append("\n")
    shown = [f"{label} {'–' if v is None else nl_number(v, 0)}" for label, v in zip(labels, values)]
    half = (len(shown) + 1) // 2
    out.append("  ".join(shown[:half]) + "\n" + "  ".join(shown[half:]))
    return out


THREE_LABEL = 22  # "Ingeschat cliëntbeeld", "  jongeren (12)"
THREE_BAR = 36  # at most; narrower on a narrow screen (80 columns: 31)
THREE_SUMMARY = 17  # "n 12 · gem. 3,83"


def _three_row(table: Table, label: Text, stats: ItemStats | None, scale: Scale, client: bool,
               width: int) -> None:
    from reflectie.screens.bespreek import bar, summary

    if stats is None or stats.suppressed:
        # wraps in the bar's column: a reason can be longer than a bar (never cut off mid-sentence)
        reason = Text(stats.suppressed if stats is not None and stats.suppressed else "geen antwoorden",
                      style="italic dim", no_wrap=False, overflow="fold")
        declined = cast("ClientItemStats", stats).declined if client and stats is not None else 0
        table.add_row(label, reason, Text(f"wil niet zeggen {declined}" if declined else ""))
        return
    counts = [stats.distribution.get(level.value, 0) for level in scale.levels]
    table.add_row(label, bar(counts, width), Text(summary(stats, spread=False)))


def three_views_renderable(comparison: Comparison, width: int = 120) -> Group:
    """The 'Drie blikken' tab: per group with released client figures, per client question, how
    workers place themselves, their estimate of the clients' view (the ladder) and what clients
    say, as bars with the counts written in; ``width`` is the room on screen. Every name and text
    is a Text, never markup."""
    from rich.console import Group
    from rich.table import Table

    from reflectie.clientcompare import CLIENT_STARTER_RULE
    from reflectie.report.group import (
        EVERYONE,
        VIEW_CLIENTS,
        VIEW_ESTIMATE,
        VIEW_WHO,
        client_text,
        signed,
        who_sizes_text,
    )
    from reflectie.screens.bespreek import scale_legend

    views = comparison.three_views
    assert views is not None
    bar_width = max(12, min(THREE_BAR, width - THREE_LABEL - THREE_SUMMARY - 4))
    parts: list[RenderableType] = []
    seen_scales: list[str] = []
    for item in views.clients.questionnaire.items.values():
        if item.scale.id not in seen_scales:
            seen_scales.append(item.scale.id)
            legend = Text(f"{item.prompt} ", style="bold")
            legend.append_text(scale_legend(item.scale))
            parts.append(legend)
    parts.append(Text("Lengte = aandeel; het getal in de balk = aantal mensen. Van links (laag) naar "
                      "rechts (hoog). Hulpverleners antwoorden op hun eigen schaal met evenveel "
                      "stappen in dezelfde richting.", style="dim"))
    shown = list(views.shown)
    if len(shown) > 1 and views.everyone is not None and views.everyone.clients is not None:
        shown.append(views.everyone)
    if not shown:
        parts.append(Text(f"\nGeen enkele groep heeft cliëntcijfers om te tonen (minstens "
                          f"{views.clients.min_group} cliëntantwoorden per team, naast de eigen "
                          "hulpverleners).", style="italic"))
    for group in shown:
        head = Text("\n")
        head.append(f"{EVERYONE} (alle getoonde groepen)" if group is views.everyone else group.name,
                    style="bold reverse")
        sizes = f"{group.clients.size} cliëntantwoorden"
        if group.workers is not None:
            sizes = f"{group.workers.size} hulpverleners, {sizes}"
        if group.clients.who_sizes:
            sizes += f" ({who_sizes_text(group.clients.who_sizes)})"
        head.append("  " + sizes, style="dim")
        parts.append(head)
        for starter in views.starters_for(group.name):
            line = Text("  ▶ gespreksstarter: ", style="bold")
            line.append(client_text(starter.view.client_item))
            line.append(f" — {starter.text}", style="dim")
            parts.append(line)
        for view in group.views:
            parts.append(Text("\n" + client_text(view.client_item), style="bold"))
            table = Table(show_header=False, box=None, padding=(0, 1, 0, 0), pad_edge=False)
            table.add_column(width=THREE_LABEL, no_wrap=True, overflow="ellipsis")
            table.add_column(width=bar_width, no_wrap=True, overflow="crop")
            table.add_column(min_width=THREE_SUMMARY)
            _three_row(table, Text("Hulpverleners: zelf"), view.workers, view.worker_item.scale, False,
                       bar_width)
            if view.estimate_item is not None:
                _three_row(table, Text(VIEW_ESTIMATE), view.estimate, view.estimate_item.scale, False,
                           bar_width)
            _three_row(table, Text(VIEW_CLIENTS, style="bold"), view.clients, view.client_item.scale,
                       True, bar_width)
            if len(view.client_item.texts) > 1:
                for who, stats in view.clients_by_who.items():
                    size = group.clients.who_sizes.get(who)
                    _three_row(table, Text(f"  {VIEW_WHO[who]} ({size})"), stats, view.client_item.scale,
                               True, bar_width)
            parts.append(table)
            gaps = []
            if view.gap_self is not None:
                gaps.append(f"zelf {signed(view.gap_self)}")
            if view.gap_estimate is not None:
                gaps.append(f"ingeschat {signed(view.gap_estimate)}")
            if gaps:
                parts.append(Text("verschil (cliënten min hulpverleners): " + " · ".join(gaps),
                                  style="dim"))
    parts += [Text(""), Text(CLIENT_STARTER_RULE, style="dim"), Text(""), Text(views.method, style="dim")]
    for note in views.clients.notes:
        parts += [Text(""), Text(note, style="dim")]
    return Group(*parts)


def texts_markdown(comparison: Comparison) -> str:
    bank = comparison.bank
    lines: list[str] = []
    for times, item in comparison.flagged_questions()[:10]:
        if not lines:
            lines.append("## Meest gemarkeerd om te bespreken\n")
        lines.append(f"- **{times}×** {md_escape(bank.themes[item.theme].short)} ({item.level}): "
                     f"{md_escape(item.shown_text)}")
    for group in comparison.visible_groups:
        if not group.texts and not group.actions:
            continue
        lines.append(f"\n## {md_escape(group.name)}\n")
        for item_id, texts in group.texts.items():
            question = bank.items.get(item_id)
            if question is None:
                continue
            lines.append(f"**{md_escape(question.shown_text)}**\n")
            lines.extend(f"> {md_escape(t)}\n" for t in texts[:TEXTS_PER_ITEM])
            if len(texts) > TEXTS_PER_ITEM:
                lines.append(f"*… en nog {len(texts) - TEXTS_PER_ITEM} in het rapport.*\n")
        if group.actions:
            lines.append("**Gedeelde acties**\n")
            for action in group.actions:
                theme = bank.themes[action.theme].short if action.theme in bank.themes else action.theme
                due = f" — tegen {action.due:%d/%m/%Y}" if action.due else ""
                lines.append(f"- {md_escape(theme)} ({action.level}): {md_escape(action.text)}{due}")
                lines.extend(action_parts_md(action, bank.action_formats.get(BAN_KEEP_REACH)))
    small = comparison.hidden_groups - comparison.withheld_groups
    if small:
        lines.append(f"\n*{count(small, 'groep', 'groepen')} met te weinig deelnemers: "
                     "hun teksten worden niet getoond.*")
    if comparison.withheld_groups:
        lines.append(f"\n*{count(comparison.withheld_groups, 'groep', 'groepen')} niet opnieuw getoond: "
                     "ze stonden al in een eerdere weergave van deze ronde.*")
    return "\n".join(lines) or "Nog geen gedeelde teksten of acties."


def items_legend(k: int) -> str:
    """What the cells of the Items tab mean (a coach met '·████ 3,50 n4' without a word)."""
    return (
        "Per groep de verdeling van laag naar hoog (▁ weinig, █ veel), het gemiddelde en n = aantal "
        f"antwoorden; 1:2 = keuze 1, twee keer; n<{k}: te weinig antwoorden om te tonen."
    )


class InfoBox(VerticalScroll):
    """The notes above the tabs: a few lines high, so the figures keep the screen; when the notes
    are longer (a small terminal, many notes) it scrolls, and only then does Tab stop on it."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0


class IntervisieScreen(Screen[None]):
    CSS_PATH = "intervisie.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug", id="back"),
        Binding("b", "discuss", "Bespreekmodus", id="discuss"),
        Binding("e", "export", "Exporteren", id="export"),
        Binding("ctrl+r", "load", "Opnieuw laden", id="reload"),
        Binding("m", "demo", "Demogegevens", id="demo"),
        Binding("f", "problems", "Onleesbare bestanden", id="problems", show=False),
        Binding("v", "forget", "Vergeet eerdere weergaven", id="forget", show=False),
    ]

    # at 80 columns the footer is cut at the end: quitting and help before reload and demo
    FOOTER_FIRST = ("escape", "b", "e", "ctrl+q", "f1")

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return keys_first(super().active_bindings, self.FOOTER_FIRST)

    # one-letter keys: while the folder field has the focus they are letters of the path
    LETTER_ACTIONS = frozenset({"discuss", "export", "demo", "problems", "forget"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the folder field b, e, m, f and v are typed, not commands: the footer then does not
        offer them (a coach pressed b there to start the bespreekmodus and wrote 'b' as the path)."""
        if action in self.LETTER_ACTIONS and isinstance(self.focused, Input):
            return False
        return True

    def __init__(self, grouping: str = "team", folder: Path | None = None):
        super().__init__()
        self.grouping = grouping
        self.comparison: Comparison | None = None
        self.collection: Collection | None = None
        self.clients: ClientCollection | None = None  # of the folder; None without client files
        self.folder: Path | None = None
        self.initial_folder = folder

    @property
    def app_(self) -> ReflectieApp:
        return cast("ReflectieApp", self.app)

    def _default_folder(self) -> str:
        if self.initial_folder is not None:
            return str(self.initial_folder)
        profile = self.app_.session.profile
        if profile.shared_folder:
            return profile.shared_folder
        if paths.demo_dir().is_dir():
            return str(paths.demo_dir())
        return ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="compare"):
            yield Static(TITLES[self.grouping], classes="title", id="compare-title")
            with Horizontal(id="compare-bar"):
                yield Input(self._default_folder(), placeholder="map met antwoordenbestanden", id="folder")
                yield Button("Laden", id="load", variant="primary")
                yield Button("Demogegevens", id="demo-button")
                yield Select([(label, key) for key, label in GROUPINGS.items()], value=self.grouping,
                             allow_blank=False, id="grouping")
            yield ProgressBar(id="progress", show_eta=False)
            with InfoBox(id="compare-info-box"):
                yield Static("Kies een map met de (gedeelde) antwoordenbestanden en druk Enter. "
                             "Nog geen bestanden? Kies Demogegevens voor fictieve antwoorden om te "
                             "oefenen.", id="compare-info", classes="dim")
            with TabbedContent(id="tabs"):
                with TabPane("Overzicht", id="tab-overview"):
                    yield VerticalScroll(id="overview-box")
                with TabPane("Gespreksstarters", id="tab-starters"):
                    yield DataTable(id="starters", cursor_type="row", zebra_stripes=True)
                with TabPane("Items", id="tab-items"):
                    yield Static("", id="items-legend", classes="dim")
                    yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
                with TabPane("Teksten en acties", id="tab-texts"):
                    with VerticalScroll():
                        yield Static("", id="texts")
                with TabPane("Drie blikken", id="tab-three"):
                    with VerticalScroll(id="three-box"):
                        yield Static("", id="three")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#tabs", TabbedContent).hide_tab("tab-three")  # until client files load
        if self.query_one("#folder", Input).value:
            self.action_load()
        else:
            self.query_one("#folder", Input).focus()

    @on(Input.Submitted, "#folder")
    @on(Button.Pressed, "#load")
    def action_load(self) -> None:
        folder = Path(self.query_one("#folder", Input).value.strip()).expanduser()
        if not str(folder) or not folder.exists():
            self.query_one("#compare-info", Static).update(Text(f"De map '{folder}' bestaat niet."))
            return
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#compare-info", Static).update(Text(f"Bestanden lezen in {folder} …"))
        self.folder = folder
        self._load(folder)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, folder: Path) -> None:
        """Read and compare off the UI thread (10,000 files take about 2.5 s here)."""
        # for _show, which needs it: Jinja2 is imported here, off the UI thread
        import reflectie.report.group  # noqa: F401

        bank = self.app_.session.bank
        bar = self.query_one("#progress", ProgressBar)
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise LoadCancelled  # the app is closing: stop reading, so quitting is immediate
            self.app.call_from_thread(bar.update, total=total, progress=done)

        # thousands of loaded answers make a full garbage collection pause the whole app (measured
        # at 10,000 files: four pauses of 40-170 ms while loading): no collections while loading,
        # and the answers (which live as long as the screen) are kept out of later ones
        gc.disable()
        try:
            collection = collect([folder], bank, progress)
            self.clients = self._collect_clients(folder)
            comparison = self._compare(collection)
        except LoadCancelled:
            return
        finally:
            gc.freeze()
            gc.enable()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._loaded, folder, collection, comparison)

    @staticmethod
    def _collect_clients(folder: Path) -> ClientCollection | None:
        """The clients' answers in the folder (read with this device's private keys), or None
        when it holds no client files (the screen is then as without them)."""
        from reflectie.clientcompare import client_files, collect_clients

        if not client_files([folder]):
            return None
        return collect_clients([folder])

    def _compare(self, collection: Collection) -> Comparison | str:
        if not collection.answers:
            return "Geen bruikbare antwoordenbestanden."
        session = self.app_.session
        # what this screen shows is a release too (it is projected): earlier releases are checked
        try:
            ledger = ledger_for([self.folder]) if self.folder is not None else None
            comparison = compare(collection, session.bank, self.grouping, session.profile.min_group,
                                 ledger=ledger)
        except ReflectieError as exc:
            return str(exc)
        if comparison.groups and self.clients is not None and self.clients.answers:
            from reflectie.clientcompare import three_views

            # screened by the same ledger: client units shown here are releases too
            comparison.three_views = three_views(comparison, self.clients)
        if not comparison.groups:
            if ledger is not None and ledger.withheld:
                return ("Geen groep kan opnieuw getoond worden: ze veranderden te weinig sinds ze eerder getoond "
                        "werden (twee weergaven naast elkaar zouden antwoorden verraden). Druk v als de eerdere "
                        "weergave nooit gedeeld werd.")
            return (f"Geen enkele groep heeft genoeg deelnemers om te tonen (minimum {comparison.min_group}); "
                    "te weinig mensen per team, en samen ook.")
        return comparison

    @work(thread=True, exclusive=True, group="load")
    def _regroup(self) -> None:
        assert self.collection is not None  # regrouping is of what was loaded
        comparison = self._compare(self.collection)
        self.app.call_from_thread(self._loaded, self.folder, self.collection, comparison)

    def _loaded(self, folder: Path, collection: Collection, comparison: Comparison | str) -> None:
        self.collection = collection
        self.query_one("#progress").display = False
        if isinstance(comparison, str):
            self.comparison = None
            problems = collection.problems
            reasons = f" {count(len(problems), 'bestand', 'bestanden')} onbruikbaar." if problems else ""
            self.query_one("#compare-info", Static).update(Text(f"{comparison} Map: {folder}.{reasons}"))
            return
        self.comparison = None  # set when everything shows (the screen is built in steps)
        self._show(comparison)

    @on(Select.Changed, "#grouping")
    def _grouping(self, event: Select.Changed) -> None:
        self.grouping = str(event.value)
        self.query_one("#compare-title", Static).update(TITLES[self.grouping])
        if self.collection is not None:
            self._regroup()

    def _show(self, comparison: Comparison) -> None:
        """The loaded comparison on screen, in steps with a repaint between them (at 10,000 files
        everything at once kept the app from taking a key for ~110 ms): the info line and the
        overview first, then the two tables; ``self.comparison`` is set when all shows."""
        bank = comparison.bank
        from reflectie.report.group import report_header

        # the screen may be projected: counts only, never file names or pseudonyms (key f lists them)
        info = Text(report_header(comparison))
        problems = comparison.collection.problems
        if problems:
            info.append("\n")
            info.append(f"{count(len(problems), 'bestand', 'bestanden')} onleesbaar (f toont welke, "
                        "enkel voor de begeleider).", style="yellow")
        withheld = comparison.ledger.withheld if comparison.ledger is not None else []
        if withheld:
            info.append("\n")
            info.append(f"{count(len(withheld), 'groep', 'groepen')} niet opnieuw getoond: sinds een eerdere "
                        "weergave veranderde te weinig (v = vergeet eerdere weergaven).", style="yellow")
        info.append_text(self._clients_info(comparison))
        for note in comparison.notes:
            info.append("\n" + note)
        self.query_one("#compare-info", Static).update(info)
        if comparison.ledger is not None:
            self._remember(comparison)
        # overview: profile web + table
        themes = bank.profile_themes()
        box = self.query_one("#overview-box", VerticalScroll)
        box.remove_children()
        series = [(g.name, [g.profile.get(t.id) for t in themes]) for g in comparison.visible_groups
                  if any(v is not None for v in g.profile.values())]
        table: DataTable[str | Text] = DataTable(zebra_stripes=True, cursor_type="row")
        table.add_columns("Groep", "Deelnemers", *[Text(t.short) for t in themes])
        for group in comparison.groups:
            table.add_row(Text(group.name), str(group.size),
                          *[nl_number(group.profile.get(t.id), 0) or "–" for t in themes])
        widgets: list[Widget] = [table]
        if series:
            everyone = comparison.everyone
            reference = ([everyone.profile.get(t.id) for t in themes]
                         if everyone is not None and len(series) > 1 else None)
            legend = Text("Eén web per groep (━━ de groep)", style="dim")
            if reference is not None:
                legend.append(", met iedereen samen als grijze lijn eronder", style="dim")
            legend.append(". Per thema 0–100, de cijfers staan onder elk web; – = geen antwoorden. "
                          "Geen rangschikking: groepen alfabetisch.", style="dim")
            legend.append(f" {NOT_A_JUDGEMENT}", style="dim")
            webs = [Static(small_multiple([t.short for t in themes], name, values, reference), classes="multiple")
                    for name, values in series]
            rows = [Horizontal(*webs[i:i + 2], classes="multiples-row") for i in range(0, len(webs), 2)]
            widgets = [Static(legend), *rows, table]
        box.mount_all(widgets)
        self.call_after_refresh(self._show_tables, comparison)

    def _show_tables(self, comparison: Comparison) -> None:
        """The starters and items tables (the second step of ``_show``)."""
        if not self.is_mounted:
            return
        bank = comparison.bank
        starters = self.query_one("#starters", DataTable)
        starters.clear(columns=True)
        starters.add_columns("Soort", "Groep", "Item", "Waarom")
        for s in comparison.starters:
            starters.add_row(s.kind, Text(s.group[:30]), Text(s.item.shown_text[:70]), Text(s.text))
        self.query_one("#items-legend", Static).update(Text(items_legend(comparison.min_group)))
        items = self.query_one("#items", DataTable)
        items.clear(columns=True)
        items.add_columns("Thema", "Niv.", "Item", *[Text(g.name[:18]) for g in comparison.groups])
        for item in comparison.scored_items():
            cells = []
            for group in comparison.groups:
                stats = group.stats.get(item.id)
                if stats is None:
                    cells.append("")
                elif stats.suppressed:
                    cells.append("n<" + str(comparison.min_group))
                elif stats.mean is None:
                    cells.append(" ".join(f"{v}:{n}" for v, n in stats.distribution.items()))
                else:
                    assert item.scale is not None  # a scored item
                    counts = [stats.distribution.get(v, 0) for v in item.scale.values]
                    cells.append(f"{sparkline(counts)} {nl_number(stats.mean)} n{stats.n}")
            items.add_row(Text(bank.themes[item.theme].short), item.level, Text(item.shown_text[:50]), *cells)
        self.comparison = comparison
        self._texts_shown = False
        self._three_shown = False
        tabs = self.query_one("#tabs", TabbedContent)
        if comparison.three_views is not None:
            tabs.show_tab("tab-three")
        else:
            if tabs.active == "tab-three":
                tabs.active = "tab-overview"
            tabs.hide_tab("tab-three")
        if tabs.active == "tab-texts":
            self._show_texts()
        if tabs.active == "tab-three":
            self._show_three()
        if isinstance(self.focused, Input):
            self.query_one("#tabs Tabs").focus()  # letters are keys again, not typing

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-texts" and self.comparison is not None and not self._texts_shown:
            self._show_texts()
        if event.pane.id == "tab-three" and self.comparison is not None and not self._three_shown:
            self._show_three()

    def _clients_info(self, comparison: Comparison) -> Text:
        """One line about the client files for the (projected) screen: counts only, never names."""
        clients = self.clients
        line = Text()
        if clients is None:
            return line
        views = comparison.three_views
        if views is not None:
            line.append("\nDrie blikken: cliëntantwoorden in "
                        f"{count(len(views.shown), 'getoonde groep', 'getoonde groepen')} (tabblad Drie "
                        "blikken; b = bespreekmodus, met wat cliënten zeggen onder elke groep).")
        else:
            line.append(f"\n{count(clients.files_seen, 'cliëntbestand', 'cliëntbestanden')} in de map, "
                        "maar geen enkel leesbaar: geen drie blikken.", style="yellow")
        unreadable = len(clients.problems) + len(clients.key_problems)
        if unreadable and views is not None:
            line.append(f" {count(len(clients.problems), 'cliëntbestand', 'cliëntbestanden')} onleesbaar "
                        "(f toont welke, enkel voor de begeleider).", style="yellow")
        elif unreadable:
            line.append(" f toont waarom (enkel voor de begeleider).", style="yellow")
        return line

    def _show_three(self) -> None:
        """Rendered when the tab is first opened (and again at another width)."""
        if self.comparison is None or self.comparison.three_views is None:
            return
        box = self.query_one("#three-box", VerticalScroll)
        width = box.scrollable_content_region.width or self.app.size.width - 4
        self.query_one("#three", Static).update(three_views_renderable(self.comparison, width))
        self._three_shown = True
        self._three_width = width

    def on_resize(self) -> None:
        if getattr(self, "_three_shown", False) and self.query_one("#tabs", TabbedContent).active == "tab-three":
            self.call_after_refresh(self._rewiden_three)

    def _rewiden_three(self) -> None:
        box = self.query_one("#three-box", VerticalScroll)
        if box.scrollable_content_region.width != getattr(self, "_three_width", None):
            self._show_three()

    def _show_texts(self) -> None:
        """Rendered when the tab is first opened: one widget, however many texts there are."""
        from rich.markdown import Markdown as RichMarkdown

        assert self.comparison is not None  # the tab shows once loaded
        self.query_one("#texts", Static).update(RichMarkdown(texts_markdown(self.comparison)))
        self._texts_shown = True

    # a description, else Textual names the worker by repr() of its argument: the whole comparison
    # with every answers file, 0.6 s on the UI thread at 10,000 files
    @work(thread=True, group="ledger", description="eerdere weergaven onthouden")
    def _remember(self, comparison: Comparison) -> None:
        """What this screen showed is remembered as released (off the UI thread: it writes a file)."""
        try:
            if comparison.ledger is not None:
                comparison.ledger.commit()
        except ReflectieError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="warning")

    def action_problems(self) -> None:
        """The unreadable files by name: for the facilitator, not for the projector."""
        client_problems = self.clients is not None and self.clients.problems
        if self.collection is None or not (self.collection.problems or client_problems):
            self.app.notify("Alle bestanden waren leesbaar.")
            return
        from reflectie.screens.textdialog import TextDialog

        lines = [str(p) for p in self.collection.problems] + [""] + self.collection.diagnostics
        if self.clients is not None and self.clients.problems:
            lines += ["", "Cliëntbestanden:"] + [p.line for p in self.clients.problems]
            lines += self.clients.key_problems
        self.app.push_screen(TextDialog("Onleesbare bestanden en dubbele kopieën", "\n".join(lines),
                                        "Enkel voor de begeleider: deze lijst noemt bestandsnamen en pseudoniemen."))

    def action_forget(self) -> None:
        """Forget earlier showings of this folder's rounds, after a confirmation."""
        if self.collection is None:
            return
        from reflectie.screens.confirm import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            assert self.collection is not None
            # the rounds on the screen (all of the folder's only per round)
            rounds = (self.comparison.rounds if self.comparison is not None
                      else {a.round.id for a in self.collection.answers})
            try:
                ledger = ledger_for([self.folder]) if self.folder is not None else None
                if ledger is not None:
                    ledger.forget_rounds(self.collection.answers, rounds)
                    ledger.commit()
            except ReflectieError as exc:
                self.app.notify(str(exc), title="Niet vergeten", severity="error", timeout=12)
                return
            self._regroup()

        self.app.push_screen(ConfirmDialog(
            "Eerdere weergaven vergeten?",
            "Doe dit enkel als de eerdere weergave of het eerdere rapport van deze groepen nooit getoond of "
            "verspreid werd. Anders kan wie beide naast elkaar legt antwoorden van enkelingen terugrekenen.",
            "Vergeten", danger=True), answer)

    def action_discuss(self) -> None:
        if self.comparison is None:
            self.app.notify("Laad eerst een map met antwoordenbestanden.", severity="warning")
            return
        from reflectie.screens.bespreek import DiscussScreen

        self.app.push_screen(DiscussScreen(self.comparison))

    def action_export(self) -> None:
        if self.comparison is None:
            self.app.notify("Laad eerst een map met antwoordenbestanden.", severity="warning")
            return
        from reflectie.screens.export import ReportDialog

        self.app.push_screen(
            ReportDialog(self.comparison, [self.folder] if self.folder is not None else [])
        )

    @on(Button.Pressed, "#demo-button")
    def action_demo(self) -> None:
        from reflectie.demo import write_demo, write_demo_clients
        try:
            write_demo(self.app_.session.bank, paths.demo_dir(), 60)
            clients, _key = write_demo_clients(paths.demo_dir())
        except ReflectieError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.query_one("#folder", Input).value = str(paths.demo_dir())
        self.app.notify(f"60 fictieve antwoordenbestanden en {len(clients)} fictieve "
                        "cliëntantwoorden gemaakt in de demomap.")
        self.action_load()
