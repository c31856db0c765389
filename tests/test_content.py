"""The content of the bank against the visienota: display texts, scales that fit the wording,
retired ids, what is whose, the glossary, the nota's frame and the further sets."""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from reflectie.answersfile import dumps, parse_answers, read_answers
from reflectie.bank import (
    BUILTIN_DIR,
    BankError,
    available_sets,
    default_bank,
    load_bank,
    load_frame,
    load_glossary,
    search_glossary,
)
from reflectie.cli import app
from reflectie.model import (
    KIND_INDICATOR,
    KIND_POSITION,
    KIND_QUESTION,
    NA,
    Answers,
    Participant,
    RoundInfo,
    source_section,
)

THEMES = ["rol", "participatie", "transparantie", "vraaggestuurd", "zelfbepaling"]
ALL_SETS = ["belang-van-het-kind", "raamwerk-futureproof"]
runner = CliRunner()

# The spelling fixes allowed in a display text, per awareness question: (as in the nota, shown as).
# The display text must be the nota's text with exactly these substitutions and nothing else.
DISPLAY_FIXES: dict[str, list[tuple[str, str]]] = {
    "rol.micro.2": [("werkzaam bent?", "werkzaam bent?)")],
    "rol.meso.7": [("wat er nodig is?", "wat er nodig is?)")],
    "rol.micro.11": [("daar mee", "daarmee")],
    "vraaggestuurd.micro.4": [("alles te durft vragen", "alles durft te vragen")],
    "vraaggestuurd.micro.6": [("(geen gedeelde)", "(niet-gedeelde)")],
    "vraaggestuurd.meso.2": [("procesures", "procedures")],
    "vraaggestuurd.meso.4": [("bv..", "bv.")],
    "transparantie.meso.6": [("er bij is", "erbij is")],
    "transparantie.meso.8": [("cliëntsystemen.", "cliëntsystemen?")],
    "zelfbepaling.meso.4": [("(rond regie)", "(rond regie)?")],
    "zelfbepaling.micro.10": [("af hoe zorgen jullie dat", "af hoe jullie zorgen dat")],
    "zelfbepaling.micro.11": [("een niet-weten houding", "een niet-wetende houding")],
    "zelfbepaling.meso.2": [("organisatienivau", "organisatieniveau")],
    "zelfbepaling.meso.3": [("kandidaat cliënten", "kandidaat-cliënten")],
    "zelfbepaling.meso.6": [("zou vragen", "zou stellen")],
    "zelfbepaling.meso.11": [("niet – verontrustende", "niet-verontrustende")],
    "participatie.meso.2": [("aan de orde is", "aan de orde zijn")],
}

# Wording category -> the scale a statement of that category must use.
CATEGORY_SCALE = {"handeling": "frequentie", "toestand": "instemming", "maatregel": "voortgang"}
STATE_WORDING = [
    r"^Er (is|zijn) ",
    r"^Structuren, processen en doelstellingen ",
    r"\bmogen\b",
    r"\bmag\b",
    r"^Ik heb zicht op ",
    r"^Onze organisatie heeft ",
    r"\bis zorgvuldig doordacht\b",
]
# Statements the review named as states; the category rules must find them (guards the regexes).
KNOWN_STATES = [
    "zelfbepaling.org-visie-gedeeld",
    "participatie.org-kader-in-vraag",
    "rol.org-mogen-niet-weten",
    "rol.org-structuren-kompaan",
    "participatie.org-structuren-participatie",
    "vraaggestuurd.org-structuren-vraag",
    "vraaggestuurd.referentiekader-zicht",
]


def wording_category(item, theme_kind: str) -> str:
    if theme_kind == "checklist":
        return "maatregel"
    if any(re.search(pattern, item.text) for pattern in STATE_WORDING):
        return "toestand"
    return "handeling"


@pytest.fixture(scope="module")
def full_bank():
    return load_bank(enabled_sets=ALL_SETS)


def _questions(bank):
    return [i for i in bank.active_items() if i.kind == KIND_QUESTION and i.verbatim]


# --- display texts ----------------------------------------------------------------------------


