"""The round's logic through the RoundController's signals, with no window: a stand-in
pipeline (the few methods RoundWorker calls) plays scripted rounds on the controller's pool
thread, and the tests wait for signals. The window's wiring of these signals is checked by the
window tests (test_main_window.py and the others)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from camdraw.core.errors import RoundCancelledError, StorageError
from camdraw.core.round.limits import LimitHit
from camdraw.core.round.pipeline import RoundEvent
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord
from camdraw.core.store.rounds import RoundFiles
from camdraw.ui.round_controller import RoundController
from camdraw.ui.round_text import BUSY_NOTE, Offer, RoundMessage
from camdraw.ui.step_clock import TICK_MS
from tests.media import png_bytes

DESCRIPTION = "A red box and a green ball on a wooden table."
FRAME = np.full((48, 64, 3), 90, np.uint8)
HOLD_LIMIT_S = 20  # a held round gives up by itself, so a broken test cannot hang


@dataclass
class Outcome:
    """How the stand-in plays one run: its end, and what it says on the way."""

    status: str = "done"  # "done", "failed" or "blocked"
    error: str = "The AI service had a problem (503): overloaded."
    cache: dict[str, Any] = field(default_factory=dict)
    retrying: str = ""  # a "retrying" event while describing
    note: str = ""  # a "note" event after the check
    hold: bool = False  # wait in the describe step until released (or cancelled)
    slow_cancel: bool = False  # held, a cancel is noticed only once released


class Studio:
    """The stand-in pipelines' shared stage: the runs to play, the rounds they saved, the
    calls they got, and the gate held runs wait at."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.outcomes: list[Outcome] = []
        self.records: dict[Path, RoundRecord] = {}
        self.made: list[StandInPipeline] = []
        self.calls: list[tuple[str, Any]] = []
        self.photo_error = ""  # capture raises StorageError with it
        self.gate = threading.Event()
        self.finished = threading.Event()  # the last run came back

    def make(self, settings: Settings, *, bypass_cache: bool = False) -> StandInPipeline:
        pipeline = StandInPipeline(self, settings, bypass_cache)
        self.made.append(pipeline)
        return pipeline

    def next_outcome(self) -> Outcome:
        return self.outcomes.pop(0) if self.outcomes else Outcome()

    def release(self) -> None:
        self.gate.set()
        for pipeline in self.made:
            pipeline.wake.set()


