"""Eenvoudige modus: reflectie line by line on plain standard input and output. No Textual.

For people with a screen reader, for terminals without colours or cursor movement, and for input
from a pipe. Nothing but lines of text goes out: no boxes, colours, cursor movement or escape
sequences (every line passes ``clean_text``, which drops ESC and every other control character, and
no decoration characters are used). Every choice is a numbered list; every answer is confirmed in
words ("Bewaard: 4, vaak."); a text is typed on one or more lines and ends with an empty line; the
end of the input (Ctrl+D, Ctrl+Z Enter on Windows, the end of a pipe) stops cleanly and says what
was saved.

It works through the same ``Session`` as the app, so it writes the same answers file, takes the
round's lock (a round open in another window is read-only here too, and said so), and remembers
where the person was, so that "Verder" resumes at the first open question from there.
"""

from __future__ import annotations

import io
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from reflectie import analysis
from reflectie.analysis import ACTION
from reflectie.clean import clean_line, clean_text
from reflectie.dutch import count, nl_date
from reflectie.errors import ReflectieError
from reflectie.model import (
    ACTION_PARTS,
    BAN_KEEP_REACH,
    DONT_KNOW,
    KIND_INDICATOR,
    KIND_POSITION,
    KIND_QUESTION,
    LEVEL_LABELS,
    LEVELS,
    NA,
    SECTORS,
    Item,
)

if TYPE_CHECKING:
    from reflectie.model import ActionFormat, Answers, Theme
    from reflectie.session import Session

WIDTH = 76  # short lines: easy to follow for the eye, and read one at a time by a screen reader
NUMBER_PROMPT = "Typ het nummer en druk Enter."
KIND_LABELS = {
    KIND_POSITION: "waar sta je", KIND_INDICATOR: "stelling", KIND_QUESTION: "bewustwordingsvraag",
}
NO_NAMES = "Schrijf geen namen of herkenbare details van cliënten."
SKIP, KEEP = "__overslaan__", "__zo_laten__"

VISIBILITY = [  # (key, label, share, discuss, confirmation)
    ("1", "Niets: de tekst is enkel voor jou", False, False, "je team ziet niets van dit antwoord"),
    ("2", "Dat je deze vraag wilt bespreken in intervisie, zonder je tekst", False, True,
     "je team ziet enkel dat je deze vraag wilt bespreken"),
    ("3", "Je tekst", True, False, "je team ziet je tekst"),
    ("4", "Je tekst, en dat je deze vraag wilt bespreken", True, True,
     "je team ziet je tekst en dat je deze vraag wilt bespreken"),
]

HELP = """\
Uitleg.
Met reflectie sta je stil bij de vermaatschappelijking van de jeugdhulp: in welke mate leggen jij \
en je organisatie de regie bij het cliëntsysteem? Je overloopt vijf thema's uit de visienota van \
Oost-Vlaanderen.
Er zijn twee niveaus. Micro gaat over jou als hulpverlener, meso over je organisatie.
Per thema geef je aan waar je staat, hoe vaak stellingen kloppen, je antwoord op \
bewustwordingsvragen in je eigen woorden, en je eerstvolgende actie.
Bij een lijst typ je het nummer en druk je Enter. Waar de vraag het toelaat, betekent n: niet van \
toepassing, en w: weet ik niet. Enter zonder iets slaat een vraag over. Met m ga je terug naar het \
menu.
Een tekst mag meer regels hebben. Een lege regel sluit de tekst af.
Bij je eerstvolgende actie kan je met b eerst drie korte vragen beantwoorden: wat wil je bannen, \
behouden en bereiken? Zo werkte de werkgroep die de visienota schreef.
Elk antwoord wordt meteen bewaard, op deze computer. Er wordt niets verstuurd. Met 'Deelbaar \
bestand maken' maak je een kopie voor je team: zonder je naam, en enkel met de teksten die je deelt.
""" + NO_NAMES + """
Stoppen kan via het menu, of met Ctrl+C. Wat je beantwoordde, blijft bewaard.
De gewone app, reflectie zonder --eenvoudig, toont dezelfde antwoorden."""


class EndOfInput(Exception):
    """Standard input ended (Ctrl+D, Ctrl+Z Enter on Windows, the end of a pipe)."""


class BackToMenu(Exception):
    """The person typed m."""


