"""The question bank: complete against the visienota, stable ids, validated loading."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from reflectie.bank import BUILTIN_DIR, RETIRED_FILE, SETS_SUBDIR, BankError, load_bank, same_shape
from reflectie.model import KIND_INDICATOR, KIND_POSITION, KIND_QUESTION

from .conftest import DATA

THEMES = ["rol", "participatie", "transparantie", "vraaggestuurd", "zelfbepaling"]


def visienota_questions() -> dict[tuple[str, str], list[str]]:
    """Parse the awareness questions straight from the visienota text (not from the bank)."""
    text = (DATA / "visienota_004.txt").read_text("utf-8")
    blocks = re.split(r"Bewustwordingsvragen[^\n]*\n", text)[1:]
    assert len(blocks) == 5
    result = {}
    for theme, block in zip(THEMES, blocks):
        block = re.split(r"\n\s*\d\. (?:Participatie|Transparantie|Vraaggestuurd|Zelfbepaling|Macro)", block)[0]
        micro, meso = block.split("Meso (niveau van de organisatie)")
        micro = micro.split("Micro (niveau van de hulpverlener)")[1]
        for level, part in (("micro", micro), ("meso", meso)):
            part = re.split(r"\n(?:[ \t]*\n){5,}", part.strip())[0]  # a long blank run ends the list
            questions = []
            for chunk in re.split(r"(?m)^\s*- ", part)[1:]:
                lines = [line.strip() for line in chunk.splitlines() if line.strip()]
                questions.append(lines)
            result[(theme, level)] = questions
    return result


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_awareness_question_is_in_the_bank_verbatim(bank):
    source = visienota_questions()
    assert sum(len(v) for (t, lv), v in source.items() if lv == "micro") == 46
    assert sum(len(v) for (t, lv), v in source.items() if lv == "meso") == 43
    for (theme, level), questions in source.items():
        items = bank.themes[theme].items_for(level, KIND_QUESTION)
        assert len(items) == len(questions), (theme, level)
        for item, lines in zip(items, questions):
            # the same words in the same order; line breaks of the PDF copy do not count
            assert squash(item.text) == squash("".join(lines)), item.id
            assert item.theme == theme and item.level == level
            assert "visienota" in item.source.lower()


def test_counts_per_level(bank):
    questions = [i for i in bank.items.values() if i.kind == KIND_QUESTION]
    assert sum(i.level == "micro" for i in questions) == 46
    assert sum(i.level == "meso" for i in questions) == 43


def test_ids_unique_across_files():
    """Active ids, ids of the further sets and retired ids never collide."""
    seen: dict[str, str] = {}
    paths = [*BUILTIN_DIR.glob("*.toml"), *(BUILTIN_DIR / SETS_SUBDIR).glob("*.toml")]
    for path in paths:
        doc = tomllib.loads(path.read_text("utf-8"))
        for kind in ("positionering", "indicator", "vraag", "vervallen"):
            for raw in doc.get(kind, []):
                assert raw["id"] not in seen, f"{raw['id']} in {path.name} and {seen[raw['id']]}"
                seen[raw["id"]] = path.name
    assert (BUILTIN_DIR / RETIRED_FILE).exists()


def test_ids_are_stable():
    """Answers refer to ids: an id may be added or retired, never removed or given another place."""
    bank = load_bank(enabled_sets=["belang-van-het-kind", "raamwerk-futureproof"])
    listed = set()
    for line in (DATA / "stable_ids.txt").read_text("utf-8").splitlines():
        item_id, kind, theme, level = line.split()
        listed.add(item_id)
        item = bank.item(item_id)
        assert item is not None, f"id {item_id} verdween uit de vragenbank"
        assert (item.kind, item.theme, item.level) == (kind, theme, level), item_id
        if item.retired:
            assert item not in bank.themes[theme].items and item in bank.themes[theme].retired_items
        else:
            assert item in bank.themes[theme].items
    # every id the bank knows is listed, so a new id is published on purpose
    assert set(bank.items) <= listed, sorted(set(bank.items) - listed)


def test_design_positioning_ids(bank):
    for item_id in [
        "rol.positie.micro", "rol.positie.meso", "rol.bepaling.micro",
        "participatie.ladder.micro", "participatie.ladder.micro.clientbeeld", "participatie.ladder.meso",
        *[f"{t}.positie.{lv}" for t in ("transparantie", "vraaggestuurd", "zelfbepaling") for lv in ("micro", "meso")],
        *[f"vraaggestuurd.{p}.{lv}" for p in ("doelen", "weg") for lv in ("micro", "meso")],
    ]:
        item = bank.item(item_id)
        assert item is not None and item.kind == KIND_POSITION, item_id
    # the vraaggestuurd positioning was split into goals and way; its old ids stay readable
    assert bank.item("vraaggestuurd.positie.micro").retired
    assert bank.item("rol.bepaling.micro").scale.nominal
    assert "meestal" in bank.item("rol.bepaling.micro").text
    assert [lv.name for lv in bank.item("rol.bepaling.micro").scale.levels] == [
        "Zelf gekozen", "Afhankelijk van de situatie", "Toegewezen door de setting"]
    continuum = bank.item("rol.positie.micro").scale
    assert (continuum.min, continuum.max) == (1, 5)
    assert [continuum.label(v) for v in (1, 3, 5)] == ["Expert / regisseur", "Gids", "Kompaan"]


def test_meso_continuum_speaks_of_the_organisation(bank):
    micro = bank.item("rol.positie.micro").scale
    meso = bank.item("rol.positie.meso").scale
    assert same_shape(micro, meso) and micro is not meso
    assert all(lv.explanation.startswith("Ik ") for lv in micro.levels)
    assert all(lv.explanation.startswith("Medewerkers ") for lv in meso.levels)


def test_ladder_has_six_levels_in_order(bank):
    ladder = bank.item("participatie.ladder.micro").scale
    assert [lv.value for lv in ladder.levels] == [1, 2, 3, 4, 5, 6]
    assert [lv.name for lv in ladder.levels] == [
        "Informeren en signaleren", "Consulteren of raadplegen", "Adviseren",
        "Co-produceren", "Mee-beslissen", "Zelfbeheer",
    ]
    assert all(lv.explanation for lv in ladder.levels)
    assert bank.item("participatie.ladder.micro.clientbeeld").scale is ladder
    meso = bank.item("participatie.ladder.meso").scale
    assert same_shape(ladder, meso)
    # micro speaks of the worker, meso of the organisation (§4.2 describes policy and organisations)
    for level in (1, 2, 3):
        assert "organisatie" not in ladder.levels[level - 1].explanation
        assert "organisatie" in meso.levels[level - 1].explanation
    # level 4: clients and the organisation set the agenda together (§4.2, co-produceren)
    assert "samen met de organisatie de agenda" in meso.levels[3].explanation
    # level 2: feedback matters, but is not what defines the level
    assert "Wel is het belangrijk" in meso.levels[1].explanation


def test_every_theme_complete(bank):
    for theme_id in THEMES:
        theme = bank.themes[theme_id]
        assert theme.intro and "Visienota" in theme.source
        for level in ("micro", "meso"):
            assert len(theme.items_for(level, KIND_INDICATOR)) >= 4, (theme_id, level)
            assert theme.items_for(level, KIND_POSITION), (theme_id, level)
            assert theme.action_prompt(level)
            for item in theme.items_for(level, KIND_INDICATOR):
                assert item.source and item.scale.id in ("frequentie", "instemming"), item.id
    iroj = bank.themes["iroj"]
    assert iroj.kind == "checklist" and len(iroj.items) == 7
    assert {item.scale.id for item in iroj.items} == {"voortgang"}
    assert bank.themes["implementatie"].kind == "checklist"
    assert [t.id for t in bank.profile_themes()] == THEMES


def _user_file(home: Path, name: str, text: str) -> Path:
    folder = home / "vragen"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


GOOD_USER_FILE = """
[thema]
id = "kinderrechten"
titel = "Kinderrechten"
bron = "Eigen set"
inleiding = "Een extra set."

