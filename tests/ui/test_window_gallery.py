"""The window's side of the gallery: Ctrl+G opens one dialog, and its requests (speak, retry,
paint again in a style) run through the window's speaker and round machinery. A stand-in
dialog with the gallery's signals keeps these tests about the wiring."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog

from camdraw.ui.main_window import BUSY_NOTE
from tests.fake_openai import FakeOpenAI
from tests.ui.conftest import RecordingSpeaker
from tests.ui.window_helpers import photos, round_ends, take_round, wait_for_camera


class StandInGallery(QDialog):
    speak_requested = Signal(str)
    retry_requested = Signal(str)
    repaint_requested = Signal(str, str)
    round_deleted = Signal(str)
    answer_said = Signal(str, bool)
    made: ClassVar[list[StandInGallery]] = []

    def __init__(
        self,
        images_dir: Path,
        *,
        language: str,
        custom_styles: list,
        style_name=None,
        parent,
        locked=lambda: False,
        in_use=lambda sidecar: False,
        questions=None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Gallery")
        self.images_dir = images_dir
        self.language = language
        self.custom_styles = custom_styles
        self.locked = locked
        self.in_use = in_use
        self.refreshed = 0
        self.shut_down = False
        StandInGallery.made.append(self)

    def refresh(self) -> None:
        self.refreshed += 1

    def shutdown(self) -> None:
        self.shut_down = True


@pytest.fixture
def gallery_module(monkeypatch: pytest.MonkeyPatch) -> type[StandInGallery]:
    module = types.ModuleType("camdraw.ui.gallery")
    module.GalleryDialog = StandInGallery  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "camdraw.ui.gallery", module)
    StandInGallery.made = []
    return StandInGallery


def test_ctrl_g_opens_one_gallery_on_the_images_folder(qtbot, make_window, gallery_module) -> None:
    window = make_window(ui_language="en")
    qtbot.keyClick(window, Qt.Key_G, Qt.ControlModifier)
    assert len(gallery_module.made) == 1
    gallery = gallery_module.made[0]
    assert gallery.isVisible() and not gallery.isModal()
    assert gallery.images_dir == window.settings.images_path()
    assert gallery.language == "en"
    qtbot.keyClick(window, Qt.Key_G, Qt.ControlModifier)
    assert len(gallery_module.made) == 1 and gallery.refreshed == 1  # the same one, refreshed
    window.shutdown()
    assert gallery.shut_down


def test_gallery_requests_speak_retry_and_repaint(
    qtbot, make_window, gallery_module, fake_openai: FakeOpenAI
) -> None:
    fake_openai.fail("images", 503, "overloaded", times=3)
    speaker = RecordingSpeaker()
    window = make_window(speaker=speaker)
    window.open_gallery()
    gallery = gallery_module.made[0]

    gallery.speak_requested.emit("Na stole leží jablko.")
    assert speaker.said == ["Na stole leží jablko."]

    failed = take_round(qtbot, window)
    assert failed.status == "failed"
    assert gallery.refreshed == 1  # a round ended while the gallery was open

    with round_ends(qtbot, window):
        gallery.retry_requested.emit(str(failed.files.sidecar))
        assert window.rounds.busy
    retried = window.rounds.last_record
    assert retried.stem == failed.stem and retried.status == "done"
    assert gallery.refreshed == 2

    with round_ends(qtbot, window):
        gallery.repaint_requested.emit(str(failed.files.sidecar), "pencil")
        assert window.panes.painting_caption.text() == "(Pencil sketch)"
    repainted = window.rounds.last_record
    assert repainted.status == "done" and repainted.stem != failed.stem
    assert repainted.style == "pencil"
    assert window.panes.painting_caption.text() == "(Pencil sketch)"
    assert len(fake_openai.requests_to("chat")) == 1  # the description was reused
    assert gallery.refreshed == 3


def test_a_gallery_request_while_busy_is_refused_with_the_note(
    qtbot, make_window, gallery_module, fake_openai: FakeOpenAI
) -> None:
    fake_openai.paint_delay_s = 1.0
    window = make_window(muted=True)
    window.open_gallery()
    wait_for_camera(qtbot, window)
    # The gallery took the focus: back to the window, as a user clicking it would, so the
    # window's Space shortcut is the one that fires.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with round_ends(qtbot, window):
        qtbot.keyClick(window, Qt.Key_Space)
        assert window.rounds.busy
        gallery_module.made[0].retry_requested.emit(str(Path("elsewhere.json")))
        assert "Still working on the last photo" in window.step_label.text()
        # A second press is refused the same way, in the status bar too (no second photo).
        window.statusBar().clearMessage()
        qtbot.keyClick(window, Qt.Key_Space)
        assert window.step_label.message() == BUSY_NOTE
    assert len(fake_openai.requests_to("chat")) == 1
    assert len(photos(window)) == 1
