"""The core's gettext catalogues: read as text, chosen without Qt, numbers in the locale."""

from pathlib import Path

import pytest

from camdraw.core import i18n

PO = r"""
msgid ""
msgstr ""
"Plural-Forms: nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;\n"

#: limits.py:1
msgid "Wait {seconds}."
msgstr "Počkejte {seconds}."

msgid ""
"Two "
"lines"
msgstr ""
"Dva "
"řádky \"uvozené\""

#, fuzzy
msgid "Not yet"
msgstr "Ještě ne"

msgid "Empty"
msgstr ""

msgid "{n} round"
msgid_plural "{n} rounds"
msgstr[0] "{n} kolo"
msgstr[1] "{n} kola"
msgstr[2] "{n} kol"
"""


def test_parse_po_reads_entries_continuations_and_plurals() -> None:
    entries = i18n.parse_po(PO)
    assert entries["Wait {seconds}."] == ["Počkejte {seconds}."]
    assert entries["Two lines"] == ['Dva řádky "uvozené"']
    assert entries["{n} round"] == ["{n} kolo", "{n} kola", "{n} kol"]
    assert "Not yet" not in entries  # fuzzy is not a translation yet
    assert "Empty" not in entries and "" not in entries


def test_translates_in_the_chosen_language_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(i18n._catalogues, "cs", i18n.parse_po(PO))
    assert i18n._("Wait {seconds}.") == "Wait {seconds}."  # English until told
    assert i18n.set_language("cs") == "cs"
    assert i18n._("Wait {seconds}.").format(seconds=i18n.format_seconds(0.8)) == "Počkejte 0,8 s."
    assert i18n._("No such message") == "No such message"
    counts = [i18n.ngettext("{n} round", "{n} rounds", n).format(n=n) for n in (1, 3, 5)]
    assert counts == ["1 kolo", "3 kola", "5 kol"]
    i18n.set_language("en")
    assert i18n.ngettext("{n} round", "{n} rounds", 5).format(n=5) == "5 rounds"
    assert i18n.set_language("de") == "en"  # a language camdraw does not have


def test_numbers_follow_the_language() -> None:
    assert i18n.format_seconds(0.84) == "0.8 s"
    assert i18n.format_seconds(12.4) == "12 s"
    i18n.set_language("cs")
    assert i18n.format_number(1234.5, 2) == "1234,50"
    assert i18n.format_number(0.25, None) == "0,25" and i18n.format_number(5.0, None) == "5"
    assert i18n.format_seconds(0.84) == "0,8 s"


def test_choose_follows_the_setting_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "cs_CZ.UTF-8")
    assert i18n.choose("") == "cs"
    assert i18n.choose("en") == "en"
    monkeypatch.setenv("LANGUAGE", "de:en")
    assert i18n.choose("") == "en"
    monkeypatch.setenv("LANGUAGE", "C")
    monkeypatch.delenv("LANG")
    assert i18n.choose("") == "en"


def test_the_shipped_catalogue_is_found_and_parses() -> None:
    files = i18n.catalogue_files("cs")
    assert files and all(f.suffix == ".po" for f in files)
    for file in files:
        i18n.parse_po(file.read_text(encoding="utf-8"))  # raises on a malformed line


def test_messages_in_finds_marked_messages(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        'A = N_("Constant.")\n'
        'def f(n):\n    return _("Said {x}.").format(x=1) + ngettext("{n} a", "{n} b", n)\n'
        'print("not marked")\n'
    )
    assert set(i18n.messages_in([source])) == {"Constant.", "Said {x}.", "{n} a"}
