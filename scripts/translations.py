"""Keep the Czech interface translation in step with the code.

    python scripts/translations.py update    # collect tr() strings into resources/i18n/*.ts
    python scripts/translations.py release   # compile them into the .qm files the app loads
    python scripts/translations.py check     # non-zero, with a list, if anything is missing

``update`` runs Qt's lupdate over the window code (src/camdraw/ui and src/camdraw/app.py) and
keeps the translations already in the .ts; new strings arrive marked unfinished. Translate them
(Qt Linguist: ``pyside6-linguist resources/i18n/camdraw_cs.ts``, or by hand in the XML), then
``release``. ``check`` fails when a tr() string has no finished Czech translation, when a
translation loses a placeholder such as {n} or the & of a mnemonic, or when the .qm is older
than the .ts it comes from.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

# The interface languages and the source language (English) are the app's: its .ts holds
# only the plural forms ("%Ln round(s)" → "1 round" / "5 rounds"), which the source text
# cannot spell for every number.
from camdraw.ui.i18n import LANGUAGES, SOURCE_LANGUAGE

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%L?(?:\d+|n)")


def ts_file(code: str, folder: Path = I18N) -> Path:
    return folder / f"camdraw_{code}.ts"


def qm_file(code: str, folder: Path = I18N) -> Path:
    """The compiled file, named as camdraw.ui.i18n.translation_file looks it up."""
    return folder / f"camdraw_{code}.qm"


def sources(root: Path = ROOT) -> list[Path]:
    """The files whose tr() strings are translated: the window code and the start-up."""
    package = root / "src" / "camdraw"
    return [*sorted(package.joinpath("ui").rglob("*.py")), package / "app.py"]


def tool(name: str) -> str:
    """A Qt tool from the venv this script runs in (pyside6-lupdate, pyside6-lrelease)."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} was not found next to {sys.executable} or on PATH")
    return found


def lupdate(ts: Path, code: str, root: Path = ROOT) -> None:
    ts.parent.mkdir(parents=True, exist_ok=True)
    command = [
        tool("pyside6-lupdate"),
        *[str(path) for path in sources(root)],
        "-source-language",
        SOURCE_LANGUAGE,
        "-target-language",
        code,
        # No line numbers: they would change the .ts whenever code moves.
        "-locations",
        "none",
        # Strings that left the code stay in the .ts as "vanished" (not compiled): if one
        # comes back, or moves to the context Qt looks up, its translation is reused.
        "-silent",
        *(["-pluralonly"] if code == SOURCE_LANGUAGE else []),
        "-ts",
        str(ts),
    ]
    subprocess.run(command, check=True, cwd=root)


def lrelease(ts: Path, qm: Path) -> None:
    qm.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, cwd=ROOT
    )


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    kind: str  # "" (finished), "unfinished", "vanished", "obsolete"
    numerus: bool


def read_ts(ts: Path) -> list[Message]:
    messages = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = "" if translation is None else translation.get("type", "")
            if translation is None:
                text = ""
            elif message.get("numerus") == "yes":
                text = "\n".join(form.text or "" for form in translation.iter("numerusform"))
            else:
                text = translation.text or ""
            messages.append(
                Message(
                    name,
                    message.findtext("source", ""),
                    text,
                    kind,
                    message.get("numerus") == "yes",
                )
            )
    return messages


def runtime_contexts(root: Path = ROOT) -> set[str]:
    """Contexts Qt can look strings up in: the classes whose ``self.tr()`` is used and the
    literal contexts of ``QCoreApplication.translate("Context", ...)``."""
    found: set[str] = set()
    for path in sources(root):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"^\s*class\s+(\w+)", text, re.MULTILINE))
        found |= set(re.findall(r"translate\(\s*[\"']([^\"']+)[\"']", text))
    return found


def problems(messages: list[Message], contexts: set[str] | None = None) -> list[str]:
    """What keeps the translation from being complete, one line each. With ``contexts``, a
    string filed under a context Qt never asks for (a ``tr()`` wrapper function, or
    ``parent.tr()``, which lupdate files under "parent") counts too: it would stay English."""
    found = []
    for m in messages:
        if m.kind in ("vanished", "obsolete"):
            continue
        where = f"{m.context}: {m.source!r}"
        if contexts is not None and m.context not in contexts:
            found.append(
                f"context {m.context!r} is never looked up at run time: {m.source!r} "
                '(write QCoreApplication.translate("Class", "...") with a literal context)'
            )
        if m.kind == "unfinished" or not m.translation.strip():
            found.append(f"not translated: {where}")
            continue
        forms = m.translation.split("\n") if m.numerus else [m.translation]
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(m.source)):
                found.append(f"placeholders differ: {where} -> {form!r}")
            if mnemonics(m.source) and not mnemonics(form):
                found.append(f"mnemonic (&) missing: {where} -> {form!r}")
    return found


def mnemonics(text: str) -> list[str]:
    """The letters marked with & (a doubled && is a literal ampersand)."""
    return [c.lower() for c in re.findall(r"(?<!&)&([^&\s])", text.replace("&&", ""))]


def update() -> int:
    for code in LANGUAGES:
        lupdate(ts_file(code), code)
        missing = [p for p in problems(read_ts(ts_file(code))) if p.startswith("not translated")]
        print(f"{ts_file(code).relative_to(ROOT)}: {len(missing)} string(s) to translate")
    return 0


def release() -> int:
    for code in LANGUAGES:
        lrelease(ts_file(code), qm_file(code))
        print(f"wrote {qm_file(code).relative_to(ROOT)}")
    return 0


def check() -> int:
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for code in LANGUAGES:
            ts, qm = ts_file(code), qm_file(code)
            if not ts.is_file():
                failures.append(f"{ts.relative_to(ROOT)} is missing: run 'update'")
                continue
            # Strings added to the code since the last update count as untranslated.
            fresh = Path(tmp) / ts.name
            shutil.copyfile(ts, fresh)
            lupdate(fresh, code)
            found = problems(read_ts(fresh), runtime_contexts())
            failures += [f"{code}: {line}" for line in found]
            built = Path(tmp) / qm.name
            lrelease(ts, built)
            if not qm.is_file() or qm.read_bytes() != built.read_bytes():
                failures.append(f"{qm.relative_to(ROOT)} is stale: run 'release'")
    for line in failures:
        print(line)
    if not failures:
        print("translations complete and compiled")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "release", "check"])
    command = parser.parse_args(argv).command
    return {"update": update, "release": release, "check": check}[command]()


if __name__ == "__main__":
    raise SystemExit(main())
