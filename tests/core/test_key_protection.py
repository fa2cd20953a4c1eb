"""The key stays on the user's side: never over plain http to another machine, never in logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from camdraw.core import logs
from camdraw.core.errors import ConfigError
from camdraw.core.providers import servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import (
    ProviderCache,
    check_transport,
    is_loopback,
    key_to_send,
)
from camdraw.core.providers.connection import probe_server
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from tests.media import scene_frame

KEY = "sk-canary-transport-0c1d2e3f4a"


@pytest.mark.parametrize(
    "url",
    [
        None,
        "https://api.openai.com/v1",
        "https://myproxy.example.com/v1",
        "http://127.0.0.1:8080/v1",
        "http://127.5.6.7/v1",
        "http://localhost:11434/v1",
        "http://[::1]:1234/v1",
    ],
)
def test_https_and_loopback_are_fine(url: str | None) -> None:
    check_transport(url, allow_insecure=False)


@pytest.mark.parametrize(
    "url", ["http://192.168.1.20:11434/v1", "http://ollama.lan/v1", "http://10.0.0.5/v1"]
)
def test_plain_http_to_another_machine_is_refused_unless_allowed(url: str) -> None:
    with pytest.raises(ConfigError, match="unencrypted") as caught:
        check_transport(url, allow_insecure=False)
    assert "Allow unencrypted http" in str(caught.value)
    check_transport(url, allow_insecure=True)  # the user's explicit choice


def test_is_loopback() -> None:
    assert is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.1")
    assert not is_loopback("example.com") and not is_loopback(None) and not is_loopback("")


def test_the_key_is_not_even_looked_up_for_a_refused_address() -> None:
    class Watching(KeyStore):
        asked = False

        def find(self) -> None:
            Watching.asked = True

        def require(self) -> str:
            Watching.asked = True
            return KEY

    settings = Settings(base_url="http://203.0.113.9/v1", service_mode="api")
    with pytest.raises(ConfigError):
        ProviderCache(Watching({})).get(settings)
    assert not Watching.asked


def test_a_round_against_a_plain_http_server_fails_with_the_reason_and_keeps_the_photo(
    tmp_path: Path,
) -> None:
    settings = Settings(base_url="http://203.0.113.9/v1", images_dir=str(tmp_path / "images"))
    keys = KeyStore({"OPENAI_API_KEY": KEY})
    messages: list[str] = []

    def listener(event: object) -> None:
        if getattr(event, "status", "") == "failed":
            messages.append(event.message)  # type: ignore[attr-defined]

    pipeline = Session(keys).pipeline(settings, listener=listener)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed" and record.steps["describe"] == "failed"
    assert "unencrypted" in record.errors["describe"]
    assert record.files.photo.exists()
    assert messages and "203.0.113.9" in messages[-1]
    assert KEY not in record.files.sidecar.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "request headers: {'Authorization': 'Bearer abcdefghijklmnopqrstu'}",
        "api-key: 0123456789abcdef0123456789abcdef",
        "GET https://example.com/v1/models?api_key=abcdefghijklmnopq",
        "someone else's key sk-"
        + "proj-ABCDEFGHIJKLMNOPQRSTUVWX was rejected",  # split: no key in git
    ],
)
def test_anything_shaped_like_a_key_is_redacted_from_log_records(
    line: str, caplog: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("camdraw.test.redaction")
    handler_filter = logs.RedactingFilter()
    caplog.handler.addFilter(handler_filter)
    try:
        with caplog.at_level(logging.INFO, logger=logger.name):
            logger.info("%s", line)
    finally:
        caplog.handler.removeFilter(handler_filter)
    text = caplog.text
    assert "[redacted]" in text
    for secret in (
        "abcdefghijklmnopqrstu",
        "0123456789abcdef0123",
        "abcdefghijklmnopq",
        "ABCDEFGHIJKLMNOPQRSTUVWX",
    ):
        assert secret not in text


def test_a_server_that_takes_no_key_is_sent_none_even_over_plain_http(
    memory_keyring: object,
) -> None:
    keys = KeyStore({"OPENAI_API_KEY": KEY})
    keys.store(KEY)
    providers = ProviderCache(keys)
    lan = Settings(describe_server="ollama", base_url="http://192.168.1.20:11434/v1")
    client = providers.get(lan).client  # no key crosses the network, so plain http is fine
    assert client.api_key == "not-needed"
    custom = Settings(describe_server="custom", base_url="http://192.168.1.20:8080/v1")
    keyless = providers.get(custom).client  # no key for this server: nothing to protect
    assert keyless.api_key == "not-needed"
    keys.for_server(servers.describing_server(custom)).store("canary-lan-key-123456")
    with pytest.raises(ConfigError, match="unencrypted"):
        providers.get(custom)  # now it would carry its key
    assert providers.get(custom.replace(allow_insecure_http=True)).client.api_key.startswith(
        "canary-lan"
    )


def test_a_keyless_custom_lan_server_passes_the_connection_test_checks(
    memory_keyring: object,
) -> None:
    keys = KeyStore({"OPENAI_API_KEY": KEY})  # the environment key is not this server's
    lan = servers.make_server("custom", "http://192.168.1.20:8080/v1")
    assert key_to_send(lan, keys, allow_insecure=False) is None
    keys.for_server(lan).use_for_session("canary-lan-session-7788")
    with pytest.raises(ConfigError, match="unencrypted"):
        key_to_send(lan, keys, allow_insecure=False)
    report = probe_server(lan, keys, allow_insecure=False)
    assert not report.ok and "did not send it" in report.message


def test_a_separate_painting_server_over_plain_http_is_refused_too() -> None:
    keys = KeyStore({"OPENAI_API_KEY": KEY})
    settings = Settings(paint_server="custom", paint_base_url="http://203.0.113.9/v1")
    ProviderCache(keys).get(settings)  # describing over https; painting there sends no key
    keys.for_server(servers.painting_server(settings)).use_for_session("canary-paint-9911")
    with pytest.raises(ConfigError, match=r"203\.0\.113\.9"):
        ProviderCache(keys).get(settings)
    azure = Settings(paint_server="azure", paint_base_url="http://203.0.113.9/openai/v1/")
    with pytest.raises(ConfigError, match="unencrypted"):
        ProviderCache(keys).get(azure)  # needs a key: refused before looking it up
