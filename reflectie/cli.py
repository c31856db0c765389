"""Command line: `reflectie` opens the app; subcommands do the same work headless.

Heavy imports (Textual, report libraries) happen inside the commands so that `--help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from rich.console import Console

    from reflectie.clientcompare import ClientCollection
    from reflectie.compare import Comparison
    from reflectie.ledger import ReleaseLedger
    from reflectie.loading import Collection
    from reflectie.model import Answers, Bank
    from reflectie.session import Session

# --- Dutch help and errors --------------------------------------------------------------------
# Click (vendored in recent typer, without gettext) and typer write their help and errors in
# English. Instead of patching their strings, reflectie formats both itself, from the commands'
# own names and Dutch help texts; only stable parts of the click API are used (params, opts,
# help, required, default, the exception classes and their attributes).

HELP_TEXT = "Toon deze hulp en stop."


def _click_exceptions() -> tuple[type[Exception], type[Exception]]:
    """Click's ClickException and UsageError, wherever this typer keeps click."""
    base = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    usage = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
    return base, usage


def _words(items: list[str], last: str = "of") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False))


def _param_name(param: Any) -> str:
    return str(param.name or "").upper().replace("_", "-")


def _param_label(param: Any) -> str:
    """'-p, --per PER', '--versie', 'MAPPEN...'"""
    if _is_argument(param):
        return _param_name(param) + ("..." if getattr(param, "nargs", 1) == -1 else "")
    opts = sorted([*param.opts, *getattr(param, "secondary_opts", [])],
                  key=lambda o: (o.startswith("--"), o))
    label = ", ".join(opts)
    return label if _is_flag(param) else f"{label} {_param_name(param)}"


def _choices(param: Any) -> list[str]:
    choices = getattr(getattr(param, "type", None), "choices", None)
    if not choices:
        annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            choices = [member.value for member in annotation]
    return [str(getattr(c, "value", c)) for c in choices or []]


def _expected(param: Any) -> str:
    """What a parameter wants, in Dutch ('' when not known)."""
    choices = _choices(param)
    if choices:
        return "één van " + _words([f"'{c}'" for c in choices])
    ptype = getattr(param, "type", None)
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    name = str(getattr(ptype, "name", ""))
    if annotation is int or name.startswith("integer"):
        low = getattr(param, "min", None)
        high = getattr(param, "max", None)
        low = getattr(ptype, "min", None) if low is None else low
        high = getattr(ptype, "max", None) if high is None else high
        if low is not None and high is not None:
            return f"een geheel getal van {low} tot {high}"
        if low is not None:
            return f"een geheel getal van minstens {low}"
        return "een geheel getal"
    if annotation is Path or name == "path":
        return "een map of bestand"
    return ""


def _default(param: Any) -> str:
    default = getattr(param, "default", None)
    if default is None or _is_flag(param) or getattr(param, "show_default", True) is False:
        return ""
    if isinstance(default, (list, tuple)):
        return ""
    return str(getattr(default, "value", default))


def _usage(ctx: Any) -> str:
    command = ctx.command
    pieces = [ctx.command_path]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    if any(not _is_argument(p) for p in params):
        pieces.append("[OPTIES]")
    # an argument one may leave out in brackets, as [OPTIES]: 'begrippen [OPTIES] [ZOEK]'
    pieces += [_param_label(p) if p.required else f"[{_param_label(p)}]" for p in params if _is_argument(p)]
    if isinstance(command, TyperGroup):
        pieces.append("OPDRACHT [ARGUMENTEN]...")
    return " ".join(pieces)


def _print_help(ctx: Any) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    command = ctx.command
    console = Console(highlight=False, emoji=False)
    console.print(Text.assemble(("Gebruik: ", "bold yellow"), (_usage(ctx), "bold")))
    for paragraph in (command.help or "").split("\n\n"):
        if paragraph.strip():
            console.print()
            console.print(Text(" ".join(paragraph.split())))
    console.print()

    def panel(title: str, rows: list[tuple[str, str]]) -> None:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(ratio=1)
        for left, right in rows:
            table.add_row(left, Text(right))
        console.print(Panel(table, title=title, title_align="left", border_style="dim"))

    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in params:
        text = HELP_TEXT if param.name == "help" else str(getattr(param, "help", "") or "")
        extra = []
        if param.required:
            extra.append("verplicht")
        if _default(param):
            extra.append(f"standaard: {_default(param)}")
        if extra:
            text = f"{text} [{'; '.join(extra)}]".strip()
        (arguments if _is_argument(param) else options).append((_param_label(param), text))
    if arguments:
        panel("Argumenten", arguments)
    if options:
        panel("Opties", options)
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or getattr(sub, "hidden", False):
                continue
            first = (sub.help or "").strip().split("\n\n")[0]
            rows.append((name, " ".join(first.split())))
        panel("Opdrachten", rows)


def _dutch_error(exc: Any) -> str:
    """A Dutch sentence for a click usage error, from its class and attributes."""
    import difflib
    import re

    kind = type(exc).__name__
    message = str(getattr(exc, "message", "") or "")
    param = getattr(exc, "param", None)
    ctx = getattr(exc, "ctx", None)
    if kind == "NoSuchOption":
        name = getattr(exc, "option_name", "")
        text = f"De optie {name} bestaat niet."
        possibilities = sorted(getattr(exc, "possibilities", None) or [])
        if possibilities:
            text += f" Bedoel je {_words(possibilities)}?"
        return text
    if kind == "MissingParameter" or message.startswith("Missing"):
        if param is not None:
            what = (f"het argument {_param_name(param)}" if _is_argument(param)
                    else f"de optie {param.opts[-1]}")
            help_ = str(getattr(param, "help", "") or "")
            return f"Geef {what} mee." + (f" ({help_})" if help_ else "")
        return "Er ontbreekt iets in de opdracht."
    if kind == "BadOptionUsage":
        name = getattr(exc, "option_name", "")
        if "requires an argument" in message or "requires" in message:
            return f"De optie {name} heeft een waarde nodig."
        return f"De optie {name} is niet goed gebruikt."
    if kind == "BadParameter" and param is not None:
        label = "/".join(param.opts) if not _is_argument(param) else _param_name(param)
        value = re.search(r"'([^']*)' is not", message)
        shown = f" '{value.group(1)}'" if value else ""
        expected = _expected(param)
        text = f"Ongeldige waarde{shown} voor {label}."
        return text + (f" Geef {expected}." if expected else "")
    match = re.search(r"No such command '([^']*)'", message)
    if match:
        name = match.group(1)
        text = f"De opdracht '{name}' bestaat niet."
        command = getattr(ctx, "command", None)
        if isinstance(command, TyperGroup) and ctx is not None:
            close = difflib.get_close_matches(name, command.list_commands(ctx), n=2)
            if close:
                text += " Bedoel je " + _words([f"'{c}'" for c in close]) + "?"
        return text
    match = re.search(r"unexpected extra argument(?:s|\(s\))? \((.*)\)", message)
    if match:
        return f"Te veel argumenten: {match.group(1)}."
    if message == "Missing command.":
        return "Geef een opdracht."
    return f"De opdracht klopt niet ({message})." if message else "De opdracht klopt niet."


