"""F1 help: the themes, the ladder, the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Help

## Waarover gaat het?
reflectie volgt de *Visienota vermaatschappelijking van de jeugdhulp* (Oost-Vlaanderen). Vijf thema's:

1. **Positie en rol van de hulpverlener** — het continuüm *expert/regisseur — gids — kompaan*.
2. **Participatie** — de participatieladder (Edelenbos & Monnikhof) met zes treden:
   1 informeren en signaleren, 2 consulteren, 3 adviseren, 4 co-produceren, 5 mee-beslissen,
   6 zelfbeheer. Op microniveau vul je ook in wat *je cliënten* zouden zeggen: het verschil tussen
   beide is vaak het beste gespreksonderwerp. De ladder helpt om meer participatie te zoeken, niet
   om een gebrek eraan te verdoezelen.
3. **Transparantie** — vooraf aftoetsen, niets verzwijgen, geen overleg achter de rug van de cliënt.
4. **Vraaggestuurd werken** — de vraag stuurt het aanbod.
5. **Zelfbepaling en eigen regie** — regie teruggeven, overname enkel als het moet en nooit alleen.

Elk thema heeft een **micro**niveau (jij als hulpverlener) en een **meso**niveau (je organisatie).
Per thema: waar sta je, stellingen (nooit … altijd, of klopt helemaal niet … klopt helemaal), de
bewustwordingsvragen van de nota
letterlijk, en je **eerstvolgende actie**.

Druk **b** voor de **begrippen** (cliëntsysteem, consultfunctie, IROJ, …) en **o** voor
**Over de visienota**: de drie finaliteiten en de basis in het decreet.

Het **profiel** (0–100 per thema) is het gemiddelde van je antwoorden, omgerekend zodat 0 de kant
van de hulpverlening en 100 de kant van het cliëntsysteem is. Het is een spiegel voor het gesprek,
geen score.

## Privacy
Alles blijft op deze computer. Een *deelbaar bestand* bevat nooit je naam en enkel de teksten die je
als **delen** aanduidt. Schrijf geen namen of herkenbare details van cliënten (beroepsgeheim).

## Toetsen
| toets | wat |
|---|---|
| ↑ ↓ / Tab | naar het volgende of vorige element |
| ← → / Enter / spatie | een keuze maken in een schaal |
| Esc | terug |
| Ctrl+→ / Ctrl+← | volgend / vorig thema |
| v | verder waar ik was (themaoverzicht) |
| s | samenvatting van de ronde |
| d | deelbaar bestand voor het team maken |
| e | exporteren (Markdown of HTML) |
| Ctrl+P | opdrachten zoeken |
| Ctrl+T | licht of donker thema (voor een projector) |
| F1 | deze help |
| Ctrl+Q | stoppen (alles is al bewaard) |
"""


class HelpScreen(ModalScreen):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,f1,q", "dismiss", "Sluiten", id="close"),
        Binding("b", "glossary", "Begrippen", id="glossary"),
        Binding("o", "frame", "Over de visienota", id="frame"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)

    def action_dismiss(self) -> None:
        self.dismiss()

    def action_glossary(self) -> None:
        self.dismiss()
        self.app.open_glossary()  # type: ignore[attr-defined]

    def action_frame(self) -> None:
        self.dismiss()
        self.app.open_frame()  # type: ignore[attr-defined]
