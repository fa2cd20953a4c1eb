"""Issue 14, items 10 and 12: what the image service sends back is checked before it is kept.

A painting is capped in bytes (inline base64 before decoding, a download while it streams in),
refused when its header claims more pixels than camdraw decodes, and saved re-encoded from its
pixels (junk after the picture never reaches the disk). A picture URL is fetched only from the
API's own server, or over https from a public host; redirects are checked the same way.
Everything runs through the real SDK against tests/fake_openai.py.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Response

from camdraw.core.providers import image_fetch
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord
from tests.fake_openai import PATHS, FakeOpenAI
from tests.media import scene_frame

KEY = "sk-canary-incoming-1a2b3c4d"


def pipeline_for(fake: FakeOpenAI, tmp_path: Path, events: list[RoundEvent]) -> Pipeline:
    settings = Settings(base_url=fake.base_url, images_dir=str(tmp_path / "images"))
    return Session(KeyStore({"OPENAI_API_KEY": KEY})).pipeline(settings, listener=events.append)


def paint_once(fake: FakeOpenAI, tmp_path: Path) -> tuple[RoundRecord, str]:
    events: list[RoundEvent] = []
    record = pipeline_for(fake, tmp_path, events).run_frame(scene_frame())
    return record, events[-1].message


def noisy_png(width: int = 128, height: int = 128) -> bytes:
    pixels = np.random.default_rng(7).integers(0, 255, (height, width, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def other_service() -> Iterator[HTTPServer]:
    """Another service on this computer (another loopback port) that must never be asked."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/secret").respond_with_data(b"internal", content_type="image/png")
    server.start()
    yield server
    server.clear()
    server.stop()


# -- item 10: paintings --------------------------------------------------------------------


@pytest.mark.parametrize("streaming", [True, False])
def test_junk_after_the_picture_is_not_saved(
    fake_openai: FakeOpenAI, tmp_path: Path, streaming: bool
) -> None:
    fake_openai.streaming = streaming
    fake_openai.fault("junk_tail").junk_bytes = 4 * 1024 * 1024
    record, message = paint_once(fake_openai, tmp_path)
    assert record.status == "done", message
    saved = record.files.painting.read_bytes()
    assert len(saved) < 10_000  # the 8x8 picture, not the 4 MB that came with it
    assert b"junk" not in saved
    with Image.open(io.BytesIO(saved)) as image:
        assert image.size == (8, 8)


def test_a_painting_claiming_ten_gigapixels_is_refused(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fault("bomb")
    record, message = paint_once(fake_openai, tmp_path)
    assert record.status == "failed"
    assert "too large to use" in message
    assert record.files.photo.exists() and not record.files.painting.exists()


def test_an_inline_painting_over_the_cap_is_refused_before_decoding(
    fake_openai: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_openai.image = noisy_png()  # about 66 KB: over the lowered cap below
    monkeypatch.setattr(image_fetch, "MAX_BASE64_CHARS", 20_000)
    record, message = paint_once(fake_openai, tmp_path)
    assert record.status == "failed" and "too large to use" in message


def test_a_download_over_the_cap_is_cut_off(
    fake_openai: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_openai.image_mode = "url"
    fake_openai.image = noisy_png()
    monkeypatch.setattr(image_fetch, "MAX_DOWNLOAD_BYTES", 20_000)
    record, message = paint_once(fake_openai, tmp_path)
    assert record.status == "failed" and "too large to use" in message


# -- item 12: picture URLs -----------------------------------------------------------------


def test_a_path_on_the_api_server_is_fetched(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.image_item = {"url": PATHS["files"]}  # relative: the API's own server
    record, message = paint_once(fake_openai, tmp_path)
    assert record.status == "done", message
    assert record.sizes["painting_source"] == "url"


def test_a_redirect_on_the_api_server_is_followed(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.server.expect_request("/files/moved").respond_with_response(
        Response(status=302, headers={"Location": PATHS["files"]})
    )
    fake_openai.image_item = {"url": "/files/moved"}
    record, message = paint_once(fake_openai, tmp_path)
    assert record.status == "done", message


@pytest.mark.parametrize(
    "kind", ["network-path URL", "absolute URL", "redirect"], ids=lambda kind: kind
)
def test_another_local_service_is_never_asked(
    fake_openai: FakeOpenAI, tmp_path: Path, other_service: HTTPServer, kind: str
) -> None:
    target = other_service.url_for("/secret")
    if kind == "network-path URL":
        url = f"//127.0.0.1:{other_service.port}/secret"  # relative, on another host
    elif kind == "absolute URL":
        url = target
    else:
        fake_openai.server.expect_request("/files/moved").respond_with_response(
            Response(status=302, headers={"Location": target})
        )
        url = "/files/moved"
    fake_openai.image_item = {"url": url}
    record, message = paint_once(fake_openai, tmp_path)
    assert record.status == "failed"
    assert "not fetched" in message
    assert other_service.log == []  # it was never asked


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("file:///etc/passwd", "does not fetch"),
        ("http://example.com/painting.png", "plain http:// link"),
        ("https://10.1.2.3/painting.png", "private or local address (10.1.2.3)"),
        ("https://[::1]:9/painting.png", "private or local address"),
    ],
)
def test_urls_camdraw_does_not_fetch(
    fake_openai: FakeOpenAI, tmp_path: Path, url: str, said: str
) -> None:
    fake_openai.image_item = {"url": url}
    record, message = paint_once(fake_openai, tmp_path)
    assert record.status == "failed"
    assert said in message, message
    assert record.files.photo.exists()


def test_the_url_rule_itself() -> None:
    api = "http://127.0.0.1:8000/v1/"
    assert image_fetch.refusal("http://127.0.0.1:8000/files/a.png", api) is None
    assert image_fetch.refusal("http://127.0.0.1:8001/files/a.png", api) is not None
    assert image_fetch.refusal("https://127.0.0.1:8000/files/a.png", api) is not None
    assert image_fetch.refusal("http://localhost:8000/files/a.png", api) is not None
    assert image_fetch.refusal("ftp://127.0.0.1:8000/a.png", api) is not None


def test_an_answer_saying_it_is_too_large_is_not_read(
    fake_openai: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_openai.streaming = False  # a plain answer, with its Content-Length
    fake_openai.image = noisy_png()  # its JSON is about 90 KB: over the lowered cap below
    monkeypatch.setattr(image_fetch, "MAX_ANSWER_BYTES", 50_000)
    record, message = paint_once(fake_openai, tmp_path)
    assert record.status == "failed"
    assert "answer too large to read" in message, message
