"""Where reflectie keeps its data. Nothing is created at import or by a getter."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reflectie"
ENV_HOME = "REFLECTIE_HOME"
ENV_EXPORTS = "REFLECTIE_EXPORTMAP"


def _override(name: str) -> Path | None:
    """A folder from the environment. Quotes around it are dropped: Windows' ``set X="C:\\a b"``
    keeps them in the value, and a folder name cannot hold them there."""
    value = os.environ.get(name, "").strip().strip('"').strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """REFLECTIE_HOME, or the user data folder: ``%LOCALAPPDATA%\\reflectie`` on Windows (local, not
    roaming, so it is never synced to other computers; no vendor folder above it),
    ``~/Library/Application Support/reflectie`` on macOS, ``~/.local/share/reflectie`` on Linux."""
    override = _override(ENV_HOME)
    if override is not None:
        return override
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False, roaming=False)


def answers_dir() -> Path:
    """The person's own answers files, one per round."""
    return data_dir() / "antwoorden"


def questions_dir() -> Path:
    """Question files the user adds beside the built-in bank."""
    return data_dir() / "vragen"


def profile_path() -> Path:
    return data_dir() / "profiel.toml"


def demo_dir() -> Path:
    return data_dir() / "demo"


def client_dir() -> Path:
    """Clients' answers (cliëntstem) written on this device, sealed when a key is installed."""
    return data_dir() / "clientstem"


def keys_dir() -> Path:
    """Keys for client answers: the facilitator's private keys, and the team's installed public
    key."""
    return data_dir() / "sleutels"


def installed_key_path() -> Path:
    """The public key the team installed (``reflectie sleutel gebruik``): client answers are
    sealed to it."""
    return keys_dir() / "clientstem-publiek.pub"


def demo_key_path() -> Path:
    """The private key of the fictional demo client answers, kept with the demo data."""
    return demo_dir() / "demosleutel.sleutel"


def default_export_dir() -> Path:
    """Where exports and reports go unless the user picks another folder: the documents folder
    (``Documenten/reflectie``), never silently the current directory. ``REFLECTIE_EXPORTMAP``
    overrides it (tests, or an organisation's standard folder)."""
    override = _override(ENV_EXPORTS)
    if override is not None:
        return override
    import platformdirs

    return platformdirs.user_documents_path() / APP_NAME
