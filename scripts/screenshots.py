"""Make the README pictures from the app itself (nothing is drawn or edited by hand).

    python scripts/screenshots.py [--out docs/screenshots] [--ui-language en]

A generated still-life video is the camera. Rounds run through the real main window: with the
offline demo (no server at all), or with ``--service loopback`` against the tests' loopback
OpenAI-compatible server, which answers with a description of the scene and the offline demo's
painting of it. Writes main-window.png (the window after a round), gallery.png (the history
gallery after several rounds) and, with the loopback server, conversation.png (a question
about the photo and its answer). Everything runs offscreen in a temporary CAMDRAW_HOME with no
keyring, so the user's settings, key and pictures are untouched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from camdraw.core.providers.offline.offline_paint import paint_photo
from camdraw.core.round.styles import PRESET_IDS

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the tests' loopback server and the benchmarks' helpers

WINDOW_SIZE = (1280, 800)
# The question asked in conversation.png, and the loopback server's answer.
QUESTIONS = {
    "en": (
        "What colour is the vase?",
        "The vase is a deep cobalt blue, glossy, with a lighter blue highlight on its left side.",
    ),
    "cs": (
        "Jakou barvu má váza?",
        "Váza je sytě kobaltově modrá a lesklá, na levé straně má světlejší modrý odlesk.",
    ),
}
GALLERY_SIZE = (900, 520)
DESCRIPTIONS = {
    "en": (
        "A still life on a wooden table in front of a pale yellow wall. On the left stands a "
        "tall blue vase with three flowers: red, yellow and white. In the middle, a white bowl "
        "holds two red apples and a green pear. On the right, a window shows a blue sky with a "
        "bright yellow sun. The light comes from the window, so the shadows fall to the left."
    ),
    "cs": (
        "Zátiší na dřevěném stole před světle žlutou stěnou. Vlevo stojí vysoká modrá váza se "
        "třemi květinami: červenou, žlutou a bílou. Uprostřed je bílá mísa se dvěma červenými "
        "jablky a zelenou hruškou. Vpravo je okno s modrou oblohou a jasně žlutým sluncem. "
        "Světlo jde z okna, takže stíny padají doleva."
    ),
}


# -- the scene the camera sees ---------------------------------------------------------------


def still_life(width: int = 960, height: int = 720, t: float = 0.0) -> np.ndarray:
    """A BGR still life (vase, flowers, fruit bowl, window with sun); ``t`` sways the camera."""
    dx = round(8 * float(np.sin(t)))
    dy = round(4 * float(np.cos(t * 0.7)))
    y = np.linspace(0, 1, height)[:, None, None]
    wall = (np.array([150, 215, 235]) * (1 - 0.25 * y)).astype(np.float32)
    frame = np.broadcast_to(wall, (height, width, 3)).copy()
    horizon = int(height * 0.62) + dy
    # Window with sky and sun.
    wx0, wy0, wx1, wy1 = (
        int(width * 0.66) + dx,
        int(height * 0.08) + dy,
        int(width * 0.94) + dx,
        horizon - 40,
    )
    sky = np.linspace(0, 1, max(wy1 - wy0, 1))[:, None, None]
    frame[wy0:wy1, wx0:wx1] = np.array([235, 190, 120]) * (1 - 0.3 * sky) + 40 * sky
    cv2.circle(frame, (wx0 + (wx1 - wx0) // 3, wy0 + (wy1 - wy0) // 3), 34, (60, 215, 255), -1)
    cv2.rectangle(frame, (wx0, wy0), (wx1, wy1), (245, 245, 245), 10)
    cv2.line(frame, ((wx0 + wx1) // 2, wy0), ((wx0 + wx1) // 2, wy1), (245, 245, 245), 8)
    # Wooden table with grain.
    table = np.array([40, 85, 140], np.float32)
    frame[horizon:] = table
    for i in range(12):
        yy = horizon + 8 + i * (height - horizon) // 12
        cv2.line(frame, (0, yy), (width, yy + 6), (30, 68, 115), 2)
    cv2.line(frame, (0, horizon), (width, horizon), (25, 55, 95), 4)
    # Vase with three flowers.
    vx = int(width * 0.22) + dx
    for (fx, fy), colour in zip(
        [(-45, -230), (5, -270), (50, -215)],
        [(50, 50, 220), (40, 210, 245), (245, 245, 245)],
        strict=True,
    ):
        cv2.line(frame, (vx, horizon - 120), (vx + fx, horizon + fy), (40, 130, 40), 5)
        for angle in range(0, 360, 60):
            px = vx + fx + int(18 * np.cos(np.radians(angle)))
            py = horizon + fy + int(18 * np.sin(np.radians(angle)))
            cv2.circle(frame, (px, py), 15, colour, -1)
        cv2.circle(frame, (vx + fx, horizon + fy), 10, (30, 160, 230), -1)
    cv2.ellipse(frame, (vx, horizon - 60), (55, 85), 0, 0, 360, (170, 90, 30), -1)
    cv2.rectangle(frame, (vx - 25, horizon - 170), (vx + 25, horizon - 120), (170, 90, 30), -1)
    cv2.ellipse(frame, (vx - 20, horizon - 80), (12, 40), 0, 0, 360, (215, 150, 90), -1)
    cv2.ellipse(frame, (vx - 40, horizon + 22), (60, 10), 0, 0, 360, (25, 50, 90), -1)  # shadow
    # Bowl with apples and a pear.
    bx = int(width * 0.48) + dx
    cv2.circle(frame, (bx - 45, horizon - 10), 38, (40, 40, 200), -1)
    cv2.circle(frame, (bx + 35, horizon - 14), 36, (30, 30, 180), -1)
    cv2.ellipse(frame, (bx, horizon - 40), (28, 42), 10, 0, 360, (60, 190, 130), -1)
    cv2.circle(frame, (bx - 55, horizon - 22), 9, (200, 200, 255), -1)  # highlight
    cv2.ellipse(frame, (bx, horizon + 5), (110, 55), 0, 0, 180, (235, 235, 240), -1)
    cv2.ellipse(frame, (bx, horizon + 5), (110, 12), 0, 0, 360, (215, 215, 222), -1)
    noise = np.random.default_rng(int(t * 1000)).normal(0, 3, frame.shape)
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def make_scene_video(path: Path, frames: int = 40, fps: float = 15.0) -> Path:
    from benchmarks.media import write_video

    return write_video(path, [still_life(t=2 * np.pi * i / frames) for i in range(frames)], fps)


def loopback_painting(bgr: np.ndarray, style: str) -> bytes:
    """What the loopback server answers: the offline demo's painting of ``bgr`` in ``style``."""
    ok, png = cv2.imencode(".png", paint_photo(bgr, style))
    if not ok:
        raise RuntimeError("the painting could not be encoded")
    return png.tobytes()


