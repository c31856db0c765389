"""The clients' answers file, format ``reflectie-clientstem`` version 1, and how the mode writes it.

No Textual.

One small TOML file per client who answered; the README documents it. It holds no name, no client
id, no worker id and no time of day: only organisation, team, round, who answered (``jongere`` or
``ouder``), the date, and the answers::

    format = "reflectie-clientstem"
    version = 1
    organisatie = "CAW Oost"
    team = "Team Noord"
    ronde = "2026-najaar"
    wie = "jongere"
    datum = 2026-11-20
    wilniet = ["client.bellen-mailen"]      # answered 'Wil ik niet zeggen'

    [antwoorden]                            # item id = value on the item's scale
    "client.wat-je-wil" = 4
    "client.ladder" = 3

When the team installed the facilitator's public key (``reflectie sleutel gebruik``), that document
is encrypted to it as a sealed box, and the file on disk holds only a plaintext header that says
what it is and which key opens it::

    format = "reflectie-clientstem"
    version = 1
    verzegeld = "sealedbox-x25519-xsalsa20poly1305"
    sleutel = "1a2b-3c4d-5e6f-7a8b"         # fingerprint of the public key
    inhoud = "<base64>"

Files get a random name (``<16 hex>.clientstem``) and their modification time is set to the start of
the day, so neither the name nor the file system tells when, or in which order, clients answered.

Reading never trusts a file: wrong format, a newer version, unknown keys (a name would be one), ids
that are not the version's questions, values off the scale, a date with a time or in the future,
a wrong key or a changed ciphertext each give a Dutch reason. A reader that holds a facilitator's
private key refuses unsealed files unless asked otherwise (``allow_unsealed``): in a team that works
with a key, an unsealed answer was stored readable on a worker's device.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import tomli_w

from reflectie.clean import clean_line
from reflectie.clientvragen import WHO, WHO_PLURAL, ClientItem, Questionnaire
from reflectie.errors import AnswersFileError, ReflectieError
from reflectie.fileio import (
    DIR_MODE,
    FILE_MODE,
    NotReadable,
    atomic_write,
    ensure_dir,
    ensure_private_dir,
    read_regular_file,
)
from reflectie.sealing import METHOD, KeyRing, PublicKey, SealError, seal, unseal

FORMAT_NAME = "reflectie-clientstem"
FORMAT_VERSION = 1
SUFFIX = ".clientstem"
DECLINED = "wilniet"
MAX_BYTES = 200_000
DOC_KEYS = {
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
SEALED_KEYS = {"format", "version", "verzegeld", "sleutel", "inhoud"}
MAX_NAME = 200  # characters of an organisation or team name
PAD_BLOCK = 1024  # sealed content is padded to a multiple of this many bytes


class ClientFileError(AnswersFileError):
    """A client answers file that cannot be used; ``reason`` is Dutch and names the fault."""


@dataclass
class ClientAnswers:
    """One client's answers: no name, no id, only where and when (the day) and who
    (jongere/ouder)."""

    organisation: str
    team: str
    round_id: str
    who: str
    day: date
    answers: dict[str, int] = field(default_factory=dict)
    declined: set[str] = field(default_factory=set)  # 'Wil ik niet zeggen'
    path: Path | None = None
    sealed: bool = False  # how the file was stored (set when read)
    demo: bool = False  # sealed to the demo's key (fictional data; anyone can rebuild that key)
    unknown_ids: list[str] = field(default_factory=list)  # ids of a newer questionnaire, ignored

    def choice(self, item_id: str) -> int | str | None:
        if item_id in self.answers:
            return self.answers[item_id]
        if item_id in self.declined:
            return DECLINED
        return None


# --- writing -------------------------------------------------------------------------------------


def to_dict(client: ClientAnswers) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "organisatie": client.organisation,
        "team": client.team,
        "ronde": client.round_id,
        "wie": client.who,
        "datum": client.day,
    }
    if client.declined:
        doc[DECLINED] = sorted(client.declined)
    doc["antwoorden"] = dict(sorted(client.answers.items()))
    return doc


def dumps(client: ClientAnswers, key: PublicKey | None = None) -> bytes:
    """The file's bytes: the plain document, or, with ``key``, the header and the sealed
    document."""
    plain = tomli_w.dumps(to_dict(client)).encode("utf-8")
    if key is None:
        return plain
    plain = _padded(plain)
    header = (
        "# Antwoord van een cliënt (reflectie), verzegeld: enkel de privésleutel met deze\n"
        "# vingerafdruk kan het openen ('reflectie rapport' op de computer van de begeleider).\n"
    )
    sealed = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "verzegeld": METHOD,
        "sleutel": key.fingerprint,
        "inhoud": base64.b64encode(seal(plain, key)).decode("ascii"),
    }
    return (header + tomli_w.dumps(sealed)).encode("utf-8")


def _padded(plain: bytes) -> bytes:
    """The document padded with a comment to a multiple of PAD_BLOCK bytes: the size of a sealed
    file then says nothing about who answered (jongere/ouder) or how many questions were
    declined."""
    room = PAD_BLOCK - (len(plain) + 2) % PAD_BLOCK
    return plain + b"#" + b" " * room + b"\n"


def new_file_name() -> str:
    return f"{secrets.token_hex(8)}{SUFFIX}"


def write_client_answers(
    client: ClientAnswers, folder: Path, key: PublicKey | None, name: str | None = None
) -> Path:
    """Write one client's answers under a random name (folder 0700, file 0600). Raises StoreError.
    ``name`` is for the demo, which makes repeatable names from its own random generator. A folder
    the user chose outside the data dir (``reflectie client --uit``) keeps its own permissions."""
    from reflectie import paths

    home = paths.data_dir()
    if folder == home or home in folder.parents:
        ensure_private_dir(folder)
    else:
        ensure_dir(folder, DIR_MODE, tighten=False)
    data = dumps(client, key)
    while True:
        path = folder / (name or new_file_name())
        if name or not path.exists():
            break
    atomic_write(path, data, FILE_MODE)
    stamp = datetime.combine(client.day, time()).timestamp()
    try:
        os.utime(path, (stamp, stamp))  # no time of day in the file system either
    except OSError:
        pass
    return path


# --- reading -------------------------------------------------------------------------------------


def _type_name(value: Any) -> str:
    return {
        int: "een getal",
        float: "een kommagetal",
        bool: "true/false",
        list: "een lijst",
        dict: "een tabel",
        str: "tekst",
    }.get(type(value), type(value).__name__)


def _check_format(doc: dict[str, Any], fail: Callable[[str], ClientFileError]) -> None:
    fmt = doc.get("format")
    if fmt != FORMAT_NAME:
        if fmt is None:
            raise fail("geen cliëntbestand van reflectie (de sleutel 'format' ontbreekt).")
        raise fail(
            f"ander soort bestand (format = '{clean_line(str(fmt))[:40]}', verwacht "
            f"'{FORMAT_NAME}')."
        )
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail("ongeldige formaatversie ('version' moet een geheel getal ≥ 1 zijn).")
    if version > FORMAT_VERSION:
        raise fail(
            f"gemaakt met een nieuwere versie van reflectie (formaatversie {version}; deze versie "
            f"leest tot versie {FORMAT_VERSION}). Werk reflectie bij om dit bestand te lezen."
        )


def from_dict(doc: dict[str, Any], path: Path, questionnaire: Questionnaire) -> ClientAnswers:
    """Validate a plain (unsealed) client document. Raises ClientFileError."""
    from reflectie.answersfile import ID_RE

    def fail(reason: str) -> ClientFileError:
        return ClientFileError(path, reason)

    _check_format(doc, fail)
    extra = sorted(set(doc) - DOC_KEYS)
    if extra:
        raise fail(
            f"onbekende sleutel '{clean_line(extra[0])[:40]}'. Een cliëntbestand bevat enkel "
            "organisatie, team, ronde, wie, datum en de antwoorden (geen naam of andere gegevens)."
        )

    def text(key: str, limit: int = MAX_NAME) -> str:
        value = doc.get(key)
        if not isinstance(value, str):
            raise fail(f"'{key}' ontbreekt of is geen tekst.")
        value = clean_line(value).strip()
        if not value:
            raise fail(f"'{key}' is leeg.")
        if len(value) > limit:
            raise fail(f"'{key}' is te lang (meer dan {limit} tekens).")
        return value

    organisation, team, round_id, who = (
        text("organisatie"),
        text("team"),
        text("ronde", 120),
        text("wie", 20),
    )
    if not ID_RE.match(round_id):
        raise fail(
            "'ronde' bevat tekens die niet toegelaten zijn (gebruik letters, cijfers, - en _)."
        )
    if who not in WHO:
        raise fail(f"'wie' moet 'jongere' of 'ouder' zijn, niet '{who[:20]}'.")
    day = doc.get("datum")
    if isinstance(day, datetime):
        raise fail("'datum' bevat een uur; een cliëntbestand bewaart enkel de dag.")
    if not isinstance(day, date):
        raise fail("'datum' ontbreekt of is geen datum (bv. 2026-11-20).")
    if day > date.today() + timedelta(days=1):
        raise fail(
            f"'datum' ({day:%d/%m/%Y}) ligt in de toekomst; zo'n bestand wordt niet vertrouwd."
        )
    version = questionnaire.version(who)
    asked = {item.id: item for item in version.items}
    unknown: set[str] = set()
    raw_answers = doc.get("antwoorden", {})
    if not isinstance(raw_answers, dict):
        raise fail("[antwoorden] moet een tabel zijn.")
    answers: dict[str, int] = {}
    for item_id, value in raw_answers.items():
        if not ID_RE.match(item_id):
            raise fail(f"'{clean_line(item_id)[:40]}' is geen geldige vraag-id.")
        if not isinstance(value, int) or isinstance(value, bool):
            raise fail(
                f"antwoord op '{item_id}' moet een geheel getal zijn, niet {_type_name(value)}."
            )
        item = asked.get(item_id)
        if item is None:
            if item_id in questionnaire.items:
                raise fail(f"'{item_id}' is geen vraag van de versie voor {WHO_PLURAL[who]}.")
            unknown.add(item_id)
            continue
        if not item.scale.contains(value):
            raise fail(
                f"antwoord {value} op '{item_id}' valt buiten de schaal "
                f"{item.scale.min}–{item.scale.max}."
            )
        answers[item_id] = value
    raw_declined = doc.get(DECLINED, [])
    if not isinstance(raw_declined, list) or not all(isinstance(x, str) for x in raw_declined):
        raise fail(f"'{DECLINED}' moet een lijst van vraag-id's zijn.")
    declined: set[str] = set()
    for item_id in raw_declined:
        if not ID_RE.match(item_id):
            raise fail(f"'{clean_line(item_id)[:40]}' in '{DECLINED}' is geen geldige vraag-id.")
        if item_id in answers:
            raise fail(f"'{item_id}' heeft zowel een antwoord als 'wil ik niet zeggen'.")
        if item_id not in asked:
            if item_id in questionnaire.items:
                raise fail(f"'{item_id}' is geen vraag van de versie voor {WHO_PLURAL[who]}.")
            unknown.add(item_id)
            continue
        declined.add(item_id)
    return ClientAnswers(
        organisation, team, round_id, who, day, answers, declined, path, unknown_ids=sorted(unknown)
    )


def parse_client_file(
    data: bytes,
    path: Path | str,
    questionnaire: Questionnaire,
    keyring: KeyRing | None = None,
    allow_unsealed: bool | None = None,
) -> ClientAnswers:
    """Read one client file, sealed or not. ``allow_unsealed`` defaults to True only when the
    keyring holds no facilitator key (a demo key does not count). Raises ClientFileError."""
    path = Path(path)

    def fail(reason: str) -> ClientFileError:
        return ClientFileError(path, reason)

    if len(data) > MAX_BYTES:
        raise fail("het bestand is te groot voor een cliëntbestand.")
    try:
        doc = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as exc:
        raise fail(f"geen UTF-8-tekst (ongeldige byte op positie {exc.start}).") from None
    except tomllib.TOMLDecodeError:
        raise fail("beschadigd of geen TOML-tekst.") from None
    except RecursionError:
        raise fail("te diep genest om te lezen.") from None
    _check_format(doc, fail)
    if "inhoud" not in doc and "verzegeld" not in doc:
        if allow_unsealed is None:
            allow_unsealed = keyring is None or not keyring.has_real_key
        if not allow_unsealed:
            raise fail(
                "niet verzegeld: dit antwoord werd zonder sleutel bewaard en was leesbaar op het "
                "toestel van de hulpverlener. Het telt niet mee omdat je met een sleutel werkt. "
                "Installeer de publieke sleutel op dat toestel ('reflectie sleutel gebruik')."
            )
        client = from_dict(doc, path, questionnaire)
        client.sealed = False
        return client
    extra = sorted(set(doc) - SEALED_KEYS)
    if extra:
        raise fail(f"onbekende sleutel '{clean_line(extra[0])[:40]}' naast de verzegelde inhoud.")
    if doc.get("verzegeld") != METHOD:
        raise fail("onbekende manier van verzegelen ('verzegeld'); werk reflectie bij.")
    key_fingerprint = doc.get("sleutel")
    content = doc.get("inhoud")
    if not isinstance(key_fingerprint, str) or not isinstance(content, str):
        raise fail("de verzegelde inhoud of de vingerafdruk van de sleutel ontbreekt.")
    key_fingerprint = clean_line(key_fingerprint)[:40]
    key = keyring.find(key_fingerprint) if keyring is not None else None
    if key is None:
        raise fail(
            f"verzegeld met sleutel {key_fingerprint}, en die privésleutel staat niet op deze "
            "computer. Maak het rapport op de computer van de begeleider die de sleutel maakte."
        )
    try:
        ciphertext = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise fail("de verzegelde inhoud is beschadigd (geen geldige base64-tekst).") from None
    try:
        plain = unseal(ciphertext, key)
    except SealError:
        raise fail(
            "de verzegelde inhoud kan niet geopend worden: het bestand is beschadigd of aangepast."
        ) from None
    try:
        inner = tomllib.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise fail("de verzegelde inhoud is geen leesbaar cliëntbestand.") from None
    if "inhoud" in inner or "verzegeld" in inner:
        raise fail("de verzegelde inhoud is zelf weer verzegeld; dat maakt reflectie nooit.")
    client = from_dict(inner, path, questionnaire)
    client.sealed = True
    client.demo = key.demo
    return client


def read_client_file(
    path: Path,
    questionnaire: Questionnaire,
    keyring: KeyRing | None = None,
    allow_unsealed: bool | None = None,
) -> ClientAnswers:
    try:
        data = read_regular_file(path, MAX_BYTES)
    except NotReadable as exc:
        raise ClientFileError(path, exc.reason) from None
    return parse_client_file(data, path, questionnaire, keyring, allow_unsealed)


# --- the mode's recorder -------------------------------------------------------------------------


@dataclass
class ClientSetup:
    """Where the client mode writes and for whom: set by the worker before the first client."""

    organisation: str
    team: str
    round_id: str
    folder: Path
    key: PublicKey | None  # None: answers are stored readable on this device (0600)

    @property
    def sealed(self) -> bool:
        return self.key is not None

    def check(self) -> None:
        """Raise ReflectieError (Dutch) when the mode cannot start with these settings."""
        from reflectie.answersfile import ID_RE

        if not self.organisation.strip() or not self.team.strip():
            raise ReflectieError("Vul je organisatie en je team in: de antwoorden tellen per team.")
        if len(self.organisation) > MAX_NAME or len(self.team) > MAX_NAME:
            raise ReflectieError(
                f"De naam van de organisatie of het team is te lang (maximaal {MAX_NAME} tekens)."
            )
        if not ID_RE.match(self.round_id):
            raise ReflectieError("Geef een ronde, bv. 2026-najaar (letters, cijfers, - en _).")


def setup_from_profile(
    round_label: str | None = None,
    organisation: str | None = None,
    team: str | None = None,
    folder: Path | None = None,
) -> ClientSetup:
    """The setup from the worker's profile and the installed key (a damaged key file raises
    KeyFileError: the mode never falls back to readable answers when a key was meant)."""
    from reflectie import paths
    from reflectie.labels import default_round_label
    from reflectie.profile import load_profile
    from reflectie.sealing import installed_public_key
    from reflectie.session import round_id_for

    profile = load_profile()
    participant = profile.participant if profile is not None else None
    label = (
        round_label or (profile.last_round if profile is not None else "") or default_round_label()
    )
    return ClientSetup(
        organisation=clean_line(
            organisation
            if organisation is not None
            else (participant.organisation if participant else "")
        ).strip(),
        team=clean_line(
            team if team is not None else (participant.team if participant else "")
        ).strip(),
        round_id=round_id_for(label) or default_round_label(),
        folder=folder or paths.client_dir(),
        key=installed_public_key(),
    )


class ClientRecorder:
    """One client at a time: choices are kept in memory and written only when the client saves.

    Stopping or not taking part discards them; nothing of one client is left for the next.
    """

    def __init__(self, setup: ClientSetup, questionnaire: Questionnaire):
        self.setup = setup
        self.questionnaire = questionnaire
        self.current: ClientAnswers | None = None
        self.saved = 0  # files written in this session (shown to the worker afterwards)

    def start(self, who: str) -> None:
        if who not in WHO:
            raise ValueError(who)
        s = self.setup
        self.current = ClientAnswers(s.organisation, s.team, s.round_id, who, date.today())

    @property
    def items(self) -> tuple[ClientItem, ...]:
        assert self.current is not None
        return self.questionnaire.version(self.current.who).items

    def choose(self, item_id: str, choice: int | str) -> None:
        """Record a value on the item's scale, or DECLINED."""
        assert self.current is not None
        item = self.questionnaire.items[item_id]
        if choice == DECLINED:
            self.current.answers.pop(item_id, None)
            self.current.declined.add(item_id)
        elif (
            isinstance(choice, int) and not isinstance(choice, bool) and item.scale.contains(choice)
        ):
            self.current.declined.discard(item_id)
            self.current.answers[item_id] = choice
        else:
            raise ValueError(f"{choice!r} past niet bij {item_id}")

    def save(self) -> Path:
        """Write the current client's file and forget the answers. Raises ReflectieError
        (StoreError)."""
        assert self.current is not None
        self.current.day = date.today()
        path = write_client_answers(self.current, self.setup.folder, self.setup.key)
        self.current = None
        self.saved += 1
        return path

    def discard(self) -> None:
        self.current = None
