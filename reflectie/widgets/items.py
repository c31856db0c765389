"""Widgets for answering one item: a scale choice, an awareness question, the next action."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.widgets import Checkbox, Input, Label, OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from reflectie.errors import ReflectieError
from reflectie.model import Action, Item, TextAnswer
from reflectie.session import parse_due

NA_LABEL = "n.v.t."


class ScaleChoice(Vertical):
    """A scored item: the statement or question and its scale as radio buttons."""

    @dataclass
    class Changed(Message):
        choice: ScaleChoice
        item: Item
        value: int | None
        na: bool

    def __init__(self, item: Item, value: int | None, na: bool, compact: bool, **kwargs):
        super().__init__(**kwargs)
        self.item = item
        self.value = value
        self.na = na
        self.compact = compact
        self.add_class("scale-choice", "compact" if compact else "full")

    def compose(self) -> ComposeResult:
        assert self.item.scale is not None
        yield Label(Text(self.item.text), classes="item-text")
        if self.compact:
            buttons = [
                RadioButton(Text(level.name), value=(self.value == level.value and not self.na))
                for level in self.item.scale.levels
            ]
            if self.item.scale.allows_na:
                buttons.append(RadioButton(NA_LABEL, value=self.na))
            yield RadioSet(*buttons, classes="horizontal")
        else:
            # a level list whose descriptions wrap, so the whole ladder is readable at once
            yield OptionList(*self._options(), classes="levels")

    def on_mount(self) -> None:
        if not self.compact and self.value is not None and self.item.scale is not None:
            self.query_one(OptionList).highlighted = self.item.scale.values.index(self.value)

    def _options(self) -> list[Option]:
        assert self.item.scale is not None
        options = []
        for level in self.item.scale.levels:
            chosen = self.value == level.value and not self.na
            mark = "◉" if chosen else "○"
            title = Text.assemble((f"{mark} {level.value}  ", "bold"), (level.name, "bold" if chosen else ""))
            if level.explanation:
                detail = Padding(Text(level.explanation, style="" if chosen else "dim"), (0, 0, 0, 6))
                options.append(Option(Group(title, detail)))
            else:
                options.append(Option(title))
        return options

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert self.item.scale is not None
        level = self.item.scale.levels[event.option_index]
        self.value, self.na = level.value, False
        option_list = event.option_list
        for index, option in enumerate(self._options()):
            option_list.replace_option_prompt_at_index(index, option.prompt)
        self.post_message(self.Changed(self, self.item, self.value, self.na))

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        assert self.item.scale is not None
        index = event.index
        if index >= len(self.item.scale.levels):
            self.value, self.na = None, True
        else:
            self.value, self.na = self.item.scale.levels[index].value, False
        self.post_message(self.Changed(self, self.item, self.value, self.na))


class QuestionBlock(Vertical):
    """An awareness question: free text plus the flags 'bespreken' and 'delen'."""

    @dataclass
    class Changed(Message):
        block: QuestionBlock
        item: Item
        answer: TextAnswer

    def __init__(self, item: Item, number: int, answer: TextAnswer | None, **kwargs):
        super().__init__(**kwargs)
        self.item = item
        self.number = number
        self.answer = replace(answer) if answer else TextAnswer()  # a copy: the session owns the data
        self.add_class("question-block")

    def compose(self) -> ComposeResult:
        yield Label(Text(f"{self.number}. {self.item.text}"), classes="item-text")
        area = TextArea(self.answer.text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        area.border_title = "Jouw reflectie"
        yield area
        with Horizontal(classes="flags"):
            yield Checkbox("Bespreken in intervisie", self.answer.discuss, classes="discuss")
            yield Checkbox("Tekst delen met het team", self.answer.share, classes="share")

    @on(TextArea.Changed)
    def _text(self, event: TextArea.Changed) -> None:
        event.stop()
        self.answer.text = event.text_area.text
        self.post_message(self.Changed(self, self.item, self.answer))

    @on(Checkbox.Changed)
    def _flag(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.checkbox.has_class("discuss"):
            self.answer.discuss = event.value
        else:
            self.answer.share = event.value
        self.post_message(self.Changed(self, self.item, self.answer))


class ActionBlock(Vertical):
    """The next action of a theme and level, with an optional date."""

    @dataclass
    class Changed(Message):
        block: ActionBlock
        action: Action

    def __init__(self, prompt: str, action: Action, **kwargs):
        super().__init__(**kwargs)
        self.prompt = prompt
        self.action = replace(action)  # a copy: the session owns the data
        self.add_class("action-block")

    def compose(self) -> ComposeResult:
        yield Label(Text(self.prompt), classes="item-text")
        yield Input(self.action.text, placeholder="Wat ga je doen?", id="action-text")
        with Horizontal(classes="flags"):
            due = self.action.due.strftime("%d/%m/%Y") if self.action.due else ""
            yield Input(due, placeholder="tegen (dd/mm/jjjj)", id="action-due")
            yield Checkbox("Delen met het team", self.action.share, id="action-share")
        yield Static("", id="action-error")

    @on(Input.Changed, "#action-text")
    def _text(self, event: Input.Changed) -> None:
        event.stop()
        self.action.text = event.value
        self.post_message(self.Changed(self, self.action))

    @on(Input.Changed, "#action-due")
    def _due(self, event: Input.Changed) -> None:
        event.stop()
        error = self.query_one("#action-error", Static)
        try:
            due = parse_due(event.value)
        except ReflectieError as exc:
            error.update(Text(str(exc)))
            return
        error.update("")
        self.action.due = due
        self.post_message(self.Changed(self, self.action))

    @on(Checkbox.Changed, "#action-share")
    def _share(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.action.share = event.value
        self.post_message(self.Changed(self, self.action))
