"""frames helpers and the ImageView / PreviewWidget widgets (offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from camdraw.ui.frames import bgr_to_qimage, fit_size, scaled_pixmap
from camdraw.ui.preview import ImageView, PreviewWidget
from tests.media import scene_frame

# -- frames -------------------------------------------------------------------------------------


def qimage_to_bgr(image: QImage) -> np.ndarray:
    """A new (h, w, 3) BGR uint8 array with the pixels of ``image``."""
    converted = image.convertToFormat(QImage.Format.Format_BGR888)
    width, height = converted.width(), converted.height()
    if width == 0 or height == 0:
        return np.zeros((0, 0, 3), np.uint8)
    stride = converted.bytesPerLine()
    buffer = np.frombuffer(converted.constBits(), np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def test_bgr_to_qimage_keeps_colours() -> None:
    frame = np.zeros((2, 3, 3), np.uint8)
    frame[0, 0] = (255, 0, 0)  # BGR blue
    frame[0, 1] = (0, 0, 255)  # BGR red
    frame[1, 2] = (0, 255, 0)  # green
    image = bgr_to_qimage(frame)
    assert (image.width(), image.height()) == (3, 2)
    assert image.pixelColor(0, 0) == QColor(0, 0, 255)
    assert image.pixelColor(1, 0) == QColor(255, 0, 0)
    assert image.pixelColor(2, 1) == QColor(0, 255, 0)


def test_bgr_to_qimage_owns_its_data() -> None:
    frame = np.full((4, 5, 3), (255, 0, 0), np.uint8)
    image = bgr_to_qimage(frame)
    frame[:] = 0
    del frame
    assert image.pixelColor(4, 3) == QColor(0, 0, 255)


def test_bgr_to_qimage_accepts_views() -> None:
    big = scene_frame(64, 48)
    view = big[10:30, 5:45]  # not contiguous
    image = bgr_to_qimage(view)
    assert np.array_equal(qimage_to_bgr(image), view)


def test_bgr_to_qimage_rejects_other_dtypes() -> None:
    with pytest.raises(ValueError):
        bgr_to_qimage(np.zeros((2, 2, 3), np.float32))


@pytest.mark.parametrize(
    ("src", "box", "expected"),
    [
        ((1920, 1080), (400, 300), (400, 225)),
        ((640, 480), (1000, 500), (667, 500)),
        ((100, 100), (50, 80), (50, 50)),
        ((640, 480), (640, 480), (640, 480)),
        ((640, 480), (0, 300), (0, 0)),
        ((0, 0), (10, 10), (0, 0)),
        ((10000, 10), (50, 50), (50, 1)),
    ],
)
def test_fit_size(src: tuple[int, int], box: tuple[int, int], expected: tuple[int, int]) -> None:
    assert fit_size(*src, *box) == expected


def test_scaled_pixmap_enlarges_and_shrinks(qtbot: QtBot) -> None:
    frame = scene_frame(320, 240)
    assert scaled_pixmap(frame, 640, 640).size().toTuple() == (640, 480)
    assert scaled_pixmap(frame, 160, 160).size().toTuple() == (160, 120)
    assert scaled_pixmap(frame, 0, 100).isNull()
    hidpi = scaled_pixmap(frame, 160, 160, device_pixel_ratio=2.0)
    assert hidpi.size().toTuple() == (320, 240)
    assert hidpi.deviceIndependentSize().toSize().toTuple() == (160, 120)


# -- ImageView / PreviewWidget ------------------------------------------------------------------


def halves(width: int = 200, height: int = 100) -> np.ndarray:
    """Left half red, right half blue (BGR)."""
    frame = np.zeros((height, width, 3), np.uint8)
    frame[:, : width // 2] = (0, 0, 255)
    frame[:, width // 2 :] = (255, 0, 0)
    return frame


def test_frame_is_scaled_once_to_fit(qtbot: QtBot) -> None:
    view = PreviewWidget()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    view.set_frame(scene_frame(1920, 1080))
    pixmap = view.pixmap()
    assert pixmap.size().toTuple() == (400, 225)
    assert view.pixmap().cacheKey() == pixmap.cacheKey()  # cached, not redone
    view.resize(800, 600)
    qtbot.waitUntil(lambda: view.width() == 800)
    assert view.pixmap().size().toTuple() == (800, 450)
    view.repaint()  # paints without error


def test_mirror_flips_the_picture(qtbot: QtBot) -> None:
    view = PreviewWidget()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.set_frame(halves())
    image = view.pixmap().toImage()
    y = image.height() // 2
    assert image.pixelColor(2, y) == QColor(255, 0, 0)
    assert image.pixelColor(image.width() - 3, y) == QColor(0, 0, 255)
    assert not view.mirror

    view.set_mirror(True)
    assert view.mirror
    image = view.pixmap().toImage()
    assert image.pixelColor(2, y) == QColor(0, 0, 255)
    assert image.pixelColor(image.width() - 3, y) == QColor(255, 0, 0)


def test_message_shows_without_a_frame(qtbot: QtBot) -> None:
    view = ImageView(placeholder="No photo yet")
    qtbot.addWidget(view)
    assert view.displayed_text == "No photo yet"
    assert view.pixmap().isNull()

    view.set_message("No camera found at index 0.")
    assert view.message == "No camera found at index 0."
    assert view.displayed_text == "No camera found at index 0."
    assert view.accessibleDescription() == "No camera found at index 0."
    view.show()
    qtbot.waitExposed(view)
    view.repaint()

    view.set_frame(scene_frame(64, 48))
    assert view.displayed_text == ""
    assert not view.pixmap().isNull()
    view.clear()
    assert view.frame is None
    assert view.displayed_text == "No camera found at index 0."
    view.clear_message()
    assert view.message == ""
    assert view.displayed_text == "No photo yet"
    view.set_placeholder("Press space")
    assert view.placeholder == "Press space"
    assert view.displayed_text == "Press space"


def test_message_is_painted(qtbot: QtBot) -> None:
    view = ImageView()
    qtbot.addWidget(view)
    view.resize(320, 240)
    blank = view.grab().toImage()
    view.set_message("Camera not found")
    painted = view.grab().toImage()
    assert blank.convertToFormat(QImage.Format.Format_RGB32) != painted.convertToFormat(
        QImage.Format.Format_RGB32
    )


def test_preview_widget_accessibility_and_size(qtbot: QtBot) -> None:
    view = PreviewWidget()
    qtbot.addWidget(view)
    assert view.accessibleName() == "Camera preview"
    assert view.minimumSize().toTuple() == (160, 120)
    assert view.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_click_emits_clicked(qtbot: QtBot) -> None:
    view = PreviewWidget()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.clicked, timeout=2000):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(view.clicked):
        qtbot.mouseClick(view, Qt.MouseButton.RightButton)


def test_live_preview_scales_with_the_fast_filter_and_stills_with_the_best() -> None:
    import cv2
    import numpy as np

    from camdraw.ui.frames import scaled_frame
    from camdraw.ui.preview import ImageView, PreviewWidget

    frame = (np.random.default_rng(3).random((720, 1280, 3)) * 255).astype(np.uint8)
    fast = scaled_frame(frame, 548, 515, smooth=False)
    best = scaled_frame(frame, 548, 515)
    size = (fast.shape[1], fast.shape[0])
    assert np.array_equal(fast, cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR))
    assert best.shape == fast.shape
    # The smooth path averages first: it is closer to a full INTER_AREA than plain linear is.
    area = cv2.resize(frame, size, interpolation=cv2.INTER_AREA).astype(float)
    assert np.abs(best - area).mean() < np.abs(fast - area).mean()
    assert PreviewWidget.smooth_scaling is False and ImageView.smooth_scaling is True
