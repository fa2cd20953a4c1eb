"""The typed settings model and its JSON file.

The API key is deliberately not a field: it lives in the system keyring (see ``apikey``).
A file that is not JSON, has unknown fields or out-of-range values is backed up next to itself
and replaced by defaults; one that cannot be read at the moment is left alone and this session
uses defaults. Either way the reason is returned so the UI can say what happened.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from camdraw.core import models, paths
from camdraw.core.disk import atomic_write_text, replace_with_retry, retry_while_held
from camdraw.core.errors import ConfigError, StorageError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SERVICE_MODES = ("auto", "api", "offline")
UI_LANGUAGES = ("", "cs", "en")


def _valid_styles(styles: object) -> bool:
    return isinstance(styles, list) and all(
        isinstance(item, dict)
        and set(item) == {"name", "prompt"}
        and all(isinstance(v, str) for v in item.values())
        and 0 < len(item["name"].strip()) <= 100
        and len(item["prompt"]) <= 1000
        for item in styles
    )


# The limits' defaults, here once: the settings file's fields and LimitSettings share them.
COOLDOWN_S = 3.0  # between the starts of two rounds
MAX_ROUNDS_PER_HOUR = 60  # 0: no cap
DAILY_BUDGET_USD = 5.0  # 0: no budget


@dataclass(frozen=True)
class LimitSettings:
    """What core/round/limits.py enforces; 0 switches a limit off."""

    cooldown_s: float = COOLDOWN_S
    max_rounds_per_hour: int = MAX_ROUNDS_PER_HOUR
    daily_budget_usd: float = DAILY_BUDGET_USD


@dataclass
class Settings:
    schema_version: int = SCHEMA_VERSION
    language: str = "cs"
    vision_model: str = models.DEFAULT_VISION_MODEL
    image_model: str = models.DEFAULT_IMAGE_MODEL
    image_size: str = ""  # empty: the image model family's default
    image_quality: str = ""
    detail: str = models.DEFAULT_DETAIL
    max_description_tokens: int = models.DEFAULT_DESCRIPTION_TOKENS
    describe_prompt: str = ""  # empty: the default prompt for ``language``
    base_url: str = ""  # empty: OPENAI_BASE_URL, else the OpenAI API
    describe_timeout_s: float = 60.0
    paint_timeout_s: float = 180.0
    images_dir: str = ""  # empty: paths.default_images_dir()
    camera: str = "0"
    mirror: bool = True
    muted: bool = False
    voice: str = ""  # empty: chosen by language
    save_narration: bool = False
    moderation_model: str = models.DEFAULT_MODERATION_MODEL  # empty: no moderation check
    # Sending the key over plain http:// to another machine exposes it; only on request.
    allow_insecure_http: bool = False
    cooldown_s: float = COOLDOWN_S
    max_rounds_per_hour: int = MAX_ROUNDS_PER_HOUR
    daily_budget_usd: float = DAILY_BUDGET_USD
    use_cache: bool = True  # reuse descriptions and paintings of the same or a similar photo
    # Largest dhash distance (of 64 bits) that still counts as "the same scene"; -1: exact only.
    cache_distance: int = models.DEFAULT_CACHE_DISTANCE
    # "auto": the service when a key is found, else the offline demo; "api"; "offline".
    service_mode: str = "auto"
    # Servers: a preset id (see core.servers) and its address; painting may use another one.
    describe_server: str = "openai"
    paint_server: str = "same"  # "same": the describing server and its key
    paint_base_url: str = ""
    style: str = ""  # a preset style id or a custom style's name; empty: no style
    custom_styles: list[dict[str, str]] = field(default_factory=list)  # [{"name", "prompt"}]
    likeness: bool = False  # paint from the photo itself (image edit endpoint)
    ui_language: str = ""  # empty: follow the system; "cs" or "en"
    speak_status: bool = False  # say "taking photo", "describing", "painting", "done"
    countdown_s: int = 0  # photobooth: 3-2-1 before the photo; 0: none
    return_after_s: int = 0  # photobooth: back to the live preview after N s; 0: stay

    def validate(self) -> None:
        """Raise ConfigError naming the first field that is out of range."""
        checks: list[tuple[bool, str]] = [
            (self.schema_version == SCHEMA_VERSION, "schema_version"),
            (bool(self.language.strip()) and len(self.language) <= 16, "language"),
            (bool(self.vision_model.strip()), "vision_model"),
            (bool(self.image_model.strip()), "image_model"),
            (self.detail in models.DETAILS, "detail"),
            (16 <= self.max_description_tokens <= 4096, "max_description_tokens"),
            (1 <= self.describe_timeout_s <= 900, "describe_timeout_s"),
            (1 <= self.paint_timeout_s <= 900, "paint_timeout_s"),
            (self.base_url == "" or self.base_url.startswith(("http://", "https://")), "base_url"),
            (len(self.moderation_model) <= 100, "moderation_model"),
            (0 <= self.cooldown_s <= 3600, "cooldown_s"),
            (0 <= self.max_rounds_per_hour <= 10_000, "max_rounds_per_hour"),
            (0 <= self.daily_budget_usd <= 10_000, "daily_budget_usd"),
            (-1 <= self.cache_distance <= 32, "cache_distance"),
            (self.service_mode in SERVICE_MODES, "service_mode"),
            (
                bool(self.describe_server.strip()) and len(self.describe_server) <= 32,
                "describe_server",
            ),
            (bool(self.paint_server.strip()) and len(self.paint_server) <= 32, "paint_server"),
            (
                self.paint_base_url == ""
                or self.paint_base_url.startswith(("http://", "https://")),
                "paint_base_url",
            ),
            (len(self.style) <= 100, "style"),
            (_valid_styles(self.custom_styles), "custom_styles"),
            (self.ui_language in UI_LANGUAGES, "ui_language"),
            (0 <= self.countdown_s <= 30, "countdown_s"),
            (0 <= self.return_after_s <= 3600, "return_after_s"),
        ]
        for ok, name in checks:
            if not ok:
                raise ConfigError(
                    f"The setting '{name}' has an invalid value: {getattr(self, name)!r}."
                )

    def limit_settings(self) -> LimitSettings:
        return LimitSettings(self.cooldown_s, self.max_rounds_per_hour, self.daily_budget_usd)

    def images_path(self) -> Path:
        return Path(self.images_dir).expanduser() if self.images_dir else paths.default_images_dir()

    def effective_base_url(self) -> str | None:
        return self.base_url.strip() or os.environ.get("OPENAI_BASE_URL", "").strip() or None

    def replace(self, **changes: Any) -> Settings:
        updated = dataclasses.replace(self, **changes)
        updated.validate()
        return updated


def from_dict(data: dict[str, Any]) -> Settings:
    """Build Settings from parsed JSON, strictly: unknown fields and wrong types are errors."""
    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"Unknown settings: {', '.join(unknown)}.")
    defaults = Settings()
    values: dict[str, Any] = {}
    for name, value in data.items():
        expected = type(getattr(defaults, name))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not expected:
            raise ConfigError(f"The setting '{name}' should be a {expected.__name__}.")
        values[name] = value
    settings = Settings(**values)
    settings.validate()
    return settings


def load(path: Path | None = None) -> tuple[Settings, str | None]:
    """Load settings; on trouble return defaults plus a message saying what was done.

    Only a file whose content is wrong is damage, moved aside and replaced. A file that cannot
    be read right now (no permission, another program holding it past a short wait, a network
    drive gone) is left where it is: this session runs on defaults and the next start tries
    again."""
    path = path or paths.settings_file()
    try:
        raw = retry_while_held(path.read_bytes)
    except FileNotFoundError:
        return Settings(), None
    except OSError as error:
        message = (
            f"Your settings file could not be read ({error.strerror or type(error).__name__}); "
            "camdraw started with default settings for now and left the file as it is."
        )
        log.warning("settings not read: %s", message)
        return Settings(), message
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ConfigError("The settings file does not hold a settings object.")
        return from_dict(data), None
    except (UnicodeDecodeError, ValueError, ConfigError) as error:
        backup = path.with_name(f"{path.stem}.broken-{time.strftime('%Y%m%d-%H%M%S')}.json")
        try:
            replace_with_retry(path, backup)
        except OSError:
            backup = path
        reason = error.message if isinstance(error, ConfigError) else "it is not valid JSON"
        message = (
            f"Your settings file was damaged ({reason}); camdraw started with default "
            f"settings and kept the old file as {backup.name}."
        )
        log.warning("settings reset: %s", message)
        return Settings(), message


def save(settings: Settings, path: Path | None = None) -> None:
    settings.validate()
    path = path or paths.settings_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(dataclasses.asdict(settings), indent=2, ensure_ascii=False)
        atomic_write_text(path, text + "\n")
    except OSError as error:
        raise StorageError(f"Settings could not be saved to {path}: {error.strerror}.") from error


def save_changes(changes: dict[str, Any], path: Path | None = None) -> None:
    """Write ``changes`` into the stored settings, keeping everything else as it is on disk.

    A file that cannot be read right now is not overwritten with defaults: the user's own
    settings would be lost. That is a StorageError, shown like any failed save."""
    path = path or paths.settings_file()
    stored, note = load(path)
    if note is not None and path.exists():
        raise StorageError(f"Settings were not saved: {note}")
    save(stored.replace(**changes), path)
