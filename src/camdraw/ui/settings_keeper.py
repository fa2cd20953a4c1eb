"""The settings the window runs on, and saving them off the GUI thread.

``SettingsKeeper`` holds the current ``Settings``. A toolbar or menu choice (mute, mirror,
style, likeness, the images folder chosen for a kept photo) saves just that choice with
``settings.save_changes``: options given on the command line for this run (a test video as
the camera, say) must not end up in the settings file, and a settings file that cannot be read
is not overwritten. The settings dialog's result is saved whole with ``settings.save``. Every
change is told by ``changed``; a file that could not be written by ``save_failed``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from camdraw.core import settings as settings_mod
from camdraw.core.settings import Settings
from camdraw.ui.background import BackgroundJobs


class SettingsKeeper(QObject):
    changed = Signal(object)  # the new Settings
    save_failed = Signal(str)  # why the settings file could not be written

    def __init__(
        self, settings: Settings, jobs: BackgroundJobs, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._jobs = jobs

    @property
    def settings(self) -> Settings:
        return self._settings

    @Slot(bool)
    def set_muted(self, muted: bool) -> None:
        self.update(muted=muted)

    @Slot(bool)
    def set_mirror(self, mirror: bool) -> None:
        self.update(mirror=mirror)

    @Slot(str)
    def set_style(self, style: str) -> None:
        self.update(style=style)

    @Slot(bool)
    def set_likeness(self, likeness: bool) -> None:
        self.update(likeness=likeness)

    @Slot(str)
    def set_images_dir(self, folder: str) -> None:
        self.update(images_dir=folder)

    def update(self, **changes: object) -> None:
        """Apply ``changes`` and save just them."""
        self._settings = self._settings.replace(**changes)
        self.changed.emit(self._settings)
        self._jobs.run(lambda: settings_mod.save_changes(changes), on_error=self._not_saved)

    def replace(self, settings: Settings) -> None:
        """Run on ``settings`` (the settings dialog's) and save them whole."""
        self._settings = settings
        self.changed.emit(settings)
        self._jobs.run(lambda: settings_mod.save(settings), on_error=self._not_saved)

    def _not_saved(self, error: Exception) -> None:
        self.save_failed.emit(str(error))
