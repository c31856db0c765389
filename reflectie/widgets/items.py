"""Widgets for answering: a choice list (scales, follow-ups), an awareness question, an action.

What you see is what is saved. A widget never changes an answer itself: it posts what the person
chose, the screen hands that to the Session, and then shows the saved state back with ``show``.
A choice list draws the saved choice as ◉ and every other option as ○; the cursor (where Enter or
space would choose) is only drawn while the list has focus, and the line under it says plainly
whether the option under the cursor is chosen or not. Leaving the list hides the cursor, so
nothing ever looks chosen that was not saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from reflectie.model import ACTION_PARTS, DONT_KNOW, NA, Action, ActionFormat, Item, TextAnswer

NA_LABEL = "n.v.t."
DONT_KNOW_LABEL = "weet ik niet"
TEXT_MAX_LINES = 12  # a text field grows with its text up to this many lines, then scrolls


def shown_text(item: Item) -> str:
    """The text a screen shows for an item (the bank may keep a spelling-corrected display text)."""
    return str(getattr(item, "shown_text", item.text))


def allows_na(item: Item) -> bool:
    """'n.v.t.' may be chosen: the item's own setting when the bank has one, else the scale's."""
    own = getattr(item, "allows_na", None)
    if own is not None:
        return bool(own)
    return item.scale is not None and item.scale.allows_na


def allows_dont_know(item: Item) -> bool:
    """'weet ik niet' may be chosen: the item's own setting when the bank has one; else on every
    scored organisation (meso) item: a worker often cannot know how the organisation does it."""
    own = getattr(item, "allows_dont_know", None)
    if own is not None:
        return bool(own)
    return item.scale is not None and item.level == "meso"


_PALETTES: dict[str, dict[str, Style]] = {}


def palette(widget: Widget) -> dict[str, Style]:
    """Rich styles from the app's theme, computed once per theme.

    The answering widgets draw themselves with these instead of CSS component classes: dozens of
    them are on a screen, and styling each one's parts through the stylesheet made opening a
    theme slow."""
    theme = widget.app.theme
    if theme not in _PALETTES:
        variables = widget.app.theme_variables

        def colour(name: str, fallback: str) -> str:
            value = variables.get(name, fallback)
            return value if value.startswith("#") else fallback

        _PALETTES[theme] = {
            "title": Style(bold=True),
            "chosen": Style(bold=True, color=colour("text-accent", "yellow")),
            "cursor": Style(reverse=True),
            "dim": Style(dim=True),
            "hint": Style(color=colour("text-warning", "yellow")),
            "done": Style(color=colour("text-success", "green")),
            "bar": Style(color=colour("accent", "yellow")),
            "heading": Style(bold=True, color=colour("text-primary", "blue")),
        }
    return _PALETTES[theme]


@dataclass(frozen=True)
class Choice:
    """One option of a choice list: what is saved, the key that chooses it, and its words."""

    value: int | str
    key: str
    name: str
    explanation: str = ""


_CONSOLE = Console(width=400, no_color=True, legacy_windows=False, emoji=False, markup=False)


def wrap_text(text: Text, width: int, indent: int = 0) -> list[Text]:
    """``text`` wrapped to ``width`` columns, every line indented by ``indent`` spaces."""
    lines = text.wrap(_CONSOLE, max(width - indent, 8))
    out = []
    for line in lines:
        line.rstrip()
        out.append(Text(" " * indent).append_text(line) if indent else line)
    return out or [Text()]


class DrawnLines(Widget):
    """A widget drawn as lines of text for a width, cached by the subclass's `_lines`: its height is
    the number of lines, so a question grows with its text and wrapping."""

    def _lines(self, width: int) -> list[Text]:
        raise NotImplementedError

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_size.width or 80))


class ChoiceList(DrawnLines, can_focus=True):
    """Options shown with ◉ (saved) and ○ (not chosen); one Tab stop; keys choose directly.

    ``vertical`` lists the options under each other with their explanations (a ladder); otherwise
    they flow on as few lines as fit (an indicator row)."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        width: 1fr;
        padding: 0 1 0 1;
        margin: 1 0 0 0;
        border-left: outer $panel;
    }
    ChoiceList:focus {
        border-left: outer $accent;
        background: $boost;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Vorige optie", show=False),
        Binding("right", "move(1)", "Volgende optie", show=False),
        Binding("up", "up", "Vorige optie (ladder) of vorige vraag", show=False),
        Binding("down", "down", "Volgende optie (ladder) of volgende vraag", show=False),
        Binding("enter,space", "pick", "Optie onder de cursor kiezen", show=False),
        Binding("backspace,delete", "clear", "Antwoord wissen", show=False),
    ]

    @dataclass
    class Chosen(Message):
        """The person chose ``value`` (None: cleared). The list itself does not change yet."""

        widget: ChoiceList
        value: int | str | None

        @property
        def control(self) -> ChoiceList:
            return self.widget

    def __init__(
        self,
        choices: list[Choice],
        value: int | str | None = None,
        *,
        title: str = "",
        vertical: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.choices = choices
        self._value = value
        self.title = title
        self.vertical = vertical
        self.cursor: int | None = None  # only while focused
        self._hits: list[tuple[int, int, int, int]] = []  # (line, x0, x1, choice index)
        self._cache: tuple[tuple[object, ...], list[Text]] | None = None
        self.add_class("vertical" if vertical else "row", update=False)  # styled when mounted

    # --- state ----------------------------------------------------------------------------
    @property
    def value(self) -> int | str | None:
        return self._value

    def show(self, value: int | str | None) -> None:
        """Show the saved choice (the screen calls this after the Session took the change)."""
        if value != self._value:
            self._value = value
            index = self._index(value)
            if self.cursor is not None and index is not None:
                self.cursor = index
            self._changed()

    def _index(self, value: int | str | None) -> int | None:
        for index, choice in enumerate(self.choices):
            if choice.value == value:
                return index
        return None

    def _changed(self) -> None:
        self._cache = None
        self.refresh(layout=True)

    def on_focus(self) -> None:
        self.cursor = self._index(self._value)
        self._changed()

    def on_blur(self) -> None:
        self.cursor = None
        self._changed()

    # --- keys -----------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if self.cursor is None:
            self.cursor = self._index(self._value)
            if self.cursor is None:
                self.cursor = 0 if delta > 0 else len(self.choices) - 1
            else:
                self.cursor = max(0, min(len(self.choices) - 1, self.cursor + delta))
        else:
            self.cursor = max(0, min(len(self.choices) - 1, self.cursor + delta))
        self._changed()

    def action_up(self) -> None:
        if self.vertical:
            self.action_move(-1)
        else:
            self.screen.focus_previous()

    def action_down(self) -> None:
        if self.vertical:
            self.action_move(1)
        else:
            self.screen.focus_next()

    def action_pick(self) -> None:
        if self.cursor is None:
            self.app.bell()
            self.notify_refusal(f"Kies met {self.keys_hint()}.")
            return
        self.choose(self.choices[self.cursor].value)

    def action_clear(self) -> None:
        if self._value is not None:
            self.post_message(self.Chosen(self, None))

    def action_key(self, key: str) -> None:
        for index, choice in enumerate(self.choices):
            if choice.key == key:
                self.cursor = index
                self.choose(choice.value)
                return
        self.notify_refusal(self.refusal(key))

    def choose(self, value: int | str) -> None:
        self.post_message(self.Chosen(self, value))

    def refusal(self, key: str) -> str:
        return f"'{key}' is hier geen keuze. Kies met {self.keys_hint()}."

    def notify_refusal(self, message: str) -> None:
        self.app.notify(message, severity="warning", timeout=6)

    def on_key(self, event: events.Key) -> None:
        if (
            event.character
            and len(event.character) == 1
            and (event.character.isdigit() or event.character in self.letter_keys())
        ):
            event.stop()
            event.prevent_default()
            self.action_key(event.character)

    def letter_keys(self) -> str:
        return "".join(c.key for c in self.choices if not c.key.isdigit())

    def keys_hint(self) -> str:
        digits = [c.key for c in self.choices if c.key.isdigit()]
        parts = []
        if digits:
            parts.append(digits[0] if len(digits) == 1 else f"{digits[0]}–{digits[-1]}")
        for choice in self.choices:
            if not choice.key.isdigit():
                parts.append(f"{choice.key} ({choice.name})")
        return ", ".join(parts) + " of ← → en Enter"

    # --- mouse ----------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for line, x0, x1, index in self._hits:
            if offset.y == line and x0 <= offset.x < x1:
                self.cursor = index
                self.choose(self.choices[index].value)
                return

    # --- drawing --------------------------------------------------------------------------
    def hint(self) -> tuple[str, bool]:
        """The line under a focused list: is the option under the cursor chosen? (text, done)"""
        chosen = self._index(self._value)
        if chosen is None:
            if self.cursor is None:
                return f"Nog niet beantwoord. Kies met {self.keys_hint()}.", False
            return f"Nog niet beantwoord. Enter kiest «{self.choices[self.cursor].name}».", False
        if self.cursor is None or self.cursor == chosen:
            return f"Gekozen: {self.choices[chosen].name}. Wissen met Backspace.", True
        return (
            f"Enter kiest «{self.choices[self.cursor].name}»; nu gekozen: "
            f"{self.choices[chosen].name}.",
            False,
        )

    def _lines(self, width: int) -> list[Text]:
        key = (width, self._value, self.cursor, self.has_focus)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        styles = palette(self)
        lines: list[Text] = []
        hits: list[tuple[int, int, int, int]] = []
        if self.title:
            lines.extend(wrap_text(Text(self.title, styles["title"]), width))
        chosen_style, cursor_style, dim = styles["chosen"], styles["cursor"], styles["dim"]
        if self.vertical:
            for index, choice in enumerate(self.choices):
                chosen = choice.value == self._value
                head = Text(
                    f"{'◉' if chosen else '○'} {choice.key}  {choice.name}",
                    chosen_style if chosen else "",
                )
                head_lines = wrap_text(head, width)
                if index == self.cursor:
                    for line in head_lines:
                        line.pad_right(width - line.cell_len)
                        line.stylize(cursor_style)
                first = len(lines)
                lines.extend(head_lines)
                if choice.explanation:
                    lines.extend(
                        wrap_text(Text(choice.explanation, "" if chosen else dim), width, indent=5)
                    )
                hits.extend((y, 0, width, index) for y in range(first, len(lines)))
        else:
            tokens = []
            for index, choice in enumerate(self.choices):
                chosen = choice.value == self._value
                token = Text(
                    f"{'◉' if chosen else '○'} {choice.key} {choice.name}",
                    chosen_style if chosen else "",
                )
                if index == self.cursor:
                    token.stylize(cursor_style)
                tokens.append(token)
            line = Text(" ")
            for index, token in enumerate(tokens):
                if line.cell_len > 1 and line.cell_len + 2 + token.cell_len > width:
                    lines.append(line)
                    line = Text(" ")
                elif line.cell_len > 1:
                    line.append("  ")
                hits.append((len(lines), line.cell_len, line.cell_len + token.cell_len, index))
                line.append_text(token)
            lines.append(line)
        if self.has_focus:
            text, done = self.hint()
            lines.extend(wrap_text(Text(text, styles["done" if done else "hint"]), width))
        self._hits = hits
        self._cache = (key, lines)
        return lines


class ScaleChoice(ChoiceList):
    """A scored item: its text and its scale. Number keys choose a level; n is 'niet van
    toepassing' and w 'weet ik niet', where the item allows them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1,2,3,4,5,6", "noop", "Een antwoord kiezen met zijn cijfer", show=False),
        Binding("n", "noop", "Niet van toepassing (waar dat kan)", show=False),
        Binding("w", "noop", "Weet ik niet (waar dat kan)", show=False),
    ]

    def __init__(self, item: Item, value: int | str | None, *, vertical: bool, **kwargs: Any) -> None:
        assert item.scale is not None
        self.item = item
        choices = [
            Choice(level.value, str(level.value), level.name, level.explanation if vertical else "")
            for level in item.scale.levels
        ]
        if allows_na(item):
            choices.append(Choice(NA, "n", NA_LABEL if not vertical else "niet van toepassing"))
        if allows_dont_know(item):
            choices.append(Choice(DONT_KNOW, "w", DONT_KNOW_LABEL))
        super().__init__(choices, value, title=shown_text(item), vertical=vertical, **kwargs)
        self.add_class("scale-choice", update=False)

    @property
    def place(self) -> str:
        """The question this widget answers (the screen remembers where the person is)."""
        return self.item.id

    def action_noop(self) -> None:
        """The keys are handled in on_key; these bindings document them (help, F1)."""

    def refusal(self, key: str) -> str:
        if key == "n":
            return ("Niet van toepassing kan hier niet: deze vraag geldt altijd. "
                    "Kies een antwoord op de schaal.")
        if key == "w":
            return ("'Weet ik niet' kan hier niet: dit gaat over je eigen werk. "
                    "Kies een antwoord op de schaal.")
        return super().refusal(key)

    def letter_keys(self) -> str:
        return "nw"


class Tick(Checkbox):
    """A tick box whose state shows as a glyph (☑ / ☐), not by colour alone."""

    BUTTON_LEFT = ""
    BUTTON_RIGHT = ""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 (Textual's name)
        return "☑" if self.value else "☐"

    def show(self, value: bool) -> None:
        if self.value != value:
            with self.prevent(Checkbox.Changed):
                self.value = value


class GrowingTextArea(TextArea):
    """A text field that grows with its text (up to TEXT_MAX_LINES), without an inner scrollbar
    for short texts."""

    DEFAULT_CSS = f"""
    GrowingTextArea {{ height: auto; min-height: 3; max-height: {TEXT_MAX_LINES + 2}; }}
    """

    @on(TextArea.Changed)
    @on(TextArea.SelectionChanged)
    def _follow_cursor_later(self) -> None:
        self.call_after_refresh(self._follow_cursor)

    def _follow_cursor(self) -> None:
        """Keep the line being typed in view: the field grows downwards, and near the bottom of the
        screen its new lines went under the footer while the page stayed put (typing blind)."""
        if not self.has_focus:
            return
        container = next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)
        if container is None:
            return
        area = container.scrollable_content_region
        cursor = self.cursor_screen_offset
        line = cursor.y - area.y + round(container.scroll_y)
        container.scroll_to_region(Region(0, line, 1, 1), spacing=Spacing(1, 0, 1, 0), animate=False,
                                   immediate=True)


class ReadOnlyAttempt(Message):
    """The person tried to change a round that is open read-only (the screen explains why)."""


class AnswerEditor(GrowingTextArea):
    """The text field of an awareness question, there only while the person writes.

    Tab or Esc ends writing; the question then shows the text again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Klaar", tooltip="Klaar met schrijven (ook met Tab)"),
    ]

    def __init__(self, block: QuestionBlock, text: str):
        super().__init__(
            text,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder="Schrijf hier je reflectie. Tab of Esc als je klaar bent.",
        )
        self.block = block
        self.border_title = "Jouw reflectie"

    @property
    def place(self) -> str:
        return self.block.place

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)

    def on_focus(self) -> None:
        # what was typed between Enter and this field taking the focus (QuestionBlock.on_key)
        if self.block.typed_ahead:
            typed, self.block.typed_ahead = "".join(self.block.typed_ahead), []
            self.insert(typed)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.block.typed(self.text)

    def on_blur(self) -> None:
        self.block.stop_editing()

    def action_done(self) -> None:
        self.block.focus()


