"""Every fault mode of tests/fake_openai.py, through the real openai SDK and camdraw's provider.

Each test shows that the fault reaches camdraw the way a real server's would, and what camdraw
makes of it: a sentence for people in the round record, never a traceback or a silent "done".
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from camdraw.core.errors import BadRequestError, CamdrawError, RateLimitError
from camdraw.core.imaging import prepare_upload
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.providers.provider import OpenAIProvider
from camdraw.core.round.pipeline import Pipeline
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord
from tests.fake_openai import (
    CZECH_DESCRIPTION,
    EXPIRED_IMAGE_PATH,
    FAULT_KINDS,
    SAFETY_WORDING,
    FakeOpenAI,
)
from tests.media import scene_frame

KEY = "sk-canary-faults-3e1f9a7c5d"


def settings_for(server: FakeOpenAI, tmp_path: Path, **changes: Any) -> Settings:
    settings = Settings(base_url=server.base_url, images_dir=str(tmp_path / "images"))
    return settings.replace(**changes)


def app_client(settings: Settings) -> Any:
    """The client a round with ``settings`` uses (the app's own way to it)."""
    return ProviderCache(KeyStore({"OPENAI_API_KEY": KEY})).get(settings).client


def make_provider(settings: Settings, *, max_retries: int | None = None) -> OpenAIProvider:
    client = app_client(settings)
    if max_retries is not None:
        client = client.with_options(max_retries=max_retries)
    return OpenAIProvider(client)


def make_pipeline(
    server: FakeOpenAI, tmp_path: Path, *, max_retries: int | None = None, **changes: Any
) -> Pipeline:
    settings = settings_for(server, tmp_path, **changes)
    return Pipeline(settings, make_provider(settings, max_retries=max_retries))


def reason(record: RoundRecord) -> str:
    """What the user is told about a round that did not end "done"."""
    parts = [m for m in record.errors.values() if m]
    check = getattr(record, "check", None) or {}
    if check.get("message"):
        parts.append(check["message"])
    return " ".join(parts)


def assert_no_key_anywhere(folder: Path) -> None:
    for file in folder.rglob("*"):
        if file.is_file():
            assert KEY.encode() not in file.read_bytes(), file


# -- the fake itself -------------------------------------------------------------------------


def test_fault_rejects_unknown_kinds_and_wrong_endpoints(fake_openai: FakeOpenAI) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        fake_openai.fault("gremlins")
    with pytest.raises(ValueError, match="applies to images"):
        fake_openai.fault("policy", "chat")
    with pytest.raises(ValueError, match="5xx"):
        fake_openai.fault("server_error", status=404)
    assert set(FAULT_KINDS) == {
        "timeout",
        "not_json",
        "rate_limited",
        "server_error",
        "bad_base64",
        "not_image",
        "bad_url",
        "policy",
        "refusal",
        "empty",
        "flagged",
        "bomb",
        "junk_tail",
    }


def test_faults_are_used_exactly_times_times_even_under_concurrency(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fault("server_error", "models", times=5)
    client = app_client(settings_for(fake_openai, tmp_path))
    client = client.with_options(max_retries=0)
    outcomes: list[str] = []
    lock = threading.Lock()

    def call() -> None:
        try:
            client.models.list()
            outcome = "ok"
        except Exception as error:
            outcome = type(error).__name__
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=call) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["InternalServerError"] * 5 + ["ok"] * 7
    assert fake_openai.pending() == {}
    assert fake_openai.served.count(("models", "server_error")) == 5


def test_fail_and_fault_share_one_queue_in_order(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.fail("chat", 401, "bad key")
    fake_openai.fault("empty")
    pipeline = make_pipeline(fake_openai, tmp_path)
    first = pipeline.run_frame(scene_frame())
    assert "refused the API key" in first.errors["describe"]
    second = pipeline.run_frame(scene_frame(shift=5))
    assert "empty description" in second.errors["describe"]
    assert pipeline.run_frame(scene_frame(shift=9)).status == "done"


# -- timeout ---------------------------------------------------------------------------------


def test_a_server_slower_than_the_time_out_is_a_plain_message(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fault("timeout", delay_s=3.0)
    pipeline = make_pipeline(fake_openai, tmp_path, max_retries=0, describe_timeout_s=1.0)
    started = time.monotonic()
    record = pipeline.run_frame(scene_frame())
    assert time.monotonic() - started < 2.5
    assert record.status == "failed"
    assert "did not answer in time" in record.errors["describe"]
    assert pipeline.retry(record.files.sidecar).status == "done"


def test_one_failed_answer_is_absorbed_by_the_sdks_retry(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    # The step's time-out holds for all its attempts (issue 14, item 11): a retry fits in it
    # after a quick failure, not after an answer that took the whole time-out.
    fake_openai.fault("server_error", "images", status=503)
    pipeline = make_pipeline(fake_openai, tmp_path, paint_timeout_s=5.0)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done", record.errors
    assert len(fake_openai.requests_to("images")) == 2


# -- answers that are not OpenAI's -----------------------------------------------------------


@pytest.mark.parametrize(("endpoint", "step"), [("chat", "describe"), ("images", "paint")])
def test_an_html_page_instead_of_json_is_a_readable_message(
    fake_openai: FakeOpenAI, tmp_path: Path, endpoint: str, step: str
) -> None:
    fake_openai.fault("not_json", endpoint)
    pipeline = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed"
    assert "not what an OpenAI-compatible service sends" in record.errors[step]
    assert len(fake_openai.requests_to(endpoint)) == 1  # a 200 is not retried
    assert pipeline.retry(record.files.sidecar).status == "done"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("bad_base64", "cannot be decoded"),
        ("not_image", "not a picture"),
        ("bad_url", "could not be downloaded"),
    ],
)
def test_a_broken_picture_fails_the_paint_step_only(
    fake_openai: FakeOpenAI, tmp_path: Path, kind: str, expected: str
) -> None:
    fake_openai.fault(kind)
    pipeline = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.failed_steps() == ["paint"]
    assert expected in record.errors["paint"]
    assert record.description == CZECH_DESCRIPTION
    assert not record.files.painting.exists()
    if kind == "bad_url":
        assert any(r["path"] == EXPIRED_IMAGE_PATH for r in fake_openai.requests)
    retried = pipeline.retry(record.files.sidecar)
    assert retried.status == "done"
    assert len(fake_openai.requests_to("chat")) == 1


# -- rate limits and server errors -----------------------------------------------------------


def test_a_rate_limit_answer_carries_retry_after_headers(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    import openai

    fake_openai.fault("rate_limited", "models")
    client = app_client(settings_for(fake_openai, tmp_path))
    with pytest.raises(openai.RateLimitError) as caught:
        client.with_options(max_retries=0).models.list()
    headers = caught.value.response.headers
    assert headers["retry-after"] == "1" and headers["retry-after-ms"] == "10"
    assert caught.value.code == "rate_limit_exceeded"


def test_one_rate_limit_is_retried_after_retry_after_ms_not_seconds(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fault("rate_limited")
    pipeline = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done", record.errors
    first, second = fake_openai.requests_to("chat")
    assert second["time"] - first["time"] < 0.5  # 10 ms asked for, not the 1 s of retry-after


@pytest.mark.parametrize("code", ["rate_limit_exceeded", "insufficient_quota"])
def test_a_lasting_rate_limit_fails_with_the_429_message(
    fake_openai: FakeOpenAI, tmp_path: Path, code: str
) -> None:
    fake_openai.fault("rate_limited", times=3, code=code)  # beats the SDK's 2 retries
    pipeline = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert "rate limiting" in record.errors["describe"]
    assert len(fake_openai.requests_to("chat")) == 3
    assert pipeline.retry(record.files.sidecar).status == "done"


def test_the_provider_raises_a_rate_limit_error(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.fault("rate_limited", "images")
    provider = make_provider(settings_for(fake_openai, tmp_path), max_retries=0)
    with pytest.raises(RateLimitError, match=r"\(429\)"):
        provider.paint("a cat", model="gpt-image-2.6-flare", size="", quality="", timeout=5)


@pytest.mark.parametrize("status", [500, 503])
@pytest.mark.parametrize(("endpoint", "step"), [("chat", "describe"), ("images", "paint")])
def test_server_errors_beyond_the_retries_fail_the_step(
    fake_openai: FakeOpenAI, tmp_path: Path, status: int, endpoint: str, step: str
) -> None:
    fake_openai.fault("server_error", endpoint, times=3, status=status)
    pipeline = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.failed_steps() == [step]
    assert f"problem ({status})" in record.errors[step]
    assert pipeline.retry(record.files.sidecar).status == "done"


def test_one_server_error_is_absorbed_by_the_sdks_retry(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fault("server_error", "images", status=503)
    record = make_pipeline(fake_openai, tmp_path).run_frame(scene_frame())
    assert record.status == "done", record.errors
    assert len(fake_openai.requests_to("images")) == 2


# -- content policy, refusals, empty replies -------------------------------------------------


@pytest.mark.parametrize("code", ["moderation_blocked", "content_policy_violation"])
def test_the_image_services_content_policy_is_not_a_failure_to_retry(
    fake_openai: FakeOpenAI, tmp_path: Path, code: str
) -> None:
    fake_openai.fault("policy", code=code)
    provider = make_provider(settings_for(fake_openai, tmp_path))
    with pytest.raises(BadRequestError, match="content policy") as caught:
        provider.paint("a cat", model="gpt-image-2.6-flare", size="", quality="", timeout=5)
    assert SAFETY_WORDING not in str(caught.value)  # camdraw's words, not the server's
    assert len(fake_openai.requests_to("images")) == 1  # a 400 is not retried

    fake_openai.fault("policy", code=code)
    record = make_pipeline(fake_openai, tmp_path).run_frame(scene_frame())
    assert record.status not in ("done", "failed")  # blocked: a result, not an error
    assert "content policy" in reason(record)
    assert record.files.photo.exists() and not record.files.painting.exists()


def test_a_refusal_in_the_reply_text_is_not_painted(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fault("refusal")
    record = make_pipeline(fake_openai, tmp_path).run_frame(scene_frame())
    assert record.status != "done"
    assert "declined" in reason(record)
    assert not fake_openai.requests_to("images")


def test_a_refusal_in_the_refusal_field_is_reported_as_a_refusal(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fault("refusal", in_refusal_field=True)  # content null, message.refusal set
    record = make_pipeline(fake_openai, tmp_path).run_frame(scene_frame())
    assert record.status == "blocked"  # a result with a reason: retrying will not help
    assert "declined" in reason(record) and "I'm sorry" in reason(record)
    assert not fake_openai.requests_to("images")


def test_an_empty_reply_fails_describe_with_a_message(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fault("empty")
    pipeline = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.failed_steps() == ["describe"]
    assert "empty description" in record.errors["describe"]
    assert pipeline.retry(record.files.sidecar).status == "done"


# -- moderation ------------------------------------------------------------------------------


def test_moderations_answer_in_openais_format(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    client = app_client(settings_for(fake_openai, tmp_path))
    clean = client.moderations.create(model="omni-moderation-latest", input=["a", "b"])
    assert len(clean.results) == 2 and not clean.results[0].flagged
    fake_openai.moderation_flagged = {"violence", "hate/threatening"}
    flagged = client.moderations.create(model="omni-moderation-latest", input="a fight")
    result = flagged.results[0]
    assert result.flagged
    assert result.categories.violence and result.categories.hate_threatening
    assert not result.categories.sexual
    assert result.category_scores.violence > 0.5 > result.category_scores.sexual
    assert [r["json"]["input"] for r in fake_openai.requests_to("moderations")] == [
        ["a", "b"],
        "a fight",
    ]


def test_a_flagged_description_is_not_painted(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.fault("flagged", categories=("violence/graphic",))
    record = make_pipeline(fake_openai, tmp_path).run_frame(scene_frame())
    assert record.status != "done"
    assert "graphic violence" in reason(record)
    assert not fake_openai.requests_to("images")
    assert record.description == CZECH_DESCRIPTION


def test_a_server_without_moderations_answers_404(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    import openai

    fake_openai.moderation_available = False
    client = app_client(settings_for(fake_openai, tmp_path))
    with pytest.raises(openai.NotFoundError):
        client.with_options(max_retries=0).moderations.create(input="x")
    # A server other than OpenAI (test_moderation_hardening: OpenAI's own stops painting).
    settings = settings_for(fake_openai, tmp_path, describe_server="custom")
    pipeline = Pipeline(settings, ProviderCache(KeyStore({"OPENAI_API_KEY": KEY})).get(settings))
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done", record.errors
    assert pipeline.run_frame(scene_frame(shift=4)).status == "done"
    assert len(fake_openai.requests_to("moderations")) == 2  # asked once by the pipeline


@pytest.mark.parametrize("kind", ["server_error", "timeout", "not_json"])
def test_a_moderation_endpoint_that_misbehaves_fails_the_round_readably(
    fake_openai: FakeOpenAI, tmp_path: Path, kind: str
) -> None:
    fake_openai.fault(kind, "moderations", delay_s=3.0)
    pipeline = make_pipeline(fake_openai, tmp_path, describe_timeout_s=1.0, max_retries=0)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed"
    assert reason(record)
    assert not fake_openai.requests_to("images")
    assert pipeline.retry(record.files.sidecar).status == "done"


# -- HTTP errors on the image endpoint (chat's are in test_openai_pipeline.py) ---------------


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (401, None, "refused the API key"),
        (403, None, "may not use"),
        (404, "model_not_found", "is not available"),
        (400, None, "rejected the request"),
    ],
)
def test_http_errors_from_the_image_endpoint_are_sentences(
    fake_openai: FakeOpenAI, tmp_path: Path, status: int, code: str | None, expected: str
) -> None:
    fake_openai.fail("images", status, f"nope, {KEY}", code=code)
    pipeline = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.failed_steps() == ["paint"]
    assert expected in record.errors["paint"]
    assert pipeline.retry(record.files.sidecar).status == "done"
    assert_no_key_anywhere(tmp_path)


def test_every_fault_is_a_camdraw_error_at_the_provider(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    """No fault escapes the provider as anything but a CamdrawError with a sentence."""
    settings = settings_for(fake_openai, tmp_path, describe_timeout_s=1.0, paint_timeout_s=1.0)
    provider = make_provider(settings, max_retries=0)
    for kind, endpoints in FAULT_KINDS.items():
        for endpoint in endpoints:
            if endpoint not in ("images", "chat") or kind in (
                "refusal",
                "not_image",
                "bomb",
                "junk_tail",
            ):
                # Judged after the provider: a refusal by content_check, a picture that is
                # not one (or too large, or with junk after it) by imaging.to_png (covered
                # above and in test_incoming_paintings.py).
                continue
            fake_openai.fault(kind, endpoint, delay_s=2.0)
            try:
                if endpoint == "chat":
                    provider.describe(
                        prepare_upload(scene_frame(), "low"),
                        prompt="Describe.",
                        model="gpt-6.1-terra",
                        detail="low",
                        max_tokens=100,
                        timeout=1.0,
                    )
                else:
                    provider.paint(
                        "a cat", model="gpt-image-2.6-flare", size="", quality="", timeout=1
                    )
            except CamdrawError as error:
                assert str(error).endswith((".", ")")) and KEY not in str(error), (kind, error)
            else:
                pytest.fail(f"{kind} on {endpoint} was not noticed")
    assert fake_openai.pending() == {}
