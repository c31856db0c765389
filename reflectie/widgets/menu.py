"""An option list whose Enter shows in the footer (the main action of the start screen)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class Menu(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Openen", id="open", tooltip="Het gekozen onderdeel openen"),
    ]
