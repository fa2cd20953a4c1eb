"""The main window: camera | photo | painting, the description under them, a status line.

Space, Enter or a click on the camera takes a photo (after a countdown when one is set).
Everything slow happens elsewhere: the camera on its QThread, the round on the round
controller's pool thread, speech on the speaker's thread. The window builds its children —
the round (``round_controller``), Space and Esc (``shutter``), the panes (``panes``), the
commands (``window_actions``), photobooth mode (``booth``), the service in use
(``service_state``), the gallery (``gallery_launcher``), questions about the photo
(``questions``), the spoken status (``status_voice``), framing help (``framing_help``), what
screen readers are told (``announcer``), the status bar (``status_bar``), Help
(``help_windows``), the settings it runs on (``settings_keeper``) — and wires them together in
``_connect_signals``. It holds no round state; none of them reaches back into it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices, QIcon
from PySide6.QtWidgets import QMainWindow

from camdraw.core import memory, paths
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from camdraw.core.speech.speaker import Speaker
from camdraw.core.store.record import RoundRecord
from camdraw.ui import i18n
from camdraw.ui.announcer import Announcer
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.booth import Photobooth
from camdraw.ui.camera_feed import CameraFeed
from camdraw.ui.connection_warmer import ConnectionWarmer
from camdraw.ui.description_reader import DescriptionReader, SpeechOutcome
from camdraw.ui.framing_help import FramingHelp
from camdraw.ui.gallery_launcher import GalleryLauncher
from camdraw.ui.help_windows import HelpWindows, close_if_open
from camdraw.ui.panes import PanesWidget
from camdraw.ui.privacy_notice import PrivacyNotice
from camdraw.ui.questions import Questions
from camdraw.ui.round_controller import RoundController
from camdraw.ui.round_keeping import RoundKeeping
from camdraw.ui.round_messages import RoundMessages
from camdraw.ui.round_text import BUSY_NOTE, Offer
from camdraw.ui.service_state import ServiceState, ServiceWatch
from camdraw.ui.settings_dialog import SettingsDialog
from camdraw.ui.settings_keeper import SettingsKeeper
from camdraw.ui.shutter import Shutter
from camdraw.ui.speech_bridge import SpeechBridge
from camdraw.ui.status_bar import WindowStatusBar
from camdraw.ui.status_voice import StatusVoice
from camdraw.ui.window_actions import WindowActions

log = logging.getLogger(__name__)

__all__ = ["BUSY_NOTE", "MainWindow"]  # BUSY_NOTE: tests compare the status bar to it


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: Settings,
        *,
        keys: KeyStore | None = None,
        speaker: Speaker | None = None,
        start_camera: bool = True,
        screen_reader_running: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__()
        memory.configure_allocator()  # keeps RSS flat over long sessions (core/memory.py)
        self.keys = keys or KeyStore()
        self.jobs = BackgroundJobs(self)
        self.keeper = SettingsKeeper(settings, self.jobs, self)
        self.speech_bridge = SpeechBridge(self)
        self.speaker = speaker or self.speech_bridge.create_speaker(
            settings.language, settings.voice
        )
        self.speaker.set_muted(settings.muted)
        voice_on = lambda: self.settings.speak_status and self.reader.voice_reads()  # noqa: E731
        self.status_voice = StatusVoice(self.speaker, voice_on, lambda: self.settings.language)
        # The keys, the clients, the round cache and the limits: what outlives a round.
        self.session = Session.standard(settings, self.keys, speaker=self.speaker)
        self.limits = self.session.limits
        self.jobs.run(self.limits.spent_today)  # reads the usage ledger off the GUI thread
        # The key, the clients, the imports and the connections, ready before the first press:
        # started once the preview shows (_connect_signals), off the GUI thread.
        self.warmer = ConnectionWarmer(self.session.warm, lambda: self.settings, self)
        self.rounds = RoundController(
            lambda: self.settings, self.session.pipeline, self.session.limits, self
        )
        self.service = ServiceWatch(self.keys, lambda: self.settings, self.jobs, self)

        self.panes = PanesWidget()
        self.setCentralWidget(self.panes)
        self.panes.preview.set_mirror(settings.mirror)
        self.panes.set_description_language(settings.language)
        self.status_bar = WindowStatusBar(self)
        self.setStatusBar(self.status_bar)
        self.step_label = self.status_bar.step_label
        self.mode_label = self.status_bar.mode_label
        self.commands = WindowActions(self, settings)
        self.commands.style_picker.fill(settings.style, settings.custom_styles, i18n.current())
        self.booth = Photobooth(
            self,
            self.panes.preview,
            admin=self.commands.admin,
            chrome=[self.menuBar(), self.commands.toolbar],
        )
        self.session.photobooth = lambda: self.booth.locked  # exact cache matches only
        self.gallery = GalleryLauncher(
            self,
            lambda: self.settings,
            style_name=self.rounds.style_name,
            locked=lambda: self.booth.locked,
            in_use=self.rounds.round_in_use,
            questions=lambda parent: self.questions.new_controller(parent),
        )
        self.round_keeping = RoundKeeping(  # privacy: delete rounds no longer wanted
            lambda: self.settings,
            self.jobs,
            in_use=self.rounds.round_in_use,
            shown=lambda: self.rounds.last_record,
            booth_locked=lambda: self.booth.locked,
            parent=self,
        )
        self.panes.set_tab_order(self.step_label)
        self.camera = CameraFeed(self.panes.preview, self)
        self.announcer = Announcer(self)
        self.privacy = PrivacyNotice(  # where photos go: asked once per server
            self, self.keeper, lambda: self.service.offline, self.announcer, self.status_bar
        )
        self.reader = DescriptionReader(
            lambda: self.settings, self.announcer, self.jobs, screen_reader_running, self
        )
        self.session.screen_reader_running = self.reader.running
        self.questions = Questions(  # questions about the photo, under the description
            lambda: self.settings,
            self.session.provider,
            self.limits,
            panes=self.panes,
            announcer=self.announcer,
            reader=self.reader,
            say=lambda text: self.speaker.say(text),
            parent=self,
        )
        self.questions.set_tab_order(self.panes.description, self.step_label)
        self.reader.refresh()
        self.speech_outcome = SpeechOutcome(self.panes.banner, self.announcer, self)
        self.framing = FramingHelp(
            self.camera.snapshot,
            lambda: self.settings,
            self.reader.reading,
            self.speaker,
            self.announcer,
            self,
        )
        self.help = HelpWindows(self, locked=lambda: self.booth.locked)
        self.shutter = Shutter(
            self, lambda: self.settings, rounds=self.rounds, booth=self.booth, camera=self.camera
        )
        self.round_messages = RoundMessages(
            self.panes.banner,
            {
                Offer.RETRY: self.rounds.retry,
                Offer.REGENERATE: self.rounds.regenerate,
                Offer.CHOOSE_FOLDER: self.shutter.save_kept_photo_elsewhere,
                Offer.SETTINGS: self.open_settings,
                Offer.RETRY_CAMERA: self.start_camera,
            },
            self,
        )

        self._show_title(offline=False)
        icon = paths.resource_path("camdraw.png")
        if icon is not None:
            self.setWindowIcon(QIcon(str(icon)))
        self._connect_signals()
        self._fit_to_screen(1400, 760)
        if start_camera:
            self.start_camera()
        self.service.check()
        self.round_keeping.start()

    @property
    def settings(self) -> Settings:
        """The settings the window runs on now."""
        return self.keeper.settings

    def _connect_signals(self) -> None:
        rounds, panes, booth, commands = self.rounds, self.panes, self.booth, self.commands
        keeper, shutter = self.keeper, self.shutter
        commands.connect(
            {
                "take": self._start_photo,
                "frame": self.framing.tell,
                "retry": rounds.retry,
                "cancel": shutter.cancel,
                "quit": self.close,
                "full_screen": booth.toggle_full_screen,
                "booth": self._enter_booth,
                "unlock": booth.unlock,
                "mirror": panes.preview.set_mirror,
                "likeness": keeper.set_likeness,
                "gallery": self.open_gallery,
                "speak": self.speak_again,
                "mute": self.speaker.set_muted,
                "folder": self.open_images_folder,
                "settings": self.open_settings,
                "shortcuts": self.help.show_shortcuts,
                "about": self.help.show_about,
            }
        )
        self.questions.connect_commands(commands)
        self.questions.connect_round(rounds)
        # The choices saved to the settings (after what they change now, above).
        commands.connect({"mirror": keeper.set_mirror, "mute": keeper.set_muted})
        commands.style_picker.style_chosen.connect(keeper.set_style)
        keeper.changed.connect(self.gallery.follow_settings)
        self.camera.picture_shown.connect(self.warmer.start)
        keeper.changed.connect(self.warmer.check)
        rounds.round_ended.connect(self.warmer.round_ended)
        keeper.save_failed.connect(self._settings_not_saved)
        panes.preview.clicked.connect(self._start_photo)
        shutter.cancel_available_changed.connect(commands["cancel"].setEnabled)

        # The round: what it shows, says and allows.
        rounds.photo_shown.connect(panes.show_photo)
        rounds.painting_shown.connect(panes.show_painting)
        rounds.painting_placeholder_changed.connect(panes.set_painting_placeholder)
        rounds.caption_changed.connect(panes.set_caption)
        rounds.description_changed.connect(panes.set_description)
        rounds.description_completed.connect(panes.set_scene)
        rounds.status_changed.connect(self.step_label.setText)
        rounds.step_progressed.connect(self.status_bar.show_step_clock)
        rounds.status_flashed.connect(self.step_label.flash)
        rounds.message_posted.connect(self.round_messages.show)
        rounds.message_cleared.connect(panes.banner.hide_message)
        rounds.retry_available_changed.connect(commands["retry"].setEnabled)
        rounds.cancel_available_changed.connect(shutter.update_cancel)
        rounds.busy_changed.connect(self._round_busy)
        rounds.images_folder_chosen.connect(keeper.set_images_dir)
        rounds.photo_taken.connect(self.status_voice.photo_taken)
        rounds.step_started.connect(self.status_voice.step_started)
        rounds.round_ended.connect(self.status_voice.round_ended)
        rounds.round_ended.connect(self._round_ended)

        # What a screen reader is told: the round's start, its description, its painting, and
        # every problem (the banner's messages and the status line's passing notes).
        announcer = self.announcer
        rounds.busy_changed.connect(announcer.busy_changed)
        rounds.description_completed.connect(self.reader.description_completed)
        rounds.busy_changed.connect(self.speech_outcome.busy_changed)
        self.speech_bridge.text_spoken.connect(self.speech_outcome.spoken)
        rounds.round_ended.connect(announcer.round_ended)
        panes.banner.message_shown.connect(announcer.message_shown)
        self.step_label.flashed.connect(announcer.problem)
        self.camera.lost.connect(announcer.camera_lost)
        self.camera.opened.connect(announcer.camera_opened)

        # Photobooth: the countdown, the lock, the return to the preview.
        booth.photo_due.connect(shutter.take_photo)
        booth.countdown.finished.connect(shutter.update_cancel)
        booth.countdown.cancelled.connect(shutter.update_cancel)
        booth.status_changed.connect(self.step_label.setText)
        booth.lock_changed.connect(commands["unlock"].setEnabled)
        booth.lock_changed.connect(self._booth_locked)
        booth.return_due.connect(self.return_to_preview)
        # Framing help (F, and as a countdown starts when the setting says so).
        booth.countdown.started.connect(self.framing.countdown_started)
        self.framing.told.connect(self.step_label.setText)
        self.framing.refused.connect(self._speech_notice)  # a passing note, announced

        # The gallery's requests run through the window's speaker and rounds.
        self.gallery.speak_requested.connect(self._speak_text)
        self.gallery.retry_requested.connect(rounds.retry_round)
        self.gallery.repaint_requested.connect(rounds.repaint_round)
        self.gallery.round_deleted.connect(rounds.round_deleted)
        self.round_keeping.rounds_deleted.connect(self._rounds_deleted)
        rounds.round_ended.connect(self.privacy.show_round)
        self.gallery.answer_said.connect(self.questions.read)

        self.camera.opened.connect(self._camera_opened)
        self.camera.lost.connect(self._camera_lost)
        self.service.changed.connect(self._show_service_state)
        self.speech_bridge.notice_posted.connect(self._speech_notice)
        self.speech_bridge.error_posted.connect(self._speech_notice)  # and the banner: outcome

    def _fit_to_screen(self, width: int, height: int) -> None:
        """The preferred size, or nine tenths of the screen when that is smaller (200 %
        scaling on a laptop screen)."""
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)

    def _show_title(self, offline: bool) -> None:
        self.setWindowTitle(self.tr("camdraw — offline demo") if offline else "camdraw")

    # -- camera ------------------------------------------------------------------------------

    @Slot()
    def start_camera(self) -> None:
        self.camera.start(self.settings.camera)

    @Slot(str)
    def _camera_opened(self, label: str) -> None:
        self.panes.banner.hide_message("camera")
        if not self.rounds.busy:
            self.step_label.setText(
                self.tr("Camera: {label}. Press Space to take a photo.").format(label=label)
            )

    @Slot(str)
    def _camera_lost(self, message: str) -> None:
        """No camera picture; Retry tries at once (a reconnecting thread also keeps trying)."""
        self.panes.banner.show_message(
            "camera", message, self.tr("Retry camera"), self.start_camera
        )
        if not self.rounds.busy:
            self.step_label.setText(self.tr("No camera picture: see the message above."))

    # -- the round -----------------------------------------------------------------------------

    @Slot()
    def take_photo(self) -> None:
        """The camera's picture, now (the self-test and the benchmark press no key)."""
        self.shutter.take_photo()

    @Slot(bool)
    def _round_busy(self, busy: bool) -> None:
        if busy:
            self.booth.cancel_return()  # a new round keeps its result on screen

    @Slot(object)
    def _round_ended(self, record: RoundRecord | None) -> None:
        if record is not None:
            self.booth.schedule_return(self.settings.return_after_s)
        self.round_keeping.round_shown(record)
        self.round_keeping.delete_visitor_rounds()  # the previous visitor's, now off screen
        self.gallery.refresh_if_open()

    @Slot()
    def _start_photo(self) -> None:
        """Space or a click on the preview: once the servers are confirmed (not in a locked
        photobooth, which opens no dialog: it was asked when the booth was entered)."""
        if self.booth.locked or self.privacy.confirm_before_sending():
            self.shutter.start_photo()

    @Slot()
    def _enter_booth(self) -> None:
        if self.booth.locked or not self.privacy.confirm_before_sending():
            return
        self.booth.enter()
        self._tell_visitors()

    def _tell_visitors(self) -> None:
        """The photobooth's ready line, with where the photo goes (Settings → Privacy)."""
        line = self.privacy.visitor_line()
        if self.booth.locked and line:
            text = f"{self.step_label.text()} {line}"
            self.step_label.setText(text)
            self.announcer.announce(text)

    @Slot(list)
    def _rounds_deleted(self, sidecars: list[str]) -> None:
        for sidecar in sidecars:
            self.rounds.round_deleted(sidecar)
        self.gallery.refresh_if_open()

    @Slot()
    def return_to_preview(self) -> None:
        """Photobooth: clear the last result so the live preview is all there is to see."""
        if self.rounds.busy:
            return
        # Off the screen and out of reach: the next guest cannot retry, regenerate or hear
        # the previous guest's round.
        self.rounds.forget_result()
        self.round_keeping.delete_visitor_rounds()
        self.privacy.show_round(None)
        self.step_label.setText(self.tr("Ready. Press Space to take a photo."))
        self._tell_visitors()

    # -- speech, mirror, style, folders, settings ----------------------------------------------

    @Slot()
    def speak_again(self) -> None:
        # The description itself, not whatever status word was said last.
        description = self.rounds.last_description
        if description.strip():
            self.speaker.say(description)
        elif self.rounds.result_cleared or not self.speaker.repeat():
            self.step_label.flash(self.tr("Nothing to read aloud yet."), 3000)

    @Slot(str)
    def _speak_text(self, text: str) -> None:
        self.speaker.say(text)

    @Slot(str)
    def _speech_notice(self, text: str) -> None:
        self.step_label.flash(text, 10000)

    @Slot()
    def open_images_folder(self) -> None:
        if self.booth.locked:
            return
        folder = self.settings.images_path()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @Slot()
    def open_settings(self) -> None:
        if self.booth.locked:
            return
        dialog = SettingsDialog(self.settings, self.keys, self)
        dialog.key_changed.connect(self.service.check)
        dialog.key_changed.connect(self.warmer.key_changed)
        if dialog.exec() and dialog.result_settings() is not None:
            self.apply_settings(dialog.result_settings())

    def apply_settings(self, new: Settings) -> None:
        old = self.settings
        self.keeper.replace(new)  # saved whole; the gallery follows a new folder or styles
        self.panes.preview.set_mirror(new.mirror)
        self.panes.set_description_language(new.language)
        self.questions.apply(new)
        self.commands.show_settings(new)
        self.commands.style_picker.fill(new.style, new.custom_styles, i18n.current())
        self.speaker.set_muted(new.muted)
        self.reader.refresh()
        if (new.language, new.voice) != (old.language, old.voice):
            self.speaker.set_language(new.language, new.voice)
        if new.camera != old.camera:
            self.start_camera()
        self.session.apply(new)
        self.service.check()
        if (new.keep_days, new.images_dir) != (old.keep_days, old.images_dir):
            self.round_keeping.clean_up()

    @Slot(str)
    def _settings_not_saved(self, error: str) -> None:
        self.panes.banner.show_message("settings", error)

    @Slot(object)
    def _show_service_state(self, state: ServiceState) -> None:
        self._show_title(state.offline)
        self.status_bar.show_offline(state.offline)
        self.service.show_notes(self.panes.banner, state, add_key=self.open_settings)

    # -- photobooth, gallery, help -------------------------------------------------------------

    @Slot(bool)
    def _booth_locked(self, locked: bool) -> None:
        if not locked:
            return
        # Nothing the operator left open stays usable for the guests: the gallery (delete,
        # show in folder) and Help (it names the unlock key) close.
        close_if_open(self.gallery.dialog)
        self.help.close()
        self.panes.preview.setFocus()

    @Slot()
    def open_gallery(self) -> None:
        if not self.booth.locked:
            self.gallery.open()

    # -- shutting down -----------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop every thread this window started and wait for them (idempotent)."""
        self.booth.shutdown()
        self.gallery.shutdown()
        self.camera.stop()
        self.questions.shutdown()
        self.framing.shutdown()
        self.rounds.shutdown()
        self.round_keeping.stop()
        self.warmer.stop()
        self.jobs.wait()
        self.speaker.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.booth.locked:
            # Photobooth: only the unlock shortcut leaves (Alt+F4 and Ctrl+Q do nothing).
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)