# -- driving the app -------------------------------------------------------------------------


def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Let the event loop run until ``predicate`` holds (this is a script, not the app)."""
    from benchmarks.window import wait_until as wait

    if not wait(predicate, timeout_s, poll_ms=20):
        raise RuntimeError(f"timed out after {timeout_s:.0f} s waiting for {what}")


def never_the_users_keyring() -> None:
    """No keyring at all: the script must never read or use the user's key (it stores none)."""
    import keyring
    from keyring.backends.null import Keyring as NullKeyring

    keyring.set_keyring(NullKeyring())


@contextmanager
def service(mode: str, language: str) -> Iterator[tuple[dict[str, Any], Any, Any]]:
    """(settings changes, key store, fake server or None) for the chosen way of painting."""
    from camdraw.core.providers.apikey import KeyStore

    if mode == "offline":
        yield {"service_mode": "offline"}, KeyStore({}), None
        return
    from tests.fake_openai import FakeOpenAI

    fake = FakeOpenAI()
    fake.description = DESCRIPTIONS.get(language, DESCRIPTIONS["en"])
    fake.start()
    try:
        # A placeholder, not a key: the loopback server accepts anything.
        yield (
            {"base_url": fake.base_url, "service_mode": "api"},
            KeyStore({"OPENAI_API_KEY": "screenshots-loopback"}),
            fake,
        )
    finally:
        fake.stop()


def take_round(window: Any, fake: Any, style: str, timeout_s: float) -> Any:
    from benchmarks.window import play_round

    if fake is not None:
        fake.image = loopback_painting(still_life(), style)
    records: list[Any] = []
    window.rounds.round_ended.connect(records.append)
    try:
        play_round(window, timeout_s)
        wait_until(lambda: not window.rounds.busy, timeout_s, "the window to be idle")
    finally:
        window.rounds.round_ended.disconnect(records.append)
    record = records[0]
    if record is None or record.status != "done":
        reason = "" if record is None else f"{record.status}: {record.errors}"
        raise RuntimeError(f"the round did not finish ({reason})")
    return record


