import pytest

from camdraw.core.models import DEFAULT_IMAGE_MODEL, DEFAULT_VISION_MODEL
from camdraw.core.providers import pricing
from camdraw.core.providers.pricing import describe_cost, format_usd, paint_cost, round_cost

M = 1_000_000
ALLOWANCE = pricing.PROMPT_ALLOWANCE_TOKENS
CHAT = {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500}


def test_default_vision_model_is_priced_per_token() -> None:
    # gpt-6.1-terra: $1 in, $5 out per million tokens.
    assert describe_cost(DEFAULT_VISION_MODEL, CHAT) == pytest.approx(1200 / M + 300 * 5 / M)


def test_reasoning_tokens_are_not_counted_twice() -> None:
    # The API already includes reasoning tokens in completion_tokens.
    usage = {**CHAT, "reasoning_tokens": 250}
    assert describe_cost("gpt-6.1-terra", usage) == describe_cost("gpt-6.1-terra", CHAT)


def test_responses_style_usage_is_understood() -> None:
    usage = {"input_tokens": 1200, "output_tokens": 300}
    assert describe_cost("gpt-4o", usage) == pytest.approx(1200 * 2.5 / M + 300 * 10 / M)


def test_describe_without_usage_is_unknown() -> None:
    cost = round_cost({"vision": "gpt-4o"}, {"describe": {}}, {})
    assert cost.usd is None
    assert "no token usage" in cost.note


@pytest.mark.parametrize(
    ("model", "base"),
    [
        ("gpt-6.1-terra-2026-10-26", "gpt-6.1-terra"),
        ("GPT-4o-2024-08-06", "gpt-4o"),
        ("openai/gpt-5-mini", "gpt-5-mini"),
    ],
)
def test_dated_snapshots_cost_what_their_model_costs(model: str, base: str) -> None:
    assert describe_cost(model, CHAT) == describe_cost(base, CHAT)


def test_longest_prefix_wins() -> None:
    mini = describe_cost("gpt-4o-mini-2024-07-18", CHAT)
    assert mini == pytest.approx(1200 * 0.15 / M + 300 * 0.60 / M)
    assert mini != describe_cost("gpt-4o", CHAT)
    assert describe_cost("gpt-5-nano", CHAT) != describe_cost("gpt-5", CHAT)


def test_family_estimates_are_marked() -> None:
    cost = round_cost({"vision": "gpt-6-nova"}, {"describe": CHAT}, {})
    assert cost.usd == pytest.approx(1200 * 10 / M + 300 * 50 / M)  # priced like GPT-6 Astra
    assert "'gpt-6-nova' is an estimate" in cost.note
    assert round_cost({"vision": "gpt-6.1-terra"}, {"describe": CHAT}, {}).note == ""


def test_paint_prefers_token_usage() -> None:
    usage = {"input_tokens": 120, "output_tokens": 1756, "total_tokens": 1876}
    params = {"size": "1024x1024", "quality": "medium"}
    expected = 120 * 5 / M + 1756 * 30 / M
    assert paint_cost(DEFAULT_IMAGE_MODEL, params, usage) == pytest.approx(expected)
    # Size and quality do not matter once the server said what it billed.
    assert paint_cost(DEFAULT_IMAGE_MODEL, {"quality": "max"}, usage) == pytest.approx(expected)


def test_paint_token_details_use_their_own_rates() -> None:
    usage = {
        "input_tokens": 300,
        "output_tokens": 1000,
        "input_tokens_details": {"text_tokens": 100, "image_tokens": 200},
        "output_tokens_details": {"image_tokens": 900, "text_tokens": 100},
    }
    expected = (100 * 5 + 200 * 8 + 900 * 30 + 100 * 10) / M
    assert paint_cost("gpt-image-2.6-sunburst", {}, usage) == pytest.approx(expected)


def test_gpt_image_2_without_usage_uses_the_token_formula() -> None:
    # OpenAI's calculator: 7024 tokens for 1024x1024 high, 5488 for 1536x1024 high.
    square = paint_cost("gpt-image-2", {"size": "1024x1024", "quality": "high"}, {})
    wide = paint_cost("gpt-image-2-2026-04-21", {"size": "1536x1024", "quality": "high"}, {})
    assert square == pytest.approx(7024 * 30 / M + ALLOWANCE * 5 / M)
    assert wide == pytest.approx(5488 * 30 / M + ALLOWANCE * 5 / M)
    # gpt-image-2.5 medium: 439 tokens for 1024x1024.
    flare = paint_cost("gpt-image-2.5-flare", {"size": "1024x1024", "quality": "medium"}, {})
    assert flare == pytest.approx(439 * 30 / M + ALLOWANCE * 5 / M)


def test_per_image_estimate_is_explained() -> None:
    cost = round_cost(
        {"image": "gpt-image-1"}, {"paint": {}}, {"size": "1024x1536", "quality": "high"}
    )
    assert cost.usd == pytest.approx(0.25 + ALLOWANCE * 5 / M)
    assert "estimated from the per-image price (high 1024x1536)" in cost.note
    assert "no token usage" in cost.note


@pytest.mark.parametrize("quality", ["auto", "", None])
def test_auto_or_missing_quality_means_the_family_default(quality: str | None) -> None:
    params = {"size": "1024x1024", "quality": quality}
    medium = paint_cost("gpt-image-1", {"size": "1024x1024", "quality": "medium"}, {})
    assert paint_cost("gpt-image-1", params, {}) == medium
    assert paint_cost("gpt-image-1", {}, {}) == medium  # no keys at all: default size too
    assert medium == pytest.approx(0.042 + ALLOWANCE * 5 / M)


