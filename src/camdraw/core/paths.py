"""Where camdraw keeps things.

One place for every directory. ``CAMDRAW_HOME`` overrides all of them (tests point it at a
temporary directory so they never touch a real user's files).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "camdraw"
HOME_ENV = "CAMDRAW_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, False))


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, False))


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, False))


def settings_file() -> Path:
    return config_dir() / "settings.json"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def source_root() -> Path | None:
    """The checkout this package runs from, or None when installed or frozen."""
    if is_frozen():
        return None
    root = Path(__file__).resolve().parents[3]
    if (root / "pyproject.toml").is_file() and (root / "src" / "camdraw").is_dir():
        return root
    return None


def default_images_dir() -> Path:
    """``./images`` in a source checkout, the user's Pictures/camdraw otherwise."""
    home = _home()
    if home:
        return home / "images"
    root = source_root()
    if root is not None:
        return root / "images"
    return Path(platformdirs.user_pictures_dir()) / APP_NAME


def resource_path(name: str) -> Path | None:
    """A file from ``resources/`` (the checkout's, or the one bundled in a frozen app)."""
    candidates = []
    if is_frozen():
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources")
    root = source_root()
    if root is not None:
        candidates.append(root / "resources")
    for folder in candidates:
        if (folder / name).is_file():
            return folder / name
    return None
