"""Settings: server, models, language, camera, speech, files — and the API key in the keyring."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from camdraw.core import apikey, models, paths
from camdraw.core.apikey import KeyStore
from camdraw.core.camera import list_devices
from camdraw.core.errors import CamdrawError
from camdraw.core.prompts import LANGUAGE_NAMES
from camdraw.core.settings import Settings

_SOURCE_TEXT = {
    "keyring": "A key is stored in the system keyring.",
    "session": "A key is set for this session only (it is forgotten when camdraw quits).",
    "environment": "Using the key from the OPENAI_API_KEY environment variable.",
}


def _combo(items: list[str], current: str, *, editable: bool = True) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(editable)
    for item in items:
        combo.addItem(item)
    if current and combo.findText(current) < 0:
        combo.addItem(current)
    combo.setCurrentText(current)
    return combo


class SettingsDialog(QDialog):
    key_changed = Signal()

    def __init__(self, settings: Settings, keys: KeyStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("camdraw settings")
        self._settings = settings
        self._keys = keys
        layout = QVBoxLayout(self)
        # Tabs keep the dialog short enough for a 768-pixel-high laptop screen.
        self.tabs = QTabWidget()
        service = QWidget()
        service_layout = QVBoxLayout(service)
        service_layout.addWidget(self._key_box())
        service_layout.addWidget(self._service_box(settings))
        service_layout.addStretch(1)
        self.tabs.addTab(service, "Key and service")
        self.tabs.addTab(self._round_box(settings), "Description, camera, speech")
        self.tabs.addTab(self._limits_box(settings), "Safety and limits")
        layout.addWidget(self.tabs)
        self._error = QLabel()
        self._error.setStyleSheet("color: #b00020;")
        self._error.setWordWrap(True)
        self._error.hide()
        layout.addWidget(self._error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._result: Settings | None = None
        self._refresh_key_status()

    # -- building ----------------------------------------------------------------------------

    def _key_box(self) -> QGroupBox:
        box = QGroupBox("OpenAI API key")
        form = QVBoxLayout(box)
        self.key_status = QLabel()
        self.key_status.setWordWrap(True)
        form.addWidget(self.key_status)
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.Password)
        self.key_edit.setPlaceholderText("Paste a new key here (sk-...)")
        self.key_edit.setAccessibleName("API key")
        form.addWidget(self.key_edit)
        row = QHBoxLayout()
        self.save_key_button = QPushButton("Save in keyring")
        self.session_key_button = QPushButton("Use for this session only")
        self.delete_key_button = QPushButton("Delete stored key")
        for button, slot in (
            (self.save_key_button, self._save_key),
            (self.session_key_button, self._session_key),
            (self.delete_key_button, self._delete_key),
        ):
            button.clicked.connect(slot)
            row.addWidget(button)
        form.addLayout(row)
        return box

    def _service_box(self, s: Settings) -> QGroupBox:
        box = QGroupBox("Service and models")
        form = QFormLayout(box)
        self.base_url = QLineEdit(s.base_url)
        self.base_url.setPlaceholderText("empty: OPENAI_BASE_URL or the OpenAI API")
        form.addRow("Server address (base URL)", self.base_url)
        self.allow_insecure_http = QCheckBox(
            "Allow unencrypted http to another machine (the key is sent in clear text)"
        )
        self.allow_insecure_http.setChecked(s.allow_insecure_http)
        form.addRow("", self.allow_insecure_http)
        self.vision_model = _combo([models.DEFAULT_VISION_MODEL], s.vision_model)
        form.addRow("Vision model", self.vision_model)
        self.image_model = _combo([models.DEFAULT_IMAGE_MODEL], s.image_model)
        form.addRow("Image model", self.image_model)
        self.image_size = _combo([], s.image_size)
        form.addRow("Painting size", self.image_size)
        self.image_quality = _combo([], s.image_quality)
        form.addRow("Painting quality", self.image_quality)
        self._offer_image_options(s.image_model)
        self.image_model.currentTextChanged.connect(self._offer_image_options)
        self.detail = _combo(list(models.DETAILS), s.detail, editable=False)
        form.addRow("Photo detail sent", self.detail)
        self.describe_timeout = QDoubleSpinBox()
        self.describe_timeout.setRange(1, 900)
        self.describe_timeout.setValue(s.describe_timeout_s)
        self.describe_timeout.setSuffix(" s")
        form.addRow("Description time-out", self.describe_timeout)
        self.paint_timeout = QDoubleSpinBox()
        self.paint_timeout.setRange(1, 900)
        self.paint_timeout.setValue(s.paint_timeout_s)
        self.paint_timeout.setSuffix(" s")
        form.addRow("Painting time-out", self.paint_timeout)
        return box

    def _round_box(self, s: Settings) -> QGroupBox:
        box = QGroupBox("Description, camera, speech and files")
        form = QFormLayout(box)
        self.language = _combo(list(LANGUAGE_NAMES), s.language)
        form.addRow("Description language", self.language)
        self.prompt = QPlainTextEdit(s.describe_prompt)
        self.prompt.setPlaceholderText("empty: the built-in prompt for the language")
        self.prompt.setFixedHeight(60)
        form.addRow("Own prompt", self.prompt)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(16, 4096)
        self.max_tokens.setValue(s.max_description_tokens)
        form.addRow("Longest description (tokens)", self.max_tokens)
        devices = [str(i) for i in list_devices()] or ["0"]
        self.camera = _combo(devices, s.camera)
        self.camera.setToolTip("A device number, a video file or a stream URL")
        form.addRow("Camera", self.camera)
        self.mirror = QCheckBox("Mirror the preview")
        self.mirror.setChecked(s.mirror)
        form.addRow("", self.mirror)
        self.muted = QCheckBox("Do not read descriptions aloud")
        self.muted.setChecked(s.muted)
        form.addRow("", self.muted)
        self.save_narration = QCheckBox("Save each narration as a WAV file")
        self.save_narration.setChecked(s.save_narration)
        form.addRow("", self.save_narration)
        self.voice = QLineEdit(s.voice)
        self.voice.setPlaceholderText("empty: a voice for the description language")
        form.addRow("Voice (name or id)", self.voice)
        row = QHBoxLayout()
        self.images_dir = QLineEdit(s.images_dir)
        self.images_dir.setPlaceholderText(str(paths.default_images_dir()))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.images_dir)
        row.addWidget(browse)
        form.addRow("Images folder", row)
        return box

    def _limits_box(self, s: Settings) -> QGroupBox:
        box = QGroupBox("Safety and limits")
        form = QFormLayout(box)
        self.moderation_model = _combo(["", models.DEFAULT_MODERATION_MODEL], s.moderation_model)
        self.moderation_model.lineEdit().setPlaceholderText("empty: no moderation check")
        self.moderation_model.setToolTip(
            "Descriptions are checked with this moderation model before they are painted"
        )
        form.addRow("Moderation model", self.moderation_model)
        self.cooldown = QDoubleSpinBox()
        self.cooldown.setRange(0, 3600)
        self.cooldown.setValue(s.cooldown_s)
        self.cooldown.setSuffix(" s")
        form.addRow("Pause between photos", self.cooldown)
        self.per_hour = QSpinBox()
        self.per_hour.setRange(0, 10_000)
        self.per_hour.setValue(s.max_rounds_per_hour)
        self.per_hour.setSpecialValueText("no limit")
        form.addRow("Photos per hour, at most", self.per_hour)
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0, 10_000)
        self.budget.setDecimals(2)
        self.budget.setValue(s.daily_budget_usd)
        self.budget.setPrefix("$")
        self.budget.setSpecialValueText("no budget")
        form.addRow("Daily budget (USD)", self.budget)
        self.use_cache = QCheckBox("Reuse the result for the same or a nearly identical photo")
        self.use_cache.setChecked(s.use_cache)
        form.addRow("Cache", self.use_cache)
        self.cache_distance = QSpinBox()
        self.cache_distance.setRange(-1, 32)
        self.cache_distance.setValue(s.cache_distance)
        self.cache_distance.setSpecialValueText("identical photos only")
        self.cache_distance.setToolTip(
            "How different (in bits of 64) a photo may be and still count as the same scene"
        )
        form.addRow("Similarity threshold", self.cache_distance)
        return box

    def _offer_image_options(self, model: str) -> None:
        """Sizes and qualities depend on the image model family (see core.models)."""
        family = models.image_family(model)
        for combo, values, default in (
            (self.image_size, family.sizes, family.default_size),
            (self.image_quality, family.qualities, family.default_quality or ""),
        ):
            current = combo.currentText()
            combo.clear()
            combo.addItems(["", *values])
            combo.setCurrentText(current if current in values else "")
            combo.lineEdit().setPlaceholderText(
                f"model default ({default})" if default else "model default"
            )

    # -- key actions (take effect at once: the key is never held in the dialog's result) -----

    def _refresh_key_status(self) -> None:
        found = self._keys.find()
        text = _SOURCE_TEXT[found.source] if found else "No key is set."
        has_backend = apikey.backend_available()
        if not has_backend:
            text += f" {apikey.NO_BACKEND_MESSAGE} {apikey.NO_BACKEND_HINT}"
        self.key_status.setText(text)
        self.save_key_button.setEnabled(has_backend)
        self.delete_key_button.setEnabled(found is not None and found.source != "environment")

    def _save_key(self) -> None:
        self._apply_key(lambda key: self._keys.store(key))

    def _session_key(self) -> None:
        self._apply_key(self._keys.use_for_session)

    def _apply_key(self, action: object) -> None:
        key = self.key_edit.text().strip()
        if not key:
            self._show_error("Paste a key into the field first.")
            return
        try:
            action(key)  # type: ignore[operator]
        except CamdrawError as error:
            self._show_error(str(error))
            return
        self.key_edit.clear()
        self._error.hide()
        self._refresh_key_status()
        self.key_changed.emit()

    def _delete_key(self) -> None:
        try:
            self._keys.delete()
        except CamdrawError as error:
            self._show_error(str(error))
        self._refresh_key_status()
        self.key_changed.emit()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Images folder", self.images_dir.text())
        if folder:
            self.images_dir.setText(folder)

    # -- result ------------------------------------------------------------------------------

    def _show_error(self, text: str) -> None:
        self._error.setText(text)
        self._error.show()

    def edited_settings(self) -> Settings:
        """The settings as edited (raises ConfigError when a value is invalid)."""
        return self._settings.replace(
            base_url=self.base_url.text().strip(),
            vision_model=self.vision_model.currentText().strip(),
            image_model=self.image_model.currentText().strip(),
            image_size=self.image_size.currentText().strip(),
            image_quality=self.image_quality.currentText().strip(),
            detail=self.detail.currentText(),
            describe_timeout_s=float(self.describe_timeout.value()),
            paint_timeout_s=float(self.paint_timeout.value()),
            language=self.language.currentText().strip(),
            describe_prompt=self.prompt.toPlainText().strip(),
            max_description_tokens=self.max_tokens.value(),
            camera=self.camera.currentText().strip() or "0",
            mirror=self.mirror.isChecked(),
            muted=self.muted.isChecked(),
            save_narration=self.save_narration.isChecked(),
            voice=self.voice.text().strip(),
            images_dir=self.images_dir.text().strip(),
            allow_insecure_http=self.allow_insecure_http.isChecked(),
            moderation_model=self.moderation_model.currentText().strip(),
            cooldown_s=float(self.cooldown.value()),
            max_rounds_per_hour=self.per_hour.value(),
            daily_budget_usd=float(self.budget.value()),
            use_cache=self.use_cache.isChecked(),
            cache_distance=self.cache_distance.value(),
        )

    def _accept(self) -> None:
        try:
            self._result = self.edited_settings()
        except CamdrawError as error:
            self._show_error(str(error))
            return
        self.accept()

    def result_settings(self) -> Settings | None:
        return self._result
