"""A short run of scripts/soak.py: many rounds with random faults, nothing lost or silent."""

from __future__ import annotations

from typing import Any

import pytest

from camdraw.core.round.pipeline import Pipeline
from camdraw.core.round.session import Session
from tests.scripts import load_script

# End-to-end and long: run as their own group (.ci/run runs it; see README).
pytestmark = pytest.mark.slow


def test_fifty_rounds_with_faults_lose_nothing_and_recover(monkeypatch: pytest.MonkeyPatch) -> None:
    wired: list[Pipeline] = []
    real = Session.pipeline

    def watched(self: Session, *args: Any, **kwargs: Any) -> Pipeline:
        wired.append(real(self, *args, **kwargs))
        return wired[-1]

    monkeypatch.setattr(Session, "pipeline", watched)  # the soak's rounds are wired as draw's
    soak = load_script("soak")
    # seed 2 queues seven faults of seven kinds, a time-out among them (about 7 s in all)
    result = soak.soak(rounds=50, fault_rate=0.2, seed=2, timeout_s=1.0)
    report = soak.table(result)
    assert result["crashes"] == 0, report
    assert result["photos_lost"] == 0, report
    assert result["silent_failures"] == 0, report
    assert result["key_leaks"] == 0, report
    assert result["faults_injected"] > 0, report
    assert result["failed_rounds"] > 0, report
    assert result["recovered_by_retry"] > 0, report
    assert result["not_recovered"] == 0, report
    assert result["log_lines"] > 0  # the leak watch did see the logs
    assert result["ok"], report
    assert len(wired) == 1 and wired[0].cache is None and wired[0].limits is None
