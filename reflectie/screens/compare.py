"""Intervisie (per team) and werkgroep (per organisation / per round): many answers files compared."""

from __future__ import annotations

import gc
from pathlib import Path

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

from reflectie import paths
from reflectie.compare import TOO_FEW, Comparison, collect, compare
from reflectie.report.group import GROUPING_LABELS, nl_number
from reflectie.textout import md_escape
from reflectie.widgets.radar import Radar

TITLES = {"team": "Intervisie: team vergelijken", "organisatie": "Werkgroep: organisaties vergelijken", "ronde": "Werkgroep: over de tijd"}


TEXTS_PER_ITEM = 5  # on screen; the report holds them all


def texts_markdown(comparison: Comparison) -> str:
    bank = comparison.bank
    lines: list[str] = []
    for count, item in comparison.flagged_questions()[:10]:
        if not lines:
            lines.append("## Meest gemarkeerd om te bespreken\n")
        lines.append(f"- **{count}×** {md_escape(bank.themes[item.theme].short)} ({item.level}): {md_escape(item.text)}")
    for group in comparison.visible_groups:
        if not group.texts and not group.actions:
            continue
        lines.append(f"\n## {md_escape(group.name)}\n")
        for item_id, texts in group.texts.items():
            item = bank.items.get(item_id)
            if item is None:
                continue
            lines.append(f"**{md_escape(item.text)}**\n")
            lines.extend(f"> {md_escape(t)}\n" for t in texts[:TEXTS_PER_ITEM])
            if len(texts) > TEXTS_PER_ITEM:
                lines.append(f"*… en nog {len(texts) - TEXTS_PER_ITEM} in het rapport.*\n")
        if group.actions:
            lines.append("**Gedeelde acties**\n")
            for action in group.actions:
                theme = bank.themes[action.theme].short if action.theme in bank.themes else action.theme
                due = f" — tegen {action.due:%d/%m/%Y}" if action.due else ""
                lines.append(f"- {md_escape(theme)} ({action.level}): {md_escape(action.text)}{due}")
    suppressed = [g for g in comparison.groups if g.suppressed]
    if suppressed:
        lines.append(f"\n*{len(suppressed)} groep(en) met te weinig deelnemers: hun teksten worden niet getoond.*")
    return "\n".join(lines) or "Nog geen gedeelde teksten of acties."


