"""Questions about a round's photo: one chat with the vision model that described it.

Every question goes with the photo (the round's downscaled upload: the one the description was
made from when there is one, else rebuilt once from the saved photo and kept for the following
questions, never re-encoded per question), the round's description and every earlier question
and answer. The answer streams to ``on_text``; when it is whole it is added to the record's
``conversation`` and the record is saved (atomically, like every record update).

The seed's rules hold: a question counts in the hourly cap and its cost in the daily budget
(checked before, booked after; the cooldown is between photos and does not apply); one longer
than ``MAX_QUESTION_CHARS`` is refused; answers are never painted. A failed question changes
nothing: the record is as it was and the question can be asked again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from camdraw.core import imaging
from camdraw.core.errors import CamdrawError, LimitReachedError, MissingKeyError
from camdraw.core.i18n import _
from camdraw.core.providers import pricing
from camdraw.core.providers.provider import CancelCheck, Provider, TextCallback
from camdraw.core.providers.provider_errors import questions_need_service
from camdraw.core.round import prompts, question_prompts, round_files
from camdraw.core.round.limits import Limits
from camdraw.core.settings import Settings
from camdraw.core.store.record import Exchange, RoundRecord, Step, StepState

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
MIN_ANSWER_TOKENS = 1000  # reading all the text of a page needs more than a description


class QuestionError(CamdrawError):
    """A question that is not sent (empty, too long, nothing to ask about)."""


@dataclass
class _Said:
    """What was said about the photo before the question (``provider.Conversation``)."""

    instructions: str
    photo_prompt: str
    description: str
    earlier: list[tuple[str, str]] = field(default_factory=list)


class Conversation:
    """The questions of one round. ``upload``: the round's upload, as the pipeline sent it
    (None: made from the saved photo at the first question). ``provider`` may be a factory,
    called at the first question (a missing key is said then). ``language``: the answers'
    language when not the description's (``ask --language``)."""

    def __init__(
        self,
        record: RoundRecord,
        provider: Provider | Callable[[], Provider],
        settings: Settings,
        *,
        limits: Limits | None = None,
        upload: imaging.Upload | None = None,
        language: str = "",
    ) -> None:
        self.record = record
        self._language = language  # "" asks in the description's language
        self.settings = settings
        self.limits = limits
        self._provider = provider
        self._upload = upload

    @property
    def language(self) -> str:
        """The answers' language: the description's unless another was asked for."""
        return self._language or self.record.language or self.settings.language

    def provider(self) -> Provider:
        if callable(self._provider) and not hasattr(self._provider, "ask"):
            self._provider = self._provider()
        return self._provider  # type: ignore[return-value]

    def upload(self) -> imaging.Upload:
        """The photo as the vision model gets it: made once, then the same bytes every time."""
        if self._upload is None:
            frame = imaging.decode_photo(round_files.read_photo(self.record))
            self._upload = imaging.prepare_upload(frame, self.settings.detail)
        return self._upload

    def ask(
        self,
        question: str,
        *,
        on_text: TextCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Exchange:
        """Ask ``question`` and keep the answer in the record. Raises a CamdrawError with
        words for people when it cannot be asked or answered; the record is then unchanged."""
        question = check_question(question)
        self._check_round()
        try:
            provider = self.provider()
        except MissingKeyError as error:
            raise questions_need_service() from error
        if getattr(provider, "offline", False):
            raise questions_need_service()
        if self.limits is not None:
            hit = self.limits.check(cooldown=False)
            if hit is not None:
                raise LimitReachedError(hit.message)
        self._catch_up()
        started = time.perf_counter()
        said = _Said(
            instructions=question_prompts.instructions(self.language),
            photo_prompt=self.record.describe_prompt
            or prompts.describe_prompt(self.language, self.settings.describe_prompt),
            description=self.record.description,
            earlier=[(e.question, e.answer) for e in self.record.conversation],
        )
        model = self.record.models.get("vision") or self.settings.vision_model
        result = provider.ask(
            self.upload(),
            question=question,
            conversation=said,
            model=model,
            detail=self.settings.detail,
            max_tokens=max(self.settings.max_description_tokens, MIN_ANSWER_TOKENS),
            timeout=self.settings.describe_timeout_s,
            on_text=on_text,
            cancelled=cancelled,
        )
        answer = prompts.trim_to_sentence(result.text) if result.truncated else result.text
        cost = pricing.describe_cost(result.model or model, result.usage)
        entry = Exchange(
            question=question,
            answer=answer,
            quick=question_prompts.quick_id_of(question, self.language),
            model=result.model or model,
            usage=result.usage,
            cost_usd=cost,
            ms=int((time.perf_counter() - started) * 1000),
        )
        if self.limits is not None:
            self.limits.question_asked()
            # An unpriced model counts at the dearest known price, as a round's description.
            booked = cost if cost is not None else pricing.dearest_describe(result.usage)
            self.limits.add_cost(booked, unknown=cost is None)
        self.record.conversation.append(entry)
        try:
            self.record.save()
        except CamdrawError:
            self.record.conversation.pop()  # as it is on disk: asking again is the way out
            raise
        log.info("round %s: question %d answered", self.record.stem, len(self.record.conversation))
        return entry

    def _catch_up(self) -> None:
        """Answers another view of the same round kept meanwhile (the window and the gallery
        each hold one) are read back first, so neither saves over the other's."""
        try:
            kept = RoundRecord.load(self.record.files.sidecar).conversation
        except (CamdrawError, ValueError):
            return  # the save after the answer will say what is wrong with the file
        if len(kept) > len(self.record.conversation):
            self.record.conversation = kept

    def _check_round(self) -> None:
        if self.record.offline:
            raise questions_need_service()
        if self.record.steps.get(Step.DESCRIBE) != StepState.DONE or not self.record.description:
            raise QuestionError(
                _("This round has no description yet, so there is nothing to ask about."),
                hint=_("Press Retry to describe the photo first."),
            )


def check_question(question: str) -> str:
    """``question`` without surrounding spaces; an empty or too long one is refused."""
    question = question.strip()
    if not question:
        raise QuestionError(_("Type a question first."))
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            _("The question is {length} characters long; at most {limit} are allowed.").format(
                length=len(question), limit=MAX_QUESTION_CHARS
            ),
            hint=_("Ask it shorter, or in two questions."),
        )
    return question
