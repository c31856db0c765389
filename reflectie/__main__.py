from __future__ import annotations

from reflectie.cli import main

if __name__ == "__main__":
    main()
