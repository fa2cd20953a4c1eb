"""Questions about the photo in the window: the panel under the description, the Ask menu's
keys, the running question, and who reads the answer, wired in one place.

The window builds one ``Questions`` with the parts it talks to and calls ``connect_round``
with its round controller; nothing here reaches back into the window. The answer is read as
the description is (the "description_reader" setting): announced to the screen reader,
spoken by camdraw's voice, or both. Problems go to the banner, which announces them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from camdraw.core.providers.provider import Provider
from camdraw.core.round.limits import Limits
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord, Step, StepState
from camdraw.ui.announcer import Announcer
from camdraw.ui.description_reader import DescriptionReader
from camdraw.ui.panes import PanesWidget
from camdraw.ui.question_controller import QuestionController
from camdraw.ui.question_panel import QuestionPanel
from camdraw.ui.round_controller import RoundController
from camdraw.ui.window_actions import WindowActions

TOPIC = "question"  # the banner row of a question's problem
QUICK = ("read_text", "more_detail", "colours", "where")


class Questions(QObject):
    def __init__(
        self,
        settings: Callable[[], Settings],
        provider: Callable[[Settings], Provider],
        limits: Limits | None,
        *,
        panes: PanesWidget,
        announcer: Announcer,
        reader: DescriptionReader,
        say: Callable[[str], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._provider = provider
        self._limits = limits
        self._panes = panes
        self._announcer = announcer
        self._reader = reader
        self._say = say
        self.controller = QuestionController(settings, provider, limits, self)
        self.panel = QuestionPanel()
        self.panel.set_language(settings().language)
        panes.add_below(self.panel)
        self._rounds: RoundController | None = None
        c, panel = self.controller, self.panel
        c.conversation_changed.connect(panel.show_conversation)
        c.question_sent.connect(panel.question_sent)
        c.question_sent.connect(self._sent)
        c.answer_streamed.connect(panel.answer_streamed)
        c.answer_completed.connect(self._read_answer)
        c.failed.connect(self._failed)
        c.field_filled.connect(panel.fill_field)
        panel.field.submitted.connect(c.ask)
        panel.field.left.connect(self._leave_field)

    def new_controller(self, parent: QObject) -> QuestionController:
        """Questions for another view of past rounds (the gallery), on the same service."""
        return QuestionController(self._settings, self._provider, self._limits, parent)

    @Slot(str, bool)
    def read(self, text: str, problem: bool) -> None:
        """What another view's question brought: read as an answer, or said as a problem."""
        if problem:
            self._announcer.announce(text, assertive=True)
            if self._reader.reading().voice:
                self._say(text)
        else:
            self._read_answer(text)

    def connect_commands(self, commands: WindowActions) -> None:
        commands.connect({"ask": self.panel.focus_field})
        for quick in QUICK:
            commands.connect({quick: lambda _checked=False, q=quick: self.controller.ask_quick(q)})

    def connect_round(self, rounds: RoundController) -> None:
        """Questions go to the round on show: a finished round with a description; a new
        round (or a result cleared from the screen) ends them."""
        self._rounds = rounds
        rounds.round_ended.connect(self._round_ended)
        rounds.description_changed.connect(self._description_changed)

    def set_tab_order(self, after: QWidget, before: QWidget) -> None:
        """The conversation and the question field come between ``after`` (the description)
        and ``before`` (the status line)."""
        QWidget.setTabOrder(after, self.panel.view)
        QWidget.setTabOrder(self.panel.view, self.panel.field)
        QWidget.setTabOrder(self.panel.field, before)

    def apply(self, settings: Settings) -> None:
        self.panel.set_language(settings.language)

    def shutdown(self) -> None:
        self.controller.shutdown()

    # -- the round on show --------------------------------------------------------------------

    @Slot(object)
    def _round_ended(self, record: RoundRecord | None) -> None:
        described = record is not None and record.steps.get(Step.DESCRIBE) == StepState.DONE
        upload = self._rounds.last_upload if self._rounds is not None else None
        self.controller.set_round(record if described else None, upload)
        if record is not None:
            self.panel.set_language(record.language)

    @Slot(str)
    def _description_changed(self, text: str) -> None:
        if not text and self.controller.record is not None:
            self.controller.set_round(None)  # a new round, or the result cleared

    # -- what is said -------------------------------------------------------------------------

    @Slot(str)
    def _sent(self, question: str) -> None:
        self._panes.banner.hide_message(TOPIC)
        self._announcer.announce(self.tr("Asking about the photo…"))

    @Slot(str)
    def _read_answer(self, text: str) -> None:
        reading = self._reader.reading()
        if reading.announce:
            self._announcer.announce(text)
        if reading.voice:
            self._say(text)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._panes.banner.show_message(TOPIC, message)  # announced by the banner
        if self._reader.reading().voice:
            self._say(message)

    @Slot()
    def _leave_field(self) -> None:
        self._panes.description.setFocus()
