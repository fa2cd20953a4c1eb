"""Questions about the round on show: which round, the one running question, and what the
window should show and say of it, in signals.

``QuestionController`` holds the round's ``Conversation`` (core: the photo's upload made once,
the record that keeps every answer) and runs one question at a time on its own pool thread. It
touches no widget: ``ui/questions.py`` connects its signals to the panel, the banner, the
announcer and the voice. The quick questions are sent in the description's language; "Where
is …?" only puts its words in the question field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from camdraw.core.imaging import Upload
from camdraw.core.providers.provider import Provider
from camdraw.core.round import question_prompts
from camdraw.core.round.conversation import Conversation
from camdraw.core.round.limits import Limits
from camdraw.core.settings import Settings
from camdraw.core.store.record import Exchange, RoundRecord
from camdraw.ui.question_worker import QuestionWorker


class QuestionController(QObject):
    busy_changed = Signal(bool)
    conversation_changed = Signal(object)  # the round's list[Exchange] ([]: none, or no round)
    question_sent = Signal(str)  # the question as it was sent (a quick one's full wording)
    answer_streamed = Signal(str)  # the answer so far
    answer_completed = Signal(str)  # the whole answer, once
    failed = Signal(str)  # why a question got no answer (or could not be sent)
    field_filled = Signal(str)  # words for the question field ("Where is …?")

    def __init__(
        self,
        settings: Callable[[], Settings],
        provider: Callable[[Settings], Provider],
        limits: Limits | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._provider = provider
        self._limits = limits
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._conversation: Conversation | None = None
        self._worker: QuestionWorker | None = None

    @property
    def busy(self) -> bool:
        return self._worker is not None

    @property
    def record(self) -> RoundRecord | None:
        return self._conversation.record if self._conversation is not None else None

    def set_round(self, record: RoundRecord | None, upload: Upload | None = None) -> None:
        """Questions now go to ``record`` (None: no round on show); ``upload``: the photo as
        the round sent it (None: made from the saved photo at the first question)."""
        self.cancel()
        settings = self._settings()
        if record is None:
            self._conversation = None
        else:
            self._conversation = Conversation(
                record,
                lambda: self._provider(settings),
                settings,
                limits=self._limits,
                upload=upload,
            )
        self.conversation_changed.emit(list(record.conversation) if record is not None else [])

    @Slot(str)
    def ask(self, question: str) -> bool:
        """Send ``question`` about the round on show; False (and ``failed``) when it cannot
        be sent now."""
        conversation = self._conversation
        if conversation is None:
            self.failed.emit(self.tr("Take a photo first, then ask about it."))
            return False
        if self.busy:
            self.failed.emit(self.tr("Wait for the answer to the last question."))
            return False
        worker = QuestionWorker(conversation, question)
        worker.signals.answer_streamed.connect(self.answer_streamed)
        worker.signals.answered.connect(self._answered)
        worker.signals.failed.connect(self.failed)
        worker.signals.finished.connect(self._finished)
        self._worker = worker  # keeps its signals object alive until it finishes
        self.busy_changed.emit(True)
        self.question_sent.emit(question.strip())
        self._pool.start(worker)
        return True

    @Slot(str)
    def ask_quick(self, quick_id: str) -> bool:
        """A quick question, in the description's language."""
        quick = question_prompts.quick_question(quick_id)
        assert quick is not None, quick_id
        language = self._language()
        if not quick.ask:
            self.field_filled.emit(quick.text(language))
            return True
        return self.ask(quick.text(language))

    def _language(self) -> str:
        if self._conversation is not None:
            return self._conversation.language
        return self._settings().language

    def cancel(self) -> None:
        """Stop the running question at its next streamed piece; its record stays as it was."""
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self) -> None:
        self.cancel()
        self._pool.waitForDone()

    @Slot(object)
    def _answered(self, entry: Exchange) -> None:
        record = self.record
        if record is not None:
            self.conversation_changed.emit(list(record.conversation))
        self.answer_completed.emit(entry.answer)

    @Slot()
    def _finished(self) -> None:
        self._worker = None
        self.busy_changed.emit(False)
        record = self.record
        if record is not None:
            # A failed or stopped question leaves the conversation as it was.
            self.conversation_changed.emit(list(record.conversation))
