"""The window in Czech shows Czech numbers, style names and key status (issue 12, item 11)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from camdraw import app as app_module
from camdraw.core import logs, paths
from camdraw.core.errors import CameraError, RoundCancelledError
from camdraw.core.providers import apikey
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord
from camdraw.core.store.rounds import RoundFiles
from camdraw.ui import application, i18n
from camdraw.ui.camera_thread import reconnect_message
from camdraw.ui.round_text import outcome, step_text
from camdraw.ui.settings_dialog import SettingsDialog


@pytest.fixture
def czech(qapp: QApplication) -> Iterator[QApplication]:
    """The interface in Czech, back in English after the test (translators are process-wide)."""
    i18n.install(qapp, "cs")
    yield qapp
    i18n.install(qapp, "en")


def done_record(tmp_path: Path, total_ms: int) -> RoundRecord:
    record = RoundRecord(files=RoundFiles(tmp_path, "2026-11-22_10-00-00"))
    record.steps.update({"photo": "done", "describe": "done", "check": "done", "paint": "done"})
    record.timings_ms["total"] = total_ms
    record.cost = {"usd": 0.061, "parts": {}, "note": ""}
    return record


def test_times_and_costs_have_a_decimal_comma_in_czech(czech, tmp_path: Path) -> None:
    assert step_text("describe", 1.34) == "Popisuji scénu… 1,3 s"
    line = outcome(done_record(tmp_path, 840), spent_today=0.31, daily_budget=5).status_line
    assert line.startswith("Hotovo za 0,8 s")
    assert "$0,061" in line and "$0,31" in line and "$5,00" in line
    assert "0.8" not in line


def test_times_keep_the_point_in_english(tmp_path: Path) -> None:
    assert step_text("describe", 1.34) == "Describing the scene… 1.3 s"
    assert outcome(done_record(tmp_path, 840)).status_line.startswith("Done in 0.8 s")


def test_a_cancelled_round_says_once_that_the_photo_is_kept(czech, tmp_path: Path) -> None:
    record = RoundRecord(files=RoundFiles(tmp_path, "2026-11-22_10-00-00"))
    record.steps.update({"photo": "done", "describe": "failed"})
    record.errors["describe"] = str(RoundCancelledError())
    banner = outcome(record).banner
    assert banner.startswith("Zrušeno. Fotka je uložená")
    assert banner.count("uložen") == 1  # not "… Fotka je uložená (….jpg)." on top


def test_the_camera_reconnect_message_is_czech(czech) -> None:
    fault = CameraError("Kamera přestala posílat obraz.", hint="Zkontrolujte kameru.")
    assert reconnect_message(fault, 2.5, 3) == (
        "Kamera přestala posílat obraz. Nové připojení za 2,5 s (pokus 3)… Zkontrolujte kameru."
    )


def test_settings_name_styles_in_the_interface_language(czech, qtbot) -> None:
    # No language in the settings: the window follows the system; the styles follow the window.
    dialog = SettingsDialog(Settings(ui_language=""), KeyStore({}), fetch_models=False)
    qtbot.addWidget(dialog)
    names = [dialog.styles.style.itemText(i) for i in range(dialog.styles.style.count())]
    assert names[:3] == ["Bez stylu", "Akvarel", "Komiks"]


def test_the_key_status_is_czech_to_the_end(czech, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apikey, "backend_available", lambda: False)
    settings = Settings(describe_server="custom", base_url="http://127.0.0.1:9/v1")
    dialog = SettingsDialog(settings, KeyStore({}), fetch_models=False)
    qtbot.addWidget(dialog)
    status = dialog.key_status.text()
    assert "Vlastní na adrese 127.0.0.1:9" in status
    assert "Tento systém nemá žádnou zabezpečenou klíčenku" in status
    assert "keyring" not in status and " at " not in status


class WindowMade(Exception):
    """Raised by the stand-in window: the app stops there, before any event loop."""


def test_a_damaged_settings_note_is_said_in_the_interface_language(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes: list[str | None] = []
    real_load = application.settings_mod.load

    def load(path: Path | None = None) -> tuple[Settings, str | None]:
        settings, note = real_load(path)
        notes.append(note)
        return settings, note

    def window(settings: Settings, **kwargs: object) -> None:
        raise WindowMade

    monkeypatch.setattr(application.settings_mod, "load", load)
    monkeypatch.setattr(application, "MainWindow", window)
    monkeypatch.setattr(logs, "setup", lambda **kwargs: None)
    file = paths.settings_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("{not json", encoding="utf-8")
    name, organization, icon = qapp.applicationName(), qapp.organizationName(), qapp.windowIcon()
    try:
        with pytest.raises(WindowMade):
            app_module.main(["--ui-language", "cs"])
    finally:
        i18n.install(qapp, "en")
        qapp.setApplicationName(name)
        qapp.setOrganizationName(organization)
        qapp.setWindowIcon(icon)
    assert notes and (notes[0] or "").startswith(
        "Soubor s nastavením byl poškozený (není to platný JSON)"
    )