@dataclass(frozen=True)
class Option:
    key: str  # what is typed: "1", "2", … or a letter
    label: str
    value: object


class Plain:
    """One conversation on ``stdin``/``stdout``; ``run()`` returns the exit code."""

    def __init__(self, session: Session, stdin: TextIO, stdout: TextIO, echo: bool | None = None):
        self.session = session
        self.stdin = stdin
        self.stdout = stdout
        # a terminal shows what is typed; from a pipe the transcript shows it by echoing
        self.echo = (not _isatty(stdin)) if echo is None else echo
        last = session.profile.last_level
        self.level = last if last in LEVELS else LEVELS[0]
        self.saved = 0  # changes written in this run
        self._ended = False  # the input ended (perhaps inside a text): stop once that is saved

    # --- lines out and in ---------------------------------------------------------------------

    def say(self, text: str = "", indent: int = 0, hang: int = 0) -> None:
        """Text as short lines; ``indent`` for every line, ``hang`` more for continuation lines."""
        pad = " " * indent
        for paragraph in clean_text(text).split("\n"):
            lines = textwrap.wrap(paragraph.replace("\t", " "), WIDTH, initial_indent=pad,
                                  subsequent_indent=pad + " " * hang, break_long_words=False,
                                  break_on_hyphens=False)
            for line in lines or [""]:
                self.stdout.write(line + "\n")
        self.stdout.flush()

    def read(self) -> str:
        """One typed line, without control characters; EndOfInput when the input ended."""
        if self._ended:
            raise EndOfInput
        line = self.stdin.readline()
        if line == "":
            self._ended = True
            raise EndOfInput
        line = clean_line(line.rstrip("\r\n")).rstrip()
        if self.echo:
            self.stdout.write(line + "\n")
            self.stdout.flush()
        return line

    def choose(self, options: list[Option], prompt: str = NUMBER_PROMPT, default: object = None,
               menu: bool = False) -> object:
        """Show the numbered list and return the chosen option's value.

        Enter alone gives ``default`` when there is one; ``m`` raises BackToMenu when ``menu``."""
        for option in options:
            self.say(f"{option.key}. {option.label}", hang=len(option.key) + 2)
        keys = {option.key.lower(): option.value for option in options}
        while True:
            self.say(prompt)
            typed = self.read().strip()
            if typed.lower() in keys:
                return keys[typed.lower()]
            if typed == "" and default is not None:
                return default
            if typed.lower() == "m" and menu:
                raise BackToMenu
            self.say(self._not_a_choice(typed, options))

    @staticmethod
    def _not_a_choice(typed: str, options: list[Option]) -> str:
        numbers = [o.key for o in options if o.key.isdigit()]
        letters = [o.key for o in options if not o.key.isdigit()]
        allowed = f"een nummer van {numbers[0]} tot {numbers[-1]}" if len(numbers) > 1 else \
            f"het nummer {numbers[0]}" if numbers else ""
        if letters:
            allowed += (", of " if allowed else "") + " of ".join(letters)
        start = "Je typte niets." if not typed else f"'{typed}' is geen keuze."
        return f"{start} Typ {allowed}."

    def ask_line(self, question: str) -> str:
        self.say(question)
        return self.read().strip()

    def ask_text(self, menu: bool = True) -> list[str] | None:
        """Lines until an empty line; None when the first line is empty (skip).

        ``m`` alone on the first line raises BackToMenu. When the input ends after some lines,
        those lines count (and the run stops once they are saved)."""
        lines: list[str] = []
        while True:
            try:
                line = self.read()
            except EndOfInput:
                if lines:
                    return lines
                raise
            if not line.strip():
                return lines or None
            if not lines and menu and line.strip().lower() == "m":
                raise BackToMenu
            lines.append(line)

    def _stop_if_ended(self) -> None:
        if self._ended:
            raise EndOfInput

    # --- the conversation ---------------------------------------------------------------------

    def run(self) -> int:
        from reflectie.bank import BankError

        self.say("reflectie, eenvoudige modus.")
        self.say("Je antwoordt telkens met een nummer of een tekst, en drukt dan Enter. Elk "
                 "antwoord wordt meteen bewaard op deze computer. Stoppen kan via het menu of met "
                 "Ctrl+C.")
        try:
            problems = self.session.bank.problems
        except BankError as exc:
            self.say(f"De vragenbank is beschadigd: {exc}")
            self.session.close()
            return 1
        for problem in [*self.session.profile.problems, *problems]:
            self.say(f"Let op: {problem}")
        try:
            if self.session.first_run:
                self.first_run()
            if not self.open_round(self.session.profile.last_round or _default_label()):
                self.choose_round()
            self.menu()
        except EndOfInput:
            self.say()
            self.say("Einde van de invoer.")
        except KeyboardInterrupt:
            self.say()
            self.say("Onderbroken.")
        return self.finish()

    def first_run(self) -> None:
        self.say()
        self.say("Welkom. Met reflectie sta je stil bij de vermaatschappelijking van de jeugdhulp. "
                 "Alles blijft op deze computer. Je bepaalt zelf wat je met je team deelt: enkel "
                 "teksten die je deelt, en nooit je naam.")
        self.say(NO_NAMES)
        self.say()
        self.say("Eerst je profiel: drie korte vragen en je sector.")
        p = self.session.profile.participant  # a profile that was begun elsewhere is kept
        name = self.ask_line(
            "Je naam. Die mag leeg blijven en komt nooit in een gedeeld bestand. Typ je naam en "
            "druk Enter, of druk enkel Enter om over te slaan.") or p.name
        self.say(f"Naam: {name}." if name else "Naam: overgeslagen.")
        organisation = self.ask_line("Je organisatie, bijvoorbeeld CAW Oost. Typ ze en druk "
                                     "Enter.") or p.organisation
        self.say(f"Organisatie: {organisation}." if organisation else "Organisatie: leeg gelaten.")
        team = self.ask_line("Je team, bijvoorbeeld Team Noord. Typ het en druk Enter.") or p.team
        self.say(f"Team: {team}." if team else "Team: leeg gelaten.")
        self.say("Je sector:")
        options = [Option(str(i), s, s) for i, s in enumerate(SECTORS, 1)]
        options.append(Option(str(len(options) + 1), "Een andere sector", "__andere__"))
        options.append(Option(str(len(options) + 1), "Overslaan", ""))
        sector = self.choose(options, NUMBER_PROMPT + " Enter zonder nummer slaat over.",
                             default=p.sector)
        if sector == "__andere__":
            sector = self.ask_line("Typ je sector en druk Enter.")
        self.say(f"Sector: {sector}." if sector else "Sector: overgeslagen.")
        try:
            self.session.update_profile(name=name, organisation=organisation, team=team,
                                        sector=str(sector), welcomed=True)
        except ReflectieError as exc:
            self.say(f"Je profiel is niet bewaard: {exc}")
            return
        self.session.first_run = False
        self.say("Bewaard: je profiel.")
        self.say(f"Je pseudoniem is {self.session.profile.participant.id}. Het is willekeurig en "
                 "herkent je niet.")
        if not organisation or not team:
            self.say("Zonder organisatie of team tel je in een teamrapport bij '(geen team)'. Je "
                     "kan dit later aanvullen in de gewone app, bij Profiel.")

    def open_round(self, label: str) -> bool:
        from reflectie.session import READ_ONLY

        try:
            answers = self.session.open_round(label)
        except ReflectieError as exc:
            self.say(f"Deze ronde kan niet geopend worden: {exc} Het bestand blijft onaangeroerd.")
            return False
        self.say(f"Ronde {answers.round.id}.")
        if self.session.read_only:
            self.say(f"Alleen lezen. {READ_ONLY}")
        return True

    def choose_round(self) -> None:
        """Continue another round or start one; repeats until a round is open (or input ends)."""
        from reflectie.session import round_id_for

        while True:
            rounds, _ = self.session.rounds()
            current = self.session.answers.round.id if self.session.answers else ""
            self.say()
            self.say("Welke ronde?")
            options: list[Option] = []
            for answers in reversed(rounds):
                now = " (nu open)" if answers.round.id == current else ""
                options.append(Option(str(len(options) + 1),
                                      f"{answers.round.id}: {_answer_count(answers)}{now}",
                                      answers.round.id))
            options.append(Option(str(len(options) + 1), "Een nieuwe ronde beginnen", None))
            menu = bool(current)
            back = " Met m ga je terug naar het menu." if menu else ""
            chosen = self.choose(options, menu=menu, prompt=NUMBER_PROMPT + back)
            if chosen is None:
                default = _default_label()
                typed = self.ask_line(f"Typ het label van de nieuwe ronde en druk Enter. Enter "
                                      f"zonder iets kiest {default}.")
                label = round_id_for(typed) if typed else default
                if label in {a.round.id for a in rounds}:
                    self.say(f"Ronde {label} bestaat al; die wordt verder gezet.")
                if self.open_round(label or default):
                    return
                continue
            if self.open_round(str(chosen)):
                return

    def menu(self) -> None:
        while True:
            answers = self.session.answers
            if answers is None:
                self.choose_round()
                continue
            self.say()
            self.say(f"Menu. Ronde {answers.round.id}, niveau {LEVEL_LABELS[self.level]}.")
            options = [
                Option("1", f"Verder waar je was: {self._where()}", self.go_on),
                Option("2", "Een thema kiezen", self.choose_theme),
                Option("3", "Een ander niveau kiezen", self.choose_level),
                Option("4", "Een andere ronde kiezen, of een nieuwe beginnen", self.choose_round),
                Option("5", "Een deelbaar bestand maken voor je team", self.share),
                Option("6", "Uitleg", self.help),
                Option("7", "Stoppen", None),
            ]
            action = self.choose(options)
            if action is None:
                return
            try:
                action()  # type: ignore[operator]
            except BackToMenu:
                self.say("Terug naar het menu.")

    # --- places: the items of a theme at a level, and its action (analysis.places) -------------

    def places(self, theme_id: str, level: str) -> list[str]:
        """Item ids in order, then ACTION when the theme asks for a next action at this level."""
        return analysis.places(self.session.bank.themes[theme_id], level)

    def _next_open(self, after: tuple[str, str, str] | None = None) -> tuple[str, str, str] | None:
        """The first open place after ``after`` (wrapping around once)."""
        return analysis.next_unanswered(self._answers, self.session.bank, self._order(), after)

    def progress(self, theme_id: str, level: str) -> tuple[int, int]:
        """(answered, total) of a theme at a level, counted over the places asked here."""
        return analysis.progress(self._answers, self.session.bank, theme_id, level)

    def answered(self, theme_id: str, level: str, place: str) -> bool:
        return analysis.place_answered(self._answers, self.session.bank, theme_id, level, place)

    @property
    def _answers(self) -> Answers:
        answers = self.session.answers
        assert answers is not None
        return answers

    def _order(self) -> list[tuple[str, str]]:
        return analysis.answer_order(self.session.bank, (self.level,))

    def resume_point(self) -> tuple[str, str, str] | None:
        """Where "Verder" starts: the remembered question when it is still open, else the first
        open question after it (wrapping around once), else None."""
        p = self.session.profile
        bank = self.session.bank
        if p.last_level == self.level and p.last_theme in bank.themes and p.last_item:
            here = (p.last_theme, self.level, p.last_item)
            if p.last_item in self.places(p.last_theme, self.level):
                return here if not self.answered(*here) else self._next_open(after=here)
        return self._next_open()

    def _where(self) -> str:
        point = self.resume_point()
        if point is None:
            return f"alles van niveau {self.level} is beantwoord"
        theme_id, level, place = point
        places = self.places(theme_id, level)
        title = self.session.bank.themes[theme_id].title
        return f"{title}, vraag {places.index(place) + 1} van {len(places)}"

    # --- menu actions -------------------------------------------------------------------------

    def choose_level(self) -> None:
        self.say("Welk niveau?")
        options = [Option(str(i), LEVEL_LABELS[lv], lv) for i, lv in enumerate(LEVELS, 1)]
        level = str(self.choose(options, menu=True))
        if level != self.level:
            self.level = level
            p = self.session.profile
            self.session.remember_position(p.last_theme, level, "")
        self.say(f"Gekozen: niveau {LEVEL_LABELS[level]}.")

    def choose_theme(self) -> None:
        self.say("Welk thema?")
        options: list[Option] = []
        for theme_id, _level in self._order():
            theme = self.session.bank.themes[theme_id]
            done, total = self.progress(theme.id, self.level)
            other = ", een ander kader dan de visienota" if theme.kind == "kader" else ""
            options.append(Option(str(len(options) + 1),
                                  f"{theme.title}{other}: {done} van {total} beantwoord", theme.id))
        theme_id = str(self.choose(options, menu=True,
                                   prompt=NUMBER_PROMPT + " Met m ga je terug."))
        self.say(f"Gekozen: {self.session.bank.themes[theme_id].title}.")
        self.walk(theme_id, self.level)

    def go_on(self) -> None:
        """The open questions from where the person was, theme after theme."""
        if self.session.read_only:
            self.say("Deze ronde is hier alleen te lezen. Kies een thema om je antwoorden te zien.")
            return
        point = self.resume_point()
        if point is None:
            self.say(f"Alles van niveau {LEVEL_LABELS[self.level]} is beantwoord. Kies een thema "
                     "om een antwoord te veranderen.")
            return
        seen: set[tuple[str, str, str]] = set()
        while True:
            theme_id, level, place = point
            self.walk(theme_id, level, start=place, only_open=True, seen=seen)
            last = (theme_id, level, self.places(theme_id, level)[-1])
            point = self._next_open(after=last)
            if point is None:
                self.say(f"Alles van niveau {LEVEL_LABELS[self.level]} is beantwoord. Goed gedaan.")
                return
            if point in seen:
                self.say("Je zag alle open vragen van dit niveau. Wat je oversloeg, blijft open.")
                return
            title = self.session.bank.themes[point[0]].title
            self.say(f"Verder met het volgende thema, {title}?")
            options = [Option("1", "Ja", True), Option("2", "Nee, terug naar het menu", False)]
            if not self.choose(options, default=True,
                               prompt=NUMBER_PROMPT + " Enter zonder nummer is ja."):
                return

    def walk(self, theme_id: str, level: str, start: str | None = None, only_open: bool = False,
             seen: set[tuple[str, str, str]] | None = None) -> None:
        """Go through a theme at a level from ``start`` (or its beginning) to its end."""
        bank = self.session.bank
        theme = bank.themes[theme_id]
        places = self.places(theme_id, level)
        first = places.index(start) if start in places else 0
        self.say()
        self.say(f"Thema {theme.title}, niveau {LEVEL_LABELS[level]}.")
        if first == 0:
            self.say(theme.intro)
            self.say(f"Bron: {theme.source}")
        else:
            self.say(f"Verder bij vraag {first + 1} van {len(places)}.")
        if self.session.read_only:
            self.say("Alleen lezen: je ziet je antwoorden, maar kan ze hier niet veranderen.")
        else:
            self.say("Enter zonder iets slaat een vraag over of laat je antwoord zo. Met m ga je "
                     "terug naar het menu.")
        warned = False
        for index in range(first, len(places)):
            place = places[index]
            if only_open and self.answered(theme_id, level, place):
                continue
            if seen is not None:
                seen.add((theme_id, level, place))
            self.session.remember_position(theme_id, level, place)
            self.say()
            if place == ACTION:
                self.ask_action(theme, level, index + 1, len(places))
            else:
                item = bank.items[place]
                if item.kind == KIND_QUESTION and not warned:
                    self.say(NO_NAMES)
                    warned = True
                if item.scale is not None:
                    self.ask_choice(item, index + 1, len(places))
                else:
                    self.ask_question(item, index + 1, len(places))
            self._stop_if_ended()
        done, _total = self.progress(theme_id, level)
        self.say()
        self.say(f"Einde van het thema {theme.title}: {done} van {len(places)} beantwoord.")

    # --- one item -----------------------------------------------------------------------------

    def _header(self, item: Item | None, number: int, total: int, kind: str) -> None:
        self.say(f"Vraag {number} van {total}, {kind}.")
        if item is not None:
            if item.attribution:  # an awareness question: "Letterlijk uit de visienota (§4.2)"
                self.say(f"{item.attribution}:")
            self.say(item.shown_text)

    def describe(self, item: Item, choice: int | str | None) -> str:
        assert item.scale is not None
        if choice is None:
            return "nog niet beantwoord"
        if choice == NA:
            return "niet van toepassing"
        if choice == DONT_KNOW:
            return "weet ik niet"
        values = item.scale.values
        number = values.index(choice) + 1 if choice in values else choice
        return f"{number}, {item.scale.label(int(choice))}"

    def ask_choice(self, item: Item, number: int, total: int) -> None:
        assert item.scale is not None
        self._header(item, number, total, KIND_LABELS.get(item.kind, item.kind))
        options = []
        for index, level in enumerate(item.scale.levels, 1):
            label = f"{level.name}: {level.explanation}" if level.explanation else level.name
            options.append(Option(str(index), label, level.value))
        if item.allows_na:
            options.append(Option("n", "niet van toepassing", NA))
        if item.allows_dont_know:
            options.append(Option("w", "weet ik niet", DONT_KNOW))
        current = self._answers.choice(item.id)
        if self.session.read_only:
            self.say(f"Je antwoord: {self.describe(item, current)}.")
            return
        if current is not None:
            self.say(f"Nu: {self.describe(item, current)}. Enter laat het zo.")
        choice = self.choose(options, menu=True, default=KEEP if current is not None else SKIP)
        if choice == SKIP:
            self.say("Overgeslagen.")
            return
        if choice == KEEP:
            self.say(f"Zo gelaten: {self.describe(item, current)}.")
            return
        self.commit(lambda: self.session.set_choice(item.id, choice),  # type: ignore[arg-type]
                    self.describe(item, choice))  # type: ignore[arg-type]

    def ask_question(self, item: Item, number: int, total: int) -> None:
        self._header(item, number, total, KIND_LABELS[KIND_QUESTION])
        answer = self._answers.texts.get(item.id)
        has_text = answer is not None and bool(answer.text.strip())
        if has_text:
            assert answer is not None
            self.say("Je antwoord nu:")
            self.say(answer.text, indent=2)
        if self.session.read_only:
            if not has_text:
                self.say("Nog geen antwoord.")
            return
        if has_text:
            self.say("Enter laat het zo. Typ een nieuwe tekst om het te vervangen, of een streepje "
                     "(-) om het te wissen. Een lege regel sluit af.")
        else:
            self.say("Typ je antwoord. Meer regels mag; een lege regel sluit af. Enter meteen "
                     "slaat de vraag over.")
        lines = self.ask_text()
        if lines is None:
            self.say("Zo gelaten." if has_text else "Overgeslagen.")
        elif lines == ["-"]:
            self.commit(lambda: self.session.set_text(item.id, text=""), "je antwoord is gewist")
        else:
            text = "\n".join(lines)
            self.commit(lambda: self.session.set_text(item.id, text=text),
                        f"je antwoord van {count(len(lines), 'regel', 'regels')}")
        answer = self._answers.texts.get(item.id)
        if answer is None or not answer.text.strip() or self._ended:
            return
        self.say("Wat mag je team hiervan zien?")
        current = next(key for key, _l, share, discuss, _c in VISIBILITY
                       if (share, discuss) == (answer.share, answer.discuss))
        options = [Option(key, label, key) for key, label, _s, _d, _c in VISIBILITY]
        key = self.choose(options, menu=True, default=current,
                          prompt=f"{NUMBER_PROMPT} Enter zonder nummer kiest {current}.")
        _key, _label, share, discuss, confirmation = VISIBILITY[int(str(key)) - 1]
        self.commit(lambda: self.session.set_text(item.id, share=share, discuss=discuss),
                    confirmation)

    def ask_action(self, theme: Theme, level: str, number: int, total: int) -> None:
        from reflectie.session import parse_due

        self._header(None, number, total, "eerstvolgende actie")
        self.say(theme.action_prompt(level) or "Wat is je eerstvolgende actie?")
        previous = self._previous_action(theme.id, level)
        if previous is not None:
            self.say(f"Vorige ronde nam je je voor: {previous}")
        action_format = self.session.bank.action_formats.get(BAN_KEEP_REACH)
        action = self._answers.action_for(theme.id, level)
        has_action = action is not None and not action.empty
        if has_action:
            assert action is not None
            self.say("Je actie nu:")
            if action.text.strip():
                self.say(action.text, indent=2)
            for label, text in action.part_rows(action_format):
                self.say(f"{label}: {text}", indent=2, hang=2)
            self.say(_action_details(action.due, action.share) + ".")
        if self.session.read_only:
            if not has_action:
                self.say("Nog geen actie.")
            return
        has_text = action is not None and bool(action.text.strip())
        offer = (f" Of typ b om je actie eerst voor te bereiden met "
                 f"{action_format.title.lower()}." if action_format is not None else "")
        if has_action:
            self.say("Enter laat ze zo. Typ een nieuwe actie om ze te vervangen, of een streepje "
                     "(-) om ze te wissen. Een lege regel sluit af." + offer)
        else:
            self.say("Typ je actie. Meer regels mag; een lege regel sluit af. Enter meteen slaat "
                     "ze over." + offer)
        lines = self.ask_text()
        parts_done = False
        if action_format is not None and lines == ["b"]:
            self.ask_parts(theme.id, level, action_format)
            self._stop_if_ended()
            parts_done = True
            action = self._answers.action_for(theme.id, level)
            self.say()
            self.say("En dan je eerstvolgende actie zelf. " + (
                "Enter laat ze zo; typ een nieuwe om ze te vervangen." if has_text else
                "Typ ze; een lege regel sluit af. Enter meteen laat ze leeg."))
            lines = self.ask_text()
        if lines is None and not parts_done:
            self.say("Zo gelaten." if has_action else "Overgeslagen.")
            return
        if lines == ["-"] and not parts_done:
            self.commit(lambda: self.session.set_action(theme.id, level, text="", due=None,
                                                        share=False, ban="", keep="", reach=""),
                        "je actie is gewist")
            return
        if lines is None:  # after bannen – behouden – bereiken: the action's words stay as they are
            text = action.text if action is not None else ""
        else:
            text = "" if lines == ["-"] else "\n".join(lines)
        if self._ended:  # the input ended inside the text: keep what was typed
            self.commit(lambda: self.session.set_action(theme.id, level, text=text), "je actie")
            return
        due = action.due if action is not None else None
        while True:
            keep = (f" Enter laat de datum zo: {nl_date(due)}; een streepje (-) wist ze." if due
                    else " Druk enkel Enter als je geen datum wilt.")
            typed = self.ask_line(f"Tegen wanneer? Typ een datum zoals 31/01/2027.{keep}")
            if not typed:
                break
            if typed == "-":
                due = None
                break
            try:
                due = parse_due(typed)
                break
            except ReflectieError as exc:
                self.say(str(exc))
        self.say("Deze actie delen met je team?")
        share = bool(self.choose([Option("1", "Nee, enkel voor jou", False),
                                  Option("2", "Ja, delen met je team", True)],
                                 default=action.share if action is not None else False,
                                 prompt=NUMBER_PROMPT + " Enter zonder nummer is "
                                 + ("ja." if action is not None and action.share else "nee.")))
        self.commit(lambda: self.session.set_action(theme.id, level, text=text, due=due,
                                                    share=share),
                    f"je actie, {_action_details(due, share)}")

    def ask_parts(self, theme_id: str, level: str, action_format: ActionFormat) -> None:
        """The format's short questions (bannen, behouden, bereiken), asked only when the person
        chose them; each answer is lines of text like any other."""
        self.say()
        self.say(f"{action_format.title}. {action_format.intro.strip()}")
        self.say(f"Bron: {action_format.source}")
        action = self._answers.action_for(theme_id, level)
        values: dict[str, str] = {}
        for part in action_format.parts:
            name = ACTION_PARTS.get(part.key)
            if name is None:
                continue
            current = str(getattr(action, name)) if action is not None else ""
            self.say()
            self.say(f"{part.label}: {part.prompt(level)}")
            if current.strip():
                self.say("Nu:")
                self.say(current, indent=2)
                self.say("Enter laat het zo. Typ iets nieuws om het te vervangen, of een streepje "
                         "(-) om het te wissen.")
            else:
                self.say("Typ je antwoord; een lege regel sluit af. Enter meteen slaat het over.")
            lines = self.ask_text()
            if lines is not None:
                values[name] = "" if lines == ["-"] else "\n".join(lines)
            if self._ended:
                break
        if not values:
            self.say("Bannen, behouden en bereiken: niets veranderd.")
            return
        self.commit(lambda: self.session.set_action(theme_id, level, **values),
                    "bannen, behouden en bereiken")

    def _previous_action(self, theme_id: str, level: str) -> str | None:
        rounds, _ = self.session.rounds()
        current = self._answers
        earlier = [r for r in rounds
                   if r.round.id != current.round.id and r.round.started <= current.round.started]
        if not earlier:
            return None
        action = earlier[-1].action_for(theme_id, level)
        return action.text if action is not None and action.text.strip() else None

    def commit(self, change: Callable[[], bool], what: str) -> None:
        """Apply one change through the session and save it; say what happened in words."""
        try:
            changed = change()
        except ReflectieError as exc:
            self.say(f"Niet veranderd: {exc}")
            return
        if not changed:
            self.say(f"Zo gelaten: {what}.")
            return
        try:
            self.session.save()
        except ReflectieError as exc:
            self.say(f"Niet bewaard: {exc}")
            self.say("Je antwoord blijft onthouden. reflectie probeert het opnieuw bij je volgende "
                     "antwoord en wanneer je stopt.")
            return
        self.saved += 1
        self.say(f"Bewaard: {what}.")

    # --- sharing, help, the end ---------------------------------------------------------------

    def share(self) -> None:
        from reflectie import paths

        preview = self.session.share_preview()
        self.say("Een deelbaar bestand voor je team. Dit gaat mee:")
        for line in preview.lines():
            self.say(line)
        for warning in preview.warnings:
            self.say(f"Let op: {warning}")
        shared = self.session.profile.shared_folder
        default = Path(shared) if shared else paths.default_export_dir()
        typed = self.ask_line(f"In welke map komt het bestand? Typ de map en druk Enter, of druk "
                              f"enkel Enter voor {default}")
        if typed.lower() == "m":
            raise BackToMenu
        folder = Path(typed.strip().strip('"')).expanduser() if typed else default
        self.say(f"Map: {folder}.")
        if not self.choose([Option("1", "Ja, maak het bestand", True),
                            Option("2", "Nee, terug naar het menu", False)]):
            self.say("Er is geen bestand gemaakt.")
            return
        try:
            written = self.session.share(folder)
        except ReflectieError as exc:
            self.say(f"Niet gelukt: {exc}")
            return
        self.say(f"Bewaard: het deelbare bestand {written}")
        self.say("Geef het aan wie de intervisie voorbereidt, of zet het in de gedeelde map van je "
                 "team.")

    def help(self) -> None:
        from reflectie import paths

        self.say(HELP)
        self.say(f"Je gegevens staan in {paths.data_dir()}.")

    def finish(self) -> int:
        """Save what is pending, say what was saved, let go of the round."""
        code = 0
        try:
            self.session.save()
        except ReflectieError as exc:
            self.say(f"Niet bewaard: {exc}")
            code = 1
        answers = self.session.answers
        if self.saved:
            self.say(f"Deze keer bewaard: {count(self.saved, 'wijziging', 'wijzigingen')}.")
        else:
            self.say("Deze keer is er niets veranderd.")
        if answers is not None:
            self.say(f"Ronde {answers.round.id} bevat nu {_answer_count(answers)}.")
            if answers.path is not None and answers.path.exists():
                self.say(f"Je antwoorden staan in {answers.path}")
        self.session.close()
        self.say("Tot een volgende keer.")
        return code


