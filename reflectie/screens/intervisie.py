"""Intervisie (per team) and werkgroep (per organisation / per round): many answers files compared.

Everything that comes from the files (team names, texts, file names, reasons) reaches the screen as
``rich.text.Text``, never as markup.
"""

from __future__ import annotations

import gc
from pathlib import Path

from rich.text import Text

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
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
from reflectie.widgets.radar import render_radar

TITLES = {"team": "Intervisie: team vergelijken", "organisatie": "Werkgroep: organisaties vergelijken", "ronde": "Werkgroep: over de tijd"}


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
            item = bank.items.get(item_id)
            if item is None:
                continue
            lines.append(f"**{md_escape(item.shown_text)}**\n")
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
    if comparison.hidden_groups:
        lines.append(f"\n*{count(comparison.hidden_groups, 'groep', 'groepen')} met te weinig deelnemers: "
                     "hun teksten worden niet getoond.*")
    return "\n".join(lines) or "Nog geen gedeelde teksten of acties."


class IntervisieScreen(Screen):
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

    def __init__(self, grouping: str = "team", folder: Path | None = None):
        super().__init__()
        self.grouping = grouping
        self.comparison: Comparison | None = None
        self.collection = None
        self.folder: Path | None = None
        self.initial_folder = folder

    def _default_folder(self) -> str:
        if self.initial_folder is not None:
            return str(self.initial_folder)
        profile = self.app.session.profile
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
                yield Select([(label, key) for key, label in GROUPINGS.items()], value=self.grouping, allow_blank=False, id="grouping")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("Kies een map met de (gedeelde) antwoordenbestanden en druk Enter. "
                         "Nog geen bestanden? Kies Demogegevens voor fictieve antwoorden om te oefenen.", id="compare-info", classes="dim")
            with TabbedContent(id="tabs"):
                with TabPane("Overzicht", id="tab-overview"):
                    yield VerticalScroll(id="overview-box")
                with TabPane("Gespreksstarters", id="tab-starters"):
                    yield DataTable(id="starters", cursor_type="row", zebra_stripes=True)
                with TabPane("Items", id="tab-items"):
                    yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
                with TabPane("Teksten en acties", id="tab-texts"):
                    with VerticalScroll():
                        yield Static("", id="texts")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
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

        bank = self.app.session.bank
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
            comparison = self._compare(collection)
        except LoadCancelled:
            return
        finally:
            gc.freeze()
            gc.enable()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._loaded, folder, collection, comparison)

    def _compare(self, collection: Collection) -> Comparison | str:
        if not collection.answers:
            return "Geen bruikbare antwoordenbestanden."
        session = self.app.session
        # what this screen shows is a release too (it is projected): earlier releases are checked
        ledger = ledger_for([self.folder]) if self.folder is not None else None
        try:
            comparison = compare(collection, session.bank, self.grouping, session.profile.min_group,
                                 ledger=ledger)
        except ReflectieError as exc:
            return str(exc)
        if not comparison.groups:
            if ledger is not None and ledger.withheld:
                return (f"Geen groep kan opnieuw getoond worden: ze veranderden te weinig sinds ze eerder getoond "
                        "werden (twee weergaven naast elkaar zouden antwoorden verraden). Druk v als de eerdere "
                        "weergave nooit gedeeld werd.")
            return (f"Geen enkele groep heeft genoeg deelnemers om te tonen (minimum {comparison.min_group}); "
                    "te weinig mensen per team, en samen ook.")
        return comparison

    @work(thread=True, exclusive=True, group="load")
    def _regroup(self) -> None:
        comparison = self._compare(self.collection)
        self.app.call_from_thread(self._loaded, self.folder, self.collection, comparison)

    def _loaded(self, folder: Path, collection: Collection, comparison: Comparison | str) -> None:
        self.collection = collection
        self.query_one("#progress").display = False
        if isinstance(comparison, str):
            self.comparison = None
            reasons = f" {count(len(collection.problems), 'bestand', 'bestanden')} onbruikbaar." if collection.problems else ""
            self.query_one("#compare-info", Static).update(Text(f"{comparison} Map: {folder}.{reasons}"))
            return
        self.comparison = comparison
        self._show()

    @on(Select.Changed, "#grouping")
    def _grouping(self, event: Select.Changed) -> None:
        self.grouping = str(event.value)
        self.query_one("#compare-title", Static).update(TITLES[self.grouping])
        if self.collection is not None:
            self._regroup()

    def _show(self) -> None:
        comparison = self.comparison
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
        table = DataTable(zebra_stripes=True, cursor_type="row")
        table.add_columns("Groep", "Deelnemers", *[Text(t.short) for t in themes])
        for group in comparison.groups:
            table.add_row(Text(group.name), str(group.size), *[nl_number(group.profile.get(t.id), 0) or "–" for t in themes])
        widgets = [table]
        if series:
            everyone = comparison.everyone
            reference = [everyone.profile.get(t.id) for t in themes] if everyone is not None and len(series) > 1 else None
            legend = Text("Eén web per groep (━━ de groep)", style="dim")
            if reference is not None:
                legend.append(", met iedereen samen als grijze lijn eronder", style="dim")
            legend.append(". Per thema 0–100, de cijfers staan onder elk web; – = geen antwoorden. Geen rangschikking: groepen alfabetisch.", style="dim")
            legend.append(f" {NOT_A_JUDGEMENT}", style="dim")
            webs = [Static(small_multiple([t.short for t in themes], name, values, reference), classes="multiple")
                    for name, values in series]
            rows = [Horizontal(*webs[i:i + 2], classes="multiples-row") for i in range(0, len(webs), 2)]
            widgets = [Static(legend), *rows, table]
        box.mount_all(widgets)
        starters = self.query_one("#starters", DataTable)
        starters.clear(columns=True)
        starters.add_columns("Soort", "Groep", "Item", "Waarom")
        for s in comparison.starters:
            starters.add_row(s.kind, Text(s.group[:30]), Text(s.item.shown_text[:70]), Text(s.text))
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
                    counts = [stats.distribution.get(v, 0) for v in item.scale.values]
                    cells.append(f"{sparkline(counts)} {nl_number(stats.mean)} n{stats.n}")
            items.add_row(Text(bank.themes[item.theme].short), item.level, Text(item.shown_text[:50]), *cells)
        self._texts_shown = False
        if self.query_one("#tabs", TabbedContent).active == "tab-texts":
            self._show_texts()
        if isinstance(self.focused, Input):
            self.query_one("#tabs Tabs").focus()  # letters are keys again, not typing

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-texts" and self.comparison is not None and not self._texts_shown:
            self._show_texts()

    def _show_texts(self) -> None:
        """Rendered when the tab is first opened: one widget, however many texts there are."""
        from rich.markdown import Markdown as RichMarkdown

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
        if self.collection is None or not self.collection.problems:
            self.app.notify("Alle bestanden waren leesbaar.")
            return
        from reflectie.screens.textdialog import TextDialog

        lines = [str(p) for p in self.collection.problems] + [""] + self.collection.diagnostics
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
            ledger = ledger_for([self.folder]) if self.folder is not None else None
            if ledger is not None:
                ledger.forget_rounds(self.collection.answers, {a.round.id for a in self.collection.answers})
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
        from reflectie.demo import write_demo
        try:
            write_demo(self.app.session.bank, paths.demo_dir(), 60)
        except ReflectieError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.query_one("#folder", Input).value = str(paths.demo_dir())
        self.app.notify("60 fictieve antwoordenbestanden gemaakt in de demomap.")
        self.action_load()
