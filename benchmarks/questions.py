"""Figure 10: questions about the photo in a real window against the timed loopback server.

The first answer token is stamped where the server sends it (the fake's stream log), "visible"
when the conversation view has been given the text (the panel's slot has run: the next paint
shows it), the same way figure 4 measures the description. The photo encodings are counted at
``imaging.prepare_upload``: questions reuse the round's upload, so a question makes none.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.rounds import DESCRIBE_S, varied
from benchmarks.server import TimedServer
from benchmarks.table import Row, median
from benchmarks.window import close_window, open_window, play_round, wait_for_signal
from camdraw.core import imaging

TOKEN_GOAL_MS = 50.0
ENCODINGS_GOAL = 0.0


def question_rows(server: TimedServer, workdir: Path, questions: int) -> list[Row]:
    window = open_window(server.fake.base_url, varied(workdir), workdir / "question-images")
    original = imaging.prepare_upload
    encodings = 0

    def counting(*args: object, **kwargs: object) -> imaging.Upload:
        nonlocal encodings
        encodings += 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    controller = window.questions.controller
    shown: list[float] = []
    controller.answer_streamed.connect(lambda text: shown.append(time.monotonic()))
    gaps: list[float] = []
    try:
        server.script(0, 0)
        play_round(window)
        server.script(DESCRIBE_S, 0)  # the answer streams in over this long
        imaging.prepare_upload = counting  # type: ignore[assignment]
        for n in range(questions):
            shown.clear()
            asked = time.monotonic()
            if not controller.ask(f"Co je na obrázku vlevo? ({n})"):
                raise RuntimeError("the question was not sent")
            if not wait_for_signal(controller.answer_completed, 30):
                raise RuntimeError("no answer within 30 s")
            token, _ = server.first_token(asked, time.monotonic())
            if token is not None and shown:
                gaps.append((shown[0] - token) * 1000)
            wait_for_signal(controller.busy_changed, 5)
    finally:
        imaging.prepare_upload = original  # type: ignore[assignment]
        close_window(window)
    note = f"{questions} question(s), answer streamed over {DESCRIBE_S:g} s"
    return [
        Row(
            "10. first answer token → text visible",
            median(gaps) if gaps else None,
            "ms",
            goal=TOKEN_GOAL_MS,
            note=note,
            missing="n.a. (no streamed answer)",
        ),
        Row(
            "10. photo encodings per question",
            encodings / max(questions, 1),
            "",
            goal=ENCODINGS_GOAL,
            note="prepare_upload calls while asking (the round's upload is reused)",
            digits=1,
        ),
    ]
