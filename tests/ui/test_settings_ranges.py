"""The settings dialog's number boxes offer exactly the ranges the settings model accepts."""

from __future__ import annotations

import pytest
from annotated_types import Ge, Le
from PySide6.QtWidgets import QAbstractSpinBox

from camdraw.core import settings
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.settings_dialog import SettingsDialog

# The dialog's attribute for each number setting.
NUMBER_BOXES = {
    "max_tokens": "max_description_tokens",
    "describe_timeout": "describe_timeout_s",
    "paint_timeout": "paint_timeout_s",
    "countdown": "countdown_s",
    "return_after": "return_after_s",
    "cooldown": "cooldown_s",
    "per_hour": "max_rounds_per_hour",
    "budget": "daily_budget_usd",
    "cache_distance": "cache_distance",
    "keep_days": "keep_days",
    "booth_delete_after": "booth_delete_after_min",
}


def open_dialog(qtbot) -> SettingsDialog:
    dialog = SettingsDialog(Settings(), KeyStore({}))  # OpenAI without a key: asks nobody
    qtbot.addWidget(dialog)
    return dialog


def test_every_number_box_offers_the_models_range(qtbot) -> None:
    dialog = open_dialog(qtbot)
    # Every number box in the dialog is one of these: none keeps a range of its own.
    assert len(dialog.findChildren(QAbstractSpinBox)) == len(NUMBER_BOXES)
    for attribute, name in NUMBER_BOXES.items():
        box = getattr(dialog, attribute)
        assert (box.minimum(), box.maximum()) == settings.bounds(name), name
        assert box.value() == getattr(Settings(), name)


def test_a_range_changed_on_the_model_is_the_range_the_dialog_offers(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    field = Settings.model_fields["countdown_s"]
    monkeypatch.setattr(field, "metadata", [Ge(ge=2), Le(le=9)])
    dialog = open_dialog(qtbot)
    assert (dialog.countdown.minimum(), dialog.countdown.maximum()) == (2, 9)
