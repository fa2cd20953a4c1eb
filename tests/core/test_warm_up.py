"""The warm-up: the first round's costs paid before the press, never a paid request.

The real SDK against the tests' loopback server (which closes every connection after its
answer), and, for the connection the first round must reuse, a small keep-alive server that
logs the TCP connection each request came on.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from camdraw.core.imaging import Upload
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import KEEP_ALIVE_S
from camdraw.core.round.session import Session
from camdraw.core.round.warm_up import REWARM_AFTER_S, WarmUp
from camdraw.core.settings import Settings
from tests.fake_openai import PATHS, FakeOpenAI

KEY = "sk-test-warm-1234"
PAID = ("chat", "images", "edits", "moderations")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _session(clock: Clock, key: str | None = KEY) -> Session:
    session = Session(KeyStore({"OPENAI_API_KEY": key} if key else {}))
    session.warm = WarmUp(session.providers, clock=clock)
    return session


def _models_asked(server: FakeOpenAI) -> int:
    return len(server.requests_to("models"))


def _paid(server: FakeOpenAI) -> list[str]:
    return [endpoint for endpoint in PAID if server.requests_to(endpoint)]


def test_the_warm_up_asks_only_for_the_model_list_once(fake_openai: FakeOpenAI) -> None:
    settings = Settings(base_url=fake_openai.base_url)
    session = _session(Clock())
    assert session.warm.is_due(settings)
    warmed = session.warm_up(settings)
    assert warmed.skipped == ""
    assert warmed.servers == (fake_openai.base_url + "/",)
    assert not session.warm.is_due(settings)  # the same settings, still fresh: nothing to do
    assert _models_asked(fake_openai) == 1
    assert _paid(fake_openai) == []
    assert {r["headers"].get("Authorization") for r in fake_openai.requests} == {f"Bearer {KEY}"}


def test_a_routed_setup_warms_both_servers(fake_openai: FakeOpenAI) -> None:
    painter = FakeOpenAI().start()
    try:
        settings = Settings(
            base_url=fake_openai.base_url, paint_server="custom", paint_base_url=painter.base_url
        )
        warmed = _session(Clock()).warm_up(settings)
        assert len(warmed.servers) == 2
        assert _models_asked(fake_openai) == 1 and _models_asked(painter) == 1
        assert _paid(fake_openai) == [] and _paid(painter) == []
    finally:
        painter.stop()


def test_a_settings_change_warms_up_again(fake_openai: FakeOpenAI) -> None:
    settings = Settings(base_url=fake_openai.base_url)
    session = _session(Clock())
    session.warm_up(settings)
    other = FakeOpenAI().start()
    try:
        moved = settings.replace(base_url=other.base_url)
        assert session.warm.is_due(moved)
        session.warm_up(moved)
        assert _models_asked(other) == 1
        assert not session.warm.is_due(moved)
        assert session.warm.is_due(moved.replace(image_model="paint-test"))  # a new model
    finally:
        other.stop()


def test_a_new_key_warms_up_again(fake_openai: FakeOpenAI) -> None:
    settings = Settings(base_url=fake_openai.base_url)
    session = _session(Clock())
    session.warm_up(settings)
    session.warm.forget()
    assert session.warm.is_due(settings)


def test_idle_connections_are_renewed_and_a_round_keeps_them_fresh(
    fake_openai: FakeOpenAI,
) -> None:
    clock = Clock()
    settings = Settings(base_url=fake_openai.base_url)
    session = _session(clock)
    session.warm_up(settings)
    clock.now += REWARM_AFTER_S - 1
    assert not session.warm.is_due(settings)
    session.warm.note_used()  # a round talked to the server
    clock.now += REWARM_AFTER_S - 1
    assert not session.warm.is_due(settings)
    clock.now += 1
    assert session.warm.is_due(settings)
    session.warm_up(settings)
    assert session.warm.runs == 2 and _models_asked(fake_openai) == 2
    assert REWARM_AFTER_S < KEEP_ALIVE_S  # renewed before the pool drops the connection


@pytest.mark.parametrize(
    ("key", "changes", "why"),
    [
        (KEY, {"service_mode": "offline"}, "offline"),
        (None, {}, "offline"),  # automatic mode without a key: the offline demo
        (None, {"service_mode": "api"}, "no key"),
    ],
)
def test_no_warm_up_offline_or_without_a_key(
    fake_openai: FakeOpenAI, key: str | None, changes: dict[str, object], why: str
) -> None:
    settings = Settings(base_url=fake_openai.base_url).replace(**changes)
    session = _session(Clock(), key)
    assert session.warm_up(settings).skipped == why
    assert fake_openai.requests == []
    assert session.warm.runs == 0
    assert not session.warm.is_due(settings)  # and it does not keep trying


def test_the_first_round_uses_the_warmed_client(fake_openai: FakeOpenAI) -> None:
    settings = Settings(base_url=fake_openai.base_url)
    session = _session(Clock())
    session.warm_up(settings)
    warmed = session.provider(settings)
    assert session.pipeline(settings).provider() is warmed


# -- the connection itself: a keep-alive server that logs each request's TCP connection -------


class _KeepAlive(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps the connection open between requests

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _answer(self, data: object) -> None:
        body = json.dumps(data).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _log(self) -> None:
        self.server.log.append((self.command, self.path, self.client_address))  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._log()
        self._answer({"object": "list", "data": [{"id": "gpt-6.1-terra", "object": "model"}]})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._log()
        self._answer(
            {
                "id": "c1",
                "object": "chat.completion",
                "created": 0,
                "model": "gpt-6.1-terra",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": "Kočka na stole."},
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        )


@pytest.fixture
def keep_alive_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _KeepAlive)
    server.daemon_threads = True
    server.log = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="keep-alive-server")
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_the_first_request_of_a_round_comes_on_the_warmed_connection(
    keep_alive_server: ThreadingHTTPServer,
) -> None:
    host, port = keep_alive_server.server_address[:2]
    settings = Settings(base_url=f"http://{host}:{port}/v1")
    session = _session(Clock())
    session.warm_up(settings)
    provider = session.pipeline(settings).provider()
    provider.describe(
        Upload(b"\xff\xd8\xff\xd9", 1, 1),
        prompt="Describe.",
        model=settings.vision_model,
        detail="low",
        max_tokens=50,
        timeout=10,
    )
    log = keep_alive_server.log  # type: ignore[attr-defined]
    assert [(method, path) for method, path, _peer in log] == [
        ("GET", PATHS["models"]),
        ("POST", PATHS["chat"]),
    ]
    assert len({peer for _m, _p, peer in log}) == 1  # one TCP connection for both
    provider.client.close()  # the server's handler thread ends with its connection