class StandInPipeline:
    """``core.pipeline.Pipeline`` as RoundWorker uses it: capture, run, retry, regenerate,
    repaint, cancel and the listener, playing ``Studio`` outcomes instead of calling
    services. Records live in memory; only the painting is a real file (the worker reads it)."""

    def __init__(self, studio: Studio, settings: Settings, bypass_cache: bool) -> None:
        self.listener = lambda event: None
        self.settings = settings
        self.bypass_cache = bypass_cache
        self._studio = studio
        self.cancelled = threading.Event()
        self.wake = threading.Event()  # a held run goes on: released, or cancelled

    def cancel(self) -> None:
        self.cancelled.set()
        self.wake.set()

    def _emit(self, record: RoundRecord, step: str, status: str, message: str = "", data=None):
        self.listener(RoundEvent(record.stem, step, status, message, data))

    def _new_record(self, **fields: Any) -> RoundRecord:
        folder = self.settings.images_path()
        files = RoundFiles(folder, f"round-{len(self._studio.records) + 1}")
        return RoundRecord(files=files, **fields)

    def _photo(self, record: RoundRecord) -> RoundRecord:
        self._emit(record, "photo", "started")
        record.steps["photo"] = "done"
        self._emit(record, "photo", "done", data=record.files.photo)
        self._studio.records[record.files.sidecar] = record
        return record

    def capture(
        self, frame: np.ndarray, *, style: str | None = None, likeness: bool | None = None
    ) -> RoundRecord:
        self._studio.calls.append(("capture", self.settings.images_path()))
        if self._studio.photo_error:
            raise StorageError(self._studio.photo_error)
        return self._photo(self._new_record(style=style or "", likeness=bool(likeness)))

    def retry(self, sidecar: Path) -> RoundRecord:
        self._studio.calls.append(("retry", sidecar))
        record = copy.deepcopy(self._studio.records[sidecar])
        for step in record.failed_steps():
            record.steps[step] = "pending"
            record.errors.pop(step, None)
        record.errors.pop("round", None)
        return self.run(record)

    def regenerate(self, sidecar: Path) -> RoundRecord:
        self._studio.calls.append(("regenerate", sidecar))
        record = copy.deepcopy(self._studio.records[sidecar])
        record.cache = {}
        return self.run(record)

    def repaint(self, sidecar: Path, *, style: str) -> RoundRecord:
        self._studio.calls.append(("repaint", sidecar))
        old = self._studio.records[sidecar]
        record = self._new_record(style=style, description=old.description)
        return self.run(self._photo(record))

    def run(self, record: RoundRecord) -> RoundRecord:
        try:
            return self._play(record, self._studio.next_outcome())
        finally:
            self._studio.finished.set()

    def _play(self, record: RoundRecord, outcome: Outcome) -> RoundRecord:
        self._studio.records[record.files.sidecar] = record
        self._emit(record, "describe", "started")
        if outcome.retrying:
            self._emit(record, "describe", "retrying", outcome.retrying)
        self._emit(record, "describe", "streaming", data=DESCRIPTION[:12])
        if outcome.hold and not self._studio.gate.is_set():
            (self._studio.gate if outcome.slow_cancel else self.wake).wait(HOLD_LIMIT_S)
        if self.cancelled.is_set():
            record.errors["round"] = str(RoundCancelledError())
            return record
        record.description = DESCRIPTION
        record.steps["describe"] = "done"
        self._emit(record, "describe", "text", data=DESCRIPTION)
        self._emit(record, "check", "started")
        if outcome.note:
            self._emit(record, "check", "note", outcome.note)
        if outcome.status == "blocked":
            record.steps["check"] = "blocked"
            record.check = {"message": outcome.error}
            return record
        record.steps["check"] = "done"
        self._emit(record, "paint", "started")
        self._emit(record, "paint", "partial", data=png_bytes(16, 16))
        if outcome.status == "failed":
            record.steps["paint"] = "failed"
            record.errors["paint"] = outcome.error
            return record
        record.files.folder.mkdir(parents=True, exist_ok=True)
        record.files.painting.write_bytes(png_bytes(32, 32))
        record.steps["paint"] = "done"
        record.cache = dict(outcome.cache)
        record.timings_ms["total"] = 1200
        self._emit(record, "paint", "image", data=record.files.painting)
        return record


class StandInLimits:
    def __init__(self) -> None:
        self.hit: LimitHit | None = None

    def check(self) -> LimitHit | None:
        return self.hit

    def spent_today(self) -> float:
        return 0.0


class Heard:
    """Every signal of ``controller``, in order, as (name, arguments)."""

    SIGNALS = (
        "busy_changed",
        "photo_taken",
        "step_started",
        "status_changed",
        "status_flashed",
        "description_changed",
        "photo_shown",
        "painting_shown",
        "painting_placeholder_changed",
        "caption_changed",
        "message_posted",
        "message_cleared",
        "retry_available_changed",
        "cancel_available_changed",
        "images_folder_chosen",
        "round_ended",
    )

    def __init__(self, controller: RoundController) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        for name in self.SIGNALS:
            signal = getattr(controller, name)
            signal.connect(lambda *args, name=name: self.events.append((name, args)))

    def of(self, name: str) -> list[Any]:
        """The arguments ``name`` was emitted with (the first one for one-argument signals)."""
        return [args[0] if len(args) == 1 else args for n, args in self.events if n == name]

    def names(self) -> list[str]:
        return [name for name, _ in self.events]

    def messages(self, topic: str = "round") -> list[RoundMessage]:
        return [m for m in self.of("message_posted") if m.topic == topic]

    def clear(self) -> None:
        self.events.clear()


class Stage:
    """A controller on a stand-in pipeline; ``settings`` is what it reads for each round."""

    def __init__(self, folder: Path) -> None:
        self.studio = Studio(folder)
        self.limits = StandInLimits()
        self.settings = Settings(images_dir=str(folder))
        self.controller = RoundController(lambda: self.settings, self.studio.make, self.limits)
        self.heard = Heard(self.controller)

    def ended(self, qtbot: QtBot):  # type: ignore[no-untyped-def]
        """Wait for the round the body starts to end (its record is ``.args[0]``)."""
        return qtbot.waitSignal(self.controller.round_ended, timeout=10_000)


@pytest.fixture
def stage(qtbot: QtBot, tmp_path: Path) -> Iterator[Stage]:
    stage = Stage(tmp_path / "images")
    yield stage
    stage.studio.release()  # a held round ends, and the pool thread with it
    stage.controller.shutdown()


