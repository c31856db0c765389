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


class Formaat(str, Enum):
    md = "md"
    html = "html"


def _own_round(ronde: Optional[str]):
    """The person's round by label, or the last one worked on."""
    from reflectie.profile import load_profile
    from reflectie.store import list_rounds, slugify

    bank = _bank()
    rounds, problems = list_rounds(bank)
    for problem in problems:
        from rich.console import Console

        Console(stderr=True).print(f"[yellow]Let op:[/] {problem.path.name}: {problem.reason}", highlight=False)
    if not rounds:
        _err("je hebt nog geen rondes. Open [bold]reflectie[/] om te beginnen.")
    if ronde is None:
        profile = load_profile()
        wanted = profile.last_round if profile and profile.last_round else rounds[-1].round.id
    else:
        wanted = slugify(ronde)
    for answers in rounds:
        if answers.round.id == wanted:
            return answers, bank
    known = ", ".join(a.round.id for a in rounds)
    _err(f"geen ronde '{wanted}'. Je rondes: {known}.", 2)
    raise AssertionError  # unreachable


@app.command("export")
def export(
    ronde: Optional[str] = typer.Option(None, "--ronde", "-r", help="Label van de ronde (standaard de laatste)."),
    formaat: Formaat = typer.Option(Formaat.html, "--formaat", "-f", help="md of html."),
    uit: Optional[Path] = typer.Option(None, "--uit", "-o", help="Map voor de export (standaard ./exports)."),
) -> None:
    """Exporteer je eigen ronde als Markdown of afdrukbare HTML."""
    from reflectie import paths
    from reflectie.report.own import export_round
    from reflectie.store import StoreError

    answers, bank = _own_round(ronde)
    try:
        target = export_round(answers, bank, uit or paths.default_export_dir(), formaat.value)
    except StoreError as exc:
        _err(str(exc))
    _console().print(f"Geëxporteerd: [bold]{target}[/]\nDit document bevat ook je niet-gedeelde teksten.", highlight=False)


@app.command("deel")
def deel(
    ronde: Optional[str] = typer.Option(None, "--ronde", "-r", help="Label van de ronde (standaard de laatste)."),
    uit: Optional[Path] = typer.Option(None, "--uit", "-o", help="Map of bestand (standaard ./exports)."),
) -> None:
    """Maak het deelbare antwoordenbestand voor je team: zonder naam, enkel gedeelde teksten."""
    from reflectie import paths
    from reflectie.store import StoreError, write_shared

    answers, _bank_ = _own_round(ronde)
    try:
        target = write_shared(answers, uit or paths.default_export_dir())
    except StoreError as exc:
        _err(str(exc))
    _console().print(f"Deelbaar bestand: [bold]{target}[/]", highlight=False)


class Groepering(str, Enum):
    team = "team"
    organisatie = "organisatie"
    ronde = "ronde"


class RapportFormaat(str, Enum):
    md = "md"
    html = "html"
    csv = "csv"
    xlsx = "xlsx"
    alles = "alles"


