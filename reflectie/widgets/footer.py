"""The footer of reflectie's screens: Textual's Footer, rebuilt only when its keys change.

Textual rebuilds the footer (a widget per key) on every focus change. On a questionnaire, where
Tab moves between dozens of questions that all show the same keys, that rebuild was a good part
of the time a key took; this footer compares what it would show and skips the rebuild."""

from __future__ import annotations

from typing import Any

from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled)
            for (_node, binding, enabled, _tooltip) in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown and self._bindings_ready:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown
        super().bindings_changed(screen)


def keys_first(bindings: dict[str, ActiveBinding], first: tuple[str, ...]) -> dict[str, ActiveBinding]:
    """``bindings`` with the keys of ``first`` in front: at 80 columns the footer is cut at the
    end, so what a person needs in a meeting (next, back, quit, help) goes first."""
    front = {key: bindings[key] for key in first if key in bindings}
    return {**front, **{key: value for key, value in bindings.items() if key not in front}}
