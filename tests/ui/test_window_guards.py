"""The window against its review findings: what a photobooth guest can reach, the gallery kept
in step with the settings and with the window's rounds, a prompt close during a round, a banner
that stays when its action cannot run yet, and a guest's round gone at the return."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from camdraw.ui import i18n
from tests.fake_openai import FakeOpenAI
from tests.ui.conftest import RecordingSpeaker
from tests.ui.test_gallery import wait_loaded
from tests.ui.window_helpers import keep_a_photo, round_ends, take_round, wait_for_camera


def test_photobooth_closes_the_gallery_and_help_and_locks_their_actions(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(muted=True)
    record = take_round(qtbot, window)
    window.open_gallery()
    gallery = window.gallery.dialog
    asked: list[str] = []
    opened: list[object] = []
    gallery.confirm = lambda question: asked.append(question) or True
    gallery.open_url = opened.append
    wait_loaded(qtbot, gallery, 1)
    gallery.open_round(0)
    window.help.show_shortcuts()
    assert window.help.shortcuts_dialog.isVisible()

    window.booth.enter()
    assert not gallery.isVisible() and not window.help.shortcuts_dialog.isVisible()
    # Even a gallery kept open some other way deletes nothing and opens no file manager.
    gallery.round_view.delete_button.click()
    gallery.round_view.folder_button.click()
    assert asked == [] and opened == [] and record.files.sidecar.exists()
    window.booth.unlock()


def test_a_locked_photobooth_keeps_help_choices_and_the_unlock_key_from_guests(
    qtbot, make_window
) -> None:
    window = make_window(muted=False, mirror=False, likeness=False)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(window.isFullScreen)
    text = window.step_label.text()
    assert "Ctrl+Shift+U" not in text and "unlock" not in text.casefold()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_M)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.ControlModifier)
    window.help.show_shortcuts()
    window.help.show_about()
    assert window.help.shortcuts_dialog is None and window.help.about_box is None
    settings = window.settings
    assert (settings.muted, settings.mirror, settings.likeness) == (False, False, False)

    qtbot.keyClick(window, Qt.Key.Key_U, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: not window.booth.locked)
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert window.settings.muted
    window.help.show_about()
    assert window.help.about_box is not None and window.help.about_box.isVisible()
    window.help.about_box.done(0)


def test_the_gallery_follows_a_new_folder_styles_and_language(
    qtbot, make_window, tmp_path, monkeypatch, fake_openai: FakeOpenAI
) -> None:
    window = make_window(muted=True, ui_language="en")
    window.open_gallery()
    old = window.gallery.dialog
    other = tmp_path / "elsewhere"
    neon = [{"name": "Neon", "prompt": "glowing"}]
    # The folder and the styles make the gallery anew; it is made in the interface language
    # installed for this run (the ui_language setting applies only at the next start).
    monkeypatch.setattr(i18n, "current", lambda: "cs")
    window.apply_settings(window.settings.replace(images_dir=str(other), custom_styles=neon))
    gallery = window.gallery.dialog
    assert gallery is not old and gallery.isVisible() and not old.isVisible()
    assert gallery.images_dir == other and gallery.language == "cs"
    assert gallery.custom_styles == neon
    wait_loaded(qtbot, gallery, 0)

    # "Choose another folder…" for a photo kept in memory moves the gallery along too.
    keep_a_photo(qtbot, window, monkeypatch)
    third = tmp_path / "third"
    window.shutter.choose_folder = lambda: str(third)
    with round_ends(qtbot, window):
        window.shutter.save_kept_photo_elsewhere()
    assert window.gallery.dialog.images_dir == third
    wait_loaded(qtbot, window.gallery.dialog, 1)


def test_a_round_deleted_in_the_gallery_leaves_the_window(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.fail("images", 503, "overloaded", times=3)  # a failed round: Retry is offered
    window = make_window(muted=True)
    take_round(qtbot, window)
    assert window.commands["retry"].isEnabled() and window.panes.photo_view.frame is not None
    window.open_gallery()
    gallery = window.gallery.dialog
    gallery.confirm = lambda _: True
    wait_loaded(qtbot, gallery, 1)
    gallery.open_round(0)
    with qtbot.waitSignal(gallery.round_deleted):
        gallery.round_view.delete_button.click()
    assert window.rounds.last_record is None and not window.commands["retry"].isEnabled()
    assert window.panes.photo_view.frame is None and window.panes.description.toPlainText() == ""
    assert "round" not in window.panes.banner.topics()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.ControlModifier)
    assert not window.rounds.busy


def test_the_gallery_cannot_delete_the_round_the_window_runs(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.describe_delay_s = 20.0  # the description streams in over 20 s
    window = make_window(muted=True, use_cache=False)
    window.open_gallery()
    gallery = window.gallery.dialog
    asked: list[str] = []
    gallery.confirm = lambda question: asked.append(question) or True
    wait_for_camera(qtbot, window)
    # The gallery took the focus: back to the window, so its Space shortcut fires.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with round_ends(qtbot, window):
        describing = qtbot.waitSignal(
            window.rounds.step_started, check_params_cb=lambda step: step == "describe"
        )
        with describing:
            qtbot.keyClick(window, Qt.Key.Key_Space)
        gallery.refresh()
        wait_loaded(qtbot, gallery, 1)
        gallery.open_round(0)
        gallery.round_view.delete_button.click()
        assert asked == [] and "working on this round" in gallery.round_view.details.text()
        window.rounds.cancel()  # no need to wait the description out
    assert window.rounds.last_record.files.sidecar.exists()


def test_closing_during_a_round_cancels_it_promptly_and_keeps_the_photo(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.describe_delay_s = 20.0  # the description arrives word by word over 20 s
    window = make_window(muted=True, use_cache=False)
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.panes.description.toPlainText() != "", timeout=10000)
    assert window.close()
    # Cancelled mid-description, not waited out: the description never finished and nothing
    # was painted; the photo and its record stay for Retry.
    [sidecar] = window.settings.images_path().glob("*.json")
    record = json.loads(sidecar.read_text(encoding="utf-8"))
    assert record["steps"]["describe"] != "done" and "round" in record["errors"]
    assert fake_openai.requests_to("images") == []
    assert len(list(window.settings.images_path().glob("*_photo.jpg"))) == 1


def test_choose_another_folder_stays_offered_while_it_cannot_ask(
    qtbot, make_window, monkeypatch
) -> None:
    window = make_window(muted=True)
    asked: list[str] = []
    window.shutter.choose_folder = lambda: asked.append("asked") and None
    keep_a_photo(qtbot, window, monkeypatch)
    window.booth.enter()
    qtbot.mouseClick(window.panes.banner.button("round"), Qt.MouseButton.LeftButton)
    assert asked == [] and window.panes.banner.button("round") is not None  # still offered
    window.booth.unlock()
    # (While a round runs it cannot ask either: test_round_controller.py checks that.)
    qtbot.mouseClick(window.panes.banner.button("round"), Qt.MouseButton.LeftButton)
    assert asked == ["asked"] and window.panes.banner.button("round") is not None  # none picked
    assert window.rounds.has_unsaved_photo


def test_the_return_to_the_preview_forgets_the_last_guests_round(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.fail("images", 503, "overloaded", times=3)
    speaker = RecordingSpeaker()
    window = make_window(speaker=speaker, muted=True)
    take_round(qtbot, window)
    assert window.commands["retry"].isEnabled()
    window.return_to_preview()
    assert window.rounds.last_record is None and not window.commands["retry"].isEnabled()
    said = list(speaker.said)
    qtbot.keyClick(window, Qt.Key.Key_Space, Qt.ControlModifier)  # Speak again
    assert speaker.said == said
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.ControlModifier)  # Retry
    assert not window.rounds.busy
