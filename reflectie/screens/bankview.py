"""Browse the question bank: a tree of themes, levels and items, built as it is opened, and the
details of what is highlighted beside it. Nothing is rendered before it is asked for, so the
screen opens at once."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static, Tree

from reflectie.model import (
    KIND_INDICATOR,
    KIND_POSITION,
    KIND_QUESTION,
    LEVEL_LABELS,
    Bank,
    Item,
    Theme,
)
from reflectie.widgets.footer import KeysFooter
from reflectie.widgets.items import allows_dont_know, allows_na, shown_text

KIND_TITLES = {
    KIND_POSITION: "Waar sta je?",
    KIND_INDICATOR: "Stellingen",
    KIND_QUESTION: "Bewustwordingsvragen",
}
SHORT = 44


@dataclass(frozen=True)
class Node:
    kind: str  # "theme", "level", "group", "item"
    theme: str
    level: str = ""
    group: str = ""
    item: str = ""


def _short(text: str, limit: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def theme_detail(theme: Theme) -> Text:
    out = Text.assemble(
        (theme.title, "bold"), "\n\n", theme.intro, "\n\n", (f"Bron: {theme.source}", "dim")
    )
    for level, prompt in theme.action_prompts.items():
        out.append_text(Text.assemble("\n\n", (f"Actie ({level}): ", "bold"), prompt))
    return out


def item_detail(item: Item, bank: Bank) -> Text:
    out = Text.assemble(
        (shown_text(item), "bold"),
        "\n\n",
        (f"{bank.themes[item.theme].title} — {LEVEL_LABELS.get(item.level, item.level)}", "dim"),
    )
    if item.scale is not None:
        out.append(f"\n\nSchaal: {item.scale.name}\n", "bold")
        for level in item.scale.levels:
            out.append(f"  {level.value}  {level.name}\n")
            if level.explanation:
                out.append(f"      {level.explanation}\n", "dim")
        extra = [
            name
            for name, ok in (("n.v.t.", allows_na(item)), ("weet ik niet", allows_dont_know(item)))
            if ok
        ]
        if extra:
            out.append("  ook: " + ", ".join(extra) + "\n", "dim")
    if item.help:
        out.append_text(Text.assemble("\n", item.help, "\n"))
    if item.source:
        out.append(f"\nBron: {item.source}", "dim")
    out.append(f"\nid: {item.id}", "dim")
    return out


class BankScreen(Screen[None]):
    CSS_PATH = "bankview.tcss"
    HELP_TITLE = "de vragenbank"
    BINDINGS = [Binding("escape", "app.pop_screen", "Terug", id="back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="bank"):
            tree: Tree[Node] = Tree(Text("Vragenbank"), id="bank-tree")
            tree.show_root = False
            yield tree
            with VerticalScroll(id="bank-detail", can_focus=True):
                yield Static(
                    Text("Open een thema met Enter of →; de uitleg verschijnt hier."), id="detail"
                )
        yield KeysFooter()

    def on_mount(self) -> None:
        tree = self.query_one("#bank-tree", Tree)
        bank = self.app.session.bank  # type: ignore[attr-defined]
        for theme in bank.ordered_themes(None):
            tree.root.add(Text(theme.title), Node("theme", theme.id), allow_expand=True)
        tree.root.expand()
        tree.focus()

    @on(Tree.NodeExpanded, "#bank-tree")
    def _expand(self, event: Tree.NodeExpanded[Node]) -> None:
        node = event.node
        data = node.data
        if data is None or node.children:
            return
        bank: Bank = self.app.session.bank  # type: ignore[attr-defined]
        theme = bank.themes[data.theme]
        if data.kind == "theme":
            for level in theme.levels:
                node.add(Text(LEVEL_LABELS.get(level, level)), Node("level", theme.id, level))
        elif data.kind == "level":
            for kind, title in KIND_TITLES.items():
                items = theme.items_for(data.level, kind)
                if items:
                    node.add(
                        Text(f"{title} ({len(items)})"), Node("group", theme.id, data.level, kind)
                    )
        elif data.kind == "group":
            for item in theme.items_for(data.level, data.group):
                node.add_leaf(
                    Text(_short(shown_text(item))),
                    Node("item", theme.id, data.level, data.group, item.id),
                )

    @on(Tree.NodeHighlighted, "#bank-tree")
    def _show(self, event: Tree.NodeHighlighted[Node]) -> None:
        data = event.node.data
        if data is None:
            return
        bank: Bank = self.app.session.bank  # type: ignore[attr-defined]
        detail = self.query_one("#detail", Static)
        if data.kind == "item":
            detail.update(item_detail(bank.items[data.item], bank))
        else:
            detail.update(theme_detail(bank.themes[data.theme]))
        self.query_one("#bank-detail").scroll_home(animate=False)