def take_round(qtbot: QtBot, stage: Stage, *outcomes: Outcome) -> RoundRecord:
    stage.studio.outcomes.extend(outcomes)
    with stage.ended(qtbot) as ended:
        assert stage.controller.take_photo(FRAME)
    record = ended.args[0]
    assert record is stage.controller.last_record
    return record


# -- a round from start to end ---------------------------------------------------------------


def test_a_photo_runs_a_round_and_tells_every_step(qtbot: QtBot, stage: Stage) -> None:
    controller, heard = stage.controller, stage.heard
    stage.settings = stage.settings.replace(style="comic")
    with stage.ended(qtbot) as ended:
        assert controller.take_photo(FRAME)
        assert controller.busy and controller.cancellable
        # At once, before the pool thread runs: the photo, an empty painting, the style.
        assert heard.of("photo_shown")[0] is FRAME
        assert heard.of("painting_shown") == [None]
        assert heard.of("painting_placeholder_changed") == ["Waiting for the description…"]
        assert heard.of("description_changed") == [""]
        assert heard.of("caption_changed") == ["Comic"]
        assert heard.of("status_changed")[-1] == "Saving the photo…"
    record = ended.args[0]
    assert record.status == "done" and record.style == "comic"
    assert not controller.busy and not controller.cancellable
    assert heard.names()[0] == "photo_taken"
    assert heard.of("busy_changed") == [True, False]
    assert heard.of("cancel_available_changed") == [True, False]
    assert heard.of("retry_available_changed") == [False]
    assert heard.of("step_started") == ["photo", "photo", "describe", "check", "paint"]
    assert heard.of("description_changed") == ["", DESCRIPTION[:12], DESCRIPTION]
    assert heard.of("painting_placeholder_changed")[-1] == "Painting…"
    previews = heard.of("painting_shown")[1:]
    assert [image.shape[:2] for image in previews] == [(16, 16), (32, 32)]  # preview, painting
    assert heard.of("caption_changed")[-1] == "Comic"
    assert heard.of("status_changed")[-1].startswith("Done in 1.2 s. Saved as round-1 in ")
    assert heard.names()[-1] == "round_ended"
    assert heard.messages() == [] and not controller.can_retry
    assert controller.last_description == DESCRIPTION
    assert not controller.has_unsaved_photo


def test_the_running_step_is_told_with_its_clock(qtbot: QtBot, stage: Stage) -> None:
    stage.studio.outcomes.append(Outcome(hold=True))
    clock: list[tuple[str, float]] = []
    stage.controller.step_progressed.connect(lambda step, seconds: clock.append((step, seconds)))
    describing = qtbot.waitSignal(
        stage.controller.step_started, check_params_cb=lambda step: step == "describe"
    )
    with stage.ended(qtbot):
        with describing:
            stage.controller.take_photo(FRAME)
        assert stage.controller.step == "describe"
        # The ticker tells the same step again, later, until the step changes.
        with qtbot.waitSignal(
            stage.controller.step_progressed,
            check_params_cb=lambda step, seconds: step == "describe" and seconds > 0,
            timeout=5000,
        ):
            pass
        # The status line names the step once; its clock is not a status change (a screen
        # reader would be cut off five times a second).
        assert stage.heard.of("status_changed")[-1] == "Describing the scene…"
        assert stage.heard.of("status_changed").count("Describing the scene…") == 1
        stage.studio.release()
    told = [seconds for step, seconds in clock if step == "describe"]
    assert len(told) >= 2 and told == sorted(told)
    with qtbot.assertNotEmitted(stage.controller.step_progressed, wait=TICK_MS + 100):
        pass  # the clock stopped with the round


# -- one round at a time -----------------------------------------------------------------------


def test_a_second_photo_while_busy_is_refused_with_the_note(
    qtbot: QtBot, stage: Stage, tmp_path: Path
) -> None:
    """Space (or the gallery) while a round runs: a note, no second photo, no second round."""
    controller, heard = stage.controller, stage.heard
    stage.studio.outcomes.append(Outcome(hold=True))
    with stage.ended(qtbot):
        assert controller.take_photo(FRAME)
        heard.clear()
        assert not controller.take_photo(FRAME)
        assert heard.of("status_flashed") == [(BUSY_NOTE, 4000)]
        assert heard.of("status_changed") == [BUSY_NOTE]
        assert not controller.retry_round(tmp_path / "elsewhere.json")
        assert not controller.repaint_round(tmp_path / "elsewhere.json", "pencil")
        controller.retry()
        controller.regenerate()
        assert heard.of("status_changed") == [BUSY_NOTE] * 3
        assert "photo_taken" not in heard.names() and "busy_changed" not in heard.names()
        stage.studio.release()
    assert len(stage.studio.made) == 1
    assert [call for call, _ in stage.studio.calls] == ["capture"]


