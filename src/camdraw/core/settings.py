"""The typed settings model and its JSON file.

The API key is deliberately not a field: it lives in the system keyring (see ``apikey``).
Every field's type and range is declared once, on the model: loading checks a file against it
and the settings dialog takes its spin boxes' ranges from it (``bounds``). A file that is not
JSON, or has a value of the wrong kind or out of range, is backed up next to itself and replaced
by defaults; one that cannot be read at the moment is left alone and this session uses defaults.
Either way the reason is returned so the UI can say what happened. Fields this version does not
know (written by a newer camdraw) are kept and written back, so going back and forth between
versions loses nothing.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, with_config
from typing_extensions import TypedDict  # pydantic reads typing's only from Python 3.12

from camdraw.core import models, paths
from camdraw.core.disk import atomic_write_text, read_limited, replace_with_retry, retry_while_held
from camdraw.core.errors import ConfigError, StorageError
from camdraw.core.i18n import _

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_SETTINGS_BYTES = 4 * 1024 * 1024  # a few kB in use; a larger file is not read
ServiceMode = Literal["auto", "api", "offline"]
UiLanguage = Literal["", "cs", "en"]  # empty: follow the system
DescriptionReader = Literal["auto", "voice", "screen_reader", "both"]
STYLE_NAME_MAX = 100  # the style editor's fields take no more than the model does
STYLE_PROMPT_MAX = 1000

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


def _http_or_empty(address: str) -> str:
    if address and not address.startswith(("http://", "https://")):
        raise ValueError("not an http:// or https:// address")
    return address


Filled = Annotated[str, Field(pattern=r"\S")]  # something besides spaces
Address = Annotated[str, AfterValidator(_http_or_empty)]  # empty: the default server
ServerId = Annotated[str, Field(pattern=r"\S", max_length=32)]


@with_config(ConfigDict(extra="forbid", strict=True))
class CustomStyle(TypedDict):
    name: Annotated[str, Field(pattern=r"\S", max_length=STYLE_NAME_MAX)]
    prompt: Annotated[str, Field(max_length=STYLE_PROMPT_MAX)]


class Settings(BaseModel):
    """What the user chose. Immutable: ``replace`` makes a changed, checked copy."""

    # strict: a value of the wrong kind is an error, not a guess (an int is still a float).
    model_config = ConfigDict(frozen=True, strict=True, extra="allow")

    schema_version: Literal[1] = SCHEMA_VERSION
    language: Annotated[Filled, Field(max_length=16)] = "cs"
    vision_model: Filled = models.DEFAULT_VISION_MODEL
    image_model: Filled = models.DEFAULT_IMAGE_MODEL
    image_size: str = ""  # empty: the image model family's default
    image_quality: str = ""
    detail: Literal[models.DETAILS] = models.DEFAULT_DETAIL  # type: ignore[valid-type]
    max_description_tokens: int = Field(models.DEFAULT_DESCRIPTION_TOKENS, ge=16, le=4096)
    describe_prompt: str = ""  # empty: the default prompt for ``language``
    base_url: Address = ""  # empty: OPENAI_BASE_URL, else the OpenAI API
    describe_timeout_s: float = Field(60.0, ge=1, le=900)
    paint_timeout_s: float = Field(180.0, ge=1, le=900)
    images_dir: str = ""  # empty: paths.default_images_dir()
    camera: str = "0"
    mirror: bool = True
    muted: bool = False
    voice: str = ""  # empty: chosen by language
    save_narration: bool = False
    # empty: no moderation check
    moderation_model: str = Field(models.DEFAULT_MODERATION_MODEL, max_length=100)
    # Sending the key over plain http:// to another machine exposes it; only on request.
    allow_insecure_http: bool = False
    cooldown_s: float = Field(COOLDOWN_S, ge=0, le=3600)
    max_rounds_per_hour: int = Field(MAX_ROUNDS_PER_HOUR, ge=0, le=10_000)
    daily_budget_usd: float = Field(DAILY_BUDGET_USD, ge=0, le=10_000)
    use_cache: bool = True  # reuse descriptions and paintings of the same or a similar photo
    # Largest dhash distance (of 64 bits) that still counts as "the same scene"; -1: exact only.
    cache_distance: int = Field(models.DEFAULT_CACHE_DISTANCE, ge=-1, le=32)
    # "auto": the service when a key is found, else the offline demo; "api"; "offline".
    service_mode: ServiceMode = "auto"
    # Servers: a preset id (see core.servers) and its address; painting may use another one.
    describe_server: ServerId = "openai"
    paint_server: ServerId = "same"  # "same": the describing server and its key
    paint_base_url: Address = ""
    style: str = Field("", max_length=100)  # a preset style id or a custom style's name
    custom_styles: list[CustomStyle] = Field(default_factory=list)
    likeness: bool = False  # paint from the photo itself (image edit endpoint)
    ui_language: UiLanguage = ""
    speak_status: bool = False  # say "taking photo", "describing", "painting", "done"
    # Who reads the description: camdraw's "voice", the "screen_reader", "both", or "auto"
    # (the screen reader while one is running, else camdraw's voice): core.speech.screen_reader
    description_reader: DescriptionReader = "auto"
    countdown_s: int = Field(0, ge=0, le=30)  # photobooth: 3-2-1 before the photo; 0: none
    return_after_s: int = Field(0, ge=0, le=3600)  # photobooth: back to the preview; 0: stay
    frame_before_countdown: bool = False  # photobooth: say what the camera sees (framing help)
    # Privacy (core/faces.py, core/store/retention.py): blur faces in what is sent; delete
    # rounds older than keep_days (0: keep for ever).
    blur_faces: bool = False
    keep_days: int = Field(0, ge=0, le=3650)
    # Photobooth: tell visitors where their photo goes before the countdown; delete each
    # visitor's round once it has been shown (after booth_delete_after_min; 0: on return).
    booth_notice: bool = True
    booth_delete_rounds: bool = False
    booth_delete_after_min: int = Field(0, ge=0, le=1440)
    # The servers the user was told a photo goes to, and confirmed (core/providers/destinations.py).
    confirmed_servers: list[Annotated[str, Field(max_length=2048)]] = Field(default_factory=list)

    def limit_settings(self) -> LimitSettings:
        return LimitSettings(self.cooldown_s, self.max_rounds_per_hour, self.daily_budget_usd)

    def images_path(self) -> Path:
        return Path(self.images_dir).expanduser() if self.images_dir else paths.default_images_dir()

    def effective_base_url(self) -> str | None:
        return self.base_url.strip() or os.environ.get("OPENAI_BASE_URL", "").strip() or None

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes``, checked like a loaded file (ConfigError names the field)."""
        unknown = sorted(changes.keys() - type(self).model_fields.keys())
        if unknown:  # a typo in code, not something a user did
            raise TypeError(f"Settings has no field {', '.join(unknown)}")
        return from_dict({**self.model_dump(), **changes})


