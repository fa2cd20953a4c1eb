"""The README's key table and the window's menus must not drift apart."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QKeySequence

from camdraw.ui.menus import menu_actions

README = Path(__file__).resolve().parents[2] / "README.md"
# Qt's name → the README's: the main keyboard's Enter key is Qt's Return (Enter is the keypad's).
ALIASES = {"Return": "Enter"}


def readme_keys() -> set[str]:
    """Every key named in the first column of the README's "Using it" table."""
    section = README.read_text(encoding="utf-8").split("## Using it", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith(("| Key", "| ---")):
            first = line.split("|")[1].strip()
            keys |= {k.strip() for k in re.split(r", | or ", first) if k.strip()}
    return keys


def test_every_shortcut_of_the_window_is_in_the_readme(make_window) -> None:
    window = make_window()
    documented = readme_keys()
    missing = []
    for menu, action in menu_actions(window.menuBar()):
        for sequence in action.shortcuts():
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            key = ALIASES.get(key, key)
            if key not in documented:
                missing.append(f"{menu} → {action.text()}: {key}")
    assert not missing, "add these to README.md's key table: " + "; ".join(missing)
    assert len(documented) > 15
