"""Rounds kept only as long as wanted, in the window: old rounds go at start (and once a day),
the round on show stays, and a locked photobooth deletes each visitor's round once shown."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from camdraw.core.settings import Settings
from camdraw.core.store import gallery
from camdraw.core.store.record import RoundRecord
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.round_keeping import DAY_MS, RoundKeeping
from tests.fake_openai import FakeOpenAI
from tests.rounds import make_rounds
from tests.ui.window_helpers import take_round


def old_and_new(folder: Path) -> tuple[list, list]:
    old = make_rounds(folder, 2, start=datetime.now() - timedelta(days=60))
    new = make_rounds(folder, 1, start=datetime.now() - timedelta(days=2))
    return old, new


def test_the_window_deletes_old_rounds_when_it_starts(qtbot, make_window, tmp_path: Path) -> None:
    old, new = old_and_new(tmp_path / "images")
    window = make_window(keep_days=30)
    qtbot.waitUntil(lambda: not any(f.sidecar.exists() for f in old), timeout=10_000)
    assert not any(p.exists() for f in old for p in (f.photo, f.painting))
    assert all(p.exists() for f in new for p in (f.photo, f.painting, f.sidecar))
    assert window.round_keeping.daily_timer.isActive()
    assert window.round_keeping.daily_timer.interval() == DAY_MS


def test_keeping_for_ever_deletes_nothing(qtbot, make_window, tmp_path: Path) -> None:
    old, _ = old_and_new(tmp_path / "images")
    window = make_window()  # keep_days 0, the default
    window.jobs.wait()
    assert all(f.sidecar.exists() for f in old)


def test_the_round_on_show_is_never_deleted(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "images"
    old, _ = old_and_new(folder)
    on_show = RoundRecord.load(old[0].sidecar)
    jobs = BackgroundJobs()
    keeping = RoundKeeping(
        lambda: Settings(images_dir=str(folder), keep_days=30),
        jobs,
        in_use=lambda sidecar: False,
        shown=lambda: on_show,
        booth_locked=lambda: False,
    )
    with qtbot.waitSignal(keeping.rounds_deleted) as deleted:
        keeping.clean_up()
    assert deleted.args == [[str(old[1].sidecar)]]
    jobs.wait()
    assert old[0].sidecar.exists() and old[0].photo.exists()
    assert [e.stem for e in gallery.scan(folder)][-1] == old[0].stem


def test_a_locked_photobooth_deletes_each_visitors_round_once_shown(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(return_after_s=1, muted=True, booth_delete_rounds=True)
    window.booth.enter()
    record = take_round(qtbot, window)
    assert record.files.photo.exists()  # on show: still there
    qtbot.waitUntil(lambda: not record.files.sidecar.exists(), timeout=10_000)
    assert not record.files.photo.exists() and not record.files.painting.exists()
    assert window.rounds.last_record is None
    window.booth.unlock()


def test_an_unlocked_window_keeps_its_rounds(qtbot, make_window, fake_openai: FakeOpenAI) -> None:
    window = make_window(return_after_s=1, muted=True, booth_delete_rounds=True)
    record = take_round(qtbot, window)
    qtbot.waitUntil(lambda: window.rounds.last_record is None, timeout=5000)
    window.jobs.wait()
    assert record.files.sidecar.exists()


def test_a_visitors_round_can_stay_for_some_minutes_first(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(
        return_after_s=1, muted=True, booth_delete_rounds=True, booth_delete_after_min=5
    )
    now = [1000.0]
    window.round_keeping.clock = lambda: now[0]
    window.booth.enter()
    record = take_round(qtbot, window)
    qtbot.waitUntil(lambda: window.rounds.last_record is None, timeout=5000)  # off the screen
    window.jobs.wait()
    assert record.files.sidecar.exists()  # its five minutes are not up
    now[0] += 5 * 60
    window.round_keeping.delete_visitor_rounds()  # what the minute timer calls
    qtbot.waitUntil(lambda: not record.files.sidecar.exists(), timeout=5000)
    assert not record.files.photo.exists()
    window.booth.unlock()
