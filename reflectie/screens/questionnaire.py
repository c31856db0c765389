"""One theme at one level: intro, positioning, indicators, awareness questions, next action.

Widgets post what the person chose; this screen hands it to the Session and then shows the saved
state back on the widget, so what is on the screen is what is saved. Opening a theme writes
nothing: only answering changes the answers file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Label, Static

from reflectie.analysis import ACTION, answer_order, next_unanswered, place_of, progress
from reflectie.errors import ReadOnlyError, ReflectieError
from reflectie.model import (
    BAN_KEEP_REACH,
    KIND_INDICATOR,
    KIND_POSITION,
    KIND_QUESTION,
    LEVEL_LABELS,
    Action,
    Answers,
)
from reflectie.screens.saving import SavingScreen
from reflectie.widgets.footer import KeysFooter
from reflectie.widgets.items import (
    ActionBlock,
    ChoiceList,
    QuestionBlock,
    ReadOnlyAttempt,
    ScaleChoice,
    palette,
    shown_text,
    wrap_text,
)

if TYPE_CHECKING:
    pass


class Intro(Widget, can_focus=True):
    """The theme's introduction: open on a theme not started yet, one line (▶) otherwise."""

    DEFAULT_CSS = """
    Intro { height: auto; padding: 0 1; margin: 0 0 1 0; }
    Intro:focus { background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "toggle_intro", "De uitleg over het thema openen of sluiten", show=False),
    ]

    def __init__(self, text: str, source: str, open_: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text, self.source, self.open = text, source, open_

    @property
    def collapsed(self) -> bool:
        return not self.open

    def action_toggle_intro(self) -> None:
        self.open = not self.open
        self.refresh(layout=True)

    def on_click(self) -> None:
        self.action_toggle_intro()

    def _lines(self, width: int) -> list[Text]:
        styles = palette(self)
        title = Text(f"{'▼' if self.open else '▶'} Over dit thema", styles["heading"])
        if not self.open:
            return [title.append("  (Enter: openen)", styles["dim"])]
        return [
            title,
            *wrap_text(Text(self.text), width),
            *wrap_text(Text(self.source, styles["dim"]), width),
        ]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_size.width or 80))


class QuestionnaireScreen(SavingScreen):
    CSS_PATH = "questionnaire.tcss"
    BINDINGS = [
        Binding("escape", "back", "Terug", id="back"),
        Binding(
            "ctrl+n",
            "next_open",
            "Onbeantwoord",
            id="next_open",
            tooltip="Naar de volgende vraag die nog niet beantwoord is, ook in een volgend thema",
        ),
        Binding("ctrl+right", "next_theme", "Thema →", id="next", tooltip="Volgend thema"),
        Binding(
            "ctrl+left",
            "previous_theme",
            "Thema ←",
            id="previous",
            show=False,
            tooltip="Vorig thema",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Bewaren",
            id="save",
            show=False,
            tooltip="Nu bewaren (elk antwoord wordt ook vanzelf bewaard)",
        ),
    ]
    HELP_TITLE = "de vragenlijst"

    def __init__(
        self, theme_id: str, level: str, levels: tuple[str, ...] = ("micro",), focus_item: str = ""
    ):
        super().__init__()
        self.theme_id = theme_id
        self.level = level
        self.levels = levels
        self.focus_item = focus_item
        self._pending: Timer | None = None
        self._told_read_only = 0.0
        self._ids: dict[str, str] = {}


    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Text(
                "Alleen lezen: deze ronde is open in een ander venster van reflectie. "
                "Sluit dat venster om hier verder te antwoorden."
            ),
            id="read-only",
            classes="" if self.session.read_only else "hidden",
        )
        yield VerticalScroll(*self._first_part(), id="questionnaire", can_focus=False)
        yield KeysFooter()

    FIRST_PART = 10  # widgets built before the screen shows; the rest follows right after

    def _first_part(self) -> list[Widget]:
        """The content up to a screenful past the question that gets focus; the rest of the theme
        is built just after the first frame (a theme can have thirty questions)."""
        content = self._content()
        target = self._target()
        index = next((i for i, w in enumerate(content) if w.id == self._ids.get(target)), 0)
        cut = max(index + 4, self.FIRST_PART)
        self._generation += 1
        self._rest = content[cut:]
        return content[:cut]

    _generation = 0
    _rest: list[Widget] = []

    async def _mount_rest(self, generation: int) -> None:
        if generation != self._generation or not self._rest:
            return
        rest, self._rest = self._rest, []
        await self.query_one("#questionnaire", VerticalScroll).mount_all(rest)

    def _title(self) -> Text:
        answers = self.session.answers
        assert answers is not None
        done, total = progress(answers, self.session.bank, self.theme_id, self.level)
        theme = self.session.bank.themes[self.theme_id]
        other = "Ander kader: " if theme.kind == "kader" else ""
        return Text(f"{other}{theme.title} — {LEVEL_LABELS[self.level]}  ({done}/{total})")

    def _content(self) -> list[Widget]:
        """The widgets of the current theme and level (one per question: they are cheap)."""
        session = self.session
        bank = session.bank
        answers = session.answers
        assert answers is not None
        theme = bank.themes[self.theme_id]
        read_only = session.read_only
        self._ids = {}
        done, _total = progress(answers, bank, self.theme_id, self.level)
        out: list[Widget] = [
            Static(self._title(), classes="title", id="theme-title"),
            Intro(theme.intro, f"Bron: {theme.source}", open_=done == 0, id="intro"),
        ]
        positions = theme.items_for(self.level, KIND_POSITION)
        if positions:
            out.append(Label("Waar sta je?", classes="section"))
            out += [
                ScaleChoice(item, answers.choice(item.id), vertical=True, id=self._wid(item.id))
                for item in positions
            ]
        indicators = theme.items_for(self.level, KIND_INDICATOR)
        if indicators:
            out.append(Label("Stellingen", classes="section"))
            out += [
                ScaleChoice(item, answers.choice(item.id), vertical=False, id=self._wid(item.id))
                for item in indicators
            ]
        questions = [
            q for q in theme.items_for(self.level, KIND_QUESTION) if not q.is_action_question
        ]
        if questions:
            out.append(Label("Bewustwordingsvragen", classes="section"))
            whose = (
                f"Een ander kader dan de visienota: eigen uitwerking op basis van {theme.basis}."
                if theme.kind == "kader"
                else "Letterlijk uit de visienota."
            )
            out.append(
                Static(
                    Text(f"{whose} Schrijf geen namen of herkenbare details van cliënten."),
                    classes="dim",
                )
            )
            out += [
                QuestionBlock(
                    item,
                    number,
                    answers.texts.get(item.id),
                    read_only=read_only,
                    id=self._wid(item.id),
                )
                for number, item in enumerate(questions, 1)
            ]
        prompt = theme.action_prompt(self.level)
        if prompt:
            out.append(Label("Eerstvolgende actie", classes="section"))
            previous = self._previous_action()
            if previous is not None and previous.text.strip():
                out.append(
                    Static(
                        Text(
                            f"Vorige ronde nam je je voor: “{previous.text}”. In Mijn rondes "
                            "duid je aan of het gebeurd is."
                        ),
                        classes="dim",
                    )
                )
            action = answers.action_for(self.theme_id, self.level) or Action(
                self.theme_id, self.level, ""
            )
            out.append(
                ActionBlock(
                    prompt,
                    action,
                    read_only=read_only,
                    action_format=bank.action_formats.get(BAN_KEEP_REACH),
                    level=self.level,
                    id=self._wid(ACTION),
                )
            )
        return out

    async def show_theme(
        self, theme_id: str, level: str, focus_item: str = "", levels: tuple[str, ...] | None = None
    ) -> None:
        """Another theme in this same screen: only the questions are built again. The app keeps
        this screen and opens every theme in it, since building a screen is the slow part."""
        self._leave()
        self.theme_id, self.level, self.focus_item = theme_id, level, focus_item
        if levels is not None:  # opened again from an overview: the round may have changed
            self.levels = levels
            self._rounds = None
            self.query_one("#read-only").set_class(not self.session.read_only, "hidden")
        scroller = self.query_one("#questionnaire", VerticalScroll)
        with self.app.batch_update():
            await scroller.remove_children()
            await scroller.mount_all(self._first_part())
            scroller.scroll_home(animate=False)
            self._update_title()
            self._place_focus()
        self.call_after_refresh(self._mount_rest, self._generation)

    _rounds: list[Answers] | None = None

    def _previous_action(self) -> Action | None:
        answers = self.session.answers
        assert answers is not None
        if self._rounds is None:  # read once per screen, not at every theme
            self._rounds, _ = self.session.rounds()
        rounds = self._rounds
        earlier = [
            r
            for r in rounds
            if r.round.id != answers.round.id and r.round.started <= answers.round.started
        ]
        return earlier[-1].action_for(self.theme_id, self.level) if earlier else None

    # --- where the person is ------------------------------------------------------------------
    def _wid(self, place: str) -> str:
        """A widget id for an item id or 'actie' (item ids may hold characters ids may not)."""
        return self._ids.setdefault(place, f"place-{len(self._ids)}")

    def _place_widget(self, place: str) -> Widget | None:
        from textual.css.query import NoMatches

        if place not in self._ids:
            return None
        try:
            return self.query_one(f"#{self._ids[place]}")
        except NoMatches:
            return None

    def _target(self) -> str:
        """The place to focus: the one asked for (a list's own action question is the action),
        else the first open one of the theme."""
        if self.focus_item:
            return place_of(self.session.bank, self.theme_id, self.level, self.focus_item)
        return self._first_open()

    def _first_open(self) -> str:
        answers = self.session.answers
        assert answers is not None
        found = next_unanswered(answers, self.session.bank, [(self.theme_id, self.level)])
        return found[2] if found else ""

    def on_mount(self) -> None:
        self._update_title()
        self._place_focus()
        self.call_after_refresh(self._mount_rest, self._generation)

    def _place_focus(self) -> None:
        target = self._target()
        widget = self._place_widget(target) if target else None
        if widget is None:
            widget = next(iter(self.query(ScaleChoice)), None) or next(
                iter(self.query(QuestionBlock)), None
            )
        self.session.remember_position(self.theme_id, self.level, target)
        if widget is not None:
            self._focus_place(widget)

    def _focus_place(self, widget: Widget) -> None:
        focusable = (
            widget
            if widget.can_focus
            else next((w for w in widget.query("*") if w.focusable), None)
        )
        if focusable is not None:
            focusable.focus(scroll_visible=False)
        self.call_after_refresh(widget.scroll_visible, animate=False, top=True)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        place = _place_of(event.widget)
        if place:
            self.session.remember_position(self.theme_id, self.level, place)

    # --- saving -------------------------------------------------------------------------------
    def _saved(self) -> None:
        self._update_title()

    def _apply(self, change: Callable[[], bool]) -> bool:
        """One change through the session; a read-only round or a bad value is told, not lost."""
        try:
            return bool(change())
        except ReadOnlyError:
            self._tell_read_only(force=True)
            return False
        except ReflectieError as exc:
            self.app_.notify(str(exc), severity="warning", timeout=10)
            return False

    def _tell_read_only(self, force: bool = False) -> None:
        import time

        now = time.monotonic()
        if force or now - self._told_read_only > 4:
            self._told_read_only = now
            self.app_.notify(
                "Hier kan je niet antwoorden: deze ronde is open in een ander venster. "
                "Sluit dat venster en open de ronde opnieuw.",
                title="Alleen lezen",
                severity="warning",
                timeout=8,
            )

    def _update_title(self) -> None:
        """The theme and its progress, in the content and in the header (always in view)."""
        answers = self.session.answers
        if answers is None:
            return
        self.query_one("#theme-title", Static).update(self._title())
        done, total = progress(answers, self.session.bank, self.theme_id, self.level)
        theme = self.session.bank.themes[self.theme_id]
        self.title = f"{theme.short} ({self.level}) {done}/{total}"

    @on(ChoiceList.Chosen)
    def _scale(self, event: ChoiceList.Chosen) -> None:
        widget = event.widget
        if not isinstance(widget, ScaleChoice):
            return
        event.stop()
        changed = self._apply(lambda: self.session.set_choice(widget.item.id, event.value))
        answers = self.session.answers
        widget.show(answers.choice(widget.item.id) if answers else None)
        if changed:
            self._save_now()

    @on(ReadOnlyAttempt)
    def _read_only_attempt(self, event: ReadOnlyAttempt) -> None:
        event.stop()
        self._tell_read_only(force=True)

    @on(QuestionBlock.Changed)
    def _question(self, event: QuestionBlock.Changed) -> None:
        event.stop()
        if self._apply(
            lambda: self.session.set_text(
                event.item.id, text=event.text, share=event.share, discuss=event.discuss
            )
        ):
            self._save_soon()
        answers = self.session.answers
        event.block.show(answers.texts.get(event.item.id) if answers else None)

    @on(ActionBlock.Changed)
    def _action(self, event: ActionBlock.Changed) -> None:
        event.stop()
        from reflectie.session import parse_due

        fields = event.fields()
        if event.due is not None:
            try:
                fields["due"] = parse_due(event.due)
            except ReflectieError as exc:
                event.block.show_due_error(str(exc))  # stays in the field, with the reason
                return
            event.block.show_due_error("")
        if self._apply(lambda: self.session.set_action(self.theme_id, self.level, **fields)):
            self._save_soon()
        answers = self.session.answers
        event.block.show(answers.action_for(self.theme_id, self.level) if answers else None)

    @on(ActionBlock.ClearParts)
    def _clear_parts(self, event: ActionBlock.ClearParts) -> None:
        """Switching bannen – behouden – bereiken off wipes their words: only after a yes."""
        event.stop()
        from reflectie.screens.confirm import ConfirmDialog

        block = event.block

        def answered(yes: bool | None) -> None:
            if yes and self._apply(
                lambda: self.session.set_action(
                    self.theme_id, self.level, ban="", keep="", reach=""
                )
            ):
                self._save_now()
                self.call_later(block.clear_parts)

        self.app.push_screen(
            ConfirmDialog(
                "Bannen, behouden en bereiken wissen?",
                "Je schreef al iets bij bannen, behouden of bereiken. Als je deze velden "
                "verbergt, worden ze gewist. Je actie zelf blijft staan.",
                "Wissen",
                danger=True,
            ),
            answered,
        )

    def on_key(self, event: events.Key) -> None:
        """In a read-only round, typing in a text field explains why nothing happens."""
        if self.session.read_only and (
            event.is_printable or event.key in ("backspace", "delete", "enter")
        ):
            focused = self.focused
            if focused is not None and (
                focused.id == "action-due" or "TextArea" in type(focused).__name__
            ):
                event.stop()
                event.prevent_default()
                self._tell_read_only()


    def _leave(self) -> bool:
        """Before leaving: write what is pending, and say so if a typed date was not taken."""
        if self._pending is not None:
            self._save_now()
        blocks = list(self.query(ActionBlock))
        if blocks:
            from reflectie.session import parse_due

            try:
                parse_due(blocks[0].due_text)
            except ReflectieError as exc:
                self.app_.notify(
                    f"De datum '{blocks[0].due_text}' is niet bewaard: {exc}",
                    title="Datum niet bewaard",
                    severity="warning",
                    timeout=10,
                )
        return True

    def on_screen_suspend(self) -> None:
        self.on_unmount()


    def action_back(self) -> None:
        self._leave()
        self.app.pop_screen()

    # --- moving between themes ----------------------------------------------------------------
    def _order(self) -> list[tuple[str, str]]:
        return answer_order(self.session.bank, self.levels)

    async def _go(self, theme: str, level: str, item: str = "") -> None:
        await self.show_theme(theme, level, item)

    async def _step(self, delta: int) -> None:
        order = self._order()
        index = (
            order.index((self.theme_id, self.level)) if (self.theme_id, self.level) in order else 0
        )
        theme, level = order[(index + delta) % len(order)]
        await self._go(theme, level)

    async def action_next_theme(self) -> None:
        await self._step(1)

    async def action_previous_theme(self) -> None:
        await self._step(-1)

    async def action_next_open(self) -> None:
        """The next unanswered question after the one in focus, in this theme or a next one."""
        answers = self.session.answers
        assert answers is not None
        here = _place_of(self.focused) if self.focused is not None else ""
        after = (self.theme_id, self.level, here) if here else None
        found = next_unanswered(answers, self.session.bank, self._order(), after)
        if found is None:
            self.app_.notify(
                "Alles is beantwoord in "
                + " en ".join(LEVEL_LABELS[lv] for lv in self.levels)
                + ". Bekijk de samenvatting of deel je bestand.",
                timeout=8,
            )
            return
        theme, level, item = found
        if (theme, level) == (self.theme_id, self.level):
            widget = self._place_widget(item)
            if widget is not None:
                self.session.remember_position(theme, level, item)
                self._focus_place(widget)
            return
        await self._go(theme, level, item)

    @property
    def focused_item_text(self) -> str:
        """The text of the question in focus (for tests and the help)."""
        place = _place_of(self.focused) if self.focused is not None else ""
        item = self.session.bank.items.get(place)
        return shown_text(item) if item else place


def _place_of(widget: Widget | None) -> str:
    """The item id (or 'actie') of the question a widget belongs to, or ''."""
    node = widget
    while node is not None:
        place = getattr(node, "place", None)
        if isinstance(place, str):
            return place
        node = node.parent if isinstance(node.parent, Widget) else None
    return ""
