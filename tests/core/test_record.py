"""The round record as a typed model: its steps, what a newer camdraw wrote, hand edits."""

from __future__ import annotations

import json
from pathlib import Path

from camdraw.core.store import rounds
from camdraw.core.store.record import STEPS, RoundRecord, Step, StepState


def saved_record(tmp_path: Path) -> RoundRecord:
    record = RoundRecord(files=rounds.new_round(tmp_path), description="Kočka na okně.")
    record.steps.update({Step.PHOTO: StepState.DONE, Step.DESCRIBE: StepState.DONE})
    record.save()
    return record


def edit_sidecar(record: RoundRecord, **changes: object) -> dict[str, object]:
    data = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    data.update(changes)
    record.files.sidecar.write_text(json.dumps(data), encoding="utf-8")
    return data


def test_fields_a_newer_camdraw_wrote_survive_a_load_and_a_save(tmp_path: Path) -> None:
    record = saved_record(tmp_path)
    edit_sidecar(record, upscale={"factor": 2, "model": "x"}, mood="calm")
    loaded = RoundRecord.load(record.files.sidecar)
    assert loaded.model_extra == {"upscale": {"factor": 2, "model": "x"}, "mood": "calm"}
    loaded.description = "Pes na okně."
    loaded.save()
    data = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    assert data["upscale"] == {"factor": 2, "model": "x"} and data["mood"] == "calm"
    assert data["description"] == "Pes na okně."
    # What the record derives (stem, status, file names) is written afresh, never kept twice.
    assert data["status"] == "incomplete" and data["stem"] == record.stem
    assert set(RoundRecord.load(record.files.sidecar).model_extra or {}) == {"upscale", "mood"}


def test_steps_and_states_are_enums_written_as_their_names(tmp_path: Path) -> None:
    record = saved_record(tmp_path)
    record.steps[Step.PAINT] = "failed"  # a plain name, as older code and tests set them
    record.save()
    data = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    assert data["steps"] == {
        "photo": "done",
        "describe": "done",
        "check": "pending",
        "paint": "failed",
        "speech": "pending",
    }
    loaded = RoundRecord.load(record.files.sidecar)
    assert list(loaded.steps) == list(STEPS) == list(Step)
    assert all(type(state) is StepState for state in loaded.steps.values())
    assert loaded.steps[Step.PAINT] is StepState.FAILED and loaded.steps["paint"] == "failed"
    assert f"{Step.PAINT} {StepState.FAILED}" == "paint failed"  # Python 3.10 to 3.13 alike


def test_a_step_or_state_this_version_does_not_know_leaves_the_step_pending(
    tmp_path: Path,
) -> None:
    record = saved_record(tmp_path)
    steps = {"photo": "done", "describe": "paused", "upscale": "done", "paint": ["done"]}
    edit_sidecar(record, steps=steps)
    loaded = RoundRecord.load(record.files.sidecar)
    assert loaded.steps[Step.PHOTO] is StepState.DONE
    assert loaded.steps[Step.DESCRIBE] is StepState.PENDING  # run again, like any pending step
    assert loaded.steps[Step.PAINT] is StepState.PENDING
    assert "upscale" not in loaded.steps


def test_a_hand_edited_entry_of_the_wrong_kind_goes_the_rest_of_its_field_stays(
    tmp_path: Path,
) -> None:
    record = saved_record(tmp_path)
    edit_sidecar(
        record,
        timings_ms={"photo": 40, "paint": "slow"},
        usage={"describe": {"input_tokens": "many"}, "paint": {"output_tokens": 3}},
        models={"vision": None, "image": "gpt-image-1"},
        cost=[],
        language=5,
    )
    loaded = RoundRecord.load(record.files.sidecar)
    assert loaded.timings_ms == {"photo": 40}
    assert loaded.usage == {"paint": {"output_tokens": 3}}
    assert loaded.models == {"image": "gpt-image-1"}
    assert (loaded.cost, loaded.language) == ({}, "cs")  # a field of the wrong kind: its default


def test_the_conversation_is_kept_and_an_older_record_has_none(tmp_path: Path) -> None:
    record = saved_record(tmp_path)
    data = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    data.pop("conversation")  # as camdraw wrote records before questions
    record.files.sidecar.write_text(json.dumps(data), encoding="utf-8")
    assert RoundRecord.load(record.files.sidecar).conversation == []
    asked = {"question": "Co je na okně?", "answer": "Kočka.", "model": "m", "cost_usd": None}
    edit_sidecar(record, conversation=[asked, {"question": 5, "answer": "?"}, "junk"])
    loaded = RoundRecord.load(record.files.sidecar)
    assert [(e.question, e.answer, e.cost_usd) for e in loaded.conversation] == [
        ("Co je na okně?", "Kočka.", None)
    ]  # a hand-damaged entry goes, the rest stays
    loaded.save()
    saved = json.loads(record.files.sidecar.read_text(encoding="utf-8"))["conversation"]
    assert saved[0]["question"] == "Co je na okně?" and saved[0]["usage"] == {}
