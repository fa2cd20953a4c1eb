"""The tests' loopback OpenAI server (tests/fake_openai.py) with a stopwatch.

The server runs in this process, so its ``time.monotonic()`` is the app's clock. Every request
is timed from the moment werkzeug hands it over (headers parsed, before the body is read) to
the moment its last byte is handed to the socket: for a streamed answer that is when the
response's chunk iterator runs out, so the timing works whether or not the fake streams.
The fake's own ``stream_log`` (when it has one) is preferred for the first streamed token.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tests.fake_openai import FakeOpenAI

# A streamed chat chunk that carries text (the first chunk usually carries only the role).
_CONTENT = re.compile(rb'"content"\s*:\s*"[^"]')
_FRAMING = ("role", "start", "open", "header", "done", "usage", "finish", "end", "stop", "close")
_TOKEN_WORDS = ("token", "delta", "content", "text")


@dataclass
class Served:
    path: str
    arrived: float  # headers in, body not yet read
    finished: float | None = None  # last byte handed to the socket
    streamed: bool = False
    first_content: float | None = None  # streamed chat: the first chunk with text
    peer: object = None  # (address, port) of the TCP connection it came on

    @property
    def endpoint(self) -> str:
        for name in ("chat", "images", "moderations", "models"):
            if name in self.path:
                return name
        return self.path

    @property
    def seconds(self) -> float:
        return (self.finished or self.arrived) - self.arrived


class TimedServer:
    def __init__(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
        self.fake = FakeOpenAI()
        self._served: list[Served] = []
        self._lock = threading.Lock()
        original = self.fake.server.application

        def application(request: Any) -> Any:
            entry = Served(request.path, time.monotonic())
            entry.peer = (request.remote_addr, request.environ.get("REMOTE_PORT"))
            with self._lock:
                self._served.append(entry)
            response = original(request)
            if response.is_streamed:
                entry.streamed = True
                response.response = _timed(response.response, entry)
            else:
                entry.finished = time.monotonic()
            return response

        # start() wraps ``server.application`` for werkzeug, so this must come first.
        self.fake.server.application = application
        self.streams_chat = self._ask_for_streaming()
        self._description = self.fake.description
        self._descriptions = 0
        self.fake.start()

    def _ask_for_streaming(self) -> bool:
        """Turn the fake's streaming on, where it has streaming (older versions have none)."""
        fake = self.fake
        if not isinstance(getattr(fake, "streaming", None), bool):
            return False
        fake.streaming = True
        for name in ("partial_images", "partials"):
            if isinstance(getattr(fake, name, None), int):
                setattr(fake, name, 2)
        return True

    @property
    def has_stream_log(self) -> bool:
        return isinstance(getattr(self.fake, "stream_log", None), list)

    def new_description(self) -> None:
        """Describe the next photo differently: the app caches paintings by description, and
        different photos get different descriptions from a real model."""
        self._descriptions += 1
        if isinstance(self._description, str):
            self.fake.description = f"{self._description} (Záběr {self._descriptions}.)"

    def script(self, describe_s: float, paint_s: float) -> None:
        self.fake.describe_delay_s = describe_s
        self.fake.paint_delay_s = paint_s

    def served(self, start: float, end: float) -> list[Served]:
        """The requests a round made between ``start`` and ``end`` (model listings aside)."""
        with self._lock:
            return [s for s in self._served if start <= s.arrived <= end and s.endpoint != "models"]

    def first_token(self, start: float, end: float) -> tuple[float | None, str]:
        """When the first streamed description token left the server, and how that is known."""
        log = getattr(self.fake, "stream_log", None)
        if isinstance(log, list):
            for entry in list(log):
                try:
                    endpoint, stamp, what = entry
                except (TypeError, ValueError):
                    continue
                if "chat" in str(endpoint) and start <= stamp <= end and _is_token(what):
                    return float(stamp), "fake.stream_log"
        for served in self.served(start, end):
            if served.endpoint == "chat" and served.first_content is not None:
                return served.first_content, "first chat chunk with text"
        return None, ""

    def chat_streamed(self, start: float, end: float) -> bool:
        return any(s.endpoint == "chat" and s.streamed for s in self.served(start, end))

    def forget(self) -> None:
        """Drop every record (long loops must not measure the server's own memory)."""
        self.fake.forget()
        log = getattr(self.fake, "stream_log", None)
        if isinstance(log, list):
            log.clear()
        with self._lock:
            self._served.clear()

    def stop(self) -> None:
        self.fake.stop()


def _is_token(what: object) -> bool:
    text = str(what).lower()
    if any(word in text for word in _TOKEN_WORDS):
        return True
    return not any(word in text for word in _FRAMING)


def _timed(chunks: Iterable[Any], entry: Served) -> Iterator[Any]:
    try:
        for chunk in chunks:
            if entry.first_content is None and "chat" in entry.path:
                data = chunk if isinstance(chunk, bytes) else str(chunk).encode("utf-8")
                if _CONTENT.search(data):
                    entry.first_content = time.monotonic()
            yield chunk
    finally:
        entry.finished = time.monotonic()
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
