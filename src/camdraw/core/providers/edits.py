"""Likeness mode: painting from the photo through the image edit endpoint (``/images/edits``).

Only the gpt-image families can repaint a photo. Everything else — dall-e models, unknown
local models, servers without the endpoint — paints from the description instead, and the
round says so (``NO_EDITS_NOTE`` / ``model_note``). This module decides; ``OpenAIProvider``
makes the call.
"""

from __future__ import annotations

import re

from camdraw.core import models
from camdraw.core.i18n import N_, _
from camdraw.core.providers.provider_errors import POLICY_CODES, server_message

# Likeness mode: the photo goes to the image edit endpoint and the description becomes the
# instruction. English, because it talks to the model, not to the user.
LIKENESS_INSTRUCTION = (
    "Repaint this photo, keeping its composition and the people recognisable. "
    "Paint what this description says: "
)

# The families whose models take a photo to repaint (OpenAI's image edit endpoint).
EDIT_PREFIXES = ("gpt-image-", "chatgpt-image")
# ``input_fidelity="high"`` keeps faces recognisable. The API reference documents it for
# gpt-image-1 and gpt-image-1.5 (and their snapshots); gpt-image-1-mini takes only "low" and
# gpt-image-2 and later must not be sent it, so everything else gets the server's default.
_HIGH_FIDELITY = re.compile(r"gpt-image-1(\.5)?(-\d{4}-\d{2}-\d{2})?")
_UNSUPPORTED = re.compile(
    r"not supported|unsupported|does not support|doesn't support|not available|"
    r"not implemented|cannot be used|only supports",
    re.IGNORECASE,
)
# Only a message about editing itself: "quality 'max' is not supported for this model" is an
# ordinary parameter error, not a sign that the server or model cannot edit.
_ABOUT_EDITS = re.compile(r"\bedit|/images/edits", re.IGNORECASE)

NO_EDITS_NOTE = N_(
    "This server cannot paint from the photo, so camdraw painted from the description."
)


def model_note(model: str) -> str:
    """Why a likeness round was painted from the description: the model cannot edit."""
    return _(
        "The image model '{model}' cannot paint from the photo, so camdraw "
        "painted from the description."
    ).format(model=model)


def can_edit(model: str) -> bool:
    """Whether ``model`` belongs to a family that repaints a photo (gpt-image-*)."""
    return model.strip().lower().startswith(EDIT_PREFIXES)


def input_fidelity(model: str) -> str | None:
    """``"high"`` where the API reference documents it for the model, else None (omit)."""
    return "high" if _HIGH_FIDELITY.fullmatch(model.strip().lower()) else None


def edit_params(model: str, size: str = "", quality: str = "") -> dict[str, object]:
    """Keyword arguments for ``client.images.edit`` (without the image and the prompt)."""
    params = models.image_params(model, size, quality)
    fidelity = input_fidelity(model)
    if fidelity is not None:
        params["input_fidelity"] = fidelity
    return params


def rejects_edits(error: Exception) -> str | None:
    """Why the edit was turned down for good: "server" (no edit endpoint: 404/405/501) or
    "model" (a 400 saying this model cannot edit); None for a real error — a missing model, a
    content-policy block, a bad parameter — which is reported, not hidden."""
    status = getattr(error, "status_code", None)
    code = str(getattr(error, "code", "") or "")
    if code in POLICY_CODES or code == "model_not_found":
        return None
    if status in (404, 405, 501):
        return "server"
    if status not in (400, 422):
        return None
    message = server_message(error)
    if _UNSUPPORTED.search(message) and _ABOUT_EDITS.search(message):
        return "model"
    return None
