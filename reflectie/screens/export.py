"""Dialogs that write files: one's own round (Markdown/HTML), the shareable answers file, reports.

Files go to the documents folder (``paths.default_export_dir()``) or the last shared folder, never
silently to the current directory; a file that already exists is only replaced after a question.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from reflectie import paths
from reflectie.widgets.items import Choice, ChoiceList, Tick

if TYPE_CHECKING:
    from reflectie.app import ReflectieApp
    from reflectie.compare import Comparison
    from reflectie.report.group import ReportOptions


class FileDialog(ModalScreen[object]):
    """A title, the dialog's own fields, a folder, and a confirm/cancel pair."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="cancel")]
    TITLE_TEXT = ""
    CONFIRM = "OK"
    FOLDER_LABEL = "Map"

    @property
    def app_(self) -> ReflectieApp:
        return self.app  # type: ignore[return-value]

    def default_folder(self) -> str:
        return str(paths.default_export_dir())

    def fields(self) -> ComposeResult:
        yield from ()

    def note(self) -> str:
        return ""

    def compose(self) -> ComposeResult:
        # no Tab stop of its own: it showed nothing when focused (Tab went Exporteren, Annuleren,
        # nowhere, Formaat); a field that gets focus is scrolled into view all the same
        with VerticalScroll(classes="dialog", can_focus=False):
            yield Static(self.TITLE_TEXT, classes="title")
            yield from self.fields()
            yield Label(self.FOLDER_LABEL)
            yield Input(self.default_folder(), id="folder")
            if self.note():
                yield Static(Text(self.note()), classes="dim")
            with Horizontal(classes="buttons"):
                yield Button(self.CONFIRM, id="go", variant="primary")
                yield Button("Annuleren", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#go", Button).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#go")
    @on(Input.Submitted, "#folder")
    def _confirm(self) -> None:
        folder = Path(
            self.query_one("#folder", Input).value.strip() or paths.default_export_dir()
        ).expanduser()
        try:
            existing = [path for path in self.targets(folder) if path.exists()]
        except OSError:
            existing = []
        if existing:
            from reflectie.screens.confirm import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self.go(folder)

            if len(existing) == 1:
                title = "Bestand bestaat al"
                message = f"{existing[0]} bestaat al. Wil je het vervangen door de nieuwe versie?"
            else:
                names = ", ".join(path.name for path in existing[:-1]) + f" en {existing[-1].name}"
                title = "Bestanden bestaan al"
                message = (f"{names} bestaan al in {folder}. Wil je ze vervangen door de nieuwe "
                           "versie?")
            self.app_.push_screen(ConfirmDialog(title, message, "Vervangen"), answered)
            return
        self.go(folder)

    def target(self, folder: Path) -> Path | None:
        """The file this dialog would write in ``folder`` (None when it cannot know in advance)."""
        return None

    def targets(self, folder: Path) -> list[Path]:
        """Every file this dialog would write in ``folder`` (to ask before replacing any)."""
        target = self.target(folder)
        return [] if target is None else [target]

    def go(self, folder: Path) -> None:
        raise NotImplementedError

    def failed(self, title: str, message: str) -> None:
        self.app_.notify(message, title=title, severity="error", timeout=12)

    def deliver(self, written: Iterable[Path]) -> None:
        """In the browser (reflectie serve) the files also arrive as downloads."""
        if getattr(self.app, "is_web", False):
            for path in written:
                self.app.deliver_binary(path, save_filename=path.name)


FORMATS = [Choice("html", "h", "HTML (afdrukbaar, met het web)"), Choice("md", "m", "Markdown")]


class ExportDialog(FileDialog):
    TITLE_TEXT = "Ronde exporteren"
    CONFIRM = "Exporteren"

    def fields(self) -> ComposeResult:
        yield ChoiceList(FORMATS, "html", title="Formaat", id="format")

    def note(self) -> str:
        return "De export bevat al je antwoorden, ook wat je niet deelt. Bewaar hem zorgvuldig."

    @on(ChoiceList.Chosen, "#format")
    def _format(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        if event.value is not None:
            event.widget.show(event.value)

    @property
    def fmt(self) -> str:
        return str(self.query_one("#format", ChoiceList).value or "html")

    def target(self, folder: Path) -> Path | None:
        return self.app_.session.export_target(folder, self.fmt)

    def go(self, folder: Path) -> None:
        from reflectie.errors import ReflectieError

        try:
            target = self.app_.session.export(folder, self.fmt)
        except ReflectieError as exc:
            self.failed("Export mislukt", str(exc))
            return
        self.app_.notify(f"Geëxporteerd naar {target}", timeout=10)
        self.deliver([target])
        self.dismiss(target)


class ShareDialog(FileDialog):
    TITLE_TEXT = "Deelbaar bestand voor het team"
    CONFIRM = "Bestand maken"
    FOLDER_LABEL = "Map (bv. de gedeelde teammap)"

    def default_folder(self) -> str:
        return self.app_.session.profile.shared_folder or str(paths.default_export_dir())

    def fields(self) -> ComposeResult:
        preview = self.app_.session.share_preview()
        self.preview = preview
        yield Static(Text("Dit gaat mee, precies zo:"), classes="section")
        yield Static(Text("\n".join(f"• {line}" for line in preview.lines())), id="preview")
        for warning in preview.warnings:
            yield Static(Text("Let op: " + warning), classes="warning")

    def target(self, folder: Path) -> Path | None:
        return folder if folder.suffix == ".toml" else folder / self.preview.file_name

    def go(self, folder: Path) -> None:
        from reflectie.errors import ReflectieError

        try:
            target = self.app_.session.share(folder)
        except ReflectieError as exc:
            self.failed("Delen mislukt", str(exc))
            return
        self.app_.notify(f"Deelbaar bestand: {target}", timeout=10)
        self.deliver([target])
        self.dismiss(target)


class ReportDialog(FileDialog):
    """Export a comparison as report files, with the name of the folder they came from (never
    its path), like ``reflectie rapport``. PDF is offered when WeasyPrint works here."""

    TITLE_TEXT = "Rapport maken"
    CONFIRM = "Maken"
    CHOICES = (
        ("html", "HTML"),
        ("md", "Markdown"),
        ("csv", "CSV (Excel)"),
        ("xlsx", "XLSX"),
        ("pdf", "PDF"),
    )

    def __init__(self, comparison: Comparison, folders: Iterable[Path] = ()):
        super().__init__()
        self.comparison = comparison
        self.folders = list(folders)

    def fields(self) -> ComposeResult:
        from reflectie.report.group import PDF_EXTRA, pdf_installed

        yield Label("Formaten")
        installed = pdf_installed()
        with Horizontal(classes="flags"):
            for fmt, label in self.CHOICES:
                if fmt == "pdf":
                    yield Tick(label, value=False, id="fmt-pdf", disabled=not installed)
                else:
                    yield Tick(label, value=fmt in ("html", "csv"), id=f"fmt-{fmt}")
        yield Static(
            Text("" if installed else PDF_EXTRA),
            id="pdf-note",
            classes="dim hidden" if installed else "dim",
        )

    def on_mount(self) -> None:
        super().on_mount()
        if not self.query_one("#fmt-pdf", Tick).disabled:
            self._check_pdf()

    @work(thread=True, exclusive=True, group="pdf")
    def _check_pdf(self) -> None:
        """Importing WeasyPrint takes a moment and can fail without its pango library: find out
        off the UI thread, and say why PDF cannot be made when it cannot."""
        from reflectie.report.group import pdf_problem

        problem = pdf_problem()
        if problem is not None:
            self.app.call_from_thread(self._no_pdf, problem)

    def _no_pdf(self, reason: str) -> None:
        tick = self.query_one("#fmt-pdf", Tick)
        tick.show(False)
        tick.disabled = True
        note = self.query_one("#pdf-note", Static)
        note.update(Text(reason))
        note.remove_class("hidden")

    def note(self) -> str:
        return "Groepen kleiner dan de minimumgrootte tonen geen cijfers en geen teksten."

    @property
    def formats(self) -> tuple[str, ...]:
        from reflectie.report.group import ALL_FORMATS

        return tuple(
            f
            for f in ALL_FORMATS
            if not self.query_one(f"#fmt-{f}", Tick).disabled
            and self.query_one(f"#fmt-{f}", Tick).value
        )

    @property
    def options(self) -> ReportOptions:
        from reflectie.report.group import ReportOptions, folder_label

        return ReportOptions(folder_label=folder_label(self.folders) if self.folders else None)

    def targets(self, folder: Path) -> list[Path]:
        from reflectie.report.group import report_paths

        return report_paths(self.comparison, folder, self.formats, self.options)

    def go(self, folder: Path) -> None:
        from reflectie.errors import ReflectieError
        from reflectie.report.group import write_reports

        formats = self.formats
        if not formats:
            self.app_.notify("Kies minstens één formaat.", severity="warning")
            return
        try:
            written = write_reports(self.comparison, folder, formats, self.options)
            if self.comparison.ledger is not None:
                self.comparison.ledger.commit()  # remember what this report released
        except ReflectieError as exc:
            self.failed("Rapport mislukt", str(exc))
            return
            return
        self.app_.notify(
            "Rapport gemaakt: " + ", ".join(p.name for p in written) + f" in {folder}", timeout=10
        )
        self.deliver(written)
        self.dismiss(written)
