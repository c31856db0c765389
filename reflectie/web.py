"""`reflectie serve`: the app in a browser through textual-serve, for a team around one screen.

textual-serve has no authentication, so it listens on this computer only unless asked otherwise.
Its page links a web font from the internet; the copy served here drops that link, so opening the
app in a browser contacts nothing but this computer.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
import tempfile
from pathlib import Path

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_local(host: str) -> bool:
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def offline_templates(target: Path) -> Path:
    """textual-serve's page template without links to outside hosts."""
    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates"
    target.mkdir(parents=True, exist_ok=True)
    for template in source.glob("*.html"):
        lines = template.read_text("utf-8").splitlines(keepends=True)
        kept: list[str] = []
        skip = False
        for line in lines:
            # drop a <link ...> element (possibly over several lines) whose href leaves this computer
            if "<link" in line and not line.rstrip().endswith("/>"):
                buffer = [line]
                skip = True
                continue
            if skip:
                buffer.append(line)
                if ">" in line:
                    skip = False
                    element = "".join(buffer)
                    if "https://" not in element and "http://" not in element:
                        kept.extend(buffer)
                continue
            if "<link" in line and ("https://" in line or "http://" in line):
                continue
            kept.append(line)
        (target / template.name).write_text("".join(kept), "utf-8")
    return target


def serve(host: str, port: int) -> None:
    from textual_serve.server import Server

    command = f"{shlex.quote(sys.executable)} -m reflectie"
    with tempfile.TemporaryDirectory(prefix="reflectie-web-") as tmp:
        templates = offline_templates(Path(tmp) / "templates")
        server = Server(command, host=host, port=port, title="reflectie", templates_path=templates)
        server.serve()