def load_collection(folders: list[Path], bank, quiet: bool = False):
    """Load answers files with a progress bar on the terminal for big folders."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from reflectie.compare import answer_files, collect

    total = len(answer_files(folders))
    if quiet or total < 200:
        return collect(folders, bank)
    with Progress(TextColumn("Bestanden lezen"), BarColumn(), MofNCompleteColumn(), transient=True) as progress:
        task = progress.add_task("lezen", total=total)
        return collect(folders, bank, lambda done, _total: progress.update(task, completed=done))


@app.command("rapport")
def rapport(
    mappen: list[Path] = typer.Argument(..., help="Eén of meer mappen met antwoordenbestanden (ook submappen).", exists=True),
    per: Groepering = typer.Option(Groepering.team, "--per", "-p", help="Groeperen per team, organisatie of ronde."),
    formaat: RapportFormaat = typer.Option(RapportFormaat.alles, "--formaat", "-f", help="md, html, csv, xlsx of alles."),
    uit: Optional[Path] = typer.Option(None, "--uit", "-o", help="Map voor de rapporten (standaard ./exports)."),
    min_groep: int = typer.Option(3, "--min-groep", min=2, help="Kleinere groepen tonen geen cijfers of teksten."),
    ronde: Optional[str] = typer.Option(None, "--ronde", "-r", help="Enkel deze ronde (standaard: per persoon de laatste)."),
) -> None:
    """Maak een vergelijkend rapport van een map met antwoordenbestanden (intervisie, werkgroep).

    Eindigt met code 0 als alles gelezen werd, 3 als sommige bestanden weggelaten zijn (het rapport
    is dan wel gemaakt), en 1 als er geen bruikbaar bestand was.
    """
    from reflectie import paths
    from reflectie.compare import compare
    from reflectie.report.group import FORMATS, write_reports
    from reflectie.store import StoreError

    bank = _bank()
    console = _console()
    collection = load_collection(mappen, bank)
    from rich.console import Console

    err = Console(stderr=True)
    for problem in collection.problems:
        err.print(f"[yellow]Weggelaten:[/] {problem.path} — {problem.reason}", highlight=False)
    if not collection.answers:
        _err(f"geen bruikbare antwoordenbestanden gevonden in {', '.join(str(m) for m in mappen)}.")
    comparison = compare(collection, bank, per.value, min_groep, ronde)
    for note in collection.notes + comparison.notes:
        err.print(f"[dim]{note}[/]", highlight=False)
    formats = FORMATS if formaat == RapportFormaat.alles else (formaat.value,)
    try:
        written = write_reports(comparison, uit or paths.default_export_dir(), formats)
    except StoreError as exc:
        _err(str(exc))
    suppressed = sum(1 for g in comparison.groups if g.suppressed)
    console.print(
        f"{collection.files_seen} bestanden gelezen, {len(comparison.groups)} groep(en)"
        + (f", waarvan {suppressed} te klein om te tonen" if suppressed else "")
        + ".",
        highlight=False,
    )
    for path in written:
        console.print(f"  [bold]{path}[/]", highlight=False)
    if collection.problems:
        console.print(f"Klaar, met waarschuwingen: {len(collection.problems)} bestand(en) weggelaten.", highlight=False)
        raise typer.Exit(EXIT_WARNINGS)


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Adres om op te luisteren (standaard enkel deze computer)."),
    poort: int = typer.Option(8000, "--poort", "-p", min=1, max=65535, help="Poort."),
) -> None:
    """Open de app in een browser (voor intervisie op een gedeeld scherm)."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        _err("de webmodus is niet geïnstalleerd. Installeer met: pip install 'reflectie[web]'")
    from reflectie.web import is_local, serve as run_server

    console = _console()
    if not is_local(host):
        from rich.console import Console

        Console(stderr=True).print(
            f"[bold yellow]Let op:[/] je luistert op [bold]{host}[/]. Iedereen die deze computer via het netwerk "
            "bereikt, kan de app openen en al je antwoorden lezen: er is geen wachtwoord. Gebruik dit enkel "
            "op een netwerk dat je vertrouwt, en stop de server (Ctrl+C) na de bijeenkomst.",
            highlight=False,
        )
    shown = f"[{host}]" if ":" in host else host
    console.print(f"reflectie draait op [bold]http://{shown}:{poort}[/] — open dit adres in je browser. Stoppen: Ctrl+C.", highlight=False)
    run_server(host, poort)


@app.command("voorbeelden")
def voorbeelden(
    uit: Path = typer.Option(Path("exports"), "--uit", "-o", help="Map voor de voorbeeldrapporten."),
) -> None:
    """Maak de voorbeeldrapporten (uit fictieve demogegevens) opnieuw, zoals in exports/ van de broncode."""
    from reflectie.examples import make_examples

    for path in make_examples(uit):
        _console().print(f"  [bold]{path}[/]", highlight=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
