"""Where photos go: which servers a notice names, when it is due, and what it says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import camdraw
from camdraw.core import i18n
from camdraw.core.providers import destinations
from camdraw.core.providers.destinations import Destination
from camdraw.core.settings import Settings


@pytest.fixture
def czech() -> Iterator[None]:
    i18n.set_language("cs")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def no_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def confirm(settings: Settings, offline: bool = False) -> Settings:
    places = destinations.unconfirmed(settings, offline)
    return settings.replace(confirmed_servers=destinations.with_confirmed(settings, places))


def test_the_notice_is_due_once_per_server_and_again_after_a_change() -> None:
    settings = Settings()  # OpenAI at its own address
    assert destinations.unconfirmed(settings, False) == [Destination("openai", "OpenAI")]
    settings = confirm(settings)
    assert destinations.unconfirmed(settings, False) == []

    azure = settings.replace(
        describe_server="azure", base_url="https://studio.openai.azure.com/openai/v1/"
    )
    assert [p.name() for p in destinations.unconfirmed(azure, False)] == [
        "Azure OpenAI (studio.openai.azure.com)"
    ]
    custom = confirm(azure).replace(
        describe_server="custom", base_url="https://ana:secret-pw@llm.example.org:8443/v1/"
    )
    [place] = destinations.unconfirmed(custom, False)
    assert place.name() == "https://llm.example.org:8443/v1"  # never the user or password
    assert "secret-pw" not in place.key
    back = confirm(custom).replace(describe_server="openai", base_url="")
    assert destinations.unconfirmed(back, False) == []  # OpenAI was confirmed before


@pytest.mark.parametrize(
    "changes",
    [
        {"describe_server": "ollama", "base_url": ""},
        {"describe_server": "lmstudio", "base_url": ""},
        {"describe_server": "custom", "base_url": "http://127.0.0.1:8080/v1"},
        {"describe_server": "custom", "base_url": "http://[::1]:8080/v1"},
    ],
)
def test_no_notice_for_a_server_on_this_computer(changes: dict[str, str]) -> None:
    settings = Settings(**changes)
    assert destinations.unconfirmed(settings, False) == []
    assert destinations.places_line({"described_at": "", "painted_at": ""}) == (
        "Described and painted on this computer."
    )


def test_no_notice_for_the_offline_demo() -> None:
    assert destinations.unconfirmed(Settings(), offline=True) == []
    assert destinations.visitor_notice(Settings(), offline=True) == (
        "Your photo stays on this computer."
    )


def test_a_separate_painting_server_is_named_and_confirmed_too() -> None:
    settings = Settings(
        describe_server="ollama", paint_server="custom", paint_base_url="https://paint.example/v1"
    )
    assert [p.name() for p in destinations.unconfirmed(settings, False)] == [
        "https://paint.example/v1"
    ]
    text = destinations.notice(settings, False)
    assert "The photo is described on this computer." in text
    assert "https://paint.example/v1 receives the description and paints it." in text


def test_the_notice_says_what_is_sent_and_what_is_kept(tmp_path) -> None:
    settings = Settings(images_dir=str(tmp_path), likeness=True, blur_faces=True, keep_days=14)
    text = destinations.notice(settings, False)
    assert (
        "OpenAI receives a smaller copy of the photo with the faces blurred and describes it."
    ) in text
    assert "the photo itself with the faces blurred" in text
    assert str(tmp_path) in text and "deleted after 14 days" in text


@pytest.mark.usefixtures("czech")
def test_the_notice_is_in_czech() -> None:
    text = destinations.notice(Settings(likeness=True), False)
    assert "OpenAI dostane zmenšenou kopii fotky a popíše ji." in text
    assert "samotnou fotku" in text
    assert destinations.places_line({"described_at": "OpenAI", "painted_at": "OpenAI"}) == (
        "Popsal i namaloval OpenAI."
    )


def test_every_privacy_message_has_its_czech() -> None:
    root = Path(camdraw.__file__).parent
    sources = [
        root / "core" / "providers" / "destinations.py",
        root / "core" / "store" / "retention.py",
        root / "core" / "round" / "outgoing.py",
        root / "cli.py",
    ]
    missing = [m for m in i18n.messages_in(sources) if m not in i18n.catalogue("cs")]
    assert missing == []


def test_a_step_that_was_sent_but_did_not_finish_is_never_said_as_done() -> None:
    sent = {"described_at": ""}  # a loopback server that never answered
    assert destinations.places_line(sent, described_ok=False, painted_ok=False) == (
        "The photo was sent to this computer; no description came back."
    )
    both = {"described_at": "OpenAI", "painted_at": "OpenAI"}
    assert destinations.places_line(both, painted_ok=False) == (
        "Described by OpenAI; sent to OpenAI, no painting came back."
    )
    assert destinations.places_line({"painted_at": "OpenAI"}, painted_ok=False) == (
        "Sent to OpenAI to be painted; no painting came back."
    )
    assert destinations.places_line(both) == "Described and painted by OpenAI."
