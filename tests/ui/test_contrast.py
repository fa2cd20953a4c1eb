"""Text is readable (WCAG AA, 4.5:1) in the colours the widgets actually paint with, under the
default palette and a high-contrast one; a focused picture pane shows that it has the focus."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QMenuBar

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.contrast import AA_TEXT, contrast_ratio
from camdraw.ui.help_dialog import ShortcutsDialog
from camdraw.ui.preview import ImageView
from camdraw.ui.settings_dialog import SettingsDialog
from tests.ui.test_high_contrast import high_contrast  # noqa: F401 (a fixture)

Group = QPalette.ColorGroup
Role = QPalette.ColorRole


def text_contrast(palette: QPalette, group: QPalette.ColorGroup, fg: Role, bg: Role) -> float:
    return contrast_ratio(palette.color(group, fg), palette.color(group, bg))


@pytest.fixture(params=["default", "high contrast"])
def palette_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "high contrast":
        request.getfixturevalue("high_contrast")
    return str(request.param)


def test_the_settings_problem_is_readable(qtbot, palette_kind: str) -> None:
    dialog = SettingsDialog(Settings(), KeyStore({}))
    qtbot.addWidget(dialog)
    dialog._show_error("The address must start with http:// or https://.")
    label = dialog._error
    background = label.backgroundRole() if label.autoFillBackground() else Role.Window
    ratio = text_contrast(label.palette(), Group.Active, label.foregroundRole(), background)
    assert ratio >= AA_TEXT, f"{ratio:.1f}:1 under the {palette_kind} palette"


def test_the_current_key_in_help_is_readable_with_and_without_focus(
    qtbot, palette_kind: str
) -> None:
    bar = QMenuBar()
    bar.addMenu("&Round").addAction("&Take photo")
    dialog = ShortcutsDialog(bar)
    qtbot.addWidget(dialog)
    qtbot.addWidget(bar)
    palette = dialog.table.palette()
    for group in (Group.Active, Group.Inactive):
        ratio = text_contrast(palette, group, Role.HighlightedText, Role.Highlight)
        assert ratio >= AA_TEXT, f"{group}: {ratio:.1f}:1 under the {palette_kind} palette"


def test_a_focused_picture_pane_draws_a_focus_frame(qtbot, palette_kind: str) -> None:
    view = ImageView(placeholder="The photo appears here.")
    qtbot.addWidget(view)
    view.resize(320, 240)
    view.show()
    qtbot.waitExposed(view)
    view.set_frame(np.full((120, 160, 3), 90, np.uint8))
    view.clearFocus()
    without = view.grab().toImage()
    view.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    with_focus = view.grab().toImage()
    assert without != with_focus
    highlight = view.palette().color(Role.Highlight)
    assert with_focus.pixelColor(1, 1) == highlight  # the frame, in the theme's highlight
    assert without.pixelColor(1, 1) != highlight
