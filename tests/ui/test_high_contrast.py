"""High contrast: the window takes every colour from the theme's palette, so a high-contrast
theme reaches every part of it. Checked by rendering, not by reading the code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

UI = Path(__file__).resolve().parents[2] / "src" / "camdraw" / "ui"


@pytest.fixture
def high_contrast(qapp: QApplication) -> Iterator[QPalette]:
    """Windows' "High Contrast Black"-like palette, as the platform theme would hand it over."""
    before = qapp.palette()
    palette = QPalette(before)
    roles = {
        QPalette.ColorRole.Window: "#000000",
        QPalette.ColorRole.WindowText: "#ffffff",
        QPalette.ColorRole.Base: "#000000",
        QPalette.ColorRole.Text: "#ffffff",
        QPalette.ColorRole.Button: "#000000",
        QPalette.ColorRole.ButtonText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#000080",
        QPalette.ColorRole.ToolTipText: "#ffff00",
        QPalette.ColorRole.Highlight: "#00ffff",
        QPalette.ColorRole.HighlightedText: "#000000",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    qapp.setPalette(palette)
    yield palette
    qapp.setPalette(before)


def colour_at(widget, x: int, y: int) -> str:  # type: ignore[no-untyped-def]
    return widget.grab().toImage().pixelColor(x, y).name()


def test_the_window_and_its_note_take_the_high_contrast_colours(
    qtbot, make_window, high_contrast: QPalette
) -> None:
    window = make_window(key=None)  # no key: the offline-demo note is shown
    qtbot.waitUntil(lambda: window.panes.banner.isVisible(), timeout=10_000)
    row = next(iter(window.panes.banner._rows.values()))
    assert colour_at(row, 3, row.height() // 2) == "#000080"  # the theme's note colour
    assert row.label.palette().color(QPalette.ColorRole.WindowText).name() == "#ffff00"
    assert colour_at(window.centralWidget(), 1, 1) == "#000000"
    description = window.panes.description
    assert description.palette().color(QPalette.ColorRole.Base).name() == "#000000"
    assert description.palette().color(QPalette.ColorRole.Text).name() == "#ffffff"


def test_no_ui_module_fixes_a_colour_of_its_own() -> None:
    fixed = re.compile(r"setStyleSheet|#[0-9a-fA-F]{3,8}\b|rgba?\(|Qt\.GlobalColor|QColor\(\"")
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(UI.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if fixed.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