def _print_error(exc: Any) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(stderr=True, highlight=False, emoji=False)
    ctx = getattr(exc, "ctx", None)
    _, usage_error = _click_exceptions()
    if ctx is not None and isinstance(exc, usage_error):
        console.print(Text.assemble(("Gebruik: ", "bold yellow"), (_usage(ctx), "bold")))
        console.print(Text(f"Meer uitleg: {ctx.command_path} --help"), style="dim")
    if isinstance(exc, usage_error):
        message = _dutch_error(exc)
    else:
        message = str(getattr(exc, "message", exc))
    console.print(Text.assemble(("Fout: ", "bold red"), message))


class DutchCommand(TyperCommand):
    """A typer command whose --help is Dutch."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _print_help(ctx)


class DutchGroup(TyperGroup):
    """The `reflectie` group: Dutch --help, and Dutch messages for wrong use, for every command."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _print_help(ctx)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        click_exception, _ = _click_exceptions()
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
        except click_exception as exc:
            _print_error(exc)
            sys.exit(getattr(exc, "exit_code", 2))
        except typer.Abort:
            _say(("Afgebroken.", "bold red"), stderr=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    name="reflectie",
    help="Reflecteren over vermaatschappelijking van de jeugdhulp: zelfreflectie, intervisie en werkgroepen.",
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode="rich",
    cls=DutchGroup,
)

EXIT_WARNINGS = 3  # done, but some files were left out


class Niveau(str, Enum):
    micro = "micro"
    meso = "meso"
    macro = "macro"


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False)


def _say(*parts: str | tuple[str, str], stderr: bool = False) -> None:
    """Print text that may hold file names, team names or reasons: never read as markup.

    ``parts`` are plain strings or (text, style) pairs."""
    from rich.text import Text

    from reflectie.clean import clean_text

    cleaned = [clean_text(p) if isinstance(p, str) else (clean_text(p[0]), p[1]) for p in parts]
    _console(stderr).print(Text.assemble(*cleaned))


def _err(message: str, code: int = 1) -> NoReturn:
    _say(("Fout: ", "bold red"), message, stderr=True)
    raise typer.Exit(code)


def _warn(message: str, label: str = "Let op: ") -> None:
    _say((label, "yellow"), message, stderr=True)


def _interactive() -> bool:
    """Someone at a terminal can answer a question (a pipe or a script cannot)."""
    return sys.stdin.isatty()


YES = ("j", "ja")
NO = ("n", "nee")


def _ask_yes_no(question: str, default: bool = False) -> bool:
    """A yes/no question in Dutch: '[j/N]' (or '[J/n]'); j/ja or n/nee, Enter gives the default.
    Anything else is asked again; the end of the input counts as the default."""
    from reflectie.clean import clean_line

    hint = "[J/n]" if default else "[j/N]"
    while True:
        typer.echo(f"{clean_line(question)} {hint} ", nl=False)
        line = sys.stdin.readline()
        if not line:
            typer.echo()
            return default
        answer = line.strip().lower()
        if not answer:
            return default
        if answer in YES:
            return True
        if answer in NO:
            return False
        typer.echo("Antwoord met j (ja) of n (nee).")


def _bank(enabled_sets: tuple[str, ...] = ()) -> Bank:
    from reflectie.bank import BankError, default_bank

    try:
        bank = default_bank(enabled_sets)
    except BankError as exc:
        _err(f"de ingebouwde vragenbank is beschadigd:\n{exc}")
    for problem in bank.problems:
        _warn(problem)
    return bank


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    versie: bool = typer.Option(False, "--versie", help="Toon de versie en stop."),
    eenvoudig: bool = typer.Option(
        False, "--eenvoudig",
        help="Eenvoudige modus: stap voor stap in gewone tekst, met genummerde keuzes, zonder "
             "kaders, kleuren of cursorbewegingen (ook met een schermlezer)."),
) -> None:
    """Zonder opdracht opent reflectie de app; met --eenvoudig de eenvoudige modus."""
    if versie:
        from reflectie import __version__

        typer.echo(f"reflectie {__version__}")
        raise typer.Exit()
    if eenvoudig and ctx.invoked_subcommand is not None:
        _err("--eenvoudig werkt zonder opdracht: typ enkel 'reflectie --eenvoudig'.", 2)
    if eenvoudig:
        from reflectie.plain import main as plain

        raise typer.Exit(plain())
    if ctx.invoked_subcommand is None:
        from reflectie.app import PLAIN, make_app

        if make_app().run() == PLAIN:  # chosen on the start screen: continue in this terminal
            from reflectie.plain import main as plain

            raise typer.Exit(plain())


