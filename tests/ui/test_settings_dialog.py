from __future__ import annotations

import keyring
from keyring.backends import fail
from PySide6.QtCore import Qt

from camdraw.core import apikey, paths
from camdraw.core.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.settings_dialog import SettingsDialog
from tests.conftest import MemoryKeyring

KEY = "sk-canary-dialog-77aa88bb"


def make_dialog(qtbot, keys: KeyStore) -> SettingsDialog:
    dialog = SettingsDialog(Settings(), keys)
    qtbot.addWidget(dialog)
    return dialog


def test_key_is_stored_replaced_and_deleted_in_the_keyring(
    qtbot, memory_keyring: MemoryKeyring
) -> None:
    keys = KeyStore({})
    dialog = make_dialog(qtbot, keys)
    assert "No key is set" in dialog.key_status.text()
    dialog.key_edit.setText(KEY)
    with qtbot.waitSignal(dialog.key_changed):
        qtbot.mouseClick(dialog.save_key_button, Qt.LeftButton)
    assert memory_keyring.store[("camdraw", apikey.USERNAME)] == KEY
    assert dialog.key_edit.text() == ""
    assert "system keyring" in dialog.key_status.text()
    dialog.key_edit.setText("sk-replacement-123456")
    qtbot.mouseClick(dialog.save_key_button, Qt.LeftButton)
    assert keys.require() == "sk-replacement-123456"
    qtbot.mouseClick(dialog.delete_key_button, Qt.LeftButton)
    assert keys.find() is None and memory_keyring.store == {}
    assert not dialog.delete_key_button.isEnabled()


def test_without_a_keyring_the_dialog_says_so_and_offers_a_session_key(qtbot) -> None:
    keyring.set_keyring(fail.Keyring())
    keys = KeyStore({})
    dialog = make_dialog(qtbot, keys)
    assert "no secure keyring" in dialog.key_status.text()
    assert not dialog.save_key_button.isEnabled()
    dialog.key_edit.setText(KEY)
    qtbot.mouseClick(dialog.session_key_button, Qt.LeftButton)
    assert keys.find().source == "session"
    assert "this session only" in dialog.key_status.text()
    assert not paths.config_dir().exists() or KEY not in "".join(
        p.read_text(encoding="utf-8") for p in paths.config_dir().rglob("*") if p.is_file()
    )


def test_edited_settings_and_invalid_values(qtbot) -> None:
    dialog = make_dialog(qtbot, KeyStore({}))
    dialog.base_url.setText("http://127.0.0.1:11434/v1")
    dialog.vision_model.setCurrentText("llava:13b")
    dialog.language.setCurrentText("en")
    dialog.mirror.setChecked(False)
    dialog.camera.setCurrentText("clip.mp4")
    edited = dialog.edited_settings()
    assert edited.base_url == "http://127.0.0.1:11434/v1"
    assert edited.vision_model == "llava:13b"
    assert (edited.language, edited.mirror, edited.camera) == ("en", False, "clip.mp4")
    dialog.base_url.setText("ftp://nope")
    dialog._accept()
    assert dialog.result_settings() is None
    assert "base_url" in dialog._error.text()


def test_size_and_quality_choices_follow_the_image_model(qtbot) -> None:
    dialog = make_dialog(qtbot, KeyStore({}))
    sizes = [dialog.image_size.itemText(i) for i in range(dialog.image_size.count())]
    assert "1536x1024" in sizes and "1792x1024" not in sizes
    dialog.image_quality.setCurrentText("high")
    dialog.image_model.setCurrentText("dall-e-3")
    sizes = [dialog.image_size.itemText(i) for i in range(dialog.image_size.count())]
    assert "1792x1024" in sizes
    assert dialog.image_quality.currentText() == ""  # "high" is not a dall-e-3 quality
    assert "standard" in dialog.image_quality.lineEdit().placeholderText()


def test_safety_and_limits_are_edited_and_validated(qtbot) -> None:
    dialog = make_dialog(qtbot, KeyStore({}))
    assert dialog.moderation_model.currentText() == "omni-moderation-latest"
    dialog.moderation_model.setCurrentText("")
    dialog.cooldown.setValue(10)
    dialog.per_hour.setValue(0)
    dialog.budget.setValue(1.5)
    dialog.allow_insecure_http.setChecked(True)
    edited = dialog.edited_settings()
    assert edited.moderation_model == "" and edited.cooldown_s == 10
    assert edited.max_rounds_per_hour == 0 and edited.daily_budget_usd == 1.5
    assert edited.allow_insecure_http
    assert dialog.per_hour.text() == "no limit"
    dialog.use_cache.setChecked(False)
    dialog.cache_distance.setValue(-1)
    edited = dialog.edited_settings()
    assert not edited.use_cache and edited.cache_distance == -1
    assert dialog.cache_distance.text() == "identical photos only"
