"""Questions about the photo in the window: Ctrl+K, Enter, Esc, the quick-question keys, the
answer streaming into the conversation view and read as the description is (real SDK against
the loopback server, the window's own threads)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from camdraw.core import imaging
from camdraw.core.round import question_prompts
from camdraw.core.store.record import RoundRecord
from tests.fake_openai import FakeOpenAI
from tests.ui.conftest import RecordingSpeaker
from tests.ui.gallery_helpers import open_row, row_of, wait_loaded
from tests.ui.test_help_keys import open_help
from tests.ui.window_helpers import take_round

ANSWER = "Na hrnku je modrý nápis KAVÁRNA."
ANSWER_MS = 20_000


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ctrl_k_enter_asks_the_answer_streams_in_is_read_and_kept(
    qtbot, make_window, fake_openai: FakeOpenAI, monkeypatch
) -> None:
    speaker = RecordingSpeaker()
    window = make_window(speaker=speaker, description_reader="both")
    record = take_round(qtbot, window)
    encodings: list[int] = []
    encode = imaging.prepare_upload
    monkeypatch.setattr(
        imaging, "prepare_upload", lambda *a, **k: encodings.append(1) or encode(*a, **k)
    )
    panel = window.questions.panel
    announced: list[str] = []
    window.announcer.announced.connect(lambda text, assertive: announced.append(text))
    streamed: list[str] = []
    window.questions.controller.answer_streamed.connect(streamed.append)

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(panel.field.hasFocus)
    fake_openai.description = ANSWER
    photos_before = len(fake_openai.requests_to("chat"))
    qtbot.keyClicks(panel.field, "Co je na hrnku?")  # Space types, it takes no photo
    with qtbot.waitSignal(window.questions.controller.answer_completed, timeout=ANSWER_MS):
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)  # Enter asks, it takes no photo

    assert window.rounds.last_record is record  # no new round was started
    assert len(fake_openai.requests_to("chat")) == photos_before + 1
    assert len(fake_openai.requests_to("images")) == 1  # answers are never painted
    assert len(streamed) > 1 and streamed[-1] == ANSWER
    assert encodings == []  # the round's upload, as it was sent for the description
    describe, question = fake_openai.requests_to("chat")[-2:]
    assert (
        question["json"]["messages"][1]["content"][1]
        == describe["json"]["messages"][0]["content"][1]
    )  # the same photo part, byte for byte
    assert "Otázka: Co je na hrnku?" not in panel.text()  # the window is in English
    assert "Question: Co je na hrnku?" in panel.text()
    assert f"Answer: {ANSWER}" in panel.text()
    assert panel.field.text() == "" and panel.field.hasFocus()
    assert ANSWER in announced and speaker.said[-1] == ANSWER  # "both": told and spoken
    kept = json.loads(record.files.sidecar.read_text("utf-8"))["conversation"]
    assert [(e["question"], e["answer"]) for e in kept] == [("Co je na hrnku?", ANSWER)]

    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)  # Esc goes back to the description
    qtbot.waitUntil(window.panes.description.hasFocus)
    assert not window.rounds.busy


def test_quick_question_keys_ask_in_the_description_language(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(speaker=RecordingSpeaker())
    take_round(qtbot, window)
    controller = window.questions.controller
    fake_openai.description = "Na fotografii není žádný čitelný text."
    with qtbot.waitSignal(controller.answer_completed, timeout=ANSWER_MS):
        qtbot.keyClick(window, Qt.Key.Key_T, CTRL_SHIFT)
    sent = fake_openai.requests_to("chat")[-1]["json"]["messages"]
    assert sent[-1] == {"role": "user", "content": question_prompts.READ_TEXT.prompts["cs"]}
    assert sent[0]["content"] == question_prompts.INSTRUCTIONS["cs"]
    panel = window.questions.panel
    assert "Question: Read the text" in panel.text()  # its short name, not the whole prompt
    qtbot.waitUntil(lambda: not controller.busy)

    asked = len(fake_openai.requests_to("chat"))
    qtbot.keyClick(window, Qt.Key.Key_W, CTRL_SHIFT)
    qtbot.waitUntil(panel.field.hasFocus)
    assert panel.field.text() == "Kde je " and panel.field.cursorPosition() == len("Kde je ")
    assert len(fake_openai.requests_to("chat")) == asked  # only the words, nothing sent


def test_a_failed_question_is_said_in_the_banner_and_the_conversation_stays(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(speaker=RecordingSpeaker())
    record = take_round(qtbot, window)
    controller = window.questions.controller
    before = record.files.sidecar.read_bytes()
    fake_openai.fault("rate_limited", "chat", times=3)
    announced: list[tuple[str, bool]] = []
    window.announcer.announced.connect(lambda text, assertive: announced.append((text, assertive)))
    with qtbot.waitSignal(controller.failed, timeout=ANSWER_MS) as failure:
        controller.ask("Co je na hrnku?")
    qtbot.waitUntil(lambda: not controller.busy)
    assert "rate limiting" in failure.args[0]
    assert any("rate limiting" in text and assertive for text, assertive in announced)
    assert record.files.sidecar.read_bytes() == before
    assert "Co je na hrnku?" not in window.questions.panel.text()  # nothing half-kept
    fake_openai.clear_faults()
    fake_openai.description = ANSWER
    with qtbot.waitSignal(controller.answer_completed, timeout=ANSWER_MS):
        controller.ask("Co je na hrnku?")  # the same question, again
    assert f"Answer: {ANSWER}" in window.questions.panel.text()


def test_without_a_round_a_question_says_to_take_a_photo_first(qtbot, make_window) -> None:
    window = make_window(speaker=RecordingSpeaker())
    with qtbot.waitSignal(window.questions.controller.failed) as failure:
        qtbot.keyClick(window, Qt.Key.Key_D, CTRL_SHIFT)
    assert failure.args[0] == "Take a photo first, then ask about it."


def test_the_gallery_shows_a_past_conversation_and_continues_it(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    speaker = RecordingSpeaker()
    window = make_window(speaker=speaker, description_reader="voice")
    record = take_round(qtbot, window)
    fake_openai.description = ANSWER
    with qtbot.waitSignal(window.questions.controller.answer_completed, timeout=ANSWER_MS):
        window.questions.controller.ask("Co je na hrnku?")
    qtbot.waitUntil(lambda: not window.questions.controller.busy)

    window.open_gallery()
    dialog = window.gallery.dialog
    qtbot.waitExposed(dialog)
    wait_loaded(qtbot, dialog, 1)
    open_row(qtbot, dialog, row_of(dialog, record.stem))
    panel = dialog.round_view.questions
    assert f"Question: Co je na hrnku?\nAnswer: {ANSWER}" in panel.text()

    controller = dialog.questions.controller
    qtbot.waitUntil(lambda: controller.record is not None)  # its record, read off the GUI
    fake_openai.description = "Vedle hrnku leží červená kniha."
    panel.field.setFocus()
    qtbot.keyClicks(panel.field, "A co je vedle?")
    with qtbot.waitSignal(controller.answer_completed, timeout=ANSWER_MS):
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not controller.busy)
    assert "Answer: Vedle hrnku leží červená kniha." in panel.text()
    assert speaker.said[-1] == "Vedle hrnku leží červená kniha."  # read by the window's voice
    history = fake_openai.requests_to("chat")[-1]["json"]["messages"]
    assert [m["content"] for m in history[3:]] == ["Co je na hrnku?", ANSWER, "A co je vedle?"]
    kept = RoundRecord.load(record.files.sidecar).conversation
    assert [e.question for e in kept] == ["Co je na hrnku?", "A co je vedle?"]
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)  # the field's, not the dialog's
    qtbot.waitUntil(dialog.round_view.description.hasFocus)
    assert dialog.current_entry() is not None  # still on the round
    dialog.close()


def test_f1_lists_the_question_keys(qtbot, make_window) -> None:
    window = make_window()
    dialog = open_help(qtbot, window)
    rows = set(dialog.rows())
    assert {
        ("Ctrl+K", "Ask about the photo", "Ask menu"),
        ("Ctrl+Shift+T", "Read the text", "Ask menu"),
        ("Ctrl+Shift+D", "Describe in more detail", "Ask menu"),
        ("Ctrl+Shift+C", "What colours?", "Ask menu"),
        ("Ctrl+Shift+W", "Where is …?", "Ask menu"),
        ("Alt+N", "Go to Conversation", "Window"),
        ("Alt+Q", "Go to Question", "Window"),
        ("Alt+Q", "Go to Question", "Gallery, one round"),
        ("Alt+N", "Go to Conversation", "Gallery, one round"),
    } <= rows
    dialog.close()


def test_closing_the_window_stops_a_streaming_answer_and_keeps_nothing_of_it(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(speaker=RecordingSpeaker())
    record = take_round(qtbot, window)
    before = record.files.sidecar.read_bytes()
    controller = window.questions.controller
    fake_openai.description = " ".join(["slovo"] * 200)
    fake_openai.describe_delay_s = 20  # a long answer, word by word
    with qtbot.waitSignal(controller.answer_streamed, timeout=ANSWER_MS):
        controller.ask("Co je na hrnku?")
    window.shutdown()  # cancels at the next streamed word and waits for the thread
    # Had it not stopped, shutdown would have waited for the whole answer and saved it.
    assert record.files.sidecar.read_bytes() == before
    assert "slovo" in window.questions.panel.text()  # it was streaming when stopped
