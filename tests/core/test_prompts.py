from camdraw.core.providers import edits
from camdraw.core.round import prompts


def test_czech_prompt_keeps_the_originals_intent() -> None:
    text = prompts.describe_prompt("cs")
    assert "Na obrázku je" in text
    assert "nevidomé" in text
    assert "barvy" in text and "velikosti" in text


def test_own_prompt_wins_and_regional_codes_map_to_language() -> None:
    assert prompts.describe_prompt("cs", "Popiš to krátce.") == "Popiš to krátce."
    assert prompts.describe_prompt("cs-CZ") == prompts.describe_prompt("cs")
    assert "Polish" not in prompts.describe_prompt("en")
    assert "'pl'" in prompts.describe_prompt("pl")


def test_trim_to_sentence_cuts_a_truncated_description() -> None:
    text = "Na obrázku je stůl. Na stole je hrnek! Vedle leží kni"
    assert prompts.trim_to_sentence(text) == "Na obrázku je stůl. Na stole je hrnek!"


def test_trim_keeps_closing_quotes_and_handles_no_sentence_end() -> None:
    assert prompts.trim_to_sentence("Je tam nápis „Ahoj.“ A pak") == "Je tam nápis „Ahoj.“"
    assert prompts.trim_to_sentence("Na obrázku je velký,") == "Na obrázku je velký…"


def test_clip_to_limit_respects_the_limit() -> None:
    text = "První věta. " * 500
    clipped = prompts.clip_to_limit(text, 1000)
    assert len(clipped) <= 1000
    assert clipped.endswith(".")
    assert prompts.clip_to_limit("krátké", 1000) == "krátké"


def test_image_prompt_ends_with_the_style_and_never_cuts_it() -> None:
    style = "Style: a soft watercolour painting with visible paper texture and gentle washes."
    assert prompts.image_prompt("Kočka.", style, 4000) == f"Kočka.\n\n{style}"
    assert prompts.image_prompt("Kočka.", "  ", 4000) == "Kočka."
    long = "Na stole je hrnek. " * 100
    prompt = prompts.image_prompt(long, style, 1000)
    assert len(prompt) <= 1000 and prompt.endswith(f"\n\n{style}")
    assert prompt.startswith("Na stole je hrnek.")
    assert prompt[: -len(style) - 2].endswith(".")  # cut at a sentence end


def test_image_prompt_leaves_room_for_what_the_provider_adds() -> None:
    long = "Na stole je hrnek. " * 100
    prompt = prompts.image_prompt(
        long, "Style: comic.", 1000, reserve=len(edits.LIKENESS_INSTRUCTION)
    )
    assert len(edits.LIKENESS_INSTRUCTION) + len(prompt) <= 1000
