"""Inline SVG charts for the HTML reports (no scripts, no network).

Every chart is an ``<svg role="img">`` with an ``aria-label`` that says in words what it shows, and
the report puts the same numbers in a table beside it. Colour never carries meaning alone: lines
differ by pattern (solid, dashed) and bars are read together with the counts in their table row.
The palettes are ColorBrewer's colour-blind-safe PuOr (diverging) and Blues (sequential).
"""

from __future__ import annotations

from html import escape

from reflectie.charts import radar_axes, radar_points

# kept for callers that want one colour per series; the reports use patterns instead
COLORS = ("#1f5f8b", "#8e3b00", "#4d4d4d", "#2e6b30", "#5e3c99", "#00666e", "#7a4a2e", "#3b4a54")

GROUP_STROKE = "#08519c"
REFERENCE_STROKE = "#4d4d4d"

_DIVERGING = {
    2: ("#e66101", "#5e3c99"),
    3: ("#f1a340", "#f7f7f7", "#998ec3"),
    4: ("#e66101", "#fdb863", "#b2abd2", "#5e3c99"),
    5: ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"),
    6: ("#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"),
    7: ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"),
}
SEQUENTIAL = ("#eff3ff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")


def _luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (always ≥ 4.5:1 on our palettes)."""
    return "#000000" if contrast("#000000", background) >= contrast("#ffffff", background) else "#ffffff"


def diverging_palette(size: int) -> tuple[str, ...]:
    if size in _DIVERGING:
        return _DIVERGING[size]
    low, high = _DIVERGING[7][0], _DIVERGING[7][-1]
    return tuple(_mix(low, high, i / (size - 1)) for i in range(size))


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def sequential_color(position: float) -> str:
    """A colour for a position 0..1 on a scale (light = low, dark = high)."""
    index = min(len(SEQUENTIAL) - 1, max(0, int(position * len(SEQUENTIAL))))
    return SEQUENTIAL[index]


def _axes(count: int) -> list[tuple[float, float]]:
    return radar_axes(count)


def _profile_words(name: str, labels: list[str], values: list[float | None]) -> str:
    shown = ", ".join(f"{label} {'geen antwoorden' if v is None else round(v)}" for label, v in zip(labels, values))
    return f"{name}: {shown}"


def _profile_path(values: list[float | None], cx: float, cy: float,
                  radius: float) -> tuple[list[str], list[tuple[float, float]]]:
    """Line segments between neighbouring themes that both have a value: a theme nobody answered
    is a gap in the line, never a point at the centre (which would read as 0)."""
    points = radar_points(values, cx, cy, radius)
    present = [p for p in points if p is not None]
    if len(present) == len(points):
        return [" ".join(f"{x:.1f},{y:.1f}" for x, y in present) + " Z"], present
    segments = []
    n = len(points)
    for i in range(n):
        a, b = points[i], points[(i + 1) % n]
        if a is not None and b is not None:
            segments.append(f"{a[0]:.1f},{a[1]:.1f} {b[0]:.1f},{b[1]:.1f}")
    return segments, present


def radar_svg(labels: list[str], series: list[tuple[str, list[float | None]]], size: int = 360,
              title: str = "Vermaatschappelijkingsprofiel") -> str:
    """A spider web of up to a few series: the first solid and filled, the next dashed, then
    dotted; the legend names each with its line pattern. Gaps stay gaps."""
    margin = 110
    width = size + 2 * margin
    cx, cy = width / 2, size / 2
    radius = size * 0.36
    height = size + 24 * len(series)
    words = "; ".join(_profile_words(name, labels, values) for name, values in series)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" class="radar" aria-label="{escape(title)}. {escape(words)}">'
    ]
    parts += _web(labels, cx, cy, radius, font=12, missing=_missing(labels, series))
    patterns = ((GROUP_STROKE, "", 0.15), (REFERENCE_STROKE, "6 4", 0.0), ("#8e3b00", "2 3", 0.0))
    for index, (_name, values) in enumerate(series):
        stroke, dash, fill = patterns[min(index, len(patterns) - 1)]
        parts += _series(values, cx, cy, radius, _axes(len(labels)), stroke, dash, fill, width=2.2)
    for index, (name, _values) in enumerate(series):
        stroke, dash, _fill = patterns[min(index, len(patterns) - 1)]
        y = size + 14 + 24 * index
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{margin}" y1="{y}" x2="{margin + 34}" y2="{y}" stroke="{stroke}" '
                     f'stroke-width="2.5"{dash_attr}/>')
        parts.append(f'<text x="{margin + 42}" y="{y + 4}" font-size="12">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _missing(labels: list[str], series: list[tuple[str, list[float | None]]]) -> set[int]:
    """Axes where the first series (the group) has no value."""
    if not series:
        return set()
    return {i for i, v in enumerate(series[0][1]) if v is None}


def _web(labels: list[str], cx: float, cy: float, radius: float, font: int, missing: set[int]) -> list[str]:
    parts = []
    axes = _axes(len(labels))
    for ring in (25, 50, 75, 100):
        r = radius * ring / 100
        pts = " ".join(f"{cx + ux * r:.1f},{cy + uy * r:.1f}" for ux, uy in axes)
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#c8c8c8" stroke-width="0.8"/>')
    for index, ((ux, uy), label) in enumerate(zip(axes, labels)):
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{cx + ux * radius:.1f}" y2="{cy + uy * radius:.1f}" '
                     f'stroke="#c8c8c8" stroke-width="0.8"/>')
        lx, ly = cx + ux * (radius + 8), cy + uy * (radius + 8)
        anchor = "middle" if abs(ux) < 0.2 else ("start" if ux > 0 else "end")
        dy = -3 if uy < -0.5 else (font if uy > 0.5 else font / 3)
        text = escape(label) + (" (–)" if index in missing else "")
        style = ' font-style="italic"' if index in missing else ""
        parts.append(f'<text x="{lx:.1f}" y="{ly + dy:.1f}" text-anchor="{anchor}" font-size="{font}" '
                     f'fill="#222222"{style}>{text}</text>')
    return parts


def _series(values: list[float | None], cx: float, cy: float, radius: float, axes: list[tuple[float, float]],
            stroke: str, dash: str, fill: float, width: float) -> list[str]:
    segments, present = _profile_path(values, cx, cy, radius)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = []
    for segment in segments:
        if segment.endswith(" Z"):
            fill_attr = f'fill="{stroke}" fill-opacity="{fill}"' if fill else 'fill="none"'
            parts.append(f'<polygon points="{segment[:-2]}" {fill_attr} stroke="{stroke}" '
                         f'stroke-width="{width}"{dash_attr}/>')
        else:
            parts.append(f'<polyline points="{segment}" fill="none" stroke="{stroke}" '
                         f'stroke-width="{width}"{dash_attr}/>')
    if not dash:
        for x, y in present:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.4" fill="{stroke}"/>')
    return parts


def small_radar_svg(labels: list[str], name: str, values: list[float | None],
                    reference: list[float | None] | None, reference_name: str = "iedereen") -> str:
    """One group's web (solid line, dots) with the whole as a dashed reference line; for small
    multiples, one per group, so that twenty groups stay as readable as two."""
    width, height = 340, 236
    cx, cy, radius = width / 2, 122, 66
    words = _profile_words(name, labels, values)
    if reference is not None:
        words += "; " + _profile_words(reference_name, labels, reference)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="small-radar" aria-label="Profiel {escape(words)}">'
    ]
    parts += _web(labels, cx, cy, radius, font=15, missing={i for i, v in enumerate(values) if v is None})
    axes = _axes(len(labels))
    if reference is not None:
        parts += _series(reference, cx, cy, radius, axes, REFERENCE_STROKE, "5 3", 0.0, width=1.6)
    parts += _series(values, cx, cy, radius, axes, GROUP_STROKE, "", 0.14, width=2.2)
    parts.append("</svg>")
    return "".join(parts)


def legend_line_svg(dashed: bool) -> str:
    """A short sample of a line pattern for a legend."""
    stroke, dash = (REFERENCE_STROKE, ' stroke-dasharray="5 3"') if dashed else (GROUP_STROKE, "")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 10" width="36" height="10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="35" y2="5" stroke="{stroke}" stroke-width="2.4"{dash}/></svg>')


def diverging_bar_svg(counts: list[int], labels: list[str], width: int = 220, height: int = 16) -> str:
    """A diverging stacked bar: answers below the scale's middle to the left, above it to the right,
    the middle value split over both; lengths are shares of the group, the counts stand in the
    table row beside it (and in the label), so small groups are read as counts."""
    total = sum(counts)
    palette = diverging_palette(len(counts))
    words = ", ".join(f"{label}: {n}" for label, n in zip(labels, counts))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" class="dbar" aria-label="Verdeling: {escape(words)}">']
    center = width / 2
    half = width / 2 - 1
    if total:
        size = len(counts)
        middle = (size - 1) / 2
        left = [i for i in range(size) if i < middle]
        right = [i for i in range(size) if i > middle]
        mid = [i for i in range(size) if i == middle]
        x = center
        pieces = []
        mid_share = sum(counts[i] for i in mid) / total
        # middle value: half on each side
        if mid:
            pieces.append((center - half * mid_share / 2, half * mid_share, mid[0]))
        x = center - (half * mid_share / 2 if mid else 0)
        for i in reversed(left):
            w = half * counts[i] / total
            x -= w
            pieces.append((x, w, i))
        x = center + (half * mid_share / 2 if mid else 0)
        for i in right:
            w = half * counts[i] / total
            pieces.append((x, w, i))
            x += w
        for px, w, i in pieces:
            if w > 0:
                parts.append(f'<rect x="{px:.2f}" y="1" width="{w:.2f}" height="{height - 2}" fill="{palette[i]}" '
                             f'stroke="#666666" stroke-width="0.5"/>')
    parts.append(f'<line x1="{center}" y1="0" x2="{center}" y2="{height}" stroke="#222222" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)


def swatch_svg(color: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">'
            f'<rect x="0.5" y="0.5" width="11" height="11" fill="{color}" stroke="#555555" stroke-width="0.8"/></svg>')


def bars_svg(labels: list[str], counts: list[int], width: int = 400, color: str = COLORS[0]) -> str:
    """Horizontal bars, one per value with its count written beside it (for the own export)."""
    row = 20
    label_w = 190
    top = sum(counts) or 1
    height = row * len(labels) + 4
    words = ", ".join(f"{label}: {n}" for label, n in zip(labels, counts))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" class="bars" aria-label="Verdeling: {escape(words)}">'
    ]
    for i, (label, n) in enumerate(zip(labels, counts)):
        y = i * row + 2
        w = (width - label_w - 40) * n / top
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="11">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{color}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="11">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)