class CompareScreen(Screen):
    CSS_PATH = "compare.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug", id="back"),
        Binding("b", "discuss", "Bespreekmodus", id="discuss"),
        Binding("e", "export", "Exporteren", id="export"),
        Binding("ctrl+r", "load", "Opnieuw laden", id="reload"),
        Binding("m", "demo", "Demogegevens", id="demo"),
    ]

    def __init__(self, grouping: str = "team", folder: Path | None = None):
        super().__init__()
        self.grouping = grouping
        self.comparison: Comparison | None = None
        self.collection = None
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
                yield Select([(label, key) for key, label in GROUPING_LABELS.items()], value=self.grouping, allow_blank=False, id="grouping")
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
            self.query_one("#compare-info", Static).update(f"De map '{folder}' bestaat niet.")
            return
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#compare-info", Static).update(f"Bestanden lezen in {folder} …")
        self._load(folder)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, folder: Path) -> None:
        """Read and compare off the UI thread; big folders are parsed in helper processes."""
        bank = self.app.session.bank
        bar = self.query_one("#progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        # thousands of loaded answers make a full garbage collection pause the whole app for a
        # noticeable moment: no collections while loading, and the answers (which live as long as
        # the screen) are kept out of later ones
        gc.disable()
        try:
            collection = collect([folder], bank, progress)
            comparison = self._compare(collection)
        finally:
            gc.freeze()
            gc.enable()
        self.app.call_from_thread(self._loaded, folder, collection, comparison)

    def _compare(self, collection) -> Comparison | None:
        if not collection.answers:
            return None
        session = self.app.session
        return compare(collection, session.bank, self.grouping, session.profile.min_group)

    @work(thread=True, exclusive=True, group="load")
    def _regroup(self) -> None:
        comparison = self._compare(self.collection)
        self.app.call_from_thread(self._loaded, self.folder, self.collection, comparison)

    def _loaded(self, folder: Path, collection, comparison: Comparison | None) -> None:
        self.collection = collection
        self.folder = folder
        self.query_one("#progress").display = False
        self.comparison = comparison
        if comparison is None:
            reasons = f" {len(collection.problems)} bestand(en) onbruikbaar." if collection.problems else ""
            self.query_one("#compare-info", Static).update(f"Geen bruikbare antwoordenbestanden in {folder}.{reasons}")
            return
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
        info = [f"{len(comparison.collection.answers)} bestanden, {len(comparison.groups)} groep(en), minimum groepsgrootte {comparison.min_group}."]
        if comparison.collection.problems:
            info.append(f"[yellow]{len(comparison.collection.problems)} weggelaten:[/] " + "; ".join(str(p) for p in comparison.collection.problems[:3])
                        + (" …" if len(comparison.collection.problems) > 3 else ""))
        info.extend(comparison.notes + comparison.collection.notes[:2])
        self.query_one("#compare-info", Static).update("\n".join(info))
        # overview: profile web + table
        themes = bank.profile_themes()
        box = self.query_one("#overview-box", VerticalScroll)
        box.remove_children()
        series = [(g.name, [g.profile.get(t.id) for t in themes]) for g in comparison.visible_groups
                  if any(v is not None for v in g.profile.values())]
        table = DataTable(zebra_stripes=True, cursor_type="row")
        table.add_columns("Groep", "Deelnemers", *[t.short for t in themes])
        for group in comparison.groups:
            if group.suppressed:
                table.add_row(group.name, TOO_FEW, *[""] * len(themes))
            else:
                table.add_row(group.name, str(group.size), *[nl_number(group.profile.get(t.id), 0) or "–" for t in themes])
        widgets = [table]
        if series:
            widgets.insert(0, Radar([t.short for t in themes], series[:6]))
            if len(series) > 6:
                widgets.insert(1, Static(f"De web toont de eerste 6 van {len(series)} groepen; de tabel toont ze allemaal.", classes="dim"))
        box.mount_all(widgets)
        starters = self.query_one("#starters", DataTable)
        starters.clear(columns=True)
        starters.add_columns("Soort", "Groep", "Item", "Waarom")
        for s in comparison.starters:
            starters.add_row(s.kind, s.group[:30], s.item.text[:70], s.text)
        items = self.query_one("#items", DataTable)
        items.clear(columns=True)
        items.add_columns("Thema", "Niv.", "Item", *[g.name[:18] for g in comparison.groups])
        for item in comparison.scored_items():
            cells = []
            for group in comparison.groups:
                stats = group.stats.get(item.id)
                if group.suppressed:
                    cells.append("–")
                elif stats is None:
                    cells.append("")
                elif stats.suppressed:
                    cells.append("n<" + str(comparison.min_group))
                elif stats.mean is None:
                    cells.append(" ".join(f"{v}:{n}" for v, n in stats.distribution.items()))
                else:
                    cells.append(f"{nl_number(stats.mean)} (n{stats.n})")
            items.add_row(bank.themes[item.theme].short, item.level, item.text[:50], *cells)
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

        self.app.push_screen(ReportDialog(self.comparison))

    @on(Button.Pressed, "#demo-button")
    def action_demo(self) -> None:
        from reflectie.demo import write_demo
        from reflectie.store import StoreError

        try:
            write_demo(self.app.session.bank, paths.demo_dir(), 60)
        except StoreError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.query_one("#folder", Input).value = str(paths.demo_dir())
        self.app.notify("60 fictieve antwoordenbestanden gemaakt in de demomap.")
        self.action_load()
