"""A question about the photo runs on a pool thread and reports through its signals object.

It asks ``core.round.conversation.Conversation`` (which streams the answer and keeps it in the
round's record); ``cancel`` stops it between streamed pieces, and the record stays as it was.
"""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import QObject, QRunnable, Signal

from camdraw.core.errors import CamdrawError, RoundCancelledError
from camdraw.core.round.conversation import Conversation

log = logging.getLogger(__name__)


class QuestionSignals(QObject):
    answer_streamed = Signal(str)  # the answer so far
    answered = Signal(object)  # the Exchange kept in the record
    failed = Signal(str)  # why there is no answer, in words for people
    finished = Signal()  # after answered, failed or a cancel


class QuestionWorker(QRunnable):
    def __init__(self, conversation: Conversation, question: str) -> None:
        super().__init__()
        self.signals = QuestionSignals()
        self.question = question
        self._conversation = conversation
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Stop at the next streamed piece (cooperative: the thread ends by itself)."""
        self._stop.set()

    def run(self) -> None:
        try:
            entry = self._conversation.ask(
                self.question,
                on_text=self.signals.answer_streamed.emit,
                cancelled=self._stop.is_set,
            )
        except RoundCancelledError:
            pass
        except CamdrawError as error:
            self.signals.failed.emit(str(error))
        except Exception as error:
            log.exception("a question crashed")
            self.signals.failed.emit(f"Something went wrong ({type(error).__name__}).")
            if "pytest" in sys.modules:
                raise
        else:
            self.signals.answered.emit(entry)
        finally:
            self.signals.finished.emit()
