"""The clients' questionnaire (cliëntstem): two versions, jongeren (12+) and ouders. No Textual.

The questions are data, in ``questions/client/clientvragen.toml`` (outside the worker bank's folder
glob, so the bank never loads them). Each question has a stable id, a text per version, an answer
scale, the worker item it mirrors (``spiegelt``) and, for the ladder, the worker's estimate of the
clients' view (``inschatting``). Loading validates everything, also against the worker bank: a
mirrored item must exist and have a scale with as many levels as the client scale, so that reports
can lay the three views side by side value by value.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflectie.errors import ReflectieError
from reflectie.model import Bank, Scale, ScaleLevel

BUILTIN = Path(__file__).parent / "questions" / "client" / "clientvragen.toml"
WHO = ("jongere", "ouder")
WHO_PLURAL = {"jongere": "jongeren", "ouder": "ouders"}
DECLINE_LABEL = "Wil ik niet zeggen"


class QuestionnaireError(ReflectieError):
    """The client questionnaire file is broken; the message names the question and the fault."""


@dataclass(eq=False)
class ClientItem:
    id: str
    scale: Scale
    prompt: str  # the scale's question under the statement, e.g. "Hoe vaak is dat zo?"
    texts: dict[str, str]  # wie → statement
    mirrors: str  # the worker item it mirrors (self-position)
    estimate: str | None = None  # the worker item that estimates the clients' view
    source: str = ""

    def text(self, who: str) -> str:
        return self.texts[who]

    def asked_of(self, who: str) -> bool:
        return who in self.texts


@dataclass(eq=False)
class Version:
    who: str
    choice: str  # the button on the welcome screen
    title: str
    intro: tuple[str, ...]
    sealed: str  # the sentence when a key is installed
    unsealed: str  # the sentence when answers stay readable on the device
    thanks: tuple[str, ...]
    items: tuple[ClientItem, ...]

    def intro_lines(self, sealed: bool, minimum: int) -> list[str]:
        values = {"aantal": len(self.items), "minimum": minimum}
        lines = [line.format(**values) for line in self.intro]
        lines.insert(2, self.sealed if sealed else self.unsealed)
        return lines


@dataclass(eq=False)
class Questionnaire:
    versions: dict[str, Version]
    items: dict[str, ClientItem]  # every item, in file order
    scales: dict[str, Scale]
    path: Path | None = None
    limits: tuple[int, int] = (8, 12)
    problems: list[str] = field(default_factory=list)

    def version(self, who: str) -> Version:
        return self.versions[who]


def _fail(where: str, message: str) -> QuestionnaireError:
    return QuestionnaireError(f"Cliëntvragenlijst, {where}: {message}")


def _text(table: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = table.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"'{key}' moet een niet-lege tekst zijn.")
    return value.strip()


def _lines(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise _fail(where, f"'{key}' moet een lijst van niet-lege teksten zijn.")
    return tuple(v.strip() for v in value)


def _scales(doc: dict[str, Any]) -> tuple[dict[str, Scale], dict[str, str]]:
    scales: dict[str, Scale] = {}
    prompts: dict[str, str] = {}
    raw = doc.get("schaal", [])
    if not isinstance(raw, list):
        raise _fail("[[schaal]]", "moet een lijst van tabellen zijn.")
    for entry in raw:
        where = f"schaal {entry.get('id', '?')}" if isinstance(entry, dict) else "schaal"
        if not isinstance(entry, dict):
            raise _fail(where, "elke schaal is een tabel.")
        scale_id = _text(entry, "id", where)
        levels_raw = entry.get("niveaus")
        if not isinstance(levels_raw, list) or len(levels_raw) < 2:
            raise _fail(where, "een schaal heeft minstens twee niveaus nodig.")
        levels = []
        for level in levels_raw:
            value = level.get("waarde") if isinstance(level, dict) else None
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 9:
                raise _fail(where, "elk niveau heeft een 'waarde' van 1 tot 9 (één cijfertoets).")
            levels.append(ScaleLevel(value, _text(level, "naam", f"{where} niveau {value}")))
        values = [lv.value for lv in levels]
        if values != list(range(1, len(values) + 1)):
            raise _fail(where, "de waarden moeten 1, 2, 3 … zijn, opeenvolgend.")
        scales[scale_id] = Scale(scale_id, scale_id, tuple(levels))
        prompts[scale_id] = _text(entry, "vraag", where)
    return scales, prompts


def parse_questionnaire(
    doc: dict[str, Any], bank: Bank | None = None, path: Path | None = None
) -> Questionnaire:
    """Validate the questionnaire document; with ``bank``, also every mirror. Raises
    QuestionnaireError."""
    from reflectie.answersfile import ID_RE

    settings = doc.get("vragenlijst", {})
    low, high = settings.get("minimum_vragen", 8), settings.get("maximum_vragen", 12)
    scales, prompts = _scales(doc)
    items: dict[str, ClientItem] = {}
    raw_items = doc.get("vraag", [])
    if not isinstance(raw_items, list):
        raise _fail("[[vraag]]", "moet een lijst van tabellen zijn.")
    for entry in raw_items:
        if not isinstance(entry, dict):
            raise _fail("[[vraag]]", "elke vraag is een tabel.")
        item_id = _text(entry, "id", "vraag")
        where = f"vraag {item_id}"
        if not ID_RE.match(item_id) or not item_id.startswith("client."):
            raise _fail(
                where,
                "een id begint met 'client.' en bevat enkel letters, cijfers, '.', '-' en '_'.",
            )
        if item_id in items:
            raise _fail(where, "deze id komt meer dan eens voor.")
        unknown = set(entry) - {"id", "schaal", "spiegelt", "inschatting", "bron", *WHO}
        if unknown:
            raise _fail(where, f"onbekende sleutel '{min(unknown)}'.")
        scale_id = _text(entry, "schaal", where)
        if scale_id not in scales:
            raise _fail(where, f"onbekende schaal '{scale_id}'.")
        texts = {who: _text(entry, who, where) for who in WHO if who in entry}
        if not texts:
            raise _fail(where, "de vraag heeft geen tekst voor 'jongere' of 'ouder'.")
        items[item_id] = ClientItem(
            id=item_id,
            scale=scales[scale_id],
            prompt=prompts[scale_id],
            texts=texts,
            mirrors=_text(entry, "spiegelt", where),
            estimate=_text(entry, "inschatting", where, required=False) or None,
            source=_text(entry, "bron", where),
        )
    raw_versions = doc.get("versie", {})
    versions: dict[str, Version] = {}
    for who in WHO:
        entry = raw_versions.get(who) if isinstance(raw_versions, dict) else None
        where = f"versie.{who}"
        if not isinstance(entry, dict):
            raise _fail(where, "deze versie ontbreekt.")
        asked = tuple(item for item in items.values() if item.asked_of(who))
        if not low <= len(asked) <= high:
            raise _fail(where, f"heeft {len(asked)} vragen; het moeten er {low} tot {high} zijn.")
        mirrored = [item.mirrors for item in asked]
        doubled = {m for m in mirrored if mirrored.count(m) > 1}
        if doubled:
            raise _fail(where, f"twee vragen spiegelen hetzelfde item '{min(doubled)}'.")
        intro = _lines(entry, "uitleg", where)
        for line in intro:
            try:
                line.format(aantal=0, minimum=0)
            except (KeyError, IndexError, ValueError):
                raise _fail(
                    where,
                    f"onbekende plaatshouder in '{line[:40]}' (enkel {{aantal}} en {{minimum}}).",
                ) from None
        versions[who] = Version(
            who=who,
            choice=_text(entry, "keuze", where),
            title=_text(entry, "titel", where),
            intro=intro,
            sealed=_text(entry, "slot", where),
            unsealed=_text(entry, "geen_slot", where),
            thanks=_lines(entry, "bedankt", where),
            items=asked,
        )
    questionnaire = Questionnaire(versions, items, scales, path, (low, high))
    if bank is not None:
        check_mirrors(questionnaire, bank)
    return questionnaire


def check_mirrors(questionnaire: Questionnaire, bank: Bank) -> None:
    """Every mirrored worker item exists and answers on a scale of the same length; an estimate is
    the clients'-view item of exactly the mirrored self-position."""
    for item in questionnaire.items.values():
        where = f"vraag {item.id}"
        for key, target in (("spiegelt", item.mirrors), ("inschatting", item.estimate)):
            if target is None:
                continue
            worker = bank.items.get(target)
            if worker is None:
                raise _fail(
                    where,
                    f"'{key}' verwijst naar een onbekend item '{target}' van de hulpverlener.",
                )
            if worker.scale is None or worker.scale.nominal:
                raise _fail(
                    where, f"'{key}' {target} heeft geen geordende schaal om mee te vergelijken."
                )
            if worker.scale.values != item.scale.values:
                raise _fail(
                    where,
                    f"de schaal heeft {len(item.scale.values)} niveaus, maar '{target}' heeft er "
                    f"{len(worker.scale.values)}; zo kunnen de antwoorden niet naast elkaar.",
                )
        if item.estimate is not None and bank.items[item.estimate].self_image != item.mirrors:
            raise _fail(
                where, f"'inschatting' {item.estimate} is geen inschatting van '{item.mirrors}'."
            )


def load_questionnaire(bank: Bank | None = None, path: Path = BUILTIN) -> Questionnaire:
    try:
        doc = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise QuestionnaireError(
            f"De cliëntvragenlijst ({path.name}) kan niet gelezen worden: {exc}"
        ) from None
    return parse_questionnaire(doc, bank, path)


_CACHE: dict[str, Questionnaire] = {}


def default_questionnaire() -> Questionnaire:
    """The built-in questionnaire, checked against the built-in bank once."""
    if "default" not in _CACHE:
        from reflectie.bank import BUILTIN_DIR, load_bank

        _CACHE["default"] = load_questionnaire(load_bank(None, BUILTIN_DIR))
    return _CACHE["default"]
