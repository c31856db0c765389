"""Checklists across rounds: the workgroup's IROJ follow-up (macro) and an organisation's
implementation of the visienota (meso), one measure a row, edited in place with the keyboard.

The screen is thin: ``reflectie.followup`` compares the open round with the previous checklist round
and knows the half year; every change goes through the Session; the report is
``reflectie.report.checklist``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, RadioButton, RadioSet, Static

from reflectie.errors import ReflectieError
from reflectie.followup import (
    FollowUp,
    MeasureRow,
    checklist_themes,
    follow_up,
    mode_label,
    status_glyph,
    status_label,
)
from reflectie.model import DONT_KNOW, NA
from reflectie.screens.export import FileDialog
from reflectie.screens.saving import SavingScreen
from reflectie.session import parse_due

if TYPE_CHECKING:
    from reflectie.model import Answers

FIELDS = ("owner", "due", "evidence", "next")
FIXED_COLUMNS = 9 + 9 + 5 + 10 + 7  # every column but the measure's text
COLUMNS = ("text", "previous", "status", "change", "due", "late")
MIN_TEXT_WIDTH = 16


def _one_line(text: str) -> str:
    """Evidence may hold line breaks (the file allows them); the one-line field shows them as ' / '."""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())


class MeasureTable(DataTable[Text]):
    """The measures, one a row; number keys set the status of the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "screen.status(1)", "Stand", key_display="1–5", id="status"),
        *[Binding(str(n), f"screen.status({n})", f"Stand {n}", show=False) for n in range(2, 10)],
        Binding("n", "screen.status('nvt')", "n.v.t.", show=False, id="status-na"),
        Binding("w", "screen.status('weetniet')", "weet ik niet", show=False, id="status-dont-know"),
        Binding("0,delete", "screen.status('')", "Wissen", show=False, id="status-clear"),
        Binding("o", "screen.take_over", "Vorige overnemen", show=False, id="take-over"),
    ]


