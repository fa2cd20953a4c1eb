"""Readable colours: WCAG contrast between two colours, the selected cell kept readable when
its table has no focus, and the focus frame drawn around a focused picture pane."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView

FOCUS_FRAME_WIDTH = 3
AA_TEXT = 4.5  # WCAG 2 level AA for normal text
TEXT_ROLES = (  # the theme's text colours, the highlighted one first
    QPalette.ColorRole.HighlightedText,
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.Window,
    QPalette.ColorRole.Base,
)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black … 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (none) … 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def keep_highlight_readable(view: QAbstractItemView) -> None:
    """Show the current row in the theme's active highlight colours even while the view has
    no focus (some styles grey it out to nearly the window colour, 1.1:1), with the theme's
    most contrasting text colour where its own pair falls short of 4.5:1."""
    palette = view.palette()
    active = QPalette.ColorGroup.Active
    highlight = palette.color(active, QPalette.ColorRole.Highlight)
    text = palette.color(active, QPalette.ColorRole.HighlightedText)
    if contrast_ratio(text, highlight) < AA_TEXT:  # e.g. Fusion's white on blue, 3.7:1
        candidates = [palette.color(active, role) for role in TEXT_ROLES]
        text = max(candidates, key=lambda colour: contrast_ratio(colour, highlight))
    for group in (active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, highlight)
        palette.setColor(group, QPalette.ColorRole.HighlightedText, text)
    view.setPalette(palette)


def draw_focus_frame(painter: QPainter, rect: QRect, palette: QPalette) -> None:
    """A frame in the theme's highlight colour just inside ``rect``: this pane has the focus."""
    pen = QPen(palette.color(QPalette.ColorRole.Highlight))
    pen.setWidth(FOCUS_FRAME_WIDTH)
    painter.setPen(pen)
    half = FOCUS_FRAME_WIDTH // 2
    painter.drawRect(rect.adjusted(half, half, -half - 1, -half - 1))
