"""Deciding whether a description may become an image prompt (no network)."""

from __future__ import annotations

import pytest

from camdraw.core.round.content_check import (
    Moderation,
    check_description,
    describe_categories,
    looks_like_refusal,
)
from tests.fake_openai import CZECH_DESCRIPTION


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry, but I can't help with that.",
        "I can't identify people in images.",
        "Sorry, I cannot describe this image.",
        "Unfortunately, I can't assist with this request.",
        "Omlouvám se, ale s tímto nemohu pomoci.",
        "Bohužel nemohu popsat tento obrázek.",
        "Es tut mir leid, aber dabei kann ich nicht helfen.",
        "Prepáčte, s tým vám nemôžem pomôcť.",
    ],
)
def test_refusals_are_recognised(text: str) -> None:
    assert looks_like_refusal(text)


@pytest.mark.parametrize(
    "text",
    [
        CZECH_DESCRIPTION,
        "Na obrázku je muž u okna; jeho tvář nemohu rozeznat, protože je ve stínu.",
        "A kitchen table. I can't see what is in the blue mug, but it is steaming.",
        "I'm sorry-looking dog sits on a red sofa" + " and looks at the camera." * 30,
    ],
)
def test_descriptions_are_not_mistaken_for_refusals(text: str) -> None:
    assert not looks_like_refusal(text)


def test_flagged_moderation_blocks_with_plain_category_words() -> None:
    result = check_description(
        "text", lambda _: Moderation(True, ("self-harm/intent", "weird/new"), "omni")
    )
    assert result.verdict == "flagged" and not result.ok
    assert "intent to self-harm, weird new" in result.message
    assert result.to_dict()["categories"] == ["self-harm/intent", "weird/new"]
    assert result.moderated_by == "omni"


def test_clean_text_passes_and_refusals_skip_moderation() -> None:
    asked: list[str] = []

    def moderate(text: str) -> Moderation:
        asked.append(text)
        return Moderation(False, (), "omni")

    assert check_description(CZECH_DESCRIPTION, moderate).ok
    assert check_description("I'm sorry, I can't help with that.", moderate).verdict == "refused"
    assert check_description("", moderate).verdict == "empty"
    assert asked == [CZECH_DESCRIPTION]


def test_a_moderation_error_is_not_a_pass() -> None:
    def broken(text: str) -> Moderation:
        raise TimeoutError("no answer")

    with pytest.raises(TimeoutError):
        check_description(CZECH_DESCRIPTION, broken)


def test_unknown_categories_still_read_as_words() -> None:
    assert describe_categories([]) == "unsafe content"
    assert describe_categories(["violence", "violence"]) == "violence"
