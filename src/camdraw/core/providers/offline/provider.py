"""The offline demo: the whole round on this computer, with no key and no network.

``OfflineProvider`` implements the ``Provider`` protocol with OpenCV alone: ``describe`` words
(``offline_describe``) what ``offline_scene`` measures in the photo, ``paint`` runs it through the
non-photorealistic filter of the round's style (``offline_paint``), and ``moderate`` has
nothing to check, because nothing leaves the computer. Importing this module imports neither
openai nor anything that opens a connection.
"""

from __future__ import annotations

import cv2

from camdraw.core.errors import BadRequestError, StorageError
from camdraw.core.i18n import _
from camdraw.core.imaging import Upload, decode_photo
from camdraw.core.providers.moderation import Moderation
from camdraw.core.providers.offline.offline_describe import describe_scene
from camdraw.core.providers.offline.offline_paint import paint_photo
from camdraw.core.providers.provider import (
    CancelCheck,
    Description,
    Painting,
    PartialCallback,
    TextCallback,
    stop_if,
)
from camdraw.core.providers.provider_errors import questions_need_service

MODEL = "offline-demo"


class OfflineProvider:
    """Describes and paints with OpenCV on this computer (the "offline demo")."""

    offline = True
    moderation_missing = False

    def __init__(self, language: str = "cs") -> None:
        self.language = language  # the description's language ("cs"; others are English)

    def describe(
        self,
        upload: Upload,
        *,
        prompt: str = "",
        model: str = "",
        detail: str = "",
        max_tokens: int = 0,
        timeout: float = 0.0,
        on_text: TextCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Description:
        """Describe the uploaded photo; the prompt and model settings do not apply here."""
        stop_if(cancelled)
        photo = decode_photo(upload.jpeg)
        text = describe_scene(photo, self.language)
        stop_if(cancelled)
        if on_text is not None:
            on_text(text)
        return Description(text=text, model=MODEL)

    def paint(
        self,
        prompt: str = "",
        *,
        model: str = "",
        size: str = "",
        quality: str = "",
        timeout: float = 0.0,
        on_partial: PartialCallback | None = None,
        cancelled: CancelCheck | None = None,
        reference: bytes | None = None,
        style: str = "",
    ) -> Painting:
        """Paint ``reference`` (the photo's JPEG) in ``style``; returns PNG bytes of the
        photo's size. The words of ``prompt`` cannot steer OpenCV's filters."""
        if not reference:
            raise BadRequestError(
                _("The offline demo paints from the photo, and it was not given one."),
                hint=_("Press Retry; if it happens again, take a new photo."),
                step="paint",
            )
        stop_if(cancelled)
        try:
            photo = decode_photo(reference)
        except StorageError as error:
            raise BadRequestError(
                _("The offline demo cannot read the photo it was given to paint."),
                hint=_("Take a new photo."),
                step="paint",
            ) from error
        painted = paint_photo(photo, style)
        stop_if(cancelled)
        ok, buffer = cv2.imencode(".png", painted)
        if not ok:
            raise StorageError(_("The offline painting could not be encoded as PNG."))
        height, width = painted.shape[:2]
        return Painting(
            image=buffer.tobytes(),
            model=MODEL,
            source="offline",
            params={"model": MODEL, "size": f"{width}x{height}", "style": style},
        )

    def moderate(self, text: str, *, model: str = "", timeout: float = 0.0) -> Moderation:
        """Nothing leaves the computer, so there is nothing to check: never flagged."""
        return Moderation(flagged=False, categories=(), model=MODEL)

    def ask(self, upload: Upload, **_options: object) -> Description:
        """Questions need a vision model: OpenCV can measure a photo, not talk about it."""
        raise questions_need_service()


__all__ = ["MODEL", "OfflineProvider", "describe_scene", "paint_photo"]
