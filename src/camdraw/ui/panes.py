"""The main window's panes: messages, camera | photo | painting with their headings (Alt + the
underlined letter moves to a picture), and the description under them.

One widget that owns its children and shows what it is given through its slots; the window
connects the round's signals to them. Every child gets an accessible name; colours come from
the palette; sizes follow the font. The strings keep the "MainWindow" translation context.

The pictures are images to a screen reader; once the round's description is complete the
photo's accessible description is that description, and the painting's says what it paints and
in which style ("Painting of: … (Watercolour)", the style as its caption shows it). Not while
the description streams in: one change, one event.
"""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from camdraw.ui.banner import Banner
from camdraw.ui.inner_names import name_inner_parts
from camdraw.ui.preview import ImageView, PreviewWidget
from camdraw.ui.readable_text import make_readable, set_text_language
from camdraw.ui.shown_label import ShownTextLabel


class PanesWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(QCoreApplication.translate("MainWindow", "camdraw"))
        outer = QVBoxLayout(self)
        self.banner = Banner()
        self.banner.setAccessibleName(QCoreApplication.translate("MainWindow", "Messages"))
        outer.addWidget(self.banner)
        self.preview = PreviewWidget(
            placeholder=QCoreApplication.translate("MainWindow", "Starting the camera…")
        )
        self.preview.setAccessibleName(QCoreApplication.translate("MainWindow", "Camera preview"))
        self.photo_view = ImageView(
            placeholder=QCoreApplication.translate("MainWindow", "The photo appears here.")
        )
        self.photo_view.setAccessibleName(QCoreApplication.translate("MainWindow", "Photo"))
        self.painting_view = ImageView(
            placeholder=QCoreApplication.translate(
                "MainWindow", "Press Space to take a photo and paint it."
            )
        )
        self.painting_view.setAccessibleName(QCoreApplication.translate("MainWindow", "Painting"))
        self.painting_caption = ShownTextLabel(
            QCoreApplication.translate("MainWindow", "Painting style")
        )
        self._scene = ""  # the round's complete description
        self._style = ""  # the painting's style caption
        self.headings: list[QLabel] = []
        panes = QHBoxLayout()
        for title, view, stretch in (
            (QCoreApplication.translate("MainWindow", "C&amera"), self.preview, 4),
            (QCoreApplication.translate("MainWindow", "Ph&oto"), self.photo_view, 3),
            (QCoreApplication.translate("MainWindow", "&Painting"), self.painting_view, 3),
        ):
            panes.addLayout(self._column(title, view), stretch)
        outer.addLayout(panes, 1)
        description_heading = QLabel(QCoreApplication.translate("MainWindow", "&Description"))
        outer.addWidget(description_heading)
        self.description = QTextBrowser()
        self.description.setAccessibleName(QCoreApplication.translate("MainWindow", "Description"))
        self.description.setPlaceholderText(
            QCoreApplication.translate("MainWindow", "The description of the photo appears here.")
        )
        make_readable(self.description)
        description_heading.setBuddy(self.description)
        self.description.setMaximumHeight(150 * max(1, round(self.logicalDpiY() / 96)))
        font = self.description.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.description.setFont(font)
        outer.addWidget(self.description)
        name_inner_parts(self)

    def _column(self, title: str, view: QWidget) -> QVBoxLayout:
        column = QVBoxLayout()
        heading = QLabel(title)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setBuddy(view)  # Alt + the underlined letter moves to the picture
        self.headings.append(heading)
        row = QHBoxLayout()
        row.addWidget(heading)
        if view is self.painting_view:
            row.addWidget(self.painting_caption, 1)
        else:
            row.addStretch(1)
        column.addLayout(row)
        column.addWidget(view, 1)
        return column

    def add_below(self, widget: QWidget) -> None:
        """A part of the window under the description (the questions about the photo)."""
        layout = self.layout()
        assert layout is not None
        layout.addWidget(widget)

    def set_tab_order(self, last: QWidget) -> None:
        """Keyboard order follows the eye: the pictures, the description, then ``last`` (the
        status line)."""
        chain = [self.preview, self.photo_view, self.painting_view, self.description, last]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- what the round shows -----------------------------------------------------------------

    @Slot(object)
    def show_photo(self, frame: np.ndarray | None) -> None:
        self.photo_view.set_frame(frame)

    @Slot(object)
    def show_painting(self, image: np.ndarray | None) -> None:
        self.painting_view.set_frame(image)

    @Slot(str)
    def set_painting_placeholder(self, text: str) -> None:
        self.painting_view.set_placeholder(text)

    @Slot(str)
    def set_caption(self, text: str) -> None:
        """The painting's style next to its heading; screen readers get it with the picture."""
        self.painting_caption.setText(f"({text})" if text else "")
        self._style = text
        self._describe_pictures()

    @Slot(str)
    def set_scene(self, text: str) -> None:
        """The round's complete description: what the photo shows and the painting paints."""
        self._scene = text
        self._describe_pictures()

    def _describe_pictures(self) -> None:
        self.photo_view.set_picture_description(self._scene)
        parts = []
        if self._scene:
            parts.append(
                QCoreApplication.translate("MainWindow", "Painting of: {description}").format(
                    description=self._scene
                )
            )
        if self._style:
            parts.append(f"({self._style})")  # as the caption shows it
        self.painting_view.set_picture_description(" ".join(parts))

    def set_description_language(self, language: str) -> None:
        """Mark the description with its language (a BCP 47 code such as "cs" or "en-GB")."""
        set_text_language(self.description, language)

    @Slot(str)
    def set_description(self, text: str) -> None:
        """The description as it streams in; "" clears it, and what the pictures said of it."""
        if text:
            self.description.setPlainText(text)
        else:
            self.description.clear()
            self.set_scene("")
