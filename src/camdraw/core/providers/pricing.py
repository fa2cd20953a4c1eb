"""What a round costs in US dollars: camdraw's one price table.

Chat models are priced per million prompt and completion tokens. gpt-image models are priced
per million tokens too, and the server's token usage is used when it sends some; otherwise the
cost is estimated from the size and quality that were asked for. DALL·E is priced per image.
Models are matched by their longest listed prefix, so dated snapshots
(``gpt-6.1-terra-2026-10-26``) cost what their family costs.

Entries marked ``estimate=True`` are educated guesses that lean expensive, so a daily budget
stops a little early rather than late. Prices change: update this table, nothing else.
Moderation is free at OpenAI, so only the describe and paint steps are priced.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from camdraw.core.i18n import _, format_number
from camdraw.core.models import image_family

MILLION = 1_000_000

# The painting prompt is a description of at most a few hundred tokens plus camdraw's style
# instructions; per-image estimates add this many text-input tokens for it.
PROMPT_ALLOWANCE_TOKENS = 1_000


@dataclass(frozen=True)
class ChatPrice:
    """USD per million tokens. Reasoning tokens are billed as output and are already part of
    ``completion_tokens``, so they are not added again."""

    input: float
    output: float
    estimate: bool = False


@dataclass(frozen=True)
class ImagePrice:
    """USD per million tokens (None: billed per image only) plus a per-image fallback.

    The per-image fallback is either a fixed table ``quality -> size -> USD`` or, for the
    gpt-image-2 generation, the quality factors of OpenAI's image-token formula.
    """

    text_input: float | None = None
    image_input: float | None = None
    image_output: float | None = None
    text_output: float | None = None
    per_image: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    quality_factors: Mapping[str, int] = field(default_factory=dict)
    estimate: bool = False


# All prices checked on 2026-11-22 unless said otherwise.
CHAT_PRICES: dict[str, ChatPrice] = {
    # developers.openai.com/api/docs/models/gpt-6.1-terra; docs.litellm.ai/blog/gpt-6-1-terra
    "gpt-6.1-terra": ChatPrice(1.00, 5.00),
    # docs.litellm.ai/blog/gpt_6_1_sol (model page developers.openai.com/.../gpt-6.1-sol)
    "gpt-6.1-sol": ChatPrice(2.00, 10.00),
    # docs.litellm.ai/blog/gpt_6_sol_luna (OpenAI, 2026-09-22)
    "gpt-6-sol": ChatPrice(2.00, 10.00),
    "gpt-6-luna": ChatPrice(0.10, 0.50),
    # docs.apiyi.com/models (model price table, matches OpenAI's list price)
    "gpt-6-astra": ChatPrice(10.00, 50.00),
    # Estimate: any other GPT-6 model is priced like the dearest one, GPT-6 Astra.
    "gpt-6": ChatPrice(10.00, 50.00, estimate=True),
    # docs.apiyi.com/models and docs.litellm.ai/blog/gpt_6_sol_luna ("GPT-5.6's current")
    "gpt-5.6-sol": ChatPrice(4.00, 20.00),
    "gpt-5.6-terra": ChatPrice(2.00, 12.00),
    "gpt-5.6-luna": ChatPrice(0.20, 1.20),
    # docs.apiyi.com/models
    "gpt-5.5": ChatPrice(5.00, 30.00),
    "gpt-5.4": ChatPrice(2.50, 15.00),
    "gpt-5.4-mini": ChatPrice(0.75, 4.50),
    "gpt-5.4-nano": ChatPrice(0.20, 1.25),
    # github/docs data/tables/copilot/models-and-pricing.yml
    "gpt-5.2": ChatPrice(1.75, 14.00),
    "gpt-5-mini": ChatPrice(0.25, 2.00),
    # koishiai.com "OpenAI GPT-5.1 API: Pricing, Limits, and Model Specs"
    "gpt-5.1": ChatPrice(1.25, 10.00),
    # developers.openai.com/api/docs/models/gpt-5-nano (GPT-5 is the same $1.25/$10 as 5.1)
    "gpt-5-nano": ChatPrice(0.05, 0.40),
    "gpt-5": ChatPrice(1.25, 10.00),
    # Estimate: any other GPT-5.x model is priced like GPT-5.5, the dearest non-pro one.
    "gpt-5.": ChatPrice(5.00, 30.00, estimate=True),
    # tokenmath.io "OpenAI API Pricing Explained" (OpenAI model pricing, checked 2026-06-21)
    "gpt-4.1": ChatPrice(2.00, 8.00),
    "gpt-4.1-mini": ChatPrice(0.40, 1.60),
    # Estimate (2026-11-22): no current source found; priced like gpt-4.1-mini.
    "gpt-4.1-nano": ChatPrice(0.40, 1.60, estimate=True),
    # docs.rs openai-models (from openai.com/api/pricing)
    "gpt-4o": ChatPrice(2.50, 10.00),
    "gpt-4o-mini": ChatPrice(0.15, 0.60),
}

_GPT_IMAGE_1_PER_IMAGE = {
    # burncloud.com/aiapi-detail/gpt-image-1.html (OpenAI's per-image table)
    "low": {"1024x1024": 0.011, "1024x1536": 0.016, "1536x1024": 0.016},
    "medium": {"1024x1024": 0.042, "1024x1536": 0.063, "1536x1024": 0.063},
    "high": {"1024x1024": 0.167, "1024x1536": 0.25, "1536x1024": 0.25},
}
_GPT_IMAGE_1_5_PER_IMAGE = {
    # docs.apiyi.com "GPT-Image legacy versions"; matches $32/M x OpenAI's token counts
    "low": {"1024x1024": 0.009, "1024x1536": 0.013, "1536x1024": 0.013},
    "medium": {"1024x1024": 0.034, "1024x1536": 0.05, "1536x1024": 0.05},
    "high": {"1024x1024": 0.133, "1024x1536": 0.2, "1536x1024": 0.2},
}
# Quality factors of the gpt-image-2 output-token formula (community.openai.com "gpt-image-2
# output pricing calculator"; it gives 7024 tokens for 1024x1024 high, 5488 for 1536x1024).
_GPT_IMAGE_2_FACTORS = {"low": 16, "medium": 48, "high": 96}
# gpt-image-2.5 token counts for 1024x1024 (196/439/1756/3122/7024, s-anand.net "Quality
# levels of GPT Image 2.5 Flare", from OpenAI's calculator) fit these factors exactly.
_GPT_IMAGE_2_5_FACTORS = {"low": 16, "medium": 24, "high": 48, "xhigh": 64, "max": 96}
# Estimate (2026-11-22): per docs.laozhang.ai "GPT Image 2.6", low and medium use 3-4 times the
# tokens of 2.5 and high and above the same; we take 4 times.
_GPT_IMAGE_2_6_FACTORS = {"low": 32, "medium": 48, "high": 48, "xhigh": 64, "max": 96}

IMAGE_PRICES: dict[str, ImagePrice] = {
    # $5 text in, $8 image in, $30 image out for 2.6 and 2.5 (docs.apiyi.com GPT-Image-2.6
    # launch, 2026-11-05; apidog.com gpt-image-2.5 API guide); $10 text out for gpt-image-2
    # (tokenmix.ai gpt-image-2 developer guide), assumed for 2.5 and 2.6.
    "gpt-image-2.6": ImagePrice(5.00, 8.00, 30.00, 10.00, quality_factors=_GPT_IMAGE_2_6_FACTORS),
    "gpt-image-2.5": ImagePrice(5.00, 8.00, 30.00, 10.00, quality_factors=_GPT_IMAGE_2_5_FACTORS),
    "gpt-image-2": ImagePrice(5.00, 8.00, 30.00, 10.00, quality_factors=_GPT_IMAGE_2_FACTORS),
    # Estimate: a later 2.x model is priced like 2.6.
    "gpt-image-2.": ImagePrice(
        5.00, 8.00, 30.00, 10.00, quality_factors=_GPT_IMAGE_2_6_FACTORS, estimate=True
    ),
    # $32 image out: community.openai.com "difference between image generation and output of
    # image tokens" (272 tokens = $0.008704).
    "gpt-image-1.5": ImagePrice(
        5.00,
        8.00,
        32.00,
        10.00,
        per_image=_GPT_IMAGE_1_5_PER_IMAGE,
    ),
    # developers.openai.com/api/docs/models/gpt-image-1-mini
    "gpt-image-1-mini": ImagePrice(
        2.00,
        2.50,
        8.00,
        per_image={
            "low": {"1024x1024": 0.005, "1024x1536": 0.006, "1536x1024": 0.006},
            "medium": {"1024x1024": 0.011, "1024x1536": 0.015, "1536x1024": 0.015},
            "high": {"1024x1024": 0.036, "1024x1536": 0.052, "1536x1024": 0.052},
        },
    ),
    # burncloud.com/aiapi-detail/gpt-image-1.html
    "gpt-image-1": ImagePrice(5.00, 10.00, 40.00, per_image=_GPT_IMAGE_1_PER_IMAGE),
    # Estimate: any other gpt-image model costs what the dearest, gpt-image-1, costs.
    "gpt-image-": ImagePrice(5.00, 10.00, 40.00, per_image=_GPT_IMAGE_1_PER_IMAGE, estimate=True),
    # Estimate: ChatGPT's image snapshot, priced like gpt-image-1.5.
    "chatgpt-image": ImagePrice(
        5.00, 8.00, 32.00, 10.00, per_image=_GPT_IMAGE_1_5_PER_IMAGE, estimate=True
    ),
    # github.com/kevinhermawan/Canvas model-info.json (openai.com/pricing). OpenAI shut both
    # down on 2026-05-12; compatible servers may still offer them.
    "dall-e-3": ImagePrice(
        per_image={
            "standard": {"1024x1024": 0.04, "1024x1792": 0.08, "1792x1024": 0.08},
            "hd": {"1024x1024": 0.08, "1024x1792": 0.12, "1792x1024": 0.12},
        }
    ),
    "dall-e-2": ImagePrice(per_image={"": {"256x256": 0.016, "512x512": 0.018, "1024x1024": 0.02}}),
}


@dataclass(frozen=True)
class Cost:
    """What a round cost. ``usd`` is None when any part is unknown; ``note`` says why, and
    which parts are estimates, in plain words (empty when every price is exact).

    ``booked`` is what the daily budget counts: the known parts, plus each unknown part at the
    dearest known price of its kind (``dearest_describe``, ``dearest_paint``), so a budget
    stops early rather than never; ``unknown_note`` says so, for the round's notes."""

    usd: float | None
    parts: dict[str, float | None]
    note: str
    booked: float = 0.0
    unknown_note: str = ""


