"""Mnemonics read from a text's ampersand, so a list of keys follows the texts it is bound by."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence


def mnemonic_key(text: str) -> str:
    """The key the ``&`` in ``text`` binds (such as "Alt+Y"), as the platform writes it; "" if
    none."""
    return QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.NativeText)


def without_mnemonic(text: str) -> str:
    """``text`` as read: no mnemonic ampersand, no trailing colon or ellipsis."""
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return plain.rstrip("…").rstrip(".").rstrip(":").strip()


def mnemonic_row(text: str, where: str, *, goes_to: bool = False) -> tuple[str, str, str]:
    """A row for Help: (keys, what they do, where) for the control whose text is ``text``; a
    label's mnemonic (``goes_to``) moves to the control it names."""
    name = without_mnemonic(text)
    if goes_to:
        name = QCoreApplication.translate("Help", "Go to {name}").format(name=name)
    return mnemonic_key(text), name, where
