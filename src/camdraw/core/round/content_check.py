"""The check between describing and painting: is this description fit to become an image prompt?

Three questions, cheapest first: is there any text; did the vision model decline instead of
describing (a refusal must not be painted as if it were a scene); does the moderation endpoint
flag it. A "no" stops the round before the image model is called, with the reason in words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from camdraw.core.i18n import N_, _
from camdraw.core.providers.moderation import Moderation

# The moderation endpoint's category names, in plain words (translated where they are used).
CATEGORY_WORDS = {
    "sexual": N_("sexual content"),
    "sexual/minors": N_("sexual content involving minors"),
    "harassment": N_("harassment"),
    "harassment/threatening": N_("threats"),
    "hate": N_("hate"),
    "hate/threatening": N_("hateful threats"),
    "illicit": N_("illegal activity"),
    "illicit/violent": N_("violent illegal activity"),
    "self-harm": N_("self-harm"),
    "self-harm/intent": N_("intent to self-harm"),
    "self-harm/instructions": N_("self-harm instructions"),
    "violence": N_("violence"),
    "violence/graphic": N_("graphic violence"),
}

# How vision models decline, in the languages camdraw describes in. Matched at the start of a
# short answer only: a real description may well contain "I can't see the face".
_REFUSAL_OPENINGS = re.compile(
    r"^\W*("
    r"i'?m sorry|i am sorry|sorry, (but )?i|i can'?t (help|assist|describe|provide|identify)"
    r"|i cannot (help|assist|describe|provide|identify)|i'?m (not able|unable) to"
    r"|i am (not able|unable) to|i won'?t be able to|unfortunately,? i (can'?t|cannot)"
    r"|omlouvám se|bohužel (ne)?(mohu|můžu|dokážu)|nemohu (pomoci|popsat|identifikovat|s tím)"
    r"|s tím ti nemohu|prepáčte|ospravedlňujem sa|nemôžem (pomôcť|opísať)"
    r"|es tut mir leid|leider kann ich|ich kann (dabei )?nicht (helfen|beschreiben)"
    r")",
    re.IGNORECASE,
)
REFUSAL_MAX_CHARS = 400

Verdict = str  # "ok", "flagged", "refused", "empty"


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    message: str = ""  # for people, when the verdict is not "ok"
    categories: tuple[str, ...] = ()
    moderated_by: str = ""  # the moderation model, "" when none ran

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"

    def to_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "message": self.message,
            "categories": list(self.categories),
            "moderated_by": self.moderated_by,
        }


def looks_like_refusal(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) <= REFUSAL_MAX_CHARS and bool(_REFUSAL_OPENINGS.match(stripped))


def describe_categories(categories: Sequence[str]) -> str:
    words = [
        _(CATEGORY_WORDS[c]) if c in CATEGORY_WORDS else c.replace("/", " ").replace("-", " ")
        for c in categories
    ]
    return ", ".join(dict.fromkeys(words)) or _("unsafe content")


def check_text(text: str) -> CheckResult:
    """The checks that need no network."""
    if not text.strip():
        return CheckResult(
            "empty",
            _("The description is empty, so there is nothing to paint. Take another photo."),
        )
    if looks_like_refusal(text):
        quoted = text.strip()
        quoted = quoted if len(quoted) <= 120 else quoted[:117].rstrip() + "…"
        return CheckResult(
            "refused",
            _(
                'The vision model declined to describe this photo ("{quoted}"), so '
                "nothing was painted. Take another photo."
            ).format(quoted=quoted),
        )
    return CheckResult("ok")


def check_description(
    text: str, moderate: Callable[[str], Moderation] | None = None, prompt: str = ""
) -> CheckResult:
    """All checks; ``moderate`` is the moderation call (None when moderation is off/absent).

    The local checks read the description ``text``; the moderation endpoint gets ``prompt``,
    the words the image model is sent (the description, the style's words and any likeness
    instruction), or ``text`` when no prompt is given.
    Errors from ``moderate`` propagate: a check that could not run is not a pass.
    """
    local = check_text(text)
    if not local.ok or moderate is None:
        return local
    moderated = prompt or text
    result = moderate(moderated)
    if result.flagged:
        categories = describe_categories(result.categories)
        if moderated.strip() == text.strip():
            message = _(
                "The description was not painted: the moderation check flagged it for "
                "{categories}. The photo and the description are saved."
            ).format(categories=categories)
        else:
            message = _(
                "Nothing was painted: the moderation check flagged the words for the image "
                "model (the description with the style's words) for {categories}. The photo "
                "and the description are saved."
            ).format(categories=categories)
        return CheckResult("flagged", message, tuple(result.categories), result.model)
    return CheckResult("ok", moderated_by=result.model)


def check_style_words(words: str, moderate: Callable[[str], Moderation]) -> CheckResult:
    """A custom style's words, checked when the style is saved (they are checked again, with
    the description, before every painting)."""
    if not words.strip():
        return CheckResult("ok")
    result = moderate(words.strip())
    if result.flagged:
        return CheckResult(
            "flagged",
            _(
                "This style's words were flagged by the moderation check for {categories}, "
                "so the style cannot be used. Change its words."
            ).format(categories=describe_categories(result.categories)),
            tuple(result.categories),
            result.model,
        )
    return CheckResult("ok", moderated_by=result.model)
