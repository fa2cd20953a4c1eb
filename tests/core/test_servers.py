"""Server presets, address resolution, per-role keys and the choice of provider (no network)."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

from camdraw.core import apikey, servers
from camdraw.core.apikey import KeyStore
from camdraw.core.client import ProviderCache, RoutedProvider, offline_demo_active, server_key
from camdraw.core.errors import ConfigError, MissingKeyError
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


def test_painting_on_the_same_server_uses_the_describing_key() -> None:
    settings = Settings(describe_server="ollama")
    assert not servers.paints_separately(settings)
    assert servers.painting_server(settings) == servers.describing_server(settings)
    assert servers.painting_server(settings).key_role == "describe"


def test_painting_on_its_own_server_uses_its_address_and_key_role() -> None:
    settings = Settings(describe_server="ollama", paint_server="openai")
    paint = servers.painting_server(settings)
    assert (paint.preset.id, paint.base_url, paint.key_role) == ("openai", None, "paint")
    settings = Settings(paint_server="custom", paint_base_url="https://paint.example.com/v1")
    assert servers.server_for(settings, "paint").base_url == "https://paint.example.com/v1"
    assert servers.server_for(settings, "describe").preset.id == "openai"


def test_keys_per_role_live_under_their_own_keyring_names(memory_keyring: MemoryKeyring) -> None:
    keys = KeyStore({})
    keys.store(DESCRIBE_KEY)
    paint = keys.for_role("paint")
    assert paint is keys.for_role("paint") and paint.role == "paint"
    assert paint.find() is None  # never the describing key
    paint.store(PAINT_KEY)
    assert memory_keyring.store[("camdraw", apikey.USERNAME)] == DESCRIBE_KEY
    assert memory_keyring.store[("camdraw", "openai-api-key-paint")] == PAINT_KEY
    assert keys.require() == DESCRIBE_KEY and paint.require() == PAINT_KEY
    paint.delete()
    assert paint.find() is None and keys.require() == DESCRIBE_KEY
    assert paint.for_role("describe") is keys


def test_a_paint_session_key_is_remembered_and_the_environment_is_the_last_fallback() -> None:
    keys = KeyStore({"OPENAI_API_KEY": "canary-env-key-998877"})
    keys.for_role("paint").use_for_session(PAINT_KEY)
    assert keys.for_role("paint").find().source == "session"
    assert keys.find().source == "environment"
    with pytest.raises(MissingKeyError, match="painting server"):
        KeyStore({}).for_role("paint").require()
    with pytest.raises(ValueError):
        KeyStore({}, role="sing")


def test_key_rules_per_preset(memory_keyring: MemoryKeyring) -> None:
    keys = KeyStore({})
    keys.store(DESCRIBE_KEY)
    ollama = servers.describing_server(Settings(describe_server="ollama"))
    assert server_key(ollama, keys) is None  # a local server never sees the OpenAI key
    custom = servers.describing_server(Settings(describe_server="custom", base_url="http://h/v1"))
    assert server_key(custom, keys) == DESCRIBE_KEY  # sent when set
    keys.delete()
    assert server_key(custom, keys) is None  # and optional
    separate = servers.painting_server(Settings(paint_server="openai"))
    with pytest.raises(MissingKeyError):
        server_key(separate, keys)  # the describing key is not borrowed


def test_offline_selection_rules(memory_keyring: MemoryKeyring) -> None:
    none = KeyStore({})
    assert offline_demo_active(Settings(service_mode="offline"), KeyStore({"OPENAI_API_KEY": "k"}))
    assert offline_demo_active(Settings(service_mode="auto"), none)
    assert not offline_demo_active(Settings(service_mode="api"), none)
    assert not offline_demo_active(Settings(service_mode="auto", describe_server="ollama"), none)
    assert not offline_demo_active(Settings(), KeyStore({"OPENAI_API_KEY": "canary-env-1234"}))
    stored = KeyStore({})
    stored.for_role("paint").store(PAINT_KEY)
    assert offline_demo_active(Settings(), stored)  # only the describing server's key counts


@pytest.fixture
def offline_module(monkeypatch: pytest.MonkeyPatch) -> type:
    """The real offline demo when it is there, else a stand-in with the same constructor."""
    try:
        from camdraw.core.offline import OfflineProvider
    except ImportError:

        class OfflineProvider:  # type: ignore[no-redef]
            def __init__(self, language: str) -> None:
                self.language = language

        module = types.ModuleType("camdraw.core.offline")
        module.OfflineProvider = OfflineProvider  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "camdraw.core.offline", module)
    return OfflineProvider


def test_the_cache_picks_the_offline_demo_and_the_api(offline_module: type) -> None:
    cache = ProviderCache(KeyStore({}))
    demo = cache.get(Settings(service_mode="auto", language="en"))
    assert isinstance(demo, offline_module)
    assert cache.get(Settings(language="en")) is demo  # reused
    assert cache.get(Settings(language="cs")) is not demo
    with pytest.raises(MissingKeyError):
        cache.get(Settings(service_mode="api"))
    from camdraw.core.provider import OpenAIProvider

    local = cache.get(Settings(describe_server="ollama"))
    assert isinstance(local, OpenAIProvider)
    assert cache.get(Settings(describe_server="ollama")) is local  # the client is reused
    with pytest.raises(ConfigError, match="YOUR-RESOURCE"):
        cache.get(Settings(service_mode="api", describe_server="azure"))


def test_the_cache_routes_when_painting_has_its_own_server(memory_keyring: MemoryKeyring) -> None:
    keys = KeyStore({})
    keys.for_role("paint").store(PAINT_KEY)
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
    # Painting "on its own" on the very same server and key is just one provider.
    keys.store(DESCRIBE_KEY)
    keys.for_role("paint").store(DESCRIBE_KEY)
    same = cache.get(Settings(paint_server="openai"))
    assert not isinstance(same, RoutedProvider)


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
