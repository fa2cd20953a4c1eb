"""The gallery's grid of past rounds: thumbnails laid out for thousands of rows.

The grid measures one row (uniform sizes) and lays rows out in batches, so a folder of 1,000
rounds fills without freezing the window; it knows which rows are on screen, which is all the
thumbnail workers need to be asked for.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QWidget

from camdraw.ui.gallery_model import GalleryModel, ThumbnailDelegate


class RoundGrid(QListView):
    """A ``GalleryModel`` as a grid of thumbnails with captions; ``em`` sizes the cells."""

    def __init__(self, model: GalleryModel, em: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        # Uniform sizes: laying out 1,000 rows measures one row, not 1,000. Batched layout
        # keeps the GUI responsive while rows arrive.
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setModel(model)
        self.setItemDelegate(ThumbnailDelegate(model, self))
        icon = QSize(em * 8, em * 6)
        self.setIconSize(icon)
        self.setGridSize(QSize(icon.width() + em * 2, icon.height() + em * 4))
        self.setSpacing(em // 4)
        self._set_placeholders(icon)

    def visible_rows(self) -> list[int]:
        """The rows shown right now (wholly or in part)."""
        area = self.viewport().rect()
        count = self._model.rowCount()

        def rect(row: int) -> QRect:
            return self.visualRect(self._model.index(row))

        # Rows run left to right, then down: their tops never decrease, so the first row on
        # screen is found by bisection. A row not laid out yet (batched layout) has no rect.
        row = bisect.bisect_left(
            range(count), True, key=lambda r: not rect(r).isValid() or rect(r).bottom() >= 0
        )
        rows = []
        while row < count:
            box = rect(row)
            if not box.isValid() or box.top() > area.bottom():
                break
            if box.intersects(area):
                rows.append(row)
            row += 1
        return rows

    def screen_ready(self) -> bool:
        """Every row on screen shows its thumbnail (or the sign that it has no picture)."""
        rows = self.visible_rows()
        return bool(rows) and all(self._model.has_thumbnail(row) for row in rows)

    def _set_placeholders(self, size: QSize) -> None:
        loading = QPixmap(size)
        loading.fill(self.palette().color(QPalette.ColorRole.Midlight))
        self._model.loading_icon = QIcon(loading)
        self._model.missing_icon = self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning
        )