def grab(widget: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path), "PNG"):
        raise RuntimeError(f"{path} could not be written")
    print(f"wrote {path} ({widget.width()}x{widget.height()})")
    return path


def open_gallery(window: Any, rounds: int, timeout_s: float) -> Any:
    """The history gallery as the user opens it (Ctrl+G), once its thumbnails are on screen."""
    window.open_gallery()
    dialog = window.gallery.dialog
    dialog.resize(*GALLERY_SIZE)
    wait_until(
        lambda: not dialog.loading and dialog.model.rowCount() >= rounds,
        timeout_s,
        "the gallery to list the rounds",
    )
    wait_until(dialog.screen_ready, timeout_s, "the gallery thumbnails")
    return dialog


@contextmanager
def working_directory(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)  # before the temporary folder is removed (Windows insists)


def run(out: Path, ui_language: str, mode: str, rounds: int, timeout_s: float) -> list[Path]:
    out = out.resolve()  # the script changes its working directory while it runs
    from benchmarks.window import run_for
    from PySide6.QtWidgets import QApplication

    from camdraw.core.settings import Settings
    from camdraw.ui import i18n
    from camdraw.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    i18n.install(app, ui_language)
    language = ui_language if ui_language in DESCRIPTIONS else "en"
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="camdraw-shots-") as tmp:
        folder = Path(tmp)
        video = make_scene_video(folder / "scene.avi")
        # A relative images folder: the status line then says "in images", not a temp path.
        images = Path("images")
        with working_directory(folder), service(mode, language) as (changes, keys, fake):
            settings = Settings(
                camera=str(video),
                images_dir=str(images),
                language=language,
                muted=True,
                mirror=False,
                cooldown_s=0,
                use_cache=False,  # every round is painted, not reused
                ui_language=ui_language,
            ).replace(**changes)
            window = MainWindow(settings, keys=keys)
            try:
                window.resize(*WINDOW_SIZE)
                window.show()
                wait_until(lambda: window.camera.has_picture, timeout_s, "the camera picture")
                for index in range(rounds):
                    # The last round is the one on show: a watercolour of the still life.
                    last = index == rounds - 1
                    style = PRESET_IDS[0] if last else PRESET_IDS[(index + 1) % len(PRESET_IDS)]
                    window.apply_settings(window.settings.replace(style=style))
                    take_round(window, fake, style, timeout_s)
                run_for(0.6)  # layouts, thumbnails and repaints land
                written.append(grab(window, out / "main-window.png"))
                if fake is not None:  # questions need a vision model service
                    written.append(ask_question(window, fake, language, out, timeout_s))
                dialog = open_gallery(window, rounds, timeout_s)
                run_for(0.3)
                written.append(grab(dialog, out / "gallery.png"))
                dialog.close()
            finally:
                window.shutdown()
                window.close()
    return written


def ask_question(window: Any, fake: Any, language: str, out: Path, timeout_s: float) -> Path:
    """Ask the round on show a question, as a user does (Ctrl+K, type, Enter), and grab the
    window with the conversation: conversation.png."""
    from benchmarks.window import run_for
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    question, answer = QUESTIONS.get(language, QUESTIONS["en"])
    fake.description = answer  # the loopback server answers every chat with this text
    panel = window.questions.panel
    panel.focus_field()
    panel.field.setText(question)
    QTest.keyClick(panel.field, Qt.Key.Key_Return)
    wait_until(lambda: answer in panel.text(), timeout_s, "the answer")
    run_for(0.4)
    return grab(window, out / "conversation.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--ui-language", choices=["en", "cs"], default="en")
    parser.add_argument(
        "--service",
        choices=["offline", "loopback", "auto"],
        default="offline",
        help="offline: the offline demo; loopback: the tests' loopback server; auto: offline",
    )
    parser.add_argument("--rounds", type=int, default=12, help="rounds shown in the gallery")
    parser.add_argument("--timeout", type=float, default=120.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        os.environ.pop(name, None)
    never_the_users_keyring()
    mode = "loopback" if args.service == "loopback" else "offline"
    print(f"painting with: {'the offline demo' if mode == 'offline' else 'the loopback server'}")
    with tempfile.TemporaryDirectory(prefix="camdraw-shots-home-") as home:
        os.environ["CAMDRAW_HOME"] = home  # never the user's settings, cache or pictures
        run(args.out.resolve(), args.ui_language, mode, max(1, args.rounds), args.timeout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
