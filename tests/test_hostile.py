"""Hostile and broken input: loading never raises past the loader; each bad file gets a reason."""

from __future__ import annotations

import random
import tomllib

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflectie.answersfile import dumps, parse_answers
from reflectie.bank import load_bank
from reflectie.errors import AnswersFileError
from reflectie.loading import collect

from .test_store import DESIGN_EXAMPLE, full_answers

TRIED = {"answers": 0, "bank": 0}
BANK = load_bank()

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True),
    st.text(max_size=40), st.dates(), st.datetimes(), st.times(), st.binary(max_size=10).map(lambda b: b.hex()),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _loads_or_reason(data: bytes, bank) -> None:
    TRIED["answers"] += 1
    try:
        parse_answers(data, "x.toml", bank)
    except AnswersFileError as exc:
        assert exc.reason and isinstance(exc.reason, str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    _loads_or_reason(data, BANK)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=len(DESIGN_EXAMPLE)))
def test_truncated_toml(cut):
    _loads_or_reason(DESIGN_EXAMPLE[:cut].encode(), BANK)


def _paths(doc, prefix=()):
    for key, value in doc.items():
        yield prefix + (key,)
        if isinstance(value, dict):
            yield from _paths(value, prefix + (key,))


BASE = tomllib.loads(DESIGN_EXAMPLE)
FIELD_PATHS = list(_paths(BASE))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELD_PATHS), values)
def test_wrong_type_in_every_field(path, value):
    doc = tomllib.loads(DESIGN_EXAMPLE)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    try:
        data = tomli_w.dumps(doc).encode()
    except (TypeError, ValueError):
        return  # not expressible in TOML at all
    _loads_or_reason(data, BANK)


def test_hand_made_corpus(bank):
    big = "woord " * (10 * 1024 * 1024 // 6)
    corpus = {
        "deep": "a = " + "[" * 50_000 + "]" * 50_000,
        "deep-table": "[" + ".".join(["x"] * 5000) + "]\n",
        "huge-text": DESIGN_EXAMPLE.replace('tekst = "..."', f'tekst = "{big}"', 1),
        "dotdot-id": DESIGN_EXAMPLE.replace('id = "k3v9q2"', 'id = "../../etc/passwd"'),
        "dotdot-round": DESIGN_EXAMPLE.replace('id = "2026-najaar"', 'id = "../ronde"'),
        "dotdot-item": DESIGN_EXAMPLE.replace('"rol.positie.micro" = 3', '"../../x" = 3'),
        "nul": DESIGN_EXAMPLE.replace('naam = "Sara"', 'naam = "Sa\\u0000ra"'),
        "raw-nul": DESIGN_EXAMPLE.replace('naam = "Sara"', 'naam = "Sa\x00ra"'),
        "year-1": DESIGN_EXAMPLE.replace("gestart = 2026-11-20T10:02:00+01:00", "gestart = 0001-01-01T00:00:00-23:59"),
        "year-9999": DESIGN_EXAMPLE.replace("bijgewerkt = 2026-11-20T10:40:00+01:00",
                                            "bijgewerkt = 9999-12-31T23:59:59+14:00"),
        "bad-date": DESIGN_EXAMPLE.replace("tegen = 2027-01-31", "tegen = 2027-02-30"),
        "newer": DESIGN_EXAMPLE.replace("version = 1", "version = 99"),
        "bool-version": DESIGN_EXAMPLE.replace("version = 1", "version = true"),
        "score-bool": DESIGN_EXAMPLE.replace('"rol.positie.micro" = 3', '"rol.positie.micro" = true'),
        "score-float": DESIGN_EXAMPLE.replace('"rol.positie.micro" = 3', '"rol.positie.micro" = 3.0'),
        "score-huge": DESIGN_EXAMPLE.replace('"rol.positie.micro" = 3', '"rol.positie.micro" = 99999999999999999'),
        "acties-table": DESIGN_EXAMPLE.replace("[[acties]]", "[acties]"),
        "empty": "",
        "bom": "\ufeff" + DESIGN_EXAMPLE,
    }
    results = {}
    for name, text in corpus.items():
        TRIED["answers"] += 1
        data = text.encode("utf-8")
        try:
            parse_answers(data, f"{name}.toml", bank)
            results[name] = "ok"
        except AnswersFileError as exc:
            results[name] = exc.reason
    for name in (b"\xff\xfe\x00x", b"format = \"reflectie-antwoorden\"\n\xc3\x28"):
        TRIED["answers"] += 1
        try:
            parse_answers(name, "utf.toml", bank)
        except AnswersFileError as exc:
            assert "UTF-8" in exc.reason
    assert results["huge-text"] == "ok" and results["bom"] == "ok"
    assert results["nul"] == "ok"  # control characters are cleaned at the boundary, not fatal
    assert parse_answers(corpus["nul"].encode(), "n.toml", bank).participant.name == "Sara"
    assert "in de toekomst" in results["year-9999"]  # a forged 'newest' file is not trusted
    for name in ("deep", "deep-table", "dotdot-id", "dotdot-round", "dotdot-item", "raw-nul", "bad-date", "newer",
                 "bool-version", "score-bool", "score-float", "score-huge", "acties-table", "empty"):
        assert results[name] != "ok", name
    assert "nieuwere versie" in results["newer"]


def test_folder_with_hostile_files_still_loads_the_good_ones(bank, tmp_path):
    rng = random.Random(3)
    good = full_answers(bank)
    (tmp_path / "goed.toml").write_bytes(dumps(good))
    for index in range(40):
        (tmp_path / f"slecht{index}.toml").write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
    (tmp_path / "link.toml").symlink_to(tmp_path / "bestaat-niet.toml")
    (tmp_path / "map.toml").mkdir()
    collection = collect([tmp_path], bank)
    assert len(collection.answers) == 1
    assert len(collection.problems) == 41
    assert all(p.reason for p in collection.problems)


BANK_KEYS = ["id", "niveau", "tekst", "stelling", "schaal", "niveaus", "waarde", "naam", "bron", "titel", "inleiding"]
bank_docs = st.dictionaries(
    st.sampled_from(["thema", "schaal", "positionering", "indicator", "vraag", "iets"]),
    st.one_of(values, st.lists(st.dictionaries(st.sampled_from(BANK_KEYS), values, max_size=6), max_size=3)),
    max_size=5,
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(bank_docs)
def test_hostile_question_files(tmp_path_factory, doc):
    folder = tmp_path_factory.mktemp("vragen")
    try:
        (folder / "eigen.toml").write_text(tomli_w.dumps(doc), "utf-8")
    except (TypeError, ValueError):
        return
    TRIED["bank"] += 1
    bank = load_bank(folder)
    assert len(bank.profile_themes()) == 5
    assert all(isinstance(p, str) and p for p in bank.problems)


def test_hostile_question_bytes(tmp_path):
    rng = random.Random(11)
    folder = tmp_path / "vragen"
    folder.mkdir()
    for index in range(30):
        (folder / f"b{index}.toml").write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))))
    (folder / "diep.toml").write_text("a = " + "[" * 50_000 + "]" * 50_000)
    TRIED["bank"] += 31
    bank = load_bank(folder)
    assert len(bank.problems) == 31 and len(bank.profile_themes()) == 5
