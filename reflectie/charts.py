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
) -> list[tuple[float, float]]:
    """Points of a profile (values 0–100) on a radar; a missing value sits at the centre."""
    points = []
    for (ux, uy), value in zip(radar_axes(len(values)), values):
        r = radius * (value or 0.0) / 100
        points.append((cx + ux * r, cy + uy * r))
    return points
