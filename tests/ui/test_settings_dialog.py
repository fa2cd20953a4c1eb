from __future__ import annotations

import threading

import keyring
from keyring.backends import fail
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from camdraw.core import paths
from camdraw.core.providers import apikey, connection, servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui import settings_forms as forms
from camdraw.ui.settings_dialog import SettingsDialog
from tests.conftest import MemoryKeyring
from tests.fake_openai import FakeOpenAI

KEY = "sk-canary-dialog-77aa88bb"


def make_dialog(qtbot, keys: KeyStore) -> SettingsDialog:
    dialog = SettingsDialog(Settings(), keys)  # OpenAI without a key: opening asks nobody
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
    assert forms.value(dialog.image_quality) == ""  # "high" is not a dall-e-3 quality
    assert "standard" in dialog.image_quality.currentText()  # the default entry shows words


def test_the_entries_standing_for_the_default_show_words_and_keep_the_empty_value(qtbot) -> None:
    dialog = make_dialog(qtbot, KeyStore({}))
    for box in (dialog.image_size, dialog.image_quality, dialog.moderation_model):
        assert box.itemText(0).strip(), box.accessibleName()
        box.setCurrentIndex(0)
    edited = dialog.edited_settings()
    assert (edited.image_size, edited.image_quality, edited.moderation_model) == ("", "", "")
    dialog.image_size.setCurrentText("1024x1024")
    assert dialog.edited_settings().image_size == "1024x1024"


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


# -- servers, model lists, the new fields ---------------------------------------------------


def test_a_preset_fills_in_its_address_and_says_what_it_needs(qtbot) -> None:
    dialog = make_dialog(qtbot, KeyStore({}))
    panel = dialog.describe_panel
    panel.preset.setCurrentIndex(panel.preset.findData("ollama"))
    assert dialog.base_url.text() == "http://localhost:11434/v1"
    assert "no key" in panel.key_status.text()
    assert not panel.key_edit.isEnabled()
    panel.preset.setCurrentIndex(panel.preset.findData("azure"))
    assert "YOUR-RESOURCE" in dialog.base_url.text()
    assert "deployment" in panel.hint.text()
    panel.preset.setCurrentIndex(panel.preset.findData("openai"))
    assert dialog.base_url.text() == ""  # OPENAI_BASE_URL or the OpenAI API
    edited = dialog.edited_settings()
    assert (edited.describe_server, edited.base_url) == ("openai", "")
    paint = dialog.paint_panel
    assert paint.preset.itemData(0) == "same" and paint.is_same()
    assert not paint.address.isEnabled() and not paint.test_button.isEnabled()
    paint.preset.setCurrentIndex(paint.preset.findData("lmstudio"))
    edited = dialog.edited_settings()
    assert (edited.paint_server, edited.paint_base_url) == ("lmstudio", "http://localhost:1234/v1")


def test_a_painting_server_of_its_own_has_its_own_key(qtbot, memory_keyring: MemoryKeyring) -> None:
    keys = KeyStore({})
    keys.store(KEY)
    settings = Settings(paint_server="custom", paint_base_url="https://paint.example.com/v1")
    dialog = SettingsDialog(settings, keys, fetch_models=False)
    qtbot.addWidget(dialog)
    paint = dialog.paint_panel
    status = paint.key_status.text()
    assert "No key is set for Custom at paint.example.com" in status  # not the OpenAI key
    paint.key_edit.setText("canary-paint-key-5566")
    with qtbot.waitSignal(dialog.key_changed):
        qtbot.mouseClick(paint.save_key_button, Qt.LeftButton)
    assert memory_keyring.store == {
        ("camdraw", apikey.USERNAME): KEY,
        ("camdraw", "api-key:custom:paint.example.com"): "canary-paint-key-5566",
    }
    assert "A key for Custom at paint.example.com is stored" in paint.key_status.text()
    paint.address.setText("https://other.example.com/v1")  # another host, another key
    assert "No key is set for Custom at other.example.com" in paint.key_status.text()
    assert not paint.delete_key_button.isEnabled()
    paint.preset.setCurrentIndex(paint.preset.findData("openai"))  # OpenAI: the OpenAI key
    assert "A key for OpenAI is stored" in paint.key_status.text()


