"""``camdraw --self-test``: prove a build works end to end, as a user would see it.

The window opens as usual; as soon as the camera shows a picture, one photo is taken; when the
round ends, its files are checked and the app quits with 0 (photo, painting and record on disk,
the record saying "done") or 1 (the reason is printed and logged). Packaging checks run the
frozen app this way, so everything a double-click loads is exercised.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from camdraw.core.store.record import RoundRecord
from camdraw.ui.main_window import MainWindow

log = logging.getLogger(__name__)

POLL_MS = 100


class SelfTest(QObject):
    """Drives one round in ``window`` and ends the application with the verdict."""

    def __init__(
        self,
        window: MainWindow,
        timeout_s: float = 120.0,
        quit_app: Callable[[int], None] = QApplication.exit,
    ) -> None:
        super().__init__(window)
        self.window = window
        self._quit_app = quit_app
        self.timeout_s = timeout_s
        self.exit_code: int | None = None
        self._started = time.monotonic()
        self._taken = False
        window.rounds.round_ended.connect(self._round_ended)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check)
        self._poll.start()

    @Slot()
    def _check(self) -> None:
        if time.monotonic() - self._started > self.timeout_s:
            step = self.window.step_label.text()
            banner = self.window.panes.banner
            said = " ".join(banner.text(t) for t in banner.topics())
            self._finish(1, f"nothing finished within {self.timeout_s:.0f} s ({step} {said})")
        elif not self._taken and self.window.camera.has_picture:
            self._taken = True
            log.info("self-test: taking a photo")
            self.window.take_photo()

    @Slot(object)
    def _round_ended(self, record: RoundRecord | None) -> None:
        if record is None:
            self._finish(1, "the photo could not be saved")
            return
        problems = [
            f"{name} missing"
            for name, path in (
                ("photo", record.files.photo),
                ("painting", record.files.painting),
                ("record", record.files.sidecar),
            )
            if not path.is_file() or path.stat().st_size == 0
        ]
        if record.status != "done":
            reasons = [*record.errors.values(), str(record.check.get("message", ""))]
            problems.append(f"round {record.status}: {'; '.join(r for r in reasons if r)}")
        elif not problems:
            saved = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
            if saved.get("status") != "done":
                problems.append(f"record on disk says {saved.get('status')!r}")
        if problems:
            self._finish(1, "; ".join(problems))
        else:
            self._finish(0, f"round {record.stem} saved in {record.files.folder}")

    def _finish(self, code: int, detail: str) -> None:
        if self.exit_code is not None:
            return
        self.exit_code = code
        self._poll.stop()
        verdict = "passed" if code == 0 else "FAILED"
        text = f"camdraw self-test {verdict}: {detail}"
        # The console log handler shows it on stderr; the log file keeps it too.
        (log.info if code == 0 else log.error)(text)
        # Closing the window joins the camera, round and speech threads before the loop ends.
        self.window.close()
        self._quit_app(code)