@pytest.mark.parametrize(
    ("model", "params", "usd"),
    [
        ("dall-e-3", {"size": "1024x1024", "quality": "standard"}, 0.04),
        ("dall-e-3", {"size": "1792x1024", "quality": "hd"}, 0.12),
        ("dall-e-3", {"size": "auto", "quality": "auto"}, 0.04),
        ("dall-e-2", {"size": "512x512"}, 0.018),
        ("dall-e-2", {}, 0.02),
    ],
)
def test_dall_e_is_priced_per_image(model: str, params: dict, usd: float) -> None:
    cost = round_cost({"image": model}, {"paint": {}}, params)
    assert cost.usd == pytest.approx(usd)
    assert cost.note == ""  # the per-image price is the real price here


def test_unlisted_size_or_quality_takes_the_dearest_option() -> None:
    cost = round_cost({"image": "dall-e-3"}, {"paint": {}}, {"size": "2048x2048", "quality": "x"})
    assert cost.usd == pytest.approx(0.12)
    assert "dearest" in cost.note


def test_unknown_model_makes_the_round_unknown_but_keeps_the_known_part() -> None:
    paint_usage = {"input_tokens": 100, "output_tokens": 1000}
    cost = round_cost(
        {"vision": "llava", "image": DEFAULT_IMAGE_MODEL},
        {"describe": CHAT, "paint": paint_usage},
        {"size": "1024x1024", "quality": "medium"},
    )
    assert cost.usd is None
    assert cost.parts["describe"] is None
    assert cost.parts["paint"] == pytest.approx(100 * 5 / M + 1000 * 30 / M)
    assert "price unknown for model 'llava'" in cost.note
    assert paint_cost("stable-diffusion-xl", {}, {}) is None


def test_round_cost_adds_the_steps_that_ran() -> None:
    paint_usage = {"input_tokens": 100, "output_tokens": 1000}
    models = {"vision": DEFAULT_VISION_MODEL, "image": DEFAULT_IMAGE_MODEL}
    both = round_cost(models, {"describe": CHAT, "paint": paint_usage}, {})
    assert both.usd == pytest.approx(describe_cost(DEFAULT_VISION_MODEL, CHAT) + 0.0305)
    assert set(both.parts) == {"describe", "paint"}
    # The painting did not run (say, the description was refused): only describing costs.
    only = round_cost(models, {"describe": CHAT}, {})
    assert only.usd == pytest.approx(describe_cost(DEFAULT_VISION_MODEL, CHAT))
    assert "paint" not in only.parts
    assert round_cost({}, {}, {}).usd == 0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.042, "$0.042"),
        (0.0421, "$0.042"),
        (0.0004, "< $0.001"),
        (0.0, "$0.00"),
        (0.25, "$0.25"),
        (5.0, "$5.00"),
        (5.034, "$5.03"),
        (None, "unknown"),
        (float("nan"), "unknown"),
    ],
)
def test_format_usd(value: float | None, text: str) -> None:
    assert format_usd(value) == text


def test_unknown_parts_are_counted_at_the_dearest_known_price() -> None:
    # An Azure deployment name and a local vision model: neither is in the table.
    paint_usage = {"input_tokens": 100, "output_tokens": 1000}
    params = {"size": "1024x1536", "quality": "high"}
    cost = round_cost(
        {"vision": "gpt-6.1-terra", "image": "my-azure-painter"},
        {"describe": CHAT, "paint": paint_usage},
        params,
    )
    assert cost.usd is None and cost.parts["paint"] is None
    known = describe_cost("gpt-6.1-terra", CHAT)
    # The dearest per-image price of the table for a 1024x1536 high painting: gpt-image-1's
    # $0.25 (plus its prompt allowance), dearer than any token price of these 1,100 tokens.
    dearest = 0.25 + ALLOWANCE * 5 / M
    assert cost.booked == pytest.approx(known + dearest)
    assert cost.booked == pytest.approx(known + pricing.dearest_paint(params, paint_usage))
    assert "The price of the painting is unknown" in cost.unknown_note
    assert format_usd(dearest) in cost.unknown_note


def test_a_description_without_usage_is_counted_at_the_dearest_chat_price() -> None:
    cost = round_cost({"vision": "llava"}, {"describe": {}}, {})
    prompt, completion = pricing.UNKNOWN_DESCRIBE_TOKENS
    assert cost.booked == pytest.approx((prompt * 10.00 + completion * 50.00) / M)  # GPT-6 Astra
    assert "The price of the description is unknown" in cost.unknown_note


def test_known_rounds_book_exactly_their_price() -> None:
    cost = round_cost({"vision": "gpt-6.1-terra"}, {"describe": CHAT}, {})
    assert cost.booked == cost.usd and cost.unknown_note == ""


def test_the_unknown_price_note_is_translated() -> None:
    from camdraw.core import i18n

    i18n.set_language("cs")  # the autouse fixture sets English back
    cost = round_cost({"image": "my-azure-painter"}, {"paint": {}}, {})
    assert cost.unknown_note.startswith("Cena malby není známa: do dnešního rozpočtu se počítá")
    assert "cena modelu „my-azure-painter“ není známa" in cost.note
