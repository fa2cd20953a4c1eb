"""The gallery's guards: a locked photobooth deletes nothing and opens no file manager, a round
the window is working on cannot be deleted, and a delete the user asked for survives the
gallery closing (and does not come back from a scan read before it finished)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QUrl

from tests.rounds import make_rounds
from tests.ui.gallery_helpers import open_row, row_of, wait_loaded


def test_a_locked_gallery_neither_deletes_nor_opens_a_folder(qtbot, make_dialog, images) -> None:
    (made,) = make_rounds(images, 1)
    locked = [True]
    asked: list[str] = []
    opened: list[QUrl] = []
    dialog = make_dialog(locked=lambda: locked[0])
    dialog.confirm = lambda question: asked.append(question) or True
    dialog.open_url = opened.append
    wait_loaded(qtbot, dialog, 1)
    open_row(qtbot, dialog, 0)

    with qtbot.assertNotEmitted(dialog.round_deleted, wait=100):
        dialog.round_view.delete_button.click()
    dialog.round_view.folder_button.click()
    assert asked == [] and opened == [] and made.sidecar.exists()

    locked[0] = False
    dialog.round_view.folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(images))]
    with qtbot.waitSignal(dialog.round_deleted):
        dialog.round_view.delete_button.click()
    assert not made.sidecar.exists()


def test_the_round_the_window_works_on_cannot_be_deleted(qtbot, make_dialog, images) -> None:
    first, second = make_rounds(images, 2)
    asked: list[str] = []
    dialog = make_dialog(in_use=lambda sidecar: sidecar == second.sidecar)
    dialog.confirm = lambda question: asked.append(question) or True
    wait_loaded(qtbot, dialog, 2)
    open_row(qtbot, dialog, row_of(dialog, second.stem))

    with qtbot.assertNotEmitted(dialog.round_deleted, wait=100):
        dialog.round_view.delete_button.click()
    assert asked == [] and second.sidecar.exists()
    assert "working on this round" in dialog.round_view.details.text()

    dialog.show_list()
    open_row(qtbot, dialog, row_of(dialog, first.stem))
    with qtbot.waitSignal(dialog.round_deleted):
        dialog.round_view.delete_button.click()
    assert not first.sidecar.exists()


def test_a_delete_queued_when_the_gallery_closes_still_runs(qtbot, make_dialog, images) -> None:
    (made,) = make_rounds(images, 1)
    dialog = make_dialog()
    dialog.confirm = lambda _: True
    wait_loaded(qtbot, dialog, 1)
    open_row(qtbot, dialog, 0)
    qtbot.waitUntil(lambda: dialog.workers.pending == 0)

    # Both gallery threads busy (as with thumbnails), so the delete has to wait for one.
    gate = threading.Event()
    for _ in range(2):
        dialog.workers.call("busy", lambda: gate.wait(10), lambda _: None)
    qtbot.waitUntil(lambda: dialog.workers.pool.activeThreadCount() == 2)
    with qtbot.waitSignal(dialog.round_deleted, timeout=10000) as deleted:
        dialog.round_view.delete_button.click()
        opener = threading.Timer(0.2, gate.set)  # lets shutdown's wait end
        opener.start()
        dialog.close()  # shuts the workers down: the queued delete must not be dropped
        opener.join()
    assert deleted.args == [str(made.sidecar)]
    assert not made.sidecar.exists() and not made.photo.exists()
    assert dialog._deleting == set() and not dialog.isVisible()

    dialog.show()  # reopened: reads the folder again, the round is gone
    wait_loaded(qtbot, dialog, 0)


def test_a_scan_read_before_a_delete_does_not_bring_the_round_back(
    qtbot, make_dialog, images
) -> None:
    first, second = make_rounds(images, 2)
    dialog = make_dialog()
    dialog.confirm = lambda _: True
    wait_loaded(qtbot, dialog, 2)
    stale = list(dialog.model.entries())  # what a scan read before the delete
    open_row(qtbot, dialog, row_of(dialog, second.stem))
    with qtbot.waitSignal(dialog.round_deleted):
        dialog.round_view.delete_button.click()

    dialog.model.clear()  # as refresh() does, and then a batch of that scan arrives late
    dialog._batch(dialog._generation, stale)

    assert [e.stem for e in dialog.model.entries()] == [first.stem]
    assert not Path(second.sidecar).exists()
