"""A spider web (radar chart) drawn in the terminal with braille dots."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from reflectie.charts import radar_axes, radar_points, ring_points

_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
# six clearly different colours (no two pinks); beyond six, use small multiples (one web per group)
SERIES_STYLES = ("bold cyan", "bold magenta", "bold yellow", "bold green", "bold white", "bold blue")
MAX_SERIES = len(SERIES_STYLES)


class BrailleCanvas:
    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.cells = [[0] * width for _ in range(height)]
        self.styles: list[list[str | None]] = [[None] * width for _ in range(height)]

    def dot(self, x: float, y: float, style: str | None) -> None:
        px, py = int(round(x)), int(round(y))
        cx, cy = px // 2, py // 4
        if 0 <= cx < self.width and 0 <= cy < self.height and px >= 0 and py >= 0:
            self.cells[cy][cx] |= _DOTS[py % 4][px % 2]
            if style is not None or self.styles[cy][cx] is None:
                self.styles[cy][cx] = style or "dim"

    def line(self, x0: float, y0: float, x1: float, y1: float, style: str | None) -> None:
        steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
        for i in range(steps + 1):
            t = i / steps
            self.dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, style)

    def rows(self) -> list[Text]:
        lines = []
        for row, styles in zip(self.cells, self.styles):
            text = Text()
            for bits, style in zip(row, styles):
                text.append(chr(0x2800 + bits) if bits else " ", style or "")
            lines.append(text)
        return lines


def render_radar(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    width: int = 44,
    height: int = 15,
    styles: tuple[str, ...] = SERIES_STYLES,
) -> Text:
    """The web with one polygon per series and a legend; values 0–100. Later series are drawn
    over earlier ones; ``styles`` gives each series its style (for a grey reference line)."""
    canvas = BrailleCanvas(width, height)
    cx, cy = width - 1, height * 2 - 1
    radius = min(cx * 0.78, cy * 0.86)
    axes = radar_axes(len(labels))
    for ring in (25, 50, 75, 100):
        corners = ring_points(len(labels), cx, cy, radius * ring / 100)
        for a, b in zip(corners, corners[1:] + corners[:1]):
            canvas.line(*a, *b, None)
    for ux, uy in axes:
        canvas.line(cx, cy, cx + ux * radius, cy + uy * radius, None)
    count = len(labels)
    for index, (_name, values) in enumerate(series):
        style = styles[index % len(styles)]
        pts = radar_points(values, cx, cy, radius)
        # an unanswered theme (None) is a gap, never a point at the centre: only neighbours that
        # both have a value are joined; a value without answered neighbours is a small cross
        for i in range(count):
            here, there = pts[i], pts[(i + 1) % count]
            if here is not None and there is not None and count > 1:
                canvas.line(*here, *there, style)
        for i in range(count):
            point = pts[i]
            lonely = point is not None and (
                count == 1 or (pts[(i - 1) % count] is None and pts[(i + 1) % count] is None)
            )
            if lonely and point is not None:
                x, y = point
                canvas.line(x - 1, y, x + 1, y, style)
                canvas.line(x, y - 2, x, y + 2, style)
    axis_labels = [
        label if any(values[i] is not None for _name, values in series) else f"{label} –"
        for i, label in enumerate(labels)
    ]
    rows = canvas.rows()
    margin = max((len(label) for label in axis_labels), default=0) + 1
    left: dict[int, str] = {}
    right: dict[int, str] = {}
    top: list[str] = []
    bottom: list[str] = []
    for (ux, uy), label in zip(axes, axis_labels):
        row = max(0, min(height - 1, int((cy + uy * radius) / 4)))
        if ux < -0.2:
            left[row] = label
        elif ux > 0.2:
            right[row] = label
        elif uy < 0:
            top.append(label)
        else:
            bottom.append(label)
    out = Text()
    full = margin * 2 + width
    if top:
        out.append("  ".join(top).center(full).rstrip() + "\n", "bold")
    for r, canvas_row in enumerate(rows):
        out.append(left.get(r, "").rjust(margin - 1) + " ", "bold")
        out.append_text(canvas_row)
        out.append(" " + right.get(r, ""), "bold")
        out.append("\n")
    if bottom:
        out.append("  ".join(bottom).center(full).rstrip() + "\n", "bold")
    for index, (name, values) in enumerate(series):
        style = styles[index % len(styles)]
        shown = "  ".join(
            f"{lab} {'–' if v is None else round(v)}" for lab, v in zip(labels, values)
        )
        out.append("━━ ", style)
        out.append(f"{name}: ", "bold")
        out.append(shown + "\n")
    return out


class Radar(Widget):
    """Shows a theme profile as a spider web; series are (name, values 0–100)."""

    DEFAULT_CSS = """
    Radar { height: auto; width: 100%; }
    """

    def __init__(self, labels: list[str], series: list[tuple[str, list[float | None]]],
                 size: tuple[int, int] = (44, 15), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.labels = labels
        self.series = series[:MAX_SERIES]
        self.size_cells = size

    def update_series(self, series: list[tuple[str, list[float | None]]]) -> None:
        self.series = series
        self.refresh(layout=True)

    def render(self) -> Text:
        return render_radar(self.labels, self.series, *self._canvas_size(self.content_size.width))

    def _canvas_size(self, available: int) -> tuple[int, int]:
        """The web as large as fits beside its labels (``size`` at most, 44×15 by default), so
        nothing wraps at 80 columns."""
        most_width, most_height = self.size_cells
        margin = max((len(label) for label in self.labels), default=0) + 3  # room for " –"
        width = max(16, min(most_width, (available or 80) - 2 * margin - 1))
        return width, max(7, min(most_height, round(width * most_height / most_width)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        from reflectie.widgets.items import wrap_text

        lines = render_radar(self.labels, self.series, *self._canvas_size(width)).split("\n")
        return sum(len(wrap_text(line, width)) for line in lines)
