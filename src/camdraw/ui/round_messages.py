"""The round's messages on the banner, each with the button its ``Offer`` asks for: the label
is this module's (translation context "MainWindow"), what the button does is handed in."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Slot

from camdraw.ui.banner import Banner
from camdraw.ui.round_text import Offer, RoundMessage

OFFER_LABELS = {
    Offer.RETRY: QT_TRANSLATE_NOOP("MainWindow", "Retry"),
    Offer.REGENERATE: QT_TRANSLATE_NOOP("MainWindow", "Regenerate anyway"),
    Offer.CHOOSE_FOLDER: QT_TRANSLATE_NOOP("MainWindow", "Choose another folder…"),
    Offer.SETTINGS: QT_TRANSLATE_NOOP("MainWindow", "Settings"),
    Offer.RETRY_CAMERA: QT_TRANSLATE_NOOP("MainWindow", "Retry camera"),
}


class RoundMessages(QObject):
    def __init__(
        self,
        banner: Banner,
        offers: Mapping[Offer, Callable[[], object]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._banner = banner
        self._offers = dict(offers)

    @Slot(object)
    def show(self, message: RoundMessage) -> None:
        if message.offer is None:
            self._banner.show_message(message.topic, message.text, alert=message.alert)
            return
        label = QCoreApplication.translate("MainWindow", OFFER_LABELS[message.offer])
        self._banner.show_message(
            message.topic, message.text, label, self._offers[message.offer], alert=message.alert
        )
