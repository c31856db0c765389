"""Keys for clients' answers: a facilitator's key pair, the team's public key, sealed boxes.

No Textual.

Clients' answers (cliëntstem) are written on a worker's device, but only the facilitator may read
them. So the facilitator makes a key pair (``reflectie sleutel maak``): the private key stays on the
facilitator's computer (0600, in the data dir), the public key is a small text file that the team
installs (``reflectie sleutel gebruik BESTAND``). Client files are encrypted to the public key as a
*sealed box* (PyNaCl: X25519 + XSalsa20-Poly1305 with a throw-away sender key), so the device that
wrote them cannot read them back, and any change to the ciphertext is detected when it is opened.

Sealing gives confidentiality, not proof of origin: anyone holding the public key can seal a file.

Key files are TOML with a comment in Dutch that says what they are:

    format = "reflectie-sleutel"
    version = 1
    soort = "publiek"            # or "privé"; the demo's key says "demo"
    sleutel = "<base64, 32 bytes>"
    vingerafdruk = "1a2b-3c4d-5e6f-7a8b"
    label = "Begeleider intervisie CAW Oost"   # optional, chosen by the facilitator
    gemaakt = 2026-11-20

The fingerprint is the first 8 bytes of SHA-256 over the public key, in hex groups: short enough to
read aloud when a team checks that it installed the right key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from reflectie import paths
from reflectie.clean import clean_line
from reflectie.errors import ReflectieError
from reflectie.fileio import (
    FILE_MODE,
    NotReadable,
    atomic_write,
    ensure_dir,
    ensure_private_dir,
    read_regular_file,
)

KEY_FORMAT = "reflectie-sleutel"
KEY_VERSION = 1
PUBLIC = "publiek"
PRIVATE = "privé"
DEMO = "demo"  # a private key of fictional demo data; never counts as "working with keys"
KINDS = (PUBLIC, PRIVATE, DEMO)
KEY_BYTES = 32
MAX_KEY_FILE = 10_000
PUBLIC_SUFFIX = ".pub"
PRIVATE_SUFFIX = ".sleutel"
METHOD = "sealedbox-x25519-xsalsa20poly1305"


class KeyFileError(ReflectieError):
    """A key file that cannot be used; the message is Dutch and names the file and the fault."""


@dataclass(frozen=True)
class PublicKey:
    key: bytes
    label: str = ""
    path: Path | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)


@dataclass(frozen=True)
class PrivateKey:
    key: bytes
    label: str = ""
    demo: bool = False
    path: Path | None = None

    @property
    def public(self) -> PublicKey:
        from nacl.public import PrivateKey as NaclPrivate

        return PublicKey(bytes(NaclPrivate(self.key).public_key), self.label)

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint


def fingerprint(public_key: bytes) -> str:
    """``1a2b-3c4d-5e6f-7a8b``: the first 8 bytes of SHA-256 over the public key."""
    digest = hashlib.sha256(public_key).hexdigest()[:16]
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


# --- making keys ---------------------------------------------------------------------------------


def new_private_key(label: str = "") -> PrivateKey:
    from nacl.public import PrivateKey as NaclPrivate

    return PrivateKey(bytes(NaclPrivate.generate()), clean_line(label).strip())


def demo_private_key(seed: int) -> PrivateKey:
    """The demo's key: derived from the demo's seed, so the same demo gives the same key. It guards
    nothing real (the demo data are fictional) and is marked as a demo key."""
    from nacl.public import PrivateKey as NaclPrivate

    raw = hashlib.sha256(f"reflectie-demo-clientstem-{seed}".encode()).digest()
    return PrivateKey(bytes(NaclPrivate(raw)), "demo (fictieve gegevens)", demo=True)


def _key_doc(kind: str, raw: bytes, key_fingerprint: str, label: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": KEY_FORMAT,
        "version": KEY_VERSION,
        "soort": kind,
        "sleutel": base64.b64encode(raw).decode("ascii"),
        "vingerafdruk": key_fingerprint,
    }
    if label:
        doc["label"] = label
    doc["gemaakt"] = date.today()
    return doc


def public_key_text(key: PublicKey | PrivateKey) -> str:
    """The shareable public key file: a Dutch comment, then the TOML."""
    public = key.public if isinstance(key, PrivateKey) else key
    header = (
        "# Publieke sleutel voor cliëntantwoorden (reflectie).\n# Deze sleutel mag gedeeld worden: "
        "ze kan antwoorden enkel op slot doen, niet openen.\n# Installeer op elk toestel van het "
        f"team met: reflectie sleutel gebruik <dit bestand>\n# Vingerafdruk: {public.fingerprint} "
        "(vergelijk met wat de begeleider zegt).\n"
    )
    return header + tomli_w.dumps(_key_doc(PUBLIC, public.key, public.fingerprint, public.label))


def private_key_text(key: PrivateKey) -> str:
    header = (
        "# PRIVÉSLEUTEL voor cliëntantwoorden (reflectie). Deel dit bestand met niemand.\n# Wie "
        "dit bestand heeft, kan de cliëntantwoorden lezen die met deze sleutel verzegeld zijn.\n# "
        "Raak je het kwijt, dan kan niemand die antwoorden nog openen.\n"
    )
    kind = DEMO if key.demo else PRIVATE
    return header + tomli_w.dumps(_key_doc(kind, key.key, key.fingerprint, key.label))


def write_private_key(key: PrivateKey, target: Path | None = None) -> Path:
    """Write a private key privately (folder 0700, file 0600); never overwrites another key."""
    if target is None:
        folder = ensure_private_dir(paths.keys_dir())
        target = folder / f"prive-{key.fingerprint}{PRIVATE_SUFFIX}"
    else:
        ensure_private_dir(target.parent)
    if target.exists():
        try:
            existing = read_key(target)
        except KeyFileError:
            existing = None
        if not isinstance(existing, PrivateKey) or existing.key != key.key:
            raise KeyFileError(
                f"'{clean_line(str(target))}' bestaat al en is een andere sleutel; ze wordt niet "
                "overschreven."
            )
    atomic_write(target, private_key_text(key).encode("utf-8"), FILE_MODE)
    return target


def make_key_pair(label: str, public_folder: Path) -> tuple[PrivateKey, Path, Path]:
    """``reflectie sleutel maak``: a new key pair; the private key in the data dir (0600), the
    public key file in ``public_folder`` to share. Returns the key and both paths."""
    key = new_private_key(label)
    private_path = write_private_key(key)
    ensure_dir(public_folder, tighten=False)
    public_path = public_folder / f"reflectie-sleutel-{key.fingerprint}{PUBLIC_SUFFIX}"
    atomic_write(public_path, public_key_text(key).encode("utf-8"), 0o644)
    return key, private_path, public_path


# --- reading keys --------------------------------------------------------------------------------


def parse_key(data: bytes, path: Path) -> PublicKey | PrivateKey:
    """A key file's key; raises KeyFileError with a Dutch reason that names the file."""
    name = clean_line(path.name)

    def fail(reason: str) -> KeyFileError:
        return KeyFileError(f"{name}: {reason}")

    if len(data) > MAX_KEY_FILE:
        raise fail("te groot voor een sleutelbestand.")
    try:
        doc = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise fail("geen sleutelbestand van reflectie (geen leesbare TOML-tekst).") from None
    if doc.get("format") != KEY_FORMAT:
        raise fail(f"geen sleutelbestand van reflectie (verwacht format = '{KEY_FORMAT}').")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail("ongeldige formaatversie ('version' moet een geheel getal ≥ 1 zijn).")
    if version > KEY_VERSION:
        raise fail(
            f"gemaakt met een nieuwere versie van reflectie (sleutelversie {version}). Werk "
            "reflectie bij."
        )
    kind = doc.get("soort")
    if kind not in KINDS:
        raise fail("'soort' moet 'publiek' of 'privé' zijn.")
    raw_text = doc.get("sleutel")
    if not isinstance(raw_text, str):
        raise fail("de sleutel zelf ontbreekt ('sleutel').")
    try:
        raw = base64.b64decode(raw_text, validate=True)
    except (binascii.Error, ValueError):
        raise fail("de sleutel is beschadigd (geen geldige base64-tekst).") from None
    if len(raw) != KEY_BYTES:
        raise fail(f"de sleutel is beschadigd (verwacht {KEY_BYTES} bytes, gevonden {len(raw)}).")
    label = doc.get("label", "")
    label = clean_line(label).strip() if isinstance(label, str) else ""
    key: PublicKey | PrivateKey
    if kind == PUBLIC:
        key = PublicKey(raw, label, path)
    else:
        key = PrivateKey(raw, label, demo=kind == DEMO, path=path)
    stated = doc.get("vingerafdruk")
    if stated is not None and stated != key.fingerprint:
        raise fail(
            f"de vingerafdruk in het bestand ({clean_line(str(stated))[:30]}) past niet bij de "
            f"sleutel ({key.fingerprint}); het bestand is beschadigd of aangepast."
        )
    return key


