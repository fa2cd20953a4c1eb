"""Widgets that show a BGR frame: the live preview, and the photo and painting panes.

A new frame is scaled once (OpenCV resize to the on-screen size, see ``frames``) and the
pixmap is cached; ``paintEvent`` only draws it, centred on the palette's window colour (so
high-contrast themes keep their contrast). Without a
frame the widget shows its message, or else its placeholder, centred and word-wrapped.

To a screen reader each is an image (``accessible_roles``) whose description says what it
shows: the text on screen while there is no picture, else what its owner says of the picture
(``set_picture_description``); the preview names its camera and whether it has a picture. The
description is set only when that changes, never per frame (Qt tells a change itself).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAccessible, QMouseEvent, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from camdraw.ui.accessible_roles import with_role
from camdraw.ui.contrast import draw_focus_frame
from camdraw.ui.frames import scaled_pixmap

TEXT_MARGIN = 16
MINIMUM_SIZE = QSize(160, 120)  # three panes fit 800 logical pixels (200 % on 1600)


@with_role(QAccessible.Role.Graphic)
class ImageView(QWidget):
    """Shows a BGR numpy frame scaled to fit (aspect kept), or a message when there is none."""

    smooth_scaling = True  # a still picture is scaled once: take the best filter

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        accessible_name: str = "Image",
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        self._frame: np.ndarray | None = None
        self._message = ""
        self._placeholder = placeholder
        self._picture_description = ""
        self._mirror = False
        self._pixmap = QPixmap()
        self._pixmap_key: tuple[int, int, float, bool] | None = None
        self.setAccessibleName(accessible_name)
        self.setMinimumSize(MINIMUM_SIZE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # we fill every pixel
        self._update_description()

    # -- content -------------------------------------------------------------------------------

    @property
    def frame(self) -> np.ndarray | None:
        """The frame being shown, at full resolution (do not modify it)."""
        return self._frame

    def set_frame(self, frame: np.ndarray | None) -> None:
        """Show ``frame`` (BGR uint8, not modified afterwards); None shows the message again."""
        had_frame = self._frame is not None
        self._frame = frame
        self._pixmap_key = None  # rescale at the next paint
        if had_frame != (frame is not None):
            self._update_description()
        self.update()

    def clear(self) -> None:
        """Remove the frame (the message or placeholder shows)."""
        self.set_frame(None)

    @property
    def message(self) -> str:
        return self._message

    def set_message(self, text: str) -> None:
        """A message shown centred when there is no frame, e.g. "No camera found"."""
        self._message = text
        self._update_description()
        self.update()

    def clear_message(self) -> None:
        self.set_message("")

    @property
    def placeholder(self) -> str:
        return self._placeholder

    def set_placeholder(self, text: str) -> None:
        """The text for the empty state, shown when there is neither frame nor message."""
        self._placeholder = text
        self._update_description()
        self.update()

    def set_picture_description(self, text: str) -> None:
        """What the accessible description says while a picture is shown ("Painting of: …")."""
        self._picture_description = text
        self._update_description()

    @property
    def displayed_text(self) -> str:
        """The text on screen right now ("" while a frame is shown)."""
        if self._frame is not None:
            return ""
        return self._message or self._placeholder

    def pixmap(self) -> QPixmap:
        """The cached, scaled pixmap for the current frame and size (null without a frame)."""
        self._ensure_pixmap()
        return self._pixmap

    # -- Qt ------------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            palette = self.palette()
            painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window))
            self._ensure_pixmap()
            if not self._pixmap.isNull():
                size = self._pixmap.deviceIndependentSize().toSize()
                target = QRect(0, 0, size.width(), size.height())
                target.moveCenter(self.rect().center())
                painter.drawPixmap(target.topLeft(), self._pixmap)
                return  # the focus frame is drawn on the way out
            text = self.displayed_text
            if text:
                painter.setPen(palette.color(QPalette.ColorRole.WindowText))
                area = self.rect().adjusted(TEXT_MARGIN, TEXT_MARGIN, -TEXT_MARGIN, -TEXT_MARGIN)
                flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
                painter.drawText(area, int(flags), text)
        finally:
            if self.hasFocus():
                draw_focus_frame(painter, self.rect(), palette)
            painter.end()

    # -- helpers -------------------------------------------------------------------------------

    def _ensure_pixmap(self) -> None:
        """Scale the frame if it, the size, the pixel ratio or the mirroring changed."""
        if self._frame is None:
            self._pixmap = QPixmap()
            self._pixmap_key = None
            return
        key = (self.width(), self.height(), self.devicePixelRatioF(), self._mirror)
        if key == self._pixmap_key:
            return
        width, height, ratio, mirror = key
        self._pixmap = scaled_pixmap(
            self._frame,
            width,
            height,
            mirror=mirror,
            device_pixel_ratio=ratio,
            smooth=self.smooth_scaling,
        )
        self._pixmap_key = key

    def _update_description(self) -> None:
        self.setAccessibleDescription(self.describe())

    def describe(self) -> str:
        """The accessible description for what is shown now."""
        if self._frame is not None:
            return self._picture_description
        return self.displayed_text


class PreviewWidget(ImageView):
    """The live camera preview: can be mirrored, and says when it is clicked."""

    clicked = Signal()
    smooth_scaling = False  # 30 frames a second on the GUI thread: the fast filter

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        self._camera = ""
        super().__init__(parent, accessible_name="Camera preview", placeholder=placeholder)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_camera(self, name: str) -> None:
        """Which camera this is, for people ("Camera 0", a file's name, a stream's host)."""
        self._camera = name
        self._update_description()

    def describe(self) -> str:
        if not self._camera:
            return super().describe()
        if self._frame is not None:
            showing = QCoreApplication.translate("MainWindow", "{camera}, showing a live picture")
            return showing.format(camera=self._camera)
        shown = self.displayed_text
        if shown:
            return QCoreApplication.translate("MainWindow", "{camera}, no picture: {text}").format(
                camera=self._camera, text=shown
            )
        return QCoreApplication.translate("MainWindow", "{camera}, no picture").format(
            camera=self._camera
        )

    @property
    def mirror(self) -> bool:
        """Whether the picture is flipped left-right on screen (like a mirror)."""
        return self._mirror

    def set_mirror(self, mirror: bool) -> None:
        if mirror != self._mirror:
            self._mirror = mirror
            self._pixmap_key = None
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            event.accept()
            self.clicked.emit()
            return
        super().mouseReleaseEvent(event)
