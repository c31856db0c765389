"""Colour: the terminal's own palette (ANSI themes) as a kept choice, and NO_COLOR respected.

Textual turns colours grey under NO_COLOR, chosen once at start; with an ANSI theme that painted
black text on a black background, so the app then leaves all colour out. The command line (Rich)
drops colours itself. Nothing that tells the state (focus, cursor) may then rest on colour.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from textual.filter import Monochrome, NoColor

from reflectie.app import ReflectieCommands, make_app, theme_name
from reflectie.profile import load_profile, save_profile
from reflectie.session import Session

from .apphelpers import welcomed_profile
from .conftest import require_tool
from .test_tmux import _reflectie

SIZE = (100, 30)
SGR = re.compile(r"\x1b\[([0-9;:]*)m")
COLOUR_CODES = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}


def colour_codes(text: str) -> set[int]:
    """SGR parameters that set a colour (39 and 49, back to the default colour, are no colour)."""
    found = set()
    for match in SGR.finditer(text):
        for part in re.split("[;:]", match.group(1)):
            if part.isdigit() and int(part) in COLOUR_CODES:
                found.add(int(part))
    return found


def ansi_profile(dark: bool = True):
    profile = welcomed_profile()
    profile.ansi, profile.dark = True, dark
    save_profile(profile)
    return profile


def test_theme_names():
    assert theme_name(True, False) == "textual-dark"
    assert theme_name(False, True) == "ansi-light"


async def test_the_terminal_palette_is_a_kept_choice(private_home):
    welcomed_profile()
    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        names = [name for name, _ in ReflectieCommands(app.screen)._commands()]
        assert "Kleuren van je terminal gebruiken (ANSI)" in names
        app.action_toggle_ansi()
        await pilot.pause()
        assert app.theme == "ansi-dark" and app.current_theme.ansi
        assert "Kleuren van reflectie gebruiken" in [n for n, _ in ReflectieCommands(app.screen)._commands()]
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "ansi-light"
    saved = load_profile()
    assert saved.ansi is True and saved.dark is False
    again = make_app(Session())
    assert again.theme == "ansi-light"


async def test_a_theme_chosen_in_textuals_own_list_is_kept_as_light_or_dark(private_home):
    ansi_profile()
    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "catppuccin-latte"  # Textual's palette command 'Change theme'
        await pilot.pause()
    saved = load_profile()
    assert (saved.dark, saved.ansi) == (False, False)


async def test_no_color_leaves_all_colour_out_with_the_terminal_palette(private_home, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    ansi_profile()
    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        filters = [type(f) for f in app.get_line_filters()]
        assert NoColor in filters and Monochrome not in filters
        app.action_toggle_ansi()  # to reflectie's own colours: Textual's greys
        await pilot.pause()
        filters = [type(f) for f in app.get_line_filters()]
        assert Monochrome in filters and NoColor not in filters


async def test_without_no_color_nothing_is_filtered(private_home, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    ansi_profile()
    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not {NoColor, Monochrome} & {type(f) for f in app.get_line_filters()}


async def test_under_no_color_the_focus_shows_without_colour(private_home, monkeypatch):
    from textual.widgets import OptionList

    monkeypatch.setenv("NO_COLOR", "1")
    ansi_profile()
    app = make_app(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        assert menu.has_focus
        assert menu.styles.border_top[0] == "double"
        highlighted = menu.get_component_rich_style("option-list--option-highlighted")
        assert highlighted.reverse


def _tmux_screen(tmp_path, home, extra_env: str) -> str:
    socket = str(tmp_path / "tmux.sock")
    name = f"kleur-{int(time.time() * 1000) % 100000}"
    command = f"env {extra_env} REFLECTIE_HOME={home} TEXTUAL_ANIMATIONS=none {_reflectie()}"
    tmux = ["tmux", "-S", socket]
    subprocess.run([*tmux, "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command], check=True)
    try:
        end = time.monotonic() + 20
        screen = ""
        while time.monotonic() < end:
            screen = subprocess.run([*tmux, "capture-pane", "-p", "-e", "-t", name],
                                    capture_output=True, text=True, check=False).stdout
            if "Wat wil je doen?" in screen:
                time.sleep(0.5)
                return subprocess.run([*tmux, "capture-pane", "-p", "-e", "-t", name],
                                      capture_output=True, text=True, check=False).stdout
            time.sleep(0.2)
        raise AssertionError(f"het startscherm verscheen niet:\n{screen}")
    finally:
        subprocess.run([*tmux, "kill-session", "-t", name], check=False)


def test_no_color_in_a_real_terminal(private_home, tmp_path):
    """The terminal palette with NO_COLOR: bold and reverse, not one colour code."""
    require_tool("tmux")
    ansi_profile()
    coloured = _tmux_screen(tmp_path, private_home, "TERM=xterm-256color")
    assert colour_codes(coloured), "the check must see colour when there is colour"
    plain = _tmux_screen(tmp_path, private_home, "NO_COLOR=1 TERM=xterm-256color")
    assert "Wat wil je doen?" in plain
    assert colour_codes(plain) == set()


def test_the_command_line_drops_colour_under_no_color(private_home, tmp_path):
    missing = tmp_path / "bestaat-niet"

    def run(no_color: bool) -> str:
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env.update(REFLECTIE_HOME=str(private_home), FORCE_COLOR="1", COLUMNS="100")
        if no_color:
            env["NO_COLOR"] = "1"
        result = subprocess.run([sys.executable, "-m", "reflectie", "rapport", str(missing)],
                                capture_output=True, text=True, env=env, check=False)
        return result.stdout + result.stderr

    assert colour_codes(run(False)), "Rich colours the error without NO_COLOR"
    out = run(True)
    assert "Fout:" in out and colour_codes(out) == set()
