from camdraw.core import prompts


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
