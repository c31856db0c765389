"""Dialogs that write files: one's own round (Markdown/HTML), the shareable answers file, reports.

Files go to the documents folder (``paths.default_export_dir()``) or the last shared folder, never
silently to the current directory; a file that already exists is only replaced after a question.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from reflectie import paths
from reflectie.widgets.items import Choice, ChoiceList, Tick

if TYPE_CHECKING:
    from reflectie.app import ReflectieApp


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
        with VerticalScroll(classes="dialog"):
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
            target = self.target(folder)
        except OSError:
            target = None
        if target is not None and target.exists():
            from reflectie.screens.confirm import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self.go(folder)

            self.app_.push_screen(
                ConfirmDialog(
                    "Bestand bestaat al",
                    f"{target} bestaat al. Wil je het vervangen door de nieuwe versie?",
                    "Vervangen",
                ),
                answered,
            )
            return
        self.go(folder)

    def target(self, folder: Path) -> Path | None:
        """The file this dialog would write in ``folder`` (None when it cannot know in advance)."""
        return None

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
                yield Tick(label, value=fmt in ("html", "csv"), id=f"fmt-{fmt}")

    def note(self) -> str:
        return "Groepen kleiner dan de minimumgrootte tonen geen cijfers en geen teksten."

    def go(self, folder: Path) -> None:
        from reflectie.errors import ReflectieError
        from reflectie.fileio import os_message
        from reflectie.report.group import FORMATS, write_reports

        formats = tuple(f for f in FORMATS if self.query_one(f"#fmt-{f}", Tick).value)
        if not formats:
            self.app_.notify("Kies minstens één formaat.", severity="warning")
            return
        try:
            written = write_reports(self.comparison, folder, formats)
            if self.comparison.ledger is not None:
                self.comparison.ledger.commit()  # remember what this report released
        except ReflectieError as exc:
            self.failed("Rapport mislukt", str(exc))
            return
        except (
            OSError
        ) as exc:  # the report module promises StoreError; never let a disk error stop the app
            self.failed("Rapport mislukt", os_message(exc, folder / "rapport"))
            return
        self.app_.notify(
            "Rapport gemaakt: " + ", ".join(p.name for p in written) + f" in {folder}", timeout=10
        )
        self.deliver(written)
        self.dismiss(written)
