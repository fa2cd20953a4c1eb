"""The list of past rounds behind the gallery's grid, with thumbnails fetched on demand.

A thumbnail is asked for only when a row is painted (by ThumbnailDelegate), so a list of
1,000 rounds makes thumbnails for the screenful on view, not for every row. Pixmaps
are kept for the most recently shown rows only; one scrolled out of that window is read again
from the thumbnail cache on disk when it comes back.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from camdraw.core.store.gallery import GalleryEntry, sort_key

KEEP_PIXMAPS = 300  # about three screens of the largest grid; ~60 MB at most

Index = QModelIndex | QPersistentModelIndex


def _descending(entry: GalleryEntry) -> tuple[float, tuple[int, ...]]:
    """A key that sorts newest first in ascending order (for bisect)."""
    timestamp, stem = sort_key(entry)
    # The trailing 1 puts "stem-2" before "stem", as a reversed string sort would.
    return -timestamp, (*(-ord(c) for c in stem), 1)


class GalleryModel(QAbstractListModel):
    """Rounds, newest first. ``request_thumbnail(picture)`` is called for rows being shown."""

    def __init__(
        self,
        request_thumbnail: Callable[[Path], None],
        parent: QObject | None = None,
        *,
        style_name: Callable[[str], str] = str,
    ) -> None:
        super().__init__(parent)
        self._request = request_thumbnail
        self._style_name = style_name  # a style id as people read it ("Watercolour")
        self._entries: list[GalleryEntry] = []
        self._keys: list[
            tuple[float, tuple[int, ...]]
        ] = []  # _descending() of each entry, ascending
        self._rows: dict[str, list[int]] | None = None  # picture path -> rows, built lazily
        self._pixmaps: OrderedDict[str, QIcon] = OrderedDict()
        self._requested: set[str] = set()
        self._unreadable: set[str] = set()
        self.loading_icon = QIcon()
        self.missing_icon = QIcon()

    # -- content -------------------------------------------------------------------------------

    def entries(self) -> list[GalleryEntry]:
        return list(self._entries)

    def entry(self, row: int) -> GalleryEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, sidecar: Path) -> int:
        for row, entry in enumerate(self._entries):
            if entry.sidecar == sidecar:
                return row
        return -1

    def add(self, entries: Iterable[GalleryEntry]) -> None:
        """Insert rounds at their place in the order (usually all at the end, in one go)."""
        new = sorted(entries, key=_descending)
        if not new:
            return
        self._rows = None
        if not self._keys or _descending(new[0]) >= self._keys[-1]:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._entries.extend(new)
            self._keys.extend(_descending(e) for e in new)
            self.endInsertRows()
            return
        for entry in new:
            key = _descending(entry)
            row = bisect.bisect_right(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._entries.insert(row, entry)
            self._keys.insert(row, key)
            self.endInsertRows()

    def remove(self, sidecar: Path) -> None:
        row = self.row_of(sidecar)
        if row < 0:
            return
        self._rows = None
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._entries[row]
        del self._keys[row]
        self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._entries.clear()
        self._keys.clear()
        self._rows = None
        self._pixmaps.clear()
        self._requested.clear()
        self._unreadable.clear()
        self.endResetModel()

    # -- thumbnails ----------------------------------------------------------------------------

    def has_thumbnail(self, row: int) -> bool:
        """Whether the row shows its final picture (a thumbnail, or the "no picture" sign)."""
        entry = self.entry(row)
        if entry is None:
            return False
        picture = entry.picture
        return picture is None or str(picture) in self._pixmaps or str(picture) in self._unreadable

    def set_thumbnail(self, key: str, image: QImage) -> None:
        """A thumbnail arrived from a worker (a null image: the picture cannot be read)."""
        self._requested.discard(key)
        if image.isNull():
            self._unreadable.add(key)
        else:
            self._pixmaps[key] = QIcon(QPixmap.fromImage(image))
            self._pixmaps.move_to_end(key)
            while len(self._pixmaps) > KEEP_PIXMAPS:
                self._pixmaps.popitem(last=False)  # asked for again if shown again
        for row in self._rows_of(key):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _rows_of(self, key: str) -> list[int]:
        if self._rows is None:
            self._rows = {}
            for row, entry in enumerate(self._entries):
                if entry.picture is not None:
                    self._rows.setdefault(str(entry.picture), []).append(row)
        return self._rows.get(key, [])

    def want_thumbnail(self, row: int) -> None:
        """The row is being painted: ask for its thumbnail unless it is here or on its way."""
        entry = self.entry(row)
        if entry is None or entry.picture is None:
            return
        key = str(entry.picture)
        if key in self._pixmaps:
            self._pixmaps.move_to_end(key)  # recently shown: kept longest
        elif key not in self._unreadable and key not in self._requested:
            self._requested.add(key)
            self._request(entry.picture)

    def _icon(self, entry: GalleryEntry) -> QIcon:
        if entry.picture is None:
            return self.missing_icon
        key = str(entry.picture)
        icon = self._pixmaps.get(key)
        if icon is not None:
            return icon
        return self.missing_icon if key in self._unreadable else self.loading_icon

    # -- Qt ------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self.date_text(entry)}\n{self.caption(entry)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.date_text(entry)}, {self.caption(entry)}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return entry.description or self.status_text(entry)
        return None

    # -- words ---------------------------------------------------------------------------------

    def date_text(self, entry: GalleryEntry) -> str:
        moment = QDateTime.fromMSecsSinceEpoch(round(entry.timestamp * 1000))
        return QLocale().toString(moment, QLocale.FormatType.ShortFormat)

    def caption(self, entry: GalleryEntry) -> str:
        """The style, or the status when there is something to say about it."""
        parts = []
        if entry.status != "done":
            parts.append(self.status_text(entry))
        if entry.style:
            parts.append(self._style_name(entry.style))
        if entry.offline:
            parts.append(self.tr("offline demo"))
        return " · ".join(parts) or self.tr("No style")

    def status_text(self, entry: GalleryEntry) -> str:
        texts = {
            "done": self.tr("Done"),
            "failed": self.tr("Failed"),
            "blocked": self.tr("Declined"),
            "incomplete": self.tr("Not finished"),
            "damaged": self.tr("Record damaged"),
        }
        return texts.get(entry.status, entry.status)


class ThumbnailDelegate(QStyledItemDelegate):
    """Paints a row and, only then, asks the model for its thumbnail.

    The view also reads a row's picture when it is not painted (to measure it, or for the
    last row of each inserted batch), so the request cannot live in ``data()``.
    """

    def __init__(self, model: GalleryModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self._model.want_thumbnail(index.row())
        super().paint(painter, option, index)
