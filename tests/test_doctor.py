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
        "speech", "folders",
    ]  # fmt: skip
    assert "from source" in out
    assert "api key: set (from the environment)" in out
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
