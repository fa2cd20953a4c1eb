"""The contract: camdraw.core (and the headless command) run without Qt."""

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError(f"{name} imported by camdraw.core")
sys.meta_path.insert(0, BlockQt())
import camdraw.core
names = [m.name for m in pkgutil.walk_packages(camdraw.core.__path__, "camdraw.core.")]
for name in names + ["camdraw.cli", "camdraw.app"]:
    importlib.import_module(name)
print(len(names))
"""


def test_core_imports_no_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10  # every core module was really imported


def test_openai_is_not_imported_at_start_up() -> None:
    code = "import sys, camdraw.app, camdraw.core.round.pipeline; print('openai' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr
