"""Static SVG charts (no JavaScript): horizontal bars for rankings, columns for years.
Labels are writer text: escaped here, since the SVG is built as a string."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 640


def bar_chart(items: list[tuple[str, int]], label_width: int = 220, row: int = 26) -> Markup:
    """One horizontal bar per (label, value), longest first as given."""
    if not items:
        return Markup("")
    top = max(value for _, value in items) or 1
    span = WIDTH - label_width - 50
    height = row * len(items) + 4
    parts = [f'<svg class="portrait-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
             f'aria-label="{escape(_summary(items))}" xmlns="http://www.w3.org/2000/svg">']
    for index, (label, value) in enumerate(items):
        y = index * row + 2
        width = max(2, round(span * value / top))
        text = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text class="portrait-chart-label" x="{label_width - 8}" y="{y + row * 0.65:.1f}" text-anchor="end">{escape(text)}</text>'
            f'<rect class="portrait-chart-bar" x="{label_width}" y="{y + 4}" width="{width}" height="{row - 8}" rx="3"/>'
            f'<text class="portrait-chart-value" x="{label_width + width + 6}" y="{y + row * 0.65:.1f}">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(items: list[tuple[str, int]], height: int = 220) -> Markup:
    """One vertical column per (label, value), in the order given (years, say)."""
    if not items:
        return Markup("")
    top = max(value for _, value in items) or 1
    step = WIDTH / len(items)
    plot = height - 40
    parts = [f'<svg class="portrait-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
             f'aria-label="{escape(_summary(items))}" xmlns="http://www.w3.org/2000/svg">']
    for index, (label, value) in enumerate(items):
        bar = round(plot * value / top)
        x = index * step + step * 0.15
        parts.append(
            f'<rect class="portrait-chart-bar" x="{x:.1f}" y="{20 + plot - bar}" width="{step * 0.7:.1f}" height="{bar}" rx="3"/>'
            f'<text class="portrait-chart-value" x="{x + step * 0.35:.1f}" y="{14 + plot - bar}" text-anchor="middle">{value}</text>'
            f'<text class="portrait-chart-label" x="{x + step * 0.35:.1f}" y="{height - 6}" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _summary(items: list[tuple[str, int]]) -> str:
    return ", ".join(f"{label}: {value}" for label, value in items)
