"""Print the question bank on a terminal with rich (for `reflectie vragen`). No Textual."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reflectie.model import KIND_INDICATOR, KIND_POSITION, KIND_QUESTION, LEVEL_LABELS, Bank, Item


def _scale_table(item: Item) -> Table:
    assert item.scale is not None
    table = Table(show_header=False, box=None, padding=(0, 1), expand=False)
    table.add_column(justify="right", style="bold cyan")
    table.add_column(style="bold")
    table.add_column(style="dim")
    for level in reversed(item.scale.levels) if len(item.scale.levels) == 6 else item.scale.levels:
        table.add_row(str(level.value), level.name, level.explanation)
    return table


def print_bank(console: Console, bank: Bank, theme_id: str | None, level: str | None) -> None:
    themes = [t for t in bank.ordered_themes(None) if theme_id in (None, t.id)]
    for theme in themes:
        levels = [lv for lv in theme.levels if level in (None, lv)]
        if not levels:
            continue
        parts: list = [Text(theme.intro, style="italic"), Text(f"Bron: {theme.source}", style="dim")]
        for lv in levels:
            shown_scales: set[str] = set()
            parts.append(Text(f"\n{LEVEL_LABELS.get(lv, lv).upper()}", style="bold magenta"))
            positions = theme.items_for(lv, KIND_POSITION)
            if positions:
                parts.append(Text("Positionering", style="bold underline"))
                for item in positions:
                    parts.append(Text(f"{item.text}  [{item.id}]"))
                    if item.scale is not None and item.scale.id not in shown_scales:
                        shown_scales.add(item.scale.id)
                        parts.append(_scale_table(item))
            indicators = theme.items_for(lv, KIND_INDICATOR)
            if indicators:
                scale = indicators[0].scale
                names = ", ".join(f"{x.value} {x.name}" for x in scale.levels) if scale else ""
                nvt = " of niet van toepassing" if scale and scale.allows_na else ""
                parts.append(Text(f"Indicatoren ({names}{nvt})", style="bold underline"))
                for item in indicators:
                    parts.append(Text(f"• {item.text}  [{item.id}]"))
            questions = theme.items_for(lv, KIND_QUESTION)
            if questions:
                parts.append(Text(f"Bewustwordingsvragen ({len(questions)})", style="bold underline"))
                for number, item in enumerate(questions, 1):
                    parts.append(Text(f"{number:>2}. {item.text}"))
                parts.append(Text(f"Bron: {questions[0].source}", style="dim"))
            prompt = theme.action_prompts.get(lv)
            if prompt:
                parts.append(Text(f"Eerstvolgende actie: {prompt}", style="bold green"))
        console.print(Panel(Group(*parts), title=f"[bold]{theme.title}[/] ({theme.id})", title_align="left"))


def md_escape(text: str) -> str:
    """Text safe inside Markdown (also inside a table cell)."""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    for ch in "*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


def bank_markdown(bank: Bank) -> str:
    lines = ["# Vragenbank", ""]
    for theme in bank.ordered_themes(None):
        lines += [f"## {theme.title}", "", theme.intro, "", f"*Bron: {theme.source}*", ""]
        for level in theme.levels:
            lines += [f"### {theme.short} — {LEVEL_LABELS.get(level, level)}", ""]
            for item in theme.items_for(level, KIND_POSITION):
                lines.append(f"**{item.text}**")
                lines.append("")
                for lv in item.scale.levels:
                    extra = f" — {lv.explanation}" if lv.explanation else ""
                    lines.append(f"- {lv.value} **{lv.name}**{extra}")
                lines.append("")
            indicators = theme.items_for(level, KIND_INDICATOR)
            if indicators:
                lines += ["**Indicatoren** (nooit … altijd, of niet van toepassing)", ""]
                lines += [f"- {item.text} *({item.source})*" for item in indicators]
                lines.append("")
            questions = theme.items_for(level, KIND_QUESTION)
            if questions:
                lines += ["**Bewustwordingsvragen** (letterlijk uit de visienota)", ""]
                lines += [f"{n}. {item.text}" for n, item in enumerate(questions, 1)]
                lines.append("")
    return "\n".join(lines)
