"""Dialogs: export one's own round (Markdown/HTML) and write the shareable answers file."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from reflectie import paths


class ExportDialog(ModalScreen):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss", "Annuleren", id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Ronde exporteren", classes="title")
            yield Label("Formaat")
            yield RadioSet(RadioButton("HTML (afdrukbaar, met grafiek)", value=True), RadioButton("Markdown"), id="format", classes="horizontal")
            yield Label("Map")
            yield Input(str(paths.default_export_dir()), id="folder")
            yield Static("De export bevat al je antwoorden, ook wat je niet deelt. Bewaar hem zorgvuldig.", classes="dim")
            with Horizontal(classes="buttons"):
                yield Button("Exporteren", id="go", variant="primary")
                yield Button("Annuleren", id="cancel")

    @on(Button.Pressed, "#cancel")
    def action_dismiss(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#go")
    @on(Input.Submitted, "#folder")
    def go(self) -> None:
        from reflectie.report.own import export_round
        from reflectie.store import StoreError

        fmt = "html" if self.query_one("#format", RadioSet).pressed_index == 0 else "md"
        folder = Path(self.query_one("#folder", Input).value.strip() or paths.default_export_dir()).expanduser()
        session = self.app.session
        try:
            target = export_round(session.answers, session.bank, folder, fmt)
        except StoreError as exc:
            self.app.notify(str(exc), title="Export mislukt", severity="error", timeout=12)
            return
        self.app.notify(f"Geëxporteerd naar {target}", timeout=10)
        deliver = getattr(self.app, "deliver_binary", None)
        if deliver is not None and getattr(self.app, "is_web", False):
            deliver(target, save_filename=target.name)
        self.dismiss(target)


class ShareDialog(ModalScreen):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss", "Annuleren", id="cancel")]

    def compose(self) -> ComposeResult:
        session = self.app.session
        default = session.profile.shared_folder or str(paths.default_export_dir())
        answers = session.answers
        shared_texts = sum(1 for t in answers.texts.values() if t.share and t.text.strip())
        private_texts = sum(1 for t in answers.texts.values() if not t.share and t.text.strip())
        with Vertical(classes="dialog"):
            yield Static("Deelbaar bestand voor het team", classes="title")
            yield Static(
                f"Dit bestand bevat je scores, {shared_texts} gedeelde tekst(en) en je gedeelde acties, "
                f"maar **niet** je naam en niet je {private_texts} andere tekst(en).",
            )
            yield Label("Map (bv. de gedeelde teammap)")
            yield Input(default, id="folder")
            with Horizontal(classes="buttons"):
                yield Button("Bestand maken", id="go", variant="primary")
                yield Button("Annuleren", id="cancel")

    @on(Button.Pressed, "#cancel")
    def action_dismiss(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#go")
    @on(Input.Submitted, "#folder")
    def go(self) -> None:
        from reflectie.store import StoreError, write_shared

        session = self.app.session
        folder = Path(self.query_one("#folder", Input).value.strip() or paths.default_export_dir()).expanduser()
        try:
            target = write_shared(session.answers, folder)
        except (StoreError, OSError) as exc:
            self.app.notify(str(exc), title="Delen mislukt", severity="error", timeout=12)
            return
        session.profile.shared_folder = str(folder)
        session.save_profile()
        self.app.notify(f"Deelbaar bestand: {target}", timeout=10)
        if getattr(self.app, "is_web", False):
            self.app.deliver_binary(target, save_filename=target.name)
        self.dismiss(target)


class ReportDialog(ModalScreen):
    """Export a comparison as report files."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss", "Annuleren", id="cancel")]

    def __init__(self, comparison):
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Rapport maken", classes="title")
            yield Label("Formaten")
            with Horizontal(classes="flags"):
                for fmt, label in (("html", "HTML"), ("md", "Markdown"), ("csv", "CSV (Excel)"), ("xlsx", "XLSX")):
                    yield Checkbox(label, value=fmt in ("html", "csv"), id=f"fmt-{fmt}")
            yield Label("Map")
            yield Input(str(paths.default_export_dir()), id="folder")
            yield Static("Groepen kleiner dan de minimumgrootte tonen geen cijfers en geen teksten.", classes="dim")
            with Horizontal(classes="buttons"):
                yield Button("Maken", id="go", variant="primary")
                yield Button("Annuleren", id="cancel")

    @on(Button.Pressed, "#cancel")
    def action_dismiss(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#go")
    @on(Input.Submitted, "#folder")
    def go(self) -> None:
        from reflectie.report.group import FORMATS, write_reports
        from reflectie.store import StoreError

        formats = tuple(f for f in FORMATS if self.query_one(f"#fmt-{f}", Checkbox).value)
        if not formats:
            self.app.notify("Kies minstens één formaat.", severity="warning")
            return
        folder = Path(self.query_one("#folder", Input).value.strip() or paths.default_export_dir()).expanduser()
        try:
            written = write_reports(self.comparison, folder, formats)
        except StoreError as exc:
            self.app.notify(str(exc), title="Rapport mislukt", severity="error", timeout=12)
            return
        self.app.notify("Rapport gemaakt: " + ", ".join(p.name for p in written) + f" in {folder}", timeout=10)
        if getattr(self.app, "is_web", False):
            for path in written:
                self.app.deliver_binary(path, save_filename=path.name)
        self.dismiss(written)
