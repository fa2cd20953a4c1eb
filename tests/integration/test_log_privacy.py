"""The log keeps no one's words or round files: a round (described over real HTTP, its
narration saved by the real speech engine) leaves no description text and no path of its
photo, painting or narration in any log record, at any level."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.round.pipeline import Pipeline
from camdraw.core.settings import Settings
from camdraw.core.speech.speaker import Speaker
from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import scene_frame


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="espeak-ng on Linux")
def test_a_round_logs_neither_its_description_nor_its_files(
    fake_openai: FakeOpenAI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "images"
    settings = Settings(
        base_url=fake_openai.base_url,
        images_dir=str(folder),
        save_narration=True,
        muted=True,
        blur_faces=True,
    )
    provider = ProviderCache(KeyStore({"OPENAI_API_KEY": "sk-canary-logs-1a2b3c"})).get(settings)
    speaker = Speaker("cs")
    speaker.set_muted(True)
    try:
        with caplog.at_level(logging.DEBUG):
            pipeline = Pipeline(settings, provider, speaker=speaker)
            record = pipeline.run(pipeline.capture(scene_frame()))
            assert speaker.wait_idle(timeout=30)
    finally:
        speaker.stop()

    assert record.status == "done", record.errors
    assert record.files.narration.exists()  # it was saved, and so had a chance to be logged
    # camdraw's own records; the SDK's request logs are kept at WARNING by logs.setup.
    ours = [r for r in caplog.records if r.name.startswith("camdraw")]
    text = "\n".join(r.getMessage() for r in ours)
    assert any(r.name.startswith("camdraw.core.speech") for r in ours)
    first_words = CZECH_DESCRIPTION[:30]
    assert first_words not in text and repr(first_words)[1:-1] not in text
    assert str(folder) not in text
    assert record.stem not in text
