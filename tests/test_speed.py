"""Speed without changing results: the fast TOML reader (rtoml) gives exactly what tomllib gives,

Answers files are parsed with rtoml; when rtoml refuses a text, tomllib reads it or gives the exact
line and column for the Dutch reason. These tests read the same files both ways and compare.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, timezone
from pathlib import Path

import pytest

from reflectie import answersfile
from reflectie.answersfile import loads_toml, parse_answers
from reflectie.demo import make_demo_answers
from reflectie.errors import AnswersFileError

from .test_store import DESIGN_EXAMPLE

V1 = Path(__file__).parent / "data" / "v1"


def _both_ways(data: bytes, name: str, bank, monkeypatch):
    fast = parse_answers(data, name, bank)
    with monkeypatch.context() as m:
        m.setattr(answersfile, "_rtoml", None)
        standard = parse_answers(data, name, bank)
    return fast, standard


def test_rtoml_is_the_reader():
    assert answersfile._rtoml is not None  # a dependency: the fallback alone would be slow


@pytest.mark.parametrize("path", sorted(V1.glob("*.toml")), ids=lambda p: p.name)
def test_v1_corpus_reads_the_same_with_both_parsers(path, bank, monkeypatch):
    fast, standard = _both_ways(path.read_bytes(), path.name, bank, monkeypatch)
    assert fast == standard
    assert repr(fast) == repr(standard)  # also the kind of tzinfo, the order of dicts, the types
    for moment in (fast.round.started, fast.round.updated):
        assert type(moment.tzinfo) is timezone


def test_demo_files_read_the_same_with_both_parsers(bank, monkeypatch):
    from reflectie.answersfile import dumps

    for answers, _folder in make_demo_answers(bank, 40):
        data = dumps(answers)
        fast, standard = _both_ways(data, "demo.toml", bank, monkeypatch)
        assert repr(fast) == repr(standard)
        assert fast.scores == answers.scores and fast.texts == answers.texts
        assert fast.actions == answers.actions and fast.na == answers.na


def test_dates_times_and_big_numbers_match(bank, monkeypatch):
    text = DESIGN_EXAMPLE.replace("gestart = 2026-11-20T10:02:00+01:00", "gestart = 2026-11-20T09:02:00Z")
    text = text.replace("bijgewerkt = 2026-11-20T10:40:00+01:00", "bijgewerkt = 2026-11-20T10:40:00.250-03:30")
    fast, standard = _both_ways(text.encode(), "t.toml", bank, monkeypatch)
    assert repr(fast.round) == repr(standard.round)
    assert fast.round.started.tzinfo is UTC
    huge = "groot = 123456789012345678901234567890\n"
    assert loads_toml(huge) == tomllib.loads(huge)


def test_a_broken_file_gets_the_line_and_column_of_tomllib(bank):
    broken = DESIGN_EXAMPLE.replace('team = "Team Noord"', 'team = "Team Noord', 1)
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(broken)
    place = re.search(r"line (\d+), column (\d+)", str(expected.value))
    assert place is not None
    line, column = place.groups()
    with pytest.raises(AnswersFileError) as got:
        parse_answers(broken.encode(), "kapot.toml", bank)
    assert f"fout op regel {line}, kolom {column}" in got.value.reason


def test_what_rtoml_refuses_but_tomllib_reads_is_read(bank):
    text = DESIGN_EXAMPLE.replace('format = "reflectie-antwoorden"',
                                  'format = "reflectie-antwoorden"\nextra = 1e400', 1)
    assert tomllib.loads(text)["extra"] == float("inf")
    answers = parse_answers(text.encode(), "f.toml", bank)  # rtoml overflows on 1e400; tomllib reads it
    assert answers.participant.id == "k3v9q2"


def test_deep_nesting_is_refused_in_dutch(bank):
    with pytest.raises(AnswersFileError) as got:
        parse_answers(("a = " + "[" * 5000 + "]" * 5000).encode(), "diep.toml", bank)
    assert "diep" in got.value.reason


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('"rol.positie.micro" = 3', '"rol.positie.micro" = true', "moet een geheel getal zijn, niet true/false"),
        ('"rol.positie.micro" = 3', '"rol.positie.micro" = 99', "valt buiten de schaal"),
        ('"rol.positie.micro" = 3', '"participatie.micro.1" = 3', "is een open vraag en kan geen score hebben"),
        ('"rol.positie.micro" = 3', '"../x" = 3', "geen geldige item-id"),
        ("tekst = \"...\"\ndelen = false", "tekst = 3\ndelen = false", "moet tekst zijn, niet een getal"),
        ("delen = false\nbespreken", "delen = \"nee\"\nbespreken", "moet true of false zijn"),
        ('nvt = ["vraaggestuurd.kader-bepaalt-doelen"]', "nvt = [1]", "moet een lijst van item-id's zijn"),
    ],
)
def test_the_fast_checks_keep_every_dutch_reason(bank, old, new, reason):
    assert old in DESIGN_EXAMPLE
    with pytest.raises(AnswersFileError) as got:
        parse_answers(DESIGN_EXAMPLE.replace(old, new, 1).encode(), "x.toml", bank)
    assert reason in got.value.reason


def test_unknown_items_are_kept_aside_not_refused(bank):
    text = DESIGN_EXAMPLE.replace('"rol.positie.micro" = 3', '"rol.toekomstig.item" = 3', 1)
    text = text.replace('nvt = ["vraaggestuurd.kader-bepaalt-doelen"]', 'nvt = ["nog.een.item"]', 1)
    answers = parse_answers(text.encode(), "x.toml", bank)
    assert answers.unknown_ids == ["nog.een.item", "rol.toekomstig.item"]
    assert answers.scores["rol.toekomstig.item"] == 3


def test_helper_processes_read_the_same_as_one_process(bank, tmp_path):
    from reflectie.demo import write_demo
    from reflectie.loading import collect

    write_demo(bank, tmp_path / "map", 30)
    (tmp_path / "map" / "kapot.toml").write_text("format = [", encoding="utf-8")
    one = collect([tmp_path / "map"], bank)
    two = collect([tmp_path / "map"], bank, workers=2)
    assert one.answers == two.answers  # (sets print in another order in another process)
    assert [(p.path.name, p.reason) for p in one.problems] == [(p.path.name, p.reason) for p in two.problems]
    assert one.files_seen == two.files_seen == 31


def test_the_reflectie_command_without_arguments_opens_the_app_and_hands_over(monkeypatch):
    """The launcher skips typer for the app, and does what the command line does after it."""
    import sys

    import reflectie.app
    import reflectie.plain
    from reflectie import launch

    started: list[str] = []
    answers = {"result": reflectie.app.PLAIN}

    class FakeApp:
        def run(self):
            started.append("app")
            return answers["result"]

    monkeypatch.setattr(reflectie.app, "make_app", FakeApp)
    monkeypatch.setattr(reflectie.plain, "main", lambda: started.append("eenvoudig") or 0)
    monkeypatch.setattr(sys, "argv", ["reflectie"])
    with pytest.raises(SystemExit) as done:
        launch.main()
    assert done.value.code == 0 and started == ["app", "eenvoudig"]
    answers["result"] = None
    with pytest.raises(SystemExit):
        launch.main()
    assert started == ["app", "eenvoudig", "app"]
    monkeypatch.setattr(sys, "argv", ["reflectie", "--versie"])
    with pytest.raises(SystemExit):
        launch.main()  # options go to the command line (typer)
    assert "typer" in sys.modules
