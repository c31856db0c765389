"""Load and validate the question bank (TOML files), built-in and user-added. No Textual."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflectie.model import (
    KIND_INDICATOR,
    KIND_POSITION,
    KIND_QUESTION,
    Bank,
    Item,
    Scale,
    ScaleLevel,
    Theme,
)

BUILTIN_DIR = Path(__file__).parent / "questions"
VALID_LEVELS = ("micro", "meso", "macro")

TOP_KEYS = {"thema", "schaal", "positionering", "indicator", "vraag"}
THEME_KEYS = {
    "id", "titel", "kort", "volgorde", "bron", "inleiding", "soort",
    "actie_micro", "actie_meso", "actie_macro",
}
SCALE_KEYS = {"id", "naam", "soort", "nvt", "niveaus"}
LEVEL_KEYS = {"waarde", "naam", "uitleg"}
POSITION_KEYS = {"id", "niveau", "vraag", "schaal", "bron", "uitleg", "tegenhanger", "zelfbeeld"}
INDICATOR_KEYS = {"id", "niveau", "stelling", "schaal", "bron", "uitleg", "tegenhanger"}
QUESTION_KEYS = {"id", "niveau", "tekst", "bron", "uitleg"}
MAX_FILE_BYTES = 2_000_000


@dataclass
class BankProblem:
    file: str
    item: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.item:
            where += f", {self.item}"
        return f"{where}: {self.message}"


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


class _FileReader:
    """Validates one parsed bank file, collecting problems instead of stopping at the first."""

    def __init__(self, name: str, data: dict[str, Any]):
        self.name = name
        self.data = data
        self.problems: list[BankProblem] = []

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
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(where, f"'{key}' moet een niet-lege tekst zijn.")
            return ""
        return value.strip()

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
            nvt = raw.get("nvt", False)
            if not isinstance(nvt, bool):
                self.problem(where, "'nvt' moet true of false zijn.")
                nvt = False
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
                    self.problem(where, "de waarden van de niveaus moeten opeenvolgend en oplopend zijn.")
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
        if kind not in ("thema", "checklist"):
            self.problem(where, f"'soort' moet 'thema' of 'checklist' zijn, niet '{kind}'.")
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
            kind=kind,
            action_prompts=prompts,
        )

    def items(self, theme: Theme, scales: dict[str, Scale]) -> list[tuple[Item, dict[str, Any]]]:
        result: list[tuple[Item, dict[str, Any]]] = []
        specs = (
            ("positionering", KIND_POSITION, POSITION_KEYS, "vraag", None),
            ("indicator", KIND_INDICATOR, INDICATOR_KEYS, "stelling", "frequentie"),
            ("vraag", KIND_QUESTION, QUESTION_KEYS, "tekst", None),
        )
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
                if not item_id or not text:
                    continue
                item = Item(
                    id=item_id,
                    theme=theme.id,
                    level=level,
                    kind=kind,
                    text=text,
                    scale=scale,
                    source=source or theme.source,
                    help=self.text(where, raw, "uitleg", False),
                    counterpart=raw.get("tegenhanger"),
                    self_image=raw.get("zelfbeeld"),
                )
                result.append((item, raw))
        return result


def _parse_file(path: Path, label: str) -> dict[str, Any]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BankError([BankProblem(label, "", "het bestand is te groot voor een vragenlijst.")])
        data = path.read_bytes().decode("utf-8")
        return tomllib.loads(data)
    except UnicodeDecodeError:
        raise BankError([BankProblem(label, "", "het bestand is geen UTF-8-tekst.")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise BankError([BankProblem(label, "", f"geen geldige TOML ({exc}).")]) from None
    except OSError as exc:
        raise BankError([BankProblem(label, "", f"kan het bestand niet lezen ({exc.strerror}).")]) from None
    except RecursionError:
        raise BankError([BankProblem(label, "", "het bestand is te diep genest.")]) from None


def _check_file(
    label: str,
    data: dict[str, Any],
    scales: dict[str, Scale],
    themes: dict[str, Theme],
    items: dict[str, Item],
    path: Path,
) -> tuple[list[Scale], Theme | None, list[Item]]:
    """Validate one file against what is already loaded; raise BankError or return its parts."""
    reader = _FileReader(label, data)
    reader.check_keys("bestand", data, TOP_KEYS)
    new_scales = reader.scales()
    for scale in new_scales:
        if scale.id in scales:
            reader.problem(f"schaal {scale.id}", "deze schaal-id bestaat al.")
    known_scales = {**scales, **{s.id: s for s in new_scales}}
    theme = reader.theme()
    new_items: list[Item] = []
    if theme is not None:
        theme.file = path
        if theme.id in themes:
            reader.problem("[thema]", f"het thema '{theme.id}' bestaat al ({themes[theme.id].file}).")
        for item, _raw in reader.items(theme, known_scales):
            if item.id in items or any(i.id == item.id for i in new_items):
                reader.problem(f"{item.kind} {item.id}", "deze id komt meer dan eens voor.")
                continue
            new_items.append(item)
    elif any(key in data for key in ("positionering", "indicator", "vraag")):
        reader.problem("[thema]", "vragen staan in een bestand zonder [thema]-tabel.")
    elif not new_scales and not reader.problems:
        reader.problem("bestand", "het bestand bevat geen [thema] en geen [[schaal]].")
    if reader.problems:
        raise BankError(reader.problems)
    return new_scales, theme, new_items


def _check_links(items: dict[str, Item]) -> list[BankProblem]:
    problems = []
    for item in items.values():
        for key, target in (("tegenhanger", item.counterpart), ("zelfbeeld", item.self_image)):
            if target is None:
                continue
            other = items.get(target)
            if other is None:
                problems.append(
                    BankProblem(item.theme, item.id, f"'{key}' verwijst naar onbekende id '{target}'.")
                )
            elif other.scale != item.scale:
                problems.append(
                    BankProblem(item.theme, item.id, f"'{key}' {target} gebruikt een andere schaal.")
                )
    return problems


def load_bank(user_dir: Path | None = None, builtin_dir: Path = BUILTIN_DIR) -> Bank:
    """Load the built-in bank (a fault there raises BankError) and then each user file.

    A user file with a fault is refused as a whole and named in ``bank.problems``; the rest loads.
    """
    scales: dict[str, Scale] = {}
    themes: dict[str, Theme] = {}
    items: dict[str, Item] = {}
    problems: list[str] = []

    def add(path: Path, label: str) -> None:
        data = _parse_file(path, label)
        new_scales, theme, new_items = _check_file(label, data, scales, themes, items, path)
        candidate = dict(items)
        candidate.update({i.id: i for i in new_items})
        links = [p for p in _check_links(candidate) if p.item in {i.id for i in new_items}]
        if links:
            raise BankError([BankProblem(label, p.item, p.message) for p in links])
        scales.update({s.id: s for s in new_scales})
        if theme is not None:
            theme.items = new_items
            themes[theme.id] = theme
        items.update({i.id: i for i in new_items})

    builtin = sorted(builtin_dir.glob("*.toml"), key=lambda p: (p.name != "schalen.toml", p.name))
    for path in builtin:
        add(path, path.name)
    if user_dir is not None and user_dir.is_dir():
        user_files = sorted(user_dir.glob("*.toml"), key=lambda p: (p.name != "schalen.toml", p.name))
        for path in user_files:
            try:
                add(path, str(path))
            except BankError as exc:
                problems.extend(f"Vragenbestand geweigerd: {p}" for p in exc.problems)
    return Bank(themes=themes, scales=scales, items=items, problems=problems)


_CACHE: dict[tuple[str, ...], Bank] = {}


def default_bank() -> Bank:
    """The bank the app and CLI use: built-in plus the user's question folder, loaded once."""
    from reflectie import paths

    user_dir = paths.questions_dir()
    key = (str(user_dir),)
    if key not in _CACHE:
        _CACHE[key] = load_bank(user_dir)
    return _CACHE[key]