def _answer_count(answers: Answers) -> str:
    scored = len(answers.scores) + len(answers.na) + len(answers.dont_know)
    texts = sum(1 for t in answers.texts.values() if t.text.strip())
    actions = sum(1 for a in answers.actions if not a.empty)
    return (f"{count(scored, 'antwoord', 'antwoorden')}, {count(texts, 'tekst', 'teksten')} en "
            f"{count(actions, 'actie', 'acties')}")


def _action_details(due: date | None, share: bool) -> str:
    when = f"tegen {nl_date(due)}" if due else "zonder datum"
    return f"{when}, {'gedeeld met je team' if share else 'niet gedeeld'}"


def _default_label() -> str:
    from reflectie.labels import default_round_label

    return default_round_label()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def main(stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """``reflectie --eenvoudig``: the conversation on the process's own input and output."""
    from reflectie.session import Session

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    for stream in (stdin, stdout):  # a character the console cannot show becomes '?', never a crash
        try:
            cast(io.TextIOWrapper, stream).reconfigure(errors="replace")  # AttributeError if it is not one
        except (AttributeError, ValueError):
            pass
    try:
        session = Session()
    except ReflectieError as exc:
        stdout.write(clean_text(f"reflectie kan niet starten: {exc}") + "\n")
        return 1
    return Plain(session, stdin, stdout).run()
