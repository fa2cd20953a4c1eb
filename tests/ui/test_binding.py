"""The Qt binding must not leak or drop references to Python's singletons.

PySide6 6.12.0 dropped a reference to None on every void Qt call; at the preview's frame rate an
idle window on Python 3.11 aborted within minutes ("Fatal Python error: none_dealloc"). This
guards the pinned version (and any future one) against that class of bug.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_void_qt_calls_keep_none_and_bool_reference_counts(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        widget.update()
        widget.setVisible(False)
        widget.isVisible()
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    # A few references may come and go around the loop; a binding bug loses thousands.
    assert all(abs(a - b) < 100 for a, b in zip(after, before, strict=True)), (before, after)
