"""Style presets and the user's own styles (core/round/styles.py)."""

from __future__ import annotations

from camdraw.core.round import styles


def test_the_presets_the_issue_asks_for_with_czech_and_english_names() -> None:
    assert styles.PRESET_IDS == ("watercolour", "comic", "pencil", "oil", "pixel", "children")
    for style in styles.PRESETS:
        assert style.prompt.startswith("Style: ") and not style.custom
        assert style.name("en") and style.name("cs")
    pencil = styles.find("pencil")
    assert pencil is not None
    assert pencil.name("cs-CZ") == "Kresba tužkou" and pencil.name("de") == "Pencil sketch"


def test_custom_styles_follow_the_presets_and_cannot_shadow_them() -> None:
    custom = [
        {"name": " Neon ", "prompt": " Style: neon signs. "},
        {"name": "comic", "prompt": "mine"},  # a preset's id: ignored
        {"name": "", "prompt": "nameless"},  # ignored
    ]
    found = styles.all_styles(custom)
    assert [s.id for s in found] == [*styles.PRESET_IDS, "Neon"]
    neon = found[-1]
    assert neon.custom and neon.prompt == "Style: neon signs." and neon.name("cs") == "Neon"
    assert styles.find("comic", custom) == styles.PRESETS[1]


def test_find_is_forgiving_about_case_and_says_none_for_missing_or_empty() -> None:
    custom = [{"name": "Neon", "prompt": "Style: neon."}]
    assert styles.find("NEON", custom) is not None
    assert styles.find(" Watercolour ") is not None
    assert styles.find("") is None and styles.find("   ") is None
    assert styles.find("Neon") is None  # no longer in the settings