@app.command("vragen", cls=DutchCommand)
def vragen(
    thema: str | None = typer.Option(None, "--thema", "-t", help="Alleen dit thema (bv. participatie)."),
    niveau: Niveau | None = typer.Option(None, "--niveau", "-n", help="micro, meso of macro."),
    kader: list[str] | None = typer.Option(
        None, "--kader", "-k", help="Toon ook deze extra set uit een ander kader (bv. belang-van-het-kind)."
    ),
    vervallen: bool = typer.Option(False, "--vervallen", help="Toon de vervallen id's en wat ze vervangt."),
) -> None:
    """Toon de vragenbank: thema's, positionering, stellingen en bewustwordingsvragen."""
    from reflectie.bank import BankError, available_sets
    from reflectie.textout import print_bank, print_retired

    sets = tuple(kader or ())
    if sets:
        try:
            known = {set_id for set_id, _title in available_sets()}
        except BankError as exc:
            _err(f"de ingebouwde vragenbank is beschadigd:\n{exc}")
        unknown = [s for s in sets if s not in known]
        if unknown:
            _err(f"onbekende set '{unknown[0]}'. Beschikbaar: {', '.join(sorted(known))}.", 2)
    bank = _bank(sets)
    if vervallen:
        print_retired(_console(), bank)
        return
    if thema and thema not in bank.themes:
        import difflib

        close = difflib.get_close_matches(thema, list(bank.themes), n=1)
        hint = f" Bedoel je '{close[0]}'?" if close else ""
        _err(f"onbekend thema '{thema}'. Thema's: {', '.join(bank.themes)}.{hint}", 2)
    print_bank(_console(), bank, thema, niveau.value if niveau else None)


@app.command("begrippen", cls=DutchCommand)
def begrippen(
    zoek: str | None = typer.Argument(None, help="Toon enkel begrippen met dit woord (bv. mandaat, IROJ)."),
) -> None:
    """Toon de begrippen uit het werkveld (cliëntsysteem, consultfunctie, IROJ, …), elk met zijn bron."""
    from reflectie.bank import BankError, load_glossary, search_glossary
    from reflectie.textout import print_glossary

    try:
        entries = load_glossary()
    except BankError as exc:
        _err(f"de lijst met begrippen is beschadigd:\n{exc}")
    found = search_glossary(entries, zoek or "")
    if not found:
        terms = ", ".join(entry.term for entry in entries)
        _err(f"geen begrip gevonden met '{zoek or ''}'. Begrippen: {terms}.")
    print_glossary(_console(), found)


@app.command("paden", cls=DutchCommand)
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
        ("Cliëntantwoorden", paths.client_dir()),
        ("Sleutels", paths.keys_dir()),
        ("Standaard exportmap", paths.default_export_dir()),
    ]
    from rich.table import Table
    from rich.text import Text

    from reflectie.clean import clean_line

    table = Table(show_header=False, box=None)
    for label, value in rows:
        state = Text("" if Path(value).exists() else " (nog niet aangemaakt)", style="dim")
        table.add_row(Text(label, style="bold"), Text.assemble(clean_line(str(value)), state))
    console.print(table)
    from reflectie.fileio import is_windows

    if is_windows():  # no POSIX modes there: say what does decide who can read the files
        privacy = ("Wie je bestanden kan lezen, bepaalt op Windows de map waarin ze staan: de "
                   "standaardmap (in AppData\\Local) is enkel voor jou en de beheerders van deze "
                   "computer. Met een andere gegevensmap geldt de toegang van die map.")
    else:
        privacy = "Map en bestanden zijn enkel voor jou leesbaar (0700/0600)."
    console.print(
        f"\nAlles blijft op deze computer. {privacy} "
        "Stel [bold]REFLECTIE_HOME[/] in om een andere gegevensmap te gebruiken."
    )


@app.command("demo", cls=DutchCommand)
def demo(
    aantal: int = typer.Option(60, "--aantal", "-a", min=1, max=100_000, help="Aantal antwoordenbestanden."),
    uit: Path | None = typer.Option(None, "--uit", "-o", help="Map voor de bestanden (standaard de demomap)."),
    startgetal: int = typer.Option(2026, "--startgetal", help="Startgetal van het toeval, voor herhaalbare demo's."),
) -> None:
    """Maak fictieve antwoordenbestanden (teams, organisaties, twee rondes) en cliëntantwoorden
    om alles uit te proberen."""
    from reflectie import paths
    from reflectie.demo import write_demo, write_demo_clients
    from reflectie.errors import ReflectieError

    folder = uit or paths.demo_dir()
    try:
        written = write_demo(_bank(), folder, aantal, startgetal)
        clients, key_path = write_demo_clients(folder, startgetal)
    except ReflectieError as exc:
        _err(str(exc))
    _say(f"{len(written)} fictieve antwoordenbestanden geschreven in ", (str(folder), "bold"), ".")
    _say(f"{len(clients)} fictieve cliëntantwoorden, verzegeld met de demosleutel ",
         (str(key_path), "bold"), " (enkel voor de demo).")
    _say("Probeer: ", (f"reflectie rapport {folder}", "bold"))
    _demo_workgroup()


def _demo_workgroup() -> None:
    """The fictional workgroup's IROJ follow-up: its own data folder, opened with REFLECTIE_HOME."""
    from reflectie import paths
    from reflectie.demo import WORKGROUP_HOME, write_workgroup_demo
    from reflectie.errors import ReflectieError
    from reflectie.fileio import is_windows

    try:
        home = write_workgroup_demo(_bank(), paths.data_dir() / WORKGROUP_HOME)
    except ReflectieError as exc:
        _warn(f"de demo van de werkgroep kon niet geschreven worden: {exc}")
        return
    prefix = f'$env:REFLECTIE_HOME = "{home}"; ' if is_windows() else f'REFLECTIE_HOME="{home}" '
    from rich.text import Text

    # soft_wrap: a command a user copies must never be broken over two lines
    _console().print(Text.assemble(
        "Een fictieve werkgroep met twee rondes IROJ-opvolging staat apart, in ",
        (str(home), "bold"),
        ", los van je eigen rondes.\nIn de app (kies 'Werkgroep: IROJ-opvolging'):\n  ",
        (f"{prefix}reflectie", "bold"), "\nHet opvolgingsrapport:\n  ",
        (f"{prefix}reflectie opvolging", "bold")), soft_wrap=True)


class Formaat(str, Enum):
    md = "md"
    html = "html"


