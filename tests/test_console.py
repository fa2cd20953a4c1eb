"""Console output never crashes: no console at all (windowed build), or a narrow code page."""

from __future__ import annotations

import io
import sys

import pytest

from camdraw import console


def test_missing_streams_are_replaced_by_a_sink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    if sys.platform == "win32":  # never attach to the test runner's console
        monkeypatch.setattr(console, "_attach_parent_console", lambda: None)
    console.prepare()
    assert sys.stdout is not None and sys.stderr is not None
    print("Na obrázku je stůl.")
    print("Žluťoučký kůň", file=sys.stderr)


def test_czech_text_on_a_cp1250_or_ascii_stream_is_replaced_not_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for encoding in ("cp1250", "ascii"):
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding=encoding)
        monkeypatch.setattr(sys, "stdout", stream)
        console.prepare()
        print("Na obrázku je stůl 🙂 a hrnek.")
        stream.flush()
        text = raw.getvalue().decode(encoding)
        assert "Na obr" in text and "hrnek" in text
