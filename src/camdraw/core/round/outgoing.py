"""What of the photo leaves the machine: with "blur faces" on, faces are blurred out of the
upload the vision model gets and out of the photo a likeness painting starts from. The photo
on disk stays as taken; the offline demo sends nothing, so it gets the photo as it is. Where
faces cannot be found (no face detector), nothing is sent."""

from __future__ import annotations

import logging

import numpy as np

from camdraw.core import faces, imaging
from camdraw.core.errors import ConfigError
from camdraw.core.i18n import _
from camdraw.core.round import round_files
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord

log = logging.getLogger(__name__)


def _blurs(record: RoundRecord, settings: Settings) -> bool:
    return settings.blur_faces and not record.offline


def _blurred(frame: np.ndarray, record: RoundRecord) -> np.ndarray:
    detector = faces.face_detector()
    if detector is None:  # OpenCV without its cascade: send nothing rather than the faces
        raise ConfigError(
            _(
                "Faces cannot be blurred: OpenCV's face detector is missing on this computer, "
                "so the photo was not sent."
            ),
            hint=_("Turn off Blur faces in Settings → Privacy to send photos as they are."),
        )
    blurred, count = faces.blur_faces(frame, detector)
    record.privacy["faces_blurred"] = count
    log.info("%d face(s) blurred before sending", count)
    return blurred


def frame_to_send(frame: np.ndarray, record: RoundRecord, settings: Settings) -> np.ndarray:
    """``frame`` as it may be sent for ``record`` (faces blurred when asked)."""
    return _blurred(frame, record) if _blurs(record, settings) else frame


def reference_photo(record: RoundRecord, settings: Settings) -> bytes:
    """The photo a likeness painting starts from: the saved file byte for byte, or a JPEG of
    it with the faces blurred."""
    photo = round_files.read_photo(record)
    if not _blurs(record, settings):
        return photo
    return imaging.encode_jpeg(_blurred(imaging.decode_photo(photo), record))
