"""The window's gallery: one ``GalleryDialog``, made on first use, kept in step with the images
folder and the styles, and its requests passed on as this object's signals (so the window
connects them once, whichever dialog is current)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from camdraw.core.settings import Settings
from camdraw.ui import i18n


class GalleryLauncher(QObject):
    speak_requested = Signal(str)  # a description to read aloud
    retry_requested = Signal(str)  # a round's sidecar path
    repaint_requested = Signal(str, str)  # a round's sidecar path, the style id
    round_deleted = Signal(str)  # the sidecar path of a round whose files were removed
    answer_said = Signal(str, bool)  # a question's answer or problem, to read or announce

    def __init__(
        self,
        window: QWidget,
        settings: Callable[[], Settings],
        *,
        style_name: Callable[[str], str],
        locked: Callable[[], bool],
        in_use: Callable[[Path], bool],
        questions: Callable[[QObject], Any] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._style_name = style_name
        self._locked = locked
        self._in_use = in_use
        self._questions = questions  # makes a gallery's QuestionController
        self._dialog: Any = None  # the GalleryDialog, made on first use
        self._made_for: tuple[Any, ...] | None = None

    @property
    def dialog(self) -> Any:
        """The GalleryDialog (None until first opened, and after its folder changed)."""
        return self._dialog

    def open(self) -> None:
        if self._dialog is None:
            from camdraw.ui.gallery import GalleryDialog  # Qt widgets only needed on first use

            settings = self._settings()
            dialog = GalleryDialog(
                settings.images_path(),
                language=i18n.current(),
                custom_styles=settings.custom_styles,
                style_name=self._style_name,
                parent=self._window,
                locked=self._locked,
                in_use=self._in_use,
                questions=self._questions,
            )
            dialog.round_deleted.connect(self.round_deleted)
            dialog.speak_requested.connect(self.speak_requested)
            dialog.retry_requested.connect(self.retry_requested)
            dialog.repaint_requested.connect(self.repaint_requested)
            dialog.answer_said.connect(self.answer_said)
            self._dialog = dialog
            self._made_for = self._made_for_now()
        else:
            self._dialog.refresh()
        self._dialog.show()
        self._dialog.activateWindow()

    def refresh_if_open(self) -> None:
        """After a round: an open gallery lists it (a hidden one is refreshed when opened)."""
        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.refresh()

    def follow_settings(self) -> None:
        """After the images folder or the styles changed: a gallery made for the old ones is
        dropped (its workers stopped) and, if it was open, made anew. (The interface language
        changes only at the next start.)"""
        dialog = self._dialog
        if dialog is None or self._made_for == self._made_for_now():
            return
        was_open = dialog.isVisible()
        dialog.shutdown()
        dialog.hide()
        dialog.deleteLater()
        self._dialog = None
        self._made_for = None
        if was_open:
            self.open()

    def shutdown(self) -> None:
        if self._dialog is not None:
            self._dialog.shutdown()

    def _made_for_now(self) -> tuple[Any, ...]:
        settings = self._settings()
        return (settings.images_path(), list(settings.custom_styles))