_Price = TypeVar("_Price")


def _lookup(table: Mapping[str, _Price], model: str) -> _Price | None:
    """The entry whose key is the longest prefix of ``model`` (case and provider ignored)."""
    name = model.strip().lower().rsplit("/", 1)[-1]
    keys = [key for key in table if name.startswith(key)]
    return table[max(keys, key=len)] if keys else None


def _int(usage: Mapping[str, Any], *keys: str) -> int | None:
    for key in keys:
        value = usage.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None


def _estimate_note(model: str) -> str:
    return f"the price of '{model}' is an estimate"


def _describe(model: str, usage: Mapping[str, Any]) -> tuple[float | None, list[str]]:
    price = _lookup(CHAT_PRICES, model)
    if price is None:
        return None, [_("price unknown for model '{model}'").format(model=model)]
    prompt = _int(usage, "prompt_tokens", "input_tokens")
    completion = _int(usage, "completion_tokens", "output_tokens")
    if prompt is None and completion is None:
        return None, [_("the server reported no token usage for the description")]
    usd = ((prompt or 0) * price.input + (completion or 0) * price.output) / MILLION
    return usd, [_estimate_note(model)] if price.estimate else []


def _paint_tokens(price: ImagePrice, usage: Mapping[str, Any]) -> float | None:
    output = _int(usage, "output_tokens")
    if price.image_output is None or price.text_input is None or output is None:
        return None
    text_in = _int(usage, "input_tokens") or 0
    image_in = 0
    details = usage.get("input_tokens_details")
    if isinstance(details, Mapping) and _int(details, "text_tokens", "image_tokens") is not None:
        text_in = _int(details, "text_tokens") or 0
        image_in = _int(details, "image_tokens") or 0
    # camdraw paints from text alone; any input the server does not break down is text.
    usd = text_in * price.text_input + image_in * (price.image_input or price.text_input)
    image_out, text_out = output, 0
    details = usage.get("output_tokens_details")
    if isinstance(details, Mapping) and _int(details, "image_tokens", "text_tokens") is not None:
        image_out = _int(details, "image_tokens") or 0
        text_out = _int(details, "text_tokens") or 0
    usd += image_out * price.image_output + text_out * (price.text_output or price.image_output)
    return usd / MILLION


