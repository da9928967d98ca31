"""The item analysis drawn as two accessible SVG charts: difficulty against
discrimination (one point per item, with the flag thresholds as lines), and the option
shares of each item as a stacked bar.

Pure: the figures come in as :class:`~trainer_registry.assessment.item_analysis.
ItemAnalysis` and the text already translated; every piece of text is escaped. Each chart
has ``role="img"`` with ``<title>``/``<desc>``; the page shows the same numbers in a
table beside it. Items whose discrimination is undefined are not plotted (they are in
the table).
"""

from __future__ import annotations

from html import escape

from trainer_registry.assessment.item_analysis import (
    DISCRIMINATION_BELOW,
    EASY_ABOVE,
    HARD_BELOW,
    ItemAnalysis,
)

WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 56
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 16, 6, 96
# Colours with at least 3:1 contrast on white; each option also has its own pattern of
# lightness, and its letter is written in the bar where there is room.
OPTION_COLOURS = ("#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000", "#a61c00")


def _x(p: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * p


def _y(r: float) -> float:
    """Discrimination from -0.5 (bottom) to 1 (top)."""
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (r + 0.5) / 1.5)


def scatter_svg(
    result: ItemAnalysis,
    *,
    title: str,
    description: str,
    x_label: str,
    y_label: str,
    element_id: str = "item-scatter",
) -> str:
    """Each item with a defined discrimination as a point (flagged items as a square,
    the others as a circle), dashed lines at the flag thresholds."""
    ident = escape(element_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" role="img" class="chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        f'<g stroke="#4a5360" fill="none"><line x1="{LEFT}" y1="{_y(-0.5):.1f}" '
        f'x2="{WIDTH - RIGHT}" y2="{_y(-0.5):.1f}"/><line x1="{LEFT}" y1="{_y(-0.5):.1f}" '
        f'x2="{LEFT}" y2="{_y(1):.1f}"/></g>',
        '<g stroke="#8a939e" stroke-dasharray="4 4">',
        f'<line x1="{_x(HARD_BELOW):.1f}" y1="{_y(-0.5):.1f}" x2="{_x(HARD_BELOW):.1f}" '
        f'y2="{_y(1):.1f}"/>',
        f'<line x1="{_x(EASY_ABOVE):.1f}" y1="{_y(-0.5):.1f}" x2="{_x(EASY_ABOVE):.1f}" '
        f'y2="{_y(1):.1f}"/>',
        f'<line x1="{LEFT}" y1="{_y(DISCRIMINATION_BELOW):.1f}" x2="{WIDTH - RIGHT}" '
        f'y2="{_y(DISCRIMINATION_BELOW):.1f}"/>',
        '</g><g font-size="12" fill="#1b1f24">',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):  # difficulty is a share: in per cent
        parts.append(
            f'<text x="{_x(tick):.1f}" y="{_y(-0.5) + 18:.1f}" '
            f'text-anchor="middle">{tick * 100:.0f} %</text>'
        )
    for tick in (-0.5, 0, 0.5, 1):
        parts.append(
            f'<text x="{LEFT - 8}" y="{_y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>'
        )
    parts += [
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 14}" '
        f'text-anchor="middle">{escape(x_label)}</text>',
        f'<text transform="translate(16 {(TOP + _y(-0.5)) / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_label)}</text></g>',
    ]
    for item in result.items_detail:
        if item.difficulty is None or item.discrimination is None:
            continue
        x, y = _x(item.difficulty), _y(max(-0.5, item.discrimination))
        label = escape(item.item_id)
        if item.flags:
            shape = f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#b45f06"/>'
        else:
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#0b5394"/>'
        parts.append(f'<g class="item" data-item="{label}"><title>{label}</title>{shape}</g>')
    parts.append("</svg>")
    return "".join(parts)


def option_bars_svg(
    result: ItemAnalysis, *, title: str, description: str, element_id: str = "item-options"
) -> str:
    """One bar per item, split into its options' shares in option order, each option in
    its own colour with its id written in the segment when it is wide enough."""
    ident = escape(element_id)
    height = TOP + len(result.items_detail) * (BAR_HEIGHT + BAR_GAP) + 8
    span = WIDTH - LABEL_WIDTH - RIGHT
    options = sorted({option for item in result.items_detail for option in item.options})
    colour = {o: OPTION_COLOURS[i % len(OPTION_COLOURS)] for i, o in enumerate(options)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" role="img" class="chart" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        '<g font-size="12">',
    ]
    for row, item in enumerate(result.items_detail):
        y = TOP + row * (BAR_HEIGHT + BAR_GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end" '
            f'fill="#1b1f24">{escape(item.item_id)}</text>'
        )
        x = float(LABEL_WIDTH)
        for option, share in item.options.items():
            width = span * share
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{colour[option]}" stroke="#ffffff"><title>{escape(option)} '
                f"{share * 100:.1f} %</title></rect>"
            )
            if width >= 18:
                parts.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + BAR_HEIGHT - 4}" fill="#ffffff" '
                    f'text-anchor="middle">{escape(option)}</text>'
                )
            x += width
    parts.append("</g></svg>")
    return "".join(parts)