def test_display_differs_from_the_nota_only_by_the_listed_fixes(bank):
    with_display = {item.id for item in bank.active_items() if item.display}
    assert with_display == set(DISPLAY_FIXES)
    for item in _questions(bank):
        fixes = DISPLAY_FIXES.get(item.id)
        if fixes is None:
            assert item.display == "" and item.shown_text == item.text, item.id
            continue
        expected = item.text
        for old, new in fixes:
            assert expected.count(old) == 1, (item.id, old)
            expected = expected.replace(old, new)
        assert item.display == expected, item.id
        assert item.shown_text == item.display


def test_display_only_on_verbatim_questions(full_bank):
    for item in full_bank.items.values():
        if item.display:
            assert item.kind == KIND_QUESTION and item.verbatim, item.id


# --- scales that fit the wording -------------------------------------------------------------


def test_every_statement_uses_the_scale_of_its_wording(full_bank):
    counts = {category: 0 for category in CATEGORY_SCALE}
    for theme in full_bank.ordered_themes(None):
        for item in theme.items_for(kind=KIND_INDICATOR):
            category = wording_category(item, theme.kind)
            counts[category] += 1
            assert item.scale.id == CATEGORY_SCALE[category], (item.id, category, item.text)
    for item_id in KNOWN_STATES:
        item = full_bank.item(item_id)
        assert wording_category(item, "thema") == "toestand", item_id
    assert all(counts.values()), counts


def test_no_double_negatives_on_a_frequency_scale(full_bank):
    for item in full_bank.active_items():
        if item.scale is not None and item.scale.id == "frequentie":
            text = item.text.lower()
            negations = len(re.findall(r"\b(niet|nooit|geen|niets)\b", text))
            assert negations <= 1, item.id
            assert "nooit" not in text, (
                item.id
            )  # 'nooit' on a nooit–altijd scale reads as a double negative


def test_split_statements_each_say_one_thing(bank):
    for old_id in [
        "rol.netwerk-verbreden",
        "rol.niet-weten",
        "transparantie.rechten-plichten",
        "transparantie.org-dossier",
        "transparantie.org-verslaggeving",
        "vraaggestuurd.eigen-referentiekader",
        "zelfbepaling.overname-in-team",
        "zelfbepaling.org-flexibele-afspraken",
        "zelfbepaling.org-regie-bij-verontrusting",
        "iroj.charter",
    ]:
        old = bank.item(old_id)
        assert old.retired and len(old.replaced_by) >= 2, old_id
    assert len(bank.item("transparantie.rechten-plichten").replaced_by) == 3
    assert "meldingsplicht" not in bank.item("transparantie.info-delen-zonder-toestemming").text


def test_not_applicable_and_dont_know_per_item(full_bank):
    bank = full_bank
    assert not bank.item("rol.machtspositie-bespreken").allows_na  # "altijd in een machtspositie"
    for item_id in [
        "rol.informeren-als-expert",
        "vraaggestuurd.kader-bepaalt-doelen",
        "zelfbepaling.overname-met-team",
        "zelfbepaling.overname-in-overleg",
        "zelfbepaling.org-overname-in-team",
        "zelfbepaling.kind-perspectief",
    ]:
        assert bank.item(item_id).allows_na, item_id
    for item in bank.active_items():
        if item.kind == KIND_QUESTION:
            assert not item.allows_na and not item.allows_dont_know, item.id
        elif item.level == "meso":
            assert item.allows_dont_know, (
                item.id
            )  # a worker often cannot know how the organisation works
        else:
            assert not item.allows_dont_know, item.id


# --- retired ids ------------------------------------------------------------------------------


def test_retired_items_are_readable_but_listed_by_no_theme(bank):
    retired = bank.retired_items()
    assert len(retired) >= 20 and bank.version == 2
    active_ids = {i.id for t in bank.themes.values() for i in t.items}
    for item in retired:
        assert item.id not in active_ids
        assert item.retired_in == 2 and item.help, item.id
        assert not item.in_profile and item.counterpart is None
        for new_id in item.replaced_by:
            new = bank.item(new_id)
            assert new is not None and not new.retired and new.theme == item.theme, (
                item.id,
                new_id,
            )