def read_key(path: Path) -> PublicKey | PrivateKey:
    try:
        data = read_regular_file(path, MAX_KEY_FILE)
    except NotReadable as exc:
        raise KeyFileError(f"{clean_line(path.name)}: {exc.reason}") from None
    return parse_key(data, path)


def install_public_key(source: Path) -> tuple[PublicKey, PublicKey | None]:
    """``reflectie sleutel gebruik``: install the team's public key on this device. Returns the new
    key and the one it replaced (None if there was none). A private key is refused: it must never
    travel to the team."""
    if not source.exists():
        raise KeyFileError(f"het bestand '{clean_line(str(source))}' bestaat niet.")
    key = read_key(source)
    if isinstance(key, PrivateKey):
        raise KeyFileError(
            f"{clean_line(source.name)} is een PRIVÉSLEUTEL. Die blijft bij de begeleider en wordt "
            "nooit doorgegeven; installeer de publieke sleutel (het .pub-bestand dat 'reflectie "
            "sleutel maak' schreef)."
        )
    previous = installed_public_key_or_none()
    target = paths.installed_key_path()
    ensure_private_dir(target.parent)
    atomic_write(target, public_key_text(key).encode("utf-8"), FILE_MODE)
    return PublicKey(key.key, key.label, target), previous


