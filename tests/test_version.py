"""The version is written once, in pyproject.toml; camdraw reads it back through
``importlib.metadata`` (installed, or frozen with its METADATA) or, in a source tree that was
never installed, from pyproject.toml itself."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import camdraw

ROOT = Path(__file__).resolve().parents[1]


def declared_version() -> str:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def test_the_version_is_the_installed_metadata() -> None:
    assert camdraw.__version__ == metadata.version("camdraw")


def test_no_version_is_written_in_the_sources() -> None:
    written = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*__version__\s*=\s*['\"]", line)
    ]
    assert written == []


def test_a_source_tree_that_was_never_installed_reads_pyproject(tmp_path: Path) -> None:
    # A copy of the tree without the egg-info an editable install leaves in src/, run with
    # -I -S: no site-packages and no PYTHON* variables, so no camdraw metadata anywhere.
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "src" / "camdraw",
        tmp_path / "src" / "camdraw",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path / 'src')!r}); import camdraw; "
        "from importlib import metadata\n"
        "try:\n    metadata.version('camdraw'); print('installed')\n"
        "except metadata.PackageNotFoundError:\n    print(camdraw.__version__)"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == declared_version()


def test_the_fallback_reads_the_project_table_else_says_unknown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(camdraw.metadata, "version", not_installed)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.other]\nversion = "9.9"\n\n[project]\nname = "camdraw"\nversion = "0.2.0rc1"\n'
        '\n[tool.later]\nversion = "8.8"\n',
        encoding="utf-8",
    )
    assert camdraw._version(pyproject) == "0.2.0rc1"
    assert camdraw._version(tmp_path / "missing.toml") == camdraw.UNKNOWN_VERSION
