"""Inline SVG charts for the HTML reports (no scripts, no network)."""

from __future__ import annotations

from html import escape

from reflectie.charts import radar_axes, radar_points

COLORS = ("#1f6f8b", "#c2185b", "#e69500", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037", "#455a64")


def radar_svg(labels: list[str], series: list[tuple[str, list[float | None]]], size: int = 360) -> str:
    margin = 110  # room for the axis labels left and right
    width = size + 2 * margin
    cx, cy = width / 2, size / 2
    radius = size * 0.36
    height = size + 22 * len(series)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="radar" '
        f'aria-label="Vermaatschappelijkingsprofiel">'
    ]
    for ring in (25, 50, 75, 100):
        pts = radar_points([ring] * len(labels), cx, cy, radius)
        parts.append(
            f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}" fill="none" stroke="#bbb" stroke-width="0.8"/>'
        )
    for (ux, uy), label in zip(radar_axes(len(labels)), labels):
        x, y = cx + ux * radius, cy + uy * radius
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#bbb" stroke-width="0.8"/>')
        lx, ly = cx + ux * (radius + 14), cy + uy * (radius + 14)
        anchor = "middle" if abs(ux) < 0.2 else ("start" if ux > 0 else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" font-size="12">{escape(label)}</text>'
        )
    for index, (name, values) in enumerate(series):
        color = COLORS[index % len(COLORS)]
        pts = radar_points(values, cx, cy, radius)
        parts.append(
            f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}" fill="{color}" fill-opacity="0.15" '
            f'stroke="{color}" stroke-width="2"/>'
        )
        ly = size + 16 + 22 * index - 10
        parts.append(f'<rect x="{margin}" y="{ly - 10}" width="14" height="14" fill="{color}"/>')
        parts.append(f'<text x="{margin + 20}" y="{ly + 2}" font-size="12">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(labels: list[str], counts: list[int], width: int = 400, color: str = COLORS[0]) -> str:
    """Horizontal bars: one per scale level with its count; a bar's length is its share of the group."""
    row = 20
    label_w = 190
    top = sum(counts) or 1
    height = row * len(labels) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" class="bars">'
    ]
    for i, (label, count) in enumerate(zip(labels, counts)):
        y = i * row + 2
        w = (width - label_w - 40) * count / top
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="11">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{color}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="11">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)
