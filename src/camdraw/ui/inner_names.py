"""Names for the parts Qt builds inside controls, which screen readers otherwise meet as
unnamed nodes: the list a combo box opens, the text box inside a combo or spin box, the scroll
bars of text boxes and lists, the toolbar's overflow button (shown when the toolbar does not
fit, e.g. at 200 % scale)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

OVERFLOW_BUTTON = "qt_toolbar_ext_button"  # Qt's object name for the toolbar's » button


def name_inner_parts(root: QWidget) -> None:
    """Name every combo box's list, scroll bar and toolbar overflow button under ``root`` (and
    ``root`` itself) after the control it belongs to; call once the controls are named."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        owner = widget.accessibleName() or widget.windowTitle()
        if isinstance(widget, QComboBox) and widget.view() is not None:
            widget.view().setAccessibleName(
                QCoreApplication.translate("InnerNames", "{control} choices").format(control=owner)
            )
        if isinstance(widget, (QComboBox, QAbstractSpinBox)):
            for edit in widget.findChildren(QLineEdit):  # the text box typed into: the control
                edit.setAccessibleName(owner)
        if isinstance(widget, QAbstractScrollArea):
            for bar, text in (
                (
                    widget.verticalScrollBar(),
                    QCoreApplication.translate("InnerNames", "{control} vertical scroll bar"),
                ),
                (
                    widget.horizontalScrollBar(),
                    QCoreApplication.translate("InnerNames", "{control} horizontal scroll bar"),
                ),
            ):
                bar.setAccessibleName(text.format(control=owner))
        if isinstance(widget, QToolBar):
            button = widget.findChild(QToolButton, OVERFLOW_BUTTON)
            if button is not None:
                button.setAccessibleName(QCoreApplication.translate("InnerNames", "More tools"))
                button.setAccessibleDescription(
                    QCoreApplication.translate(
                        "InnerNames", "The toolbar's commands that do not fit on the screen."
                    )
                )
