"""What camdraw asks the vision model, per description language."""

from __future__ import annotations

import re

# The original demo's intent: an assistant for blind people that says what is in front of the
# camera, with colours and sizes, in one flowing paragraph that can be read aloud and painted.
DESCRIBE_PROMPTS: dict[str, str] = {
    "cs": (
        "Jsi asistent pro nevidomé. Popiš česky, co je na obrázku: hlavní předměty a osoby, "
        "jejich barvy, velikosti a rozmístění. Piš souvislý text o třech až pěti větách bez "
        "odrážek a nadpisů. Začni slovy „Na obrázku je“."
    ),
    "en": (
        "You are an assistant for blind people. Describe in English what is in the picture: "
        "the main objects and people, their colours, sizes and positions. Write one flowing "
        "paragraph of three to five sentences, no lists or headings. Start with "
        '"The picture shows".'
    ),
    "de": (
        "Du bist ein Assistent für blinde Menschen. Beschreibe auf Deutsch, was auf dem Bild zu "
        "sehen ist: die wichtigsten Gegenstände und Personen, ihre Farben, Größen und Positionen. "
        "Schreibe einen zusammenhängenden Absatz aus drei bis fünf Sätzen ohne Listen. Beginne "
        'mit "Auf dem Bild ist".'
    ),
    "sk": (
        "Si asistent pre nevidiacich. Opíš po slovensky, čo je na obrázku: hlavné predmety a "
        "osoby, ich farby, veľkosti a rozmiestnenie. Píš súvislý text s tromi až piatimi vetami "
        "bez odrážok. Začni slovami „Na obrázku je“."
    ),
}

LANGUAGE_NAMES: dict[str, str] = {"cs": "Czech", "en": "English", "de": "German", "sk": "Slovak"}


def describe_prompt(language: str, override: str = "") -> str:
    """The instruction sent with the photo: the user's own if set, else the language default."""
    if override.strip():
        return override.strip()
    code = language.split("-")[0].split("_")[0].lower()
    if code in DESCRIBE_PROMPTS:
        return DESCRIBE_PROMPTS[code]
    name = LANGUAGE_NAMES.get(code, language)
    return DESCRIBE_PROMPTS["en"].replace("in English", f"in the language '{name}'")


_SENTENCE_END = re.compile(r"[.!?…](?:[\"'»“”)\]]*)(?=\s|$)")


def trim_to_sentence(text: str) -> str:
    """Cut a description that the token limit truncated back to its last full sentence.

    If no sentence ended at all, the text is kept and closed with an ellipsis so that it is
    still something that can be read aloud and painted.
    """
    text = text.strip()
    ends = list(_SENTENCE_END.finditer(text))
    if ends:
        return text[: ends[-1].end()].strip()
    return f"{text.rstrip(',;:- ')}…" if text else text


def clip_to_limit(text: str, limit: int) -> str:
    """Keep an image prompt within the model's limit, cutting at a sentence end if possible."""
    if len(text) <= limit:
        return text
    cut = trim_to_sentence(text[:limit])
    return cut if len(cut) <= limit else text[: limit - 1] + "…"


STYLE_SEPARATOR = "\n\n"


def image_prompt(description: str, style_words: str, limit: int, reserve: int = 0) -> str:
    """The image prompt: the description clipped so that the style's words (and ``reserve``
    characters the provider adds in front) always fit within ``limit``; the style is never cut.
    """
    style_words = style_words.strip()
    tail = f"{STYLE_SEPARATOR}{style_words}" if style_words else ""
    room = max(limit - len(tail) - reserve, 1)
    return clip_to_limit(description, room) + tail
