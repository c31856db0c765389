"""F1 help: the keys of the screen it was opened on (built from that screen's bindings, so it
cannot drift from them), then a fixed explanation of the themes, the ladder and privacy."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from reflectie.textout import md_escape

EXPLANATION = """\
## Waarover gaat het?
reflectie volgt de *Visienota vermaatschappelijking van de jeugdhulp* (Oost-Vlaanderen).
Vijf thema's:

1. **Positie en rol van de hulpverlener** — het continuüm *expert/regisseur — gids — kompaan*.
2. **Participatie** — de participatieladder (Edelenbos & Monnikhof) met zes treden:
   1 informeren en signaleren, 2 consulteren, 3 adviseren, 4 co-produceren, 5 mee-beslissen,
   6 zelfbeheer. Op microniveau vul je ook in hoe je denkt dat *je cliënten* het zien: het verschil
   tussen beide is vaak het beste gespreksonderwerp. De ladder helpt om meer participatie te zoeken,
   niet om een gebrek eraan te verdoezelen.
3. **Transparantie** — vooraf aftoetsen, niets verzwijgen, geen overleg achter de rug van de cliënt.
4. **Vraaggestuurd werken** — de vraag stuurt het aanbod.
5. **Zelfbepaling en eigen regie** — regie teruggeven, overname enkel als het moet en nooit alleen.

Elk thema heeft een **micro**niveau (jij als hulpverlener) en een **meso**niveau (je organisatie).
Per thema: waar sta je, stellingen (nooit … altijd, of klopt helemaal niet … klopt helemaal;
n.v.t. of weet ik niet waar dat kan), de bewustwordingsvragen van de nota letterlijk, en je
**eerstvolgende actie**.

Druk **b** voor de **begrippen** (cliëntsysteem, consultfunctie, IROJ, …) en **o** voor
**Over de visienota**: de drie finaliteiten en de basis in het decreet.

## Antwoorden
Een keuze is pas gemaakt als ze **◉** toont; **○** is niet gekozen. Kies met het cijfer, met
**n** (niet van toepassing) of **w** (weet ik niet), of ga met de pijltjes naar een optie en druk
Enter of spatie. Met Backspace wis je een antwoord. Elk antwoord wordt meteen bewaard.
Een vinkje **☑** staat aan, **☐** staat uit.

Het **web** in de samenvatting (0–100 per thema) is het gemiddelde van je antwoorden, omgerekend
zodat 0 de kant van de hulpverlening en 100 de kant van het cliëntsysteem is. Een thema zonder
antwoorden staat er als **–**: dat is een open plek, geen nul. Het web is een spiegel voor het
gesprek, geen score.

## Privacy
Alles blijft op deze computer. Een *deelbaar bestand* bevat nooit je naam en enkel de teksten die je
als **delen** aanduidt; van de vragen die je wilt **bespreken** gaat enkel dat vinkje mee, zonder je
woorden. Schrijf geen namen of herkenbare details van cliënten (beroepsgeheim).
"""

ANYWHERE = [
    ("Tab / Shift+Tab", "Naar het volgende of vorige veld"),
]

_KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "spatie",
    "tab": "Tab",
    "backspace": "Backspace",
    "delete": "Delete",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
}


def key_label(key: str) -> str:
    """'ctrl+right' → 'Ctrl+→', 'escape' → 'Esc', 'f1' → 'F1'."""
    parts = key.split("+")
    out = []
    for part in parts[:-1]:
        out.append(part.capitalize())
    last = parts[-1]
    if last in _KEY_NAMES:
        out.append(_KEY_NAMES[last])
    elif len(last) > 1 and last[0] == "f" and last[1:].isdigit():
        out.append(last.upper())
    elif len(last) == 1 and parts[:-1]:
        out.append(last.upper())
    else:
        out.append(last)
    return "+".join(out)


def keys_label(keys: str) -> str:
    """A binding's keys: '1,2,3,4,5,6' → '1–6', 'enter,space' → 'Enter / spatie'."""
    names = [k.strip() for k in keys.split(",") if k.strip()]
    if len(names) > 2 and all(n.isdigit() and len(n) == 1 for n in names):
        numbers = sorted(int(n) for n in names)
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{numbers[0]}–{numbers[-1]}"
    return " / ".join(key_label(n) for n in names)


def _own_bindings(node: DOMNode) -> list[Binding]:
    """The bindings reflectie declares on this node's classes (not Textual's English ones)."""
    found: list[Binding] = []
    for cls in reversed(type(node).__mro__):
        if cls.__module__.startswith("reflectie") and "BINDINGS" in cls.__dict__:
            for binding in cls.__dict__["BINDINGS"]:
                if isinstance(binding, Binding) and binding.description:
                    found.append(binding)
    return found


def key_rows(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, what) for the screen, the reflectie widgets on it, and the app — in that order."""
    sources: list[DOMNode] = [screen]
    seen_classes: set[type] = {type(screen)}
    for widget in screen.query("*"):
        if type(widget) not in seen_classes and _own_bindings(widget):
            seen_classes.add(type(widget))
            sources.append(widget)
    sources.append(screen.app)
    rows: list[tuple[str, str]] = []
    taken: set[str] = set()
    for source in sources:
        for binding in _own_bindings(source):
            if binding.key in taken:
                continue  # a screen's own binding wins over the app's
            taken.add(binding.key)
            rows.append((keys_label(binding.key), binding.tooltip or binding.description))
    return rows


def help_markdown(screen: Screen[Any] | None) -> str:
    lines = ["# Help", ""]
    if screen is not None:
        title = getattr(screen, "HELP_TITLE", "") or "dit scherm"
        lines += [f"## Toetsen op {md_escape(title)}", ""]
        for keys, what in key_rows(screen) + ANYWHERE:
            lines.append(f"- **{md_escape(keys)}** — {md_escape(what)}")
        lines.append("")
    return "\n".join(lines) + "\n" + EXPLANATION


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,f1,q", "dismiss", "Sluiten", id="close"),
        Binding("b", "glossary", "Begrippen", id="glossary"),
        Binding("o", "frame", "Over de visienota", id="frame"),
    ]

    def __init__(self, screen: Screen[Any] | None = None):
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(help_markdown(self.for_screen))

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()

    def action_glossary(self) -> None:
        self.dismiss()
        self.app.open_glossary()  # type: ignore[attr-defined]

    def action_frame(self) -> None:
        self.dismiss()
        self.app.open_frame()  # type: ignore[attr-defined]