def _own_round(ronde: str | None) -> tuple[Session, str]:
    """A session and the id of the person's round by label, or of the last one worked on."""
    from reflectie.session import Session, round_id_for

    bank = _bank()
    session = Session(bank)
    rounds, problems = session.rounds()
    for problem in problems:
        _warn(str(problem))
    if not rounds:
        _err("je hebt nog geen rondes. Open 'reflectie' om te beginnen.")
    ids = [a.round.id for a in rounds]
    if ronde is None:
        wanted = session.profile.last_round if session.profile.last_round in ids else ids[-1]
    else:
        wanted = round_id_for(ronde)
    if wanted not in ids:
        _err(f"geen ronde '{wanted}'. Je rondes: {', '.join(ids)}.", 2)
    return session, wanted


@app.command("export", cls=DutchCommand)
def export(
    ronde: str | None = typer.Option(None, "--ronde", "-r", help="Label van de ronde (standaard de laatste)."),
    formaat: Formaat = typer.Option(Formaat.html, "--formaat", "-f", help="md of html."),
    uit: Path | None = typer.Option(None, "--uit", "-o", help="Map voor de export (standaard Documenten/reflectie)."),
) -> None:
    """Exporteer je eigen ronde als Markdown of afdrukbare HTML."""
    from reflectie import paths
    from reflectie.errors import ReflectieError

    session, round_id = _own_round(ronde)
    try:
        target = session.export(uit or paths.default_export_dir(), formaat.value, round_id)
    except ReflectieError as exc:
        _err(str(exc))
    _say("Geëxporteerd: ", (str(target), "bold"), "\nDit document bevat ook je niet-gedeelde teksten.")


@app.command("deel", cls=DutchCommand)
def deel(
    ronde: str | None = typer.Option(None, "--ronde", "-r", help="Label van de ronde (standaard de laatste)."),
    uit: Path | None = typer.Option(
        None, "--uit", "-o",
        help="Map of bestand (standaard de laatst gebruikte gedeelde map, anders Documenten/reflectie)."),
) -> None:
    """Maak het deelbare antwoordenbestand voor je team: zonder naam, enkel gedeelde teksten."""
    from reflectie import paths
    from reflectie.errors import ReflectieError

    session, round_id = _own_round(ronde)
    preview = session.share_preview(round_id)
    for line in preview.lines():
        _say(line)
    for warning in preview.warnings:
        _warn(warning)
    shared_folder = session.profile.shared_folder
    folder = uit or (Path(shared_folder) if shared_folder else paths.default_export_dir())
    try:
        target = session.share(folder, round_id)
    except ReflectieError as exc:
        _err(str(exc))
    _say("Deelbaar bestand: ", (str(target), "bold"))


class Groepering(str, Enum):
    team = "team"
    organisatie = "organisatie"
    ronde = "ronde"


class RapportFormaat(str, Enum):
    md = "md"
    html = "html"
    csv = "csv"
    xlsx = "xlsx"
    pdf = "pdf"
    alles = "alles"


