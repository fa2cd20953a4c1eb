"""The core's shape, as pyproject.toml's import-linter contracts state it: no Qt and no window
in camdraw.core, and imports only downwards (round → providers, speech, store → base)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# import-linter's own command line (lint-imports), run with this interpreter on any platform.
LINT = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.argv = ['lint-imports', '--no-cache']; lint_imports_command()"
)


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [sys.executable, "-c", LINT],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_the_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("settings.py", "from camdraw.core.round import limits", "core layers"),
        ("store/record.py", "from camdraw.core.providers import client", "core layers"),
        ("speech/voices.py", "import PySide6.QtCore", "neither Qt"),
    ],
)
def test_an_import_against_the_layers_breaks_a_contract(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    """The contracts can fail: the same tree with one import pointing the wrong way."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "src" / "camdraw",
        tmp_path / "src" / "camdraw",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    target = tmp_path / "src" / "camdraw" / "core" / module
    text = target.read_text(encoding="utf-8")
    future = "from __future__ import annotations\n"
    assert future in text
    target.write_text(text.replace(future, f"{future}{line}\n", 1), encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 kept, 1 broken" in result.stdout
    assert broken in result.stdout.split("Broken contracts")[1]