[[indicator]]
id = "kinderrechten.belang"
niveau = "micro"
stelling = "Ik weeg het belang van het kind expliciet af."
bron = "KeKi"

[[vraag]]
id = "kinderrechten.micro.1"
niveau = "micro"
tekst = "Hoe hoor je het kind?"
"""


def test_user_file_loads_beside_builtin(private_home):
    _user_file(private_home, "kinderrechten.toml", GOOD_USER_FILE)
    bank = load_bank(private_home / "vragen")
    assert "kinderrechten" in bank.themes
    assert bank.item("kinderrechten.belang").scale.id == "frequentie"
    assert not bank.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD_USER_FILE.replace('stelling = "Ik', 'stellnig = "Ik'),
         ["indicator kinderrechten.belang", "onbekende sleutel 'stellnig'", "Bedoel je 'stelling'?"]),
        (GOOD_USER_FILE.replace('id = "kinderrechten.micro.1"', 'id = "kinderrechten.belang"'),
         ["kinderrechten.belang", "meer dan eens"]),
        (GOOD_USER_FILE.replace('id = "kinderrechten.micro.1"', 'id = "rol.micro.1"'),
         ["rol.micro.1", "meer dan eens"]),
        (GOOD_USER_FILE.replace('tekst = "Hoe hoor je het kind?"', 'tekst = ""'),
         ["vraag kinderrechten.micro.1", "'tekst' moet een niet-lege tekst zijn"]),
        (GOOD_USER_FILE + '\n[[schaal]]\nid = "leeg"\nnaam = "Leeg"\nniveaus = []\n',
         ["schaal leeg", "minstens twee niveaus"]),
        (GOOD_USER_FILE.replace('bron = "KeKi"', 'bron = "KeKi"\nschaal = "frequnetie"'),
         ["onbekende schaal 'frequnetie'", "Bedoel je 'frequentie'?"]),
        (GOOD_USER_FILE.replace('niveau = "micro"\nstelling', 'niveau = "mikro"\nstelling'),
         ["'niveau' moet micro, meso of macro zijn"]),
        (GOOD_USER_FILE.replace('id = "kinderrechten"', 'id = "rol"'), ["het thema 'rol' bestaat al"]),
        ("dit is [geen toml", ["geen geldige TOML"]),
    ],
)
def test_broken_user_file_is_refused_with_reason(private_home, text, expected):
    path = _user_file(private_home, "eigen.toml", text)
    bank = load_bank(private_home / "vragen")
    assert "kinderrechten" not in bank.themes or "rol" in text
    assert len(bank.themes) >= 6  # the built-in bank still loads
    message = "\n".join(bank.problems)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_broken_builtin_bank_raises_naming_file_and_item(tmp_path):
    for path in BUILTIN_DIR.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text("utf-8"), "utf-8")
    target = tmp_path / "transparantie.toml"
    broken = target.read_text("utf-8").replace('niveau = "micro"\nvraag', 'nivau = "micro"\nvraag', 1)
    target.write_text(broken, "utf-8")
    with pytest.raises(BankError) as info:
        load_bank(builtin_dir=tmp_path)
    message = str(info.value)
    assert "transparantie.toml" in message and "transparantie.positie.micro" in message
    assert "Bedoel je 'niveau'?" in message


def test_non_utf8_user_file(private_home):
    folder = private_home / "vragen"
    folder.mkdir(parents=True)
    (folder / "raar.toml").write_bytes(b"\xff\xfe[thema]\n")
    bank = load_bank(folder)
    assert any("geen UTF-8" in p for p in bank.problems)
