"""Settings: servers and their keys, models, styles, the round, the photobooth, limits.

Keys take effect at once (they live in the keyring, never in the dialog's result). Connection
tests and model lists run on the dialog's own background queue, which ``done`` and
``closeEvent`` join, so no thread outlives the dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from camdraw.core import models
from camdraw.core.errors import CamdrawError
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.providers.connection import ConnectionReport
from camdraw.core.round import check_step
from camdraw.core.settings import Settings
from camdraw.ui import i18n, settings_privacy
from camdraw.ui import settings_forms as forms
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.inner_names import name_inner_parts
from camdraw.ui.settings_servers import ServerPanel
from camdraw.ui.settings_styles import StylesEditor
from camdraw.ui.shown_label import ShownTextLabel


class SettingsDialog(QDialog):
    key_changed = Signal()
    models_loaded = Signal(str, list)  # role ("describe"/"paint"), the server's model names

    def __init__(
        self,
        settings: Settings,
        keys: KeyStore,
        parent: QWidget | None = None,
        *,
        fetch_models: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("camdraw settings"))
        self._settings = settings
        self._keys = keys
        self._result: Settings | None = None
        self.jobs = BackgroundJobs(self)
        layout = QVBoxLayout(self)
        # Tabs keep the dialog short enough for a 768-pixel-high laptop screen.
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Settings sections"))
        self.tabs.addTab(self._service_tab(settings), self.tr("Service"))
        self.tabs.addTab(self._painting_tab(settings), self.tr("Painting"))
        self.tabs.addTab(forms.round_tab(self, settings), self.tr("Description, camera, speech"))
        self.tabs.addTab(forms.booth_tab(self, settings), self.tr("Photobooth and interface"))
        self.tabs.addTab(forms.limits_tab(self, settings), self.tr("Safety and limits"))
        self.tabs.addTab(settings_privacy.privacy_tab(self, settings), self.tr("Privacy"))
        layout.addWidget(self.tabs)
        # Wide enough to show every tab's name, where the screen allows it.
        wanted = self.tabs.tabBar().sizeHint().width() + 2 * layout.contentsMargins().left()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width = min(wanted, int(screen.width() * 0.9)) if screen else wanted
        height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        height = height if height > 0 else self.sizeHint().height()
        self.resize(width, min(height, int(screen.height() * 0.9)) if screen else height)
        self._error = ShownTextLabel(self.tr("Problem"))
        # The theme's own text on its own window colour (BrightText on Dark was 2.3:1),
        # set apart by a frame and bold type rather than by colour.
        self._error.setFrameShape(QFrame.Shape.Box)
        error_font = self._error.font()
        error_font.setBold(True)
        self._error.setFont(error_font)
        self._error.setWordWrap(True)
        self._error.hide()
        layout.addWidget(self._error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        layout.addWidget(buttons)
        for panel in (self.describe_panel, self.paint_panel):
            panel.key_changed.connect(self.key_changed)
            # Both panels may show the same server, and so the same key.
            panel.key_changed.connect(self.describe_panel.refresh_key_status)
            panel.key_changed.connect(self.paint_panel.refresh_key_status)
            panel.error_raised.connect(self._show_error)
            panel.connection_tested.connect(self._offer_models)
        self.describe_panel.preset.currentIndexChanged.connect(self._describing_changed)
        name_inner_parts(self)
        if fetch_models:
            self.describe_panel.test_connection(quiet=True)
            if not self.paint_panel.is_same():
                self.paint_panel.test_connection(quiet=True)

    # -- building ----------------------------------------------------------------------------

    def _service_tab(self, s: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.service_mode = QComboBox()
        for text, mode in (
            (self.tr("Automatic: offline demo when there is no key"), "auto"),
            (self.tr("Online service"), "api"),
            (self.tr("Offline demo (no network)"), "offline"),
        ):
            self.service_mode.addItem(text, mode)
        self.service_mode.setCurrentIndex(max(self.service_mode.findData(s.service_mode), 0))
        forms.add_row(form, self.tr("&Mode"), self.service_mode, self.tr("Service mode"))
        self.allow_insecure_http = QCheckBox(
            self.tr("Allow unencrypted &http to another machine (the key is sent in clear text)")
        )
        self.allow_insecure_http.setAccessibleName(self.tr("Allow unencrypted http"))
        self.allow_insecure_http.setChecked(s.allow_insecure_http)
        self.describe_panel = ServerPanel(
            "describe",
            s.describe_server,
            s.base_url,
            self._keys,
            self.jobs,
            self.allow_insecure_http.isChecked,
        )
        form.addRow(self.describe_panel)
        form.addRow(self.allow_insecure_http)
        self.vision_model = forms.combo([models.DEFAULT_VISION_MODEL], s.vision_model)
        forms.add_row(form, self.tr("Vision m&odel"), self.vision_model)
        self.detail = forms.combo(list(models.DETAILS), s.detail, editable=False)
        forms.add_row(form, self.tr("Photo detai&l sent"), self.detail)
        self.describe_timeout = forms.seconds("describe_timeout_s", s.describe_timeout_s)
        forms.add_row(form, self.tr("Description time-o&ut"), self.describe_timeout)
        # Names the old single-server dialog had; the window and tests use them.
        self.base_url = self.describe_panel.address
        self.key_status = self.describe_panel.key_status
        self.key_edit = self.describe_panel.key_edit
        self.save_key_button = self.describe_panel.save_key_button
        self.session_key_button = self.describe_panel.session_key_button
        self.delete_key_button = self.describe_panel.delete_key_button
        return page

    def _painting_tab(self, s: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.paint_panel = ServerPanel(
            "paint",
            s.paint_server,
            s.paint_base_url,
            self._keys,
            self.jobs,
            self.allow_insecure_http.isChecked,
        )
        form.addRow(self.paint_panel)
        self.image_model = forms.combo([models.DEFAULT_IMAGE_MODEL], s.image_model)
        forms.add_row(form, self.tr("&Image model"), self.image_model)
        self.image_size = forms.combo([], s.image_size)
        forms.add_row(form, self.tr("Painting si&ze"), self.image_size)
        self.image_quality = forms.combo([], s.image_quality)
        forms.add_row(form, self.tr("Painting &quality"), self.image_quality)
        self._offer_image_options(s.image_model)
        self.image_model.currentTextChanged.connect(self._offer_image_options)
        self.likeness = QCheckBox(self.tr("Paint from the p&hoto (likeness)"))
        self.likeness.setAccessibleName(self.tr("Paint from the photo (likeness)"))
        self.likeness.setToolTip(
            self.tr("The photo itself is sent to the image model, which keeps its composition")
        )
        self.likeness.setChecked(s.likeness)
        form.addRow(self.likeness)
        # The language the window speaks now (a changed setting applies at the next start).
        self.styles = StylesEditor(
            s.style, s.custom_styles, i18n.current(), check_words=self._check_style
        )
        self.styles.style_refused.connect(self._show_error)
        form.addRow(self.styles)
        self.paint_timeout = forms.seconds("paint_timeout_s", s.paint_timeout_s)
        forms.add_row(form, self.tr("Painting ti&me-out"), self.paint_timeout)
        return page

    def _offer_image_options(self, model: str) -> None:
        """Sizes and qualities depend on the image model family (see core.models)."""
        family = models.image_family(model)
        for combo, values, default in (
            (self.image_size, family.sizes, family.default_size),
            (self.image_quality, family.qualities, family.default_quality or ""),
        ):
            current = forms.value(combo)
            combo.clear()
            combo.addItem(
                self.tr("model default ({default})").format(default=default)
                if default
                else self.tr("model default"),
                forms.DEFAULT_ENTRY,
            )
            forms.offer(combo, list(values), current if current in values else "")
            combo.lineEdit().setPlaceholderText(combo.itemText(0))

    # -- model lists from the servers ---------------------------------------------------------

    def _offer_models(self, role: str, report: ConnectionReport) -> None:
        if not report.ok or not report.models:
            return
        if role == "describe":
            forms.offer(self.vision_model, report.models)
            if self.paint_panel.is_same():
                forms.offer(self.image_model, report.models)
        else:
            forms.offer(self.image_model, report.models)
        self.models_loaded.emit(role, report.models)

    def _describing_changed(self) -> None:
        self.paint_panel.refresh_key_status()

    # -- result ------------------------------------------------------------------------------

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Images folder"), self.images_dir.text()
        )
        if folder:
            self.images_dir.setText(folder)

    def _check_style(self, words: str, report: Callable[[str], None]) -> None:
        """A new style's words go to the moderation check (off the GUI thread)."""
        try:
            settings = self.edited_settings()
        except CamdrawError:
            settings = self._settings
        keys = self._keys
        self.jobs.run(
            lambda: check_step.style_problem(
                words, lambda: ProviderCache(keys).get(settings), settings
            ),
            on_done=report,
        )

    def _show_error(self, text: str) -> None:
        self._error.setText(text)
        self._error.setVisible(bool(text))

    def edited_settings(self) -> Settings:
        """The settings as edited (raises ConfigError when a value is invalid)."""
        return self._settings.replace(
            service_mode=str(self.service_mode.currentData()),
            describe_server=self.describe_panel.preset_id(),
            base_url=self.describe_panel.address.text().strip(),
            paint_server=self.paint_panel.preset_id(),
            paint_base_url=self.paint_panel.address_text(),
            vision_model=self.vision_model.currentText().strip(),
            image_model=self.image_model.currentText().strip(),
            image_size=forms.value(self.image_size),
            image_quality=forms.value(self.image_quality),
            detail=self.detail.currentText(),
            describe_timeout_s=float(self.describe_timeout.value()),
            paint_timeout_s=float(self.paint_timeout.value()),
            style=self.styles.style_id(),
            custom_styles=self.styles.custom_styles(),
            likeness=self.likeness.isChecked(),
            language=self.language.currentText().strip(),
            describe_prompt=self.prompt.toPlainText().strip(),
            max_description_tokens=self.max_tokens.value(),
            camera=self.camera.currentText().strip() or "0",
            mirror=self.mirror.isChecked(),
            muted=self.muted.isChecked(),
            save_narration=self.save_narration.isChecked(),
            speak_status=self.speak_status.isChecked(),
            voice=self.voice.text().strip(),
            description_reader=str(self.description_reader.currentData()),
            images_dir=self.images_dir.text().strip(),
            countdown_s=self.countdown.value(),
            return_after_s=self.return_after.value(),
            frame_before_countdown=self.frame_before_countdown.isChecked(),
            ui_language=str(self.ui_language.currentData()),
            allow_insecure_http=self.allow_insecure_http.isChecked(),
            moderation_model=forms.value(self.moderation_model),
            cooldown_s=float(self.cooldown.value()),
            max_rounds_per_hour=self.per_hour.value(),
            daily_budget_usd=float(self.budget.value()),
            use_cache=self.use_cache.isChecked(),
            cache_distance=self.cache_distance.value(),
            **settings_privacy.edited(self),
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

    # -- no thread outlives the dialog ----------------------------------------------------------

    def shutdown(self) -> None:
        """Wait for a running connection test (it gives up after its own time-out)."""
        self.jobs.wait()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