class QuestionBlock(DrawnLines, can_focus=True):
    """An awareness question: the question, its two tick boxes and the answer, in one Tab stop.

    Enter opens the text field under the question (Tab or Esc closes it again); b and d switch
    'bespreken' and 'delen'. Only what is being written is a text field, so a theme with twelve
    questions opens at once."""

    DEFAULT_CSS = """
    QuestionBlock {
        height: auto;
        width: 1fr;
        padding: 0 1;
        margin: 1 0 0 0;
        border-left: outer $panel;
    }
    QuestionBlock:focus { border-left: outer $accent; background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # the key itself is handled in on_key (so letters right after it keep their order);
        # the binding names it for help and the command palette
        Binding(
            "enter", "edit", "Schrijven bij een bewustwordingsvraag (Tab of Esc: klaar)", show=False
        ),
        Binding("b", "toggle_flag('discuss')", "Bespreken in intervisie aan of uit", show=False),
        Binding("d", "toggle_flag('share')", "Tekst delen met het team aan of uit", show=False),
    ]

    @dataclass
    class Changed(Message):
        """One field changed: text, share or discuss (the others are None)."""

        block: QuestionBlock
        item: Item
        text: str | None = None
        share: bool | None = None
        discuss: bool | None = None

        @property
        def control(self) -> QuestionBlock:
            return self.block

    def __init__(
        self,
        item: Item,
        number: int,
        answer: TextAnswer | None,
        *,
        read_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.item = item
        self.number = number
        answer = answer or TextAnswer()
        self._text, self._share, self._discuss = answer.text, answer.share, answer.discuss
        self.read_only = read_only
        self.editor: AnswerEditor | None = None
        # keys typed after Enter, before the text field has the focus (see on_key)
        self.typed_ahead: list[str] = []
        self._flag_spans: list[tuple[int, int, str]] = []
        self._flag_line = -1
        self.add_class("question-block", update=False)

    @property
    def place(self) -> str:
        return self.item.id

    @property
    def text(self) -> str:
        return self._text

    @property
    def discuss(self) -> bool:
        return self._discuss

    @property
    def share(self) -> bool:
        return self._share

    # --- writing ----------------------------------------------------------------------------
    def action_edit(self) -> None:
        if self.read_only:
            self.post_message(ReadOnlyAttempt())
            return
        if self.editor is None:
            self.editor = AnswerEditor(self, self._text)
            assert isinstance(self.parent, Widget)
            self.parent.mount(self.editor, after=self)
            self._changed()
        self.editor.focus()

    def on_key(self, event: events.Key) -> None:
        """Enter opens the text field, but it takes the focus a moment later: keys typed right
        after Enter (a fast typist, keys arriving in one packet through the browser) still come
        here, where b and d would switch the flags ('delen' on!) and the words were lost. So Enter
        is handled here, in the order of the keys, and what follows it goes into the field."""
        if event.key == "enter" and self.editor is None:
            self.action_edit()
        elif self.editor is None:
            return
        elif event.is_printable and event.character:
            self._type_ahead(event.character)
        elif event.key == "enter":
            self._type_ahead("\n")
        elif event.key == "backspace":
            if self.editor.has_focus:
                self.editor.action_delete_left()
            elif self.typed_ahead:
                self.typed_ahead.pop()
        else:
            return
        event.stop()
        event.prevent_default()

    def _type_ahead(self, text: str) -> None:
        if self.editor is not None and self.editor.has_focus:
            self.editor.insert(text)  # a key that was on its way here when the field took the focus
        else:
            self.typed_ahead.append(text)

    def typed(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.post_message(self.Changed(self, self.item, text=text))

    def stop_editing(self) -> None:
        self.typed_ahead = []
        editor, self.editor = self.editor, None
        if editor is not None:
            editor.remove()
            self._changed()

    def action_toggle_flag(self, flag: str) -> None:
        if self.read_only:
            self.post_message(ReadOnlyAttempt())
            return
        if flag == "discuss":
            self.post_message(self.Changed(self, self.item, discuss=not self._discuss))
        else:
            self.post_message(self.Changed(self, self.item, share=not self._share))

    def show(self, answer: TextAnswer | None) -> None:
        """Show the saved flags (the text being written stays as the person types it)."""
        answer = answer or TextAnswer()
        if (answer.share, answer.discuss) != (self._share, self._discuss):
            self._share, self._discuss = answer.share, answer.discuss
            self._changed()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y == self._flag_line:
            for x0, x1, flag in self._flag_spans:
                if x0 <= offset.x < x1:
                    self.action_toggle_flag(flag)
                    return
        self.action_edit()

    def on_focus(self) -> None:
        self._changed()

    def on_blur(self) -> None:
        self._changed()

    # --- drawing ----------------------------------------------------------------------------
    def _changed(self) -> None:
        self._cache = None
        self.refresh(layout=True)

    _cache: tuple[tuple[object, ...], list[Text]] | None = None

    def _lines(self, width: int) -> list[Text]:
        key = (
            width,
            self._text,
            self._share,
            self._discuss,
            self.has_focus,
            self.editor is not None,
        )
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        styles = palette(self)
        lines = wrap_text(Text(f"{self.number}. {shown_text(self.item)}", styles["title"]), width)
        flags = Text("   ")
        self._flag_spans = []
        for flag, label, ticked in (
            ("discuss", "Bespreken in intervisie (b)", self._discuss),
            ("share", "Tekst delen met het team (d)", self._share),
        ):
            start = flags.cell_len
            flags.append(f"{'☑' if ticked else '☐'} {label}", styles["chosen"] if ticked else "")
            self._flag_spans.append((start, flags.cell_len, flag))
            flags.append("   ")
        self._flag_line = len(lines)
        lines.extend(wrap_text(flags, width) if flags.cell_len > width else [flags])
        if self.editor is None:
            bar = Text("   ┃ ", styles["bar"])
            if self._text.strip():
                for paragraph in self._text.split("\n"):
                    for line in wrap_text(Text(paragraph), width - 5):
                        lines.append(bar.copy().append_text(line))
            else:
                lines.append(bar.copy().append("Nog niets geschreven.", styles["dim"]))
            if self.has_focus:
                hint = (
                    "Alleen lezen."
                    if self.read_only
                    else "Enter: schrijven · b: bespreken · d: delen · Tab: verder"
                )
                lines.extend(wrap_text(Text(hint, styles["hint"]), width))
        self._cache = (key, lines)
        return lines


class ActionBlock(Vertical):
    """The next action of a theme and level: what, by when, and whether the team may see it.

    A date that is not a date (31/02/2027) stays in its field with the reason; it is not saved
    and not silently dropped. With ``action_format`` (the nota's bannen – behouden – bereiken) a
    tick box under the action shows three more fields, each with the format's short question for
    this level. The tick box only hides them again when they are empty: it asks the screen
    (``ClearParts``) before their words are wiped, so nothing saved is ever hidden."""

    @dataclass
    class Changed(Message):
        """One field changed: text, due (a typed date, still to be checked), share, or one of
        ban, keep and reach (the bannen – behouden – bereiken form)."""

        block: ActionBlock
        text: str | None = None
        due: str | None = None
        share: bool | None = None
        ban: str | None = None
        keep: str | None = None
        reach: str | None = None

        def fields(self) -> dict[str, object]:
            """The fields that changed, by Action attribute (``due`` still as typed)."""
            names = ("text", "due", "share", "ban", "keep", "reach")
            return {name: getattr(self, name) for name in names if getattr(self, name) is not None}

    @dataclass
    class ClearParts(Message):
        """The person switched the three fields off while they hold text: the screen asks first."""

        block: ActionBlock

    def __init__(
        self,
        prompt: str,
        action: Action,
        *,
        read_only: bool = False,
        action_format: ActionFormat | None = None,
        level: str = "micro",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.prompt = prompt
        self._text = action.text
        self._due = action.due.strftime("%d/%m/%Y") if action.due else ""
        self._share = action.share
        self._parts = {"ban": action.ban, "keep": action.keep, "reach": action.reach}
        self.read_only = read_only
        self.action_format = action_format
        self.level = level
        self.add_class("action-block", update=False)

    place = "actie"  # as analysis.next_unanswered names a theme's action

    def compose(self) -> ComposeResult:
        yield Label(Text(self.prompt), classes="item-text")
        area = GrowingTextArea(
            self._text,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            read_only=self.read_only,
            id="action-text",
            placeholder="Wat ga je doen?",
        )
        area.border_title = "Mijn actie"
        yield area
        with Horizontal(classes="flags"):
            yield Input(self._due, placeholder="tegen dd/mm/jjjj", id="action-due", disabled=False)
            yield Tick("Actie delen met het team", self._share, id="action-share")
        yield Static("", id="action-error")
        if self.action_format is None:
            return
        on = any(value.strip() for value in self._parts.values())
        yield Tick(f"Ook schrijven als {self.action_format.title.lower()}", on, id="action-format")
        if on:
            yield self._parts_fields()

    def _parts_fields(self) -> Vertical:
        """The format's intro and source, and a field per part (built only when shown: a theme
        opens with as few widgets as possible)."""
        fmt = self.action_format
        assert fmt is not None
        children: list[Widget] = [
            Static(Text(f"{fmt.intro.strip()}\nBron: {fmt.source}"), classes="dim")
        ]
        for part in fmt.parts:
            field = ACTION_PARTS.get(part.key)
            if field is None:
                continue
            children.append(
                Label(Text(f"{part.label}: {part.prompt(self.level)}"), classes="part-text")
            )
            box = GrowingTextArea(
                self._parts[field],
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
                read_only=self.read_only,
                id=f"action-{field}",
                placeholder=part.help or part.label,
            )
            box.border_title = part.label
            children.append(box)
        return Vertical(*children, id="action-parts")

    @property
    def parts_shown(self) -> bool:
        """The three fields are in view."""
        return bool(self.query("#action-parts"))

    @property
    def parts(self) -> dict[str, str]:
        """ban, keep and reach as typed."""
        return dict(self._parts)

    @on(TextArea.Changed, "#action-text")
    def _text_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text != self._text:
            self._text = text
            self.post_message(self.Changed(self, text=text))

    @on(TextArea.Changed, "#action-ban, #action-keep, #action-reach")
    def _part_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        field = str(event.text_area.id).removeprefix("action-")
        text = event.text_area.text
        if text != self._parts[field]:
            self._parts[field] = text
            self.post_message(
                self.Changed(
                    self,
                    ban=text if field == "ban" else None,
                    keep=text if field == "keep" else None,
                    reach=text if field == "reach" else None,
                )
            )

    @on(Checkbox.Changed, "#action-format")
    async def _format_switched(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.value and not self.parts_shown:
            fields = self._parts_fields()
            await self.mount(fields, after=event.checkbox)
            fields.scroll_visible(animate=False)
        elif not event.value and self.parts_shown:
            if any(value.strip() for value in self._parts.values()):
                # stays in view until the person agrees to wipe them
                self.query_one("#action-format", Tick).show(True)
                self.post_message(self.ClearParts(self))
                return
            await self.query_one("#action-parts").remove()

    async def clear_parts(self) -> None:
        """The screen wiped ban, keep and reach (the session saved that): hide the fields."""
        for field in self._parts:
            self._parts[field] = ""
        self.query_one("#action-format", Tick).show(False)
        await self.query("#action-parts").remove()

    @on(Input.Changed, "#action-due")
    def _due_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self._due:
            self._due = event.value
            self.post_message(self.Changed(self, due=event.value))

    @on(Input.Blurred, "#action-due")
    @on(Input.Submitted, "#action-due")
    def _due_done(self, event: Input.Blurred | Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Changed(self, due=event.value))

    @on(Checkbox.Changed, "#action-share")
    def _share_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, share=event.value))

    @property
    def due_text(self) -> str:
        return self.query_one("#action-due", Input).value

    def show_due_error(self, message: str) -> None:
        """The typed date is kept in its field; the reason stands under it."""
        self.query_one("#action-due", Input).set_class(bool(message), "-invalid")
        self.query_one("#action-error", Static).update(Text(message))

    def show(self, action: Action | None) -> None:
        self.query_one("#action-share", Tick).show(bool(action and action.share))
