"""The AI services behind a small protocol, and the OpenAI implementation of it.

``Provider`` is all the pipeline knows. ``OpenAIProvider`` takes a ready ``openai.OpenAI``
client through its constructor (``client.ProviderCache`` makes the real one), so tests hand in
one aimed at a local server. Retries, back-off and time-outs are the SDK's own options.

Streaming is an option of ``describe`` (``on_text``) and ``paint`` (``on_partial``). A server
that cannot stream either ignores the flag and answers with plain JSON (that answer is used as
it is) or rejects it with a 400 naming the parameter (then the plain request is sent); either
way the provider remembers, and later calls go straight to the plain request
(``core/providers/stream_support.py`` tells which).

``paint`` with a ``reference`` photo (likeness mode) calls the image edit endpoint instead
(``core/providers/edits.py`` decides when it can); a server or model that cannot edit gets the plain
text-only request, and the ``Painting`` says so (``mode``, ``note``).

The answers are read in ``core/providers/chat_reply.py`` (into a ``Description``) and
``core/providers/image_reply.py`` (into a ``Painting``); both types are re-exported here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from camdraw.core import models
from camdraw.core.errors import BadResponseError, CamdrawError, RoundCancelledError
from camdraw.core.i18n import _
from camdraw.core.imaging import Upload
from camdraw.core.providers import chat_reply, deadline, edits, image_reply, moderation
from camdraw.core.providers.chat_reply import Description
from camdraw.core.providers.chat_reply import usage_counts as _usage
from camdraw.core.providers.image_fetch import decode_base64_image
from camdraw.core.providers.image_reply import Painting
from camdraw.core.providers.moderation import Moderation, ModerationMissingError
from camdraw.core.providers.provider_errors import not_openai as _not_openai
from camdraw.core.providers.provider_errors import translate_error
from camdraw.core.providers.servers import OPENAI, Server
from camdraw.core.providers.stream_support import is_event_stream as _is_event_stream
from camdraw.core.providers.stream_support import rejects_streaming as _rejects_streaming

log = logging.getLogger(__name__)

PARTIAL_IMAGES = 2  # previews asked for while a painting streams (OpenAI allows 0-3)

TextCallback = Callable[[str], None]  # the description so far
PartialCallback = Callable[[bytes, int], None]  # a preview picture and its 0-based index
CancelCheck = Callable[[], bool]


class Provider(Protocol):
    def describe(
        self,
        upload: Upload,
        *,
        prompt: str,
        model: str,
        detail: str,
        max_tokens: int,
        timeout: float,
        on_text: TextCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Description: ...

    def paint(
        self,
        prompt: str,
        *,
        model: str,
        size: str,
        quality: str,
        timeout: float,
        on_partial: PartialCallback | None = None,
        cancelled: CancelCheck | None = None,
        reference: bytes | None = None,
        style: str = "",
    ) -> Painting: ...

    # ``reference``: the photo (JPEG) to paint from, in likeness mode and the offline demo.
    # ``style``: the style's id; its words are already in ``prompt`` (the offline demo's
    # filters are chosen by it).

    def moderate(self, text: str, *, model: str, timeout: float) -> Moderation: ...

    def ask(
        self,
        upload: Upload,
        *,
        question: str,
        conversation: Conversation,
        model: str,
        detail: str,
        max_tokens: int,
        timeout: float,
        on_text: TextCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Description: ...

    # ``ask``: a question about the photo of ``upload``, after ``conversation`` (what was said
    # about it so far); the answer streams to ``on_text`` like a description.


class Conversation(Protocol):
    """What was said about a photo before a question (``core/round/conversation.py``)."""

    instructions: str  # how to answer (language, plain sentences)
    photo_prompt: str  # what was asked with the photo
    description: str  # the vision model's description of it
    earlier: Sequence[tuple[str, str]]  # the questions asked since, with their answers


class OpenAIProvider:
    def __init__(self, client: Any, server: Server | None = None) -> None:
        self.client = client
        self._server = server  # whom the client talks to, for error messages
        # A server other than OpenAI answered 404 to /moderations once: it has none.
        self.moderation_missing = False
        self.streaming = True  # False once the server showed it cannot stream chat answers
        self.image_streaming = True  # the same for partial images
        self.edits = True  # False once the server showed it has no image edit endpoint
        self.no_edit_models: set[str] = set()  # models this server said cannot edit

    @deadline.one_deadline("describe")
    def describe(
        self,
        upload: Upload,
        *,
        prompt: str,
        model: str,
        detail: str,
        max_tokens: int,
        timeout: float,
        on_text: TextCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Description:
        """Describe the photo. With ``on_text`` the answer streams in and ``on_text`` gets the
        text so far after every piece; ``cancelled`` is asked between pieces (RoundCancelledError).
        """
        messages = [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": prompt},
                    {"type": "image_url", "image_url": {"url": upload.data_url, "detail": detail}},
                ],
            }
        ]
        params = models.vision_params(model, max_tokens)
        client = self.client.with_options(timeout=timeout)
        stop_if(cancelled)
        reply = None
        if on_text is not None and self.streaming:
            reply = self._describe_streamed(client, messages, params, on_text, cancelled)
        if reply is None:
            try:
                response = client.chat.completions.create(messages=messages, **params)
                reply = chat_reply.read(response)
            except Exception as error:
                raise self._translate(error, step="describe", model=model) from error
        return chat_reply.description(reply, model)

    def ask(
        self,
        upload: Upload,
        *,
        question: str,
        conversation: Conversation,
        model: str,
        detail: str,
        max_tokens: int,
        timeout: float,
        on_text: TextCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Description:
        """Answer ``question`` about the photo, as one chat: the instructions, the photo (the
        round's upload, as it was sent for the description) with its prompt, the description,
        every earlier question and answer, then the question. Streams like ``describe``."""
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": conversation.instructions},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": conversation.photo_prompt},
                    {"type": "image_url", "image_url": {"url": upload.data_url, "detail": detail}},
                ],
            },
            {"role": "assistant", "content": conversation.description},
        ]
        for asked, answered in conversation.earlier:
            messages += [
                {"role": "user", "content": asked},
                {"role": "assistant", "content": answered},
            ]
        messages.append({"role": "user", "content": question})
        params = models.vision_params(model, max_tokens)
        client = self.client.with_options(timeout=timeout)
        stop_if(cancelled)
        reply = None
        if on_text is not None and self.streaming:
            reply = self._describe_streamed(client, messages, params, on_text, cancelled)
        if reply is None:
            try:
                reply = chat_reply.read(client.chat.completions.create(messages=messages, **params))
            except Exception as error:
                raise self._translate(error, step="describe", model=model) from error
        return chat_reply.answer(reply, model)

    def _describe_streamed(
        self,
        client: Any,
        messages: list[dict[str, Any]],
        params: dict[str, object],
        on_text: TextCallback,
        cancelled: CancelCheck | None,
    ) -> chat_reply.Reply | None:
        """The streamed answer, or None when the server turned streaming down."""
        model = str(params["model"])
        try:
            stream = client.chat.completions.create(
                messages=messages, stream=True, stream_options={"include_usage": True}, **params
            )
        except Exception as error:
            if _rejects_streaming(error):
                log.info("the server does not stream chat answers: asking without streaming")
                self.streaming = False
                return None
            raise self._translate(error, step="describe", model=model) from error
        with stream:
            if not _is_event_stream(stream):
                # It ignored the flag and answered in one piece: that answer is as good.
                from openai.types.chat import ChatCompletion

                data = self._read_plain(stream, step="describe", model=model)
                reply = chat_reply.read(ChatCompletion.model_construct(**data))
                self.streaming = False
                return reply
            chunks = self._chunks(stream, cancelled, step="describe", model=model)
            return chat_reply.read_stream(chunks, model, on_text)

    @deadline.one_deadline("paint")
    def paint(
        self,
        prompt: str,
        *,
        model: str,
        size: str,
        quality: str,
        timeout: float,
        on_partial: PartialCallback | None = None,
        cancelled: CancelCheck | None = None,
        reference: bytes | None = None,
        style: str = "",
    ) -> Painting:
        """Paint ``prompt``. With ``on_partial`` (and a model family that streams) previews
        arrive as ``on_partial(picture, index)``; ``cancelled`` is asked between them.

        With ``reference`` (the photo's JPEG) a gpt-image model repaints the photo through the
        edit endpoint, ``prompt`` being the instruction; any other model, or a server without
        that endpoint (remembered in ``edits``), paints from ``prompt`` alone and the Painting's
        ``note`` says so. ``style`` is for providers that choose by it; its words are in
        ``prompt`` already."""
        client = self.client.with_options(timeout=timeout)
        stop_if(cancelled)
        note = ""
        if reference is not None:
            if not edits.can_edit(model):
                note = edits.model_note(model)
            elif self.edits and model not in self.no_edit_models:
                painting = self._paint_edit(client, prompt, reference, model, size, quality)
                if painting is not None:
                    return painting
                note = _(edits.NO_EDITS_NOTE)
            else:
                note = _(edits.NO_EDITS_NOTE)
            stop_if(cancelled)
        painting = self._generate(client, prompt, model, size, quality, on_partial, cancelled)
        painting.mode, painting.note = "text", note
        return painting

    def _generate(
        self,
        client: Any,
        prompt: str,
        model: str,
        size: str,
        quality: str,
        on_partial: PartialCallback | None,
        cancelled: CancelCheck | None,
    ) -> Painting:
        params = models.image_params(model, size, quality)
        if on_partial is not None and self.image_streaming and models.image_family(model).streams:
            painting = self._paint_streamed(client, prompt, params, on_partial, cancelled)
            if painting is not None:
                return painting
        try:
            response = client.images.generate(prompt=prompt, **params)
        except Exception as error:
            raise self._translate(error, step="paint", model=model) from error
        return self._painting(response, params)

    def _paint_edit(
        self, client: Any, prompt: str, photo: bytes, model: str, size: str, quality: str
    ) -> Painting | None:
        """The photo repainted by the edit endpoint, or None when the server has none (or
        cannot edit with this model): then ``edits`` is False and the caller paints from text.
        """
        params = edits.edit_params(model, size, quality)
        try:
            response = client.images.edit(
                image=("photo.jpg", photo, "image/jpeg"),
                prompt=edits.LIKENESS_INSTRUCTION + prompt,
                **params,
            )
        except Exception as error:
            refused = edits.rejects_edits(error)
            if refused == "server":
                log.info("the server cannot edit images: painting from the description")
                self.edits = False
                return None
            if refused == "model":
                log.info("%s cannot edit images: painting from the description", model)
                self.no_edit_models.add(model)
                return None
            raise self._translate(error, step="paint", model=model) from error
        painting = self._painting(response, params)
        painting.mode = "likeness"
        return painting

    def _paint_streamed(
        self,
        client: Any,
        prompt: str,
        params: dict[str, object],
        on_partial: PartialCallback,
        cancelled: CancelCheck | None,
    ) -> Painting | None:
        """The streamed painting, or None when the server turned streaming down."""
        model = str(params["model"])
        try:
            stream = client.images.generate(
                prompt=prompt, stream=True, partial_images=PARTIAL_IMAGES, **params
            )
        except Exception as error:
            if _rejects_streaming(error):
                log.info("the server does not stream images: asking without streaming")
                self.image_streaming = False
                return None
            raise self._translate(error, step="paint", model=model) from error
        with stream:
            if not _is_event_stream(stream):
                from openai.types import ImagesResponse

                data = self._read_plain(stream, step="paint", model=model)
                if "data" in data:
                    self.image_streaming = False
                return self._painting(ImagesResponse.model_construct(**data), params)
            for event in self._chunks(stream, cancelled, step="paint", model=model):
                kind = getattr(event, "type", None)
                if kind == "image_generation.partial_image":
                    try:
                        preview = decode_base64_image(str(event.b64_json or ""))
                    except BadResponseError:
                        log.warning("skipped a partial image that cannot be decoded")
                        continue
                    on_partial(preview, int(getattr(event, "partial_image_index", 0) or 0))
                elif kind == "image_generation.completed":
                    if not getattr(event, "b64_json", None):
                        break
                    return Painting(
                        image=decode_base64_image(str(event.b64_json)),
                        model=model,
                        source="b64_json",
                        usage=_usage(getattr(event, "usage", None)),
                        params=params,
                    )
        raise BadResponseError(
            _("The image service stopped sending before the painting was finished."),
            hint=_("Press Retry."),
            step="paint",
        )

    def _painting(self, response: Any, params: dict[str, object]) -> Painting:
        return image_reply.read(response, params, str(getattr(self.client, "base_url", "")))

    def _chunks(
        self, stream: Any, cancelled: CancelCheck | None, *, step: str, model: str
    ) -> Iterator[Any]:
        """The stream's chunks, with the SDK's errors translated and ``cancelled`` asked before
        and after each wait. The caller's callbacks run outside, so their errors stay theirs."""
        iterator = iter(stream)
        while True:
            stop_if(cancelled)
            try:
                chunk = next(iterator)
            except StopIteration:
                return
            except Exception as error:
                raise self._translate(error, step=step, model=model) from error
            stop_if(cancelled)
            deadline.raise_if_passed()  # a trickling stream ends with the step's time-out
            yield chunk

    def _read_plain(self, stream: Any, *, step: str, model: str) -> dict[str, Any]:
        """A streaming request answered in one piece: that body, read as the plain answer."""
        try:
            data = json.loads(stream.response.read())
        except Exception as error:
            raise self._translate(error, step=step, model=model) from error
        if not isinstance(data, dict):
            raise _not_openai(step=step)
        return data

    def moderate(self, text: str, *, model: str, timeout: float) -> Moderation:
        """Ask the moderation endpoint about ``text``.

        A 404/405 from the OpenAI server (its preset) means a wrong address or model there:
        ModerationMissingError, every time (fail closed). From any other server it means the
        server has none: ModerationUnavailableError, remembered (``moderation_missing``) so
        the next rounds skip the call."""
        try:
            response = self.client.with_options(timeout=timeout).moderations.create(
                model=model, input=text
            )
            results = getattr(response, "results", None)
            if not results:
                raise _not_openai(step="check")
            result = results[0]
        except Exception as error:
            status = getattr(error, "status_code", None)
            if status in (404, 405):
                if self._server is None or self._server.preset.id == OPENAI.id:
                    raise ModerationMissingError(model) from error
                self.moderation_missing = True
                raise moderation.unavailable() from error
            raise self._translate(error, step="check", model=model) from error
        categories = getattr(result, "categories", None)
        flags = categories.model_dump(by_alias=True) if hasattr(categories, "model_dump") else {}
        if not flags and isinstance(categories, dict):
            flags = categories
        return Moderation(
            flagged=bool(getattr(result, "flagged", False)),
            categories=tuple(sorted(name for name, on in flags.items() if on)),
            model=str(getattr(response, "model", "") or model),
        )

    def available_models(self) -> list[str]:
        """The server's model list, or [] when it cannot be had."""
        try:
            page = self.client.with_options(timeout=10, max_retries=0).models.list()
            return sorted(m.id for m in page.data)
        except Exception:
            return []

    def _translate(self, error: Exception, *, step: str, model: str) -> CamdrawError:
        return translate_error(
            error, step=step, model=model, models_hint=self.available_models, server=self._server
        )


def stop_if(cancelled: CancelCheck | None) -> None:
    """Raise RoundCancelledError when the round was cancelled (a provider's safe point)."""
    if cancelled is not None and cancelled():
        raise RoundCancelledError()


__all__ = [
    "Conversation",
    "Description",
    "OpenAIProvider",
    "Painting",
    "Provider",
    "stop_if",
]
