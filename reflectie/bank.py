"""Load and validate the question bank (TOML files), built-in and user-added. No Textual.

The built-in folder holds one file per theme, ``schalen.toml`` (shared scales, the bank version and
the action formats), ``vervallen.toml`` (retired ids, kept so old answers stay readable), and two
reference texts that are not questions: ``begrippen.toml`` (the glossary) and
``over-de-visienota.toml`` (the nota's frame). Further sets based on other frameworks live in
``kaders/`` and load only when asked for.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflectie.clean import clean_line, clean_text
from reflectie.model import (
    KIND_INDICATOR,
    KIND_POSITION,
    KIND_QUESTION,
    ActionFormat,
    ActionPart,
    Bank,
    Item,
    Scale,
    ScaleLevel,
    Theme,
)

BUILTIN_DIR = Path(__file__).parent / "questions"
SETS_SUBDIR = "kaders"
RETIRED_FILE = "vervallen.toml"
GLOSSARY_FILE = "begrippen.toml"
FRAME_FILE = "over-de-visienota.toml"
RESERVED_FILES = {RETIRED_FILE, GLOSSARY_FILE, FRAME_FILE}
VALID_LEVELS = ("micro", "meso", "macro")
THEME_KINDS = ("thema", "checklist", "kader")
ITEM_KINDS = {"positionering": KIND_POSITION, "indicator": KIND_INDICATOR, "vraag": KIND_QUESTION}

TOP_KEYS = {"thema", "schaal", "positionering", "indicator", "vraag"}
BUILTIN_TOP_KEYS = {"vragenbank", "werkvorm"}
THEME_KEYS = {
    "id",
    "titel",
    "kort",
    "volgorde",
    "bron",
    "inleiding",
    "soort",
    "set",
    "basis",
    "letterlijk",
    "actie_micro",
    "actie_meso",
    "actie_macro",
}
SCALE_KEYS = {"id", "naam", "soort", "nvt", "niveaus"}
LEVEL_KEYS = {"waarde", "naam", "uitleg"}
SCORED_KEYS = {
    "id",
    "niveau",
    "schaal",
    "bron",
    "uitleg",
    "tegenhanger",
    "nvt",
    "weetniet",
    "koppeling",
}
POSITION_KEYS = SCORED_KEYS | {"vraag", "zelfbeeld"}
INDICATOR_KEYS = SCORED_KEYS | {"stelling"}
QUESTION_KEYS = {
    "id",
    "niveau",
    "tekst",
    "bron",
    "uitleg",
    "weergave",
    "actie",
    "letterlijk",
    "koppeling",
}
RETIRED_KEYS = {
    "id",
    "soort",
    "thema",
    "niveau",
    "schaal",
    "tekst",
    "bron",
    "vervangen_door",
    "vervallen_in",
    "reden",
}
FORMAT_KEYS = {"id", "titel", "inleiding", "bron", "onderdelen"}
PART_KEYS = {"sleutel", "naam", "micro", "meso", "macro", "uitleg"}
MAX_FILE_BYTES = 2_000_000
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MULTILINE_KEYS = {"inleiding", "uitleg"}
SOURCE_KEYS = {"bron", "bronnen"}  # shown as 'Bron: …' to a person: see readable_source

# The project's source documents (its seed files). A question file names them by file name, so
# every source can be traced; a person sees the document's title instead.
SOURCE_DOCUMENTS = {
    "004_7e05ab1a43cbbfff.txt": "Visienota",
    "000_6dd4c2f046c12c98.txt": "KeKi-advies ‘Het belang van het kind in de jeugdhulp’",
    "001_57a83dd8c48611bf.txt": "Raamwerk ‘Samen maken we de jeugdhulp futureproof’",
    "002_5a30bb7173b4fc3d.txt": "Memorandum van de vertrouwenscentra kindermishandeling en VECK",
    "003_3968f912bb2173a2.txt": "SOM, evaluatie van de integrale jeugdhulp",
}
# 'bronbestand 000_….txt' in brackets after a title that is already written out; or a file name
# with its short name in brackets, '004_….txt (visienota)', in place of the title
_SOURCE_NOTE = re.compile(r"\s*\(bronbestand \w+\.txt\)")
_SOURCE_README = re.compile(r"\bREADME\.md van de bronnen(?: \(afkortingen\))?")  # the seeds' notes
_SOURCE_FILE = re.compile(r"\b(\d{3}_[0-9a-f]{16}\.txt)(?: \(([^)]*)\))?")


def readable_source(source: str) -> str:
    """A source as a person reads it: '004_7e05ab1a43cbbfff.txt (visienota), §4.2' becomes
    'Visienota, §4.2'. A file the project does not know keeps its short name, never the file name."""
    source = _SOURCE_NOTE.sub("", source)

    def title(match: re.Match[str]) -> str:
        known = SOURCE_DOCUMENTS.get(match.group(1))
        short = match.group(2) or "bronbestand"
        return known or short[:1].upper() + short[1:]

    source = _SOURCE_README.sub("Lijst met afkortingen bij de brondocumenten", source)
    return _SOURCE_FILE.sub(title, source)


@dataclass
class BankProblem:
    file: str
    item: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.item:
            where += f", {self.item}"
        return clean_line(f"{where}: {self.message}")


class BankError(Exception):
    """A question file that cannot be used; str() is a Dutch message naming file, item and fault."""

    def __init__(self, problems: list[BankProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _suggest(key: str, allowed: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    if close:
        return f" Bedoel je '{close[0]}'?"
    return f" Toegelaten: {', '.join(sorted(allowed))}."


def same_shape(a: Scale | None, b: Scale | None) -> bool:
    """Two scales whose answers can be compared: the same values with the same names.

    The micro and meso versions of a scale may explain a level in other words (‘ik’ or
    ‘medewerkers’) and still be twins.
    """
    if a is None or b is None:
        return a is b
    return a.nominal == b.nominal and [(x.value, x.name) for x in a.levels] == [
        (x.value, x.name) for x in b.levels
    ]


class _FileReader:
    """Validates one parsed bank file, collecting problems instead of stopping at the first."""

    def __init__(self, name: str, data: dict[str, Any]):
        self.name = name
        self.data = data
        self.problems: list[BankProblem] = []
        self.verbatim_questions = False

    def problem(self, item: str, message: str) -> None:
        self.problems.append(BankProblem(self.name, item, message))

    def check_keys(self, where: str, table: dict[str, Any], allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                self.problem(where, f"onbekende sleutel '{key}'.{_suggest(key, allowed)}")

    def text(self, where: str, table: dict[str, Any], key: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(where, f"de sleutel '{key}' ontbreekt.")
            return ""
        # the boundary for question files: no control characters (multi-line only in long texts)
        if isinstance(value, str):
            value = clean_text(value) if key in MULTILINE_KEYS else clean_line(value)
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(where, f"'{key}' moet een niet-lege tekst zijn.")
            return ""
        return readable_source(value.strip()) if key in SOURCE_KEYS else value.strip()

    def flag(self, where: str, table: dict[str, Any], key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(where, f"'{key}' moet true of false zijn.")
            return default
        return value

    def text_list(self, where: str, table: dict[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(where, f"'{key}' moet een lijst van id's zijn, bv. [\"rol\"].")
            return ()
        return tuple(readable_source(v.strip()) if key in SOURCE_KEYS else v.strip() for v in value)

    def table_list(self, key: str) -> list[dict[str, Any]]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(f"[[{key}]]", f"'{key}' moet een lijst van tabellen zijn ([[{key}]]).")
            return []
        return value

    def scales(self) -> list[Scale]:
        result = []
        for index, raw in enumerate(self.table_list("schaal"), 1):
            where = f"schaal {raw.get('id', '#' + str(index))}"
            self.check_keys(where, raw, SCALE_KEYS)
            scale_id = self.text(where, raw, "id")
            name = self.text(where, raw, "naam")
            kind = raw.get("soort", "ordinaal")
            if kind not in ("ordinaal", "nominaal"):
                self.problem(where, f"'soort' moet 'ordinaal' of 'nominaal' zijn, niet '{kind}'.")
            nvt = self.flag(where, raw, "nvt", False)
            levels_raw = raw.get("niveaus")
            levels: list[ScaleLevel] = []
            if not isinstance(levels_raw, list) or len(levels_raw) < 2:
                self.problem(where, "een schaal heeft minstens twee niveaus nodig ('niveaus').")
            else:
                for level in levels_raw:
                    if not isinstance(level, dict):
                        self.problem(where, "elk niveau is een tabel met 'waarde' en 'naam'.")
                        continue
                    self.check_keys(where + " niveau", level, LEVEL_KEYS)
                    value = level.get("waarde")
                    if not isinstance(value, int) or isinstance(value, bool):
                        self.problem(where, f"niveau zonder geheel getal als 'waarde': {level!r}.")
                        continue
                    level_name = self.text(f"{where} niveau {value}", level, "naam")
                    explanation = self.text(f"{where} niveau {value}", level, "uitleg", False)
                    levels.append(ScaleLevel(value, level_name, explanation))
                values = [lv.value for lv in levels]
                if values and values != list(range(values[0], values[0] + len(values))):
                    self.problem(
                        where, "de waarden van de niveaus moeten opeenvolgend en oplopend zijn."
                    )
            if scale_id and levels:
                result.append(Scale(scale_id, name, tuple(levels), kind == "nominaal", nvt))
        return result

    def theme(self) -> Theme | None:
        raw = self.data.get("thema")
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.problem("[thema]", "'thema' moet een tabel zijn.")
            return None
        where = "[thema]"
        self.check_keys(where, raw, THEME_KEYS)
        order = raw.get("volgorde", 100)
        if not isinstance(order, int) or isinstance(order, bool):
            self.problem(where, "'volgorde' moet een geheel getal zijn.")
            order = 100
        kind = raw.get("soort", "thema")
        if kind not in THEME_KINDS:
            self.problem(
                where, f"'soort' moet 'thema', 'checklist' of 'kader' zijn, niet '{kind}'."
            )
        set_id = self.text(where, raw, "set", kind == "kader")
        if set_id and not _SLUG.match(set_id):
            self.problem(where, "'set' mag enkel kleine letters, cijfers en - bevatten.")
        basis = self.text(where, raw, "basis", False)
        self.verbatim_questions = self.flag(where, raw, "letterlijk", False)
        if self.verbatim_questions and not basis:
            self.problem(where, "'letterlijk = true' vraagt een 'basis': waaruit komen de vragen?")
        prompts = {}
        for level in VALID_LEVELS:
            prompt = self.text(where, raw, f"actie_{level}", False)
            if prompt:
                prompts[level] = prompt
        title = self.text(where, raw, "titel")
        return Theme(
            id=self.text(where, raw, "id"),
            title=title,
            short=self.text(where, raw, "kort", False) or title,
            order=order,
            source=self.text(where, raw, "bron"),
            intro=self.text(where, raw, "inleiding"),
            kind=kind if kind in THEME_KINDS else "thema",
            action_prompts=prompts,
            set=set_id,
            basis=basis,
        )

    def items(self, theme: Theme, scales: dict[str, Scale]) -> list[Item]:
        result: list[Item] = []
        specs = (
            ("positionering", KIND_POSITION, POSITION_KEYS, "vraag", None),
            ("indicator", KIND_INDICATOR, INDICATOR_KEYS, "stelling", "frequentie"),
            ("vraag", KIND_QUESTION, QUESTION_KEYS, "tekst", None),
        )
        action_levels: set[str] = set()
        for key, kind, allowed, text_key, default_scale in specs:
            for index, raw in enumerate(self.table_list(key), 1):
                where = f"{key} {raw.get('id', '#' + str(index))}"
                self.check_keys(where, raw, allowed)
                item_id = self.text(where, raw, "id")
                level = raw.get("niveau")
                if level not in VALID_LEVELS:
                    self.problem(where, f"'niveau' moet micro, meso of macro zijn, niet {level!r}.")
                    continue
                text = self.text(where, raw, text_key)
                scale = None
                if kind != KIND_QUESTION:
                    scale_id = raw.get("schaal", default_scale)
                    if not scale_id:
                        self.problem(where, "de sleutel 'schaal' ontbreekt.")
                        continue
                    scale = scales.get(scale_id)
                    if scale is None:
                        self.problem(
                            where,
                            f"onbekende schaal '{scale_id}'.{_suggest(str(scale_id), set(scales))}",
                        )
                        continue
                source = self.text(where, raw, "bron", kind == KIND_INDICATOR)
                if kind == KIND_QUESTION and not source:
                    source = f"{theme.source}, bewustwordingsvragen {level}"
                display = self.text(where, raw, "weergave", False)
                if display and display == text:
                    self.problem(where, "'weergave' is gelijk aan 'tekst'; laat ze dan weg.")
                is_action = self.flag(where, raw, "actie", False)
                if is_action:
                    if level in action_levels:
                        self.problem(where, f"er is al een actievraag op niveau {level}.")
                    action_levels.add(level)
                verbatim = self.flag(where, raw, "letterlijk", self.verbatim_questions)
                if verbatim and not theme.basis:
                    self.problem(where, "'letterlijk' vraagt een 'basis' in [thema].")
                scored = scale is not None
                links = {}
                for link_key in ("tegenhanger", "zelfbeeld"):
                    target = raw.get(link_key)
                    if target is not None and not (isinstance(target, str) and target.strip()):
                        self.problem(where, f"'{link_key}' moet de id van een ander item zijn.")
                        target = None
                    links[link_key] = target
                if not item_id or not text:
                    continue
                result.append(
                    Item(
                        id=item_id,
                        theme=theme.id,
                        level=level,
                        kind=kind,
                        text=text,
                        scale=scale,
                        source=source or theme.source,
                        help=self.text(where, raw, "uitleg", False),
                        counterpart=links["tegenhanger"],
                        self_image=links["zelfbeeld"],
                        display=display,
                        allows_na=self.flag(where, raw, "nvt", scale.allows_na) if scale else False,
                        allows_dont_know=(
                            self.flag(where, raw, "weetniet", level == "meso") if scored else False
                        ),
                        verbatim=verbatim and kind == KIND_QUESTION,
                        basis=theme.basis,
                        is_action_question=is_action,
                        related_themes=self.text_list(where, raw, "koppeling"),
                    )
                )
        return result

    def retired(self, scales: dict[str, Scale]) -> list[tuple[Item, tuple[str, ...]]]:
        result = []
        for index, raw in enumerate(self.table_list("vervallen"), 1):
            where = f"vervallen {raw.get('id', '#' + str(index))}"
            self.check_keys(where, raw, RETIRED_KEYS)
            kind = ITEM_KINDS.get(str(raw.get("soort")))
            if kind is None:
                self.problem(where, "'soort' moet positionering, indicator of vraag zijn.")
                continue
            level = raw.get("niveau")
            if level not in VALID_LEVELS:
                self.problem(where, f"'niveau' moet micro, meso of macro zijn, niet {level!r}.")
                continue
            scale = None
            if kind != KIND_QUESTION:
                scale = scales.get(str(raw.get("schaal")))
                if scale is None:
                    self.problem(where, f"onbekende schaal {raw.get('schaal')!r}.")
                    continue
            version = raw.get("vervallen_in", 0)
            if not isinstance(version, int) or isinstance(version, bool) or version < 2:
                self.problem(
                    where, "'vervallen_in' moet de versie van de vragenbank zijn (2 of hoger)."
                )
                version = 0
            item_id = self.text(where, raw, "id")
            replaced_by = self.text_list(where, raw, "vervangen_door")
            item = Item(
                id=item_id,
                theme=self.text(where, raw, "thema"),
                level=level,
                kind=kind,
                text=self.text(where, raw, "tekst"),
                scale=scale,
                source=self.text(where, raw, "bron", False),
                help=self.text(where, raw, "reden", False),
                allows_na=scale.allows_na if scale else False,
                allows_dont_know=scale is not None and level == "meso",
                retired=True,
                replaced_by=replaced_by,
                retired_in=version,
            )
            result.append((item, replaced_by))
        return result

    def bank_version(self) -> int | None:
        raw = self.data.get("vragenbank")
        if raw is None:
            return None
        if not isinstance(raw, dict) or set(raw) != {"versie"}:
            self.problem("[vragenbank]", "verwacht enkel 'versie = <getal>'.")
            return None
        version = raw["versie"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem("[vragenbank]", "'versie' moet een geheel getal vanaf 1 zijn.")
            return None
        return version

    def action_formats(self) -> list[ActionFormat]:
        result = []
        for index, raw in enumerate(self.table_list("werkvorm"), 1):
            where = f"werkvorm {raw.get('id', '#' + str(index))}"
            self.check_keys(where, raw, FORMAT_KEYS)
            parts_raw = raw.get("onderdelen")
            parts: list[ActionPart] = []
            if not isinstance(parts_raw, list) or not parts_raw:
                self.problem(where, "'onderdelen' moet een niet-lege lijst van tabellen zijn.")
                parts_raw = []
            for part in parts_raw:
                if not isinstance(part, dict):
                    self.problem(where, "elk onderdeel is een tabel met 'sleutel' en 'naam'.")
                    continue
                self.check_keys(where + " onderdeel", part, PART_KEYS)
                prompts = {
                    lv: str(part[lv]).strip()
                    for lv in VALID_LEVELS
                    if isinstance(part.get(lv), str)
                }
                if not prompts:
                    self.problem(
                        where,
                        "een onderdeel heeft minstens één vraag nodig (micro, meso of macro).",
                    )
                parts.append(
                    ActionPart(
                        key=self.text(where, part, "sleutel"),
                        label=self.text(where, part, "naam"),
                        prompts=prompts,
                        help=self.text(where, part, "uitleg", False),
                    )
                )
            result.append(
                ActionFormat(
                    id=self.text(where, raw, "id"),
                    title=self.text(where, raw, "titel"),
                    intro=self.text(where, raw, "inleiding"),
                    source=self.text(where, raw, "bron"),
                    parts=tuple(parts),
                )
            )
        return result


def _parse_file(path: Path, label: str) -> dict[str, Any]:
    from reflectie.fileio import NotReadable, read_regular_file

    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)  # never blocks on a FIFO or device
        if len(raw) > MAX_FILE_BYTES:
            raise BankError(
                [BankProblem(label, "", "het bestand is te groot voor een vragenlijst.")]
            )
        data = raw.decode("utf-8")
        return tomllib.loads(data)
    except NotReadable as exc:
        raise BankError([BankProblem(label, "", exc.reason)]) from None
    except UnicodeDecodeError:
        raise BankError([BankProblem(label, "", "het bestand is geen UTF-8-tekst.")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise BankError([BankProblem(label, "", f"geen geldige TOML ({exc}).")]) from None
    except OSError as exc:
        raise BankError(
            [BankProblem(label, "", f"kan het bestand niet lezen ({exc.strerror}).")]
        ) from None
    except RecursionError:
        raise BankError([BankProblem(label, "", "het bestand is te diep genest.")]) from None


@dataclass
class _Loaded:
    """What one file adds to the bank."""

    scales: list[Scale] = field(default_factory=list)
    theme: Theme | None = None
    items: list[Item] = field(default_factory=list)
    version: int | None = None
    formats: list[ActionFormat] = field(default_factory=list)


def _check_file(
    label: str,
    data: dict[str, Any],
    scales: dict[str, Scale],
    themes: dict[str, Theme],
    items: dict[str, Item],
    path: Path,
    builtin: bool,
) -> _Loaded:
    """Validate one file against what is already loaded; raise BankError or return its parts."""
    reader = _FileReader(label, data)
    reader.check_keys("bestand", data, TOP_KEYS | BUILTIN_TOP_KEYS if builtin else TOP_KEYS)
    loaded = _Loaded(scales=reader.scales())
    for scale in loaded.scales:
        if scale.id in scales:
            reader.problem(f"schaal {scale.id}", "deze schaal-id bestaat al.")
    known_scales = {**scales, **{s.id: s for s in loaded.scales}}
    if builtin:
        loaded.version = reader.bank_version()
        loaded.formats = reader.action_formats()
    theme = reader.theme()
    if theme is not None:
        theme.file = path
        if theme.id in themes:
            reader.problem(
                "[thema]", f"het thema '{theme.id}' bestaat al ({themes[theme.id].file})."
            )
        for item in reader.items(theme, known_scales):
            if item.id in items or any(i.id == item.id for i in loaded.items):
                reader.problem(f"{item.kind} {item.id}", "deze id komt meer dan eens voor.")
                continue
            loaded.items.append(item)
        loaded.theme = theme
    elif any(key in data for key in ("positionering", "indicator", "vraag")):
        reader.problem("[thema]", "vragen staan in een bestand zonder [thema]-tabel.")
    elif (
        not loaded.scales and not loaded.formats and loaded.version is None and not reader.problems
    ):
        reader.problem("bestand", "het bestand bevat geen [thema] en geen [[schaal]].")
    if reader.problems:
        raise BankError(reader.problems)
    return loaded


def _check_links(items: dict[str, Item]) -> list[BankProblem]:
    problems = []
    for item in items.values():
        for key, target in (("tegenhanger", item.counterpart), ("zelfbeeld", item.self_image)):
            if target is None:
                continue
            other = items.get(target)
            if other is None or other.retired:
                problems.append(
                    BankProblem(
                        item.theme, item.id, f"'{key}' verwijst naar onbekende id '{target}'."
                    )
                )
            elif not same_shape(other.scale, item.scale):
                problems.append(
                    BankProblem(
                        item.theme, item.id, f"'{key}' {target} gebruikt een andere schaal."
                    )
                )
    return problems


def _theme_files(folder: Path, reserved: set[str]) -> list[Path]:
    files = [p for p in folder.glob("*.toml") if p.name not in reserved]
    return sorted(files, key=lambda p: (p.name != "schalen.toml", p.name))


def set_files(builtin_dir: Path = BUILTIN_DIR) -> dict[str, Path]:
    """The further sets (other frameworks) that can be switched on: set id -> file."""
    result: dict[str, Path] = {}
    folder = builtin_dir / SETS_SUBDIR
    if not folder.is_dir():
        return result
    for path in sorted(folder.glob("*.toml")):
        data = _parse_file(path, f"{SETS_SUBDIR}/{path.name}")
        theme = data.get("thema")
        set_id = theme.get("set") if isinstance(theme, dict) else None
        if not isinstance(set_id, str) or not set_id:
            raise BankError(
                [
                    BankProblem(
                        f"{SETS_SUBDIR}/{path.name}", "[thema]", "de sleutel 'set' ontbreekt."
                    )
                ]
            )
        result[set_id] = path
    return result


def available_sets(builtin_dir: Path = BUILTIN_DIR) -> list[tuple[str, str]]:
    """(set id, title) of every further set, for a switch in the profile."""
    result = []
    for set_id, path in set_files(builtin_dir).items():
        theme = tomllib.loads(path.read_text("utf-8"))["thema"]
        result.append((set_id, str(theme.get("titel", set_id))))
    return result


def load_bank(
    user_dir: Path | None = None,
    builtin_dir: Path = BUILTIN_DIR,
    enabled_sets: Iterable[str] = (),
) -> Bank:
    """Load the built-in bank (a fault there raises BankError), the retired ids, the further sets
    that are switched on, and then each user file.

    A user file with a fault is refused as a whole and named in ``bank.problems``; the rest loads.
    """
    scales: dict[str, Scale] = {}
    themes: dict[str, Theme] = {}
    items: dict[str, Item] = {}
    problems: list[str] = []
    version = 1
    formats: dict[str, ActionFormat] = {}

    def add(path: Path, label: str, builtin: bool) -> None:
        nonlocal version
        data = _parse_file(path, label)
        loaded = _check_file(label, data, scales, themes, items, path, builtin)
        candidate = dict(items)
        candidate.update({i.id: i for i in loaded.items})
        new_ids = {i.id for i in loaded.items}
        links = [p for p in _check_links(candidate) if p.item in new_ids]
        links += _check_related(themes, loaded.items)
        if links:
            raise BankError([BankProblem(label, p.item, p.message) for p in links])
        scales.update({s.id: s for s in loaded.scales})
        if loaded.theme is not None:
            loaded.theme.items = loaded.items
            themes[loaded.theme.id] = loaded.theme
        items.update({i.id: i for i in loaded.items})
        if loaded.version is not None:
            version = loaded.version
        formats.update({f.id: f for f in loaded.formats})

    for path in _theme_files(builtin_dir, RESERVED_FILES):
        add(path, path.name, True)
    retired_path = builtin_dir / RETIRED_FILE
    if retired_path.exists():
        _add_retired(retired_path, scales, themes, items, version)
    wanted = list(dict.fromkeys(enabled_sets))
    loaded_sets: list[str] = []
    if wanted:
        available = set_files(builtin_dir)
        for set_id in wanted:
            set_path = available.get(set_id)
            if set_path is None:
                problems.append(
                    f"Onbekende set '{set_id}'. "
                    f"Beschikbaar: {', '.join(sorted(available)) or 'geen'}."
                )
                continue
            add(set_path, f"{SETS_SUBDIR}/{set_path.name}", True)
            loaded_sets.append(set_id)
    if user_dir is not None and user_dir.is_dir():
        for path in _theme_files(user_dir, set()):
            try:
                add(path, str(path), False)
            except BankError as exc:
                problems.extend(f"Vragenbestand geweigerd: {p}" for p in exc.problems)
    return Bank(
        themes=themes,
        scales=scales,
        items=items,
        problems=problems,
        version=version,
        action_formats=formats,
        sets=tuple(loaded_sets),
    )


def _add_retired(
    path: Path,
    scales: dict[str, Scale],
    themes: dict[str, Theme],
    items: dict[str, Item],
    version: int,
) -> None:
    """Retired ids: readable in old answers files, listed by no theme."""
    label = path.name
    data = _parse_file(path, label)
    reader = _FileReader(label, data)
    reader.check_keys("bestand", data, {"schaal", "vervallen"})
    new_scales = reader.scales()
    for scale in new_scales:
        if scale.id in scales:
            reader.problem(f"schaal {scale.id}", "deze schaal-id bestaat al.")
    known = {**scales, **{s.id: s for s in new_scales}}
    retired = reader.retired(known)
    for item, replaced_by in retired:
        where = f"vervallen {item.id}"
        if item.id in items:
            reader.problem(
                where, "deze id is nog in gebruik; een vervallen id mag niet actief zijn."
            )
        if item.theme not in themes:
            reader.problem(where, f"onbekend thema '{item.theme}'.")
        if item.retired_in > version:
            reader.problem(
                where, f"'vervallen_in' {item.retired_in} is nieuwer dan de vragenbank ({version})."
            )
        for target in replaced_by:
            other = items.get(target)
            if other is None:
                reader.problem(where, f"'vervangen_door' verwijst naar onbekende id '{target}'.")
            elif other.theme != item.theme:
                reader.problem(where, f"'vervangen_door' {target} hoort bij een ander thema.")
    if sum(1 for i, _ in retired if i.id) != len({i.id for i, _ in retired}):
        reader.problem("vervallen", "een vervallen id komt meer dan eens voor.")
    if reader.problems:
        raise BankError(reader.problems)
    scales.update({s.id: s for s in new_scales})
    for item, _ in retired:
        items[item.id] = item
        themes[item.theme].retired_items.append(item)


def _check_related(themes: dict[str, Theme], new_items: list[Item]) -> list[BankProblem]:
    """'koppeling' names one of the five themes (loaded before any further set or user file)."""
    profile = {t.id for t in themes.values() if t.kind == "thema"}
    return [
        BankProblem(item.theme, item.id, f"'koppeling' verwijst naar onbekend thema '{target}'.")
        for item in new_items
        for target in item.related_themes
        if target not in profile
    ]


_CACHE: dict[tuple[str, ...], Bank] = {}


def default_bank(enabled_sets: Iterable[str] = ()) -> Bank:
    """The bank the app and CLI use: built-in plus the user's question folder, loaded once.

    Further sets (other frameworks) load only when named in ``enabled_sets``.
    """
    from reflectie import paths

    user_dir = paths.questions_dir()
    sets = tuple(sorted(set(enabled_sets)))
    key = (str(user_dir), *sets)
    if key not in _CACHE:
        _CACHE[key] = load_bank(user_dir, enabled_sets=sets)
    return _CACHE[key]


# --- reference texts: the glossary and the nota's frame ------------------------------------


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    text: str
    sources: tuple[str, ...]  # document and section, e.g. "Visienota, §4.2" (see readable_source)
    also: tuple[str, ...] = ()  # other names and abbreviations

    def matches(self, query: str) -> bool:
        """What a person types finds the term by its name, other names or explanation, without
        minding case, accents or spelling (mandaat finds 'gemandateerde voorziening')."""
        from reflectie.dutch import finds

        return finds(query, self.term, self.text, *self.also)


def search_glossary(entries: list[GlossaryEntry], query: str) -> list[GlossaryEntry]:
    """The entries ``query`` finds (``GlossaryEntry.matches``): those it finds by their name or
    other names first, then those it finds in their explanation, each group in its own order."""
    from reflectie.dutch import finds

    found = [entry for entry in entries if entry.matches(query)]
    return sorted(found, key=lambda entry: not finds(query, entry.term, *entry.also))


@dataclass(frozen=True)
class FrameSection:
    title: str
    text: str
    source: str


@dataclass(frozen=True)
class Frame:
    title: str
    intro: str
    sections: tuple[FrameSection, ...]


def _reference_data(path: Path, top: str) -> tuple[_FileReader, list[dict[str, Any]]]:
    data = _parse_file(path, path.name)
    reader = _FileReader(path.name, data)
    return reader, reader.table_list(top)


def load_glossary(path: Path = BUILTIN_DIR / GLOSSARY_FILE) -> list[GlossaryEntry]:
    """The glossary, in alphabetical order; a fault raises BankError."""
    reader, rows = _reference_data(path, "begrip")
    reader.check_keys("bestand", reader.data, {"begrip"})
    entries = []
    for index, raw in enumerate(rows, 1):
        where = f"begrip {raw.get('term', '#' + str(index))}"
        reader.check_keys(where, raw, {"term", "uitleg", "bronnen", "ook"})
        sources = reader.text_list(where, raw, "bronnen")
        if not sources:
            reader.problem(where, "elk begrip noemt minstens één bron ('bronnen').")
        entries.append(
            GlossaryEntry(
                term=reader.text(where, raw, "term"),
                text=reader.text(where, raw, "uitleg"),
                sources=sources,
                also=reader.text_list(where, raw, "ook"),
            )
        )
    if reader.problems:
        raise BankError(reader.problems)
    return sorted(entries, key=lambda e: e.term.lower())


def load_frame(path: Path = BUILTIN_DIR / FRAME_FILE) -> Frame:
    """The nota's frame (section 3 and its decree basis) in the project's own words."""
    reader, rows = _reference_data(path, "deel")
    reader.check_keys("bestand", reader.data, {"kader", "deel"})
    head = reader.data.get("kader")
    if not isinstance(head, dict):
        head = {}
        reader.problem("[kader]", "de tabel [kader] met 'titel' en 'inleiding' ontbreekt.")
    reader.check_keys("[kader]", head, {"titel", "inleiding"})
    sections = []
    for index, raw in enumerate(rows, 1):
        where = f"deel {raw.get('titel', '#' + str(index))}"
        reader.check_keys(where, raw, {"titel", "tekst", "bron"})
        sections.append(
            FrameSection(
                title=reader.text(where, raw, "titel"),
                text=reader.text(where, raw, "tekst"),
                source=reader.text(where, raw, "bron"),
            )
        )
    frame = Frame(
        title=reader.text("[kader]", head, "titel"),
        intro=reader.text("[kader]", head, "inleiding"),
        sections=tuple(sections),
    )
    if reader.problems:
        raise BankError(reader.problems)
    return frame
