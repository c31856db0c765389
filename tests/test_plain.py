"""The eenvoudige modus (``reflectie --eenvoudig``): plain lines in, plain lines out.

The proof drives the real command through a pipe, from a first run without a profile to a saved
answers file, and checks that not one escape byte comes out. The other tests drive ``Plain`` on
in-memory streams: resuming, the end of the input in the middle of a text, a round open in another
window, 'weet ik niet' only where the item allows it, sharing, and hostile input.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date

import pytest

from reflectie import paths
from reflectie.answersfile import read_answers
from reflectie.model import DONT_KNOW, KIND_QUESTION
from reflectie.plain import WIDTH, Plain
from reflectie.profile import load_profile
from reflectie.session import READ_ONLY, Session

from .apphelpers import welcomed_profile
from .conftest import ROOT

PROFILE = ["Sara", "CAW Oost", "Team Noord", "2"]  # name, organisation, team, sector 2 = CLB
STOP = "7"


def theme_number(bank, theme_id: str) -> str:
    return str([t.id for t in bank.profile_themes()].index(theme_id) + 1)


def places(bank, theme_id: str, level: str):
    """The items asked in order, then "actie" (a question that is the action is asked as it)."""
    theme = bank.themes[theme_id]
    out = [item for item in theme.items_for(level) if not item.is_action_question]
    return out + (["actie"] if level in theme.action_prompts else [])


def flat(text: str) -> str:
    """The output with its line wrapping undone, to look for a sentence."""
    return " ".join(text.split())


def run(bank, lines: list[str], echo: bool = True) -> tuple[str, int, Session]:
    session = Session(bank)
    out = io.StringIO()
    code = Plain(session, io.StringIO("".join(line + "\n" for line in lines)), out, echo=echo).run()
    return out.getvalue(), code, session


def answers_file():
    files = sorted(paths.answers_dir().glob("*.toml"))
    assert len(files) == 1, files
    return files[0]


# --- the proof: a real pipe, no terminal ---------------------------------------------------------


def test_pipe_from_first_run_to_saved_answers_file(tmp_path, bank):
    """A whole theme answered through a pipe with NO_COLOR and TERM=dumb; no ESC byte anywhere."""
    theme = "participatie"
    lines = [*PROFILE, "2", theme_number(bank, theme)]
    expected_scores: dict[str, int] = {}
    expected_na: set[str] = set()
    question_done = False
    for place in places(bank, theme, "micro"):
        if place == "actie":
            lines += ["Ik vraag elke cliënt wie mee aan tafel zit.", "", "31/02/2027", "15/01/2027", "2"]
        elif place.kind == KIND_QUESTION:
            if question_done:
                lines.append("")  # skip the other questions
                continue
            lines += ["Ik betrek het netwerk vanaf het begin.", "Ook de school.", "", "9", "3"]
            question_done = True
        elif place.allows_na and not expected_na:
            lines.append("n")
            expected_na.add(place.id)
        else:
            value = place.scale.values[len(expected_scores) % len(place.scale.values)]
            lines.append(str(place.scale.values.index(value) + 1))
            expected_scores[place.id] = value
    lines.append(STOP)
    home = tmp_path / "thuis"
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "COLUMNS", "LINES")}
    env.update(REFLECTIE_HOME=str(home), REFLECTIE_EXPORTMAP=str(tmp_path / "docs"), NO_COLOR="1",
               TERM="dumb", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "reflectie", "--eenvoudig"], cwd=tmp_path, env=env,
                            input="".join(line + "\n" for line in lines).encode("utf-8"),
                            capture_output=True, timeout=120, check=False)
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, out + result.stderr.decode()
    assert b"\x1b" not in result.stdout and b"\x1b" not in result.stderr
    assert result.stderr == b""
    assert not any("\u2500" <= ch <= "\u259f" for ch in out)  # no box or block characters
    assert "Bewaard: je profiel." in out
    first = next(p for p in places(bank, theme, "micro") if p != "actie" and p.id in expected_scores)
    value = expected_scores[first.id]
    number = first.scale.values.index(value) + 1
    assert f"Bewaard: {number}, {first.scale.label(value)}." in out
    assert "Bewaard: niet van toepassing." in out
    assert "Bewaard: je antwoord van 2 regels." in out
    assert "'9' is geen keuze. Typ een nummer van 1 tot 4." in out
    assert "Bewaard: je team ziet je tekst." in out
    assert "31/02/2027 bestaat niet als datum." in out
    assert "Bewaard: je actie, tegen 15/01/2027, gedeeld met je team." in out
    assert "Letterlijk uit de visienota" in out
    long_lines = [line for line in out.splitlines() if len(line) > WIDTH and str(home) not in line]
    assert long_lines == []

    saved = read_answers(home / "antwoorden" / next(iter(os.listdir(home / "antwoorden"))), bank)
    assert saved.scores == expected_scores
    assert saved.na == expected_na
    question = next(p for p in places(bank, theme, "micro") if p != "actie" and p.kind == KIND_QUESTION)
    answer = saved.texts[question.id]
    assert answer.text == "Ik betrek het netwerk vanaf het begin.\nOok de school."
    assert answer.share and not answer.discuss
    action = saved.action_for(theme, "micro")
    assert action.text == "Ik vraag elke cliënt wie mee aan tafel zit."
    assert action.due == date(2027, 1, 15) and action.share
    profile = load_profile(home / "profiel.toml")
    assert (profile.participant.name, profile.participant.organisation, profile.participant.team,
            profile.participant.sector) == ("Sara", "CAW Oost", "Team Noord", "CLB")
    assert profile.welcomed


def test_plain_mode_never_loads_textual(tmp_path):
    code = ("import io, sys\nfrom reflectie.plain import main\n"
            "main(io.StringIO('Sara\\nCAW\\nTeam\\n\\n7\\n'), io.StringIO())\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    env = {**os.environ, "REFLECTIE_HOME": str(tmp_path / "h"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "h" / "profiel.toml").is_file()


# --- resuming ----------------------------------------------------------------------------------


def test_continue_resumes_where_the_person_was(bank):
    first_theme = bank.profile_themes()[0]
    first = places(bank, first_theme.id, "micro")
    out, code, _ = run(bank, [*PROFILE, "1", "1", "1", "m", STOP])
    assert code == 0
    assert f"Vraag 1 van {len(first)}" in out and f"Vraag 3 van {len(first)}" in out
    assert "Terug naar het menu." in out
    assert len(read_answers(answers_file(), bank).scores) == 2

    out, code, _ = run(bank, ["1", "2", STOP])
    assert "Bewaard: je profiel." not in out  # the profile is asked only once
    assert f"Verder waar je was: {first_theme.title}, vraag 3 van {len(first)}" in out
    walked = out.split("Verder bij vraag 3", 1)[1]
    assert f"Vraag 3 van {len(first)}" in walked and f"Vraag 1 van {len(first)}" not in walked
    saved = read_answers(answers_file(), bank)
    assert set(saved.scores) == {p.id for p in first[:3]}


def test_end_of_input_remembers_the_open_question(bank):
    first_theme = bank.profile_themes()[0]
    total = len(places(bank, first_theme.id, "micro"))
    out, code, _ = run(bank, [*PROFILE, "1", "2"])  # the pipe ends at question 2
    assert code == 0
    assert "Einde van de invoer." in out and "Deze keer bewaard: 1 wijziging." in out
    out, _, _ = run(bank, [])
    assert f"Verder waar je was: {first_theme.title}, vraag 2 van {total}" in out


def test_continue_goes_on_with_the_next_theme_and_stops_at_skipped_questions(bank):
    themes = bank.profile_themes()
    skip_all = [""] * len(places(bank, themes[0].id, "micro"))
    out, _, _ = run(bank, [*PROFILE, "1", *skip_all, "2", STOP])
    assert f"Verder met het volgende thema, {themes[1].title}?" in out
    assert "Terug naar het menu." not in out
    total = sum(len(places(bank, theme.id, "micro")) + 1 for theme in themes)
    out, _, _ = run(bank, ["1", *[""] * (2 * total), STOP])  # Enter skips, and is "ja" to a next theme
    assert "Je zag alle open vragen van dit niveau. Wat je oversloeg, blijft open." in out
    for theme in themes:
        assert f"Thema {theme.title}, niveau micro (ik)." in out


# --- texts, end of input, read-only --------------------------------------------------------------


def test_end_of_input_inside_a_text_saves_what_was_typed(bank):
    theme = bank.profile_themes()[0]
    before = []
    for place in places(bank, theme.id, "micro"):
        if place != "actie" and place.kind == KIND_QUESTION:
            question = place
            break
        before.append("")
    out, code, _ = run(bank, [*PROFILE, "2", "1", *before, "Eerste regel.", "Tweede regel."])
    assert code == 0
    assert "Bewaard: je antwoord van 2 regels." in out
    assert "Einde van de invoer." in out and "Deze keer bewaard: 1 wijziging." in out
    assert "Wat mag je team hiervan zien?" not in out.split("Bewaard: je antwoord")[1]
    saved = read_answers(answers_file(), bank)
    assert saved.texts[question.id].text == "Eerste regel.\nTweede regel."
    assert not saved.texts[question.id].share


def test_a_round_open_in_another_window_is_read_only_and_said_so(bank):
    welcomed_profile()
    other = Session(bank)
    other.open_round("2026-najaar")
    first = places(bank, bank.profile_themes()[0].id, "micro")[0]
    other.set_choice(first.id, 2)
    other.save()
    before = answers_file().read_bytes()
    out, code, _ = run(bank, ["1", "2", "1", STOP])
    assert code == 0
    assert f"Alleen lezen. {READ_ONLY}" in flat(out)
    assert "Deze ronde is hier alleen te lezen." in out
    assert f"Je antwoord: 2, {first.scale.label(2)}." in out
    assert "Bewaard:" not in out
    assert answers_file().read_bytes() == before
    other.close()


# --- what an item allows -------------------------------------------------------------------------


def test_weet_ik_niet_only_where_the_item_allows_it(bank):
    micro = next(p for p in places(bank, "participatie", "micro") if p != "actie" and p.scale
                 and not p.allows_dont_know)
    meso = next(p for p in places(bank, "participatie", "meso") if p != "actie" and p.scale
                and p.allows_dont_know)
    micro_index = places(bank, "participatie", "micro").index(micro)
    meso_index = places(bank, "participatie", "meso").index(meso)
    lines = [*PROFILE, "2", theme_number(bank, "participatie"), *[""] * micro_index, "w", "m",
             "3", "2", "2", theme_number(bank, "participatie"), *[""] * meso_index, "w", "m", STOP]
    out, _, _ = run(bank, lines)
    assert "'w' is geen keuze." in out
    assert "w. weet ik niet" in out and "Bewaard: weet ik niet." in out
    saved = read_answers(answers_file(), bank)
    assert saved.choice(meso.id) == DONT_KNOW and saved.choice(micro.id) is None


# --- sharing -----------------------------------------------------------------------------------


def test_share_makes_a_file_without_the_name(bank, tmp_path):
    first = places(bank, bank.profile_themes()[0].id, "micro")[0]
    out, code, _ = run(bank, [*PROFILE, "1", "3", "m", "5", "", "1", STOP])
    assert code == 0
    assert "Mee: 1 score, 0 gedeelde teksten, 0 gedeelde acties." in out
    shared = list(paths.default_export_dir().glob("reflectie-*.toml"))
    assert len(shared) == 1 and f"Bewaard: het deelbare bestand {shared[0]}" in flat(out)
    text = shared[0].read_text("utf-8")
    assert "Sara" not in text and first.id in text


# --- hostile input -----------------------------------------------------------------------------


def test_control_characters_typed_never_reach_the_output_or_the_file(bank):
    theme = bank.profile_themes()[0]
    before = []
    for place in places(bank, theme.id, "micro"):
        if place != "actie" and place.kind == KIND_QUESTION:
            break
        before.append("")
    out, _, _ = run(bank, ["Sa\x1b[31mra", "CAW\x1b]0;titel\x07 Oost", "Team\x9b2J", "",
                           "2", "1", *before, "rood\x1b[0m en \u202egekeerd", "", "1", "m", STOP])
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\u202e" not in out
    raw = answers_file().read_text("utf-8")
    assert "\x1b" not in raw and "\\u001b" not in raw.lower()
    profile = load_profile()
    assert profile.participant.name == "Sa[31mra"


def test_the_eenvoudig_option_takes_no_subcommand():
    from typer.testing import CliRunner

    from reflectie.cli import app

    result = CliRunner().invoke(app, ["--eenvoudig", "paden"])
    assert result.exit_code == 2
    assert "--eenvoudig werkt zonder opdracht" in result.output


@pytest.mark.parametrize("typed", ["", "0", "12", "x"])
def test_a_menu_answer_that_is_no_choice_is_asked_again(bank, typed):
    welcomed_profile()
    out, code, _ = run(bank, [typed, STOP])
    assert code == 0
    expected = "Je typte niets." if typed == "" else f"'{typed}' is geen keuze."
    assert f"{expected} Typ een nummer van 1 tot 7." in out
    assert out.count("Typ het nummer en druk Enter.") == 2


# --- the way in from the app ---------------------------------------------------------------------


async def test_the_start_screen_choice_hands_over_to_the_eenvoudige_modus(private_home):
    from textual.widgets import OptionList

    from reflectie.app import PLAIN

    from .apphelpers import new_app

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        menu.highlighted = ids.index("eenvoudig")
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value == PLAIN


def test_the_command_line_continues_in_the_eenvoudige_modus_when_the_app_asks(monkeypatch):
    from typer.testing import CliRunner

    import reflectie.app
    import reflectie.plain
    from reflectie.cli import app

    started: list[str] = []

    class FakeApp:
        def run(self):
            started.append("app")
            return reflectie.app.PLAIN

    monkeypatch.setattr(reflectie.app, "make_app", FakeApp)
    monkeypatch.setattr(reflectie.plain, "main", lambda: started.append("eenvoudig") or 0)
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 0, result.output
    assert started == ["app", "eenvoudig"]
