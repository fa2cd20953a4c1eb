"""What camdraw tells the vision model when a question is asked about a photo, and the quick
questions, in the description's language (Czech by default; other languages get the English
wording with the language named, as ``prompts.describe_prompt`` does).

These are words for the model, not the interface: they follow the round's description language,
not the window's, so they are not gettext messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from camdraw.core.round.prompts import LANGUAGE_NAMES

INSTRUCTIONS: dict[str, str] = {
    "cs": (
        "Jsi asistent pro nevidomé. Odpovídej česky na otázky o fotografii, kterou jsi právě "
        "popsal: stručně a věcně, souvislými větami bez odrážek, nadpisů a formátování, protože "
        "odpověď se čte nahlas. Říkej jen to, co na fotografii opravdu je; když něco nejde "
        "poznat, řekni to."
    ),
    "en": (
        "You are an assistant for blind people. Answer in English the questions about the "
        "photo you have just described: briefly and factually, in plain sentences without "
        "lists, headings or formatting, because the answer is read aloud. Say only what is "
        "really in the photo; when something cannot be made out, say so."
    ),
}


@dataclass(frozen=True)
class QuickQuestion:
    """A question one key asks. ``prompts`` are sent as they are; ``ask`` False: the words
    are put in the question field for the user to finish ("Where is …?")."""

    id: str
    prompts: dict[str, str]
    ask: bool = True

    def text(self, language: str) -> str:
        code = language_code(language)
        if code in self.prompts:
            return self.prompts[code]
        return self.prompts["en"]


READ_TEXT = QuickQuestion(
    "read_text",
    {
        "cs": (
            "Přečti doslova všechen čitelný text na fotografii (nápisy, etikety, obrazovky, "
            "dokumenty) v pořadí, v jakém se čte: shora dolů a zleva doprava. Nic nepřekládej, "
            "neopravuj ani neshrnuj. Když na fotografii žádný čitelný text není, řekni jen: "
            "„Na fotografii není žádný čitelný text.“"
        ),
        "en": (
            "Read out, word for word, every legible text in the photo (signs, labels, screens, "
            "documents) in reading order: top to bottom, left to right. Do not translate, "
            "correct or summarise anything. If there is no legible text in the photo, say only: "
            '"There is no legible text in the photo."'
        ),
    },
)
MORE_DETAIL = QuickQuestion(
    "more_detail",
    {
        "cs": (
            "Popiš fotografii podrobněji: to, co jsi v prvním popisu vynechal, drobné předměty, "
            "materiály, výrazy tváří, oblečení a kde přesně co je."
        ),
        "en": (
            "Describe the photo in more detail: what you left out of the first description, "
            "small objects, materials, facial expressions, clothing and exactly where things are."
        ),
    },
)
COLOURS = QuickQuestion(
    "colours",
    {
        "cs": "Jaké barvy jsou na fotografii? Vyjmenuj hlavní barvy a u každé řekni, čemu patří.",
        "en": "What colours are in the photo? Name the main colours and what each belongs to.",
    },
)
WHERE = QuickQuestion("where", {"cs": "Kde je ", "en": "Where is "}, ask=False)

QUICK_QUESTIONS: tuple[QuickQuestion, ...] = (READ_TEXT, MORE_DETAIL, COLOURS, WHERE)
_BY_ID = {quick.id: quick for quick in QUICK_QUESTIONS}


def quick_question(quick_id: str) -> QuickQuestion | None:
    return _BY_ID.get(quick_id)


def language_code(language: str) -> str:
    return language.split("-")[0].split("_")[0].lower() or "cs"


def instructions(language: str) -> str:
    """How to answer, in ``language`` (a language camdraw has no words for is named)."""
    code = language_code(language)
    if code in INSTRUCTIONS:
        return INSTRUCTIONS[code]
    name = LANGUAGE_NAMES.get(code, language)
    return INSTRUCTIONS["en"].replace("in English", f"in the language '{name}'")


def quick_id_of(question: str, language: str) -> str:
    """The id of the quick question whose words ``question`` is, or ""."""
    for quick in QUICK_QUESTIONS:
        if quick.ask and question == quick.text(language):
            return quick.id
    return ""
