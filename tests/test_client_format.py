"""The clients' answers file (reflectie-clientstem v1), its sealing, the keys and the
questionnaire."""

from __future__ import annotations

import base64
import os
import re
import stat
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import tomli_w

from reflectie import paths
from reflectie.clientstem import (
    DECLINED,
    SUFFIX,
    ClientAnswers,
    ClientFileError,
    dumps,
    parse_client_file,
    read_client_file,
    to_dict,
    write_client_answers,
)
from reflectie.clientvragen import (
    WHO,
    QuestionnaireError,
    default_questionnaire,
    load_questionnaire,
    parse_questionnaire,
)
from reflectie.sealing import (
    KeyFileError,
    KeyRing,
    demo_private_key,
    install_public_key,
    installed_public_key,
    make_key_pair,
    new_private_key,
    parse_key,
    private_keys,
    public_key_text,
)


@pytest.fixture
def questionnaire():
    return default_questionnaire()


def client(who: str = "jongere") -> ClientAnswers:
    return ClientAnswers(
        "CAW Oost",
        "Team Noord",
        "2026-najaar",
        who,
        date(2026, 10, 3),
        {"client.wat-je-wil": 4, "client.ladder": 3},
        {"client.bellen-mailen"},
    )


def ring(*keys) -> KeyRing:
    return KeyRing(list(keys), [])


def reason(data: bytes, questionnaire, keyring=None, allow_unsealed=None) -> str:
    with pytest.raises(ClientFileError) as caught:
        parse_client_file(data, Path("x.clientstem"), questionnaire, keyring, allow_unsealed)
    return caught.value.reason


# --- the plain format -----------------------------------------------------------------------------


def test_round_trip_plain(questionnaire):
    original = client()
    data = dumps(original)
    doc = tomllib.loads(data.decode())
    assert doc["format"] == "reflectie-clientstem" and doc["version"] == 1
    assert set(doc) == {
        "format",
        "version",
        "organisatie",
        "team",
        "ronde",
        "wie",
        "datum",
        "antwoorden",
        DECLINED,
    }
    assert type(doc["datum"]) is date  # a day, never a time
    back = parse_client_file(data, Path("a.clientstem"), questionnaire)
    assert (back.organisation, back.team, back.round_id, back.who, back.day) == (
        original.organisation,
        original.team,
        original.round_id,
        original.who,
        original.day,
    )
    assert back.answers == original.answers and back.declined == original.declined
    assert back.sealed is False and back.choice("client.bellen-mailen") == DECLINED


def _doc(**changes):
    doc = to_dict(client())
    doc.update(changes)
    return tomli_w.dumps({k: v for k, v in doc.items() if v is not None}).encode()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"format": "reflectie-antwoorden"}, "ander soort bestand"),
        ({"format": None}, "'format' ontbreekt"),
        ({"version": 2}, "nieuwere versie"),
        ({"version": 0}, "ongeldige formaatversie"),
        ({"antwoorden": {"client.ladder": 7}}, "valt buiten de schaal 1–6"),
        ({"antwoorden": {"client.wat-je-wil": 0}}, "valt buiten de schaal 1–5"),
        ({"antwoorden": {"client.ladder": "3"}}, "moet een geheel getal zijn"),
        ({"antwoorden": {"client.alle-stemmen": 3}}, "geen vraag van de versie voor jongeren"),
        (
            {"antwoorden": {"client.bellen-mailen": 3}},
            "zowel een antwoord als 'wil ik niet zeggen'",
        ),
        ({"naam": "Lotte"}, "onbekende sleutel 'naam'"),
        ({"wie": "kind"}, "'wie' moet 'jongere' of 'ouder' zijn"),
        ({"team": ""}, "'team' is leeg"),
        ({"ronde": "2026 najaar!"}, "'ronde' bevat tekens"),
        ({"datum": datetime(2026, 10, 3, 14, 5)}, "bevat een uur"),
        ({"datum": date.today() + timedelta(days=5)}, "ligt in de toekomst"),
        ({"wilniet": "client.ladder"}, "moet een lijst van vraag-id's zijn"),
    ],
)
def test_bad_files_are_refused_with_a_dutch_reason(questionnaire, changes, expected):
    assert expected in reason(_doc(**changes), questionnaire)


