"""Streaming descriptions and partial paintings: the real openai SDK against tests/fake_openai.py.

A server that streams sends the answer in pieces; one that does not either ignores the flag or
rejects it with a 400, and the provider then falls back to the plain request and remembers.
"""

from __future__ import annotations

import io
import itertools
import time
from typing import Any

import pytest
from PIL import Image

from camdraw.core.errors import (
    BadRequestError,
    BadResponseError,
    CamdrawError,
    ContentRefusedError,
    RoundCancelledError,
)
from camdraw.core.imaging import Upload, prepare_upload
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.providers.provider import Description, OpenAIProvider
from camdraw.core.settings import Settings
from tests.fake_openai import (
    CZECH_DESCRIPTION,
    FAULT_KINDS,
    REFUSAL,
    FakeOpenAI,
    split_tokens,
)
from tests.media import scene_frame

KEY = "sk-canary-stream-8b2e41d07c"
VISION = "gpt-6.1-terra"
PAINTER = "gpt-image-2.6-flare"
USAGE = {"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200}


@pytest.fixture
def provider(fake_openai: FakeOpenAI) -> OpenAIProvider:
    settings = Settings(base_url=fake_openai.base_url)
    client = ProviderCache(KeyStore({"OPENAI_API_KEY": KEY})).get(settings).client
    return OpenAIProvider(client.with_options(max_retries=0))


@pytest.fixture(scope="module")
def upload() -> Upload:
    return prepare_upload(scene_frame(), "low")


def describe(provider: OpenAIProvider, upload: Upload, **options: Any) -> Description:
    return provider.describe(
        upload, prompt="Popiš fotku.", model=VISION, detail="low", max_tokens=300, timeout=10,
        **options,
    )  # fmt: skip


def paint(provider: OpenAIProvider, model: str = PAINTER, **options: Any) -> Any:
    return provider.paint("a wooden table", model=model, size="", quality="", timeout=10, **options)


def decodes(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.size


# -- descriptions ------------------------------------------------------------------------------


def test_streamed_text_grows_in_order_to_the_full_description(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    fake_openai.describe_delay_s = 1.0
    seen: list[tuple[float, str]] = []
    started = time.monotonic()
    result = describe(provider, upload, on_text=lambda text: seen.append((time.monotonic(), text)))

    texts = [text for _, text in seen]
    assert len(texts) == len(split_tokens(CZECH_DESCRIPTION)) > 1
    for before, after in itertools.pairwise(texts):
        assert after.startswith(before) and len(after) > len(before)
    assert texts[-1] == CZECH_DESCRIPTION
    # The first words came long before the last: the text really arrived over time.
    assert seen[0][0] - started < 0.5 < seen[-1][0] - started
    assert result == Description(CZECH_DESCRIPTION, VISION, truncated=False, usage=USAGE)
    (sent,) = fake_openai.requests_to("chat")
    assert sent["json"]["stream"] is True
    assert sent["json"]["stream_options"] == {"include_usage": True}
    assert provider.streaming


def test_the_streamed_result_equals_the_plain_one(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    streamed = describe(provider, upload, on_text=lambda text: None)
    plain = describe(provider, upload)
    assert streamed == plain
    first, second = (r["json"] for r in fake_openai.requests_to("chat"))
    assert first["stream"] is True
    assert "stream" not in second and "stream_options" not in second  # no on_text: as before


def test_a_stream_cut_off_by_the_token_limit_is_marked_truncated(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    fake_openai.description = "Na obrázku je červený dům. Před domem stojí velký pes a"
    fake_openai.finish_reason = "length"
    result = describe(provider, upload, on_text=lambda text: None)
    assert result.truncated and result.text == fake_openai.description


def test_a_stream_that_ends_without_a_finish_reason_counts_as_cut_off(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    fake_openai.stream_cut_after = 6  # the role chunk and five pieces, then nothing
    result = describe(provider, upload, on_text=lambda text: None)
    assert result.text == "".join(split_tokens(CZECH_DESCRIPTION)[:5]).strip()
    assert result.truncated and result.usage == {}


def test_a_server_that_ignores_the_stream_flag_is_answered_from_its_plain_reply(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    fake_openai.streaming = False
    texts: list[str] = []
    first = describe(provider, upload, on_text=texts.append)
    assert first == Description(CZECH_DESCRIPTION, VISION, usage=USAGE)
    assert not provider.streaming
    assert len(fake_openai.requests_to("chat")) == 1  # its plain answer was used, not re-asked

    second = describe(provider, upload, on_text=texts.append)
    assert second == first
    requests = fake_openai.requests_to("chat")
    assert requests[0]["json"]["stream"] is True
    assert "stream" not in requests[1]["json"]  # remembered: straight to the plain call
    assert "stream_options" not in requests[1]["json"]
    assert texts == []  # nothing streamed


def test_a_server_that_rejects_the_stream_flag_gets_the_plain_request(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    fake_openai.reject_stream = True
    assert describe(provider, upload, on_text=lambda text: None).text == CZECH_DESCRIPTION
    assert not provider.streaming
    assert describe(provider, upload, on_text=lambda text: None).text == CZECH_DESCRIPTION
    sent = [r["json"] for r in fake_openai.requests_to("chat")]
    assert [body.get("stream", False) for body in sent] == [True, False, False]


def test_a_400_about_something_else_is_an_error_not_a_fallback(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    fake_openai.fail("chat", 400, "Invalid image data")
    with pytest.raises(BadRequestError, match="Invalid image data"):
        describe(provider, upload, on_text=lambda text: None)
    assert provider.streaming
    assert len(fake_openai.requests_to("chat")) == 1


def test_a_refusal_streamed_in_the_refusal_field_is_refused_as_in_a_plain_reply(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    texts: list[str] = []
    fake_openai.fault("refusal", in_refusal_field=True)
    with pytest.raises(ContentRefusedError) as streamed:
        describe(provider, upload, on_text=texts.append)
    fake_openai.fault("refusal", in_refusal_field=True)
    with pytest.raises(ContentRefusedError) as plain:
        describe(provider, upload)
    assert str(streamed.value) == str(plain.value)
    assert REFUSAL in str(streamed.value)
    assert streamed.value.step == "describe"
    assert texts == []  # a refusal is not shown as if it were a description
    assert any(what == "refusal" for _, _, what in fake_openai.stream_log)


def test_an_empty_streamed_reply_reads_as_the_plain_one(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    fake_openai.fault("empty")
    with pytest.raises(BadResponseError) as streamed:
        describe(provider, upload, on_text=lambda text: None)
    fake_openai.fault("empty")
    with pytest.raises(BadResponseError) as plain:
        describe(provider, upload)
    assert str(streamed.value) == str(plain.value)
    assert "empty description" in str(streamed.value)


def test_cancel_mid_stream_stops_at_once_and_the_next_call_works(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    fake_openai.describe_delay_s = 3.0
    texts: list[str] = []
    started = time.monotonic()
    with pytest.raises(RoundCancelledError) as cancelled:
        describe(
            provider,
            upload,
            on_text=texts.append,
            cancelled=lambda: time.monotonic() - started > 0.3,
        )
    elapsed = time.monotonic() - started
    assert elapsed < 1.0  # well before the 3 s the whole answer takes
    assert isinstance(cancelled.value, RoundCancelledError)  # what the pipeline catches
    assert 0 < len(texts) < len(split_tokens(CZECH_DESCRIPTION))

    # The server noticed the closed connection: it stopped sending and never finished.
    time.sleep(0.5)
    whats = [what for endpoint, _, what in fake_openai.stream_log if endpoint == "chat"]
    assert "done" not in whats and whats.count("content") < len(texts) + 5

    fake_openai.describe_delay_s = 0.0
    assert describe(provider, upload, on_text=texts.append).text == CZECH_DESCRIPTION
    assert provider.streaming


def test_a_cancel_before_the_request_sends_nothing(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, upload: Upload
) -> None:
    with pytest.raises(RoundCancelledError):
        describe(provider, upload, on_text=lambda text: None, cancelled=lambda: True)
    with pytest.raises(RoundCancelledError):
        paint(provider, on_partial=lambda image, index: None, cancelled=lambda: True)
    assert fake_openai.requests == []


def test_an_error_in_the_callback_is_not_dressed_up_as_a_service_error(
    provider: OpenAIProvider, upload: Upload
) -> None:
    def broken(text: str) -> None:
        raise KeyError("a bug in the caller")

    with pytest.raises(KeyError):
        describe(provider, upload, on_text=broken)


# -- paintings ---------------------------------------------------------------------------------


def test_two_partial_images_then_the_final_painting(
    fake_openai: FakeOpenAI, provider: OpenAIProvider
) -> None:
    fake_openai.paint_delay_s = 0.3
    partials: list[tuple[bytes, int]] = []
    painting = paint(provider, on_partial=lambda image, index: partials.append((image, index)))

    assert [index for _, index in partials] == [0, 1]
    assert all(decodes(image) == (64, 64) for image, _ in partials)
    assert partials[0][0] != partials[1][0]
    assert painting.image == fake_openai.image and decodes(painting.image) == (256, 256)
    assert painting.source == "b64_json" and painting.model == PAINTER
    assert painting.usage == {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210}
    assert painting.params == {"model": PAINTER, "size": "1024x1024", "quality": "medium"}
    (sent,) = fake_openai.requests_to("images")
    assert sent["json"]["stream"] is True and sent["json"]["partial_images"] == 2
    times = [t for endpoint, t, _ in fake_openai.stream_log if endpoint == "images"]
    assert times[-1] - times[0] > 0.15  # spread over paint_delay_s, not sent in one go


def test_a_server_that_ignores_the_image_stream_flag_is_answered_from_its_plain_reply(
    fake_openai: FakeOpenAI, provider: OpenAIProvider
) -> None:
    fake_openai.streaming = False
    partials: list[int] = []
    first = paint(provider, on_partial=lambda image, index: partials.append(index))
    assert first.image == fake_openai.image and first.source == "b64_json"
    assert not provider.image_streaming
    assert len(fake_openai.requests_to("images")) == 1
    paint(provider, on_partial=lambda image, index: partials.append(index))
    second = fake_openai.requests_to("images")[1]["json"]
    assert "stream" not in second and "partial_images" not in second
    assert partials == []


def test_a_server_that_rejects_the_image_stream_flag_gets_the_plain_request(
    fake_openai: FakeOpenAI, provider: OpenAIProvider
) -> None:
    fake_openai.reject_stream = True
    assert paint(provider, on_partial=lambda image, index: None).image == fake_openai.image
    assert not provider.image_streaming
    assert provider.streaming  # chat streaming is judged on its own
    paint(provider, on_partial=lambda image, index: None)
    sent = [r["json"] for r in fake_openai.requests_to("images")]
    assert [body.get("stream", False) for body in sent] == [True, False, False]


@pytest.mark.parametrize("model", ["dall-e-3", "dall-e-2", "paint-test"])
def test_models_that_cannot_stream_never_get_the_flag(
    fake_openai: FakeOpenAI, provider: OpenAIProvider, model: str
) -> None:
    partials: list[int] = []
    painting = paint(provider, model, on_partial=lambda image, index: partials.append(index))
    assert painting.image == fake_openai.image
    (sent,) = fake_openai.requests_to("images")
    assert "stream" not in sent["json"] and "partial_images" not in sent["json"]
    assert partials == [] and provider.image_streaming


def test_an_image_stream_without_the_completed_picture_is_a_readable_error(
    fake_openai: FakeOpenAI, provider: OpenAIProvider
) -> None:
    fake_openai.stream_cut_after = 2  # both previews, then the server stops
    partials: list[int] = []
    with pytest.raises(BadResponseError, match="stopped sending before the painting"):
        paint(provider, on_partial=lambda image, index: partials.append(index))
    assert partials == [0, 1]


def test_a_broken_final_picture_in_a_stream_reads_as_in_a_plain_reply(
    fake_openai: FakeOpenAI, provider: OpenAIProvider
) -> None:
    fake_openai.fault("bad_base64")
    with pytest.raises(BadResponseError, match="cannot be decoded"):
        paint(provider, on_partial=lambda image, index: None)


def test_an_image_policy_block_is_refused_when_streaming_too(
    fake_openai: FakeOpenAI, provider: OpenAIProvider
) -> None:
    fake_openai.fault("policy")
    with pytest.raises(ContentRefusedError):
        paint(provider, on_partial=lambda image, index: None)
    assert provider.image_streaming  # a refusal says nothing about streaming
    assert len(fake_openai.requests_to("images")) == 1


def test_cancel_while_painting_stops_before_the_painting_arrives(
    fake_openai: FakeOpenAI, provider: OpenAIProvider
) -> None:
    fake_openai.paint_delay_s = 3.0
    partials: list[int] = []
    started = time.monotonic()
    with pytest.raises(RoundCancelledError):
        paint(
            provider,
            on_partial=lambda image, index: partials.append(index),
            cancelled=lambda: bool(partials),  # cancelled as soon as the first preview shows
        )
    assert time.monotonic() - started < 2.0  # the first preview comes at 1 s, the end at 3 s
    assert partials == [0]
    fake_openai.paint_delay_s = 0.0
    assert paint(provider, on_partial=lambda image, index: None).image == fake_openai.image


def test_every_fault_reads_as_a_sentence_when_streaming(
    fake_openai: FakeOpenAI, upload: Upload
) -> None:
    """As test_fake_faults' check of the plain calls: no fault escapes as anything else."""
    settings = Settings(base_url=fake_openai.base_url, describe_timeout_s=1.0)
    client = ProviderCache(KeyStore({"OPENAI_API_KEY": KEY})).get(settings).client
    provider = OpenAIProvider(client.with_options(max_retries=0, timeout=1.0))
    for kind, endpoints in FAULT_KINDS.items():
        for endpoint in set(endpoints) & {"chat", "images"}:
            fake_openai.fault(kind, endpoint, delay_s=2.0)
            try:
                if endpoint == "chat":
                    result: Any = provider.describe(
                        upload, prompt="x", model=VISION, detail="low", max_tokens=50,
                        timeout=1.0, on_text=lambda text: None,
                    )  # fmt: skip
                else:
                    result = provider.paint(
                        "x", model=PAINTER, size="", quality="", timeout=1.0,
                        on_partial=lambda image, index: None,
                    )  # fmt: skip
            except CamdrawError as error:
                assert str(error).strip(), (kind, endpoint)
            else:
                # Judged after the provider (a refusal in the content, a picture that is not
                # one), or answered after all (a URL to fetch).
                assert kind in ("refusal", "not_image", "bad_url", "bomb", "junk_tail"), (
                    kind,
                    endpoint,
                    result,
                )
            fake_openai.clear_faults()
            if kind == "bad_url":
                # A picture behind a URL cannot stream: that reply came as plain JSON.
                assert not provider.image_streaming
                provider.image_streaming = True
    assert provider.streaming and provider.image_streaming
