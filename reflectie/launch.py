"""The ``reflectie`` command. Without arguments it opens the app straight away: the command-line
library (typer, which brings pydantic) is loaded only for subcommands and options, so the first
screen appears about a tenth of a second sooner. Without arguments it does what
``cli.main_callback`` does: the app, and the eenvoudige modus when the app hands over to it."""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) > 1:
        from reflectie.cli import main as cli_main

        cli_main()
        return
    try:
        sys.exit(run_app())
    except KeyboardInterrupt:
        sys.exit(130)


def run_app() -> int:
    """Open the app; when it stops to continue in the eenvoudige modus, run that here."""
    from reflectie.app import PLAIN, make_app

    if make_app().run() == PLAIN:  # chosen on the start screen: continue in this terminal
        from reflectie.plain import main as plain

        return plain()
    return 0
