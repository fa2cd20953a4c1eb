"""Where photos go, in the window: asked once per server (and again after a change), never for
the offline demo, told to the screen reader; the photobooth tells its visitors; the status bar
says where the round on show was made."""

from __future__ import annotations

from PySide6.QtCore import Qt

from camdraw.core import settings as settings_mod
from camdraw.core.providers import destinations
from tests.ui.window_helpers import photos, press, take_round, wait_for_camera

REMOTE = {"describe_server": "custom", "base_url": "https://llm.example.org/v1"}


class Asked:
    """Stands in for the notice dialog: records what it showed, answers ``answer``."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.texts: list[str] = []

    def __call__(self, text: str) -> bool:
        self.texts.append(text)
        return self.answer


def test_the_notice_comes_once_per_server_and_again_after_a_change(qtbot, make_window) -> None:
    window = make_window(**REMOTE)
    wait_for_camera(qtbot, window)
    asked = window.privacy.ask = Asked(False)
    told: list[str] = []
    window.announcer.announced.connect(lambda text, _assertive: told.append(text))

    press(qtbot, window, Qt.Key.Key_Space)  # declined: no photo is taken, nothing is sent

    assert len(asked.texts) == 1
    assert "https://llm.example.org/v1 receives a smaller copy of the photo" in asked.texts[0]
    assert str(window.settings.images_path()) in asked.texts[0]
    assert " ".join(asked.texts[0].split()) in told  # the screen reader is told it too
    assert not window.rounds.busy and photos(window) == []

    asked.answer = True
    assert window.privacy.confirm_before_sending()
    assert window.privacy.confirm_before_sending()  # confirmed: not asked again
    assert len(asked.texts) == 2
    window.jobs.wait()
    saved, _note = settings_mod.load()
    assert saved.confirmed_servers == ["custom:https://llm.example.org/v1"]

    window.apply_settings(
        window.settings.replace(
            describe_server="azure", base_url="https://studio.openai.azure.com/openai/v1/"
        )
    )
    assert window.privacy.confirm_before_sending()
    assert len(asked.texts) == 3 and "Azure OpenAI (studio.openai.azure.com)" in asked.texts[2]


def test_no_notice_for_the_offline_demo(qtbot, make_window) -> None:
    window = make_window(key=None, muted=True, describe_server="openai", base_url="")
    asked = window.privacy.ask = Asked(False)
    qtbot.waitUntil(lambda: window.service.offline, timeout=5000)
    record = take_round(qtbot, window)
    assert asked.texts == [] and record.offline
    label = window.privacy.where_label
    assert label.isVisible() and label.text() == "Described and painted on this computer."


def test_the_status_bar_says_where_the_round_was_made(qtbot, make_window, fake_openai) -> None:
    window = make_window(muted=True)  # the loopback server: this computer, no notice
    window.privacy.ask = Asked(False)
    record = take_round(qtbot, window)
    assert record.status == "done"
    assert record.privacy == {"described_at": "", "painted_at": ""}
    assert window.privacy.where_label.text() == "Described and painted on this computer."
    window.return_to_preview()
    assert not window.privacy.where_label.isVisible()


def test_the_photobooth_tells_visitors_where_their_photo_goes(qtbot, make_window) -> None:
    window = make_window(**REMOTE)
    asked = window.privacy.ask = Asked(True)  # the operator confirms when entering the booth
    window.commands["booth"].trigger()
    assert window.booth.locked and len(asked.texts) == 1
    line = destinations.visitor_notice(window.settings, False)
    assert line == "Your photo is sent to https://llm.example.org/v1 to be described and painted."
    assert line in window.step_label.text()
    window.booth.unlock()


def test_the_visitor_line_can_be_switched_off(qtbot, make_window) -> None:
    window = make_window(booth_notice=False, **REMOTE)
    window.privacy.ask = Asked(True)
    window.commands["booth"].trigger()
    assert window.booth.locked and "Your photo" not in window.step_label.text()
    window.booth.unlock()


def test_a_declined_notice_keeps_the_booth_unlocked(qtbot, make_window) -> None:
    window = make_window(**REMOTE)
    window.privacy.ask = Asked(False)
    window.commands["booth"].trigger()
    assert not window.booth.locked


def test_a_round_whose_description_failed_is_not_said_to_be_described(
    qtbot, make_window, fake_openai
) -> None:
    window = make_window(muted=True)
    window.privacy.ask = Asked(False)
    fake_openai.fail("chat", 400, "no such model", code="model_not_found")
    record = take_round(qtbot, window)
    assert record.status != "done" and record.privacy.get("described_at") == ""
    assert window.privacy.where_label.text() == (
        "The photo was sent to this computer; no description came back."
    )
