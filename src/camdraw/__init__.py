"""camdraw: point a webcam, press space, get the scene described, painted and read aloud."""

from __future__ import annotations

import os
import re
import sys
from importlib import metadata
from pathlib import Path

if sys.platform == "win32":
    # Must be set before any module imports cv2 (imaging, the preview, the camera): with
    # hardware transforms on, opening a webcam through Media Foundation can take 10-30 s.
    os.environ.setdefault("OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS", "0")

UNKNOWN_VERSION = "0+unknown"


def _version(pyproject: Path | None = None) -> str:
    """pyproject.toml's version, as installed (the frozen app carries the same metadata)."""
    try:
        return metadata.version("camdraw")
    except metadata.PackageNotFoundError:
        pass
    # A source tree that was never installed (PYTHONPATH=src): read the one place directly.
    try:
        pyproject = pyproject or Path(__file__).resolve().parents[2] / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, IndexError):
        return UNKNOWN_VERSION
    project = text.split("[project]", 1)[-1].split("\n[", 1)[0]
    found = re.search(r'^version\s*=\s*"([^"]+)"', project, re.MULTILINE)
    return found.group(1) if found else UNKNOWN_VERSION


__version__ = _version()
