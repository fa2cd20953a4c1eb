"""Server presets, address resolution, per-server keys and the choice of provider (no network)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from camdraw.core import logs
from camdraw.core.errors import ConfigError, MissingKeyError
from camdraw.core.providers import apikey, servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import (
    ProviderCache,
    RoutedProvider,
    choose_service,
    offline_demo_active,
    server_key,
)
from camdraw.core.providers.offline.provider import OfflineProvider
from camdraw.core.settings import Settings
from tests.conftest import MemoryKeyring

DESCRIBE_KEY = "canary-describe-key-0a1b2c"
PAINT_KEY = "canary-paint-key-3d4e5f"


def test_presets_have_addresses_key_rules_and_hints() -> None:
    ids = [p.id for p in servers.PRESETS]
    assert ids == ["openai", "azure", "ollama", "lmstudio", "custom"]
    assert servers.preset("openai").base_url == "https://api.openai.com/v1"
    assert servers.preset("azure").base_url.endswith(".openai.azure.com/openai/v1/")
    assert "deployment" in servers.preset("azure").hint
    assert servers.preset("ollama").base_url == "http://localhost:11434/v1"
    assert servers.preset("lmstudio").base_url == "http://localhost:1234/v1"
    assert [p.needs_key for p in servers.PRESETS] == [True, True, False, False, False]
    assert "Ollama running" in servers.preset("ollama").not_running
    assert servers.preset("something-newer") is servers.CUSTOM


def test_openai_with_no_address_keeps_the_old_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    assert servers.describing_server(Settings()).base_url is None  # the SDK default
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9999/v1")
    assert servers.describing_server(Settings()).base_url == "http://127.0.0.1:9999/v1"
    assert Settings().effective_base_url() == "http://127.0.0.1:9999/v1"  # the same answer
    own = Settings(base_url="https://proxy.example.com/v1")
    assert servers.describing_server(own).base_url == "https://proxy.example.com/v1"


def test_local_presets_use_their_default_address_unless_one_is_set() -> None:
    ollama = servers.describing_server(Settings(describe_server="ollama"))
    assert (ollama.base_url, ollama.where) == ("http://localhost:11434/v1", "localhost:11434")
    moved = Settings(describe_server="ollama", base_url="http://127.0.0.1:11500/v1")
    assert servers.describing_server(moved).base_url == "http://127.0.0.1:11500/v1"


def test_azure_and_custom_need_a_real_address() -> None:
    azure = servers.describing_server(Settings(describe_server="azure"))
    assert "YOUR-RESOURCE" in (azure.address_problem() or "")
    custom = servers.describing_server(Settings(describe_server="custom"))
    assert "Enter the address" in (custom.address_problem() or "")
    mine = Settings(describe_server="azure", base_url="https://mine.openai.azure.com/openai/v1/")
    assert servers.describing_server(mine).address_problem() is None


def test_painting_on_the_same_server_is_the_describing_server() -> None:
    settings = Settings(describe_server="ollama")
    assert not servers.paints_separately(settings)
    assert servers.painting_server(settings) == servers.describing_server(settings)


def test_painting_on_its_own_server_uses_its_address() -> None:
    settings = Settings(describe_server="ollama", paint_server="openai")
    paint = servers.painting_server(settings)
    assert (paint.preset.id, paint.base_url) == ("openai", None)
    settings = Settings(paint_server="custom", paint_base_url="https://paint.example.com/v1")
    assert servers.painting_server(settings).base_url == "https://paint.example.com/v1"
    assert servers.describing_server(settings).preset.id == "openai"


def custom(address: str) -> servers.Server:
    return servers.make_server("custom", address)


def test_keys_belong_to_servers_under_their_own_keyring_names(
    memory_keyring: MemoryKeyring,
) -> None:
    keys = KeyStore({})
    # The OpenAI API itself keeps the entry it always had; the OpenAI preset at another
    # address is another server with its own entry (issue 14, item 4).
    for home in ("", "https://api.openai.com/v1", "https://API.openai.com:443/v1"):
        assert keys.for_server(servers.make_server("openai", home)) is keys
    openai_server = servers.make_server("openai", "https://proxy.example.com/v1")
    assert apikey.username_for(openai_server) == "api-key:openai:proxy.example.com"
    for elsewhere in ("http://api.openai.com/v1", "https://api.openai.com:8443/v1"):
        assert apikey.username_for(servers.make_server("openai", elsewhere)) != apikey.USERNAME
    keys.store(DESCRIBE_KEY)
    vllm = keys.for_server(custom("http://My-vLLM.example.org:8000/v1"))
    assert vllm is keys.for_server(custom("https://my-vllm.example.org:8000/other"))  # one host
    assert vllm.find() is None  # never the OpenAI key
    vllm.store(PAINT_KEY)
    azure = servers.make_server("azure", "https://myres.openai.azure.com/openai/v1/")
    assert apikey.username_for(azure) == "api-key:azure:myres.openai.azure.com"
    assert memory_keyring.store == {
        ("camdraw", apikey.USERNAME): DESCRIBE_KEY,
        ("camdraw", "api-key:custom:my-vllm.example.org:8000"): PAINT_KEY,
    }
    assert keys.for_server(custom("http://my-vllm.example.org:8001/v1")).find() is None
    assert keys.for_server(azure).find() is None  # same host name rules, another preset
    vllm.delete()
    assert vllm.find() is None and keys.require() == DESCRIBE_KEY
    assert apikey.username_for(servers.make_server("ollama", "")) is None
    assert apikey.username_for(servers.make_server("custom", "")) is None  # no address yet


def test_session_keys_belong_to_servers_and_the_environment_only_to_openai(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9999/v1")  # a proxy for the SDK
    keys = KeyStore({"OPENAI_API_KEY": "canary-env-key-998877"})
    paint = keys.for_server(custom("https://paint.example.com/v1"))
    paint.use_for_session(PAINT_KEY)
    assert keys.for_server(custom("https://paint.example.com/v1")).find().source == "session"
    assert keys.find().source == "environment"
    proxied = servers.describing_server(Settings())
    assert proxied.base_url == "http://127.0.0.1:9999/v1"
    assert keys.for_server(proxied).find().source == "environment"  # still the OpenAI preset
    for preset_id in ("custom", "azure"):
        elsewhere = keys.for_server(servers.make_server(preset_id, "https://elsewhere.test/v1"))
        assert elsewhere.find() is None
        with pytest.raises(MissingKeyError, match=r"elsewhere\.test") as info:
            elsewhere.require()
        assert "only to the OpenAI server" in str(info.value)
    with pytest.raises(ConfigError, match="address first"):
        keys.for_server(custom("")).use_for_session(PAINT_KEY)
    with pytest.raises(ConfigError, match="takes no key"):
        keys.for_server(servers.make_server("ollama", "")).store(PAINT_KEY)


def test_key_rules_per_preset(memory_keyring: MemoryKeyring) -> None:
    keys = KeyStore({"OPENAI_API_KEY": "canary-env-key-445566"})
    keys.store(DESCRIBE_KEY)
    ollama = servers.describing_server(Settings(describe_server="ollama"))
    assert server_key(ollama, keys) is None  # a local server never sees the OpenAI key
    lan = servers.describing_server(Settings(describe_server="custom", base_url="http://h/v1"))
    assert server_key(lan, keys) is None  # nor a custom one: neither stored nor environment
    keys.for_server(lan).store(PAINT_KEY)
    assert server_key(lan, keys) == PAINT_KEY  # its own key is sent when set
    azure = Settings(describe_server="azure", base_url="https://r.openai.azure.com/openai/v1/")
    with pytest.raises(MissingKeyError):
        server_key(servers.describing_server(azure), keys)  # the OpenAI key is not borrowed
    separate = servers.painting_server(Settings(describe_server="ollama", paint_server="openai"))
    assert server_key(separate, keys) == DESCRIBE_KEY  # OpenAI for painting: the OpenAI key


def test_switching_the_describing_server_to_custom_leaves_the_openai_key_behind(
    memory_keyring: MemoryKeyring,
) -> None:
    keys = KeyStore({})
    keys.store(DESCRIBE_KEY)  # an existing user's OpenAI key
    settings = Settings(describe_server="custom", base_url="https://my-vllm.example.org:8000/v1")
    assert server_key(servers.describing_server(settings), keys) is None


def test_offline_selection_rules(memory_keyring: MemoryKeyring) -> None:
    none = KeyStore({})
    assert offline_demo_active(Settings(service_mode="offline"), KeyStore({"OPENAI_API_KEY": "k"}))
    assert offline_demo_active(Settings(service_mode="auto"), none)
    assert not offline_demo_active(Settings(service_mode="api"), none)
    assert not offline_demo_active(Settings(service_mode="auto", describe_server="ollama"), none)
    assert not offline_demo_active(Settings(), KeyStore({"OPENAI_API_KEY": "canary-env-1234"}))
    stored = KeyStore({})
    stored.for_server(custom("https://paint.example.com/v1")).store(PAINT_KEY)
    assert offline_demo_active(Settings(), stored)  # only the describing server's key counts
    env = KeyStore({"OPENAI_API_KEY": "canary-env-1234"})
    azure = Settings(describe_server="azure", base_url="https://r.openai.azure.com/openai/v1/")
    assert offline_demo_active(azure, env)  # the OpenAI key is not Azure's


ENV_KEY = {"OPENAI_API_KEY": "sk-canary-env-0a1b2c"}


@pytest.mark.parametrize(
    ("mode", "server", "environ", "offline", "reason", "key_missing"),
    [
        ("auto", "openai", {}, True, "no key", True),
        ("auto", "openai", ENV_KEY, False, "", False),
        ("auto", "ollama", {}, False, "", False),
        ("api", "openai", {}, False, "", True),
        ("api", "openai", ENV_KEY, False, "", False),
        ("api", "ollama", ENV_KEY, False, "", False),
        ("offline", "openai", ENV_KEY, True, "chosen", None),
        ("offline", "ollama", {}, True, "chosen", None),
    ],
)
def test_one_rule_says_where_rounds_run_and_why(
    mode: str,
    server: str,
    environ: dict[str, str],
    offline: bool,
    reason: str,
    key_missing: bool | None,
) -> None:
    """What the window shows and what the rounds run on: ``offline_demo_active`` (the rounds,
    the cache) is ``choose_service`` without the look-up its answer does not need."""
    settings = Settings(service_mode=mode, describe_server=server)
    choice = choose_service(settings, KeyStore(environ))
    assert (choice.offline, choice.reason, choice.key_missing) == (offline, reason, key_missing)
    assert choice.server == servers.describing_server(settings)
    assert offline_demo_active(settings, KeyStore(environ)) is offline


def test_the_rounds_do_not_read_the_keyring_when_the_choice_does_not_depend_on_it() -> None:
    class Counting(KeyStore):
        lookups = 0

        def find(self) -> Any:
            Counting.lookups += 1
            return super().find()

    assert not offline_demo_active(Settings(service_mode="api"), Counting({}))
    assert offline_demo_active(Settings(service_mode="offline"), Counting({}))
    assert Counting.lookups == 0
    choose_service(Settings(service_mode="api"), Counting({}))  # the window wants to know
    assert Counting.lookups == 1


def test_the_cache_picks_the_offline_demo_and_the_api() -> None:
    cache = ProviderCache(KeyStore({}))
    demo = cache.get(Settings(service_mode="auto", language="en"))
    assert isinstance(demo, OfflineProvider)
    assert cache.get(Settings(language="en")) is demo  # reused
    assert cache.get(Settings(language="cs")) is not demo
    with pytest.raises(MissingKeyError):
        cache.get(Settings(service_mode="api"))
    from camdraw.core.providers.provider import OpenAIProvider

    local = cache.get(Settings(describe_server="ollama"))
    assert isinstance(local, OpenAIProvider)
    assert cache.get(Settings(describe_server="ollama")) is local  # the client is reused
    with pytest.raises(ConfigError, match="YOUR-RESOURCE"):
        cache.get(Settings(service_mode="api", describe_server="azure"))


def test_the_cache_routes_when_painting_has_its_own_server(memory_keyring: MemoryKeyring) -> None:
    keys = KeyStore({})
    keys.store(PAINT_KEY)  # the OpenAI key, for the painting server
    cache = ProviderCache(keys)
    settings = Settings(describe_server="ollama", paint_server="openai")
    routed = cache.get(settings)
    assert isinstance(routed, RoutedProvider)
    assert routed.describer is not routed.painter
    assert routed.moderator is routed.painter  # OpenAI paints: it moderates too
    again = cache.get(settings)
    assert again.describer is routed.describer and again.painter is routed.painter
    lmstudio = cache.get(settings.replace(paint_server="lmstudio"))
    assert lmstudio.moderator is lmstudio.describer
    # Painting "on its own" on the very same server is the same key and just one provider.
    same = cache.get(Settings(paint_server="openai"))
    assert not isinstance(same, RoutedProvider)
    vllm = "https://my-vllm.example.org:8000/v1"
    keys.for_server(custom(vllm)).store(DESCRIBE_KEY)
    both = Settings(describe_server="custom", base_url=vllm, paint_server="custom")
    assert not isinstance(cache.get(both.replace(paint_base_url=vllm)), RoutedProvider)


class _Fake:
    def __init__(self, name: str, models: list[str]) -> None:
        self.name, self.models = name, models
        self.moderation_missing = name == "describer"
        self.calls: list[str] = []
        self.edit_missing = name == "painter"

    def describe(self, *args: Any, **kwargs: Any) -> str:
        self.calls.append("describe")
        return self.name

    def paint(self, *args: Any, **kwargs: Any) -> str:
        self.calls.append("paint")
        return self.name

    def moderate(self, *args: Any, **kwargs: Any) -> str:
        self.calls.append("moderate")
        return self.name

    def available_models(self) -> list[str]:
        return self.models


def test_routed_provider_sends_each_step_to_its_server() -> None:
    describer, painter = _Fake("describer", ["llava", "b"]), _Fake("painter", ["gpt-image", "b"])
    routed = RoutedProvider(describer, painter, moderate_on_painter=False)
    assert routed.describe(None, prompt="p") == "describer"
    assert routed.paint("prompt", model="m") == "painter"
    assert routed.moderate("text", model="m", timeout=1) == "describer"
    assert routed.moderation_missing  # the moderator's flag
    assert routed.available_models() == ["b", "gpt-image", "llava"]
    assert routed.edit_missing  # painting-side extras come from the painter
    assert describer.calls == ["describe", "moderate"] and painter.calls == ["paint"]
    on_painter = RoutedProvider(describer, painter, moderate_on_painter=True)
    assert on_painter.moderate("text") == "painter" and not on_painter.moderation_missing


def test_user_info_in_an_address_is_never_shown_nor_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    password = "canary-url-pass-4455"
    url = f"https://someone:{password}@Proxy.example.com:8443/v1"
    server = servers.make_server("custom", url)
    assert server.where == "Proxy.example.com:8443"
    assert servers.describe_for_people(server) == "Custom at Proxy.example.com:8443"
    assert apikey.username_for(server) == "api-key:custom:proxy.example.com:8443"
    assert "someone" not in apikey.server_label(server)
    caplog.handler.addFilter(logs.RedactingFilter())
    with caplog.at_level(logging.INFO, logger="camdraw.test.address"):
        logging.getLogger("camdraw.test.address").info("asking %s", url)
    assert (password in caplog.text) is False
    assert "[redacted]" in caplog.text
