"""One theme at one level: intro, positioning, indicators, awareness questions, next action."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Collapsible, Footer, Header, Label, Static

from reflectie.errors import ReflectieError
from reflectie.model import KIND_INDICATOR, KIND_POSITION, KIND_QUESTION, LEVEL_LABELS, NA, Action
from reflectie.store import now
from reflectie.widgets.items import ActionBlock, QuestionBlock, ScaleChoice

TEXT_SAVE_DELAY = 0.4  # seconds of quiet typing before a text is written


class QuestionnaireScreen(Screen):
    CSS_PATH = "questionnaire.tcss"
    BINDINGS = [
        Binding("escape", "back", "Terug", id="back"),
        Binding("ctrl+s", "save", "Bewaren", id="save", show=False),
        Binding("ctrl+right", "next_theme", "Volgend thema", id="next"),
        Binding("ctrl+left", "previous_theme", "Vorig thema", id="previous"),
    ]

    def __init__(self, theme_id: str, level: str, levels: tuple[str, ...] = ("micro",)):
        super().__init__()
        self.theme_id = theme_id
        self.level = level
        self.levels = levels
        self._pending = None

    @property
    def session(self):
        return self.app.session

    def compose(self) -> ComposeResult:
        bank = self.session.bank
        answers = self.session.answers
        theme = bank.themes[self.theme_id]
        yield Header()
        with VerticalScroll(id="questionnaire"):
            yield Static(Text(f"{theme.title} — {LEVEL_LABELS[self.level]}"), classes="title")
            with Collapsible(title="Over dit thema", collapsed=False, id="intro"):
                yield Static(Text(theme.intro))
                yield Static(Text(f"Bron: {theme.source}"), classes="dim")
            positions = theme.items_for(self.level, KIND_POSITION)
            if positions:
                yield Label("Waar sta je?", classes="section")
                for item in positions:
                    yield ScaleChoice(item, answers.scores.get(item.id), item.id in answers.na, compact=False)
            indicators = theme.items_for(self.level, KIND_INDICATOR)
            if indicators:
                yield Label("Indicatoren — hoe vaak klopt dit?", classes="section")
                for item in indicators:
                    yield ScaleChoice(item, answers.scores.get(item.id), item.id in answers.na, compact=True)
            questions = theme.items_for(self.level, KIND_QUESTION)
            if questions:
                yield Label("Bewustwordingsvragen", classes="section")
                yield Static("Letterlijk uit de visienota. Schrijf geen namen of herkenbare details van cliënten.", classes="dim")
                for number, item in enumerate(questions, 1):
                    yield QuestionBlock(item, number, answers.texts.get(item.id))
            prompt = theme.action_prompts.get(self.level)
            if prompt:
                yield Label("Eerstvolgende actie", classes="section")
                action = answers.action_for(self.theme_id, self.level) or Action(self.theme_id, self.level, "")
                previous = self._previous_action()
                if previous is not None:
                    yield Static(Text(f"Vorige ronde nam je je voor: “{previous.text}”. Bekijk in Mijn rondes of het gebeurd is."), classes="dim")
                yield ActionBlock(prompt, action)
        yield Footer()

    def _previous_action(self):
        rounds, _ = self.session.rounds()
        current = self.session.answers.round.id
        earlier = [r for r in rounds if r.round.id != current and r.round.started <= self.session.answers.round.started]
        if earlier:
            return earlier[-1].action_for(self.theme_id, self.level)
        return None

    def on_mount(self) -> None:
        self.session.remember_position(self.theme_id, self.level)
        self.query_one("#questionnaire").focus()

    # --- saving ---------------------------------------------------------------------------
    def _save_now(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        had_changes = self.session.has_changes
        try:
            self.session.save()
        except ReflectieError as exc:
            self.sub_title = "NIET BEWAARD — je antwoord blijft hier staan"
            self.app.report_save(str(exc))
        else:
            if had_changes:
                self.sub_title = f"bewaard om {now():%H:%M:%S}"

    def _save_soon(self) -> None:
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(TEXT_SAVE_DELAY, self._save_now)

    def _apply(self, change) -> bool:
        """Run one change through the session; a read-only round or bad value is told, not lost."""
        try:
            return change()
        except ReflectieError as exc:
            self.app.notify(str(exc), severity="warning", timeout=10)
            return False

    @on(ScaleChoice.Changed)
    def _scale(self, event: ScaleChoice.Changed) -> None:
        choice = NA if event.na else event.value
        if self._apply(lambda: self.session.set_choice(event.item.id, choice)):
            self._save_now()

    @on(QuestionBlock.Changed)
    def _question(self, event: QuestionBlock.Changed) -> None:
        answer = event.answer
        if self._apply(lambda: self.session.set_text(event.item.id, text=answer.text, share=answer.share,
                                                       discuss=answer.discuss)):
            self._save_soon()

    @on(ActionBlock.Changed)
    def _action(self, event: ActionBlock.Changed) -> None:
        action = event.action
        if self._apply(lambda: self.session.set_action(self.theme_id, self.level, text=action.text,
                                                         due=action.due, share=action.share)):
            self._save_soon()

    def action_save(self) -> None:
        self._save_now()

    def on_unmount(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
            try:
                self.session.save()
            except ReflectieError as exc:
                self.app.report_save(str(exc))

    def action_back(self) -> None:
        if self._pending is not None:
            self._save_now()
        self.app.pop_screen()

    def _step(self, delta: int) -> None:
        order = [(t.id, lv) for t in self.session.bank.profile_themes() for lv in self.levels]
        index = order.index((self.theme_id, self.level)) if (self.theme_id, self.level) in order else 0
        theme, level = order[(index + delta) % len(order)]
        if self._pending is not None:
            self._save_now()
        self.app.switch_screen(QuestionnaireScreen(theme, level, self.levels))

    def action_next_theme(self) -> None:
        self._step(1)

    def action_previous_theme(self) -> None:
        self._step(-1)
