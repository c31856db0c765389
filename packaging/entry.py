"""Entry point of the single-file program built by packaging/build.sh (PyInstaller).

The same binary is the app, the command line, the `serve` web server and each app process that
`serve` starts, and also the helper processes that read big folders of answers files
(reflectie.compare starts them with "spawn" inside the app). `freeze_support` turns such a helper
start into the helper's work instead of a second copy of the command line.
"""

from __future__ import annotations

import multiprocessing

from reflectie.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    main()