def test_broken_bytes_are_refused(questionnaire):
    assert "geen UTF-8" in reason(b"\xff\xfe\x00", questionnaire)
    assert "geen TOML" in reason(b"format = ", questionnaire)
    assert "te groot" in reason(b"#" * 300_000, questionnaire)


def test_ids_of_a_newer_questionnaire_are_ignored_not_fatal(questionnaire):
    data = _doc(antwoorden={"client.ladder": 2, "client.nieuw-in-2028": 3})
    back = parse_client_file(data, Path("a.clientstem"), questionnaire)
    assert back.answers == {"client.ladder": 2} and back.unknown_ids == ["client.nieuw-in-2028"]


def test_written_file_is_private_random_and_without_time(questionnaire, tmp_path):
    shared = tmp_path / "gedeeld"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    elsewhere = write_client_answers(client(), shared, None)
    assert (
        stat.S_IMODE(shared.stat().st_mode) == 0o755
    )  # a folder the user chose keeps its permissions
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o600
    path = write_client_answers(client(), paths.client_dir(), None)
    assert re.fullmatch(r"[0-9a-f]{16}\.clientstem", path.name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    moment = datetime.fromtimestamp(path.stat().st_mtime)
    assert (moment.hour, moment.minute, moment.second) == (0, 0, 0)  # the day only, also on disk
    assert not re.search(r"\d\d:\d\d|\dT\d", path.read_text())
    second = write_client_answers(client(), paths.client_dir(), None)
    assert second != path and read_client_file(second, questionnaire).answers == client().answers


# --- sealing --------------------------------------------------------------------------------------


def test_sealed_file_round_trips_with_the_private_key_only(questionnaire):
    key = new_private_key("begeleider")
    data = dumps(client(), key.public)
    text = data.decode()
    header = tomllib.loads(text)
    assert header["format"] == "reflectie-clientstem" and header["version"] == 1
    assert header["sleutel"] == key.fingerprint and set(header) == {
        "format",
        "version",
        "verzegeld",
        "sleutel",
        "inhoud",
    }
    for secret in ("Team Noord", "CAW Oost", "client.ladder", "jongere", "2026-najaar"):
        assert secret not in text
    back = parse_client_file(data, Path("a.clientstem"), questionnaire, ring(key))
    assert (
        back.sealed
        and back.answers == client().answers
        and back.declined == {"client.bellen-mailen"}
    )
    # without the private key (the worker's device: only the public key is there)
    assert key.fingerprint in reason(data, questionnaire, ring())
    assert key.fingerprint in reason(data, questionnaire, None)
    # with another facilitator's key
    assert "staat niet op deze computer" in reason(data, questionnaire, ring(new_private_key()))


def test_tampered_ciphertext_and_forged_header_are_refused(questionnaire):
    key = new_private_key()
    doc = tomllib.loads(dumps(client(), key.public).decode())
    raw = bytearray(base64.b64decode(doc["inhoud"]))
    raw[len(raw) // 2] ^= 0x01
    tampered = dict(doc, inhoud=base64.b64encode(bytes(raw)).decode())
    assert "beschadigd of aangepast" in reason(
        tomli_w.dumps(tampered).encode(), questionnaire, ring(key)
    )
    # sealed to another key, with a header that names ours
    other = new_private_key()
    forged = tomllib.loads(dumps(client(), other.public).decode())
    forged["sleutel"] = key.fingerprint
    assert "beschadigd of aangepast" in reason(
        tomli_w.dumps(forged).encode(), questionnaire, ring(key)
    )
    assert "geen geldige base64" in reason(
        tomli_w.dumps(dict(doc, inhoud="@@@")).encode(), questionnaire, ring(key)
    )
    assert "onbekende manier" in reason(
        tomli_w.dumps(dict(doc, verzegeld="rot13")).encode(), questionnaire, ring(key)
    )
    assert "onbekende sleutel 'team'" in reason(
        tomli_w.dumps(dict(doc, team="X")).encode(), questionnaire, ring(key)
    )


def test_unsealed_file_is_refused_when_the_reader_works_with_a_key(questionnaire):
    plain = dumps(client())
    facilitator = new_private_key()
    assert "niet verzegeld" in reason(plain, questionnaire, ring(facilitator))
    assert parse_client_file(
        plain, Path("a"), questionnaire, ring(facilitator), allow_unsealed=True
    ).answers
    # a demo key alone does not mean the facilitator works with keys
    assert parse_client_file(plain, Path("a"), questionnaire, ring(demo_private_key(1))).answers
    assert parse_client_file(plain, Path("a"), questionnaire, ring()).answers


def test_sealed_size_says_nothing_about_who_or_how_many_declined(questionnaire):
    key = new_private_key()
    sizes = set()
    for who in WHO:
        items = questionnaire.version(who).items
        full = ClientAnswers("O", "T", "r", who, date(2026, 10, 1), {i.id: 1 for i in items})
        empty = ClientAnswers("O", "T", "r", who, date(2026, 10, 1), {}, {i.id for i in items})
        sizes |= {len(dumps(full, key.public)), len(dumps(empty, key.public))}
    assert len(sizes) == 1


# --- keys -----------------------------------------------------------------------------------------


def test_make_and_install_keys(tmp_path):
    key, private_path, public_path = make_key_pair("Intervisie CAW Oost", tmp_path / "deel")
    assert private_path.parent == paths.keys_dir()
    assert stat.S_IMODE(private_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.keys_dir().stat().st_mode) == 0o700
    public_text = public_path.read_text()
    assert "PRIVÉ" not in public_text and key.fingerprint in public_text
    assert base64.b64encode(key.key).decode() not in public_text
    assert installed_public_key() is None
    installed, previous = install_public_key(public_path)
    assert previous is None and installed.fingerprint == key.fingerprint
    assert installed_public_key().key == key.public.key
    assert stat.S_IMODE(paths.installed_key_path().stat().st_mode) == 0o600
    assert [k.fingerprint for k in private_keys().keys] == [key.fingerprint]
    assert private_keys().has_real_key
    with pytest.raises(KeyFileError, match="PRIVÉSLEUTEL"):
        install_public_key(private_path)  # a private key never goes to the team
    with pytest.raises(KeyFileError, match="bestaat niet"):
        install_public_key(tmp_path / "nergens.pub")


def test_damaged_key_files_are_refused(tmp_path):
    key = new_private_key()
    good = public_key_text(key).encode()
    assert parse_key(good, Path("k.pub")).key == key.public.key
    for data, expected in [
        (good.replace(b"publiek", b"geheim"), "'soort'"),
        (good.replace(b"reflectie-sleutel", b"iets-anders"), "geen sleutelbestand"),
        (
            re.sub(rb'vingerafdruk = "[^"]+"', b'vingerafdruk = "0000-0000-0000-0000"', good),
            "past niet bij de sleutel",
        ),
        (re.sub(rb'sleutel = "[^"]+"', b'sleutel = "AAAA"', good), "beschadigd"),
        (b"\x00\x01", "geen sleutelbestand"),
    ]:
        with pytest.raises(KeyFileError, match=expected):
            parse_key(data, Path("k.pub"))


def test_damaged_installed_key_stops_the_mode_instead_of_storing_readable(tmp_path):
    from reflectie.clientstem import setup_from_profile

    _key, _private, public = make_key_pair("", tmp_path)
    install_public_key(public)
    paths.installed_key_path().write_text("kapot", "utf-8")
    with pytest.raises(KeyFileError):
        setup_from_profile("2026-najaar", "O", "T")


# --- the questionnaire ----------------------------------------------------------------------------


def test_questionnaire_versions_mirror_worker_items(questionnaire, bank):
    for who in WHO:
        version = questionnaire.version(who)
        assert 8 <= len(version.items) <= 12
        mirrored = [item.mirrors for item in version.items]
        assert len(mirrored) == len(set(mirrored))
        for item in version.items:
            worker = bank.items[item.mirrors]
            assert worker.scale.values == item.scale.values
            assert item.source.startswith(("Visienota §4.", "KeKi"))
    ladder = questionnaire.items["client.ladder"]
    assert ladder.mirrors == "participatie.ladder.micro"
    assert ladder.estimate == "participatie.ladder.micro.clientbeeld"
    assert ladder.scale.levels[0].name == "Ik hoor wat er beslist is."
    assert ladder.scale.levels[-1].name == "Ik beslis zelf, de hulpverlener helpt."


def test_questionnaire_texts_are_short_and_plain(questionnaire):
    texts = [t for item in questionnaire.items.values() for t in item.texts.values()]
    texts += [level.name for scale in questionnaire.scales.values() for level in scale.levels]
    for version in questionnaire.versions.values():
        texts += (
            list(version.intro_lines(True, 5))
            + list(version.intro_lines(False, 5))
            + list(version.thanks)
        )
    jargon = (
        "cliëntsysteem",
        "participatie",
        "transparant",
        "traject",
        "indicator",
        "netwerk",
        "regie",
    )
    for text in texts:
        for sentence in re.split(r"(?<=[.?!])\s+", text):
            assert len(sentence.split()) <= 16, sentence
        assert not any(word in text.lower() for word in jargon), text
        assert " u " not in f" {text.lower()} ", text  # 'je', never 'u'


def test_questionnaire_intro_says_what_happens_and_that_no_is_fine(questionnaire):
    for who in WHO:
        sealed = " ".join(questionnaire.version(who).intro_lines(True, 5))
        unsealed = " ".join(questionnaire.version(who).intro_lines(False, 5))
        for text in (sealed, unsealed):
            assert "naam staat nergens" in text and "minstens 5" in text
            assert "moet niet" in text and "verandert niets aan de hulp" in text
            assert "Wil ik niet zeggen" in text and "niets bewaard" in text
        assert "kan ze niet lezen" in sealed and "kan ze hier lezen" in unsealed


def test_broken_questionnaire_names_the_fault(bank, tmp_path):
    from reflectie.clientvragen import BUILTIN

    doc = tomllib.loads(BUILTIN.read_text("utf-8"))
    doc["vraag"][0]["spiegelt"] = "bestaat.niet"
    with pytest.raises(QuestionnaireError, match="onbekend item 'bestaat.niet'"):
        parse_questionnaire(doc, bank)
    doc = tomllib.loads(BUILTIN.read_text("utf-8"))
    ladder = next(v for v in doc["vraag"] if v["id"] == "client.ladder")
    ladder["schaal"] = "hoevaak"
    with pytest.raises(
        QuestionnaireError, match="5 niveaus, maar 'participatie.ladder.micro' heeft er 6"
    ):
        parse_questionnaire(doc, bank)
    doc = tomllib.loads(BUILTIN.read_text("utf-8"))
    doc["vraag"] = doc["vraag"][:5]
    with pytest.raises(QuestionnaireError, match="het moeten er 8 tot 12 zijn"):
        parse_questionnaire(doc, bank)
    broken = tmp_path / "kapot.toml"
    broken.write_text("[vragenlijst", "utf-8")
    with pytest.raises(QuestionnaireError, match="kan niet gelezen worden"):
        load_questionnaire(bank, broken)


def test_worker_bank_does_not_load_the_client_questionnaire(bank):
    assert not any(item_id.startswith("client.") for item_id in bank.items)


def test_file_suffix_is_not_an_answers_file_suffix():
    assert SUFFIX == ".clientstem" and not SUFFIX.endswith(".toml")
    assert os.sep not in SUFFIX


def test_client_core_does_not_import_textual():
    import subprocess
    import sys

    code = (
        "import reflectie.clientstem, reflectie.clientcompare, reflectie.clientvragen, "
        "reflectie.sealing, reflectie.demo;import sys;print(sorted(m for m in sys.modules if "
        "m.split('.')[0]=='textual'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
