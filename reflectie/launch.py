"""The ``reflectie`` command. Without arguments it opens the app straight away: the command-line
library (typer, which brings pydantic) is loaded only for subcommands and options, so the first
screen appears about a tenth of a second sooner on an ordinary laptop."""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) > 1:
        from reflectie.cli import main as cli_main

        cli_main()
        return
    from reflectie.app import make_app

    try:
        make_app().run()
    except KeyboardInterrupt:
        sys.exit(130)
