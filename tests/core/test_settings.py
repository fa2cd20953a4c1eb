import json
from pathlib import Path

import pytest

from camdraw.core import models, paths, settings
from camdraw.core.errors import ConfigError
from camdraw.core.settings import Settings


def test_defaults_load_when_there_is_no_file() -> None:
    loaded, note = settings.load()
    assert note is None
    assert loaded == Settings()
    assert loaded.vision_model == models.DEFAULT_VISION_MODEL
    assert loaded.language == "cs"


def test_save_and_load_round_trip_under_camdraw_home(camdraw_home: Path) -> None:
    changed = Settings().replace(
        language="en", mirror=False, image_model="dall-e-3", paint_timeout_s=240.0
    )
    settings.save(changed)
    assert paths.settings_file() == camdraw_home / "config" / "settings.json"
    assert settings.load() == (changed, None)
    data = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    assert data["schema_version"] == settings.SCHEMA_VERSION
    assert not any("key" in name for name in data)  # the API key is never a setting


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1, 2]",
        '{"language": 5}',
        '{"mirror": 1}',
        '{"cooldown_s": "3"}',
        '{"detail": "ultra"}',
        '{"schema_version": 99}',
        '{"max_description_tokens": 0}',
    ],
)
def test_corrupt_files_are_backed_up_and_replaced_by_defaults(content: str) -> None:
    file = paths.settings_file()
    file.parent.mkdir(parents=True)
    file.write_text(content, encoding="utf-8")
    loaded, note = settings.load()
    assert loaded == Settings()
    assert note is not None and "default settings" in note
    backups = list(file.parent.glob("settings.broken-*.json"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == content
    assert not file.exists()


def test_invalid_values_are_refused_with_the_field_named() -> None:
    with pytest.raises(ConfigError, match="base_url"):
        Settings().replace(base_url="ftp://example")
    with pytest.raises(ConfigError, match="detail"):
        Settings().replace(detail="ultra")


def test_images_dir_defaults_and_base_url_from_environment(
    camdraw_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Settings().images_path() == camdraw_home / "images"
    assert Settings(images_dir="~/x").images_path() == Path("~/x").expanduser()
    assert Settings().effective_base_url() is None
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert Settings().effective_base_url() == "http://127.0.0.1:9/v1"
    assert Settings(base_url="https://own/v1").effective_base_url() == "https://own/v1"


def test_source_checkout_default_is_its_images_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAMDRAW_HOME")
    root = paths.source_root()
    assert root is not None and (root / "pyproject.toml").is_file()
    assert paths.default_images_dir() == root / "images"


def test_issue_6_fields_round_trip(camdraw_home: Path) -> None:
    changed = Settings().replace(
        service_mode="offline",
        describe_server="ollama",
        paint_server="openai",
        paint_base_url="https://api.openai.com/v1",
        style="comic",
        custom_styles=[{"name": "Linoryt", "prompt": "Style: a linocut print."}],
        likeness=True,
        ui_language="en",
        speak_status=True,
        countdown_s=3,
        return_after_s=20,
    )
    settings.save(changed)
    assert settings.load() == (changed, None)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("service_mode", "cloud"),
        ("ui_language", "de"),
        ("countdown_s", 31),
        ("return_after_s", -1),
        ("paint_base_url", "ftp://example.org"),
        ("custom_styles", [{"name": "", "prompt": "x"}]),
        ("custom_styles", [{"name": "a", "prompt": "x", "extra": "y"}]),
        ("custom_styles", ["watercolour"]),
    ],
)
def test_issue_6_fields_are_validated(name: str, value: object) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings().replace(**{name: value})


def test_a_settings_file_with_a_wrong_custom_style_falls_back_to_defaults(
    camdraw_home: Path,
) -> None:
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"custom_styles": [{"name": 3, "prompt": "x"}]}), encoding="utf-8")
    loaded, note = settings.load()
    assert loaded == Settings()
    assert note is not None and "custom_styles" in note


def test_fields_a_newer_camdraw_wrote_survive_a_load_and_a_save(camdraw_home: Path) -> None:
    """A newer version's settings (here "wild_option") are not damage: an older camdraw keeps
    them, and writes them back when it saves a choice of its own."""
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    newer = {"language": "en", "wild_option": True, "future": {"dial": [1, 2]}}
    path.write_text(json.dumps(newer), encoding="utf-8")
    loaded, note = settings.load()
    assert note is None and loaded.language == "en"
    assert list(path.parent.iterdir()) == [path]  # not moved aside
    settings.save_changes({"muted": True})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["wild_option"] is True and data["future"] == {"dial": [1, 2]}
    assert data["muted"] is True and data["language"] == "en"
    assert settings.load() == (loaded.replace(muted=True), None)


def test_code_cannot_set_a_setting_that_does_not_exist() -> None:
    with pytest.raises(TypeError, match="cooldwn_s"):
        Settings().replace(cooldwn_s=1.0)


RANGES = {
    "max_description_tokens": (16, 4096),
    "describe_timeout_s": (1, 900),
    "paint_timeout_s": (1, 900),
    "cooldown_s": (0, 3600),
    "max_rounds_per_hour": (0, 10_000),
    "daily_budget_usd": (0, 10_000),
    "cache_distance": (-1, 32),
    "countdown_s": (0, 30),
    "return_after_s": (0, 3600),
}


@pytest.mark.parametrize(("name", "expected"), RANGES.items())
def test_each_number_has_its_range_on_the_model(name: str, expected: tuple[int, int]) -> None:
    low, high = settings.bounds(name)
    assert (low, high) == expected
    kind = type(getattr(Settings(), name))
    assert Settings().replace(**{name: kind(low)}).model_dump()[name] == low
    assert Settings().replace(**{name: kind(high)}).model_dump()[name] == high
    for outside in (low - 1, high + 1):
        with pytest.raises(ConfigError, match=name):
            settings.from_dict({name: kind(outside)})  # as a settings file would hold it
