"""reflectie: reflecteren over vermaatschappelijking van de jeugdhulp."""

from __future__ import annotations

__version__ = "0.1.0"
