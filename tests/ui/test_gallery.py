"""The gallery dialog: fills without blocking, thumbnails on demand, and every round action."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from camdraw.core.errors import StorageError
from camdraw.core.store import gallery
from camdraw.core.store.thumbnails import ThumbnailCache
from tests.rounds import make_rounds
from tests.ui.gallery_helpers import open_row, row_of, wait_loaded


def rounds_text(count: int) -> str:
    """The count as the dialog writes it in the interface language in use ("1 000 rounds")."""
    return QCoreApplication.translate("GalleryDialog", "%Ln round(s)", "", count)


# -- filling -------------------------------------------------------------------------------------


def test_a_thousand_rounds_show_at_once_and_all_arrive(qtbot, make_dialog, images) -> None:
    made = make_rounds(images, 1000)

    dialog = make_dialog(show=False)
    # Nothing was read on the GUI thread: the dialog is empty and says it is loading.
    assert dialog.model.rowCount() == 0
    assert dialog.loading and dialog.status.text() == "Loading rounds…"
    dialog.show()
    qtbot.waitExposed(dialog)

    with qtbot.waitSignal(dialog.loaded, timeout=20000) as loaded:
        pass
    assert loaded.args == [1000]
    assert [e.stem for e in dialog.model.entries()] == [f.stem for f in reversed(made)]
    assert dialog.status.text() == rounds_text(1000)
    qtbot.waitUntil(dialog.screen_ready, timeout=20000)


def test_scan_thumbnails_and_pictures_run_off_the_gui_thread(qtbot, make_dialog, images) -> None:
    make_rounds(images, 50)
    dialog = make_dialog()
    wait_loaded(qtbot, dialog, 50)
    qtbot.waitUntil(dialog.screen_ready)
    open_row(qtbot, dialog, 0)

    kinds = {kind for kind, _ in dialog.worker_threads}
    threads = {ident for _, ident in dialog.worker_threads}
    assert kinds == {"scan", "thumbnail", "pictures"}
    assert threading.get_ident() not in threads


def test_thumbnails_only_for_rows_shown_and_made_once(
    qtbot, make_dialog, images, tmp_path: Path
) -> None:
    make_rounds(images, 1000, failed_every=9)
    cold = ThumbnailCache(tmp_path / "thumbs")
    dialog = make_dialog(thumbnails=cold)
    wait_loaded(qtbot, dialog, 1000)
    qtbot.waitUntil(dialog.screen_ready)
    qtbot.waitUntil(lambda: dialog.workers.pending == 0)
    shown = len(dialog.visible_rows())
    assert 0 < shown < 100
    assert 0 < cold.made < 1000  # only what was painted, not every row
    dialog.close()

    warm = ThumbnailCache(tmp_path / "thumbs")
    again = make_dialog(thumbnails=warm)
    wait_loaded(qtbot, again, 1000)
    qtbot.waitUntil(again.screen_ready)
    assert warm.made == 0

    last = again.model.index(999)
    qtbot.waitUntil(lambda: again.view.visualRect(last).isValid())  # laid out (in batches)
    again.view.scrollTo(last)  # new rows come into view: their thumbnails are made now
    qtbot.waitUntil(again.screen_ready)
    assert warm.made > 0
    assert again.visible_rows()[-1] == 999


def test_empty_or_missing_folder_says_no_rounds_yet(qtbot, make_dialog) -> None:
    dialog = make_dialog()
    qtbot.waitUntil(lambda: not dialog.loading)
    assert dialog.status.text() == "No rounds yet"
    assert dialog.model.rowCount() == 0


def test_foreign_and_broken_files_do_not_stop_the_gallery(qtbot, make_dialog, images) -> None:
    _good, broken = make_rounds(images, 2)
    broken.sidecar.write_text('{"format": "camdraw-round", "desc', encoding="utf-8")
    (images / "notes.json").write_text("[]", encoding="utf-8")
    (images / "x.json").write_bytes(b"\xff\xfe\x00garbage")
    dialog = make_dialog()
    wait_loaded(qtbot, dialog, 2)
    open_row(qtbot, dialog, row_of(dialog, broken.stem))

    assert "cannot be read" in dialog.round_view.details.text()
    assert not dialog.round_view.speak_button.isEnabled()
    assert not dialog.round_view.repaint_button.isEnabled()
    assert dialog.round_view.delete_button.isEnabled()


def test_refresh_picks_up_a_new_round(qtbot, make_dialog, images) -> None:
    make_rounds(images, 3)
    dialog = make_dialog()
    wait_loaded(qtbot, dialog, 3)
    make_rounds(images, 1, start=datetime(2027, 1, 1, 9, 0, 0))

    open_row(qtbot, dialog, 1)

    dialog.refresh()  # as the main window does after each round

    wait_loaded(qtbot, dialog, 4)
    assert dialog.model.entry(0).stem.startswith("2027-01-01")
    assert dialog.current_entry() is not None  # the open round stays open
    dialog.round_view.back_button.click()
    assert dialog.view.currentIndex().row() == 2  # the same round, one row further down


def test_double_click_opens_a_round(qtbot, make_dialog, images) -> None:
    make_rounds(images, 3)
    dialog = make_dialog()
    wait_loaded(qtbot, dialog, 3)
    qtbot.waitUntil(lambda: dialog.view.visualRect(dialog.model.index(2)).isValid())
    centre = dialog.view.visualRect(dialog.model.index(2)).center()

    # A real double-click: the first click, then the second one that Qt reports as double.
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)

    assert dialog.current_entry() is dialog.model.entry(2)


# -- one round -----------------------------------------------------------------------------------


def test_opening_a_round_shows_its_pair_description_and_style(qtbot, make_dialog, images) -> None:
    make_rounds(images, 5)
    dialog = make_dialog()
    wait_loaded(qtbot, dialog, 5)

    open_row(qtbot, dialog, 1)  # round 3: odd, so watercolour

    view = dialog.round_view
    assert view.description.toPlainText().startswith("Round 3:")
    assert "Watercolour" in view.heading.text()
    assert "Status: Done" in view.details.text()
    assert view.photo.frame is not None and view.painting.frame is not None
    assert view.photo.frame.shape[:2] == (48, 64)
    assert not view.retry_button.isEnabled()  # nothing failed
    assert view.style_combo.currentData() != "watercolour"  # another style is offered


def test_the_list_names_styles_in_the_interface_language(qtbot, make_dialog, images) -> None:
    make_rounds(images, 2)
    dialog = make_dialog(language="cs")
    wait_loaded(qtbot, dialog, 2)
    captions = [dialog.model.caption(dialog.model.entry(row)) for row in range(2)]
    assert captions == ["Akvarel", "No style"]  # the stored id "watercolour", as people read it


def test_each_button_asks_for_the_right_thing(qtbot, make_dialog, images) -> None:
    made = make_rounds(images, 3, failed_every=2)  # rounds 0 and 2 failed to paint
    opened: list[QUrl] = []
    dialog = make_dialog(language="cs", custom_styles=[{"name": "Neon", "prompt": "glowing"}])
    dialog.open_url = opened.append
    wait_loaded(qtbot, dialog, 3)
    open_row(qtbot, dialog, 0)  # round 2, failed
    view = dialog.round_view
    sidecar = str(made[2].sidecar)

    with qtbot.waitSignal(dialog.speak_requested) as spoken:
        view.speak_button.click()
    assert spoken.args == ["Round 2: a red box and a green ball on a table."]

    assert view.retry_button.isEnabled()
    with qtbot.waitSignal(dialog.retry_requested) as retried:
        view.retry_button.click()
    assert retried.args == [sidecar]

    names = [view.style_combo.itemText(i) for i in range(view.style_combo.count())]
    assert names[:2] == ["Akvarel", "Komiks"] and names[-1] == "Neon"
    view.style_combo.setCurrentIndex(names.index("Neon"))
    with qtbot.waitSignal(dialog.repaint_requested) as repainted:
        view.repaint_button.click()
    assert repainted.args == [sidecar, "Neon"]

    view.folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(images))]


def test_delete_asks_first_and_keeps_everything_when_declined(qtbot, make_dialog, images) -> None:
    first, second = make_rounds(images, 2)
    dialog = make_dialog()
    questions: list[str] = []
    answer = [False]

    def confirm(question: str) -> bool:
        questions.append(question)
        return answer[0]

    dialog.confirm = confirm
    wait_loaded(qtbot, dialog, 2)
    qtbot.waitUntil(dialog.screen_ready)
    open_row(qtbot, dialog, row_of(dialog, second.stem))
    thumbnail = dialog.thumbnails.path_for(second.painting)
    assert thumbnail is not None and thumbnail.exists()

    with qtbot.assertNotEmitted(dialog.round_deleted, wait=100):
        dialog.round_view.delete_button.click()
    assert len(questions) == 1 and "Delete the round" in questions[0]
    assert second.sidecar.exists() and second.painting.exists()
    assert dialog.model.rowCount() == 2

    answer[0] = True
    with qtbot.waitSignal(dialog.round_deleted) as deleted:
        dialog.round_view.delete_button.click()
    assert deleted.args == [str(second.sidecar)]
    assert sorted(images.iterdir()) == sorted([first.photo, first.painting, first.sidecar])
    assert not thumbnail.exists()
    assert [e.stem for e in dialog.model.entries()] == [first.stem]
    assert dialog.current_entry() is None  # back to the list
    assert dialog.status.text() == rounds_text(1)


def test_a_failed_delete_says_why_in_the_round(
    qtbot, make_dialog, images, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_rounds(images, 1)

    def refuse(*_: object) -> None:
        raise StorageError("x_painting.png could not be deleted: Permission denied.")

    monkeypatch.setattr(gallery, "delete_round", refuse)
    dialog = make_dialog()
    dialog.confirm = lambda _: True
    wait_loaded(qtbot, dialog, 1)
    open_row(qtbot, dialog, 0)

    dialog.round_view.delete_button.click()

    qtbot.waitUntil(lambda: "Permission denied" in dialog.round_view.details.text())
    assert dialog.round_view.delete_button.isEnabled()
    assert dialog.model.rowCount() == 1


# -- keyboard ------------------------------------------------------------------------------------


def focus_chain(start: QWidget) -> list[QWidget]:
    chain, widget = [], start
    for _ in range(50):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisible()
            and widget.isEnabled()
        ):
            widget = widget.nextInFocusChain()
        if widget is start:
            break
    return chain


def test_every_round_action_is_reachable_and_triggered_by_keyboard(
    qtbot, make_dialog, images
) -> None:
    made = make_rounds(images, 1, failed_every=1)
    dialog = make_dialog()
    dialog.open_url = lambda _url: True
    dialog.confirm = lambda _q: False
    wait_loaded(qtbot, dialog, 1)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    open_row(qtbot, dialog, 0)
    view = dialog.round_view

    chain = focus_chain(view.heading)
    buttons = [
        view.speak_button,
        view.retry_button,
        view.folder_button,
        view.delete_button,
        view.style_combo,
        view.repaint_button,
        view.back_button,
        dialog.reload_button,
        dialog.close_button,
    ]
    assert all(b in chain for b in buttons)
    assert [w for w in chain if w in buttons] == buttons  # in reading order
    for widget in [*buttons, view.description, view.photo, view.painting, dialog.view]:
        assert widget.accessibleName()

    # Each button by its mnemonic (Alt + underlined letter).
    expected = {
        Qt.Key.Key_S: dialog.speak_requested,
        Qt.Key.Key_R: dialog.retry_requested,
        Qt.Key.Key_P: dialog.repaint_requested,
    }
    for key, signal in expected.items():
        with qtbot.waitSignal(signal, timeout=2000):
            qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
    asked: list[str] = []
    dialog.confirm = lambda q: asked.append(q) or False
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(asked) == 1)  # a mnemonic "animates" the click: 100 ms later
    opened: list[QUrl] = []
    dialog.open_url = opened.append
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: opened == [QUrl.fromLocalFile(str(images))])
    # The style combo by its label's mnemonic, then Space on the focused button.
    qtbot.keyClick(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert view.style_combo.hasFocus()
    view.speak_button.setFocus()
    with qtbot.waitSignal(dialog.speak_requested, timeout=2000):
        qtbot.keyClick(view.speak_button, Qt.Key.Key_Space)

    # Back to the list by its mnemonic, into the round again with Enter, out with Esc.
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.current_entry() is None)
    assert dialog.view.hasFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.current_entry() is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.current_entry() is None and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert made[0].sidecar.exists()


def test_reopened_after_close_it_reads_the_folder_again(qtbot, make_dialog, images) -> None:
    make_rounds(images, 2)
    dialog = make_dialog()
    wait_loaded(qtbot, dialog, 2)
    dialog.close()
    make_rounds(images, 1, start=datetime(2030, 1, 1, 9, 0, 0))

    dialog.show()

    wait_loaded(qtbot, dialog, 3)


def test_buttons_have_mnemonics(qtbot, make_dialog) -> None:
    dialog = make_dialog()
    for button in dialog.findChildren(QPushButton):
        assert "&" in button.text(), button.text()
