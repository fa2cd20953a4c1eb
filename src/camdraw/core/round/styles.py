"""Painting styles: the presets camdraw ships and the ones a user adds in settings.

A style is a few words added to the image prompt. Its id is stored in the settings and its
name in each round's sidecar. The offline demo maps a preset id to an OpenCV filter; a custom
style there falls back to the default filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    id: str  # a preset's id, or a custom style's name
    names: Mapping[str, str]  # display name by UI language ("en" is always there)
    prompt: str  # the words added to the image prompt
    custom: bool = False

    def name(self, language: str = "en") -> str:
        code = language.split("-")[0].split("_")[0].lower()
        return self.names.get(code) or self.names["en"]


PRESETS: tuple[Style, ...] = (
    Style(
        "watercolour",
        {"en": "Watercolour", "cs": "Akvarel"},
        "Style: a soft watercolour painting with visible paper texture and gentle washes.",
    ),
    Style(
        "comic",
        {"en": "Comic", "cs": "Komiks"},
        "Style: a comic book panel with bold ink outlines, flat colours and halftone shading.",
    ),
    Style(
        "pencil",
        {"en": "Pencil sketch", "cs": "Kresba tužkou"},
        "Style: a graphite pencil sketch on white paper, with hatching and light shading.",
    ),
    Style(
        "oil",
        {"en": "Oil painting", "cs": "Olejomalba"},
        "Style: an oil painting on canvas with thick, visible brush strokes.",
    ),
    Style(
        "pixel",
        {"en": "Pixel art", "cs": "Pixel art"},
        "Style: retro pixel art with a small palette and large, crisp pixels.",
    ),
    Style(
        "children",
        {"en": "Children's drawing", "cs": "Dětská kresba"},
        "Style: a child's crayon drawing, simple shapes, wobbly lines and bright colours.",
    ),
)
PRESET_IDS = tuple(style.id for style in PRESETS)


def custom_styles(items: Iterable[Mapping[str, str]]) -> list[Style]:
    """The user's styles from ``Settings.custom_styles`` ({"name", "prompt"} each)."""
    styles = []
    for item in items:
        name = str(item.get("name", "")).strip()
        if name and name not in PRESET_IDS:
            styles.append(Style(name, {"en": name}, str(item.get("prompt", "")).strip(), True))
    return styles


def all_styles(custom: Iterable[Mapping[str, str]] = ()) -> list[Style]:
    """Presets first, then the user's own, in the order they were added."""
    return [*PRESETS, *custom_styles(custom)]


def find(style_id: str, custom: Iterable[Mapping[str, str]] = ()) -> Style | None:
    """The style with this id (or custom name); None for "" or a style that no longer exists."""
    if not style_id.strip():
        return None
    for style in all_styles(custom):
        if style.id == style_id or style.id.casefold() == style_id.strip().casefold():
            return style
    return None
