"""Answers files: the format contract (versions 1 and 2), privacy of shared copies, atomic and private writes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from reflectie import paths
from reflectie.answersfile import answers_to_dict, dumps, parse_answers, read_answers
from reflectie.demo import make_demo_answers
from reflectie.errors import AnswersFileError, StoreError
from reflectie.fileio import atomic_write
from reflectie.model import DONT_KNOW, NA, Action, Participant, TextAnswer
from reflectie.store import list_rounds, new_answers, save_answers, write_shared

DESIGN_EXAMPLE = textwrap.dedent('''
    format = "reflectie-antwoorden"
    version = 1

    [deelnemer]
    id = "k3v9q2"
    naam = "Sara"
    organisatie = "CAW Oost"
    team = "Team Noord"
    sector = "CAW"

    [ronde]
    id = "2026-najaar"
    gestart = 2026-11-20T10:02:00+01:00
    bijgewerkt = 2026-11-20T10:40:00+01:00

    [scores]
    "rol.positie.micro" = 3
    "participatie.ladder.micro" = 4
    "participatie.ladder.micro.clientbeeld" = 3
    "transparantie.vooraf-aftoetsen" = 4

    nvt = ["vraaggestuurd.kader-bepaalt-doelen"]

    [antwoorden."participatie.micro.4"]
    tekst = "..."
    delen = false
    bespreken = true

    [[acties]]
    thema = "transparantie"
    niveau = "meso"
    tekst = "..."
    tegen = 2027-01-31
    delen = true
''')


def full_answers(bank):
    answers = new_answers(Participant("abc123", "Sara", "CAW Oost", "Team Noord", "CAW"), "2026-najaar", "inst42")
    for item in bank.items.values():
        if item.scale is not None:
            answers.scores[item.id] = item.scale.max
        else:
            answers.texts[item.id] = TextAnswer(f"Prive over {item.id}", share=False, discuss=True)
    answers.texts["participatie.micro.4"] = TextAnswer("Gedeelde tekst", share=True, discuss=False)
    answers.set_choice("vraaggestuurd.kader-bepaalt-doelen", NA)
    answers.set_choice("rol.positie.meso", DONT_KNOW)
    answers.actions.append(Action("transparantie", "micro", "Geheime actie", date(2027, 1, 31), share=False))
    answers.actions.append(Action("rol", "meso", "Gedeelde actie", None, share=True, happened="deels"))
    return answers


def test_design_example_reads(bank):
    answers = parse_answers(DESIGN_EXAMPLE.encode(), "voorbeeld.toml", bank)
    assert answers.participant.name == "Sara"
    assert answers.scores["participatie.ladder.micro"] == 4
    assert answers.na == {"vraaggestuurd.kader-bepaalt-doelen"}
    assert answers.texts["participatie.micro.4"].discuss is True
    assert answers.actions[0].due == date(2027, 1, 31)
    assert not answers.unknown_ids


def test_round_trip_is_exact(bank):
    original = dumps(full_answers(bank))
    again = dumps(parse_answers(original, "x.toml", bank))
    assert again == original
    for answers, _ in make_demo_answers(bank, 12):
        data = dumps(answers)
        assert dumps(parse_answers(data, "d.toml", bank)) == data


def test_dumps_is_exactly_tomli_w(bank):
    import tomli_w

    for answers in [full_answers(bank)] + [a for a, _ in make_demo_answers(bank, 6)]:
        for shared in (False, True):
            assert dumps(answers, shared) == tomli_w.dumps(answers_to_dict(answers, shared)).encode()


def test_design_example_round_trips_to_same_values(bank):
    first = parse_answers(DESIGN_EXAMPLE.encode(), "v.toml", bank)
    second = parse_answers(dumps(first), "v.toml", bank)
    assert ((first.scores, first.na, first.texts, first.actions)
            == (second.scores, second.na, second.texts, second.actions))
    assert first.round == second.round and first.participant == second.participant


def test_shared_copy_has_no_name_and_no_private_text(bank, tmp_path):
    answers = full_answers(bank)
    path = write_shared(answers, tmp_path / "team")
    raw = path.read_text("utf-8")
    assert "Sara" not in raw and "naam" not in raw
    assert "Prive over" not in raw and "Geheime actie" not in raw
    assert "Gedeelde tekst" in raw and "Gedeelde actie" in raw
    shared = read_answers(path, bank)
    assert shared.participant.name == ""
    assert all(t.share or t.text == "" for t in shared.texts.values())
    # the wish to discuss survives, the words do not
    assert shared.texts["rol.micro.1"].discuss and shared.texts["rol.micro.1"].text == ""
    assert path.name == "reflectie-2026-najaar-abc123-inst42.toml"
    # dates without the time of day
    assert "gestart = 20" in raw and "T" not in raw.split("gestart = ")[1].split("\n")[0]
    assert shared.dont_know == {"rol.positie.meso"}


def _refused(data: str, bank) -> str:
    with pytest.raises(AnswersFileError) as info:
        parse_answers(data.encode(), "f.toml", bank)
    return info.value.reason


def test_newer_version_is_refused_with_reason(bank):
    reason = _refused(DESIGN_EXAMPLE.replace("version = 1", "version = 3"), bank)
    assert "nieuwere versie" in reason and "formaatversie 3" in reason


def test_version_2_fields_round_trip(bank):
    answers = full_answers(bank)
    answers.round.revision = 41
    again = parse_answers(dumps(answers), "x.toml", bank)
    assert again.version == 2 and again.round.revision == 41 and again.installation == "inst42"
    assert again.dont_know == {"rol.positie.meso"} and again.na == {"vraaggestuurd.kader-bepaalt-doelen"}


def test_weetniet_and_nvt_exclude_each_other_and_a_score(bank):
    both = DESIGN_EXAMPLE.replace('nvt = [', 'weetniet = ["vraaggestuurd.kader-bepaalt-doelen"]\nnvt = [')
    assert "zowel" in _refused(both, bank)
    scored = DESIGN_EXAMPLE.replace('nvt = [', 'weetniet = ["rol.positie.micro"]\nnvt = [')
    assert "zowel een score" in _refused(scored, bank)


def test_a_file_from_the_future_is_refused(bank):
    future = DESIGN_EXAMPLE.replace("bijgewerkt = 2026-11-20T10:40:00+01:00", "bijgewerkt = 9999-01-01T00:00:00+01:00")
    reason = _refused(future, bank)
    assert "in de toekomst" in reason


@pytest.mark.parametrize("bad_id", ["a b", "[/]", "x\\u001b", "-start", ""])
def test_ids_that_are_not_ids_are_refused(bank, bad_id):
    data = DESIGN_EXAMPLE.replace('"rol.positie.micro" = 3', f'"{bad_id}" = 3')
    assert "geen geldige item-id" in _refused(data, bank)


def test_each_save_raises_the_revision(bank, private_home):
    answers = full_answers(bank)
    save_answers(answers)
    save_answers(answers)
    assert read_answers(answers.path, bank).round.revision == 2


def test_other_format_is_refused(bank):
    assert "ander soort bestand" in _refused(DESIGN_EXAMPLE.replace('"reflectie-antwoorden"', '"iets-anders"'), bank)
    assert "'format' ontbreekt" in _refused('[tool.poetry]\nname = "x"\n', bank)


def test_malformed_toml_names_the_line(bank):
    broken = DESIGN_EXAMPLE.replace('"rol.positie.micro" = 3', '"rol.positie.micro" = = 3')
    reason = _refused(broken, bank)
    assert "fout op regel 18, kolom 23" in reason


def test_out_of_range_is_refused(bank):
    reason = _refused(DESIGN_EXAMPLE.replace('"participatie.ladder.micro" = 4', '"participatie.ladder.micro" = 7'),
                      bank)
    assert "buiten de schaal 1–6" in reason
    as_text = DESIGN_EXAMPLE.replace('"rol.positie.micro" = 3', '"rol.positie.micro" = "3"')
    assert "geheel getal" in _refused(as_text, bank)


def test_unknown_ids_are_kept_and_flagged(bank):
    data = DESIGN_EXAMPLE.replace('"rol.positie.micro" = 3', '"rol.positie.micro" = 3\n"toekomst.nieuw" = 9')
    answers = parse_answers(data.encode(), "f.toml", bank)
    assert answers.unknown_ids == ["toekomst.nieuw"]
    assert answers.scores["toekomst.nieuw"] == 9
    assert b'"toekomst.nieuw" = 9' in dumps(answers)


def test_own_files_are_private(bank, private_home):
    answers = full_answers(bank)
    path = save_answers(answers)
    assert path.parent == paths.answers_dir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (path.parent, paths.data_dir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_save_tightens_existing_loose_folder(bank, private_home):
    paths.answers_dir().mkdir(parents=True, mode=0o755)
    os.chmod(paths.answers_dir(), 0o755)
    save_answers(full_answers(bank))
    assert stat.S_IMODE(paths.answers_dir().stat().st_mode) == 0o700


CRASH_CHILD = """
import os, sys
from pathlib import Path
from reflectie import fileio
def crash(src, dst):
    os._exit(17)          # the process dies after the temp file is written, before the replace
