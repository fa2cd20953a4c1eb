"""Where photos go, in the window: the notice before a photo first goes to a server (and again
when the server changes), the photobooth's line for visitors, and the status bar's note of
where the round on show was described and painted.

The words come from ``core.providers.destinations`` (translated there); this module shows
them, tells the screen reader (``Announcer``), and remembers the servers confirmed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QLabel, QMessageBox, QStatusBar, QWidget

from camdraw.core.providers import destinations
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord, Step, StepState
from camdraw.ui.announcer import Announcer
from camdraw.ui.settings_keeper import SettingsKeeper


class PrivacyNotice(QObject):
    def __init__(
        self,
        window: QWidget,
        keeper: SettingsKeeper,
        offline: Callable[[], bool],
        announcer: Announcer,
        status_bar: QStatusBar,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._keeper = keeper
        self._offline = offline
        self._announcer = announcer
        # Replaceable in tests: shows the notice, True when the user goes on.
        self.ask: Callable[[str], bool] = self._ask
        self.where_label = QLabel()
        self.where_label.setAccessibleName(self.tr("Where the round was made"))
        status_bar.addPermanentWidget(self.where_label)
        self.where_label.hide()

    def _settings(self) -> Settings:
        return self._keeper.settings

    def confirm_before_sending(self) -> bool:
        """True when the next round may go ahead: its servers were confirmed before, or now.
        Nothing to confirm for a server on this computer or the offline demo."""
        s = self._settings()
        offline = self._offline()
        places = destinations.unconfirmed(s, offline)
        if not places:
            return True
        text = destinations.notice(s, offline)
        self._announcer.announce(text)
        if not self.ask(text):
            return False
        self._keeper.update(confirmed_servers=destinations.with_confirmed(s, places))
        return True

    def visitor_line(self) -> str:
        """The photobooth's line for visitors ("" when the setting is off)."""
        s = self._settings()
        return destinations.visitor_notice(s, self._offline()) if s.booth_notice else ""

    @Slot(object)
    def show_round(self, record: RoundRecord | None) -> None:
        """Where the round on show was described and painted (nothing for none)."""
        text = (
            destinations.places_line(
                record.privacy,
                described_ok=record.steps.get(Step.DESCRIBE) == StepState.DONE,
                painted_ok=record.steps.get(Step.PAINT) == StepState.DONE,
            )
            if record is not None
            else ""
        )
        self.where_label.setText(text)
        self.where_label.setAccessibleDescription(text)
        self.where_label.setVisible(bool(text))

    def _ask(self, text: str) -> bool:
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Where your photos go"))
        box.setText(self.tr("Before the first photo goes to this server:"))
        box.setInformativeText(text)
        send = box.addButton(self.tr("&Send photos"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(send)
        box.exec()
        return box.clickedButton() is send
