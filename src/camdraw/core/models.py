"""Model defaults and per-family request parameters, in one place.

Models come and go quickly (gpt-4-vision-preview, dall-e-3 and gpt-image-1 are already shut
down), so nothing else in camdraw names a model: the settings hold the user's choice, these
defaults are used only when the settings say nothing, and the server's own model list is what
the "model not found" message offers instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Current as of November 2026 (OpenAI's models and deprecations pages).
DEFAULT_VISION_MODEL = "gpt-6.1-terra"
DEFAULT_IMAGE_MODEL = "gpt-image-2.6-flare"
DEFAULT_MODERATION_MODEL = "omni-moderation-latest"
# Largest dhash distance (of 64 bits) for "the same scene" in the round cache (core/store/cache.py):
# sensor noise and 1-2 px shifts measured 0-6, another scene 37.
DEFAULT_CACHE_DISTANCE = 6
DEFAULT_DETAIL = "low"
DEFAULT_DESCRIPTION_TOKENS = 400

DETAILS = ("low", "high", "auto")


@dataclass(frozen=True)
class ImageFamily:
    """How to ask one family of image models for a picture."""

    prefix: str
    sizes: tuple[str, ...]
    qualities: tuple[str, ...]
    default_size: str
    default_quality: str | None
    # None: do not send response_format at all (gpt-image-* reject it and answer in base64).
    response_format: str | None
    prompt_limit: int
    extra: dict[str, object] = field(default_factory=dict)
    # Can send partial images while it paints (``stream=True, partial_images=N``).
    streams: bool = False


_GPT_IMAGE_SIZES = ("1024x1024", "1536x1024", "1024x1536", "auto")

IMAGE_FAMILIES: tuple[ImageFamily, ...] = (
    ImageFamily(
        prefix="gpt-image-2.6",
        sizes=_GPT_IMAGE_SIZES,
        qualities=("low", "medium", "high", "xhigh", "max", "auto"),
        default_size="1024x1024",
        default_quality="medium",
        response_format=None,
        prompt_limit=32000,
        streams=True,
    ),
    ImageFamily(
        prefix="gpt-image-",
        sizes=_GPT_IMAGE_SIZES,
        qualities=("low", "medium", "high", "auto"),
        default_size="1024x1024",
        default_quality="medium",
        response_format=None,
        prompt_limit=32000,
        streams=True,
    ),
    ImageFamily(
        prefix="chatgpt-image",
        sizes=_GPT_IMAGE_SIZES,
        qualities=("low", "medium", "high", "auto"),
        default_size="1024x1024",
        default_quality="medium",
        response_format=None,
        prompt_limit=32000,
        streams=True,
    ),
    ImageFamily(
        prefix="dall-e-3",
        sizes=("1024x1024", "1792x1024", "1024x1792"),
        qualities=("standard", "hd"),
        default_size="1024x1024",
        default_quality="standard",
        response_format="b64_json",
        prompt_limit=4000,
        extra={"n": 1},
    ),
    ImageFamily(
        prefix="dall-e-2",
        sizes=("256x256", "512x512", "1024x1024"),
        qualities=(),
        default_size="1024x1024",
        default_quality=None,
        response_format="b64_json",
        prompt_limit=1000,
        extra={"n": 1},
    ),
)

# Any other OpenAI-compatible image model: send only what every server understands.
GENERIC_IMAGE_FAMILY = ImageFamily(
    prefix="",
    sizes=("1024x1024", "512x512"),
    qualities=(),
    default_size="1024x1024",
    default_quality=None,
    response_format=None,
    prompt_limit=4000,
)


def image_family(model: str) -> ImageFamily:
    """The family of ``model``: the longest matching prefix wins."""
    name = model.strip().lower()
    matches = [f for f in IMAGE_FAMILIES if name.startswith(f.prefix)]
    return max(matches, key=lambda f: len(f.prefix)) if matches else GENERIC_IMAGE_FAMILY


def image_params(model: str, size: str = "", quality: str = "") -> dict[str, object]:
    """Keyword arguments for ``client.images.generate`` (without the prompt)."""
    family = image_family(model)
    params: dict[str, object] = {"model": model}
    params["size"] = size if size in family.sizes else family.default_size
    if family.qualities:
        params["quality"] = quality if quality in family.qualities else family.default_quality
    if family.response_format:
        params["response_format"] = family.response_format
    params.update(family.extra)
    return params


@dataclass(frozen=True)
class VisionFamily:
    """How to ask one family of chat models for a description."""

    prefixes: tuple[str, ...]
    token_param: str
    # Reasoning models spend part of the token budget thinking before they write.
    reasoning_effort: str | None = None
    token_factor: int = 1


VISION_FAMILIES: tuple[VisionFamily, ...] = (
    VisionFamily(("gpt-6", "gpt-5", "o1", "o3", "o4"), "max_completion_tokens", "low", 4),
    VisionFamily(("gpt-4.1", "gpt-4o", "chatgpt-4o"), "max_completion_tokens"),
)
GENERIC_VISION_FAMILY = VisionFamily((), "max_tokens")


def vision_family(model: str) -> VisionFamily:
    name = model.strip().lower()
    for family in VISION_FAMILIES:
        if name.startswith(family.prefixes):
            return family
    return GENERIC_VISION_FAMILY


def vision_params(model: str, max_tokens: int) -> dict[str, object]:
    """Keyword arguments for ``client.chat.completions.create`` (without the messages)."""
    family = vision_family(model)
    params: dict[str, object] = {
        "model": model,
        family.token_param: max_tokens * family.token_factor,
    }
    if family.reasoning_effort:
        params["reasoning_effort"] = family.reasoning_effort
    return params
