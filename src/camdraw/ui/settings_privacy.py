"""The settings dialog's Privacy tab: blurring faces, how long rounds are kept, the booth's
notice to visitors and deleting their rounds. Each choice says plainly what it costs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QWidget

from camdraw.core.settings import Settings
from camdraw.ui import settings_forms as forms


def _check(text: str, checked: bool) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(checked)
    box.setAccessibleName(text.replace("&", ""))
    return box


def _note(text: str, box: QCheckBox) -> QLabel:
    """A sentence under a check box saying what it does; the box's description too."""
    label = QLabel(text)
    label.setWordWrap(True)
    box.setAccessibleDescription(text)
    return label


def privacy_tab(owner: Any, s: Settings) -> QWidget:
    page = QWidget()
    form = QFormLayout(page)
    owner.blur_faces = _check(
        QCoreApplication.translate("SettingsPrivacy", "&Blur faces in the photos that are sent"),
        s.blur_faces,
    )
    form.addRow(owner.blur_faces)
    form.addRow(
        _note(
            QCoreApplication.translate(
                "SettingsPrivacy",
                "Faces are blurred in the picture sent to the describing server; the photo "
                "kept on this computer stays as taken. Descriptions of people become vaguer, "
                "and in likeness mode the painting starts from the blurred photo too.",
            ),
            owner.blur_faces,
        )
    )
    owner.keep_days = forms.whole("keep_days", s.keep_days)
    owner.keep_days.setSuffix(QCoreApplication.translate("SettingsPrivacy", " days"))
    owner.keep_days.setSpecialValueText(
        QCoreApplication.translate("SettingsPrivacy", "keep for ever")
    )
    owner.keep_days.setToolTip(
        QCoreApplication.translate(
            "SettingsPrivacy",
            "Older rounds (photo, painting, record, narration) are deleted when camdraw starts "
            "and once a day",
        )
    )
    forms.add_row(
        form,
        QCoreApplication.translate("SettingsPrivacy", "&Delete rounds older than"),
        owner.keep_days,
    )
    owner.booth_notice = _check(
        QCoreApplication.translate(
            "SettingsPrivacy",
            "Photobooth: tell each &visitor where the photo goes before the countdown",
        ),
        s.booth_notice,
    )
    form.addRow(owner.booth_notice)
    owner.booth_delete_rounds = _check(
        QCoreApplication.translate(
            "SettingsPrivacy", "Photobooth: d&elete each visitor's round after it has been shown"
        ),
        s.booth_delete_rounds,
    )
    form.addRow(owner.booth_delete_rounds)
    owner.booth_delete_after = forms.whole("booth_delete_after_min", s.booth_delete_after_min)
    owner.booth_delete_after.setSuffix(QCoreApplication.translate("SettingsPrivacy", " min"))
    owner.booth_delete_after.setSpecialValueText(
        QCoreApplication.translate("SettingsPrivacy", "on return to the preview")
    )
    forms.add_row(
        form,
        QCoreApplication.translate("SettingsPrivacy", "Delete the visitor's round &after"),
        owner.booth_delete_after,
    )
    return page


def edited(owner: Any) -> dict[str, Any]:
    """The tab's values, as settings fields."""
    return {
        "blur_faces": owner.blur_faces.isChecked(),
        "keep_days": owner.keep_days.value(),
        "booth_notice": owner.booth_notice.isChecked(),
        "booth_delete_rounds": owner.booth_delete_rounds.isChecked(),
        "booth_delete_after_min": owner.booth_delete_after.value(),
    }
