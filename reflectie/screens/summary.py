"""Summary of a round: profile web, gaps, questions to discuss, actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from reflectie.analysis import (
    NOT_A_JUDGEMENT,
    flagged_questions,
    micro_meso_gaps,
    self_image_gaps,
    theme_profile,
)
from reflectie.model import BAN_KEEP_REACH
from reflectie.textout import action_parts_md, md_escape
from reflectie.widgets.footer import KeysFooter
from reflectie.widgets.items import shown_text
from reflectie.widgets.radar import Radar

if TYPE_CHECKING:
    from reflectie.app import ReflectieApp
    from reflectie.session import Session


def summary_markdown(session: Session) -> str:
    answers = session.answers
    assert answers is not None  # the summary is of the open round
    bank = session.bank
    lines: list[str] = []
    gaps = self_image_gaps(answers, bank)
    lines.append("### Zelfbeeld en het beeld van je cliënten")
    if gaps:
        for gap in gaps:
            scale = gap.left.scale
            assert scale is not None  # both ladders are items on a scale
            lines.append(
                f"- Jij: trede **{gap.left_value} {md_escape(scale.label(gap.left_value))}** — "
                "zoals je denkt dat je cliënten het zien: trede "
                f"**{gap.right_value} {md_escape(scale.label(gap.right_value))}** "
                f"(verschil {gap.difference:+d})."
            )
    else:
        lines.append("- Nog niet beide ladders ingevuld (participatie, micro).")
    lines.append(
        "\n### Verschillen tussen micro en meso: hoe ik werk en hoe ik mijn organisatie zie"
    )
    mm = micro_meso_gaps(answers, bank)
    if mm:
        for gap in mm[:8]:
            lines.append(
                f"- {md_escape(bank.themes[gap.theme].short)}: "
                f"*{md_escape(shown_text(gap.left))}* **{gap.left_value}** ↔ "
                f"*{md_escape(shown_text(gap.right))}* **{gap.right_value}** ({gap.difference:+d})"
            )
    else:
        lines.append("- Beantwoord een thema op micro- én mesoniveau om de verschillen te zien.")
    lines.append("\n### Hier wil ik over praten")
    flagged = flagged_questions(answers, bank)
    if flagged:
        for item in flagged:
            lines.append(
                f"- {md_escape(bank.themes[item.theme].short)} ({item.level}): "
                f"{md_escape(shown_text(item))}"
            )
    else:
        lines.append("- Nog geen vragen gemarkeerd om te bespreken.")
    lines.append("\n### Eerstvolgende acties")
    actions = [a for a in answers.actions if not a.empty]
    if actions:
        action_format = bank.action_formats.get(BAN_KEEP_REACH)
        for action in actions:
            due = f" — tegen {action.due:%d/%m/%Y}" if action.due else ""
            theme = bank.themes[action.theme].short if action.theme in bank.themes else action.theme
            what = (
                md_escape(action.text) if action.text.strip() else "*bannen – behouden – bereiken*"
            )
            lines.append(f"- **{md_escape(theme)}** ({action.level}): {what}{due}")
            lines.extend(action_parts_md(action, action_format))
    else:
        lines.append("- Nog geen acties.")
    return "\n".join(lines)


class SummaryScreen(Screen[None]):
    CSS_PATH = "summary.tcss"
    HELP_TITLE = "de samenvatting"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug", id="back"),
        Binding("e", "export", "Exporteren", id="export"),
    ]

    @property
    def app_(self) -> ReflectieApp:
        return cast("ReflectieApp", self.app)

    def compose(self) -> ComposeResult:
        session = self.app_.session
        answers = session.answers
        assert answers is not None  # the summary is of the open round
        themes = session.bank.profile_themes()
        labels = [t.short for t in themes]
        series = []
        for level in ("micro", "meso"):
            profile = theme_profile(answers, session.bank, level)
            if any(v is not None for v in profile.values()):
                series.append((level, [profile[t.id] for t in themes]))
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static(
                Text.assemble("Samenvatting van ronde ", (answers.round.id, "bold")),
                classes="title",
            )
            yield Static(
                "Het web: 0–100 per thema, hoe ver naar de kant van het cliëntsysteem. "
                "Een thema zonder antwoorden staat er als –.",
                classes="section",
            )
            if series:
                yield Radar(labels, series, id="radar")
                yield Static(NOT_A_JUDGEMENT, classes="dim", id="not-a-judgement")
            else:
                yield Static("Nog geen scores in deze ronde.", classes="dim")
            yield Markdown(summary_markdown(session))
        yield KeysFooter()

    def action_export(self) -> None:
        self.app_.open_export()
