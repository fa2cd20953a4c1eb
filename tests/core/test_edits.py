"""When likeness mode can use the image edit endpoint (core/providers/edits.py)."""

from __future__ import annotations

import pytest

from camdraw.core.providers import edits


class StatusError(Exception):
    """Shaped like the SDK's APIStatusError: status_code, code, body."""

    def __init__(self, status: int, message: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.status_code = status
        self.code = code
        self.message = message
        self.body = {"error": {"message": message, "code": code}}


@pytest.mark.parametrize(
    ("model", "can"),
    [
        ("gpt-image-2.6-flare", True),
        ("gpt-image-1", True),
        ("chatgpt-image-latest", True),
        ("dall-e-3", False),
        ("dall-e-2", False),
        ("flux-schnell", False),
    ],
)
def test_only_gpt_image_families_edit(model: str, can: bool) -> None:
    assert edits.can_edit(model) is can


def test_high_input_fidelity_only_where_documented() -> None:
    assert edits.edit_params("gpt-image-1")["input_fidelity"] == "high"
    assert edits.edit_params("gpt-image-1.5-2025-12-16")["input_fidelity"] == "high"
    for model in ("gpt-image-1-mini", "gpt-image-2", "gpt-image-2.6-flare", "chatgpt-image-latest"):
        assert "input_fidelity" not in edits.edit_params(model), model
    params = edits.edit_params("gpt-image-2.6-flare", "1536x1024", "high")
    assert params == {"model": "gpt-image-2.6-flare", "size": "1536x1024", "quality": "high"}


@pytest.mark.parametrize(
    ("error", "refused"),
    [
        (StatusError(404, "404 page not found"), "server"),
        (StatusError(405, "Method Not Allowed"), "server"),
        (StatusError(501, "Not Implemented"), "server"),
        (StatusError(400, "Image editing is not supported for this model."), "model"),
        (StatusError(400, "The model 'x' does not support image edits."), "model"),
        (StatusError(404, "The model does not exist", "model_not_found"), None),
        (StatusError(400, "Your request was rejected", "moderation_blocked"), None),
        (StatusError(400, "Invalid size '7x7'."), None),
        (StatusError(400, "Quality 'max' is not supported for this model."), None),
        (StatusError(429, "Rate limit"), None),
        (StatusError(500, "Server error"), None),
        (ValueError("not an HTTP error"), None),
    ],
)
def test_what_counts_as_no_edit_endpoint(error: Exception, refused: str | None) -> None:
    assert edits.rejects_edits(error) == refused
