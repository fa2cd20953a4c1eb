from camdraw.core import models


def test_gpt_image_models_never_get_response_format() -> None:
    for name in ("gpt-image-2.6-flare", "gpt-image-2", "gpt-image-1.5", "chatgpt-image-latest"):
        params = models.image_params(name)
        assert "response_format" not in params, name
        assert params["size"] == "1024x1024"
        assert params["quality"] == "medium"


def test_dall_e_3_gets_response_format_n_and_its_own_sizes() -> None:
    params = models.image_params("dall-e-3", size="1792x1024", quality="hd")
    assert params == {
        "model": "dall-e-3",
        "size": "1792x1024",
        "quality": "hd",
        "response_format": "b64_json",
        "n": 1,
    }


def test_sizes_and_qualities_outside_a_family_fall_back_to_its_defaults() -> None:
    params = models.image_params("dall-e-3", size="1536x1024", quality="high")
    assert params["size"] == "1024x1024"
    assert params["quality"] == "standard"
    assert models.image_params("gpt-image-2", quality="xhigh")["quality"] == "medium"
    assert models.image_params("gpt-image-2.6-sunburst", quality="xhigh")["quality"] == "xhigh"


def test_unknown_image_models_get_only_portable_parameters() -> None:
    params = models.image_params("stable-diffusion-xl")
    assert params == {"model": "stable-diffusion-xl", "size": "1024x1024"}


def test_prompt_limits_per_family() -> None:
    assert models.image_family("dall-e-3").prompt_limit == 4000
    assert models.image_family("gpt-image-2.6-flare").prompt_limit == 32000


def test_vision_params_per_family() -> None:
    reasoning = models.vision_params("gpt-6.1-terra", 400)
    assert reasoning["max_completion_tokens"] == 1600
    assert reasoning["reasoning_effort"] == "low"
    assert models.vision_params("gpt-4.1-mini", 400) == {
        "model": "gpt-4.1-mini",
        "max_completion_tokens": 400,
    }
    # Other OpenAI-compatible servers (Ollama, LM Studio) know max_tokens.
    assert models.vision_params("llava:13b", 300) == {"model": "llava:13b", "max_tokens": 300}


def test_defaults_are_not_shut_down_models() -> None:
    retired = ("gpt-4-vision-preview", "dall-e-3", "dall-e-2", "gpt-image-1")
    assert models.DEFAULT_VISION_MODEL not in retired
    assert models.DEFAULT_IMAGE_MODEL not in retired