def test_switching_the_describing_server_shows_and_stores_that_servers_key(
    qtbot, memory_keyring: MemoryKeyring
) -> None:
    keys = KeyStore({"OPENAI_API_KEY": "canary-env-dialog-1122"})
    dialog = make_dialog(qtbot, keys)
    panel = dialog.describe_panel
    assert "OPENAI_API_KEY environment variable for OpenAI" in dialog.key_status.text()
    panel.preset.setCurrentIndex(panel.preset.findData("custom"))
    dialog.base_url.setText("")
    assert "address first" in dialog.key_status.text()
    assert not dialog.save_key_button.isEnabled() and not dialog.key_edit.isEnabled()
    dialog.base_url.setText("http://my-vllm.example.org:8000/v1")
    assert "No key is set for Custom at my-vllm.example.org:8000" in dialog.key_status.text()
    dialog.key_edit.setText(KEY)
    qtbot.mouseClick(dialog.save_key_button, Qt.LeftButton)
    assert memory_keyring.store == {("camdraw", "api-key:custom:my-vllm.example.org:8000"): KEY}
    # Painting on the same server: its panel now names the key it shares.
    dialog.paint_panel.preset.setCurrentIndex(dialog.paint_panel.preset.findData("custom"))
    dialog.paint_panel.address.setText("http://my-vllm.example.org:8000/v1")
    assert "A key for Custom at my-vllm.example.org:8000 is stored" in (
        dialog.paint_panel.key_status.text()
    )
    qtbot.mouseClick(dialog.paint_panel.delete_key_button, Qt.LeftButton)
    assert memory_keyring.store == {}
    assert "No key is set for Custom" in dialog.key_status.text()  # the describing panel too


def test_test_connection_runs_off_the_gui_thread_and_fills_the_models(
    qtbot, fake_openai: FakeOpenAI, monkeypatch
) -> None:
    threads: list[threading.Thread] = []
    real = connection.test_connection

    def watched(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(connection, "test_connection", watched)
    settings = Settings(describe_server="custom", base_url=fake_openai.base_url)
    dialog = SettingsDialog(settings, KeyStore({}), fetch_models=False)
    qtbot.addWidget(dialog)
    panel = dialog.describe_panel
    with qtbot.waitSignal(dialog.models_loaded, timeout=10_000) as loaded:
        qtbot.mouseClick(panel.test_button, Qt.LeftButton)
        assert not panel.test_button.isEnabled()  # the click returned before the answer
        assert "Testing" in panel.test_result.text()
    assert threads and threads[0] is not threading.main_thread()
    assert loaded.args[0] == "describe"
    assert panel.test_result.text().startswith("Connected to 127.0.0.1:")
    assert panel.test_button.accessibleDescription() == panel.test_result.text()
    assert panel.test_button.isEnabled()
    names = [dialog.vision_model.itemText(i) for i in range(dialog.vision_model.count())]
    assert "llava-test" in names and "gpt-6.1-terra" in names
    images = [dialog.image_model.itemText(i) for i in range(dialog.image_model.count())]
    assert "paint-test" in images  # painting on the same server
    assert dialog.vision_model.currentText() == Settings().vision_model  # kept


def test_models_are_fetched_on_opening_and_a_dead_server_is_named(
    qtbot, fake_openai: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    keys = KeyStore({})
    keys.for_server(servers.make_server("custom", fake_openai.base_url)).store(
        "canary-paint-key-7788"
    )
    settings = Settings(
        describe_server="ollama",
        base_url="http://127.0.0.1:9/v1",  # nothing listens on the discard port
        paint_server="custom",
        paint_base_url=fake_openai.base_url,
    )
    dialog = SettingsDialog(settings, keys)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.models_loaded, timeout=10_000) as loaded:
        pass
    assert loaded.args[0] == "paint"
    dialog.shutdown()
    qtbot.waitUntil(lambda: bool(dialog.describe_panel.test_result.text()), timeout=10_000)
    assert "Is Ollama running?" in dialog.describe_panel.test_result.text()
    images = [dialog.image_model.itemText(i) for i in range(dialog.image_model.count())]
    assert "gpt-image-2.6-flare" in images
    (request,) = fake_openai.requests_to("models")
    assert (request["headers"]["Authorization"] == "Bearer canary-paint-key-7788") is True


def test_no_request_without_a_key_for_a_server_that_needs_one(
    qtbot, fake_openai: FakeOpenAI
) -> None:
    dialog = make_dialog(qtbot, KeyStore({}))  # OpenAI, no key: the fetch on opening is quiet
    dialog.shutdown()
    qtbot.mouseClick(dialog.describe_panel.test_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "No key" in dialog.describe_panel.test_result.text(), timeout=5000)
    assert fake_openai.requests == []


def test_the_new_fields_round_trip(qtbot) -> None:
    settings = Settings(
        service_mode="offline",
        style="comic",
        custom_styles=[{"name": "Mosaic", "prompt": "Style: glass tiles."}],
        likeness=True,
        ui_language="cs",
        speak_status=True,
        countdown_s=3,
        return_after_s=20,
    )
    dialog = SettingsDialog(settings, KeyStore({}), fetch_models=False)
    qtbot.addWidget(dialog)
    assert dialog.edited_settings() == settings
    names = [dialog.styles.style.itemText(i) for i in range(dialog.styles.style.count())]
    # In the interface's language (English here): the setting applies at the next start.
    assert names[:2] == ["No style", "Watercolour"] and "Mosaic" in names
    dialog.styles.new_name.setText("Neon")
    dialog.styles.new_prompt.setText("Style: neon signs at night.")
    qtbot.mouseClick(dialog.styles.add_button, Qt.LeftButton)
    dialog.styles.style.setCurrentIndex(dialog.styles.style.findData("Neon"))
    dialog.styles.custom_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.styles.remove_button, Qt.LeftButton)
    dialog.service_mode.setCurrentIndex(dialog.service_mode.findData("api"))
    dialog.ui_language.setCurrentIndex(dialog.ui_language.findData(""))
    dialog.likeness.setChecked(False)
    dialog.speak_status.setChecked(False)
    dialog.countdown.setValue(5)
    dialog.return_after.setValue(0)
    edited = dialog.edited_settings()
    assert edited.custom_styles == [{"name": "Neon", "prompt": "Style: neon signs at night."}]
    assert (edited.style, edited.service_mode, edited.ui_language) == ("Neon", "api", "")
    assert not edited.likeness and not edited.speak_status
    assert (edited.countdown_s, edited.return_after_s) == (5, 0)
    assert dialog.return_after.text() == "stay on the result"


