"""The plainer settings tabs: the round (description, camera, speech, files), the photobooth
and interface, and safety and limits. Each builder puts its controls on ``owner`` (the dialog)
so ``edited_settings`` reads them from one place. Number boxes take their ranges from the
settings model (``settings.bounds``), where loading a file is checked against the same ones."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from camdraw.core import models, paths
from camdraw.core.camera_source import list_devices
from camdraw.core.round.prompts import LANGUAGE_NAMES
from camdraw.core.settings import Settings, bounds

DEFAULT_ENTRY = "camdraw:empty"  # the item data of the entry that stands for the value ""


def combo(
    items: list[str], current: str, *, editable: bool = True, empty_text: str = ""
) -> QComboBox:
    """A combo of ``items`` showing ``current`` (added when it is not one of them). With
    ``empty_text``, a first entry showing it stands for the value "" (screen readers and eyes
    meet words, not an empty line)."""
    box = QComboBox()
    box.setEditable(editable)
    if empty_text:
        box.addItem(empty_text, DEFAULT_ENTRY)
    offer(box, items, current)
    return box


def offer(box: QComboBox, names: list[str], current: str | None = None) -> None:
    """Fill a combo with ``names`` (a server's models), keeping what is typed or chosen
    (or showing ``current``); the entry standing for "" stays first."""
    if current is None:
        current = value(box)
    empty_text = box.itemText(0) if box.itemData(0) == DEFAULT_ENTRY else ""
    box.clear()
    if empty_text:
        box.addItem(empty_text, DEFAULT_ENTRY)
    box.addItems(names)
    if current and box.findText(current) < 0:
        box.addItem(current)
    if not current and empty_text:
        box.setCurrentIndex(0)
    else:
        box.setCurrentText(current)


def value(box: QComboBox) -> str:
    """The value a combo stands for: its text, or "" on the entry that stands for ""."""
    text = box.currentText().strip()
    index = box.findText(text)
    if index >= 0 and box.itemData(index) == DEFAULT_ENTRY:
        return ""
    return text


def add_row(form: QFormLayout, label: str, widget: QWidget, name: str | None = None) -> None:
    """A labelled row; the label (with its mnemonic) is the widget's buddy and its name."""
    widget.setAccessibleName(name or label.replace("&", ""))
    form.addRow(label, widget)


def whole(name: str, value: int) -> QSpinBox:
    """A box for the whole-number setting ``name``, within its range."""
    box = QSpinBox()
    box.setRange(*bounds(name))
    box.setValue(value)
    return box


def decimal(name: str, value: float) -> QDoubleSpinBox:
    """A box for the decimal setting ``name``, within its range."""
    box = QDoubleSpinBox()
    box.setRange(*bounds(name))
    box.setValue(value)
    return box


def seconds(name: str, value: float) -> QDoubleSpinBox:
    box = decimal(name, value)
    box.setSuffix(QCoreApplication.translate("SettingsDialog", " s"))
    return box


def round_tab(owner: Any, s: Settings) -> QWidget:
    page = QWidget()
    form = QFormLayout(page)
    owner.language = combo(list(LANGUAGE_NAMES), s.language)
    add_row(
        form, QCoreApplication.translate("SettingsDialog", "Description &language"), owner.language
    )
    owner.prompt = QPlainTextEdit(s.describe_prompt)
    owner.prompt.setPlaceholderText(
        QCoreApplication.translate("SettingsDialog", "empty: the built-in prompt for the language")
    )
    owner.prompt.setTabChangesFocus(True)  # Tab moves on, as in every other field
    owner.prompt.setMaximumHeight(owner.prompt.fontMetrics().lineSpacing() * 4)
    add_row(form, QCoreApplication.translate("SettingsDialog", "Own &prompt"), owner.prompt)
    owner.max_tokens = whole("max_description_tokens", s.max_description_tokens)
    add_row(
        form,
        QCoreApplication.translate("SettingsDialog", "Longest description (&tokens)"),
        owner.max_tokens,
    )
    devices = [str(i) for i in list_devices()] or ["0"]
    owner.camera = combo(devices, s.camera)
    owner.camera.setToolTip(
        QCoreApplication.translate(
            "SettingsDialog", "A device number, a video file or a stream URL"
        )
    )
    add_row(form, QCoreApplication.translate("SettingsDialog", "&Camera"), owner.camera)
    for attr, text, value in (
        ("mirror", QCoreApplication.translate("SettingsDialog", "&Mirror the preview"), s.mirror),
        (
            "muted",
            QCoreApplication.translate("SettingsDialog", "Do &not read descriptions aloud"),
            s.muted,
        ),
        (
            "save_narration",
            QCoreApplication.translate("SettingsDialog", "Save each narration as a &WAV file"),
            s.save_narration,
        ),
        (
            "speak_status",
            QCoreApplication.translate(
                "SettingsDialog", "Speak the &status aloud (taking photo, describing…)"
            ),
            s.speak_status,
        ),
    ):
        box = QCheckBox(text)
        box.setChecked(value)
        box.setAccessibleName(text.replace("&", ""))
        setattr(owner, attr, box)
        form.addRow(box)
    owner.voice = QLineEdit(s.voice)
    owner.voice.setPlaceholderText(
        QCoreApplication.translate("SettingsDialog", "empty: a voice for the description language")
    )
    add_row(form, QCoreApplication.translate("SettingsDialog", "&Voice (name or id)"), owner.voice)
    owner.description_reader = QComboBox()
    for mode, text in (
        (
            "auto",
            QCoreApplication.translate(
                "SettingsDialog", "Automatic: the screen reader when one is running"
            ),
        ),
        ("voice", QCoreApplication.translate("SettingsDialog", "camdraw's voice")),
        ("screen_reader", QCoreApplication.translate("SettingsDialog", "The screen reader")),
        ("both", QCoreApplication.translate("SettingsDialog", "Both")),
    ):
        owner.description_reader.addItem(text, mode)
    owner.description_reader.setCurrentIndex(
        max(owner.description_reader.findData(s.description_reader), 0)
    )
    add_row(
        form,
        QCoreApplication.translate("SettingsDialog", "Who reads the &description"),
        owner.description_reader,
    )
    row = QHBoxLayout()
    owner.images_dir = QLineEdit(s.images_dir)
    owner.images_dir.setPlaceholderText(str(paths.default_images_dir()))
    owner.images_dir.setAccessibleName(
        QCoreApplication.translate("SettingsDialog", "Images folder")
    )
    owner.browse_button = QPushButton(QCoreApplication.translate("SettingsDialog", "&Browse…"))
    owner.browse_button.setAccessibleName(
        QCoreApplication.translate("SettingsDialog", "Browse for the images folder")
    )
    owner.browse_button.clicked.connect(owner._browse)
    row.addWidget(owner.images_dir)
    row.addWidget(owner.browse_button)
    form.addRow(QCoreApplication.translate("SettingsDialog", "&Images folder"), row)
    form.labelForField(row).setBuddy(owner.images_dir)  # type: ignore[union-attr]
    return page


def booth_tab(owner: Any, s: Settings) -> QWidget:
    page = QWidget()
    form = QFormLayout(page)
    owner.countdown = whole("countdown_s", s.countdown_s)
    owner.countdown.setSuffix(QCoreApplication.translate("SettingsDialog", " s"))
    owner.countdown.setSpecialValueText(
        QCoreApplication.translate("SettingsDialog", "no countdown")
    )
    add_row(
        form,
        QCoreApplication.translate("SettingsDialog", "&Countdown before the photo"),
        owner.countdown,
    )
    owner.return_after = whole("return_after_s", s.return_after_s)
    owner.return_after.setSuffix(QCoreApplication.translate("SettingsDialog", " s"))
    owner.return_after.setSpecialValueText(
        QCoreApplication.translate("SettingsDialog", "stay on the result")
    )
    add_row(
        form,
        QCoreApplication.translate("SettingsDialog", "&Return to the preview after"),
        owner.return_after,
    )
    text = QCoreApplication.translate(
        "SettingsDialog", "Say what the camera sees when the countdown starts (&framing help)"
    )
    owner.frame_before_countdown = QCheckBox(text)
    owner.frame_before_countdown.setChecked(s.frame_before_countdown)
    owner.frame_before_countdown.setAccessibleName(text.replace("&", ""))
    form.addRow(owner.frame_before_countdown)
    owner.ui_language = QComboBox()
    for text, code in (
        (QCoreApplication.translate("SettingsDialog", "System"), ""),
        ("Čeština", "cs"),
        ("English", "en"),
    ):
        owner.ui_language.addItem(text, code)
    owner.ui_language.setCurrentIndex(max(owner.ui_language.findData(s.ui_language), 0))
    owner.ui_language.setToolTip(
        QCoreApplication.translate("SettingsDialog", "Applies after a restart")
    )
    add_row(
        form,
        QCoreApplication.translate("SettingsDialog", "&Interface language (applies after restart)"),
        owner.ui_language,
    )
    return page


def limits_tab(owner: Any, s: Settings) -> QWidget:
    page = QWidget()
    form = QFormLayout(page)
    owner.moderation_model = combo(
        [models.DEFAULT_MODERATION_MODEL],
        s.moderation_model,
        empty_text=QCoreApplication.translate("SettingsDialog", "Off (no moderation check)"),
    )
    owner.moderation_model.lineEdit().setPlaceholderText(
        QCoreApplication.translate("SettingsDialog", "empty: no moderation check")
    )
    owner.moderation_model.setToolTip(
        QCoreApplication.translate(
            "SettingsDialog",
            "Descriptions are checked with this moderation model before they are painted",
        )
    )
    add_row(
        form,
        QCoreApplication.translate("SettingsDialog", "&Moderation model"),
        owner.moderation_model,
    )
    owner.cooldown = seconds("cooldown_s", s.cooldown_s)
    add_row(
        form, QCoreApplication.translate("SettingsDialog", "&Pause between photos"), owner.cooldown
    )
    owner.per_hour = whole("max_rounds_per_hour", s.max_rounds_per_hour)
    owner.per_hour.setSpecialValueText(QCoreApplication.translate("SettingsDialog", "no limit"))
    add_row(
        form,
        QCoreApplication.translate("SettingsDialog", "Photos per &hour, at most"),
        owner.per_hour,
    )
    owner.budget = decimal("daily_budget_usd", s.daily_budget_usd)
    owner.budget.setDecimals(2)
    owner.budget.setPrefix("$")
    owner.budget.setSpecialValueText(QCoreApplication.translate("SettingsDialog", "no budget"))
    add_row(form, QCoreApplication.translate("SettingsDialog", "Daily &budget (USD)"), owner.budget)
    owner.use_cache = QCheckBox(
        QCoreApplication.translate(
            "SettingsDialog", "Reuse the result for the same or a nearly identical photo"
        )
    )
    owner.use_cache.setChecked(s.use_cache)
    add_row(form, QCoreApplication.translate("SettingsDialog", "&Cache"), owner.use_cache)
    owner.cache_distance = whole("cache_distance", s.cache_distance)
    owner.cache_distance.setSpecialValueText(
        QCoreApplication.translate("SettingsDialog", "identical photos only")
    )
    owner.cache_distance.setToolTip(
        QCoreApplication.translate(
            "SettingsDialog",
            "How different (in bits of 64) a photo may be and still count as the same scene",
        )
    )
    add_row(
        form,
        QCoreApplication.translate("SettingsDialog", "&Similarity threshold"),
        owner.cache_distance,
    )
    return page
