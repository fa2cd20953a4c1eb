"""``camdraw doctor`` from source: every part reported, the key never shown."""

from __future__ import annotations

import pytest

from camdraw import doctor

KEY = "sk-canary-doctor-77aa88bb99"


def test_reports_every_part_and_hides_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert doctor.run("cs") == 0
    out = capsys.readouterr().out
    parts = [line.split(":", 1)[0].strip() for line in out.splitlines()]
    assert parts == [
        "camdraw", "python", "qt", "opencv", "pillow", "openai", "keyring", "api key",
        "servers", "speech", "folders",
    ]  # fmt: skip
    assert "from source" in out
    assert "api key: set (from the environment)" in out
    assert (
        " servers: describing: OpenAI (the default address), key from the environment; "
        "painting: the same server; mode auto → online"
    ) in out
    assert KEY not in out
    # The in-memory keyring the tests install is a usable one.
    assert "keyring: usable" in out


def test_a_part_that_fails_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> str:
        raise ImportError("libQt6Gui.so.6: cannot open shared object file")

    monkeypatch.setattr(doctor, "_qt", broken)
    assert doctor.run("cs") == 1
    out = capsys.readouterr().out
    assert "qt: FAILED: ImportError: libQt6Gui.so.6" in out
    assert "opencv: " in out  # the other parts were still checked


def test_servers_line_names_each_server_and_the_offline_demo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from camdraw.core import settings as settings_mod
    from camdraw.core.settings import Settings

    settings_mod.save(
        Settings(describe_server="ollama", paint_server="azure", service_mode="offline")
    )
    finding = doctor._servers()
    assert finding.startswith("describing: Ollama at localhost:11434, no key needed; ")
    assert "painting: Azure OpenAI at YOUR-RESOURCE.openai.azure.com, key not set" in finding
    assert "(Replace YOUR-RESOURCE" in finding
    assert finding.endswith("mode offline → offline demo")


def test_servers_line_never_shows_user_info_nor_sends_the_openai_key_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from camdraw.core import settings as settings_mod
    from camdraw.core.settings import Settings

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    address = "https://someone:canary-doctor-pass-1234@proxy.example.com/v1"
    settings_mod.save(Settings(describe_server="custom", base_url=address, service_mode="api"))
    finding = doctor._servers()
    assert finding.startswith("describing: Custom at proxy.example.com, key not set; ")
    assert "someone" not in finding and "canary-doctor-pass" not in finding
