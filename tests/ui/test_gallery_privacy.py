"""The gallery's Delete also makes the round cache forget the round: no later photo is
answered from a deleted one."""

from __future__ import annotations

from camdraw.core.round import round_cache
from camdraw.core.settings import Settings
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.record import RoundRecord
from tests.media import png_bytes
from tests.rounds import make_rounds, tiny_jpeg
from tests.ui.gallery_helpers import open_row, row_of, wait_loaded


def test_delete_forgets_the_rounds_cache_entries(qtbot, make_dialog, images) -> None:
    first, second = make_rounds(images, 2)
    cache = RoundCache()  # where the window's rounds keep theirs (under CAMDRAW_HOME)
    uploads = {first.stem: tiny_jpeg(color=(10, 200, 10)), second.stem: tiny_jpeg()}
    contexts = {}
    for files, colour in ((first, (1, 2, 3)), (second, (200, 100, 0))):
        record = RoundRecord.load(files.sidecar)
        contexts[files.stem] = round_cache.context_for(Settings(), record)
        cache.store(
            uploads[files.stem],
            contexts[files.stem],
            f"{record.description} {files.stem}",
            png_bytes(64, 64, colour),
            files.stem,
        )
    dialog = make_dialog()
    dialog.confirm = lambda question: True
    wait_loaded(qtbot, dialog, 2)
    qtbot.waitUntil(dialog.screen_ready)
    open_row(qtbot, dialog, row_of(dialog, second.stem))

    with qtbot.waitSignal(dialog.round_deleted):
        dialog.round_view.delete_button.click()

    fresh = RoundCache()
    assert fresh.find_capture(uploads[second.stem], contexts[second.stem], None) is None
    kept = fresh.find_capture(uploads[first.stem], contexts[first.stem], None)
    assert kept is not None and kept.source == first.stem