def test_cancel_stops_at_the_next_safe_point_and_offers_retry(qtbot: QtBot, stage: Stage) -> None:
    controller, heard = stage.controller, stage.heard
    stage.studio.outcomes.append(Outcome(hold=True, slow_cancel=True))
    describing = qtbot.waitSignal(
        controller.step_started, check_params_cb=lambda step: step == "describe"
    )
    with stage.ended(qtbot) as ended:
        with describing:  # held there until released or cancelled
            controller.take_photo(FRAME)
        heard.clear()
        controller.cancel()
        assert heard.of("status_changed") == ["Cancelling…"]
        assert heard.of("cancel_available_changed") == [False]
        assert controller.busy and not controller.cancellable
        with qtbot.assertNotEmitted(controller.step_progressed, wait=TICK_MS + 100):
            pass  # the step's clock stopped: "Cancelling…" stays on the status line
        stage.studio.release()
    record = ended.args[0]
    assert record.status == "incomplete" and record.steps["paint"] == "pending"
    assert stage.studio.made[0].cancelled.is_set()
    [message] = heard.messages()
    assert message.text.startswith("Cancelled.") and message.offer is Offer.RETRY
    assert heard.of("retry_available_changed") == [True] and controller.can_retry
    assert heard.of("cancel_available_changed") == [False, False]

    with stage.ended(qtbot) as ended:  # Retry finishes the round
        controller.retry()
    assert stage.studio.calls[-1] == ("retry", record.files.sidecar)
    assert ended.args[0].status == "done" and ended.args[0].stem == record.stem


def test_cancel_without_a_round_does_nothing(stage: Stage) -> None:
    stage.controller.cancel()
    assert stage.heard.events == []


# -- how a round ends ------------------------------------------------------------------------


def test_a_failed_round_offers_retry_and_retry_finishes_it(qtbot: QtBot, stage: Stage) -> None:
    controller, heard = stage.controller, stage.heard
    record = take_round(qtbot, stage, Outcome(status="failed"))
    assert record.status == "failed"
    [message] = heard.messages()
    assert "The AI service had a problem (503)" in message.text
    assert record.files.photo.name in message.text and "Traceback" not in message.text
    assert message.offer is Offer.RETRY
    assert heard.of("retry_available_changed")[-1] is True and controller.can_retry
    assert heard.of("painting_placeholder_changed")[-1] == "No painting this time."
    assert heard.of("status_changed")[-1].startswith("The round stopped")
    assert controller.last_description == DESCRIPTION  # Speak again still has it

    heard.clear()
    with stage.ended(qtbot) as ended:
        controller.retry()
        assert heard.of("painting_placeholder_changed") == ["Trying again…"]
        assert heard.of("message_cleared") == ["round"]  # the old message goes at once
        assert heard.of("retry_available_changed") == [False]
    assert ended.args[0].status == "done" and ended.args[0].stem == record.stem
    assert heard.messages() == [] and not controller.can_retry
    assert stage.studio.calls[-1] == ("retry", record.files.sidecar)


def test_a_blocked_round_is_explained_and_not_offered_again(qtbot: QtBot, stage: Stage) -> None:
    take_round(qtbot, stage, Outcome(status="blocked", error="Flagged for violence."))
    [message] = stage.heard.messages()
    assert message == RoundMessage("round", "Flagged for violence.")  # no button: no help
    assert not stage.controller.can_retry
    assert (
        stage.heard.of("painting_placeholder_changed")[-1] == "Not painted: see the message above."
    )