os.replace = crash
fileio.atomic_write(Path(sys.argv[1]), b"NEW CONTENT")
"""


def test_crash_between_temp_write_and_replace_keeps_previous_file(tmp_path):
    target = tmp_path / "ronde.toml"
    atomic_write(target, b"OLD CONTENT")
    result = subprocess.run([sys.executable, "-c", CRASH_CHILD, str(target)])
    assert result.returncode == 17
    assert target.read_bytes() == b"OLD CONTENT"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "ronde.toml"]
    assert leftovers and all(n.startswith(".ronde.toml.") and n.endswith(".tmp") for n in leftovers)


def test_temp_leftovers_are_not_taken_for_rounds(bank, private_home):
    answers = full_answers(bank)
    save_answers(answers)
    (paths.answers_dir() / ".2026-najaar.toml.abcd.tmp").write_text("half")
    rounds, problems = list_rounds(bank)
    assert [r.round.id for r in rounds] == ["2026-najaar"] and not problems


def test_write_error_is_dutch_and_keeps_old(tmp_path, monkeypatch):
    target = tmp_path / "x.toml"
    atomic_write(target, b"OLD")

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(StoreError) as info:
        atomic_write(target, b"NEW")
    monkeypatch.undo()
    assert "De schijf is vol" in str(info.value)
    assert target.read_bytes() == b"OLD"
    assert [p.name for p in tmp_path.iterdir()] == ["x.toml"]


def test_shared_folder_that_cannot_be_made_is_a_store_error(bank, tmp_path):
    blocker = tmp_path / "geen-map"
    blocker.write_text("een bestand, geen map")
    with pytest.raises(StoreError) as info:
        write_shared(full_answers(bank), blocker / "team")
    assert "geen map" in str(info.value)


def test_shared_copy_leaves_out_checklist_owners_and_evidence(bank, tmp_path):
    from reflectie.model import ChecklistEntry

    answers = full_answers(bank)
    answers.checklist["iroj.referentiekader"] = ChecklistEntry(owner="Collega Jan", evidence="Verslag van Jan")
    assert "Collega Jan" in dumps(answers).decode()
    raw = write_shared(answers, tmp_path / "team").read_text("utf-8")
    assert "Collega Jan" not in raw and "checklist" not in raw
