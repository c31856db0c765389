"""Chart geometry shared by the terminal and the SVG reports. No Textual."""

from __future__ import annotations

import math


def radar_axes(count: int) -> list[tuple[float, float]]:
    """Unit vectors of ``count`` axes, the first pointing up, going clockwise."""
    return [
        (math.sin(2 * math.pi * i / count), -math.cos(2 * math.pi * i / count)) for i in range(count)
    ]


def radar_points(
    values: list[float | None], cx: float, cy: float, radius: float
) -> list[tuple[float, float] | None]:
    """Points of a profile (values 0–100, held within that range) on a radar. A missing value has
    no point (None): an unanswered theme is a gap in the web, never a point at the centre (which
    would read as 0). The terminal web and the SVG reports both draw from these points."""
    points: list[tuple[float, float] | None] = []
    for (ux, uy), value in zip(radar_axes(len(values)), values):
        if value is None:
            points.append(None)
            continue
        r = radius * max(0.0, min(100.0, value)) / 100
        points.append((cx + ux * r, cy + uy * r))
    return points


def ring_points(count: int, cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """The corners of the web's outer ring (``radius``) for ``count`` axes."""
    return [(cx + ux * radius, cy + uy * radius) for ux, uy in radar_axes(count)]