def load_collection(folders: list[Path], bank: Bank, quiet: bool = False) -> Collection:
    """Load answers files with a progress bar on the terminal for big folders."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from reflectie.loading import answer_files, collect

    total = len(answer_files(folders))
    if quiet or total < 200:
        return collect(folders, bank)
    with Progress(TextColumn("Bestanden lezen"), BarColumn(), MofNCompleteColumn(), transient=True) as progress:
        task = progress.add_task("lezen", total=total)
        return collect(folders, bank, lambda done, _total: progress.update(task, completed=done))


def _account(collection: Collection, comparison: Comparison) -> str:
    """Terminal-only accounting in which every read file is somewhere (reports never show this)."""
    from reflectie.dutch import count

    shown = set(comparison.rounds)
    in_rounds = sum(1 for a in collection.answers if a.round.id in shown)
    other = len(collection.answers) - in_rounds
    parts = [f"{count(collection.files_seen, 'bestand', 'bestanden')} gelezen: {in_rounds} gebruikt"
             f" ({'ronde' if len(shown) == 1 else 'rondes'} {', '.join(comparison.rounds)})"]
    if other:
        parts.append(f"{other} van andere rondes")
    if collection.duplicates:
        parts.append(f"{collection.duplicates} oudere kopie of conflict")
    if collection.problems:
        parts.append(f"{len(collection.problems)} onbruikbaar")
    withheld_people = comparison.withheld_people
    small_people = in_rounds - comparison.people_shown - withheld_people
    small_teams = comparison.hidden_teams - comparison.withheld_teams
    line = ", ".join(parts) + ".\n"
    from reflectie.report.group import shown_line

    line += shown_line(comparison)
    if small_people:
        line += (f"; {count(small_people, 'deelnemer', 'deelnemers')} in "
                 f"{count(small_teams, 'team', 'teams')} met te weinig mensen")
    if withheld_people:
        line += (f"; {count(withheld_people, 'deelnemer', 'deelnemers')} in "
                 f"{count(comparison.withheld_teams, 'team', 'teams')} die niet opnieuw getoond "
                 "worden omdat ze al in een eerder rapport stonden (zie 'Niet getoond')")
    if small_people or withheld_people:
        line += " (aantallen enkel hier vermeld, nooit in het rapport)"
    return line + "."


def _tell_withheld(ledger: ReleaseLedger | None) -> None:
    """Terminal only: which groups stayed out because they changed too little since an earlier report."""
    from reflectie.dutch import count

    if ledger is None:
        return
    for w in ledger.withheld:
        _say(("Niet getoond: ", "yellow"),
             f"{w.name}, ronde {w.round_id}: naast de eerdere rapporten van deze ronde zou je hieruit "
             f"{count(w.difference, 'persoon of antwoord', 'mensen of antwoorden')} apart kunnen "
             "uitrekenen (rapporten bij elkaar optellen en van elkaar aftrekken). Dat blijft zo tot "
             "het verschil met elk eerder rapport van deze ronde groot genoeg is; soms is dat de hele "
             "ronde (bv. een team dat eerder bij 'andere teams' zat). Werd het eerdere rapport nooit "
             "verspreid? Dan mag het vergeten worden met --vergeet-eerdere.", stderr=True)
    ledger.withheld.clear()


@app.command("rapport", cls=DutchCommand)
def rapport(
    mappen: list[Path] = typer.Argument(
        ..., help="Eén of meer mappen met antwoordenbestanden (ook submappen)."),
    per: Groepering = typer.Option(
        Groepering.team, "--per", "-p", help="Groeperen per team, organisatie of ronde."),
    formaat: RapportFormaat = typer.Option(
        RapportFormaat.alles, "--formaat", "-f",
        help="md, html, csv, xlsx, pdf of alles (alles = md, html, csv en xlsx; pdf vraagt reflectie[pdf])."),
    uit: Path | None = typer.Option(
        None, "--uit", "-o", help="Map voor de rapporten (standaard Documenten/reflectie)."),
    min_groep: int = typer.Option(
        3, "--min-groep", help="Kleinere groepen tonen geen cijfers of teksten (minstens 3)."),
    ronde: str | None = typer.Option(None, "--ronde", "-r", help="Deze ronde (standaard de meest recente)."),
    groep: str | None = typer.Option(
        None, "--groep", "-g",
        help="Enkel het blad van deze groep (team of organisatie), tegenover de andere groepen."),
    vergeet: bool = typer.Option(
        False, "--vergeet-eerdere",
        help="Vergeet eerdere rapporten van deze ronde(s): enkel als die nooit verspreid werden."),
    min_clienten: int | None = typer.Option(
        None, "--min-clienten",
        help="Cliëntantwoorden per team die nodig zijn om ze te tonen (minstens 5, nooit minder "
             "dan --min-groep)."),
) -> None:
    """Maak een vergelijkend rapport van een map met antwoordenbestanden (intervisie, werkgroep).

    'alles' maakt md, html, csv en xlsx; pdf vraagt de uitbreiding reflectie[pdf]. Met --groep komt
    er één blad (1 à 2 A4) voor die groep. Eindigt met code 0 als alles gelezen werd, 3 als sommige
    bestanden weggelaten zijn (het rapport is dan wel gemaakt), en 1 als er niets bruikbaars was, de
    ronde of de groep niet bestaat, of het rapport niet gemaakt kon worden.

    Staan er cliëntantwoorden (*.clientstem) in dezelfde mappen, dan krijgt het rapport per groep
    'Drie blikken': hoe hulpverleners zichzelf plaatsen, hoe zij denken dat cliënten het zien, en
    wat cliënten zelf zeggen. Cliëntantwoorden van een team tellen pas vanaf 5 (--min-clienten), en
    enkel als de hulpverleners van dat team zelf apart in het rapport staan.

    reflectie onthoudt (als vingerafdrukken) welke groepen eerder in een rapport stonden. Een groep
    die sindsdien met minder dan de minimumgrootte aan mensen of antwoorden veranderde, blijft weg:
    twee rapporten naast elkaar zouden anders die antwoorden verraden.
    """
    from reflectie import paths
    from reflectie.compare import compare, find_group
    from reflectie.errors import ReflectieError
    from reflectie.report.group import FORMATS, ReportOptions, folder_label, write_reports
    from reflectie.rules import MIN_GROUP_FLOOR

    for folder in mappen:
        if not folder.exists():
            _err(f"de map '{folder}' bestaat niet. Geef de map met de (gedeelde) antwoordenbestanden.")
    if min_groep < MIN_GROUP_FLOOR:
        _err(f"de minimumgroepsgrootte is minstens {MIN_GROUP_FLOOR}, zodat niemand herkenbaar wordt "
             f"(je gaf {min_groep}).", 2)
    if min_clienten is not None:
        from reflectie.rules import CLIENT_MIN_GROUP

        if min_clienten < CLIENT_MIN_GROUP:
            _err(f"--min-clienten is minstens {CLIENT_MIN_GROUP}, zodat geen cliënt herkenbaar wordt "
                 f"(je gaf {min_clienten}).", 2)
        if min_clienten < min_groep:
            _err(f"--min-clienten ({min_clienten}) mag niet kleiner zijn dan --min-groep "
                 f"({min_groep}).", 2)
    bank = _bank()
    collection = load_collection(mappen, bank)
    for problem in collection.problems:
        _say(("Weggelaten: ", "yellow"), problem.line, stderr=True)
    for note in collection.diagnostics:
        _say((note, "dim"), stderr=True)
    if not collection.answers:
        _err(f"geen bruikbare antwoordenbestanden gevonden in {', '.join(str(m) for m in mappen)}.")
    from reflectie.ledger import ledger_for

    try:
        ledger = ledger_for(mappen)
        if vergeet and ledger is not None:
            from reflectie.compare import report_rounds, round_order
            from reflectie.dutch import count

            # only the rounds this report is about: forgetting every round of the folder let a
            # later report of another round be subtracted from one that was handed out
            about = report_rounds(round_order(collection.answers), per.value, ronde)
            forgotten = ledger.forget_rounds(collection.answers, about)
            _warn(f"eerdere rapporten van ronde {', '.join(about)} worden vergeten "
                  f"({count(forgotten, 'groep', 'groepen')}) zodra dit rapport gemaakt is. Heeft iemand "
                  "een eerder rapport van die ronde, dan kan die het van dit rapport aftrekken: gebruik "
                  "dit enkel als de eerdere rapporten nooit verspreid werden.")
        comparison = compare(collection, bank, per.value, min_groep, ronde, ledger)
    except ReflectieError as exc:
        _err(str(exc))
    withheld = bool(ledger and ledger.withheld)
    _tell_withheld(ledger)
    if not comparison.groups:
        if withheld:
            _err("geen enkele groep kan getoond worden (zie hierboven); er is geen rapport gemaakt.")
        _err("geen enkele groep heeft genoeg deelnemers om te tonen "
             f"(minimum {comparison.min_group}); er is geen rapport gemaakt.")
    for note in comparison.notes:
        _say((note, "dim"), stderr=True)
    clients = _client_views(mappen, comparison, min_clienten)
    if groep is not None:
        if per == Groepering.ronde:
            _err("een groepsblad (--groep) is er per team of per organisatie, niet per ronde.")
        try:
            groep = find_group(comparison, groep).name
        except ReflectieError as exc:
            _err(str(exc))
    formats = FORMATS if formaat == RapportFormaat.alles else (formaat.value,)
    options = ReportOptions(folder_label=folder_label(mappen), group=groep)
    try:
        written = write_reports(comparison, uit or paths.default_export_dir(), formats, options)
        if ledger is not None:
            _tell_withheld(ledger)  # the over-time view of the report may have withheld more
            ledger.commit()
    except ReflectieError as exc:
        _err(str(exc))
    _say(_account(collection, comparison))
    if clients is not None:
        _say(_client_account(clients, comparison))
    for path in written:
        _say("  ", (str(path), "bold"))
    left_out = len(collection.problems) + (len(clients.problems) if clients is not None else 0)
    if left_out:
        from reflectie.dutch import count

        _say(f"Klaar, met waarschuwingen: {count(left_out, 'bestand', 'bestanden')} weggelaten.")
        raise typer.Exit(EXIT_WARNINGS)


def _client_views(folders: list[Path], comparison: Comparison,
                  min_clients: int | None) -> ClientCollection | None:
    """Client files in the report's folders: read (with this device's private keys), their
    problems told on the terminal, and set beside the comparison as its three views. None when
    the folders hold no client files (the report is then exactly as without them)."""
    from reflectie.clientcompare import collect_clients, three_views

    clients = collect_clients(folders)
    if not clients.files_seen:
        return None
    for key_problem in clients.key_problems:
        _warn(key_problem)
    for problem in clients.problems:
        _say(("Weggelaten: ", "yellow"), problem.line, stderr=True)
    if clients.answers:
        comparison.three_views = three_views(comparison, clients, min_group=min_clients)
        for note in comparison.three_views.clients.notes:
            _say((note, "dim"), stderr=True)
    return clients


def _client_account(clients: ClientCollection, comparison: Comparison) -> str:
    """Terminal only: the client files read and what the report shows of them."""
    from reflectie.dutch import count

    views = comparison.three_views
    shown_rounds = set(comparison.rounds)
    in_rounds = sum(1 for a in clients.answers if a.round_id in shown_rounds)
    line = (f"{count(clients.files_seen, 'cliëntbestand', 'cliëntbestanden')} gelezen: {in_rounds} "
            f"van {'ronde' if len(shown_rounds) == 1 else 'rondes'} {', '.join(comparison.rounds)}")
    if len(clients.answers) > in_rounds:
        line += f", {len(clients.answers) - in_rounds} van andere rondes"
    if clients.problems:
        line += f", {len(clients.problems)} onbruikbaar"
    if views is None:
        return line + "; geen enkel cliëntantwoord bruikbaar, dus geen drie blikken in het rapport."
    shown = views.clients.files_shown
    line += (f"; {count(shown, 'cliëntantwoord', 'cliëntantwoorden')} in de drie blikken van "
             f"{count(len(views.shown), 'groep', 'groepen')}")
    small = views.clients.hidden_teams - views.clients.withheld_teams
    if small:
        line += (f"; cliëntantwoorden van {count(small, 'team', 'teams')} "
                 f"weggelaten (minder dan {views.clients.min_group}, of de hulpverleners van het team "
                 "staan niet apart in het rapport)")
    if views.clients.withheld_teams:
        line += (f"; cliëntantwoorden van {count(views.clients.withheld_teams, 'team', 'teams')} niet "
                 "opnieuw getoond (ze stonden al in een eerder rapport, zie 'Niet getoond')")
    return line + "."


@app.command("opvolging", cls=DutchCommand)
def opvolging(
    ronde: str | None = typer.Option(
        None, "--ronde", "-r", help="Label van de ronde (standaard de laatste met de checklist)."),
    formaat: Formaat = typer.Option(Formaat.html, "--formaat", "-f", help="md of html."),
    uit: Path | None = typer.Option(
        None, "--uit", "-o", help="Map voor het rapport (standaard Documenten/reflectie)."),
    checklist: str = typer.Option(
        "iroj", "--checklist", "-c",
        help="iroj (de aanbevelingen aan het IROJ) of implementatie (in je organisatie)."),
    overschrijven: bool = typer.Option(
        False, "--overschrijven", help="Een bestaand rapport vervangen zonder te vragen."),
) -> None:
    """Maak het opvolgingsrapport van de IROJ-checklist: per maatregel de stand van zaken naast de
    vorige ronde, eigenaar, streefdatum en bewijs, en waar het half jaar van de visienota staat.

    Het rapport komt uit je eigen rondes (wie de opvolging van de werkgroep bijhoudt) en bevat enkel
    de checklist: geen naam en geen andere antwoorden of reflecties.
    """
    from reflectie import paths
    from reflectie.errors import ReflectieError
    from reflectie.followup import checklist_themes, follow_up, has_checklist, mode_label
    from reflectie.report.checklist import followup_path, write_followup
    from reflectie.session import Session, round_id_for

    bank = _bank()
    themes = {theme.id: theme for theme in checklist_themes(bank)}
    if checklist not in themes:
        _err(f"onbekende checklist '{checklist}'. Kies uit: {', '.join(themes)}.", 2)
    theme = themes[checklist]
    session = Session(bank)
    rounds, problems = session.rounds()
    for problem in problems:
        _warn(str(problem))
    filled = [a for a in rounds if has_checklist(a, theme)]
    current: Answers | None
    if ronde is None:
        if not filled:
            _err(f"de checklist '{mode_label(theme)}' is in geen enkele ronde ingevuld. Vul ze in "
                 "via de app (startscherm of Ctrl+P) en maak dan het rapport.")
        current = filled[-1]
    else:
        wanted = round_id_for(ronde)
        current = next((a for a in rounds if a.round.id == wanted), None)
        if current is None:
            ids = ", ".join(a.round.id for a in rounds) or "nog geen"
            _err(f"geen ronde '{wanted}'. Je rondes: {ids}.", 2)
        if not has_checklist(current, theme):
            _err(f"in ronde {current.round.id} is de checklist '{mode_label(theme)}' nog niet "
                 "ingevuld. Kies een andere ronde met --ronde, of vul ze in via de app.")
    follow = follow_up(bank, theme.id, current, rounds)
    folder = uit or paths.default_export_dir()
    target = followup_path(follow, folder, formaat.value)
    if target.exists() and not overschrijven:
        if not _interactive():
            _err(f"{target} bestaat al. Geef --overschrijven om het te vervangen, of kies een "
                 "andere map met --uit.")
        if not _ask_yes_no(f"{target} bestaat al. Vervangen?"):
            _err("niets geschreven: het bestaande rapport blijft staan.")
    try:
        written = write_followup(follow, folder, formaat.value)
    except ReflectieError as exc:
        _err(str(exc))
    _say(f"{mode_label(theme)}, ronde {current.round.id}: {follow.summary()}")
    for line in follow.half_year.lines():
        _say((line, "dim"))
    _say("Opvolgingsrapport: ", (str(written), "bold"))


@app.command("serve", cls=DutchCommand)
def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host",
        help="Adres om op te luisteren (standaard enkel deze computer; 0.0.0.0 = ook het netwerk)."),
    poort: int = typer.Option(8000, "--poort", "-p", min=0, max=65535,
                              help="Poort (0 = kies een vrije poort)."),
    max_sessies: int = typer.Option(
        4, "--max-sessies", min=1, max=50,
        help="Hoeveel browservensters tegelijk de app mogen openen."),
    client: bool = typer.Option(
        False, "--client",
        help="Toon de cliëntmodus in plaats van de app (bv. op een tablet): jongeren en ouders "
             "antwoorden zelf, anoniem."),
    ronde: str | None = typer.Option(
        None, "--ronde", "-r",
        help="Met --client: de ronde waarvoor cliënten antwoorden (standaard je laatste ronde)."),
    organisatie: str | None = typer.Option(
        None, "--organisatie", help="Met --client: organisatie (standaard die uit je profiel)."),
    team: str | None = typer.Option(
        None, "--team", help="Met --client: team (standaard dat uit je profiel)."),
) -> None:
    """Open de app in een browser (voor intervisie op een gedeeld scherm), of met --client de
    cliëntmodus (voor een tablet).

    Het adres dat verschijnt, bevat een geheime code: enkel wie dat adres heeft, kan de app openen.
    """
    given = [name for name, value in (("--ronde", ronde), ("--organisatie", organisatie),
                                      ("--team", team)) if value is not None]
    if given and not client:
        _err(f"{given[0]} hoort bij de cliëntmodus: gebruik 'reflectie serve --client {given[0]} …'.", 2)
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        _err("de webmodus is niet geïnstalleerd. Installeer met: pip install 'reflectie[web]'")
    from rich.console import Console
    from rich.markup import escape

    from reflectie import web

    command = None
    stop_code = ""
    what = "reflectie"
    if client:
        _client_key_check()
        _client_setup_check(ronde, organisatie, team)
        # '--optie=waarde': a value that starts with '-' stays a value in the served command
        options = [f"{name}={value}" for name, value in (("--ronde", ronde), ("--organisatie", organisatie),
                                                          ("--team", team)) if value is not None]
        from reflectie.screens.client import new_stop_code

        stop_code = new_stop_code()
        os.environ[STOP_CODE_VARIABLE] = stop_code  # each session inherits it from this process
        command = web.app_command("client", "--meteen", *options)
        what = "De cliëntmodus van reflectie"
    console = _console()
    if not web.is_local(host):
        reach = ("de cliëntmodus openen en antwoorden toevoegen" if client else
                 "de app openen en al je antwoorden lezen")
        Console(stderr=True).print(
            f"[bold yellow]Let op:[/] je luistert op [bold]{escape(host)}[/]. Wie het adres hieronder "
            f"kent en deze computer via het netwerk bereikt, kan {reach}, en het verkeer is niet "
            "versleuteld. Gebruik dit enkel op een netwerk dat je "
            "vertrouwt, geef het adres enkel aan wie mee mag kijken, en stop de server (Ctrl+C) na "
            "de bijeenkomst.",
            highlight=False,
        )

    def announce(addresses: list[str], here: str | None) -> None:
        if here is None:
            console.print(f"{what} draait. Open dit adres in je browser:", highlight=False)
        elif addresses:
            console.print(f"{what} draait. Open op een andere computer in het netwerk een van "
                          "deze adressen:", highlight=False)
        else:
            console.print(f"{what} draait, maar ik vond geen netwerkadres van deze computer. Zoek "
                          "het op (Windows: [bold]ipconfig[/], 'IPv4-adres') en zet het in de plaats "
                          "van 127.0.0.1 in het adres hieronder.", highlight=False)
        for address in addresses:  # soft_wrap: an address is never broken over two lines
            console.print(f"  [bold]{escape(address)}[/]", highlight=False, soft_wrap=True)
        if here is not None:
            console.print(f"Op deze computer zelf: [bold]{escape(here)}[/]", highlight=False,
                          soft_wrap=True)
        windows = "venster" if max_sessies == 1 else "vensters"
        console.print(
            "Het adres bevat een geheime code: enkel wie het heeft, kan de app openen (hoogstens "
            f"{max_sessies} {windows} tegelijk). Stoppen: Ctrl+C.",
            highlight=False,
        )
        if client:
            console.print("Elk venster is een eigen cliëntmodus; de antwoorden komen op deze computer "
                          "(zie 'reflectie paden'). Verlaten: Ctrl+Q en de stopcode "
                          f"[bold]{stop_code}[/] (die staat enkel hier; na drie foute codes moet je "
                          "wachten). Wie de pagina herlaadt, krijgt een nieuwe cliëntmodus.",
                          highlight=False)

    try:
        web.serve(host, poort, max_sessies, announce, command=command)
    except web.ServeError as exc:
        _err(escape(str(exc)))


STOP_CODE_VARIABLE = "REFLECTIE_STOPCODE"


@app.command("client", cls=DutchCommand)
def client(
    ronde: str | None = typer.Option(
        None, "--ronde", "-r",
        help="De ronde waarvoor cliënten antwoorden (standaard je laatste ronde)."),
    organisatie: str | None = typer.Option(
        None, "--organisatie", help="Organisatie (standaard die uit je profiel)."),
    team: str | None = typer.Option(None, "--team", help="Team (standaard dat uit je profiel)."),
    uit: Path | None = typer.Option(
        None, "--uit", "-o",
        help="Map voor de cliëntantwoorden (standaard in de map van reflectie, zie 'paden')."),
    meteen: bool = typer.Option(False, "--meteen", hidden=True,
                                help="Meteen de cliëntmodus, zonder startscherm (voor 'serve --client')."),
) -> None:
    """Cliëntmodus: jongeren (12+) en ouders beantwoorden zelf enkele vragen, anoniem.

    Het scherm toont niets van jouw gegevens. Verlaten: Ctrl+Q en de stopcode van het startscherm.
    Met een geïnstalleerde sleutel ('reflectie sleutel gebruik') worden de antwoorden verzegeld
    voor de begeleider.
    """
    _client_key_check()
    from reflectie.screens.client import ClientApp

    # served sessions get the server's stop code through the environment (never on a command line)
    ClientApp(ronde, organisatie, team, uit, direct=meteen,
              stop_code=os.environ.get(STOP_CODE_VARIABLE) if meteen else None).run()


def _client_setup_check(ronde: str | None, organisatie: str | None, team: str | None) -> None:
    """Before serving the client mode: the settings each browser session will start with must be
    complete now, or the worker learns it only when a client opens the tablet."""
    from reflectie.clientstem import setup_from_profile
    from reflectie.errors import ReflectieError
    from reflectie.sealing import KeyFileError

    try:
        setup = setup_from_profile(ronde, organisatie, team)
        setup.check()
    except (ReflectieError, KeyFileError) as exc:
        _err(
            f"de cliëntmodus kan zo niet starten: {exc} Geef ze mee met --organisatie, --team en "
            "--ronde, of vul je profiel in via de app.",
            2,
        )
    _say(f"Cliëntmodus voor {setup.organisation}, {setup.team}, ronde {setup.round_id}.")


def _client_key_check() -> None:
    """Before the client mode (here or served): a damaged installed key stops it, a missing one is
    told (answers are then kept readable on this device)."""
    from reflectie.sealing import KeyFileError, installed_public_key

    try:
        key = installed_public_key()
    except KeyFileError as exc:
        _err(f"de geïnstalleerde sleutel is onbruikbaar: {exc} Installeer ze opnieuw met "
             "'reflectie sleutel gebruik BESTAND'.")
    if key is None:
        _warn("er is geen sleutel geïnstalleerd. De antwoorden van cliënten worden dan leesbaar "
              "bewaard op dit toestel (enkel voor jouw gebruikersaccount). Vraag de begeleider een "
              "publieke sleutel en installeer ze met 'reflectie sleutel gebruik BESTAND'.")


sleutel_app = typer.Typer(
    help="Sleutels voor cliëntantwoorden: maken (begeleider) en gebruiken (team).",
    no_args_is_help=True,
    cls=DutchGroup,
)
app.add_typer(sleutel_app, name="sleutel")


@sleutel_app.command("maak", cls=DutchCommand)
def sleutel_maak(
    label: str = typer.Option(
        "", "--label", "-l", help="Een naam voor de sleutel, bv. 'Intervisie CAW Oost 2027'."),
    uit: Path | None = typer.Option(
        None, "--uit", "-o", help="Map voor de publieke sleutel (standaard Documenten/reflectie)."),
) -> None:
    """Voor de begeleider: maak een sleutelpaar. De privésleutel blijft op deze computer; de
    publieke sleutel geef je aan het team."""
    from reflectie import paths
    from reflectie.errors import ReflectieError
    from reflectie.sealing import make_key_pair, public_key_text

    try:
        key, private_path, public_path = make_key_pair(label, uit or paths.default_export_dir())
    except ReflectieError as exc:
        _err(str(exc))
    _say("Sleutelpaar gemaakt. Vingerafdruk: ", (key.fingerprint, "bold"))
    _say("Privésleutel (blijft hier, deel ze met niemand, maak een reservekopie op een veilige "
         "plek): ", (str(private_path), "bold"))
    _say("Publieke sleutel voor het team: ", (str(public_path), "bold"))
    _say("Het team installeert ze op elk toestel met: ",
         (f"reflectie sleutel gebruik {public_path.name}", "bold"))
    typer.echo("")
    typer.echo(public_key_text(key), nl=False)  # unwrapped: it can be copied as it is


@sleutel_app.command("gebruik", cls=DutchCommand)
def sleutel_gebruik(
    bestand: Path = typer.Argument(
        ..., help="Het publieke sleutelbestand (.pub) van de begeleider."),
) -> None:
    """Voor het team: installeer de publieke sleutel van de begeleider. Cliëntantwoorden worden
    dan verzegeld: op dit toestel kan niemand ze nog lezen."""
    from reflectie.errors import ReflectieError
    from reflectie.sealing import install_public_key

    try:
        key, previous = install_public_key(bestand)
    except ReflectieError as exc:
        _err(str(exc))
    label = f" ({key.label})" if key.label else ""
    _say("Publieke sleutel geïnstalleerd: ", (key.fingerprint, "bold"), label)
    if previous is not None and previous.key != key.key:
        _warn(f"de vorige sleutel ({previous.fingerprint}) is vervangen. Antwoorden die al "
              "verzegeld waren, kan enkel de begeleider van die vorige sleutel openen.")
    _say("Vergelijk de vingerafdruk met wat de begeleider zegt. Start de cliëntmodus met: ",
         ("reflectie client", "bold"))


@app.command("voorbeelden", cls=DutchCommand)
def voorbeelden(
    uit: Path | None = typer.Option(
        None, "--uit", "-o",
        help="Map voor de voorbeeldrapporten (standaard Documenten/reflectie; voor de broncode: --uit exports)."),
) -> None:
    """Maak de voorbeeldrapporten (uit fictieve demogegevens) opnieuw, zoals in exports/ van de broncode."""
    from reflectie import paths
    from reflectie.examples import make_examples

    # like every command that writes files: never into the folder one happens to be in
    for path in make_examples(uit or paths.default_export_dir()):
        _say("  ", (str(path), "bold"))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
