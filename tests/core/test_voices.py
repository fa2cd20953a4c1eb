"""Voice choice over espeak-like, SAPI-like and OneCore-like voice lists (no engine needed)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from camdraw.core.speech.voices import (
    ONECORE_VOICES_KEY,
    VoiceInfo,
    choose_voice,
    language_display_name,
    lcid_to_language,
    normalize_language,
    onecore_voices,
    voice_info,
)
from tests.core.sapi_stand_ins import FakeToken

ESPEAK = [
    VoiceInfo("gmw/en-029", "English (Caribbean)", ("en-029",)),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",)),
    VoiceInfo("gmw/en-us", "English (America)", ("en-us",)),
    VoiceInfo("ccs/ka", "Georgian", ("ka",)),
    VoiceInfo("zlw/sk", "Slovak", ("sk",)),
    VoiceInfo("zlw/cs", "Czech", ("cs",)),
]

SAPI_KEY = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\"
ZIRA = VoiceInfo(SAPI_KEY + "TTS_MS_EN-US_ZIRA_11.0", "Microsoft Zira Desktop", ())
DAVID = VoiceInfo(SAPI_KEY + "TTS_MS_EN-US_DAVID_11.0", "Microsoft David Desktop", ())
JAKUB_SAPI = VoiceInfo(SAPI_KEY + "TTS_MS_CS-CZ_JAKUB_11.0", "Microsoft Jakub", ())


class BrokenToken(FakeToken):
    def GetAttribute(self, name: str) -> str:
        raise OSError("registry value unreadable")


class FakeCategory:
    """Stands in for SAPI.SpObjectTokenCategory (comtypes spelling: SetId)."""

    def __init__(self, tokens: list[Any]) -> None:
        self.tokens = tokens
        self.category_id = ""

    def SetId(self, category_id: str, create: bool) -> None:
        self.category_id = category_id

    def EnumerateTokens(self) -> list[Any]:
        return self.tokens


ONECORE_PREFIX = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech_OneCore\\Voices\\Tokens\\"
JAKUB_TOKEN = FakeToken(ONECORE_PREFIX + "MSTTS_V110_csCZ_JakubM", "Microsoft Jakub", "405")
MARK_TOKEN = FakeToken(ONECORE_PREFIX + "MSTTS_V110_enUS_MarkM", "Microsoft Mark", "409")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("405", "cs"),
        ("0405", "cs"),
        ("0x405", "cs"),
        ("1029", "cs"),
        ("405;409", "cs"),
        ("409", "en-US"),
        ("809", "en-GB"),
        ("407", "de"),
        ("41b", "sk"),
        ("41B", "sk"),
        ("40c", "fr"),
        ("c0a", "es"),
        ("415", "pl"),
        ("", ""),
        ("fff", ""),
        ("cs", ""),
    ],
)
def test_lcid_to_language(value: str, expected: str) -> None:
    assert lcid_to_language(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("cs", "cs"),
        ("cs-CZ", "cs-cz"),
        ("cs_CZ", "cs-cz"),
        ("cs_CZ.UTF-8", "cs-cz"),
        (b"\x05cs", "cs"),
        ("\x05cs", "cs"),
        ("405", "cs"),
        ("1029", "cs"),
        ("Unknown Locale: 1029", ""),
        ("", ""),
    ],
)
def test_normalize_language(value: str | bytes, expected: str) -> None:
    assert normalize_language(value) == expected


def test_espeak_voices_czech_by_declared_language() -> None:
    assert choose_voice(ESPEAK, "cs") == ESPEAK[-1]
    assert choose_voice(ESPEAK, "cs-CZ") == ESPEAK[-1]
    assert choose_voice(ESPEAK, "cs_CZ") == ESPEAK[-1]
    assert choose_voice(ESPEAK, "405") == ESPEAK[-1]


def test_exact_region_beats_other_regions() -> None:
    assert choose_voice(ESPEAK, "en-GB") == ESPEAK[1]
    assert choose_voice(ESPEAK, "en-us") == ESPEAK[2]
    # No region asked for: the usual one, not whichever is listed first.
    assert choose_voice(ESPEAK, "en") == ESPEAK[2]


def test_espeak_id_is_enough_without_languages() -> None:
    voices = [VoiceInfo("gmw/en", "English", ()), VoiceInfo("zlw/cs", "zlw/cs", ())]
    assert choose_voice(voices, "cs") == voices[1]


def test_no_voice_for_language() -> None:
    assert choose_voice(ESPEAK, "xx") is None
    assert choose_voice(ESPEAK, "") is None
    assert choose_voice([], "cs") is None
    assert choose_voice([ZIRA, DAVID], "cs") is None


def test_sapi_voices_with_empty_languages_matched_by_id() -> None:
    voices = [ZIRA, DAVID, JAKUB_SAPI]
    assert choose_voice(voices, "en-US") == ZIRA
    assert choose_voice(voices, "cs") == JAKUB_SAPI


def test_sapi_voice_matched_by_language_name() -> None:
    voices = [
        VoiceInfo("token-1", "Microsoft Hedda - German", ()),
        VoiceInfo("token-2", "Microsoft Jakub - Czech (Czech Republic)", ()),
    ]
    assert choose_voice(voices, "cs") == voices[1]
    assert choose_voice(voices, "de") == voices[0]


def test_declared_language_beats_guess_from_name() -> None:
    guessed = VoiceInfo("token-1", "Czech-ish", ())
    declared = VoiceInfo("token-2", "Jakub", ("cs-CZ",))
    assert choose_voice([guessed, declared], "cs") == declared


def test_preferred_voice_wins_by_id_or_name() -> None:
    assert choose_voice(ESPEAK, "cs", preferred="gmw/en") == ESPEAK[1]
    assert choose_voice(ESPEAK, "cs", preferred="SLOVAK") == ESPEAK[4]
    # Not installed: fall back to the language.
    assert choose_voice(ESPEAK, "cs", preferred="Microsoft Jakub") == ESPEAK[-1]


def test_ties_are_deterministic_first_listed_wins() -> None:
    first = VoiceInfo("a", "A", ("cs",))
    second = VoiceInfo("b", "B", ("cs",), source="onecore")
    assert choose_voice([first, second], "cs") == first
    assert choose_voice([second, first], "cs") == second


def test_onecore_voices_from_fake_category() -> None:
    category = FakeCategory([MARK_TOKEN, BrokenToken("x", "Broken", "405"), JAKUB_TOKEN])
    found = onecore_voices(lambda: category)
    assert category.category_id == ONECORE_VOICES_KEY
    assert [info for info, _ in found] == [
        VoiceInfo(MARK_TOKEN.Id, "Microsoft Mark", ("en-us",), "onecore"),
        VoiceInfo(JAKUB_TOKEN.Id, "Microsoft Jakub", ("cs",), "onecore"),
    ]
    assert found[1][1] is JAKUB_TOKEN


def test_onecore_czech_chosen_after_sapi_english() -> None:
    found = onecore_voices(lambda: FakeCategory([MARK_TOKEN, JAKUB_TOKEN]))
    voices = [ZIRA, DAVID, *(info for info, _ in found)]
    chosen = choose_voice(voices, "cs")
    assert chosen is not None
    assert chosen.name == "Microsoft Jakub"
    assert chosen.source == "onecore"
    assert choose_voice(voices, "en-US") == ZIRA


def test_onecore_win32com_spelling_and_counted_collection() -> None:
    class Tokens:
        Count = 1

        def Item(self, index: int) -> FakeToken:
            return JAKUB_TOKEN

    class Win32Category:
        def SetID(self, category_id: str, create: bool) -> None:
            pass

        def EnumerateTokens(self) -> Tokens:
            return Tokens()

    found = onecore_voices(Win32Category)
    assert [info.name for info, _ in found] == ["Microsoft Jakub"]


def test_onecore_token_without_name_uses_description() -> None:
    token = FakeToken("id-1", "", "405")
    found = onecore_voices(lambda: FakeCategory([token]))
    assert found[0][0].name == " - description"


def test_onecore_failures_give_empty_list() -> None:
    def broken() -> Any:
        raise OSError("no COM here")

    assert onecore_voices(broken) == []
    assert onecore_voices(lambda: object()) == []


def test_onecore_default_factory_off_windows() -> None:
    import sys

    if sys.platform == "win32":
        pytest.skip("real OneCore lookup")
    assert onecore_voices() == []


def test_voice_info_from_pyttsx3_like_voices() -> None:
    espeak = SimpleNamespace(id="zlw/cs", name="Czech", languages=["cs"])
    assert voice_info(espeak) == VoiceInfo("zlw/cs", "Czech", ("cs",))
    raw = SimpleNamespace(id="zlw/sk", name="Slovak", languages=b"\x05sk")
    assert voice_info(raw).languages == ("sk",)
    sapi = SimpleNamespace(id=ZIRA.id, name=None, languages=[])
    assert voice_info(sapi) == VoiceInfo(ZIRA.id, ZIRA.id, ())


def test_language_display_name() -> None:
    assert language_display_name("cs") == "Czech"
    assert language_display_name("cs-CZ") == "Czech"
    assert language_display_name("en_US") == "English"
    assert language_display_name("xx") == "xx"
