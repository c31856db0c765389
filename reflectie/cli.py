"""Command line: `reflectie` opens the app; subcommands do the same work headless.

Heavy imports (Textual, report libraries) happen inside the commands so that `--help` stays fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    name="reflectie",
    help="Reflecteren over vermaatschappelijking van de jeugdhulp: zelfreflectie, intervisie en werkgroepen.",
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode="rich",
)

EXIT_WARNINGS = 3  # done, but some files were left out


class Niveau(str, Enum):
    micro = "micro"
    meso = "meso"
    macro = "macro"


def _console():
    from rich.console import Console

    return Console()


def _err(message: str, code: int = 1) -> None:
    from rich.console import Console

    Console(stderr=True).print(f"[bold red]Fout:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _bank():
    from reflectie.bank import BankError, default_bank

    try:
        bank = default_bank()
    except BankError as exc:
        _err(f"de ingebouwde vragenbank is beschadigd:\n{exc}")
    if bank.problems:
        from rich.console import Console

        console = Console(stderr=True)
        for problem in bank.problems:
            console.print(f"[yellow]Let op:[/] {problem}", highlight=False)
    return bank


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    versie: bool = typer.Option(False, "--versie", help="Toon de versie en stop."),
) -> None:
    """Zonder opdracht opent reflectie de app."""
    if versie:
        from reflectie import __version__

        typer.echo(f"reflectie {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        from reflectie.app import make_app

        make_app().run()


@app.command("vragen")
def vragen(
    thema: Optional[str] = typer.Option(None, "--thema", "-t", help="Alleen dit thema (bv. participatie)."),
    niveau: Optional[Niveau] = typer.Option(None, "--niveau", "-n", help="micro, meso of macro."),
) -> None:
    """Toon de vragenbank: thema's, positionering, indicatoren en bewustwordingsvragen."""
    from reflectie.textout import print_bank

    bank = _bank()
    if thema and thema not in bank.themes:
        import difflib

        close = difflib.get_close_matches(thema, list(bank.themes), n=1)
        hint = f" Bedoel je '{close[0]}'?" if close else ""
        _err(f"onbekend thema '{thema}'. Thema's: {', '.join(bank.themes)}.{hint}", 2)
    print_bank(_console(), bank, thema, niveau.value if niveau else None)


@app.command("paden")
def paden() -> None:
    """Toon waar reflectie je gegevens bewaart."""
    from reflectie import paths

    console = _console()
    rows = [
        ("Gegevensmap", paths.data_dir()),
        ("Jouw antwoorden", paths.answers_dir()),
        ("Profiel", paths.profile_path()),
        ("Eigen vragenbestanden", paths.questions_dir()),
        ("Demogegevens", paths.demo_dir()),
        ("Standaard exportmap", paths.default_export_dir()),
    ]
    from rich.table import Table

    table = Table(show_header=False, box=None)
    for label, value in rows:
        state = "" if Path(value).exists() else " [dim](nog niet aangemaakt)[/]"
        table.add_row(f"[bold]{label}[/]", f"{value}{state}")
    console.print(table)
    console.print(
        "\nAlles blijft op deze computer. Map en bestanden zijn enkel voor jou leesbaar (0700/0600). "
        "Stel [bold]REFLECTIE_HOME[/] in om een andere gegevensmap te gebruiken.",
        highlight=False,
    )


@app.command("demo")
def demo(
    aantal: int = typer.Option(60, "--aantal", "-a", min=1, max=100_000, help="Aantal antwoordenbestanden."),
    uit: Optional[Path] = typer.Option(None, "--uit", "-o", help="Map voor de bestanden (standaard de demomap)."),
    zaad: int = typer.Option(2026, "--zaad", help="Startgetal van het toeval, voor herhaalbare demo's."),
) -> None:
    """Maak fictieve antwoordenbestanden (teams, organisaties, twee rondes) om alles uit te proberen."""
    from reflectie import paths
    from reflectie.demo import write_demo
    from reflectie.store import StoreError

    folder = uit or paths.demo_dir()
    try:
        written = write_demo(_bank(), folder, aantal, zaad)
    except StoreError as exc:
        _err(str(exc))
    _console().print(
        f"{len(written)} fictieve antwoordenbestanden geschreven in [bold]{folder}[/].\n"
        f"Probeer: [bold]reflectie rapport {folder}[/]",
        highlight=False,
    )


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
