"""The history gallery: every past round in the images folder, and what can be done with one.

The dialog shows at once and fills while it is open: the folder scan runs on a worker thread
and delivers rounds in batches of 100, and thumbnails are made (or read from the cache) on
worker threads only for the rows the grid actually paints. Opening a round (Enter or a
double-click) shows the photo and painting, loaded off the GUI thread too. The dialog does not
run rounds itself: it asks the main window through its signals. The window also says whether
its photobooth is locked (no deleting, no file manager for guests) and which rounds its running
round uses (those cannot be deleted).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QDesktopServices, QImage, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from camdraw.core import imaging
from camdraw.core.store import gallery
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.gallery import GalleryEntry
from camdraw.core.store.thumbnails import ThumbnailCache
from camdraw.ui import gallery_round, question_panel, style_picker
from camdraw.ui.gallery_grid import RoundGrid
from camdraw.ui.gallery_jobs import GalleryWorkers
from camdraw.ui.gallery_model import GalleryModel
from camdraw.ui.gallery_questions import GalleryQuestions
from camdraw.ui.gallery_round import RoundView
from camdraw.ui.inner_names import name_inner_parts
from camdraw.ui.mnemonics import mnemonic_row
from camdraw.ui.question_controller import QuestionController
from camdraw.ui.shown_label import ShownTextLabel

# The list's controls with their mnemonics, and its other keys: the dialog binds these and Help
# lists them (``key_rows``).
TEXTS: dict[str, str] = {
    "rounds": QT_TRANSLATE_NOOP("GalleryDialog", "&Rounds:"),
    "reload": QT_TRANSLATE_NOOP("GalleryDialog", "Re&load"),
    "close": QT_TRANSLATE_NOOP("GalleryDialog", "&Close"),
}
RELOAD_KEY = QKeySequence.StandardKey.Refresh
OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # the grid's activation (QAbstractItemView)
BACK_KEY = Qt.Key.Key_Escape  # QDialog's reject: back to the list, then close


def control_text(name: str) -> str:
    return QCoreApplication.translate("GalleryDialog", TEXTS[name])


def key_rows() -> list[tuple[str, str, str]]:
    """(keys, what they do, where) for every key of the gallery, for Help."""

    def native(*keys: QKeySequence) -> str:
        return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)

    listed = QCoreApplication.translate("GalleryDialog", "Gallery")
    one_round = QCoreApplication.translate("GalleryDialog", "Gallery, one round")
    rows = [
        (
            native(*(QKeySequence(k) for k in OPEN_KEYS)),
            QCoreApplication.translate("GalleryDialog", "Open the round"),
            listed,
        ),
        (
            native(QKeySequence(BACK_KEY)),
            QCoreApplication.translate("GalleryDialog", "Close the gallery"),
            listed,
        ),
        (
            native(QKeySequence(RELOAD_KEY)),
            QCoreApplication.translate("GalleryDialog", "Reload the gallery"),
            listed,
        ),
    ]
    rows += [mnemonic_row(control_text(n), listed, goes_to=n == "rounds") for n in TEXTS]
    rows.append(
        (
            native(QKeySequence(BACK_KEY)),
            QCoreApplication.translate("GalleryDialog", "Back to all rounds"),
            one_round,
        )
    )
    rows += [
        mnemonic_row(
            gallery_round.control_text(n), one_round, goes_to=n in ("description", "style")
        )
        for n in gallery_round.TEXTS
    ]
    rows += [
        mnemonic_row(question_panel.control_text(n), one_round, goes_to=True)
        for n in question_panel.TEXTS
    ]
    return rows


class GalleryDialog(QDialog):
    """Past rounds as a grid of thumbnails; non-modal, filled by worker threads."""

    speak_requested = Signal(str)  # the description to read aloud
    retry_requested = Signal(str)  # the round's sidecar path
    repaint_requested = Signal(str, str)  # the round's sidecar path, the style id
    round_deleted = Signal(str)  # the sidecar path of a round whose files were removed
    loaded = Signal(int)  # the scan finished; how many rounds are listed
    answer_said = Signal(str, bool)  # a question's answer or problem, to read or announce

    def __init__(
        self,
        images_dir: Path,
        *,
        language: str = "en",
        custom_styles: list[dict[str, str]] | None = None,
        style_name: Callable[[str], str] | None = None,
        parent: QWidget | None = None,
        thumbnails: ThumbnailCache | None = None,
        locked: Callable[[], bool] = lambda: False,
        in_use: Callable[[Path], bool] = lambda sidecar: False,
        questions: Callable[[QObject], QuestionController] | None = None,
    ) -> None:
        super().__init__(parent)
        self.locked = locked
        self.in_use = in_use
        self.images_dir = Path(images_dir)
        self.language = language
        self.custom_styles = list(custom_styles or [])
        # A style id as people read it: the window's own words when it made this dialog.
        self._named_style = style_name or (
            lambda style_id: style_picker.style_name(style_id, self.custom_styles, self.language)
        )
        self.thumbnails = thumbnails if thumbnails is not None else ThumbnailCache()
        # Replaceable for tests: ask before deleting, and open a folder in the file manager.
        self.confirm: Callable[[str], bool] = self._ask
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self.workers = GalleryWorkers(self)
        self._generation = 0
        self._loading = False
        self._stopped = False
        self._deleting: set[Path] = set()
        self._gone: set[Path] = set()  # deleted since the scan running now was started
        self._reselect: Path | None = None

        self.setWindowTitle(self.tr("Gallery"))
        self.setAccessibleName(self.tr("Gallery"))
        self.setModal(False)
        self.setSizeGripEnabled(True)

        self.status = ShownTextLabel(self.tr("Gallery status"), parent=self)
        self.status.setWordWrap(True)

        self.model = GalleryModel(self._request_thumbnail, self, style_name=self._style_name)
        em = self.fontMetrics().height()  # the dialog's, so the grid keeps the window's sizes
        self.view = RoundGrid(self.model, em, self)
        self.view.setAccessibleName(self.tr("Past rounds"))
        self.view.setAccessibleDescription(self.tr("Press Enter to open a round."))
        self.view.activated.connect(self._open_index)
        list_label = QLabel(control_text("rounds"), self)
        list_label.setBuddy(self.view)

        self.reload_button = QPushButton(control_text("reload"), self)
        self.reload_button.setAccessibleName(self.tr("Reload the gallery"))
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(self.refresh)
        self.close_button = QPushButton(control_text("close"), self)
        self.close_button.setAccessibleName(self.tr("Close the gallery"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        reload_shortcut = QShortcut(QKeySequence(RELOAD_KEY), self)
        reload_shortcut.activated.connect(self.refresh)

        self.round_view = RoundView(
            language=language, custom_styles=custom_styles or [], parent=self
        )
        self.round_view.speak_clicked.connect(self._speak)
        self.round_view.retry_clicked.connect(self._retry)
        self.round_view.repaint_clicked.connect(self._repaint)
        self.round_view.show_folder_clicked.connect(self._show_folder)
        self.round_view.delete_clicked.connect(self._delete)
        self.round_view.back_clicked.connect(self.show_list)
        # A past round's conversation, continued (``questions`` makes the controller).
        self.questions = GalleryQuestions(
            self.round_view.questions,
            questions(self) if questions is not None else None,
            self.workers,
            self,
        )
        self.questions.said.connect(self.answer_said)
        self.questions.problem_shown.connect(self.round_view.set_message)
        self.round_view.questions.field.left.connect(self.round_view.description.setFocus)

        list_page = QWidget(self)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(list_label)
        list_layout.addWidget(self.view, 1)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(list_page)
        self.pages.addWidget(self.round_view)

        buttons = QHBoxLayout()
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.view, self.reload_button)
        QWidget.setTabOrder(self.reload_button, self.close_button)
        self.resize(em * 48, em * 36)
        name_inner_parts(self)

        self.refresh()

    # -- public --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the folder again (e.g. after a new round); the list refills as rounds arrive."""
        self._stopped = False
        self._generation += 1
        self._loading = True
        # A round open in the round page stays open; the selected row is selected again.
        current = self.model.entry(self.view.currentIndex().row())
        self._reselect = current.sidecar if current is not None else None
        self.model.clear()
        self._gone.clear()  # files deleted before this scan starts cannot be in it
        self.status.setText(self.tr("Loading rounds…"))
        self.workers.scan(
            self.images_dir, self._generation, self._counted, self._batch, self._scanned
        )

    def shutdown(self) -> None:
        """Stop the workers and wait for them (closing the dialog does this too)."""
        self._stopped = True
        self._loading = False
        self.workers.shutdown()  # a delete already asked for still runs to its end
        self.questions.shutdown()
        self._deleting.clear()

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def worker_threads(self) -> set[tuple[str, int]]:
        """(job kind, thread ident) of the jobs run so far: the test seam for threading."""
        return set(self.workers.threads)  # a copy: jobs may still be adding to it

    def visible_rows(self) -> list[int]:
        """The rows the grid shows right now (wholly or in part)."""
        return self.view.visible_rows()

    def screen_ready(self) -> bool:
        """Every row on screen shows its thumbnail (or the sign that it has no picture)."""
        return self.view.screen_ready()

    def current_entry(self) -> GalleryEntry | None:
        """The round being shown, or None while the list is shown."""
        return self.round_view.entry if self.pages.currentWidget() is self.round_view else None

    def open_round(self, row: int) -> None:
        entry = self.model.entry(row)
        if entry is None:
            return
        heading = f"{self.model.date_text(entry)} · {self.model.caption(entry)}"
        self.round_view.show_entry(entry, heading, self.model.status_text(entry))
        self.pages.setCurrentWidget(self.round_view)
        self.round_view.heading.setFocus(Qt.FocusReason.OtherFocusReason)
        self.questions.open(entry)
        self.workers.call(
            "pictures",
            lambda: (imaging.read_picture(entry.photo), imaging.read_picture(entry.painting)),
            lambda pair, e=entry: self._pictures_loaded(e, pair),
        )

    def show_list(self) -> None:
        came_back = self.pages.currentWidget() is self.round_view
        self.pages.setCurrentIndex(0)
        self.round_view.entry = None
        self.questions.close()
        if came_back:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- Qt ------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if self._stopped:  # closed before and opened again: read what changed meanwhile
            self.refresh()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing from a round closes the dialog (reject() alone would only go back to the
        # list and leave it open with its workers stopped).
        self.show_list()
        super().closeEvent(event)
        if event.isAccepted():
            self.shutdown()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def reject(self) -> None:
        if self.pages.currentWidget() is self.round_view:
            self.show_list()  # Esc in a round goes back to the list, a second Esc closes
            return
        super().reject()

    # -- scan ----------------------------------------------------------------------------------

    def _counted(self, generation: int, count: int) -> None:
        if generation == self._generation and not self._stopped and self._loading and count:
            self.status.setText(self.tr("Loading %Ln round(s)…", "", count))

    def _batch(self, generation: int, batch: object) -> None:
        if generation == self._generation and not self._stopped:
            assert isinstance(batch, list)
            # A scan that read the folder before a delete finished must not bring it back.
            batch = [e for e in batch if e.sidecar not in self._deleting | self._gone]
            self.model.add(batch)
            reselect = self._reselect
            if reselect is not None and any(e.sidecar == reselect for e in batch):
                self._reselect = None
                index = self.model.index(self.model.row_of(reselect))
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
            elif self.model.rowCount() and not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.model.index(0))

    def _scanned(self, generation: int) -> None:
        if generation != self._generation or self._stopped:
            return
        self._loading = False
        self._show_count()
        self.loaded.emit(self.model.rowCount())

    def _show_count(self) -> None:
        count = self.model.rowCount()
        if count:
            self.status.setText(self.tr("%Ln round(s)", "", count))
        else:
            self.status.setText(self.tr("No rounds yet"))

    # -- thumbnails ----------------------------------------------------------------------------

    def _style_name(self, style_id: str) -> str:
        return self._named_style(style_id) or style_id  # a style no longer there: its id

    def _request_thumbnail(self, picture: Path) -> None:
        if not self._stopped:
            self.workers.thumbnail(picture, self.thumbnails, self._thumbnail_ready)

    def _thumbnail_ready(self, key: str, image: QImage) -> None:
        if not self._stopped:
            self.model.set_thumbnail(key, image)

    # -- one round -----------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        self.open_round(index.row())

    def _pictures_loaded(self, entry: GalleryEntry, pair: object) -> None:
        if self._stopped or self.round_view.entry is not entry:
            return  # another round was opened meanwhile
        assert isinstance(pair, tuple)
        self.round_view.set_pictures(*pair)

    def _speak(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.description:
            self.speak_requested.emit(entry.description)

    def _retry(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.failed:
            self.retry_requested.emit(str(entry.sidecar))

    def _repaint(self, style_id: str) -> None:
        entry = self.current_entry()
        if entry is not None and style_id:
            self.repaint_requested.emit(str(entry.sidecar), style_id)

    def _show_folder(self) -> None:
        if self.locked():
            return  # a locked photobooth opens no file manager for its guests
        entry = self.current_entry()
        folder = entry.sidecar.parent if entry is not None else self.images_dir
        self.open_url(QUrl.fromLocalFile(str(folder)))

    def _delete(self) -> None:
        entry = self.current_entry()
        if entry is None or entry.sidecar in self._deleting or self.locked():
            return
        if self.in_use(entry.sidecar):
            self.round_view.set_message(
                self.tr("The main window is working on this round: delete it when it is done.")
            )
            return
        question = self.tr(
            "Delete the round from {date}? Its photo, painting, description and recording "
            "will be removed from the images folder."
        ).format(date=self.model.date_text(entry))
        if not self.confirm(question):
            return
        self._deleting.add(entry.sidecar)
        self.round_view.delete_button.setEnabled(False)
        self.workers.call(
            "delete",
            # The round cache forgets it too: no later round is answered from a deleted one.
            lambda: gallery.delete_round(entry, self.thumbnails, RoundCache()),
            lambda _removed, e=entry: self._deleted(e),
            lambda error, e=entry: self._delete_failed(e, error),
            keep=True,  # the user asked for it: closing the gallery does not drop it
        )

    def _deleted(self, entry: GalleryEntry) -> None:
        self._deleting.discard(entry.sidecar)
        self._gone.add(entry.sidecar)
        self.round_deleted.emit(str(entry.sidecar))  # the window forgets it, gallery open or not
        if self._stopped:
            return
        if self.round_view.entry is entry:
            self.show_list()
        self.model.remove(entry.sidecar)
        if not self._loading:
            self._show_count()

    def _delete_failed(self, entry: GalleryEntry, error: Exception) -> None:
        self._deleting.discard(entry.sidecar)
        if self._stopped or self.round_view.entry is not entry:
            return
        self.round_view.delete_button.setEnabled(True)
        self.round_view.set_message(str(error))

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Delete round"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