OLD_ROUND = """
format = "reflectie-antwoorden"
version = 1

[deelnemer]
id = "oud001"
organisatie = "CAW Oost"

[ronde]
id = "2026-voorjaar"
gestart = 2026-03-01T09:00:00+01:00
bijgewerkt = 2026-03-01T09:30:00+01:00

[scores]
"vraaggestuurd.positie.micro" = 4
"vraaggestuurd.positie.meso" = 2
"transparantie.niets-verzwijgen" = 5
"rol.org-niet-weten" = 3
"iroj.charter" = 2
"rol.positie.micro" = 3
nvt = ["zelfbepaling.overname-in-team", "transparantie.rechten-plichten"]

[antwoorden."vraaggestuurd.micro.4"]
tekst = "Een reflectie uit de vorige ronde."
delen = true
bespreken = false
"""


def test_an_old_round_with_retired_ids_opens_without_unknown_ids(tmp_path, bank):
    path = tmp_path / "2026-voorjaar.toml"
    path.write_text(OLD_ROUND, "utf-8")
    answers = read_answers(path, bank)
    assert answers.unknown_ids == []
    assert answers.scores["vraaggestuurd.positie.micro"] == 4
    assert answers.na == {"zelfbepaling.overname-in-team", "transparantie.rechten-plichten"}
    # written again by this version, it reads back the same
    again = parse_answers(dumps(answers), "x.toml", bank)
    assert again.scores == answers.scores and again.na == answers.na


def test_an_old_score_outside_the_new_scale_would_still_be_checked(tmp_path, bank):
    path = tmp_path / "x.toml"
    path.write_text(
        OLD_ROUND.replace('"vraaggestuurd.positie.micro" = 4', '"vraaggestuurd.positie.micro" = 9'),
        "utf-8",
    )
    from reflectie.errors import AnswersFileError

    with pytest.raises(AnswersFileError):
        read_answers(path, bank)


def _copy_builtin(tmp_path):
    target = tmp_path / "ingebouwd"
    shutil.copytree(BUILTIN_DIR, target)
    return target


def test_a_retired_id_may_not_be_active_or_point_nowhere(tmp_path):
    folder = _copy_builtin(tmp_path)
    retired = folder / "vervallen.toml"
    text = retired.read_text("utf-8")
    retired.write_text(text.replace('id = "rol.niet-weten"', 'id = "rol.samen-zoeken"', 1), "utf-8")
    with pytest.raises(BankError, match="rol.samen-zoeken.*nog in gebruik"):
        load_bank(builtin_dir=folder)
    retired.write_text(
        text.replace('"rol.hulpverleningsnetwerk"]', '"rol.bestaat-niet"]', 1), "utf-8"
    )
    with pytest.raises(BankError, match="onbekende id 'rol.bestaat-niet'"):
        load_bank(builtin_dir=folder)


# --- the vraaggestuurd split ------------------------------------------------------------------


def test_vraaggestuurd_positioning_split_into_goals_and_way(bank):
    theme = bank.themes["vraaggestuurd"]
    for level in ("micro", "meso"):
        positions = theme.items_for(level, KIND_POSITION)
        assert [p.id for p in positions] == [
            f"vraaggestuurd.doelen.{level}",
            f"vraaggestuurd.weg.{level}",
        ]
        goals, way = positions
        assert goals.text.startswith("Wie bepaalt de doelen")
        assert way.text.startswith("Wie bepaalt de weg")
        assert goals.scale is way.scale and goals.in_profile and way.in_profile
        old = bank.item(f"vraaggestuurd.positie.{level}")
        assert old.retired and old.replaced_by == (goals.id, way.id)
        assert old not in theme.items
    assert bank.item("vraaggestuurd.doelen.micro").counterpart == "vraaggestuurd.doelen.meso"
    assert bank.item("vraaggestuurd.weg.micro").counterpart == "vraaggestuurd.weg.meso"
    # the old scale's Dutch is fixed for old rounds too
    old_scale = bank.item("vraaggestuurd.positie.micro").scale
    assert "waar mogelijk aangepast" in old_scale.levels[3].explanation


