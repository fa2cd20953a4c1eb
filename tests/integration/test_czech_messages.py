"""A Czech user reads a failed round in Czech: the real SDK against the loopback server, and
``camdraw draw`` against an address where nothing answers (issue 12, item 11)."""

from __future__ import annotations

import socket
from pathlib import Path

import cv2
import pytest

from camdraw import app
from camdraw.core import i18n
from camdraw.core import settings as settings_mod
from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.settings import Settings
from tests.fake_openai import FakeOpenAI
from tests.integration.test_fake_faults import make_provider, settings_for
from tests.media import scene_frame


def test_a_refused_key_is_said_in_czech(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    i18n.set_language("cs")
    fake_openai.fail("chat", 401, "Incorrect API key provided")
    settings = settings_for(fake_openai, tmp_path)
    events: list[RoundEvent] = []
    pipeline = Pipeline(settings, make_provider(settings), listener=events.append)
    record = pipeline.run_frame(scene_frame())
    said = "Služba odmítla klíč API (401). Zkontrolujte nebo vyměňte klíč v Nastavení → Služba."
    assert record.errors["describe"] == said
    failed = [e for e in events if e.status == "failed"]
    assert failed and all(e.message == said for e in failed)
    assert record.status == "failed"


def test_draw_against_a_silent_address_says_so_in_czech(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings_mod.save(Settings(ui_language="cs", base_url=f"http://127.0.0.1:{port}/v1"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-canary-czech-draw-1a2b3c4d")
    photo = tmp_path / "photo.jpg"
    cv2.imwrite(str(photo), scene_frame())
    code = app.main(["draw", str(photo), "--no-speech", "--images-dir", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "camdraw se nespojil se službou AI." in err
    assert "Zkontrolujte připojení k internetu a adresu serveru v Nastavení" in err
    assert "could not reach" not in err