def test_a_cached_round_offers_regenerate_which_bypasses_the_cache(
    qtbot: QtBot, stage: Stage
) -> None:
    controller, heard = stage.controller, stage.heard
    first = take_round(qtbot, stage)
    cached = take_round(qtbot, stage, Outcome(cache={"capture": "exact", "source": first.stem}))
    assert "from cache" in heard.of("status_changed")[-1]
    [message] = heard.messages()
    assert message.text.startswith("From cache") and message.offer is Offer.REGENERATE
    assert [p.bypass_cache for p in stage.studio.made] == [False, False]

    heard.clear()
    with stage.ended(qtbot) as ended:
        controller.regenerate()
        assert heard.of("painting_placeholder_changed") == ["Painting it anew…"]
    assert stage.studio.made[-1].bypass_cache
    assert stage.studio.calls[-1] == ("regenerate", cached.files.sidecar)
    assert ended.args[0].cache == {} and ended.args[0].stem == cached.stem


def test_repaint_shows_the_new_style_at_once(qtbot: QtBot, stage: Stage) -> None:
    controller, heard = stage.controller, stage.heard
    old = take_round(qtbot, stage)
    heard.clear()
    with stage.ended(qtbot) as ended:
        assert controller.repaint_round(old.files.sidecar, "pencil")
        assert heard.of("caption_changed") == ["Pencil sketch"]
        assert heard.of("painting_shown") == [None]
        assert heard.of("painting_placeholder_changed") == ["Painting it again…"]
    repainted = ended.args[0]
    assert repainted.style == "pencil" and repainted.stem != old.stem
    assert heard.of("caption_changed")[-1] == "Pencil sketch"


def test_retrying_and_notes_are_passed_on(qtbot: QtBot, stage: Stage) -> None:
    wait = "The AI service is busy; trying again in 2 s…"
    take_round(qtbot, stage, Outcome(retrying=wait, note="The server has no moderation."))
    assert (wait, 5000) in stage.heard.of("status_flashed")
    assert wait in stage.heard.of("status_changed")
    assert stage.heard.messages("note") == [
        RoundMessage("note", "The server has no moderation.", alert=False)
    ]


# -- refused before the photo ----------------------------------------------------------------


def test_limits_refuse_the_photo_before_it_is_taken(qtbot: QtBot, stage: Stage) -> None:
    controller, heard = stage.controller, stage.heard
    soon = LimitHit("cooldown", "Wait 12 s between photos.", resets_at=datetime.now())
    stage.limits.hit = soon
    assert not controller.take_photo(FRAME)
    assert heard.of("status_flashed") == [(soon.message, 6000)]
    assert heard.of("status_changed") == [soon.message]
    assert heard.messages() == []  # a cooldown passes by itself: no Settings button
    budget = LimitHit("budget", "Today's budget is spent.", resets_at=datetime.now())
    stage.limits.hit = budget
    assert not controller.take_photo(FRAME)
    assert heard.messages() == [RoundMessage("round", budget.message, Offer.SETTINGS)]
    assert not controller.busy and stage.studio.made == [] and "photo_taken" not in heard.names()


def test_no_camera_picture_is_explained_and_nothing_starts(stage: Stage) -> None:
    assert not stage.controller.take_photo(None)
    [message] = stage.heard.messages("camera")
    assert message.text.startswith("There is no camera picture to take.")
    assert message.offer is Offer.RETRY_CAMERA
    assert stage.heard.of("status_changed") == [message.text]
    assert not stage.controller.busy and stage.studio.made == []


# -- a photo the images folder refuses ---------------------------------------------------------


def keep_a_photo(qtbot: QtBot, stage: Stage) -> None:
    """A photo the images folder refuses: kept in memory, another folder offered."""
    stage.studio.photo_error = "The photo could not be saved to images: No space left on device."
    with stage.ended(qtbot) as ended:
        stage.controller.take_photo(FRAME)
    stage.studio.photo_error = ""
    assert ended.args == [None] and stage.controller.has_unsaved_photo


def test_a_refused_photo_is_kept_and_saved_in_the_folder_chosen(
    qtbot: QtBot, stage: Stage, tmp_path: Path
) -> None:
    controller, heard, studio = stage.controller, stage.heard, stage.studio
    keep_a_photo(qtbot, stage)
    [message] = heard.messages()
    assert "No space left on device" in message.text and "kept in memory" in message.text
    assert message.offer is Offer.CHOOSE_FOLDER
    assert heard.of("painting_placeholder_changed")[-1] == (
        "The photo is not saved yet: see the message above."
    )
    assert heard.of("status_changed")[-1].startswith("The photo could not be saved; it is kept")

    # No folder chosen: still kept, still offered.
    heard.clear()
    assert controller.save_unsaved_photo(lambda: None) is None
    [message] = heard.messages()
    assert message.text.startswith("The photo is not saved yet. The photo is kept in memory")
    assert message.offer is Offer.CHOOSE_FOLDER and controller.has_unsaved_photo

    other = tmp_path / "other-folder"
    heard.clear()
    with stage.ended(qtbot) as ended:
        assert controller.save_unsaved_photo(lambda: str(other)) is None
    assert heard.of("images_folder_chosen") == [str(other)]
    assert studio.calls[-1] == ("capture", other)  # this round already goes to the new folder
    assert heard.of("photo_shown")[0] is FRAME
    assert ended.args[0].status == "done" and ended.args[0].files.folder == other
    assert not controller.has_unsaved_photo


