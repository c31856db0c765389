from __future__ import annotations

from reflectie.launch import main

if __name__ == "__main__":
    main()
