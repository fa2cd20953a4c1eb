"""Model lists, connection tests and two-server routing, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from camdraw.core.errors import MissingKeyError
from camdraw.core.providers import connection, servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import MAX_RETRIES, NO_KEY, ProviderCache, RoutedProvider
from camdraw.core.providers.connection import probe_server
from camdraw.core.round.pipeline import Pipeline
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from tests.fake_openai import HTML_PAGE, FakeOpenAI
from tests.media import scene_frame

DESCRIBE_KEY = "canary-describe-7a8b9c0d1e"
PAINT_KEY = "canary-paint-2f3a4b5c6d"
NO_PASSAGE = "the key must not appear"


def auth_headers(server: FakeOpenAI) -> set[str | None]:
    """The Authorization headers the server was sent (compare them, never print them)."""
    return {r["headers"].get("Authorization") for r in server.requests}


@pytest.fixture
def odd_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def second_fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


def closed_port_url() -> str:
    with socket.socket() as sock:  # a port nothing listens on once this closes
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_list_models_reads_the_servers_list_sorted(fake_openai: FakeOpenAI) -> None:
    names = connection.list_models(fake_openai.base_url, DESCRIBE_KEY, timeout=5)
    assert names == sorted(fake_openai.model_ids)
    (request,) = fake_openai.requests_to("models")
    assert request["headers"]["Authorization"] == f"Bearer {DESCRIBE_KEY}"


def test_a_server_without_keys_gets_a_placeholder(fake_openai: FakeOpenAI) -> None:
    report = connection.test_connection(fake_openai.base_url, None, server="ollama")
    assert report.ok and report.models == sorted(fake_openai.model_ids)
    assert report.message.startswith("Connected to 127.0.0.1:") and "5 models" in report.message
    assert "gpt-6.1-terra" in report.message
    (request,) = fake_openai.requests_to("models")
    assert request["headers"]["Authorization"] == f"Bearer {NO_KEY}"


def test_an_empty_model_list_is_still_a_connection(fake_openai: FakeOpenAI) -> None:
    fake_openai.model_ids = []
    report = connection.test_connection(fake_openai.base_url, DESCRIBE_KEY)
    assert report.ok and "lists no models" in report.message


def test_nothing_listening_says_so_and_names_the_likely_cause() -> None:
    url = closed_port_url()
    report = connection.test_connection(url, DESCRIBE_KEY, server="ollama", timeout=5)
    assert not report.ok
    assert report.message.startswith("No server answers at 127.0.0.1:")
    assert "Is Ollama running?" in report.message
    lmstudio = connection.test_connection(url, None, server="lmstudio", timeout=5)
    assert "LM Studio" in lmstudio.message
    assert DESCRIBE_KEY not in report.message


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_key_is_named_without_showing_it(odd_server: HTTPServer, status: int) -> None:
    odd_server.expect_request("/v1/models").respond_with_json(
        {"error": {"message": f"Incorrect API key provided: {DESCRIBE_KEY}"}}, status=status
    )
    report = connection.test_connection(odd_server.url_for("/v1"), DESCRIBE_KEY, server="openai")
    assert not report.ok
    assert f"refused the key ({status})" in report.message
    assert DESCRIBE_KEY not in report.message


def test_a_web_page_instead_of_a_model_list(odd_server: HTTPServer) -> None:
    odd_server.expect_request("/v1/models").respond_with_data(HTML_PAGE, content_type="text/html")
    report = connection.test_connection(odd_server.url_for("/v1"), DESCRIBE_KEY)
    assert not report.ok
    assert "not like an OpenAI-compatible server" in report.message
    assert "web page" in report.message and DESCRIBE_KEY not in report.message


def test_no_model_list_at_that_address(odd_server: HTTPServer) -> None:
    odd_server.expect_request("/models").respond_with_data("Not Found", status=404)
    report = connection.test_connection(odd_server.url_for(""), DESCRIBE_KEY)  # forgot the /v1
    assert not report.ok
    assert "not like an OpenAI-compatible server" in report.message
    assert "ends in /v1" in report.message


def test_a_slow_server_times_out_in_plain_words(fake_openai: FakeOpenAI) -> None:
    fake_openai.fault("timeout", endpoint="models", delay_s=3)
    report = connection.test_connection(fake_openai.base_url, DESCRIBE_KEY, timeout=0.5)
    assert not report.ok
    assert "did not answer within 0.5 s" in report.message


def test_a_tls_problem_is_named(odd_server: HTTPServer) -> None:
    # An https:// address to a plain-http server: the TLS handshake fails.
    url = odd_server.url_for("/v1").replace("http://", "https://")
    report = connection.test_connection(url, DESCRIBE_KEY, timeout=5)
    assert not report.ok
    assert "secure (TLS) connection" in report.message


def test_describe_and_paint_go_to_their_own_servers_with_their_own_keys(
    fake_openai: FakeOpenAI, second_fake: FakeOpenAI, tmp_path: Path
) -> None:
    keys = KeyStore({"OPENAI_API_KEY": "canary-env-never-sent-1234"})
    keys.store("canary-openai-never-sent-5678")  # an OpenAI key: neither server's
    keys.for_server(servers.make_server("custom", fake_openai.base_url)).store(DESCRIBE_KEY)
    keys.for_server(servers.make_server("custom", second_fake.base_url)).store(PAINT_KEY)
    settings = Settings(
        service_mode="api",
        describe_server="custom",
        base_url=fake_openai.base_url,
        paint_server="custom",
        paint_base_url=second_fake.base_url,
        images_dir=str(tmp_path / "images"),
        cooldown_s=0,
    )
    cache = ProviderCache(keys)
    assert isinstance(cache.get(settings), RoutedProvider)
    record = Pipeline(settings, lambda: cache.get(settings)).run_frame(scene_frame())
    assert record.status == "done", record.errors
    describer_paths = {r["path"] for r in fake_openai.requests}
    painter_paths = {r["path"] for r in second_fake.requests}
    assert "/v1/chat/completions" in describer_paths
    assert "/v1/images/generations" not in describer_paths
    assert "/v1/moderations" in describer_paths  # the painter is not OpenAI
    assert "/v1/images/generations" in painter_paths
    assert "/v1/chat/completions" not in painter_paths
    # Compared, never printed: a failing assert shows only True/False.
    assert (auth_headers(fake_openai) == {f"Bearer {DESCRIBE_KEY}"}) is True, NO_PASSAGE
    assert (auth_headers(second_fake) == {f"Bearer {PAINT_KEY}"}) is True, NO_PASSAGE


ENV_KEY = "canary-env-key-3e4f5a6b7c"


def test_the_environment_key_goes_to_the_openai_preset_only(
    fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = KeyStore({"OPENAI_API_KEY": ENV_KEY})
    # OPENAI_BASE_URL, the SDK's way to reach a proxy, still gets the OpenAI key.
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    openai_server = servers.describing_server(Settings())
    assert probe_server(openai_server, keys, allow_insecure=False).ok
    assert (auth_headers(fake_openai) == {f"Bearer {ENV_KEY}"}) is True, NO_PASSAGE
    fake_openai.requests.clear()

    custom = Settings(describe_server="custom", base_url=fake_openai.base_url)
    assert probe_server(servers.describing_server(custom), keys, allow_insecure=False).ok
    ProviderCache(keys).get(custom).available_models()  # a round's client for that server
    assert (auth_headers(fake_openai) == {f"Bearer {NO_KEY}"}) is True, NO_PASSAGE
    fake_openai.requests.clear()

    azure = Settings(describe_server="azure", base_url=fake_openai.base_url)
    report = probe_server(servers.describing_server(azure), keys, allow_insecure=False)
    assert not report.ok and "No key is set" in report.message
    with pytest.raises(MissingKeyError):
        ProviderCache(keys).get(azure.replace(service_mode="api"))
    paint_azure = Settings(paint_server="azure", paint_base_url=fake_openai.base_url)
    with pytest.raises(MissingKeyError):
        ProviderCache(keys).get(paint_azure)
    assert fake_openai.requests == []


def test_an_openai_key_stays_behind_when_describing_moves_to_a_custom_server(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    keys = KeyStore({})
    keys.store(DESCRIBE_KEY)  # an existing user's OpenAI key, under its old keyring name
    settings = Settings(
        service_mode="api",
        describe_server="custom",
        base_url=fake_openai.base_url,
        images_dir=str(tmp_path / "images"),
        cooldown_s=0,
    )
    cache = ProviderCache(keys)
    record = Pipeline(settings, lambda: cache.get(settings)).run_frame(scene_frame())
    assert record.status == "done", record.errors
    assert fake_openai.requests_to("chat")
    assert (auth_headers(fake_openai) == {f"Bearer {NO_KEY}"}) is True, NO_PASSAGE


def test_describing_and_painting_on_one_server_share_its_key(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    keys = KeyStore({"OPENAI_API_KEY": ENV_KEY})
    keys.for_server(servers.make_server("custom", fake_openai.base_url)).store(PAINT_KEY)
    settings = Settings(
        service_mode="api",
        describe_server="custom",
        base_url=fake_openai.base_url,
        paint_server="custom",
        paint_base_url=fake_openai.base_url,
        images_dir=str(tmp_path / "images"),
        cooldown_s=0,
    )
    cache = ProviderCache(keys)
    assert not isinstance(cache.get(settings), RoutedProvider)
    record = Pipeline(settings, lambda: cache.get(settings)).run_frame(scene_frame())
    assert record.status == "done", record.errors
    assert fake_openai.requests_to("chat") and fake_openai.requests_to("images")
    assert (auth_headers(fake_openai) == {f"Bearer {PAINT_KEY}"}) is True, NO_PASSAGE


def test_the_connection_test_and_a_round_build_their_clients_alike(
    fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One constructor: the same address, key and retry-notice hook; only the retries and the
    time-out are the connection test's own."""
    import openai

    built: list[openai.OpenAI] = []

    class Recorded(openai.OpenAI):
        def __init__(self, **options: object) -> None:
            super().__init__(**options)  # type: ignore[arg-type]
            built.append(self)

    monkeypatch.setattr(openai, "OpenAI", Recorded)
    keys = KeyStore({})
    server = servers.make_server("custom", fake_openai.base_url)
    keys.for_server(server).store(DESCRIBE_KEY)
    settings = Settings(describe_server="custom", base_url=fake_openai.base_url)
    assert probe_server(server, keys, allow_insecure=False).ok
    ProviderCache(keys).get(settings)
    tested, rounds = built
    assert (tested.api_key == rounds.api_key == DESCRIBE_KEY) is True, NO_PASSAGE
    assert tested.base_url == rounds.base_url
    assert tested._client.event_hooks == rounds._client.event_hooks  # the retry notices
    assert rounds._client.event_hooks["response"]  # (there is one)
    assert (tested.max_retries, rounds.max_retries) == (0, MAX_RETRIES)
    assert tested.timeout == connection.DEFAULT_TEST_TIMEOUT_S
    assert rounds.timeout == max(settings.describe_timeout_s, settings.paint_timeout_s)


def test_a_round_on_a_local_server_that_is_not_running_names_the_way_out(
    tmp_path: Path,
) -> None:
    """The round is told which server it asked, as the connection test is."""
    settings = Settings(
        describe_server="ollama", base_url=closed_port_url(), images_dir=str(tmp_path)
    )
    record = Session(KeyStore({})).pipeline(settings).run_frame(scene_frame())
    assert record.status == "failed"
    assert "could not reach the AI service" in record.errors["describe"]
    assert "Is Ollama running? Start it with 'ollama serve'." in record.errors["describe"]
