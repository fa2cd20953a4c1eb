"""An OpenAI-compatible server on 127.0.0.1 for tests (the real SDK talks real HTTP to it).

It answers ``/v1/chat/completions``, ``/v1/images/generations``, ``/v1/images/edits``
(multipart/form-data: the uploaded photo is in the request log, see ``requests_to``),
``/v1/moderations`` and ``/v1/models`` the way the OpenAI API does, records every request for
assertions, and can fail on cue:

* ``fail(endpoint, status, message, code=, times=, raw=)``: an HTTP error (or any raw body).
* ``fault(kind, endpoint=None, times=1, ...)``: the misbehaviour ``fail`` cannot express (see
  ``FAULT_KINDS``): a server too slow to answer, an HTML page, a broken picture, a rate limit
  with its ``retry-after`` headers, a content-policy block, a refusal, an empty reply, a flagged
  moderation result (or ``moderation_flag_words``: flagged only for inputs with those words).

Both queue up per endpoint, in the order given; each entry is used ``times`` times (one request
each, including the SDK's own retries), then the endpoint behaves normally again. Error answers
carry ``retry-after-ms: 10`` so the SDK's retries do not slow the tests down.

Streaming works as OpenAI's does: ``"stream": true`` to chat completions gets server-sent
events (the description in word-sized pieces spread over ``describe_delay_s``, a usage chunk when
``stream_options.include_usage``, then ``[DONE]``); to image generations it gets
``partial_images`` previews spread over ``paint_delay_s``, then the completed picture. Switches:
``streaming = False`` ignores the flag (plain JSON, like a server without streaming),
``reject_stream = True`` answers such requests 400 "stream is not supported",
``stream_cut_after = N`` ends every stream cleanly after N events (no finish, no completed
picture). Every event sent is logged in ``stream_log`` as (endpoint, time.monotonic(), what).
``edits_available = False`` makes ``/v1/images/edits`` answer 404, as a server without it does.

Run it by hand to try the app:  python -m tests.fake_openai  (prints the base URL to use).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.media import png_bytes, png_claiming

CZECH_DESCRIPTION = (
    "Na obrázku je velký dřevěný stůl hnědé barvy, na kterém stojí bílý hrnek s modrým "
    "proužkem. Vedle hrnku leží červená kniha a malé zelené jablko. V pozadí je okno se "
    "světle modrými závěsy a za ním zelený strom."
)

PATHS = {
    "chat": "/v1/chat/completions",
    "images": "/v1/images/generations",
    "edits": "/v1/images/edits",
    "moderations": "/v1/moderations",
    "models": "/v1/models",
    "files": "/files/painting.png",
}
EXPIRED_IMAGE_PATH = "/files/expired.png"  # what a "bad_url" answer points at: always 404

_ANY = ("chat", "images", "moderations", "models", "edits")
_IMAGES = ("images", "edits")
# fault kind -> the endpoints it applies to (the first is the default)
FAULT_KINDS: dict[str, tuple[str, ...]] = {
    "timeout": _ANY,  # the answer comes after ``delay_s``: longer than the client waits
    "not_json": _ANY,  # 200 with an HTML page (a captive portal, a proxy, a wrong address)
    "rate_limited": _ANY,  # 429 with retry-after: 1 (s) and retry-after-ms: 10
    "server_error": _ANY,  # 500, or ``status=503`` ("overloaded")
    "bad_base64": _IMAGES,  # b64_json that is not base64
    "not_image": _IMAGES,  # b64_json that is valid base64 of something not a picture
    "bad_url": _IMAGES,  # a picture URL that answers 404 (expired)
    "bomb": _IMAGES,  # a tiny PNG whose header claims 100000x100000 pixels
    "junk_tail": _IMAGES,  # an 8x8 PNG then junk (``fault(...).junk_bytes``, default 1 MB)
    "policy": _IMAGES,  # 400, code "moderation_blocked", the safety-system wording
    "refusal": ("chat",),  # 200 whose reply declines to describe ("I'm sorry, but ...")
    "empty": ("chat",),  # 200 with empty content
    "flagged": ("moderations",),  # a result flagged for ``categories``
}
REFUSAL = "I'm sorry, but I can't help with that."
SAFETY_WORDING = (
    "Your request was rejected as a result of our safety system. Your prompt may contain text "
    "that is not allowed by our safety system."
)
HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Sign in to the network</title></head>"
    "<body><h1>Welcome!</h1><p>Please log in to continue.</p></body></html>"
)
MODERATION_CATEGORIES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)
_IMAGE_CATEGORIES = {"self-harm", "self-harm/intent", "self-harm/instructions", "sexual"}
_IMAGE_CATEGORIES |= {"violence", "violence/graphic"}
FAST_RETRY = {"retry-after-ms": "10"}  # the SDK prefers this to retry-after: tests stay fast


@dataclass
class Failure:
    status: int
    body: Any
    times: int = 1  # how many requests fail before the endpoint works again
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """One queued misbehaviour (see ``FakeOpenAI.fault``)."""

    kind: str
    times: int = 1
    delay_s: float = 3.0  # "timeout"
    status: int = 500  # "server_error"
    code: str | None = None  # "policy", "rate_limited"
    text: str = REFUSAL  # "refusal"
    in_refusal_field: bool = False  # "refusal": content null, the text in message.refusal
    categories: tuple[str, ...] = ("violence",)  # "flagged"
    junk_bytes: int = 1024 * 1024  # "junk_tail"


class _QuickStopServer(HTTPServer):
    """Stops in a few milliseconds: the default serve_forever polls for shutdown only every
    0.5 s, which every test using the server paid at teardown."""

    def thread_target(self) -> None:
        assert self.server is not None
        self.server.serve_forever(poll_interval=0.01)


class FakeOpenAI:
    def __init__(self) -> None:
        self.server = _QuickStopServer(host="127.0.0.1", port=0, threaded=True)
        self.description: Any = CZECH_DESCRIPTION  # a str, or a list of content parts
        self.finish_reason = "stop"
        self.image_mode = "b64_json"  # or "url"
        self.image_item: dict[str, Any] | None = None  # answer with exactly this data item
        self.image = png_bytes(256, 256, (30, 120, 220))
        self.paint_delay_s = 0.0
        self.describe_delay_s = 0.0
        self.model_ids = [
            "gpt-6.1-terra",
            "gpt-image-2.6-flare",
            "omni-moderation-latest",
            "llava-test",
            "paint-test",
        ]
        self.moderation_flagged: set[str] = set()  # categories every moderation result flags
        # word -> categories flagged for any input that contains the word (case ignored)
        self.moderation_flag_words: dict[str, set[str]] = {}
        self.moderation_available = True  # False: /v1/moderations answers 404 (no such endpoint)
        self.edits_available = True  # False: /v1/images/edits answers 404 (no such endpoint)
        self.streaming = True  # False: ignore "stream": true and answer plain JSON
        self.reject_stream = False  # True: answer "stream": true with 400 "stream is not supported"
        self.stream_log: list[tuple[str, float, str]] = []  # (endpoint, monotonic time, what)
        self.stream_cut_after: int | None = None  # end every stream after this many events
        self.failures: dict[str, list[Failure | Fault]] = {}
        self.served: list[tuple[str, str]] = []  # (endpoint, fault kind or HTTP status) used
        self.requests: list[dict[str, Any]] = []  # {"path", "json", "headers", "time"}
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeOpenAI:
        s = self.server
        s.expect_request(PATHS["chat"], method="POST").respond_with_handler(self._chat)
        s.expect_request(PATHS["images"], method="POST").respond_with_handler(self._image)
        s.expect_request(PATHS["edits"], method="POST").respond_with_handler(self._edit)
        s.expect_request(PATHS["moderations"], method="POST").respond_with_handler(self._moderation)
        s.expect_request(PATHS["models"], method="GET").respond_with_handler(self._models)
        s.expect_request(PATHS["files"]).respond_with_handler(self._file)
        s.expect_request(EXPIRED_IMAGE_PATH).respond_with_handler(self._expired)
        s.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a "timeout" fault
        if self.server.is_running():
            self.server.clear()
            self.server.stop()

    @property
    def base_url(self) -> str:
        return self.server.url_for("/v1")

    # -- configuring -------------------------------------------------------------------------

    def fail(
        self,
        endpoint: str,
        status: int,
        message: str = "failure",
        *,
        code: str | None = None,
        times: int = 1,
        raw: str | None = None,
    ) -> None:
        """Make the next ``times`` requests to ``endpoint`` ("chat", "images", "moderations",
        "models", "files") fail."""
        body: Any = (
            raw
            if raw is not None
            else {
                "error": {
                    "message": message,
                    "type": "invalid_request_error",
                    "param": None,
                    "code": code,
                }
            }
        )
        # Tell the SDK's retry logic not to wait long: tests stay fast.
        self._queue(endpoint, Failure(status, body, times, dict(FAST_RETRY)))

    def fault(
        self,
        kind: str,
        endpoint: str | None = None,
        times: int = 1,
        *,
        delay_s: float = 3.0,
        status: int = 500,
        code: str | None = None,
        text: str = REFUSAL,
        in_refusal_field: bool = False,
        categories: tuple[str, ...] | list[str] | set[str] = ("violence",),
    ) -> Fault:
        """Make the next ``times`` requests to ``endpoint`` misbehave in the way ``kind`` says.

        ``kind`` is one of ``FAULT_KINDS``; ``endpoint`` defaults to the first endpoint listed
        there for it ("chat" for the generic ones). Options, each for one kind:

        * ``delay_s`` ("timeout"): how long the handler waits before answering normally; pair it
          with a client time-out shorter than that. ``stop()`` cuts the wait short.
        * ``status`` ("server_error"): 500 or 503 (any 5xx).
        * ``code``: the error code, for "policy" (default "moderation_blocked"; also
          "content_policy_violation") and "rate_limited" (default "rate_limit_exceeded"; also
          "insufficient_quota").
        * ``text``, ``in_refusal_field`` ("refusal"): the reply, sent as the message content,
          or (``in_refusal_field=True``) as ``message.refusal`` with null content.
        * ``categories`` ("flagged"): the moderation categories to flag.

        Returns the queued ``Fault``; thread-safe like every other method here.
        """
        endpoints = FAULT_KINDS.get(kind)
        if endpoints is None:
            raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(FAULT_KINDS)}")
        endpoint = endpoint or endpoints[0]
        if endpoint not in endpoints:
            raise ValueError(f"fault {kind!r} applies to {', '.join(endpoints)}, not {endpoint!r}")
        if times < 1:
            raise ValueError("times must be at least 1")
        if kind == "server_error" and not 500 <= status <= 599:
            raise ValueError("a server_error needs a 5xx status")
        unknown = set(categories) - set(MODERATION_CATEGORIES)
        if unknown:
            raise ValueError(f"unknown moderation categories: {sorted(unknown)}")
        entry = Fault(
            kind,
            times,
            delay_s=delay_s,
            status=status,
            code=code,
            text=text,
            in_refusal_field=in_refusal_field,
            categories=tuple(categories),
        )
        self._queue(endpoint, entry)
        return entry

    def pending(self) -> dict[str, int]:
        """Requests per endpoint that queued failures and faults are still waiting for."""
        with self._lock:
            counts = {ep: sum(f.times for f in queue) for ep, queue in self.failures.items()}
        return {ep: n for ep, n in counts.items() if n}

    def clear_faults(self) -> None:
        """Drop every queued failure and fault."""
        with self._lock:
            self.failures.clear()

    def forget(self) -> None:
        """Drop the request records (this object's and the HTTP server's): long runs stay
        small."""
        with self._lock:
            self.requests.clear()
            self.served.clear()
            self.stream_log.clear()
        self.server.clear_log()
        self.server.clear_assertions()
        self.server.clear_handler_errors()

    def requests_to(self, endpoint: str) -> list[dict[str, Any]]:
        """The requests to ``endpoint`` (a key of ``PATHS``), oldest first. Those to "edits"
        (``/v1/images/edits``) each have "form" (the text fields: model, prompt, size,
        quality, input_fidelity ...) and "files" ({field: {"filename", "content_type",
        "data"}}; the photo is under "image" or "image[]")."""
        path = PATHS[endpoint]
        with self._lock:
            return [r for r in self.requests if r["path"] == path]

    def _queue(self, endpoint: str, entry: Failure | Fault) -> None:
        with self._lock:
            self.failures.setdefault(endpoint, []).append(entry)

    # -- handlers ----------------------------------------------------------------------------

    def _record(self, request: Request) -> dict[str, Any]:
        body = request.get_data()
        try:
            data = json.loads(body) if body else None
        except ValueError:
            data = None
        entry = {
            "path": request.path,
            "json": data,
            "headers": dict(request.headers),
            "time": time.monotonic(),
        }
        if request.mimetype == "multipart/form-data":
            entry["form"] = {key: request.form.get(key) for key in request.form}
            entry["files"] = {
                key: {
                    "filename": upload.filename,
                    "content_type": upload.mimetype,
                    "data": upload.read(),
                }
                for key, upload in request.files.items()
            }
        with self._lock:
            self.requests.append(entry)
        return entry

    def _next(self, endpoint: str) -> Failure | Fault | None:
        """Take one use of the first queued failure/fault for ``endpoint``."""
        with self._lock:
            queue = self.failures.get(endpoint) or []
            if not queue:
                return None
            entry = queue[0]
            entry.times -= 1
            if entry.times <= 0:
                queue.pop(0)
            what = entry.kind if isinstance(entry, Fault) else str(entry.status)
            self.served.append((endpoint, what))
        return entry

    def _failure(self, endpoint: str) -> Response | None:
        """The next queued ``fail()`` answer (kept for callers of the original API)."""
        entry = self._next(endpoint)
        return self._early_answer(entry) if entry is not None else None

    def _early_answer(self, entry: Failure | Fault | None) -> Response | None:
        """The answer that replaces the normal one, or None to carry on (possibly altered)."""
        if entry is None:
            return None
        if isinstance(entry, Failure):
            body = entry.body if isinstance(entry.body, str) else json.dumps(entry.body)
            return Response(
                body, status=entry.status, headers=entry.headers, content_type="application/json"
            )
        if entry.kind == "timeout":
            self._stopping.wait(entry.delay_s)  # then answer normally, too late for the client
            return None
        if entry.kind == "not_json":
            return Response(HTML_PAGE, status=200, content_type="text/html; charset=utf-8")
        if entry.kind == "rate_limited":
            code = entry.code or "rate_limit_exceeded"
            message = (
                "You exceeded your current quota, please check your plan and billing details."
                if code == "insufficient_quota"
                else "Rate limit reached for requests per min (RPM): Limit 3, Used 3, "
                "Requested 1. Please try again in 1s."
            )
            headers = {
                "retry-after": "1",
                **FAST_RETRY,
                "x-ratelimit-limit-requests": "3",
                "x-ratelimit-remaining-requests": "0",
                "x-ratelimit-reset-requests": "1s",
            }
            return _error(429, message, "requests", code, headers)
        if entry.kind == "server_error":
            message = (
                "The engine is currently overloaded, please try again later."
                if entry.status == 503
                else "The server had an error while processing your request. Sorry about that!"
            )
            return _error(entry.status, message, "server_error", None, dict(FAST_RETRY))
        if entry.kind == "policy":
            code = entry.code or "moderation_blocked"
            kind = "image_generation_user_error" if code == "moderation_blocked" else None
            return _error(400, SAFETY_WORDING, kind or "invalid_request_error", code, {})
        return None  # a kind the handler itself acts on

    def _chat(self, request: Request) -> Response:
        entry = self._record(request)
        body = entry["json"] or {}
        if (rejected := self._stream_rejected(body)) is not None:
            return rejected
        fault = self._next("chat")
        if (early := self._early_answer(fault)) is not None:
            return early
        model = body.get("model", "unknown")
        content: Any = self.description
        refusal: str | None = None
        finish_reason = self.finish_reason
        if isinstance(fault, Fault) and fault.kind == "refusal":
            finish_reason = "stop"
            if fault.in_refusal_field:
                content, refusal = None, fault.text
            else:
                content = fault.text
        elif isinstance(fault, Fault) and fault.kind == "empty":
            content, finish_reason = "", "stop"
        if body.get("stream") and self.streaming:
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            return self._chat_stream(model, content, refusal, finish_reason, include_usage)
        time.sleep(self.describe_delay_s)
        return _json(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": finish_reason,
                        "message": {"role": "assistant", "content": content, "refusal": refusal},
                    }
                ],
                "usage": {"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200},
            }
        )

    def _image(self, request: Request) -> Response:
        body = self._record(request)["json"] or {}
        if (rejected := self._stream_rejected(body)) is not None:
            return rejected
        fault = self._next("images")
        if (early := self._early_answer(fault)) is not None:
            return early
        item = self._image_item(fault)
        if body.get("stream") and self.streaming and item.get("b64_json"):
            # A picture only reachable by URL cannot stream: such answers stay plain JSON.
            return self._image_stream(body, str(item["b64_json"]))
        time.sleep(self.paint_delay_s)
        return self._image_answer(item)

    def _edit(self, request: Request) -> Response:
        """Image edits (multipart): answered like generations, in one piece."""
        self._record(request)
        if not self.edits_available:
            # What a server without the endpoint says (Ollama, llama.cpp, many proxies).
            return Response("404 page not found", status=404, content_type="text/plain")
        if not request.files:
            return _error(
                400,
                "Missing required parameter: 'image'.",
                "invalid_request_error",
                "missing_required_parameter",
                {},
                param="image",
            )
        fault = self._next("edits")
        if (early := self._early_answer(fault)) is not None:
            return early
        time.sleep(self.paint_delay_s)
        return self._image_answer(self._image_item(fault))

    def _image_item(self, fault: Failure | Fault | None) -> dict[str, Any]:
        """The picture's entry in ``data``: the configured one, or the fault's broken one."""
        kind = fault.kind if isinstance(fault, Fault) else None
        if kind == "bad_base64":
            item: dict[str, Any] = {"b64_json": "<this is *not* base64!>"}
        elif kind == "not_image":
            item = {"b64_json": base64.b64encode(HTML_PAGE.encode()).decode("ascii")}
        elif kind == "bad_url":
            item = {"url": self.server.url_for(EXPIRED_IMAGE_PATH)}
        elif kind in ("bomb", "junk_tail"):
            if kind == "bomb":
                picture = png_claiming(100_000, 100_000)
            else:
                junk_bytes = fault.junk_bytes if isinstance(fault, Fault) else 0
                picture = png_bytes(8, 8) + b"\x00junk" * (junk_bytes // 5)
            item = {"b64_json": base64.b64encode(picture).decode("ascii")}
        elif self.image_item is not None:
            item = self.image_item
        elif self.image_mode == "url":
            item = {
                "url": self.server.url_for(PATHS["files"]),
                "revised_prompt": "A painting of a wooden table.",
            }
        else:
            item = {"b64_json": base64.b64encode(self.image).decode("ascii")}
        return item

    def _image_answer(self, item: dict[str, Any]) -> Response:
        return _json(
            {
                "created": int(time.time()),
                "data": [item],
                "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210},
            }
        )

    # -- streaming ---------------------------------------------------------------------------

    def _stream_rejected(self, body: dict[str, Any]) -> Response | None:
        """What a server without streaming may say (vLLM-style): 400 naming the parameter."""
        if body.get("stream") and self.reject_stream:
            return _error(
                400, "stream is not supported", "invalid_request_error", None, {}, param="stream"
            )
        return None

    def _event(self, endpoint: str, what: str, data: Any, event: str | None = None) -> bytes:
        """One server-sent event, logged as it goes out."""
        with self._lock:
            self.stream_log.append((endpoint, time.monotonic(), what))
        payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        head = f"event: {event}\n" if event else ""
        return f"{head}data: {payload}\n\n".encode()

    def _cut(self, events: Iterator[bytes]) -> Iterator[bytes]:
        """``events``, ended early when ``stream_cut_after`` says so."""
        limit = self.stream_cut_after
        if limit is None:
            yield from events
            return
        for _ in range(limit):
            event = next(events, None)
            if event is None:
                return
            yield event

    def _chat_stream(
        self,
        model: str,
        content: Any,
        refusal: str | None,
        finish_reason: str,
        include_usage: bool,
    ) -> Response:
        """Chat completion chunks as OpenAI sends them; the text comes word by word, spread
        evenly over ``describe_delay_s``."""
        if refusal is not None:
            field_name, tokens = "refusal", split_tokens(refusal)
        else:
            field_name, tokens = "content", split_tokens(_content_text(content))
        gap = self.describe_delay_s / max(len(tokens), 1)
        created = int(time.time())

        def chunk(choices: list[dict[str, Any]], usage: dict[str, int] | None = None) -> dict:
            data: dict[str, Any] = {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_test",
                "choices": choices,
            }
            if include_usage:
                data["usage"] = usage
            return data

        def delta(fields: dict[str, Any], finish: str | None = None) -> list[dict[str, Any]]:
            return [{"index": 0, "delta": fields, "logprobs": None, "finish_reason": finish}]

        def events() -> Iterator[bytes]:
            first = {"role": "assistant", "content": "", "refusal": None}
            yield self._event("chat", "role", chunk(delta(first)))
            for token in tokens or [""]:
                if self._stopping.wait(gap):
                    return
                if token:
                    yield self._event("chat", field_name, chunk(delta({field_name: token})))
            yield self._event("chat", f"finish:{finish_reason}", chunk(delta({}, finish_reason)))
            if include_usage:
                usage = {"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200}
                yield self._event("chat", "usage", chunk([], usage))
            yield self._event("chat", "done", "[DONE]")

        return _event_stream(self._cut(events()))

    def _image_stream(self, body: dict[str, Any], final_b64: str) -> Response:
        """``partial_images`` previews, then the completed picture, spread evenly over
        ``paint_delay_s``, in the events OpenAI's image streaming sends."""
        try:
            count = max(0, min(int(body.get("partial_images") or 0), 3))
        except (TypeError, ValueError):
            count = 0
        gap = self.paint_delay_s / (count + 1)
        common = {
            "created_at": int(time.time()),
            "size": body.get("size") or "1024x1024",
            "quality": body.get("quality") or "auto",
            "background": "opaque",
            "output_format": "png",
        }

        def events() -> Iterator[bytes]:
            for index in range(count):
                if self._stopping.wait(gap):
                    return
                preview = png_bytes(64, 64, (40 + 60 * index, 120, 220))
                data = {
                    "type": "image_generation.partial_image",
                    "b64_json": base64.b64encode(preview).decode("ascii"),
                    "partial_image_index": index,
                    **common,
                }
                yield self._event("images", f"partial:{index}", data, data["type"])
            if self._stopping.wait(gap):
                return
            data = {
                "type": "image_generation.completed",
                "b64_json": final_b64,
                **common,
                "usage": {
                    "input_tokens": 50,
                    "input_tokens_details": {"text_tokens": 50, "image_tokens": 0},
                    "output_tokens": 4160,
                    "total_tokens": 4210,
                },
            }
            yield self._event("images", "completed", data, data["type"])

        return _event_stream(self._cut(events()))

    def _moderation(self, request: Request) -> Response:
        entry = self._record(request)
        if not self.moderation_available:
            # What a server without the endpoint says (Ollama, vLLM, llama.cpp ...).
            return Response("404 page not found", status=404, content_type="text/plain")
        fault = self._next("moderations")
        if (early := self._early_answer(fault)) is not None:
            return early
        flagged = set(self.moderation_flagged)
        if isinstance(fault, Fault) and fault.kind == "flagged":
            flagged |= set(fault.categories)
        body = entry["json"] or {}
        inputs = body.get("input", "")
        for word, categories in self.moderation_flag_words.items():
            if word.casefold() in json.dumps(inputs, ensure_ascii=False).casefold():
                flagged |= set(categories)
        with_image = isinstance(inputs, list) and any(
            isinstance(part, dict) and part.get("type") == "image_url" for part in inputs
        )
        if isinstance(inputs, list) and all(isinstance(i, str) for i in inputs) and inputs:
            count = len(inputs)
        else:
            count = 1  # one text, or one multimodal input made of parts

        def applied(category: str) -> list[str]:
            return ["text", "image"] if with_image and category in _IMAGE_CATEGORIES else ["text"]

        result = {
            "flagged": bool(flagged),
            "categories": {c: c in flagged for c in MODERATION_CATEGORIES},
            "category_scores": {
                c: 0.93 if c in flagged else 0.000012 for c in MODERATION_CATEGORIES
            },
            "category_applied_input_types": {c: applied(c) for c in MODERATION_CATEGORIES},
        }
        return _json(
            {
                "id": "modr-test",
                "model": body.get("model") or "omni-moderation-latest",
                "results": [result] * count,
            }
        )

    def _models(self, request: Request) -> Response:
        self._record(request)
        if (failed := self._early_answer(self._next("models"))) is not None:
            return failed
        return _json(
            {
                "object": "list",
                "data": [
                    {"id": m, "object": "model", "created": 0, "owned_by": "test"}
                    for m in self.model_ids
                ],
            }
        )

    def _file(self, request: Request) -> Response:
        self._record(request)
        if (failed := self._failure("files")) is not None:
            return failed
        return Response(self.image, content_type="image/png")

    def _expired(self, request: Request) -> Response:
        self._record(request)
        return Response(
            '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code>'
            "<Message>The specified blob does not exist.</Message></Error>",
            status=404,
            content_type="application/xml",
        )


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), content_type="application/json")


def _event_stream(events: Iterator[bytes]) -> Response:
    # A generator body: werkzeug writes each event as it is made (chunked), so they arrive
    # over time, as from the real service.
    return Response(
        events,
        content_type="text/event-stream; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )


def split_tokens(text: str) -> list[str]:
    """``text`` in word-sized pieces (each with the spaces before it), as models stream it;
    joined they give ``text`` back exactly."""
    return re.findall(r"\s*\S+|\s+", text)


def _content_text(content: Any) -> str:
    if isinstance(content, list):
        parts = [p.get("text", "") if isinstance(p, dict) else str(p) for p in content]
        return " ".join(str(p).strip() for p in parts if p)
    return str(content or "")


def _error(
    status: int,
    message: str,
    kind: str,
    code: str | None,
    headers: dict[str, str],
    *,
    param: str | None = None,
) -> Response:
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return Response(
        json.dumps(body), status=status, headers=headers, content_type="application/json"
    )


if __name__ == "__main__":
    fake = FakeOpenAI().start()
    print(f"OPENAI_BASE_URL={fake.base_url}  (any OPENAI_API_KEY works); Ctrl+C stops", flush=True)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        fake.stop()
