"""``camdraw draw`` and privacy: --blur-faces, where each round went, rounds kept only as long
as the settings say, and the one-line notice once per server."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import pytest
import skimage.data

from camdraw import cli
from camdraw.core import faces, imaging
from camdraw.core import settings as settings_mod
from camdraw.core.settings import Settings
from tests.fake_openai import FakeOpenAI
from tests.integration.test_cli import run_draw
from tests.rounds import make_rounds


def test_draw_blur_faces_sends_no_face_and_says_where_it_went(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    photo = tmp_path / "astronaut.png"
    cv2.imwrite(str(photo), cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR))
    out = tmp_path / "out"
    result = run_draw(fake_openai, str(photo), "--images-dir", str(out), "--blur-faces")
    stdout = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    [request] = fake_openai.requests_to("chat")
    [image] = [p for p in request["json"]["messages"][-1]["content"] if p["type"] == "image_url"]
    upload = imaging.decode_photo(base64.b64decode(image["image_url"]["url"].split(",", 1)[1]))
    detector = faces.face_detector()
    assert detector is not None
    assert faces.face_boxes(upload, detector, min_neighbours=5) == []
    [saved] = out.glob("*_photo.jpg")
    assert faces.face_boxes(imaging.decode_photo(saved.read_bytes()), detector, min_neighbours=5)
    assert "where:       Described and painted on this computer." in stdout  # the loopback


def test_draw_deletes_rounds_older_than_the_settings_keep(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    old = make_rounds(out, 2, start=datetime.now() - timedelta(days=100))
    recent = make_rounds(out, 1, start=datetime.now() - timedelta(days=3))
    settings_mod.save(Settings(keep_days=30))
    photo = tmp_path / "kitchen.png"
    cv2.imwrite(str(photo), cv2.cvtColor(skimage.data.coffee(), cv2.COLOR_RGB2BGR))
    result = run_draw(fake_openai, str(photo), "--images-dir", str(out))
    stdout = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "2 rounds older than the set number of days were deleted." in stdout
    assert not any(f.sidecar.exists() or f.photo.exists() for f in old)
    assert all(f.sidecar.exists() for f in recent)
    assert len(list(out.glob("*.json"))) == 2  # the recent round and the new one


def test_draw_prints_the_notice_once_per_server(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    settings = Settings()  # OpenAI
    cli._say_where_photos_go(settings, offline=False)
    first = capsys.readouterr().out
    assert first.startswith("camdraw: OpenAI receives a smaller copy of the photo")
    assert first.count("\n") == 1  # one line
    saved, _note = settings_mod.load()
    assert saved.confirmed_servers == ["openai"]
    cli._say_where_photos_go(saved, offline=False)
    assert capsys.readouterr().out == ""  # said once
    cli._say_where_photos_go(saved, offline=True)
    assert capsys.readouterr().out == ""  # the offline demo sends nothing
    moved = saved.replace(describe_server="custom", base_url="https://llm.example.org/v1")
    cli._say_where_photos_go(moved, offline=False)
    assert "https://llm.example.org/v1 receives" in capsys.readouterr().out