_SIZE = re.compile(r"^\s*(\d{2,5})\s*x\s*(\d{2,5})\s*$")


def _formula_tokens(factor: int, width: int, height: int) -> int:
    """Image output tokens of the gpt-image-2 generation for one picture."""
    long_edge, short_edge = max(width, height), min(width, height)
    short_factor = (2 * factor * short_edge + long_edge) // (2 * long_edge)
    return -(-factor * short_factor * (2_000_000 + width * height) // 4_000_000)


def _dimensions(size: str) -> tuple[int, int]:
    match = _SIZE.match(size)
    return (int(match[1]), int(match[2])) if match else (1024, 1024)


def _dearest(rows: Mapping[str, Any]) -> str:
    """The quality whose price (or token factor) is highest."""

    def top(quality: str) -> float:
        row = rows[quality]
        return max(row.values()) if isinstance(row, Mapping) else row

    return max(rows, key=top)


def _per_image(
    model: str, price: ImagePrice, params: Mapping[str, Any]
) -> tuple[float, str | None]:
    """The price of one picture of the size and quality asked for, and a note when that is an
    estimate (token-priced model, or a size or quality the table does not list)."""
    family = image_family(model)
    size = str(params.get("size") or "").strip().lower()
    if size in ("", "auto"):
        size = family.default_size
    quality = str(params.get("quality") or "").strip().lower()
    if quality in ("", "auto"):
        quality = family.default_quality or ""
    rows: Mapping[str, Any] = price.quality_factors or price.per_image
    guessed = quality not in rows
    if guessed:  # an unlisted quality costs what the dearest listed one costs
        quality = _dearest(rows)
    if price.quality_factors:
        tokens = _formula_tokens(price.quality_factors[quality], *_dimensions(size))
        usd = tokens * (price.image_output or 0.0) / MILLION
    else:
        row = price.per_image[quality]
        guessed = guessed or size not in row
        usd = row.get(size, max(row.values()))
    if price.text_input is not None:
        usd += PROMPT_ALLOWANCE_TOKENS * price.text_input / MILLION
    if price.image_output is None and not guessed:
        return usd, None
    words = " ".join(w for w in (quality, size) if w)
    note = f"the painting's cost is estimated from the per-image price ({words})"
    if price.image_output is not None:
        note += " because the server reported no token usage"
    if guessed:
        note += ", taking the dearest listed option"
    return usd, note


def _paint(
    model: str, params: Mapping[str, Any], usage: Mapping[str, Any]
) -> tuple[float | None, list[str]]:
    price = _lookup(IMAGE_PRICES, model)
    if price is None:
        return None, [_("price unknown for model '{model}'").format(model=model)]
    notes = [_estimate_note(model)] if price.estimate else []
    usd = _paint_tokens(price, usage)
    if usd is not None:
        return usd, notes
    if not price.quality_factors and not price.per_image:
        missing = _("'{model}' has no per-image price and the server sent no usage")
        return None, [*notes, missing.format(model=model)]
    usd, note = _per_image(model, price, params)
    return usd, [*notes, note] if note else notes


def describe_cost(model: str, usage: Mapping[str, Any]) -> float | None:
    """USD for one description, or None when the model's price or the usage is unknown."""
    return _describe(model, usage)[0]


def paint_cost(model: str, params: Mapping[str, Any], usage: Mapping[str, Any]) -> float | None:
    """USD for one painting: from the token usage when there is some, else per image."""
    return _paint(model, params, usage)[0]


# A description whose server reported no usage is counted as this many prompt (photo and
# instruction) and completion tokens, at the dearest chat price.
UNKNOWN_DESCRIBE_TOKENS = (4_000, 1_000)


def dearest_describe(usage: Mapping[str, Any]) -> float:
    """A description at the dearest chat price in the table (its tokens, or a generous guess
    of them when the server reported none): what an unpriced one is counted at."""
    prompt = _int(usage, "prompt_tokens", "input_tokens")
    completion = _int(usage, "completion_tokens", "output_tokens")
    if prompt is None and completion is None:
        prompt, completion = UNKNOWN_DESCRIBE_TOKENS
    price_in = max(price.input for price in CHAT_PRICES.values())
    price_out = max(price.output for price in CHAT_PRICES.values())
    return ((prompt or 0) * price_in + (completion or 0) * price_out) / MILLION


def dearest_paint(params: Mapping[str, Any], usage: Mapping[str, Any]) -> float:
    """A painting at the dearest image price in the table, per image for the size and quality
    asked for (or their dearest) and per token when the server reported tokens."""
    candidates = [
        _per_image(key, price, params)[0]
        for key, price in IMAGE_PRICES.items()
        if price.per_image or price.quality_factors
    ]
    candidates += [
        usd for price in IMAGE_PRICES.values() if (usd := _paint_tokens(price, usage)) is not None
    ]
    return max(candidates)


def round_cost(
    models: Mapping[str, str], usage: Mapping[str, Mapping[str, Any]], params: Mapping[str, Any]
) -> Cost:
    """The cost of a round. ``models`` has "vision" and "image", ``usage`` has "describe"
    and "paint"; a step missing from either did not run and costs nothing."""
    parts: dict[str, float | None] = {}
    notes: list[str] = []
    counted: dict[str, float] = {}  # the unknown parts, at the dearest known price
    if "vision" in models and "describe" in usage:
        parts["describe"], found = _describe(models["vision"], usage["describe"])
        notes += found
        if parts["describe"] is None:
            counted["describe"] = dearest_describe(usage["describe"])
    if "image" in models and "paint" in usage:
        parts["paint"], found = _paint(models["image"], params, usage["paint"])
        notes += found
        if parts["paint"] is None:
            counted["paint"] = dearest_paint(params, usage["paint"])
    values = list(parts.values())
    total = None if None in values else sum(v for v in values if v is not None)
    booked = sum(v for v in values if v is not None) + sum(counted.values())
    return Cost(total, parts, "; ".join(notes), booked, _unknown_note(counted))


def _unknown_note(counted: Mapping[str, float]) -> str:
    if not counted:
        return ""
    which = {
        ("describe",): _("The price of the description is unknown"),
        ("paint",): _("The price of the painting is unknown"),
        ("describe", "paint"): _("The prices of the description and the painting are unknown"),
    }[tuple(counted)]
    return _("{which}: today's budget counts {usd}, at the dearest known prices.").format(
        which=which, usd=format_usd(sum(counted.values()))
    )


def format_usd(value: float | None) -> str:
    """``$0.042``, ``$1.25``, ``< $0.001`` or ``unknown`` (in the interface language:
    ``$0,042`` in Czech)."""
    if value is None or not math.isfinite(value):
        return _("unknown")
    if value == 0:
        return f"${format_number(0, 2)}"
    if abs(value) < 0.001:
        return f"< ${format_number(0.001, 3)}"
    return f"${format_number(value, 3 if abs(value) < 0.1 else 2)}"