def installed_public_key() -> PublicKey | None:
    """The team's installed public key, or None. A damaged key file raises KeyFileError (the client
    mode must not silently store answers readable when the team meant to seal them)."""
    target = paths.installed_key_path()
    if not target.exists():
        return None
    key = read_key(target)
    if not isinstance(key, PublicKey):
        raise KeyFileError(f"{target.name}: hier hoort een publieke sleutel te staan.")
    return key


def installed_public_key_or_none() -> PublicKey | None:
    try:
        return installed_public_key()
    except KeyFileError:
        return None


@dataclass
class KeyRing:
    """The private keys this device holds, and the key files it could not use."""

    keys: list[PrivateKey]
    problems: list[str]

    def find(self, key_fingerprint: str) -> PrivateKey | None:
        for key in self.keys:
            if key.fingerprint == key_fingerprint:
                return key
        return None

    @property
    def has_real_key(self) -> bool:
        """True when the facilitator works with keys (a demo key does not count)."""
        return any(not key.demo for key in self.keys)


def private_keys(include_demo: bool = True) -> KeyRing:
    """Every private key on this device: the facilitator's (data dir) and the demo's."""
    keys: list[PrivateKey] = []
    problems: list[str] = []
    candidates: list[Path] = []
    folder = paths.keys_dir()
    if folder.is_dir():
        candidates += sorted(folder.glob(f"*{PRIVATE_SUFFIX}"))
    if include_demo and paths.demo_key_path().exists():
        candidates.append(paths.demo_key_path())
    for path in candidates:
        try:
            key = read_key(path)
        except KeyFileError as exc:
            problems.append(str(exc))
            continue
        if isinstance(key, PrivateKey) and all(k.key != key.key for k in keys):
            keys.append(key)
    return KeyRing(keys, problems)


# --- sealing -------------------------------------------------------------------------------------


class SealError(Exception):
    """Opening a sealed box failed: wrong key, or the ciphertext was changed."""


def seal(data: bytes, key: PublicKey) -> bytes:
    from nacl.public import PublicKey as NaclPublic
    from nacl.public import SealedBox

    return SealedBox(NaclPublic(key.key)).encrypt(data)


def unseal(ciphertext: bytes, key: PrivateKey) -> bytes:
    from nacl.exceptions import CryptoError
    from nacl.public import PrivateKey as NaclPrivate
    from nacl.public import SealedBox

    try:
        return SealedBox(NaclPrivate(key.key)).decrypt(ciphertext)
    except (CryptoError, ValueError, TypeError) as exc:
        raise SealError(str(exc)) from None
