"""A round's picture files as the steps use them: the saved photo read back, a painting written.

The photo on disk is the round's source of truth (Retry and repaint start from it), so reading it
is a step's ``StorageError`` with the file's name; the painting's size is best effort.
"""

from __future__ import annotations

import contextlib

from camdraw.core import disk, imaging
from camdraw.core.errors import StorageError
from camdraw.core.i18n import _
from camdraw.core.store.record import RoundRecord


def read_photo(record: RoundRecord) -> bytes:
    """The round's saved photo, byte for byte (a regular file of a sane size: a photo
    replaced by a link to ``/dev/zero`` or a pipe is refused, not read for ever)."""
    name = record.files.photo.name
    try:
        return imaging.read_photo_file(record.files.photo)
    except OSError as error:
        raise StorageError(_("The photo {name} cannot be read.").format(name=name)) from error
    except StorageError as error:
        raise StorageError(
            _("The photo {name} cannot be used: {reason}").format(name=name, reason=error)
        ) from error


def save_painting(record: RoundRecord, png: bytes) -> None:
    """Write an already encoded painting (from the cache) and note its size if it decodes."""
    disk.write_file(record.files.painting, png, "painting")
    with contextlib.suppress(Exception):
        image = imaging.decode_photo(png)
        record.sizes["painting"] = [int(image.shape[1]), int(image.shape[0])]