def test_a_kept_photo_is_not_asked_for_while_a_round_runs(qtbot: QtBot, stage: Stage) -> None:
    """A retry from the gallery, say: the folder question waits, the offer stays."""
    controller, heard, studio = stage.controller, stage.heard, stage.studio
    earlier = take_round(qtbot, stage)
    keep_a_photo(qtbot, stage)
    studio.outcomes.append(Outcome(hold=True))
    asked: list[str] = []
    with stage.ended(qtbot):
        assert controller.retry_round(earlier.files.sidecar)
        heard.clear()
        assert controller.save_unsaved_photo(lambda: asked.append("asked") or None) is False
        assert asked == [] and heard.of("status_changed") == [BUSY_NOTE]
        assert "message_cleared" not in heard.names()
        studio.release()


def test_nothing_kept_nothing_asked(stage: Stage) -> None:
    asked: list[str] = []
    assert stage.controller.save_unsaved_photo(lambda: asked.append("asked") or None) is None
    assert asked == [] and stage.heard.events == []


# -- rounds the gallery deleted or uses --------------------------------------------------------


def test_a_round_deleted_elsewhere_leaves_the_screen_and_retry(
    qtbot: QtBot, stage: Stage, tmp_path: Path
) -> None:
    controller, heard = stage.controller, stage.heard
    record = take_round(qtbot, stage, Outcome(status="failed"))
    heard.clear()
    controller.round_deleted(str(tmp_path / "images" / "another-round.json"))
    assert heard.events == [] and controller.last_record is record
    # The same file, spelled another way.
    controller.round_deleted(str(record.files.folder / ".." / "images" / record.files.sidecar.name))
    assert heard.of("photo_shown") == [None] and heard.of("painting_shown") == [None]
    assert heard.of("description_changed") == [""] and heard.of("caption_changed") == [""]
    assert heard.of("painting_placeholder_changed") == ["Press Space to take a photo and paint it."]
    assert heard.of("message_cleared") == ["round"]
    assert heard.of("retry_available_changed") == [False]
    assert controller.last_record is None and controller.last_description == ""
    assert controller.result_cleared and not controller.can_retry
    made = len(stage.studio.made)
    controller.retry()
    controller.regenerate()
    assert len(stage.studio.made) == made and not controller.busy


def test_the_running_round_is_in_use_and_no_other(qtbot: QtBot, stage: Stage) -> None:
    controller, studio = stage.controller, stage.studio
    old = take_round(qtbot, stage)
    assert not controller.round_in_use(old.files.sidecar)
    studio.outcomes.append(Outcome(hold=True))
    with stage.ended(qtbot) as ended:
        controller.repaint_round(old.files.sidecar, "pencil")
        assert controller.round_in_use(old.files.sidecar)  # it reads the old round's files
        qtbot.waitUntil(lambda: len(studio.records) == 2)  # the new round's photo is saved
        new = next(path for path in studio.records if path != old.files.sidecar)
        qtbot.waitUntil(lambda: controller.round_in_use(new))
        assert not controller.round_in_use(new.with_name("another-round.json"))
        studio.release()
    assert ended.args[0].files.sidecar == new
    assert not controller.round_in_use(new) and not controller.round_in_use(old.files.sidecar)


def test_shutdown_cancels_and_joins_the_running_round(qtbot: QtBot, stage: Stage) -> None:
    stage.studio.outcomes.append(Outcome(hold=True))
    stage.controller.take_photo(FRAME)
    qtbot.waitUntil(lambda: stage.controller.step == "describe")
    stage.controller.shutdown()
    # Joined: the run came back (cancelled at its safe point, not waited out).
    assert stage.studio.finished.is_set() and stage.studio.made[0].cancelled.is_set()
    assert not stage.studio.gate.is_set()
