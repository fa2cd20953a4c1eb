"""Every core message a user reads or hears has a Czech translation (issue 12, item 11).

Three checks over the sources of camdraw (the core, the command line, doctor, and the window
where it builds core errors):
a marked message (``_``, ``N_``, ``ngettext``) without a Czech entry in resources/i18n/cs/*.po;
a translation whose ``{fields}`` differ from its English (``.format`` would raise or drop a
value); and a sentence handed to a place users read (an error, a hint, a round's note or
event, a check's message) without being marked, so it would stay English.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import camdraw
from camdraw.core import i18n

PACKAGE = Path(camdraw.__file__).resolve().parent
CORE = PACKAGE / "core"


def message_sources() -> list[Path]:
    """Where core messages are written: the core, draw and doctor (and any module of the
    window that uses the core's ``_``)."""
    return sorted(PACKAGE.rglob("*.py"))


def checked_sources() -> list[Path]:
    """Where an unmarked sentence is looked for: everywhere, since the window too builds core
    errors (the camera's); its own texts go through tr(), which is no literal."""
    return sorted(PACKAGE.rglob("*.py"))


def czech() -> dict[str, list[str]]:
    """The shipped Czech catalogues, read afresh (not the module's cache)."""
    entries: dict[str, list[str]] = {}
    for file in i18n.catalogue_files("cs"):
        entries.update(i18n.parse_po(file.read_text(encoding="utf-8")))
    return entries


def fields(text: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(text) if name}


# -- (a) every marked message is translated ---------------------------------------------------


def untranslated(sources: list[Path], catalogue: dict[str, list[str]]) -> list[str]:
    return [
        f"{where}: {message!r}"
        for message, where in sorted(i18n.messages_in(sources).items(), key=lambda kv: kv[1])
        if message not in catalogue
    ]


def test_every_marked_core_message_has_a_czech_translation() -> None:
    found = i18n.messages_in(message_sources())
    assert len(found) > 200  # the mechanism sees the core's messages at all
    missing = untranslated(message_sources(), czech())
    assert not missing, "no Czech translation (add it to resources/i18n/cs/*.po):\n" + "\n".join(
        missing
    )


def test_a_new_message_without_translation_is_reported(tmp_path: Path) -> None:
    source = tmp_path / "new.py"
    source.write_text('raise ValueError(_("A brand new problem {what}."))\n', encoding="utf-8")
    assert untranslated([source], czech()) == ["new.py:1: 'A brand new problem {what}.'"]


# -- (b) translations keep their fields -------------------------------------------------------


def field_problems(catalogue: dict[str, list[str]], plurals: set[str]) -> list[str]:
    problems = []
    for message, forms in catalogue.items():
        expected = fields(message)
        for form in forms:
            got = fields(form)
            # A plural's Czech forms may leave out the number ("Jedna fotka") but never
            # invent a field; any other message keeps exactly the English fields.
            if got - expected or (message not in plurals and got != expected):
                problems.append(f"{message!r} -> {form!r}: {sorted(got ^ expected)}")
        if message in plurals and len(forms) != 3:
            problems.append(f"{message!r}: Czech needs 3 plural forms, has {len(forms)}")
    return problems


def plural_messages(sources: list[Path]) -> set[str]:
    found = set()
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "ngettext"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_translations_keep_the_fields_of_the_english() -> None:
    problems = field_problems(czech(), plural_messages(message_sources()))
    assert not problems, "translation fields differ:\n" + "\n".join(problems)


def test_a_lost_or_added_field_is_reported() -> None:
    broken = {
        "Wait {wait}.": ["Počkejte."],
        "Saved to {folder}.": ["Uloženo do {slozka}."],
        "{count} photo": ["{count} fotka", "{count} fotky"],
    }
    problems = field_problems(broken, {"{count} photo"})
    assert [problem.split(":")[0] for problem in problems] == [
        "'Wait {wait}.' -> 'Počkejte.'",
        "'Saved to {folder}.' -> 'Uloženo do {slozka}.'",
        "'{count} photo'",
    ]


# -- (c) no unmarked sentence where users read it ---------------------------------------------

MARKERS = ("_", "N_", "ngettext")
# Keywords and constructors whose text reaches people: errors' message and hint, round notes,
# the check's and the connection test's message.
MESSAGE_KEYWORDS = ("message", "hint", "note", "no_entry")
MESSAGE_CALLS = {"CheckResult": 1, "ConnectionReport": 1, "emit": 3, "_emit": 3}
# Sentences that look like messages but never reach a user (with why).
ALLOWED = {
    # The user's settings name a field that pydantic rejects; from_dict says it in words.
    ("settings.py", "not an http:// or https:// address"),
}
SENTENCE = re.compile(r"[A-Za-z]{2,}[\s,;:'’]+[A-Za-z]{2,}")


def error_classes(sources: list[Path]) -> set[str]:
    """CamdrawError and every class that derives from it, wherever it is defined."""
    bases: dict[str, set[str]] = {}
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {b.id for b in node.bases if isinstance(b, ast.Name)}
    found = {"CamdrawError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


def text_of(node: ast.expr) -> str | None:
    """The words of a string literal or f-string (fields left out); None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    return None


def _said(node: ast.Call, classes: set[str]) -> Iterator[ast.expr]:
    """The arguments of ``node`` that are shown to people."""
    name = node.func.id if isinstance(node.func, ast.Name) else None
    if isinstance(node.func, ast.Attribute):
        name = node.func.attr
        if name == "append" and ast.unparse(node.func.value).endswith(".notes"):
            yield from node.args[:1]
    if name in classes and node.args:
        yield node.args[0]
    if name in MESSAGE_CALLS and len(node.args) > MESSAGE_CALLS[name]:
        yield node.args[MESSAGE_CALLS[name]]
    for keyword in node.keywords:
        if keyword.arg in MESSAGE_KEYWORDS:
            yield keyword.value


def unmarked_sentences(sources: list[Path], classes: set[str]) -> list[str]:
    found = []
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            candidates: list[ast.expr] = []
            if isinstance(node, ast.Call):
                candidates += _said(node, classes)
            elif isinstance(node, ast.Assign) and any(  # record.errors[step] = "..."
                ast.unparse(t).startswith("record.errors[") for t in node.targets
            ):
                candidates.append(node.value)
            for candidate in candidates:
                # A conditional expression: both of its branches are said.
                parts = (
                    [candidate.body, candidate.orelse]
                    if isinstance(candidate, ast.IfExp)
                    else [candidate]
                )
                for part in parts:
                    text = text_of(part)
                    if text is None or not SENTENCE.search(text):
                        continue
                    if (source.name, text) in ALLOWED:
                        continue
                    found.append(f"{source.name}:{part.lineno}: {text!r}")
    return sorted(found, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))


def test_no_unmarked_sentence_reaches_a_user() -> None:
    sources = checked_sources()
    unmarked = unmarked_sentences(sources, error_classes(sources))
    assert not unmarked, "wrap these in _() (and translate them):\n" + "\n".join(unmarked)


def test_unmarked_sentences_are_found(tmp_path: Path) -> None:
    source = tmp_path / "new.py"
    source.write_text(
        "class OddError(ServiceError):\n    pass\n"
        "def f(record, emit, name):\n"
        '    raise OddError(f"The {name} broke.", hint="Press Retry.")\n'
        "def g(record, emit):\n"
        '    record.notes.append("Painted twice.")\n'
        '    record.errors["paint"] = "It failed badly."\n'
        '    emit(record, "paint", "note", "A passing note here.")\n'
        '    raise OddError(_("Marked, so fine."), hint=_("Also fine."))\n'
        '    return CheckResult("empty", "x" if record else "Nothing to paint.")\n',
        encoding="utf-8",
    )
    classes = error_classes([source, CORE / "errors.py"])
    assert "OddError" in classes
    found = unmarked_sentences([source], classes)
    assert [line.split(":")[1] for line in found] == ["4", "4", "6", "7", "8", "10"]


# -- a throwaway ``_`` would hide the translation function ------------------------------------


def shadowed_underscore(sources: list[Path]) -> list[str]:
    """Functions that both call ``_()`` and bind ``_`` (``for _ in``, ``a, _ = ...``): there
    ``_`` is a local variable, and ``_("...")`` fails at run time."""
    found = []
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            calls = binds = False
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
                    calls |= inner.func.id == "_"
                if isinstance(inner, ast.Name) and inner.id == "_":
                    binds |= isinstance(inner.ctx, ast.Store)
            if calls and binds:
                found.append(f"{source.name}:{node.lineno}: {node.name}")
    return found


def test_no_function_shadows_the_translation_function() -> None:
    assert shadowed_underscore(message_sources()) == []


def test_a_shadowed_underscore_is_found(tmp_path: Path) -> None:
    source = tmp_path / "new.py"
    source.write_text(
        'def f(pairs):\n    for _, b in pairs:\n        print(b)\n    return _("Done.")\n',
        encoding="utf-8",
    )
    assert shadowed_underscore([source]) == ["new.py:1: f"]


# -- translated where it is said, not at import --------------------------------------------


def translated_at_import(sources: list[Path]) -> list[str]:
    """``_()`` or ``ngettext()`` run while a module is imported (module and class bodies,
    default values): the text is fixed in the language of that moment, usually English."""
    found = []

    def visit(node: ast.AST, source: Path) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                for default in [*child.args.defaults, *child.args.kw_defaults]:
                    if default is not None:
                        visit_expression(default, source)
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    for decorator in child.decorator_list:
                        visit_expression(decorator, source)
                continue
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id in ("_", "ngettext")
            ):
                found.append(f"{source.name}:{child.lineno}")
            visit(child, source)

    def visit_expression(node: ast.AST, source: Path) -> None:
        holder = ast.Module(body=[ast.Expr(node)], type_ignores=[])
        visit(holder, source)

    for source in sources:
        visit(ast.parse(source.read_text(encoding="utf-8")), source)
    return found


def test_no_message_is_translated_at_import() -> None:
    assert translated_at_import(message_sources()) == []


def test_a_message_translated_at_import_is_found(tmp_path: Path) -> None:
    source = tmp_path / "new.py"
    source.write_text(
        'HINT = _("Press Retry.")\n'
        'NOTE = N_("Fine: translated later.")\n'
        'def f(text=_("Default.")):\n    return _("Fine: said when called.")\n'
        'class C:\n    TITLE = ngettext("{n} a", "{n} b", 2)\n',
        encoding="utf-8",
    )
    assert translated_at_import([source]) == ["new.py:1", "new.py:3", "new.py:6"]


# -- the Czech is used ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "fields_"),
    [
        ("Wait {wait} between photos (cooldown).", {"wait": "45 s"}),
        ("The service refused the API key (401).", {}),
    ],
)
def test_czech_messages_come_out_in_czech(english: str, fields_: dict[str, str]) -> None:
    i18n.set_language("cs")
    said = i18n._(english).format(**fields_)
    assert said != english.format(**fields_)
    assert all(value in said for value in fields_.values())
