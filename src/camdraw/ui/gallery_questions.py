"""Questions in the gallery: a past round's conversation, continued from its record.

The round view shows the conversation its record keeps (``GalleryEntry.conversation``); with
a ``QuestionController`` (the window's gallery has one, a bare dialog has none) the question
field asks about that round: its record is read off the GUI thread when the round opens, and
its photo's upload is made once at the first question. What should be read aloud or announced
(an answer, a problem) leaves as ``said``; the window reads it as it reads the description.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from camdraw.core.store.gallery import GalleryEntry
from camdraw.core.store.record import RoundRecord
from camdraw.ui.gallery_jobs import GalleryWorkers
from camdraw.ui.question_controller import QuestionController
from camdraw.ui.question_panel import QuestionPanel


class GalleryQuestions(QObject):
    said = Signal(str, bool)  # text to read or announce, and whether it is a problem
    problem_shown = Signal(str)  # a problem for the round view's details

    def __init__(
        self,
        panel: QuestionPanel,
        controller: QuestionController | None,
        workers: GalleryWorkers,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.controller = controller
        self._workers = workers
        self._entry: GalleryEntry | None = None
        panel.field.setEnabled(controller is not None)
        if controller is None:
            return
        controller.conversation_changed.connect(panel.show_conversation)
        controller.question_sent.connect(panel.question_sent)
        controller.answer_streamed.connect(panel.answer_streamed)
        controller.field_filled.connect(panel.fill_field)
        controller.answer_completed.connect(lambda text: self.said.emit(text, False))
        controller.failed.connect(self._failed)
        panel.field.submitted.connect(controller.ask)

    def open(self, entry: GalleryEntry) -> None:
        """``entry`` is shown: its conversation, and (when it can be asked) its record read."""
        self._entry = entry
        self.panel.show_conversation(entry.conversation)
        self.panel.set_language(entry.language)
        if self.controller is None:
            return
        self.controller.set_round(None)
        self.panel.show_conversation(entry.conversation)
        if entry.damaged:
            return
        self._workers.call(
            "record",
            lambda: RoundRecord.load(entry.sidecar),
            lambda record, e=entry: self._loaded(e, record),
            lambda error: self._failed(str(error)),
        )

    def close(self) -> None:
        self._entry = None
        if self.controller is not None:
            self.controller.set_round(None)

    def shutdown(self) -> None:
        if self.controller is not None:
            self.controller.shutdown()

    def _loaded(self, entry: GalleryEntry, record: object) -> None:
        if self._entry is not entry or self.controller is None:
            return  # another round was opened meanwhile
        assert isinstance(record, RoundRecord)
        self.controller.set_round(record)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.problem_shown.emit(message)
        self.said.emit(message, True)
