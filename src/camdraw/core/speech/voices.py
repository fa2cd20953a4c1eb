"""Which text-to-speech voice to use for a language.

Pure logic over plain ``VoiceInfo`` records so it can be tested without any speech engine, plus
the lookup of Windows OneCore voices ("Microsoft Jakub" and friends), which SAPI5 does not list
although it can speak with them.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from camdraw.core.i18n import N_, _

log = logging.getLogger(__name__)

ONECORE_VOICES_KEY = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Speech_OneCore\Voices"


@dataclass(frozen=True)
class VoiceInfo:
    """One installed voice. ``source`` is "sapi" for voices the engine lists itself."""

    id: str
    name: str
    languages: tuple[str, ...]
    source: str = "sapi"


# Windows language ids (LCID) as SAPI writes them in a token's "Language" attribute.
_LCIDS: dict[int, str] = {
    0x405: "cs",
    0x409: "en-US",
    0x809: "en-GB",
    0x407: "de",
    0x41B: "sk",
    0x40C: "fr",
    0xC0A: "es",
    0x415: "pl",
    0x410: "it",
    0x413: "nl",
    0x416: "pt-BR",
    0x816: "pt-PT",
    0x419: "ru",
    0x422: "uk",
    0x40E: "hu",
    0x41D: "sv",
    0x411: "ja",
    0x804: "zh-CN",
}

# English and native names, for voices whose only hint is a name like "Microsoft Zira - English".
_LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "cs": (N_("Czech"), "čeština", "cestina", "česky"),
    "sk": (N_("Slovak"), "slovenčina", "slovencina"),
    "en": (N_("English"),),
    "de": (N_("German"), "Deutsch"),
    "fr": (N_("French"), "français", "francais"),
    "es": (N_("Spanish"), "español", "espanol"),
    "pl": (N_("Polish"), "polski"),
    "it": (N_("Italian"), "italiano"),
    "nl": (N_("Dutch"), "Nederlands"),
    "pt": (N_("Portuguese"), "português", "portugues"),
    "ru": (N_("Russian"), "русский"),
    "uk": (N_("Ukrainian"), "українська"),
    "hu": (N_("Hungarian"), "magyar"),
    "sv": (N_("Swedish"), "svenska"),
    "ja": (N_("Japanese"),),
    "zh": (N_("Chinese"),),
}

# Region to prefer when the requested language has none ("en" -> an en-US voice before en-029).
_LIKELY_REGION = {"en": "us", "cs": "cz", "de": "de", "fr": "fr", "es": "es", "pt": "br"}

_REGION_TAG = re.compile(r"(?:^|[^a-z])([a-z]{2,3}-[a-z0-9]{2,4})(?=$|[^a-z])")
_CAMEL_TAG = re.compile(r"(?:^|_)([a-z]{2})([A-Z]{2})(?=_|$)")  # OneCore ids: ..._csCZ_Jakub


def lcid_to_language(value: str) -> str:
    """A language tag for a Windows LCID ("405", "0x0405", "1029" -> "cs"); "" if unknown."""
    text = value.strip().split(";")[0].strip().lower().removeprefix("0x")
    if not text:
        return ""
    # Decimal first: SAPI writes hex without a prefix, but settings files may hold 1029.
    if text.isdecimal() and int(text) in _LCIDS:
        return _LCIDS[int(text)]
    if len(text) >= 3 and all(c in "0123456789abcdef" for c in text):
        return _LCIDS.get(int(text, 16), "")
    return ""


def normalize_language(value: str | bytes) -> str:
    """Lower-case tag with "-" ("cs_CZ.UTF-8" -> "cs-cz", b"\\x05cs" -> "cs", "405" -> "cs")."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="ignore")
    # espeak prefixes each language with a priority byte; strip it and any other control chars.
    text = "".join(c for c in str(value) if c.isprintable()).strip()
    from_lcid = lcid_to_language(text)
    if from_lcid:
        return from_lcid.lower()
    text = text.split(".")[0].split("@")[0].replace("_", "-").strip("- ").lower()
    return text if re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)*", text) else ""


def _primary(tag: str) -> str:
    return tag.split("-")[0]


def language_display_name(language: str) -> str:
    """The language's name for messages, in the interface language ("cs" -> "Czech",
    "čeština"); the code itself when unknown."""
    names = _LANGUAGE_NAMES.get(_primary(normalize_language(language)))
    return _(names[0]) if names else language.strip() or _("unknown language")


def _tag_score(tag: str, target: str) -> int:
    """How well one language tag fits the target: 0 (not at all) to 10 (exactly)."""
    if not tag or _primary(tag) != _primary(target):
        return 0
    if tag == target:
        return 10
    parts = tag.split("-")
    if "-" not in target and len(parts) == 2 and parts[1] == _LIKELY_REGION.get(target):
        return 9
    # The same language: the fewer extra subtags (dialects, x-variants), the better.
    return max(8 - len(parts), 1)


