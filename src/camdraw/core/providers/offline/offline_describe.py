"""The offline demo's description: a ``Scene`` (see ``offline_scene``) said in sentences.

``sentences`` words a ``Scene`` in Czech or English (other languages fall back to English);
``describe_scene`` measures a photo and words it. No model is involved: the same photo always
gives the same text. Without a face detector the text says nothing about faces.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from camdraw.core.providers.offline.offline_scene import POSITIONS, Position, Scene, analyse

COLOUR_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "black": "black",
        "grey": "grey",
        "white": "white",
        "red": "red",
        "orange": "orange",
        "yellow": "yellow",
        "brown": "brown",
        "green": "green",
        "turquoise": "turquoise",
        "blue": "blue",
        "purple": "purple",
        "pink": "pink",
    },
    # The feminine adjective agreeing with "barva", as in "Převládají barvy: modrá, šedá".
    "cs": {
        "black": "černá",
        "grey": "šedá",
        "white": "bílá",
        "red": "červená",
        "orange": "oranžová",
        "yellow": "žlutá",
        "brown": "hnědá",
        "green": "zelená",
        "turquoise": "tyrkysová",
        "blue": "modrá",
        "purple": "fialová",
        "pink": "růžová",
    },
}
_SHADES = {"en": {"dark": "dark ", "light": "light "}, "cs": {"dark": "tmavě ", "light": "světle "}}

_EN_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
_CS_NUMBERS = {1: "jeden", 2: "dva", 3: "tři", 4: "čtyři", 5: "pět"}
_WHERE = {
    "en": {"left": "on the left", "middle": "in the middle", "right": "on the right"},
    "cs": {"left": "vlevo", "middle": "uprostřed", "right": "vpravo"},
}


def text_language(language: str) -> str:
    """ "cs" for Czech, "en" for everything else (the two languages written out)."""
    code = language.strip().replace("_", "-").split("-")[0].lower()
    return "cs" if code in ("cs", "cz") else "en"


def colour_words(colour: str, lang: str) -> str:
    shade, _, base = colour.rpartition(" ")
    return _SHADES[lang].get(shade, "") + COLOUR_NAMES[lang][base]


def _join(items: Sequence[str], lang: str) -> str:
    conjunction = " a " if lang == "cs" else " and "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + conjunction + items[-1]


def _en_number(count: int) -> str:
    return _EN_NUMBERS.get(count, str(count))


def _cs_number(count: int) -> str:
    return _CS_NUMBERS.get(count, str(count))


def faces_sentence(faces: Sequence[Position], lang: str) -> str:
    count = len(faces)
    where = _WHERE[lang]
    groups = [(p, faces.count(p)) for p in POSITIONS if p in faces]
    if lang == "cs":
        if count == 0:
            return "Žádný obličej není vidět."
        if count == 1:
            return f"Je vidět jeden obličej, {where[faces[0]]}."
        head = (
            f"Jsou vidět {_cs_number(count)} obličeje"
            if count < 5
            else f"Je vidět {count} obličejů"
        )
        if len(groups) == 1:
            every = "oba" if count == 2 else "všechny"
            return f"{head}, {every} {where[groups[0][0]]}."
        parts = [f"{_cs_number(n)} {where[p]}" for p, n in groups]
        return f"{head}: {_join(parts, lang)}."
    if count == 0:
        return "No faces can be seen."
    if count == 1:
        return f"One face can be seen {where[faces[0]]}."
    head = f"{_en_number(count).capitalize()} faces can be seen"
    if len(groups) == 1:
        every = "both" if count == 2 else "all"
        return f"{head}, {every} {where[groups[0][0]]}."
    parts = [f"{_en_number(n)} {where[p]}" for p, n in groups]
    return f"{head}: {_join(parts, lang)}."


def colours_sentence(colours: Sequence[str], lang: str, saturation: str | None = None) -> str:
    words = [colour_words(c, lang) for c in colours]
    one = len(words) == 1
    if lang == "cs":
        lead = "Převládá barva: " if one else "Převládají barvy: "
        tail = ""
        if saturation:
            tone = {"vivid": "výrazn", "muted": "tlumen"}[saturation]
            tail = f", je {tone}á" if one else f", jsou {tone}é"
        return lead + _join(words, lang) + tail + "."
    lead = "The main colour is " if one else "The main colours are "
    tail = f"; {'it looks' if one else 'they look'} {saturation}" if saturation else ""
    return lead + _join(words, lang) + tail + "."


_CS_LIGHT = {
    "dark": "tmavá",
    "dim": "slabě osvětlená",
    "medium": "dobře osvětlená",
    "bright": "jasně osvětlená",
}
_CS_DETAIL = {
    "calm": "klidná scéna s málo detaily",
    "moderate": "scéna se středním množstvím detailů",
    "busy": "scéna plná detailů",
}
_EN_LIGHT = {"dark": "dark", "dim": "dimly lit", "medium": "well-lit", "bright": "brightly lit"}
_EN_DETAIL = {
    "calm": "calm scene with little detail",
    "moderate": "scene with a moderate amount of detail",
    "busy": "scene full of detail",
}


def scene_sentence(scene: Scene, lang: str) -> str:
    if lang == "cs":
        light = _CS_LIGHT[scene.brightness]
        joiner = ", " if scene.detail == "calm" else " "
        text = f"Na obrázku je {light}{joiner}{_CS_DETAIL[scene.detail]}"
        if scene.detail != "calm":
            text += (
                f", nejvíc jich je {_WHERE['cs'][scene.detail_at]}"
                if scene.detail_at
                else " rozložených po celé ploše"
            )
        return text + "."
    light = _EN_LIGHT[scene.brightness]
    article = "an" if light[0] in "aeiou" else "a"
    joiner = ", " if scene.detail == "calm" else " "
    text = f"The picture shows {article} {light}{joiner}{_EN_DETAIL[scene.detail]}"
    if scene.detail != "calm":
        text += (
            f", most of it {_WHERE['en'][scene.detail_at]}"
            if scene.detail_at
            else " spread across the whole picture"
        )
    return text + "."


_CS_LIGHTER = {
    "top": "Horní část je světlejší než dolní",
    "bottom": "Dolní část je světlejší než horní",
    "left": "Levá strana je světlejší než pravá",
    "right": "Pravá strana je světlejší než levá",
}
_EN_LIGHTER = {
    "top": "The upper part is lighter than the lower part",
    "bottom": "The lower part is lighter than the upper part",
    "left": "The left side is lighter than the right side",
    "right": "The right side is lighter than the left side",
}
_CS_CONTRAST = {"low": "nízký", "medium": "střední", "high": "vysoký"}


def light_sentence(scene: Scene, lang: str) -> str:
    if lang == "cs":
        lead = _CS_LIGHTER[scene.lighter] if scene.lighter else "Světlo je rovnoměrné po celé ploše"
        return f"{lead} a kontrast je {_CS_CONTRAST[scene.contrast]}."
    lead = _EN_LIGHTER[scene.lighter] if scene.lighter else "The light is even across the picture"
    return f"{lead}, and the contrast is {scene.contrast}."


def sentences(scene: Scene, language: str) -> str:
    """The description of ``scene`` in ``language`` (Czech or English), 3-4 sentences."""
    lang = text_language(language)
    parts = [scene_sentence(scene, lang)]
    if scene.faces is not None:
        parts.append(faces_sentence(scene.faces, lang))
    parts.append(colours_sentence(scene.colours, lang, scene.saturation))
    parts.append(light_sentence(scene, lang))
    if scene.faces is None and scene.detail == "calm" and scene.contrast == "low":
        # A blank wall or a covered lens: say so, rather than end on the light alone.
        parts.append(
            "Nic výrazného na něm není vidět." if lang == "cs" else "Nothing in it stands out."
        )
    return " ".join(parts)


def describe_scene(bgr: np.ndarray, language: str) -> str:
    """A few sentences about the photo, from OpenCV analysis, in ``language``."""
    return sentences(analyse(bgr), language)
