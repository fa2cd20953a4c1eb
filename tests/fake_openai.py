"""An OpenAI-compatible server on 127.0.0.1 for tests (the real SDK talks real HTTP to it).

It answers ``/v1/chat/completions``, ``/v1/images/generations`` and ``/v1/models`` the way the
OpenAI API does, records every request for assertions, and can fail on cue.

Run it by hand to try the app:  python -m tests.fake_openai  (prints the base URL to use).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.media import png_bytes

CZECH_DESCRIPTION = (
    "Na obrázku je velký dřevěný stůl hnědé barvy, na kterém stojí bílý hrnek s modrým "
    "proužkem. Vedle hrnku leží červená kniha a malé zelené jablko. V pozadí je okno se "
    "světle modrými závěsy a za ním zelený strom."
)


@dataclass
class Failure:
    status: int
    body: Any
    times: int = 1  # how many requests fail before the endpoint works again
    headers: dict[str, str] = field(default_factory=dict)


class FakeOpenAI:
    def __init__(self) -> None:
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.description: Any = CZECH_DESCRIPTION  # a str, or a list of content parts
        self.finish_reason = "stop"
        self.image_mode = "b64_json"  # or "url"
        self.image_item: dict[str, Any] | None = None  # answer with exactly this data item
        self.image = png_bytes(256, 256, (30, 120, 220))
        self.paint_delay_s = 0.0
        self.describe_delay_s = 0.0
        self.model_ids = ["gpt-6.1-terra", "gpt-image-2.6-flare", "llava-test", "paint-test"]
        self.failures: dict[str, list[Failure]] = {}
        self.requests: list[dict[str, Any]] = []  # {"path", "json", "headers"}
        self._lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeOpenAI:
        s = self.server
        s.expect_request("/v1/chat/completions", method="POST").respond_with_handler(self._chat)
        s.expect_request("/v1/images/generations", method="POST").respond_with_handler(self._image)
        s.expect_request("/v1/models", method="GET").respond_with_handler(self._models)
        s.expect_request("/files/painting.png").respond_with_handler(self._file)
        s.start()
        return self

    def stop(self) -> None:
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
        """Make the next ``times`` requests to ``endpoint`` ("chat", "images", "models") fail."""
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
        failure = Failure(status, body, times, {"retry-after-ms": "10"})
        self.failures.setdefault(endpoint, []).append(failure)

    def requests_to(self, endpoint: str) -> list[dict[str, Any]]:
        path = {
            "chat": "/v1/chat/completions",
            "images": "/v1/images/generations",
            "models": "/v1/models",
        }[endpoint]
        return [r for r in self.requests if r["path"] == path]

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
        with self._lock:
            self.requests.append(entry)
        return entry

    def _failure(self, endpoint: str) -> Response | None:
        with self._lock:
            queue = self.failures.get(endpoint) or []
            if not queue:
                return None
            failure = queue[0]
            failure.times -= 1
            if failure.times <= 0:
                queue.pop(0)
        body = failure.body if isinstance(failure.body, str) else json.dumps(failure.body)
        return Response(
            body, status=failure.status, headers=failure.headers, content_type="application/json"
        )

    def _chat(self, request: Request) -> Response:
        entry = self._record(request)
        if (failed := self._failure("chat")) is not None:
            return failed
        time.sleep(self.describe_delay_s)
        model = (entry["json"] or {}).get("model", "unknown")
        return _json(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": self.finish_reason,
                        "message": {"role": "assistant", "content": self.description},
                    }
                ],
                "usage": {"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200},
            }
        )

    def _image(self, request: Request) -> Response:
        entry = self._record(request)
        if (failed := self._failure("images")) is not None:
            return failed
        time.sleep(self.paint_delay_s)
        if self.image_item is not None:
            item = self.image_item
        elif self.image_mode == "url":
            item = {
                "url": self.server.url_for("/files/painting.png"),
                "revised_prompt": "A painting of a wooden table.",
            }
        else:
            item = {"b64_json": base64.b64encode(self.image).decode("ascii")}
        del entry
        return _json(
            {
                "created": int(time.time()),
                "data": [item],
                "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210},
            }
        )

    def _models(self, request: Request) -> Response:
        self._record(request)
        if (failed := self._failure("models")) is not None:
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


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), content_type="application/json")


if __name__ == "__main__":
    fake = FakeOpenAI().start()
    print(f"OPENAI_BASE_URL={fake.base_url}  (any OPENAI_API_KEY works); Ctrl+C stops", flush=True)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        fake.stop()