def test_cli_shows_the_split(private_home):
    result = runner.invoke(app, ["vragen", "--thema", "vraaggestuurd"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Wie bepaalt de doelen in de trajecten die jij begeleidt?" in out
    assert "Wie bepaalt de weg naar die doelen" in out
    assert "vraaggestuurd.positie.micro" not in out
    assert "weet ik niet mogelijk" in out and "klopt helemaal" in out
    assert "↳ ook de vraag bij je eerstvolgende actie" in out
    retired = runner.invoke(app, ["vragen", "--vervallen"], env={"COLUMNS": "200"})
    assert (
        "vraaggestuurd.positie.micro → vraaggestuurd.doelen.micro, vraaggestuurd.weg.micro"
        in retired.output
    )


# --- what is whose ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "section"),
    [
        ("Visienota, 4.3 Transparantie, bewustwordingsvragen micro", "§4.3"),
        ("4.1, het continuüm", "§4.1"),
        ("5, eerste maatregel", "§5"),
        ("Aanbeveling 5, drempels", "aanbeveling 5"),
        ("", ""),
    ],
)
def test_source_section(source, section):
    assert source_section(source) == section


def test_attribution_says_whose_words(bank):
    for theme_id in THEMES:
        theme = bank.themes[theme_id]
        section = source_section(theme.source)
        for item in theme.items:
            if item.kind == KIND_QUESTION:
                assert item.verbatim
                assert item.attribution == f"Letterlijk uit de visienota ({section})", item.id
            else:
                assert not item.verbatim
                assert item.attribution.startswith(
                    "Eigen uitwerking op basis van de visienota (§"
                ), item.id
    assert bank.item("transparantie.dossier-laten-weten").attribution.endswith("(§4.3)")
    assert bank.item("iroj.aco").attribution == "Eigen uitwerking op basis van de visienota (§5)"


def test_user_questions_are_not_attributed_to_the_nota(private_home):
    folder = private_home / "vragen"
    folder.mkdir(parents=True)
    (folder / "eigen.toml").write_text(
        '[thema]\nid = "eigen"\ntitel = "Eigen"\nbron = "Ons team"\ninleiding = "x"\n\n'
        '[[vraag]]\nid = "eigen.1"\nniveau = "micro"\ntekst = "Hoe gaat het?"\n',
        "utf-8",
    )
    bank = load_bank(folder)
    item = bank.item("eigen.1")
    assert not item.verbatim and "visienota" not in item.attribution.lower()


# --- action question and action format --------------------------------------------------------


def test_the_meso_action_question_is_the_action_prompt(bank):
    for theme_id in THEMES:
        theme = bank.themes[theme_id]
        question = theme.action_question("meso")
        assert question is not None and question is theme.items_for("meso", KIND_QUESTION)[-1]
        assert question.text.startswith("Wat is de eerstvolgende actie")
        assert theme.action_prompt("meso") == question.shown_text
        assert theme.action_question("micro") is None
        assert theme.action_prompt("micro") == theme.action_prompts["micro"]
    assert sum(item.is_action_question for item in bank.active_items()) == 5


def test_bannen_behouden_bereiken(bank):
    fmt = bank.action_formats["bannen-behouden-bereiken"]
    assert [part.key for part in fmt.parts] == ["bannen", "behouden", "bereiken"]
    assert "3" in fmt.source and "Visienota" in fmt.source
    for part in fmt.parts:
        assert (
            part.prompt("micro")
            and part.prompt("meso")
            and part.prompt("micro") != part.prompt("meso")
        )


# --- checklists -------------------------------------------------------------------------------


def test_meso_implementation_checklist(bank):
    theme = bank.themes["implementatie"]
    assert theme.kind == "checklist" and theme.levels == ("meso",)
    assert len(theme.items) >= 6 and all(i.scale.id == "voortgang" for i in theme.items)
    assert "dagelijkse werking" in theme.intro
    assert theme.action_prompt("meso")
    assert theme not in bank.profile_themes()


def test_macro_checklist_round_trips(bank):
    theme = bank.themes["iroj"]
    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    answers = Answers(
        Participant(id="wg0001", organisation="Werkgroep"), RoundInfo("2026-najaar", now, now)
    )
    for value, item in enumerate(theme.items_for("macro"), 1):
        answers.scores[item.id] = (value % 5) + 1
    answers.set_choice("iroj.aco", NA)
    again = parse_answers(dumps(answers), "x.toml", bank)
    assert again.scores == answers.scores and again.na == {"iroj.aco"} and again.unknown_ids == []


# --- further sets: other frameworks, off by default -------------------------------------------


def test_further_sets_are_off_by_default(bank):
    assert bank.sets == () and not bank.ordered_themes("kader")
    assert not default_bank().ordered_themes("kader")
    assert {set_id for set_id, _ in available_sets()} == set(ALL_SETS)


def test_further_sets_load_when_asked_and_say_whose_they_are(full_bank):
    kaders = full_bank.ordered_themes("kader")
    assert {t.set for t in kaders} == set(ALL_SETS)
    for theme in kaders:
        assert "ander kader dan de visienota" in theme.intro.lower()
        # the file names its seed document; a person reads its title (test_every_source_…_readable)
        raw = tomllib.loads(next((BUILTIN_DIR / "kaders").glob(f"{theme.set}.toml")).read_text(encoding="utf-8"))
        assert re.search(r"00[01]_[0-9a-f]{16}\.txt", raw["thema"]["bron"]), theme.set
        assert "‘Het belang van het kind" in theme.source or "futureproof’" in theme.source, theme.source
        assert theme not in full_bank.profile_themes()
        for item in theme.items:
            assert item.source and not item.verbatim
            assert item.attribution.startswith(f"Eigen uitwerking op basis van {theme.basis}"), (
                item.id
            )
            assert "visienota" not in theme.basis
            assert set(item.related_themes) <= set(THEMES)
    raamwerk = full_bank.themes["raamwerk"]
    principles = [
        "kracht- en oplossingsgericht",
        "geïntegreerde samenwerking",
        "toegankelijk en nabij",
        "proactief",
        "systemisch",
        "maatwerk",
        "holistisch",
    ]
    micro = raamwerk.items_for("micro", KIND_QUESTION)
    assert [p for p in principles if any(p in q.text for q in micro)] == principles
    mapped = {theme for q in micro for theme in q.related_themes}
    assert mapped == {
        "rol",
        "participatie",
        "vraaggestuurd",
        "zelfbepaling",
    }  # an own reading, see 'uitleg'
    assert full_bank.item("raamwerk.micro.proactief").related_themes == ()  # no theme fits: said so
    assert all(q.help.startswith(("Koppeling:", "Geen van de vijf thema's")) for q in micro)


def test_unknown_set_is_named(private_home):
    bank = load_bank(enabled_sets=["bestaat-niet"])
    assert any("bestaat-niet" in p and "belang-van-het-kind" in p for p in bank.problems)
    result = runner.invoke(app, ["vragen", "--kader", "bestaat-niet"])
    assert result.exit_code == 2 and "belang-van-het-kind" in result.output


def test_cli_shows_a_set_when_asked(private_home):
    result = runner.invoke(
        app,
        ["vragen", "--kader", "belang-van-het-kind", "--thema", "belang-kind"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "Ander kader dan de visienota" in result.output and "schijnparticipatie" in result.output


# --- glossary and frame -----------------------------------------------------------------------

REQUIRED_TERMS = [
    "cliëntsysteem",
    "ondersteuningscentrum jeugdzorg",
    "vertrouwenscentrum kindermishandeling",
    "sociale dienst bij de jeugdrechtbank",
    "consultfunctie",
    "supporters",
    "vertrouwenspersoon",
    "decreet rechtspositie minderjarige",
    "ACO",
    "Grabbelbox",
    "IROJ",
    "participatieladder",
]


def test_glossary_has_the_terms_each_with_a_source():
    entries = {entry.term: entry for entry in load_glossary()}
    for term in REQUIRED_TERMS:
        assert term in entries, term
    for entry in entries.values():
        assert entry.text and entry.sources, entry.term
    # the data names the source document's file, so every source can be traced ...
    seed = re.compile(r"\b00[0-4]_[0-9a-f]{16}\.txt\b")
    raw = tomllib.loads((BUILTIN_DIR / "begrippen.toml").read_text(encoding="utf-8"))["begrip"]
    for row in raw:
        assert any(seed.search(source) or "README" in source for source in row["bronnen"]), row["term"]
    # honest about what the nota does not say
    assert "zegt de nota niet" in entries["Grabbelbox"].text
    assert "niet voluit" in entries["ACO"].text
    # the three services the nota's footnote 5 names
    for term in (
        "ondersteuningscentrum jeugdzorg",
        "vertrouwenscentrum kindermishandeling",
        "sociale dienst bij de jeugdrechtbank",
    ):
        assert "voetnoot 5" in entries[term].text or any(
            "voetnoot 5" in s for s in entries[term].sources
        )


def test_glossary_search_and_cli(private_home):
    entries = load_glossary()
    assert [e.term for e in entries if e.matches("OCJ")] == ["ondersteuningscentrum jeugdzorg"]
    result = runner.invoke(app, ["begrippen", "grabbel"], env={"COLUMNS": "120"})
    assert result.exit_code == 0 and "Grabbelbox" in result.output
    assert "Bron: Visienota, §5, tweede maatregel" in result.output
    everything = runner.invoke(app, ["begrippen"], env={"COLUMNS": "120"})
    assert all(term in everything.output for term in ("cliëntsysteem", "IROJ", "consultfunctie"))
    nothing = runner.invoke(app, ["begrippen", "xyzzy"])
    assert nothing.exit_code == 1 and "geen begrip gevonden" in nothing.output


SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}|\.txt\b|README|bronbestand", re.IGNORECASE)


def test_every_source_a_person_sees_is_readable(full_bank, private_home):
    """... but a person sees the document's title and the place in it, never a file name."""
    entries = {entry.term: entry for entry in load_glossary()}
    assert entries["Grabbelbox"].sources == ("Visienota, §5, tweede maatregel",)
    assert "Raamwerk ‘Samen maken we de jeugdhulp futureproof’, werf 3" in (
        entries["gemandateerde voorziening"].sources
    )
    assert entries["IROJ"].sources[0] == "Lijst met afkortingen bij de brondocumenten"
    shown = [s for entry in entries.values() for s in entry.sources]
    shown += [s.source for s in load_frame().sections]
    shown += [theme.source for theme in full_bank.themes.values()]
    shown += [item.source for item in full_bank.items.values()]
    shown += [item.attribution for item in full_bank.items.values()]
    shown += [fmt.source for fmt in full_bank.action_formats.values()]
    assert shown and not [source for source in shown if SEED_FILE.search(source)]
    assert full_bank.themes["belang-kind"].source == (
        "Kenniscentrum Kinderrechten (KeKi), beleidsadvies ‘Het belang van het kind in de jeugdhulp’"
    )
    for command in (["begrippen"], ["vragen", "--kader", "belang-van-het-kind", "--kader", "raamwerk-futureproof"]):
        result = runner.invoke(app, command, env={"COLUMNS": "120"})
        assert result.exit_code == 0 and "Bron: " in result.output, result.output[-500:]
        assert not SEED_FILE.search(result.output), SEED_FILE.search(result.output)


def test_glossary_finds_what_a_worker_types():
    entries = load_glossary()

    def found(query: str) -> list[str]:
        return [entry.term for entry in search_glossary(entries, query)]

    # the stem in another spelling, first the term that carries it, then those that explain with it
    assert found("mandaat")[0] == "gemandateerde voorziening"
    assert "consultfunctie" in found("mandaat")  # its explanation names the gemandateerde voorziening
    assert found("Gemandateerd")[0] == "gemandateerde voorziening"
    # case and accents as one types them
    assert found("clientsysteem")[0] == "cliëntsysteem" and found("CLIËNTSYSTEEM")[0] == "cliëntsysteem"
    assert "cliëntsysteem" in found("cliëntsystemen")
    assert found("iroj")[0] == "IROJ"
    # every word counts
    both = found("kindermishandeling vertrouwenscentrum")
    assert both[0] == "vertrouwenscentrum kindermishandeling" and "IROJ" not in both
    assert found("mandaat xyzzy") == []
    assert len(found("")) == len(entries)


def test_the_search_examples_find_something(private_home):
    entries = load_glossary()
    help_text = runner.invoke(app, ["begrippen", "--help"], env={"COLUMNS": "200"}).output
    examples = re.search(r"\(bv\. ([^)]+)\)", help_text)
    assert examples, help_text
    for example in examples.group(1).split(", "):
        assert search_glossary(entries, example), example
        result = runner.invoke(app, ["begrippen", example], env={"COLUMNS": "120"})
        assert result.exit_code == 0, (example, result.output)
    # ZOEK may be left out: the usage line says so
    assert "Gebruik: reflectie begrippen [OPTIES] [ZOEK]" in help_text


async def test_the_glossary_screen_finds_its_own_examples(private_home):
    from textual.widgets import Input, Static

    from reflectie.screens.begrippen import BegrippenScreen

    from .apphelpers import new_app

    tui = new_app()
    async with tui.run_test(size=(80, 24)) as pilot:
        tui.open_glossary()
        await pilot.pause()
        screen = tui.screen
        assert isinstance(screen, BegrippenScreen)
        search = screen.query_one("#search", Input)
        examples = re.search(r"bv\. (.+)$", search.placeholder)
        assert examples, search.placeholder
        for example in examples.group(1).split(" of "):
            search.value = ""
            await pilot.press(*example)
            await pilot.pause()
            shown = [str(s.render()) for s in screen.query_one("#entries").query(Static)]
            assert shown and not any("Geen begrip gevonden" in text for text in shown), example
        search.value = ""
        await pilot.press(*"mandaat")
        await pilot.pause()
        first = str(screen.query_one("#entries").query(Static).first().render())
        assert first.startswith("gemandateerde voorziening")


def test_frame_of_the_nota():
    frame = load_frame()
    text = " ".join(f"{s.title} {s.text} {s.source}" for s in frame.sections)
    assert "gewoon waar mogelijk" in text
    assert "art. 9 en 10" in text and "12 juli 2013" in text
    assert "volwaardige plek in de samenleving" in text
    assert "sociaal netwerk creëren" in text  # the ondersteuningsplan of the decree
    assert sum("finaliteit" in s.title.lower() for s in frame.sections) == 3
    assert all(s.source.startswith("Visienota") for s in frame.sections)


# --- the nota's meaning and the app's Dutch in the bank ---------------------------------------


def test_intros_keep_the_notas_meaning(bank):
    rol = bank.themes["rol"].intro
    assert "recht evenredig" in rol and "belang van de minderjarige" in rol
    assert "wisselt af met de andere rollen" in rol and "kán werken" in rol
    transparantie = bank.themes["transparantie"].intro
    assert "Voetnoot 5" in transparantie and "Voetnoot 6" in transparantie
    for service in (
        "ondersteuningscentra jeugdzorg",
        "vertrouwenscentra kindermishandeling",
        "sociale diensten bij de jeugdrechtbanken",
    ):
        assert service in transparantie
    assert "Voetnoot 6" in bank.item("transparantie.micro.4").help


def _own_texts(bank):
    for theme in bank.themes.values():
        yield theme.id, theme.intro
        for prompt in theme.action_prompts.values():
            yield theme.id, prompt
    for scale in bank.scales.values():
        for level in scale.levels:
            yield scale.id, f"{level.name} {level.explanation}"
    for item in bank.active_items():  # a retired item keeps the text it was published with
        if not item.verbatim:
            yield item.id, item.text
        yield item.id, item.help
    for entry in load_glossary():
        yield entry.term, entry.text
    for section in load_frame().sections:
        yield section.title, section.text


def test_house_style_of_own_texts(full_bank):
    for where, text in _own_texts(full_bank):
        assert "zo veel mogelijk" not in text, (
            where
        )  # one spelling: the nota's own 'zoveel mogelijk'
        assert "(en)" not in text and "(s)" not in text, where  # no bracketed plurals
        assert not re.search(r"(^|[\s(])'", text) and '"' not in text, where  # quotes are ‘ ’
    assert full_bank.item("zelfbepaling.overname-met-team").text.startswith(
        "Over een overname van de regie"
    )
    assert "in de trajecten van je organisatie" in full_bank.item("zelfbepaling.positie.meso").text
    assert "klopt eerder wel" in [lv.name for lv in full_bank.scales["instemming"].levels]


def test_vragen_prints_user_question_files_as_text_not_markup(private_home):
    folder = private_home / "vragen"
    folder.mkdir(parents=True)
    (folder / "eigen.toml").write_text(
        '[thema]\nid = "eigen"\ntitel = "[bold red]Titel[/]"\nbron = "[link=x]bron[/link]"\n'
        'inleiding = "Tekst met [blink]opmaak[/blink]."\n\n'
        '[[vraag]]\nid = "eigen.1"\nniveau = "micro"\ntekst = "Vraag met [/] en [red]kleur[/red]?"\n',
        "utf-8",
    )
    result = runner.invoke(app, ["vragen", "--thema", "eigen"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for literal in ("[bold red]Titel[/]", "[link=x]bron[/link]", "[blink]opmaak[/blink]",
                    "Vraag met [/] en [red]kleur[/red]?"):
        assert literal in result.output
    from reflectie.textout import bank_markdown

    markdown = bank_markdown(load_bank(folder))
    assert "\\[bold red\\]Titel\\[/\\]" in markdown
