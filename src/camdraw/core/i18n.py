"""The core's messages in the interface language, without Qt (gettext catalogues).

English is the source language: every message is written in English in the code and marked
with ``_()`` (translated where it is used) or ``N_()`` (a constant made at import time, translated
later with ``_(CONSTANT)``). The Czech texts are gettext catalogues, ``resources/i18n/cs/*.po``
(one file per area, all loaded), read here as text: nothing to compile, nothing generated in git.
The Qt layer keeps its own ``.ts`` files; it tells this module the language it chose
(``set_language``), and the command line chooses the same way (``choose``).

Messages with values use named fields, filled after translation:
``_("Done in {seconds}.").format(seconds=format_seconds(0.8))`` -> "Hotovo za 0,8 s."
"""

from __future__ import annotations

import ast
import logging
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from camdraw.core import paths

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
LANGUAGES = ("cs", "en")

# Plural rules (gettext's Plural-Forms, as Python): the index of the form for n.
_PLURALS: dict[str, Callable[[int], int]] = {
    "en": lambda n: 0 if n == 1 else 1,
    "cs": lambda n: 0 if n == 1 else (1 if 2 <= n <= 4 else 2),
}
_DECIMAL_COMMA = {"cs"}

_language = SOURCE_LANGUAGE
_catalogues: dict[str, dict[str, list[str]]] = {}  # language -> msgid -> msgstr forms


def N_(message: str) -> str:
    """Mark a message for translation without translating it (constants made at import)."""
    return message


def _(message: str) -> str:
    """``message`` in the interface language (itself when there is no translation)."""
    if _language == SOURCE_LANGUAGE:
        return message
    forms = catalogue(_language).get(message)
    return forms[0] if forms and forms[0] else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the interface language."""
    if _language != SOURCE_LANGUAGE:
        forms = catalogue(_language).get(singular)
        if forms:
            index = min(_PLURALS.get(_language, _PLURALS["en"])(n), len(forms) - 1)
            if forms[index]:
                return forms[index]
    return singular if n == 1 else plural


def set_language(code: str) -> str:
    """Use ``code`` (cs or en) for core messages from now on; return the code in use."""
    global _language
    _language = code if code in LANGUAGES else SOURCE_LANGUAGE
    return _language


def language() -> str:
    """The language core messages are in now."""
    return _language


def choose(ui_language: str = "") -> str:
    """The interface language without Qt (the command line): the setting when it names one,
    else the first of the user's preferred languages camdraw has, else English."""
    if ui_language in LANGUAGES:
        return ui_language
    for name in _preferred_languages():
        code = name.replace("_", "-").split("-")[0].split(".")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def _preferred_languages() -> list[str]:
    names: list[str] = []
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            names += value.split(":")
            break
    if sys.platform == "win32":  # pragma: no cover - Windows only
        try:
            import ctypes
            import locale

            lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
            names.append(locale.windows_locale.get(lang_id, ""))
        except (AttributeError, OSError):
            pass
    return [name for name in names if name and name not in ("C", "POSIX")]


# --- numbers and times ---------------------------------------------------------------------


def format_number(value: float, decimals: int | None = 1) -> str:
    """``value`` with the interface language's decimal mark: 0.8 (en), 0,8 (cs).
    ``decimals=None``: as few as it needs (5, 0.25: Python's ``g`` format)."""
    text = f"{value:g}" if decimals is None else f"{value:.{decimals}f}"
    return text.replace(".", ",") if _language in _DECIMAL_COMMA else text


def format_seconds(seconds: float) -> str:
    """A duration as people read it: "0.8 s" / "0,8 s"; whole seconds from 10 s on."""
    return f"{format_number(seconds, 0 if seconds >= 10 else 1)} s"


# --- catalogues ------------------------------------------------------------------------------


def catalogue(code: str) -> dict[str, list[str]]:
    """Every translation for ``code``: msgid -> its forms (one unless the message has plurals)."""
    if code not in _catalogues:
        merged: dict[str, list[str]] = {}
        for file in catalogue_files(code):
            try:
                merged.update(parse_po(file.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, ValueError) as error:
                log.warning("translation file %s unreadable: %s", file.name, error)
        _catalogues[code] = merged
    return _catalogues[code]


def catalogue_files(code: str) -> list[Path]:
    """The ``.po`` files of ``code`` (checkout or bundled app)."""
    marker = paths.resource_path(f"i18n/{code}/core.po")
    folder = marker.parent if marker is not None else None
    return sorted(folder.glob("*.po")) if folder is not None else []


def parse_po(text: str) -> dict[str, list[str]]:
    """A gettext ``.po`` file's translations: msgid -> msgstr forms. Fuzzy and empty entries
    are left out (they are not translations yet)."""
    entries: dict[str, list[str]] = {}
    msgid: list[str] | None = None
    forms: dict[int, list[str]] = {}
    current: list[str] | None = None
    fuzzy = False

    def finish() -> None:
        nonlocal msgid, forms, current, fuzzy
        if msgid is not None:
            key = "".join(msgid)
            values = ["".join(forms[i]) for i in sorted(forms)]
            if key and not fuzzy and any(values):
                entries[key] = values
        msgid, forms, current, fuzzy = None, {}, None, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,") and "fuzzy" in line:
            finish()
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural"):
            current = []  # the English plural is not needed to look a message up
        elif line.startswith("msgid"):
            if msgid is not None:  # entries not separated by a blank line
                finish()
            msgid = [_unquote(line[len("msgid") :])]
            current = msgid
        elif line.startswith("msgstr["):
            index = int(line[len("msgstr[") : line.index("]")])
            forms[index] = [_unquote(line[line.index("]") + 1 :])]
            current = forms[index]
        elif line.startswith("msgstr"):
            forms[0] = [_unquote(line[len("msgstr") :])]
            current = forms[0]
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
        else:
            raise ValueError(f"not a .po line: {line[:40]!r}")
    finish()
    return entries


def _unquote(text: str) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        raise ValueError(f"not a quoted string: {text[:40]!r}")
    value = ast.literal_eval(text)
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def messages_in(sources: Iterable[Path]) -> dict[str, str]:
    """Every message marked with ``_``, ``N_`` or ``ngettext`` in ``sources``: msgid -> where
    (file:line). For the translation check and ``scripts/translations.py``."""
    found: dict[str, str] = {}
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in ("_", "N_", "ngettext") or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{source.name}:{node.lineno}")
    return found