class ChecklistScreen(SavingScreen):
    CSS_PATH = "checklist.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Terug", id="back"),
        Binding("t", "switch", "Andere checklist", id="switch"),
        Binding("e", "export", "Rapport", id="export"),
        Binding("ctrl+s", "save", "Bewaren", id="save", show=False),
    ]


    def __init__(self, theme_id: str = "iroj"):
        super().__init__()
        self.theme_id = theme_id
        self.rounds: list[Answers] = []
        self.follow: FollowUp | None = None
        self._pending: Timer | None = None
        self._shown_for: str | None = None  # the item whose follow-up the fields show
        self._due_invalid = False  # the date field holds text that is not a date


    # --- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="checklist"):
            yield Static("", id="modes")
            yield Static("", id="halfyear", classes="dim")
            yield MeasureTable(id="measures", cursor_type="row", zebra_stripes=True)
            yield Static("", id="measure-text")
            yield Static("", id="measure-status")
            with Horizontal(classes="field"):
                yield Label("Eigenaar", classes="field-label")
                yield Input(id="owner", compact=True, placeholder="wie trekt dit (bv. een rol)")
            with Horizontal(classes="field", id="due-row"):
                yield Label("Tegen", classes="field-label")
                yield Input(id="due", compact=True, placeholder="dd/mm/jjjj")
                yield Static("", id="due-error")
            with Horizontal(classes="field"):
                yield Label("Bewijs", classes="field-label")
                yield Input(id="evidence", compact=True,
                            placeholder="wat toont het aan (verslag, beslissing, …)")
            with Horizontal(classes="field", id="next-row"):
                yield Label("Volgende stap", classes="field-label")
                yield Input(id="next", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        themes = checklist_themes(self.session.bank)
        if self.theme_id not in {t.id for t in themes} and themes:
            self.theme_id = themes[0].id
        self._load_rounds()
        self._build()
        self.query_one(MeasureTable).focus()

    def _load_rounds(self) -> None:
        rounds, problems = self.session.rounds()
        for problem in problems:
            self.app.notify(f"{problem.path.name} kan niet gelezen worden: {problem.reason}",
                            severity="warning", timeout=12)
        self.rounds = rounds

    def _compute(self) -> FollowUp:
        answers = self.session.answers
        assert answers is not None
        self.follow = follow_up(self.session.bank, self.theme_id, answers, self.rounds)
        return self.follow

    def _text_width(self) -> int:
        return max(MIN_TEXT_WIDTH, self.size.width - FIXED_COLUMNS - 2 * len(COLUMNS) - 4)

    def _build(self) -> None:
        follow = self._compute()
        theme = follow.theme
        answers = follow.current
        state = " (alleen lezen)" if self.session.read_only else ""
        others = [mode_label(t) for t in checklist_themes(self.session.bank) if t.id != theme.id]
        modes = Text.assemble((f"{mode_label(theme)}", "bold"), f" — ronde {answers.round.id}{state}")
        if others:
            modes.append(f"   t: {others[0]}" + (" …" if len(others) > 1 else ""), style="dim")
        self.query_one("#modes", Static).update(modes)
        self.query_one("#halfyear", Static).update(Text(follow.half_year.short()))
        table = self.query_one(MeasureTable)
        cursor = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        one = follow.nouns[0]
        table.add_column(one.capitalize(), width=self._text_width(), key="text")
        table.add_column("Vorige", width=9, key="previous")
        table.add_column("Nu", width=9, key="status")
        table.add_column("±", width=5, key="change")
        table.add_column("Tegen", width=10, key="due")
        table.add_column("Let op", width=7, key="late")
        for row in follow.rows:
            table.add_row(*self._cells(row), key=row.item.id)
        table.styles.max_height = len(follow.rows) + 1  # no empty band below the last row
        if follow.rows:
            table.move_cursor(row=min(cursor, len(follow.rows) - 1))
        next_input = self.query_one("#next", Input)
        prompt = theme.action_prompt(follow.level) or "Wat is de eerstvolgende stap?"
        next_input.placeholder = prompt
        next_input.value = follow.action.text if follow.action is not None else ""
        for field in FIELDS:
            self.query_one(f"#{field}", Input).disabled = self.session.read_only
        self._shown_for = None
        self._show_detail()

    def _cells(self, row: MeasureRow) -> list[Text]:
        target = row.target
        due = Text(f"{target:%d/%m/%Y}" if target else "", style="dim" if row.target_from_previous else "")
        return [
            Text(f"{row.number} {row.item.shown_text}", overflow="ellipsis", no_wrap=True),
            Text(status_glyph(row.item, row.previous) if row.has_previous_round else ""),
            Text(status_glyph(row.item, row.status)),
            Text(row.change_label()),
            due,
            Text("voorbij", style="bold") if row.overdue else Text(""),
        ]

    def _current_row(self) -> MeasureRow | None:
        table = self.query_one(MeasureTable)
        if self.follow is None or not table.row_count:
            return None
        index = table.cursor_row
        return self.follow.rows[index] if 0 <= index < len(self.follow.rows) else None

    def _refresh_current(self) -> None:
        """Recompute after a change and redraw the highlighted row and the details."""
        follow = self._compute()
        table = self.query_one(MeasureTable)
        row = self._current_row()
        if row is not None:
            for column, value in zip(COLUMNS, self._cells(row), strict=True):
                table.update_cell(row.item.id, column, value)
        self.query_one("#halfyear", Static).update(Text(follow.half_year.short()))
        self._show_status()

    def _show_status(self) -> None:
        row = self._current_row()
        status = self.query_one("#measure-status", Static)
        if row is None:
            status.update("")
            return
        item = row.item
        line = Text.assemble(("Nu: ", "bold"), self._label(row, row.status))
        if row.has_previous_round:
            line.append(" — vorige: ", style="bold")
            line.append(self._label(row, row.previous))
            if row.change_label():
                line.append(f" ({row.change_label()})")
        keys = ["1–5 stand", "0 wissen", "Enter invullen"]
        if item.allows_na:
            keys.insert(1, "n n.v.t.")
        if item.allows_dont_know:
            keys.insert(2, "w weet ik niet")
        if row.can_take_over():
            keys.append("o vorige overnemen")
        second = Text("\n")
        if row.overdue:
            assert row.target is not None
            second.append(f"De streefdatum ({row.target:%d/%m/%Y}) is voorbij en dit is nog niet "
                          "gerealiseerd.", style="bold")
        else:
            second.append(" · ".join(keys), style="dim")
        status.update(line + second)

    @staticmethod
    def _label(row: MeasureRow, choice: int | str | None) -> str:
        return "nog niet ingevuld" if choice is None else status_label(row.item, choice)

    def _show_detail(self) -> None:
        """Fill the text and the fields for the highlighted measure."""
        row = self._current_row()
        text = self.query_one("#measure-text", Static)
        if row is None:
            text.update(Text("Deze checklist heeft geen maatregelen.", style="dim"))
            return
        if self._shown_for == row.item.id:
            self._show_status()
            return
        if self._shown_for is not None and self._due_invalid:
            self.app.notify("De datum van de vorige maatregel is niet bewaard: hij bestaat niet of "
                            "staat niet als dd/mm/jjjj.", severity="warning")
        self._shown_for = row.item.id
        text.update(Text.assemble((f"{row.number}. ", "bold"), row.item.shown_text))
        entry = row.entry
        self._set_field("owner", entry.owner)
        self._set_field("due", f"{entry.due:%d/%m/%Y}" if entry.due else "")
        self._set_field("evidence", _one_line(entry.evidence))
        before = row.previous_entry
        self.query_one("#owner", Input).placeholder = (
            f"vorige ronde: {before.owner}" if before and before.owner and not entry.owner
            else "wie trekt dit (bv. een rol)")
        self.query_one("#due", Input).placeholder = (
            f"vorige: {before.due:%d/%m/%Y}" if before and before.due and not entry.due
            else "dd/mm/jjjj")
        self.query_one("#evidence", Input).placeholder = (
            f"vorige ronde: {_one_line(before.evidence)}" if before and before.evidence
            and not entry.evidence else "wat toont het aan (verslag, beslissing, …)")
        self.query_one("#due-error", Static).update("")
        self._due_invalid = False
        self._show_status()

    def _set_field(self, field: str, value: str) -> None:
        widget = self.query_one(f"#{field}", Input)
        if widget.value != value:
            widget.value = value

    def on_resize(self) -> None:
        if self.follow is not None:
            self._build()

    @on(DataTable.RowHighlighted, "#measures")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#measures")
    def _selected(self) -> None:
        if not self.session.read_only:
            self.query_one("#owner", Input).focus()

    # --- changing ---------------------------------------------------------------------------

    def _apply(self, change: Callable[[], bool]) -> bool:
        """Run one change through the session; a read-only round or a bad value is told."""
        try:
            return change()
        except ReflectieError as exc:
            self.app.notify(str(exc), severity="warning", timeout=10)
            return False

    def action_status(self, value: int | str) -> None:
        row = self._current_row()
        if row is None:
            return
        item = row.item
        assert item.scale is not None
        if value == NA and not item.allows_na:
            self.app.notify("Bij deze maatregel kan je geen n.v.t. kiezen.", severity="warning")
            return
        if value == DONT_KNOW and not item.allows_dont_know:
            self.app.notify("Hier kan je geen 'weet ik niet' kiezen: de werkgroep houdt de stand "
                            "van zaken zelf bij.", severity="warning")
            return
        if isinstance(value, int) and not item.scale.contains(value):
            self.app.notify(f"Kies een stand van zaken van {item.scale.min} tot {item.scale.max}.",
                            severity="warning")
            return
        choice = None if value == "" else value
        if self._apply(lambda: self.session.set_choice(item.id, choice)):
            self._save_now()
        self._refresh_current()

    def action_take_over(self) -> None:
        """Copy the previous round's owner, date and evidence into the empty fields."""
        row = self._current_row()
        if row is None or not row.can_take_over():
            self.app.notify("Er is niets over te nemen uit de vorige ronde.")
            return
        before, entry = row.previous_entry, row.entry
        assert before is not None
        fields: dict[str, str | date] = {}
        if before.owner and not entry.owner:
            fields["owner"] = before.owner
        if before.due is not None and entry.due is None:
            fields["due"] = before.due
        if before.evidence and not entry.evidence:
            fields["evidence"] = before.evidence
        if self._apply(lambda: self.session.set_checklist(row.item.id, **fields)):
            self._save_now()
        self._shown_for = None
        self._refresh_current()
        self._show_detail()

    @on(Input.Changed, "#owner, #evidence")
    def _text_field(self, event: Input.Changed) -> None:
        row = self._current_row()
        if row is None or row.item.id != self._shown_for or self.session.read_only:
            return
        field = "owner" if event.input.id == "owner" else "evidence"
        stored = row.entry.owner if field == "owner" else _one_line(row.entry.evidence)
        if event.value == stored:
            return  # shown as it is stored: nothing to write
        if self._apply(lambda: self.session.set_checklist(row.item.id, **{field: event.value})):
            self._save_soon()
            self._refresh_current()

    @on(Input.Changed, "#due")
    def _due_field(self, event: Input.Changed) -> None:
        row = self._current_row()
        if row is None or row.item.id != self._shown_for or self.session.read_only:
            return
        error = self.query_one("#due-error", Static)
        try:
            due = parse_due(event.value)
        except ReflectieError as exc:
            error.update(Text(str(exc)))
            self._due_invalid = True
            return
        error.update("")
        self._due_invalid = False
        if self._apply(lambda: self.session.set_checklist(row.item.id, due=due)):
            self._save_soon()
            self._refresh_current()

    @on(Input.Changed, "#next")
    def _next_step(self, event: Input.Changed) -> None:
        if self.follow is None or self.session.read_only:
            return
        action = self.follow.action
        if event.value == (action.text if action is not None else ""):
            return
        follow = self.follow
        if self._apply(lambda: self.session.set_action(follow.theme.id, follow.level,
                                                         text=event.value)):
            self._save_soon()
            self._compute()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter goes to the next field; after the evidence back to the list, one row down."""
        name = event.input.id
        if name == "owner":
            self.query_one("#due", Input).focus()
        elif name == "due":
            self.query_one("#evidence", Input).focus()
        else:
            table = self.query_one(MeasureTable)
            table.focus()
            if name == "evidence" and table.cursor_row < table.row_count - 1:
                table.move_cursor(row=table.cursor_row + 1)

    # --- saving -----------------------------------------------------------------------------


    # --- moving -----------------------------------------------------------------------------

    def action_back(self) -> None:
        table = self.query_one(MeasureTable)
        if self.focused is not table:
            table.focus()
            return
        if self._pending is not None:
            self._save_now()
        self.app.pop_screen()

    def action_switch(self) -> None:
        themes = [t.id for t in checklist_themes(self.session.bank)]
        if len(themes) < 2:
            return
        if self._pending is not None:
            self._save_now()
        self.theme_id = themes[(themes.index(self.theme_id) + 1) % len(themes)]
        self.query_one(MeasureTable).move_cursor(row=0)
        self._build()

    def action_export(self) -> None:
        if self._pending is not None:
            self._save_now()
        self.app.push_screen(FollowUpExportDialog(self._compute()))


class FollowUpExportDialog(FileDialog):
    """The follow-up report of this checklist (HTML or Markdown); asks before replacing a file."""

    TITLE_TEXT = "Opvolgingsrapport maken"
    CONFIRM = "Rapport maken"

    def __init__(self, follow: FollowUp):
        super().__init__()
        self.follow = follow
        self._replace: Path | None = None  # the file the user agreed to replace

    def fields(self) -> ComposeResult:
        yield Static(Text(f"{mode_label(self.follow.theme)}, ronde {self.follow.current.round.id}"))
        yield Label("Formaat")
        yield RadioSet(RadioButton("HTML (afdrukbaar op A4)", value=True), RadioButton("Markdown"),
                       id="format", classes="horizontal")
        yield Static("", id="replace", classes="warning")

    def note(self) -> str:
        return ("Het rapport bevat enkel deze checklist: geen naam en geen andere antwoorden of "
                "reflecties.")

    @on(RadioSet.Changed, "#format")
    def _format(self) -> None:
        self._replace = None
        self.query_one("#replace", Static).update("")
        self.query_one("#go", Button).label = self.CONFIRM

    def go(self, folder: Path) -> None:
        from reflectie.report.checklist import followup_path, write_followup

        fmt = "html" if self.query_one("#format", RadioSet).pressed_index == 0 else "md"
        target = followup_path(self.follow, folder, fmt)
        if target.exists() and self._replace != target:
            self._replace = target
            self.query_one("#replace", Static).update(Text(
                f"{target.name} bestaat al in deze map. Kies 'Vervangen' om het te overschrijven, "
                "of geef een andere map."))
            self.query_one("#go", Button).label = "Vervangen"
            return
        try:
            written = write_followup(self.follow, folder, fmt)
        except ReflectieError as exc:
            self.app.notify(str(exc), title="Rapport mislukt", severity="error", timeout=12)
            return
        self.app.notify(f"Opvolgingsrapport: {written}", timeout=10)
        self.deliver([written])
        self.dismiss(written)
