"""The Session: the long-lived parts of rounds, and the one place a Pipeline is wired."""

from __future__ import annotations

from pathlib import Path

import pytest

from camdraw.core.errors import MissingKeyError
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.provider import OpenAIProvider
from camdraw.core.round.limits import Limits
from camdraw.core.round.round_steps import RoundEvent
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from camdraw.core.store.cache import RoundCache

OFFLINE_HINT = "Or try the offline demo: --offline."


class Speaker:
    def say(self, text: str, *, save_to: Path | None = None, on_done: object = None) -> None: ...


def test_every_pipeline_of_a_session_shares_its_cache_limits_speaker_and_clients(
    tmp_path: Path,
) -> None:
    keys = KeyStore({})
    speaker = Speaker()
    session = Session.standard(Settings(), keys, speaker=speaker)
    assert isinstance(session.cache, RoundCache) and isinstance(session.limits, Limits)
    settings = Settings(describe_server="ollama", images_dir=str(tmp_path))  # needs no key
    events: list[RoundEvent] = []
    first = session.pipeline(settings, listener=events.append)
    again = session.pipeline(settings, bypass_cache=True)  # "regenerate anyway"
    assert first.settings is settings and first.listener == events.append
    assert first.cache is session.cache and again.cache is None
    assert first.limits is again.limits is session.limits
    assert first.speaker is again.speaker is speaker
    assert session.keys is keys
    provider = first.provider()
    assert isinstance(provider, OpenAIProvider)
    assert again.provider() is provider  # the same client and its open connections


def test_a_session_without_cache_or_limits_wires_none() -> None:
    pipeline = Session(KeyStore({})).pipeline(Settings())
    assert pipeline.cache is None and pipeline.limits is None and pipeline.speaker is None


def test_a_missing_key_names_the_sessions_way_out_only_when_it_has_one() -> None:
    api = Settings(service_mode="api")
    with pytest.raises(MissingKeyError) as plain:
        Session(KeyStore({})).provider(api)
    with pytest.raises(MissingKeyError) as hinted:
        Session(KeyStore({}), missing_key_hint=OFFLINE_HINT).provider(api)
    assert OFFLINE_HINT not in str(plain.value)
    assert hinted.value.message == plain.value.message
    assert hinted.value.hint == f"{plain.value.hint} {OFFLINE_HINT}"


def test_warming_up_builds_the_provider_the_first_round_uses_and_never_raises() -> None:
    session = Session(KeyStore({}))
    session.warm_up(Settings(service_mode="api"))  # no key: the round will say so, not this
    local = Settings(describe_server="ollama")
    session.warm_up(local)
    assert session.pipeline(local).provider() is session.provider(local)


def test_new_settings_reach_the_limits() -> None:
    session = Session.standard(Settings(cooldown_s=0), KeyStore({}))
    assert session.limits is not None and session.limits.check() is None
    session.limits.round_started()
    session.apply(Settings(cooldown_s=600))
    hit = session.limits.check()
    assert hit is not None and hit.limit == "cooldown"
    Session(KeyStore({})).apply(Settings())  # no limits: nothing to update
