"""What the window shows when a round cannot go the normal way: a limit, a refusal, a folder
that will not take the photo, a server that has no moderation, speech that cannot start."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from camdraw.core import disk
from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.ui.window_helpers import round_ends, take_round, wait_for_camera


def test_cooldown_refuses_a_quick_second_photo_without_taking_it(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(cooldown_s=60)
    take_round(qtbot, window)
    assert window.rounds.last_record.status == "done"
    assert "cost $" in window.step_label.text()
    qtbot.keyClick(window, Qt.Key_Space)
    assert not window.rounds.busy
    assert "between photos" in window.step_label.text() or "Wait" in window.step_label.text()
    assert len(list(window.settings.images_path().glob("*_photo.jpg"))) == 1
    assert len(fake_openai.requests_to("chat")) == 1


def test_flagged_description_is_explained_and_not_painted(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.moderation_flagged = {"violence"}
    window = make_window(muted=True)
    take_round(qtbot, window)
    record = window.rounds.last_record
    assert record.status == "blocked"
    assert "flagged it for violence" in window.panes.banner.text("round")
    assert window.panes.banner.button("round") is None  # retrying would not help
    assert window.panes.description.toPlainText() == CZECH_DESCRIPTION
    assert window.panes.painting_view.frame is None
    assert fake_openai.requests_to("images") == []
    assert record.files.photo.exists()


def test_server_without_moderation_shows_a_note_once(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.moderation_available = False
    # A server other than OpenAI (OpenAI itself without the endpoint stops painting).
    window = make_window(muted=True, describe_server="custom")
    take_round(qtbot, window)
    assert window.rounds.last_record.status == "done"
    assert "no moderation endpoint" in window.panes.banner.text("note")
    window.panes.banner.hide_message("note")
    take_round(qtbot, window)
    assert window.rounds.last_record.status == "done"
    assert len(fake_openai.requests_to("moderations")) == 1


def test_photo_that_cannot_be_saved_is_kept_and_saved_in_another_folder(
    qtbot, make_window, fake_openai: FakeOpenAI, tmp_path: Path, monkeypatch
) -> None:
    full = tmp_path / "full-disk"
    real_write = disk.atomic_write_bytes

    def write(path: Path, data: bytes) -> None:
        if full in path.parents:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(disk, "atomic_write_bytes", write)
    window = make_window(images_dir=str(full), muted=True)
    other = tmp_path / "other-folder"
    window.shutter.choose_folder = lambda: str(other)
    wait_for_camera(qtbot, window)
    with round_ends(qtbot, window) as ended:
        qtbot.keyClick(window, Qt.Key_Space)
    assert ended.args == [None]  # no record: the photo is not on disk
    assert "No space left on device" in window.panes.banner.text("round")
    assert "kept in memory" in window.panes.banner.text("round")
    assert fake_openai.requests_to("chat") == []
    with round_ends(qtbot, window):
        window.panes.banner.button("round").click()
    assert window.rounds.last_record.status == "done"
    assert window.rounds.last_record.files.folder == other
    assert list(other.glob("*_photo.jpg")) and list(other.glob("*_painting.png"))
    assert window.settings.images_dir == str(other)


def test_speech_that_cannot_start_still_shows_the_text(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window()

    def broken_engine() -> Any:
        raise RuntimeError("no speech engine installed")

    window.speaker._engine_factory = broken_engine
    take_round(qtbot, window)
    assert window.rounds.last_record.status == "done"
    assert window.panes.description.toPlainText() == CZECH_DESCRIPTION
    qtbot.waitUntil(
        lambda: (
            "Speech is not available"
            in " ".join(window.panes.banner.text(t) for t in window.panes.banner.topics())
            or "Speech is not available" in window.step_label.message()
        ),
        timeout=10000,
    )


def test_cancel_stops_the_round_keeps_the_photo_and_leaves_no_thread(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.describe_delay_s = 1.5
    window = make_window(muted=True)
    wait_for_camera(qtbot, window)
    with round_ends(qtbot, window):
        qtbot.keyClick(window, Qt.Key_Space)
        qtbot.waitUntil(lambda: len(fake_openai.requests_to("chat")) == 1, timeout=10000)
        assert window.commands["cancel"].isEnabled()
        qtbot.keyClick(window, Qt.Key_Escape)
        assert window.step_label.text() == "Cancelling…"
    record = window.rounds.last_record
    assert record.status == "incomplete" and record.steps["paint"] == "pending"
    assert fake_openai.requests_to("images") == []
    assert record.files.photo.exists()
    assert window.panes.banner.text("round").startswith("Cancelled.")
    assert window.commands["retry"].isEnabled() and not window.commands["cancel"].isEnabled()
    window.shutdown()  # joins everything; the leaked-thread fixture checks the rest


def test_no_step_of_a_round_runs_on_the_gui_thread(
    qtbot, make_window, fake_openai: FakeOpenAI, monkeypatch
) -> None:
    import threading

    from camdraw.core import imaging
    from camdraw.core.round.pipeline import Pipeline

    threads: list[str] = []
    real_step = Pipeline._step
    real_encode = imaging.encode_jpeg

    def step(self, record, name):  # type: ignore[no-untyped-def]
        threads.append(f"{name}:{threading.current_thread() is threading.main_thread()}")
        return real_step(self, record, name)

    def encode(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(f"encode:{threading.current_thread() is threading.main_thread()}")
        return real_encode(*args, **kwargs)

    monkeypatch.setattr(Pipeline, "_step", step)
    monkeypatch.setattr(imaging, "encode_jpeg", encode)
    window = make_window(muted=True)
    take_round(qtbot, window)
    assert window.rounds.last_record.status == "done"
    on_gui_thread = [entry for entry in threads if entry.endswith(":True")]
    assert on_gui_thread == []
    assert {t.split(":")[0] for t in threads} >= {"encode", "describe", "check", "paint"}


def test_the_same_scene_again_comes_from_the_cache_and_can_be_regenerated(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(muted=True)
    wait_for_camera(qtbot, window)
    frame = window.camera.thread.snapshot()
    window.camera.thread.snapshot = lambda: frame.copy()  # the camera sees the very same scene
    first = take_round(qtbot, window)
    second = take_round(qtbot, window)
    assert second.cache["capture"] == "exact" and second.cache["source"] == first.stem
    assert len(fake_openai.requests_to("chat")) == 1
    assert len(fake_openai.requests_to("images")) == 1
    assert "from cache" in window.step_label.text()
    assert "From cache" in window.panes.banner.text("round")
    assert window.panes.painting_view.frame is not None
    # "Regenerate anyway" asks the service again for the same photo.
    with round_ends(qtbot, window):
        window.panes.banner.button("round").click()
    assert len(fake_openai.requests_to("chat")) == 2
    assert len(fake_openai.requests_to("images")) == 2
    assert window.rounds.last_record.cache == {} and window.rounds.last_record.stem == second.stem
