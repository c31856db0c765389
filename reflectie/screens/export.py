"""Dialogs that write files: one's own round (Markdown/HTML), the shareable answers file, reports."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from reflectie import paths


class FileDialog(ModalScreen):
    """A title, the dialog's own fields, a folder, and a confirm/cancel pair."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss", "Annuleren", id="cancel")]
    TITLE_TEXT = ""
    CONFIRM = "OK"
    FOLDER_LABEL = "Map"

    def default_folder(self) -> str:
        return str(paths.default_export_dir())

    def fields(self) -> ComposeResult:
        yield from ()

    def note(self) -> str:
        return ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.TITLE_TEXT, classes="title")
            yield from self.fields()
            yield Label(self.FOLDER_LABEL)
            yield Input(self.default_folder(), id="folder")
            if self.note():
                yield Static(self.note(), classes="dim")
            with Horizontal(classes="buttons"):
                yield Button(self.CONFIRM, id="go", variant="primary")
                yield Button("Annuleren", id="cancel")

    @on(Button.Pressed, "#cancel")
    def action_dismiss(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#go")
    @on(Input.Submitted, "#folder")
    def _confirm(self) -> None:
        self.go(Path(self.query_one("#folder", Input).value.strip() or paths.default_export_dir()).expanduser())

    def go(self, folder: Path) -> None:
        raise NotImplementedError

    def deliver(self, written: Iterable[Path]) -> None:
        """In the browser (reflectie serve) the files also arrive as downloads."""
        if getattr(self.app, "is_web", False):
            for path in written:
                self.app.deliver_binary(path, save_filename=path.name)


class ExportDialog(FileDialog):
    TITLE_TEXT = "Ronde exporteren"
    CONFIRM = "Exporteren"

    def fields(self) -> ComposeResult:
        yield Label("Formaat")
        yield RadioSet(RadioButton("HTML (afdrukbaar, met grafiek)", value=True), RadioButton("Markdown"), id="format", classes="horizontal")

    def note(self) -> str:
        return "De export bevat al je antwoorden, ook wat je niet deelt. Bewaar hem zorgvuldig."

    def go(self, folder: Path) -> None:
        from reflectie.errors import ReflectieError

        fmt = "html" if self.query_one("#format", RadioSet).pressed_index == 0 else "md"
        try:
            target = self.app.session.export(folder, fmt)
        except ReflectieError as exc:
            self.app.notify(str(exc), title="Export mislukt", severity="error", timeout=12)
            return
        self.app.notify(f"Geëxporteerd naar {target}", timeout=10)
        self.deliver([target])
        self.dismiss(target)


class ShareDialog(FileDialog):
    TITLE_TEXT = "Deelbaar bestand voor het team"
    CONFIRM = "Bestand maken"
    FOLDER_LABEL = "Map (bv. de gedeelde teammap)"

    def default_folder(self) -> str:
        return self.app.session.profile.shared_folder or str(paths.default_export_dir())

    def fields(self) -> ComposeResult:
        preview = self.app.session.share_preview()
        yield Static(Text("\n".join(preview.lines())))
        for warning in preview.warnings:
            yield Static(Text("Let op: " + warning), classes="warning")

    def go(self, folder: Path) -> None:
        from reflectie.errors import ReflectieError

        try:
            target = self.app.session.share(folder)
        except ReflectieError as exc:
            self.app.notify(str(exc), title="Delen mislukt", severity="error", timeout=12)
            return
        self.app.notify(f"Deelbaar bestand: {target}", timeout=10)
        self.deliver([target])
        self.dismiss(target)


class ReportDialog(FileDialog):
    """Export a comparison as report files."""

    TITLE_TEXT = "Rapport maken"
    CONFIRM = "Maken"
    CHOICES = (("html", "HTML"), ("md", "Markdown"), ("csv", "CSV (Excel)"), ("xlsx", "XLSX"))

    def __init__(self, comparison):
        super().__init__()
        self.comparison = comparison

    def fields(self) -> ComposeResult:
        yield Label("Formaten")
        with Horizontal(classes="flags"):
            for fmt, label in self.CHOICES:
                yield Checkbox(label, value=fmt in ("html", "csv"), id=f"fmt-{fmt}")

    def note(self) -> str:
        return "Groepen kleiner dan de minimumgrootte tonen geen cijfers en geen teksten."

    def go(self, folder: Path) -> None:
        from reflectie.errors import ReflectieError
        from reflectie.report.group import FORMATS, write_reports

        formats = tuple(f for f in FORMATS if self.query_one(f"#fmt-{f}", Checkbox).value)
        if not formats:
            self.app.notify("Kies minstens één formaat.", severity="warning")
            return
        try:
            written = write_reports(self.comparison, folder, formats)
            if self.comparison.ledger is not None:
                self.comparison.ledger.commit()  # remember what this report released
        except ReflectieError as exc:
            self.app.notify(str(exc), title="Rapport mislukt", severity="error", timeout=12)
            return
        self.app.notify("Rapport gemaakt: " + ", ".join(p.name for p in written) + f" in {folder}", timeout=10)
        self.deliver(written)
        self.dismiss(written)
