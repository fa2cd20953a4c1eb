"""What stands between the key press and the vision request: the photo is saved, but the
upload is made from the frame in memory, not from the file read back and decoded."""

from __future__ import annotations

from pathlib import Path

from camdraw.core import imaging
from camdraw.core.imaging import Upload
from camdraw.core.providers.provider import Description
from camdraw.core.store.record import Step, StepState
from tests.core.test_pipeline import ScriptedProvider, make
from tests.media import scene_frame


class UploadSpy(ScriptedProvider):
    def __init__(self) -> None:
        super().__init__()
        self.uploads: list[bytes] = []

    def describe(self, upload: Upload, **options: object) -> Description:
        self.uploads.append(upload.jpeg)
        return super().describe(upload, **options)


def test_a_new_photo_is_uploaded_from_the_frame_and_a_retry_from_the_file(
    tmp_path: Path,
) -> None:
    provider = UploadSpy()
    pipeline, _ = make(tmp_path, provider, use_cache=False)
    frame = scene_frame()
    record = pipeline.run(pipeline.capture(frame))
    from_frame = imaging.prepare_upload(frame, pipeline.settings.detail).jpeg
    saved = imaging.decode_photo(record.files.photo.read_bytes())
    from_file = imaging.prepare_upload(saved, pipeline.settings.detail).jpeg
    assert from_frame != from_file  # the JPEG round trip changes the pixels a little
    assert provider.uploads == [from_frame]

    record.steps[Step.DESCRIBE] = StepState.FAILED  # as a failed describe leaves it
    record.save()
    pipeline.retry(record.files.sidecar)  # no frame in memory: the saved photo
    assert provider.uploads[1] == from_file