def _id_tags(voice_id: str) -> list[str]:
    tags: list[str] = []
    for segment in re.split(r"[\\/]", voice_id):
        tags += [f"{a}-{b}".lower() for a, b in _CAMEL_TAG.findall(segment)]
        lowered = segment.lower()
        tags += _REGION_TAG.findall(lowered)
        if re.fullmatch(r"[a-z]{2,3}", lowered):
            tags.append(lowered)  # espeak ids such as "zlw/cs"
    return tags


def _name_matches(name: str, target: str) -> bool:
    lowered = name.lower()
    return any(n.lower() in lowered for n in _LANGUAGE_NAMES.get(_primary(target), ()))


def _score(voice: VoiceInfo, target: str) -> int:
    # SAPI often declares no language; then the id ("TTS_MS_EN-US_ZIRA") counts as much as a
    # declaration would. A language name inside the voice name is only a last resort.
    tags = [normalize_language(t) for t in voice.languages] or _id_tags(voice.id)
    best = max((_tag_score(t, target) for t in tags), default=0)
    if best:
        return 10 * best
    return 5 if _name_matches(voice.name, target) else 0


def choose_voice(
    voices: Sequence[VoiceInfo], language: str, preferred: str = ""
) -> VoiceInfo | None:
    """The voice to speak ``language`` with, or None when none fits.

    A non-empty ``preferred`` id or name wins when installed. Ties go to the earlier voice, so
    the engine's own voices (listed first) beat OneCore ones of the same quality.
    """
    wanted = preferred.strip().casefold()
    if wanted:
        for voice in voices:
            if wanted in (voice.id.casefold(), voice.name.casefold()):
                return voice
    target = normalize_language(language)
    if not target:
        return None
    best: VoiceInfo | None = None
    best_score = 0
    for voice in voices:
        score = _score(voice, target)
        if score > best_score:
            best, best_score = voice, score
    return best


def voice_info(voice: Any, source: str = "sapi") -> VoiceInfo:
    """A VoiceInfo from a pyttsx3 ``Voice`` (languages may be str, bytes, a list or empty)."""
    raw = getattr(voice, "languages", None) or ()
    if isinstance(raw, (str, bytes)):
        raw = (raw,)
    languages = tuple(t for t in (normalize_language(x) for x in raw) if t)
    voice_id = str(getattr(voice, "id", "") or "")
    return VoiceInfo(voice_id, str(getattr(voice, "name", "") or voice_id), languages, source)


def _call(obj: Any, names: Iterable[str], *args: Any) -> Any:
    """Call the first method that exists: comtypes keeps the type library's exact case
    ("SetId"), win32com accepts any case."""
    for name in names:
        method = getattr(obj, name, None)
        if method is not None:
            return method(*args)
    raise AttributeError(f"none of {list(names)}")


def _iterate_tokens(tokens: Any) -> list[Any]:
    try:
        return list(tokens)
    except TypeError:
        return [tokens.Item(i) for i in range(int(tokens.Count))]


def _default_category() -> Any:
    if sys.platform != "win32":
        raise OSError("OneCore voices exist only on Windows")
    try:
        # comtypes first: pyttsx3's SpVoice is a comtypes object and takes comtypes tokens.
        import comtypes.client

        return comtypes.client.CreateObject("SAPI.SpObjectTokenCategory")
    except ImportError:
        import win32com.client

        return win32com.client.Dispatch("SAPI.SpObjectTokenCategory")


def voices_from_tokens(tokens: Any, source: str) -> list[tuple[VoiceInfo, Any]]:
    """VoiceInfos for a collection of SAPI tokens, each paired with its raw token."""
    found: list[tuple[VoiceInfo, Any]] = []
    for token in _iterate_tokens(tokens):
        try:
            token_id = str(token.Id)
            name = str(token.GetAttribute("Name") or "") or str(token.GetDescription())
            language = normalize_language(str(token.GetAttribute("Language") or ""))
        except Exception as error:  # one broken token must not hide the others
            log.debug("Skipping a voice token: %s", error)
            continue
        found.append((VoiceInfo(token_id, name, (language,) if language else (), source), token))
    return found


def onecore_voices(
    category_factory: Callable[[], Any] | None = None,
) -> list[tuple[VoiceInfo, Any]]:
    """Voices under Speech_OneCore with their raw SAPI tokens; [] when there are none or
    anything goes wrong (not Windows, no COM library, registry key missing)."""
    try:
        category = (category_factory or _default_category)()
        _call(category, ("SetId", "SetID"), ONECORE_VOICES_KEY, False)
        return voices_from_tokens(_call(category, ("EnumerateTokens",)), "onecore")
    except Exception as error:
        log.debug("No OneCore voices: %s", error)
        return []
