"""The start screen: continue exactly where you were, or choose what to do and which round."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from reflectie.labels import default_round_label
from reflectie.widgets.footer import KeysFooter
from reflectie.widgets.menu import Menu

if TYPE_CHECKING:
    from reflectie.app import ReflectieApp

CHOICES = [
    (
        "micro",
        "Zelfreflectie (micro)",
        "Ik als hulpverlener: vijf thema's, mijn positie en mijn actie.",
    ),
    (
        "meso",
        "Mijn organisatie (meso)",
        "Voor elke medewerker, zeker ook teamverantwoordelijken en staf.",
    ),
    ("beide", "Beide niveaus", "Micro en meso samen, zodat je de verschillen tussen beide ziet."),
    ("rondes", "Mijn rondes", "Rondes openen, vergelijken en opvolgen: wat veranderde er?"),
    (
        "intervisie",
        "Intervisie: team vergelijken",
        "De gedeelde bestanden van een team samen bekijken, anoniem.",
    ),
    (
        "werkgroep",
        "Werkgroep: organisaties vergelijken",
        "Organisaties van een regio naast elkaar en over de tijd.",
    ),
    (
        "opvolging",
        "Werkgroep: IROJ-opvolging",
        "De IROJ-maatregelen opvolgen, en de implementatie in je organisatie.",
    ),
    ("client", "Cliëntmodus", "Jongeren en ouders beantwoorden zelf enkele vragen, anoniem."),
    ("vragenbank", "Vragenbank", "Alle thema's, stellingen en bewustwordingsvragen."),
    ("visienota", "Over de visienota", "Drie finaliteiten, de basis in het decreet, de begrippen."),
    ("profiel", "Profiel", "Naam, organisatie, team en sector aanpassen."),
    ("help", "Help", "Uitleg over de thema's, de ladder en de toetsen."),
    ("eenvoudig", "Eenvoudige modus", "Gewone tekst, ook voor schermlezers: reflectie --eenvoudig"),
]
RESUME = "verder"
SHORT = 60  # characters of an item's text in "Verder met …"


def _option(key: str, title: str | Text, help_: str) -> Option:
    prompt = Text.assemble(
        title if isinstance(title, Text) else Text(title, "bold"), "\n  ", (help_, "dim")
    )
    return Option(prompt, id=key)


def shorten(text: str, limit: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class StartScreen(Screen[None]):
    HELP_TITLE = "de startpagina"
    # the menu has the focus from the start: Textual would first focus the round field (the first
    # focusable widget) and restyle it, then again when the menu takes the focus
    AUTO_FOCUS = "#menu"
    BINDINGS = [
        Binding("v", "resume", "Verder waar ik was", id="resume"),
    ]

    @property
    def app_(self) -> ReflectieApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        if not self.app_.session.first_run:
            yield from self._parts()
        # on the first run the welcome is shown over this screen: it is built when the welcome
        # closes (building it before cost the welcome 40 ms), see on_screen_resume

    def _parts(self) -> list[Widget]:
        session = self.app_.session
        return [
            Header(),
            Vertical(
                Static("Wat wil je doen?", classes="title"),
                Horizontal(
                    Label("Ronde:"),
                    Input(
                        session.profile.last_round or default_round_label(),
                        id="round",
                        placeholder="bv. 2026-najaar",
                        compact=True,
                    ),
                    Label("(een ronde is één keer invullen)", classes="dim"),
                    id="round-row",
                ),
                Menu(*[_option(key, title, help_) for key, title, help_ in CHOICES], id="menu"),
                id="start",
            ),
            KeysFooter(),
        ]

    def on_mount(self) -> None:
        if self.query("#menu"):
            self._focus_menu()

    def _focus_menu(self) -> None:
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = 0
        menu.focus()

    _resumed = False

    async def on_screen_resume(self) -> None:
        if not self.query("#menu"):
            if not self.is_active:
                return  # the first run's welcome is over it
            await self.mount_all(self._parts())
            self._focus_menu()
        session = self.app_.session
        # the open round, or the one to go on with (after a deletion: the newest left)
        current = session.answers.round.id if session.answers is not None else session.profile.last_round
        self.query_one("#round", Input).value = current or default_round_label()
        if self._resumed:
            self.show_resume()
        else:
            # the first time: the 'Verder met' line needs the question bank, which is loaded
            # after the first paint (it was loaded before it, 25 ms of a start of 250)
            self._resumed = True
            self.call_after_refresh(self.show_resume)

    def resume_place(self) -> tuple[str, str, str, str] | None:
        """(round, theme, level, item) where the person was, when that still exists."""
        session = self.app_.session
        profile = session.profile
        if not profile.last_round or not profile.last_theme:
            return None
        from reflectie.bank import BankError

        try:
            bank = session.bank
        except BankError:  # the app tells about a damaged bank; there is no place to resume then
            return None
        if profile.last_theme not in bank.themes or profile.last_level not in ("micro", "meso"):
            return None
        if not session.round_exists(profile.last_round):
            return None
        item = (
            profile.last_item
            if (profile.last_item in bank.items or profile.last_item == "actie")
            else ""
        )
        return profile.last_round, profile.last_theme, profile.last_level, item

    def resume_label(self) -> Text | None:
        place = self.resume_place()
        if place is None:
            return None
        round_id, theme_id, level, item_id = place
        bank = self.app_.session.bank
        theme = bank.themes[theme_id]
        if item_id == "actie":
            what = "je eerstvolgende actie"
        elif item_id:
            from reflectie.widgets.items import shown_text

            what = shorten(shown_text(bank.items[item_id]))
        else:
            what = "de eerste open vraag"
        return Text.assemble(
            ("Verder met ", "bold"),
            (f"{theme.short} ({level})", "bold"),
            " — ",
            what,
            (f" · ronde {round_id}", "dim"),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self._can_resume
        return True

    _can_resume = False

    def show_resume(self) -> None:
        menu = self.query_one("#menu", OptionList)
        label = self.resume_label()
        if self._can_resume != (label is not None):
            self._can_resume = label is not None
            self.refresh_bindings()
        has = menu.option_count and menu.get_option_at_index(0).id == RESUME
        if label is None:
            if has:
                menu.remove_option(RESUME)
            return
        option = _option(RESUME, label, "Precies waar je de vorige keer was (toets v).")
        if has:
            menu.replace_option_prompt(RESUME, option.prompt)
        else:
            options = [option] + [menu.get_option_at_index(i) for i in range(menu.option_count)]
            highlighted = menu.highlighted
            menu.clear_options()
            menu.add_options(options)
            menu.highlighted = 0 if highlighted in (None, 0) else highlighted + 1

    def _open_round(self) -> bool:
        from reflectie.session import round_id_for

        label = round_id_for(self.query_one("#round", Input).value) or default_round_label()
        self.query_one("#round", Input).value = label
        return self.app_.open_round(label)

    @on(Input.Submitted, "#round")
    def _round(self) -> None:
        self.query_one("#menu", OptionList).focus()

    def action_resume(self) -> None:
        place = self.resume_place()
        if place is None:
            self.app_.notify(
                "Er is nog geen plaats om verder te gaan: kies Zelfreflectie of Mijn organisatie."
            )
            return
        round_id, theme, level, item = place
        if self.app_.open_round(round_id):
            self.query_one("#round", Input).value = round_id
            if not item:
                from reflectie.analysis import next_unanswered

                answers = self.app_.session.answers
                assert answers is not None
                found = next_unanswered(answers, self.app_.session.bank, [(theme, level)])
                item = found[2] if found else ""
            self.app_.open_place(theme, level, item)

    @on(OptionList.OptionSelected, "#menu")
    def choose(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        app = self.app_
        if key == RESUME:
            self.action_resume()
        elif key in ("micro", "meso", "beide"):
            if self._open_round():
                app.open_levels(("micro", "meso") if key == "beide" else (key,))
        elif key == "rondes":
            app.open_history()
        elif key == "intervisie":
            app.open_compare("team")
        elif key == "werkgroep":
            app.open_compare("organisatie")
        elif key == "opvolging":
            if self._open_round():
                app.open_checklist("iroj")
        elif key == "client":
            app.open_client()
        elif key == "vragenbank":
            app.open_bank()
        elif key == "visienota":
            app.open_frame()
        elif key == "profiel":
            app.open_profile()
        elif key == "help":
            app.action_help()
        elif key == "eenvoudig":
            app.switch_to_plain()