def bounds(name: str) -> tuple[Any, Any]:
    """The lowest and highest value of the setting ``name``: what its spin box offers."""
    low = high = None
    for rule in Settings.model_fields[name].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    if low is None or high is None:
        raise ValueError(f"The setting '{name}' has no range.")
    return low, high


def from_dict(data: dict[str, Any]) -> Settings:
    """Settings from parsed JSON, strictly: a value of the wrong kind or out of range is a
    ConfigError naming the field. Fields this version does not know are kept as they are."""
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        location = error.errors()[0]["loc"]
        name = str(location[0]) if location else "schema_version"
        raise ConfigError(
            _("The setting '{name}' has an invalid value: {value!r}.").format(
                name=name, value=data.get(name)
            )
        ) from None


def load(path: Path | None = None) -> tuple[Settings, str | None]:
    """Load settings; on trouble return defaults plus a message saying what was done.

    Only a file whose content is wrong is damage, moved aside and replaced. A file that cannot
    be read right now (no permission, another program holding it past a short wait, a network
    drive gone) is left where it is: this session runs on defaults and the next start tries
    again."""
    path = path or paths.settings_file()
    try:
        # A regular file of a sane size: a pipe or /dev/zero in its place is not read for ever.
        raw = retry_while_held(lambda: read_limited(path, MAX_SETTINGS_BYTES))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, StorageError) as error:
        reason = (
            error.message
            if isinstance(error, StorageError)
            else error.strerror or type(error).__name__
        )
        message = _(
            "Your settings file could not be read ({reason}); camdraw started with default "
            "settings for now and left the file as it is."
        ).format(reason=reason)
        log.warning("settings not read: %s", message)
        return Settings(), message
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ConfigError(_("The settings file does not hold a settings object."))
        return from_dict(data), None
    except (UnicodeDecodeError, ValueError, ConfigError, RecursionError) as error:
        # RecursionError: JSON nested thousands deep; moved aside like any damage, so the
        # next start is not the same crash again.
        backup = path.with_name(f"{path.stem}.broken-{time.strftime('%Y%m%d-%H%M%S')}.json")
        try:
            replace_with_retry(path, backup)
        except OSError:
            backup = path
        if isinstance(error, RecursionError):
            reason = _("it is nested too deeply to read")
        else:
            reason = error.message if isinstance(error, ConfigError) else _("it is not valid JSON")
        message = _(
            "Your settings file was damaged ({reason}); camdraw started with default "
            "settings and kept the old file as {backup}."
        ).format(reason=reason, backup=backup.name)
        log.warning("settings reset: %s", message)
        return Settings(), message


def save(settings: Settings, path: Path | None = None) -> None:
    path = path or paths.settings_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(settings.model_dump(), indent=2, ensure_ascii=False)
        atomic_write_text(path, text + "\n")
    except RecursionError as error:  # a value nested too deeply, kept from a hand-edited file
        raise StorageError(
            _("Settings could not be saved: a value in them is nested too deeply.")
        ) from error
    except OSError as error:
        raise StorageError(
            _("Settings could not be saved to {path}: {reason}.").format(
                path=path, reason=error.strerror
            )
        ) from error


def save_changes(changes: dict[str, Any], path: Path | None = None) -> None:
    """Write ``changes`` into the stored settings, keeping everything else as it is on disk.

    A file that cannot be read right now is not overwritten with defaults: the user's own
    settings would be lost. That is a StorageError, shown like any failed save."""
    path = path or paths.settings_file()
    stored, note = load(path)
    if note is not None and path.exists():
        raise StorageError(_("Settings were not saved: {note}").format(note=note))
    save(stored.replace(**changes), path)