def test_every_control_has_an_accessible_name_and_labels_have_buddies(qtbot) -> None:
    dialog = make_dialog(qtbot, KeyStore({}))
    dialog.shutdown()
    unnamed = [
        type(w).__name__ + ":" + w.objectName()
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QListWidget))
        and w.parent() is not None
        and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))  # their own edits
        and type(w).__name__ != "QToolButton"  # the tab bar's scroll arrows
        and not w.accessibleName()
    ]
    assert unnamed == []
    mnemonic_labels = [label for label in dialog.findChildren(QLabel) if "&" in label.text()]
    assert mnemonic_labels  # the check below runs on something
    for label in mnemonic_labels:
        assert label.buddy() is not None, label.text()


def test_who_reads_the_description_is_chosen_in_the_dialog(qtbot) -> None:
    dialog = make_dialog(qtbot, KeyStore({}))
    box = dialog.description_reader
    assert box.currentData() == "auto"
    assert [box.itemData(i) for i in range(box.count())] == [
        "auto",
        "voice",
        "screen_reader",
        "both",
    ]
    assert box.accessibleName() == "Who reads the description"
    box.setCurrentIndex(box.findData("screen_reader"))
    assert dialog.edited_settings().description_reader == "screen_reader"
    shown = SettingsDialog(Settings(description_reader="both"), KeyStore({}))
    qtbot.addWidget(shown)
    assert shown.description_reader.currentData() == "both"


def test_a_new_style_with_flagged_words_is_taken_out_and_explained(
    qtbot, fake_openai: FakeOpenAI
) -> None:
    fake_openai.moderation_flag_words = {"gory": {"violence/graphic"}}
    settings = Settings(base_url=fake_openai.base_url)
    dialog = SettingsDialog(settings, KeyStore({"OPENAI_API_KEY": KEY}), fetch_models=False)
    qtbot.addWidget(dialog)
    dialog.styles.new_name.setText("Grim")
    dialog.styles.new_prompt.setText("Style: make it a graphic, gory scene.")
    with qtbot.waitSignal(dialog.styles.style_refused, timeout=10_000) as refused:
        qtbot.mouseClick(dialog.styles.add_button, Qt.LeftButton)
    assert "graphic violence" in refused.args[0]
    assert dialog.styles.custom_styles() == []
    assert dialog.styles.style.findData("Grim") < 0
    assert "graphic violence" in dialog._error.text()
    dialog.styles.new_name.setText("Mosaic")
    dialog.styles.new_prompt.setText("Style: glass tiles.")
    with qtbot.assertNotEmitted(dialog.styles.style_refused):
        qtbot.mouseClick(dialog.styles.add_button, Qt.LeftButton)
        dialog.jobs.wait()
        QCoreApplication.processEvents()  # the queued answer arrives
    assert [s["name"] for s in dialog.styles.custom_styles()] == ["Mosaic"]
    inputs = [r["json"]["input"] for r in fake_openai.requests_to("moderations")]
    assert inputs == ["Style: make it a graphic, gory scene.", "Style: glass tiles."]
