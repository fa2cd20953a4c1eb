"""The key stored for OpenAI never reaches another address put under the OpenAI preset, in
settings.json or in the settings dialog (issue 14, item 4): real SDK, real HTTP on 127.0.0.1."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from camdraw import app, cli, cli_key
from camdraw.core import settings as settings_mod
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.settings_dialog import SettingsDialog
from tests.conftest import MemoryKeyring
from tests.fake_openai import FakeOpenAI
from tests.media import jpeg_file

CANARY = "sk-canary-stored-for-openai-5e6f7a"
OWN_KEY = "sk-own-key-of-this-server-8b9c0d"


def auth_headers(server: FakeOpenAI) -> set[str | None]:
    """The Authorization headers the server was sent (compare them, never print them)."""
    return {r["headers"].get("Authorization") for r in server.requests}


def draw(photo: Path, out: Path) -> int:
    return cli.run(app.parse(["draw", str(photo), "--images-dir", str(out), "--no-speech"]))


def test_a_changed_address_in_settings_json_never_gets_the_openai_key(
    fake_openai: FakeOpenAI,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    KeyStore({}).store(CANARY)  # the OpenAI key, stored as the settings dialog stores it
    # settings.json (hand-edited, or written by anything) moves the OpenAI preset elsewhere.
    settings_mod.save(Settings(base_url=fake_openai.base_url, muted=True))
    photo, out = jpeg_file(tmp_path / "kitchen.jpg"), tmp_path / "out"

    assert draw(photo, out) == 1
    said = capsys.readouterr()
    assert "this server needs its own key" in said.err
    assert "only to https://api.openai.com" in said.err and "camdraw key set" in said.err
    assert f"Bearer {CANARY}" not in auth_headers(fake_openai)
    assert fake_openai.requests == []  # nothing was sent at all: no key, no request
    assert CANARY not in said.out + said.err

    # Its own key, given once (here from the command line), is used there from then on.
    monkeypatch.setattr("sys.stdin", io.StringIO(OWN_KEY + "\n"))
    assert cli_key.run(app.parse(["key", "set"])) == 0
    assert draw(photo, out) == 0
    assert auth_headers(fake_openai) == {f"Bearer {OWN_KEY}"}
    said = capsys.readouterr()
    assert CANARY not in said.out + said.err and OWN_KEY not in said.out + said.err
    assert KeyStore({}).require() == CANARY  # the OpenAI entry itself is untouched


def test_a_changed_address_in_the_dialog_asks_for_its_own_key(
    qtbot, fake_openai: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    keys = KeyStore({})
    keys.store(CANARY)
    dialog = SettingsDialog(Settings(), keys)
    qtbot.addWidget(dialog)
    panel = dialog.describe_panel
    assert panel.preset_id() == "openai"
    assert "stored in the system keyring" in panel.key_status.text()
    panel.address.setText(fake_openai.base_url)  # still the OpenAI preset
    host = fake_openai.base_url.split("//")[1].split("/")[0]
    assert panel.key_status.text() == f"No key is set for OpenAI at {host}."
    assert not panel.delete_key_button.isEnabled()  # the OpenAI key is not this server's

    qtbot.mouseClick(panel.test_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "No key is set for this server" in panel.test_result.text())
    assert fake_openai.requests == []

    panel.key_edit.setText(OWN_KEY)  # asked for once, stored for this server
    qtbot.mouseClick(panel.save_key_button, Qt.LeftButton)
    assert panel.key_status.text() == f"A key for OpenAI at {host} is stored in the system keyring."
    qtbot.mouseClick(panel.test_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(fake_openai.requests), timeout=10_000)
    qtbot.waitUntil(lambda: panel.test_button.isEnabled(), timeout=10_000)
    dialog.shutdown()
    assert auth_headers(fake_openai) == {f"Bearer {OWN_KEY}"}
    assert ("camdraw", "openai-api-key") in memory_keyring.store
    assert memory_keyring.store[("camdraw", f"api-key:openai:{host}")] == OWN_KEY


def test_the_window_says_the_moved_openai_server_needs_its_own_key(
    qtbot, fake_openai: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    from camdraw.ui import service_state

    keys = KeyStore({})
    keys.store(CANARY)
    state = service_state.look(Settings(base_url=fake_openai.base_url, service_mode="api"), keys)
    assert not state.key_found and state.own_key
    note = service_state.missing_key_note(state)
    assert "this server needs its own key" in note and state.server in note
    assert service_state.look(Settings(service_mode="api"), keys).key_found  # OpenAI itself
