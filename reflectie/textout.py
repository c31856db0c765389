"""Print the question bank and the glossary on a terminal with rich (for `reflectie vragen` and
`reflectie begrippen`), and the bank as Markdown for the app. No Textual.

Every text comes from a question file, built-in or the user's own: it goes to rich as ``Text``
and into Markdown through ``md_escape``, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reflectie.model import (
    KIND_INDICATOR,
    KIND_POSITION,
    KIND_QUESTION,
    LEVEL_LABELS,
    Action,
    ActionFormat,
    Bank,
    Item,
    Scale,
    Theme,
)

if TYPE_CHECKING:
    from reflectie.bank import GlossaryEntry


def _scale_table(scale: Scale) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1), expand=False)
    table.add_column(justify="right", style="bold cyan")
    table.add_column(style="bold")
    table.add_column(style="dim")
    for level in reversed(scale.levels) if len(scale.levels) == 6 else scale.levels:
        table.add_row(str(level.value), Text(level.name), Text(level.explanation))
    return table


def scale_summary(scale: Scale) -> str:
    """'1 nooit … 5 altijd' for a short legend."""
    first, last = scale.levels[0], scale.levels[-1]
    return f"{first.value} {first.name} … {last.value} {last.name}"


def answer_options(item: Item) -> str:
    """What besides the scale a person may answer: 'n.v.t. mogelijk; weet ik niet mogelijk'."""
    options = []
    if item.allows_na:
        options.append("n.v.t. mogelijk")
    if item.allows_dont_know:
        options.append("weet ik niet mogelijk")
    return "; ".join(options)


def _item_note(item: Item, with_scale: bool) -> Text:
    parts = []
    if with_scale and item.scale is not None:
        parts.append(item.scale.name.lower())
    options = answer_options(item)
    if options:
        parts.append(options)
    if item.attribution:
        parts.append(item.attribution)
    return Text("   " + " · ".join(parts), style="dim")


def _help(item: Item) -> list[Text]:
    return [Text(f"   {item.help}", style="dim italic")] if item.help else []


def _theme_panel(theme: Theme, levels: Sequence[str]) -> Panel:
    parts: list[RenderableType] = [Text(theme.intro, style="italic"), Text(f"Bron: {theme.source}", style="dim")]
    if theme.kind == "kader":
        parts.insert(
            0,
            Text(
                f"Ander kader dan de visienota (set '{theme.set}', staat standaard uit)",
                style="bold yellow",
            ),
        )
    for lv in levels:
        shown_scales: set[str] = set()
        parts.append(Text(f"\n{LEVEL_LABELS.get(lv, lv).upper()}", style="bold magenta"))
        positions = theme.items_for(lv, KIND_POSITION)
        if positions:
            parts.append(Text("Positionering", style="bold underline"))
            for item in positions:
                parts.append(Text(f"{item.shown_text}  [{item.id}]"))
                parts.append(_item_note(item, with_scale=False))
                parts.extend(_help(item))
                if item.scale is not None and item.scale.id not in shown_scales:
                    shown_scales.add(item.scale.id)
                    parts.append(_scale_table(item.scale))
        indicators = theme.items_for(lv, KIND_INDICATOR)
        if indicators:
            used: dict[str, Scale] = {}
            for item in indicators:
                if item.scale is not None:
                    used.setdefault(item.scale.id, item.scale)
            legend = "; ".join(f"{s.name.lower()}: {scale_summary(s)}" for s in used.values())
            title = "Stellingen" if theme.kind != "checklist" else "Stappen"
            parts.append(Text(f"{title} ({legend})", style="bold underline"))
            for item in indicators:
                parts.append(Text(f"• {item.shown_text}  [{item.id}]"))
                parts.append(_item_note(item, with_scale=len(used) > 1))
                parts.extend(_help(item))
        questions = theme.items_for(lv, KIND_QUESTION)
        if questions:
            parts.append(Text(f"Bewustwordingsvragen ({len(questions)})", style="bold underline"))
            attributions = {item.attribution for item in questions}
            for number, item in enumerate(questions, 1):
                parts.append(Text(f"{number:>2}. {item.shown_text}"))
                if item.is_action_question:
                    parts.append(
                        Text("    ↳ ook de vraag bij je eerstvolgende actie", style="dim green")
                    )
                if len(attributions) > 1:
                    parts.append(_item_note(item, with_scale=False))
                parts.extend(_help(item))
            if len(attributions) == 1:
                parts.append(Text(attributions.pop(), style="dim"))
        prompt = theme.action_prompt(lv)
        if prompt:
            parts.append(Text(f"Eerstvolgende actie: {prompt}", style="bold green"))
    panel_title = Text.assemble((theme.title, "bold"), f" ({theme.id})")
    return Panel(Group(*parts), title=panel_title, title_align="left")


def print_bank(console: Console, bank: Bank, theme_id: str | None, level: str | None) -> None:
    themes = [t for t in bank.ordered_themes(None) if theme_id in (None, t.id)]
    for theme in themes:
        levels = [lv for lv in theme.levels if level in (None, lv)]
        if levels:
            console.print(_theme_panel(theme, levels))
    for action_format in bank.action_formats.values():
        lines: list[RenderableType] = [Text(action_format.intro, style="italic")]
        for part in action_format.parts:
            prompt = part.prompt(level or "micro")
            lines.append(
                Text.assemble((f"{part.label}: ", "bold"), prompt, (f"  {part.help}", "dim"))
            )
        lines.append(Text(f"Bron: {action_format.source}", style="dim"))
        title = Text.assemble(
            ("Een actie schrijven als ", ""), (action_format.title, "bold"), " (optioneel)"
        )
        console.print(Panel(Group(*lines), title=title, title_align="left"))
    console.print(
        Text(
            f"Vragenbank versie {bank.version}. Vervallen id's: reflectie vragen --vervallen.",
            style="dim",
        )
    )


def print_retired(console: Console, bank: Bank) -> None:
    """Every retired id, what replaced it and why (for people who read old answers files)."""
    console.print(
        Text(f"Vervallen id's (vragenbank versie {bank.version})", style="bold underline")
    )
    console.print(
        Text(
            "Oude antwoorden op deze id's blijven leesbaar; geen thema vraagt ze nog.", style="dim"
        )
    )
    for item in sorted(bank.retired_items(), key=lambda i: i.id):
        line = Text.assemble((item.id, "bold"), " → ", ", ".join(item.replaced_by) or "—")
        console.print(line)
        if item.help:
            console.print(Text(f"   {item.help}", style="dim"))


def print_glossary(console: Console, entries: Sequence[GlossaryEntry]) -> None:
    for entry in entries:
        title = Text(entry.term, style="bold")
        if entry.also:
            title.append(f"  ({', '.join(entry.also)})", style="dim")
        body: list[RenderableType] = [Text(entry.text)]
        body.extend(Text(f"Bron: {source}", style="dim") for source in entry.sources)
        console.print(Panel(Group(*body), title=title, title_align="left"))


def md_escape(text: str) -> str:
    """Text safe inside Markdown (also inside a table cell)."""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    for ch in "*_`[]<>#&":
        out = out.replace(ch, "\\" + ch)
    return out


def action_parts_md(action: Action, action_format: ActionFormat | None,
                    indent: str = "  ") -> list[str]:
    """The bannen – behouden – bereiken parts of an action as nested Markdown list lines."""
    return [f"{indent}- **{md_escape(label)}:** {md_escape(text)}"
            for label, text in action.part_rows(action_format)]


def _md_note(item: Item) -> str:
    parts = [answer_options(item), item.attribution]
    return " · ".join(md_escape(p) for p in parts if p)


def bank_markdown(bank: Bank) -> str:
    lines = ["# Vragenbank", ""]
    for theme in bank.ordered_themes(None):
        lines += [
            f"## {md_escape(theme.title)}",
            "",
            md_escape(theme.intro),
            "",
            f"*Bron: {md_escape(theme.source)}*",
            "",
        ]
        for level in theme.levels:
            lines += [f"### {md_escape(theme.short)} — {LEVEL_LABELS.get(level, level)}", ""]
            for item in theme.items_for(level, KIND_POSITION):
                lines += [f"**{md_escape(item.shown_text)}**", "", f"*{_md_note(item)}*", ""]
                assert item.scale is not None
                for lv in item.scale.levels:
                    extra = f" — {md_escape(lv.explanation)}" if lv.explanation else ""
                    lines.append(f"- {lv.value} **{md_escape(lv.name)}**{extra}")
                lines.append("")
            indicators = theme.items_for(level, KIND_INDICATOR)
            if indicators:
                lines += ["**Stellingen**", ""]
                for item in indicators:
                    scale = f"{md_escape(scale_summary(item.scale))}; " if item.scale else ""
                    lines.append(f"- {md_escape(item.shown_text)} *({scale}{_md_note(item)})*")
                lines.append("")
            questions = theme.items_for(level, KIND_QUESTION)
            if questions:
                lines += ["**Bewustwordingsvragen**", ""]
                for number, item in enumerate(questions, 1):
                    action = (
                        " *(ook de vraag bij je eerstvolgende actie)*"
                        if item.is_action_question
                        else ""
                    )
                    lines.append(f"{number}. {md_escape(item.shown_text)}{action}")
                lines += ["", f"*{md_escape(questions[0].attribution)}*", ""]
    return "\n".join(lines)
