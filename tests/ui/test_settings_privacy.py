"""The settings dialog's Privacy tab: its choices reach the settings, and say what they cost."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.settings_dialog import SettingsDialog


def test_the_privacy_choices_are_saved_and_blurring_says_what_it_costs(qtbot) -> None:
    dialog = SettingsDialog(Settings(), KeyStore({}))  # OpenAI without a key: asks nobody
    qtbot.addWidget(dialog)
    assert not dialog.blur_faces.isChecked() and dialog.booth_notice.isChecked()
    dialog.blur_faces.setChecked(True)
    dialog.keep_days.setValue(30)
    dialog.booth_delete_rounds.setChecked(True)
    dialog.booth_delete_after.setValue(5)

    edited = dialog.edited_settings()

    assert edited.blur_faces and edited.keep_days == 30
    assert edited.booth_delete_rounds and edited.booth_delete_after_min == 5
    cost = dialog.blur_faces.accessibleDescription()
    assert "vaguer" in cost and "likeness" in cost
    assert cost in [label.text() for label in dialog.findChildren(QLabel)]
