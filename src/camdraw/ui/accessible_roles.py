"""Accessible roles Qt cannot guess: the picture panes are images, a banner's problem an alert.

Qt gives a plain ``QWidget`` the role "client" (AT-SPI "filler") and a ``QFrame`` a panel; a
widget's accessible name and description can be set, its role cannot. Qt asks its interface
factories for each class of a widget, most derived first, the factory installed last first
(``QAccessible.installFactory``, which PySide6 takes a Python callable for). Ours answers for
the classes that ``with_role`` marked, with a ``QAccessibleWidget`` of that role: the name,
description, state and children stay the widget's own, and ``setAccessibleName`` /
``setAccessibleDescription`` still tell the screen reader of a change.

The factory also gives a toolbar's separator (Qt's private ``QToolBarSeparator``, otherwise a
nameless filler) the separator role screen readers pass over.

Graphic is UI Automation's Image and AT-SPI's "image"; AlertMessage is AT-SPI's "alert"
(Orca reads an alert's text when it appears). Qt caches one interface per widget and deletes it
with the widget; PySide6 keeps a small spent Python wrapper of each one, so this is for widgets
there are few of (three panes, a banner row per message).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget

W = TypeVar("W", bound=type[QWidget])

# A widget class's Qt class name -> its role; to start with, Qt's own classes it leaves a
# nameless "filler": a toolbar's separator line is a separator (as it is in a menu).
_ROLES: dict[str, QAccessible.Role] = {"QToolBarSeparator": QAccessible.Role.Separator}
_installed = False


def _factory(class_name: str, obj: QObject) -> QAccessibleInterface | None:
    role = _ROLES.get(class_name)
    if role is None or not isinstance(obj, QWidget):
        return None
    return QAccessibleWidget(obj, role)


def install() -> None:
    """Put the factory in place (once; ``with_role`` does it)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def with_role(role: QAccessible.Role) -> Callable[[W], W]:
    """Class decorator: the class's widgets, and its subclasses', have ``role``."""

    def mark(cls: W) -> W:
        _ROLES[cls.staticMetaObject.className()] = role
        install()
        return cls

    return mark
