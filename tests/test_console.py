"""Console output: UTF-8 into pipes and files, the terminal's own code page on a terminal, and
never a crash (no console at all in the window exe, or a narrow code page)."""

from __future__ import annotations

import io
import sys

import pytest

from camdraw import console

CZECH = "Jiří Čermák: na obrázku je stůl 🙂 a hrnek."


class FakeBuffer(io.BytesIO):
    """The bytes under a stream that is, or is not, a terminal."""

    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def fake_stream(encoding: str, *, terminal: bool) -> tuple[io.TextIOWrapper, FakeBuffer]:
    raw = FakeBuffer(terminal)
    return io.TextIOWrapper(raw, encoding=encoding, line_buffering=True), raw


def printed(monkeypatch: pytest.MonkeyPatch, encoding: str, *, terminal: bool) -> tuple[str, str]:
    """Print CZECH to stdout and stderr after prepare(); the bytes written and their encoding."""
    out, out_raw = fake_stream(encoding, terminal=terminal)
    err, err_raw = fake_stream(encoding, terminal=terminal)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    console.prepare()
    print(CZECH)
    print(CZECH, file=sys.stderr)
    assert out_raw.getvalue() == err_raw.getvalue()
    return out_raw.getvalue().decode(out.encoding), out.encoding


def test_missing_streams_are_replaced_by_a_sink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    console.prepare()
    assert sys.stdout is not None and sys.stderr is not None
    print(CZECH)
    print(CZECH, file=sys.stderr)


def test_the_window_exe_attaches_to_no_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Started from cmd, the window exe must not write into (or live and die with) that
    terminal: with no streams it gets a sink, and asks Windows for nothing."""
    monkeypatch.setattr(sys, "platform", "win32")
    asked: list[str] = []

    class Kernel32:
        def __getattr__(self, name: str) -> object:
            asked.append(name)
            return lambda *args: 0  # e.g. AttachConsole: "no parent console"

    import ctypes

    monkeypatch.setattr(
        ctypes, "windll", type("WinDLL", (), {"kernel32": Kernel32()}), raising=False
    )
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    console.prepare()
    assert asked == []
    assert sys.stdout.name == sys.stderr.name == console.os.devnull


@pytest.mark.parametrize("encoding", ["cp1252", "cp1250", "ascii", "utf-8"])
def test_a_pipe_or_file_gets_utf8_whatever_the_code_page(
    monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    # cp1252 is what Python picks for a pipe on an English Windows (the CI runner's case).
    text, written_in = printed(monkeypatch, encoding, terminal=False)
    assert written_in == "utf-8"
    assert text == f"{CZECH}\n"


def test_a_terminal_keeps_its_code_page(monkeypatch: pytest.MonkeyPatch) -> None:
    text, written_in = printed(monkeypatch, "cp1250", terminal=True)
    assert written_in == "cp1250"  # a Czech console: every Czech letter survives
    assert text == f"{CZECH.replace('🙂', '?')}\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("cp1252", "Ji?í ?ermák: na obrázku je st?l ? a hrnek."),
        ("ascii", "Ji?? ?erm?k: na obr?zku je st?l ? a hrnek."),
    ],
)
def test_a_narrow_terminal_gets_question_marks_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, encoding: str, expected: str
) -> None:
    text, written_in = printed(monkeypatch, encoding, terminal=True)
    assert written_in == encoding
    assert text == f"{expected}\n"


def test_a_stream_that_cannot_say_counts_as_a_pipe() -> None:
    stream, _ = fake_stream("cp1252", terminal=False)
    stream.close()
    assert console.encoding_for(stream) == "utf-8"


def test_the_window_exe_asked_for_a_command_points_to_the_console_exe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """camdraw.exe has no stdout at all: 'camdraw.exe draw x.jpg' must not vanish silently."""
    from camdraw import app

    shown: list[str] = []
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    real = console.tell_to_use_the_console_exe
    monkeypatch.setattr(console, "tell_to_use_the_console_exe", lambda: real(shown.append))
    assert app.main(["draw", "photo.jpg"]) == 2
    monkeypatch.setattr(sys, "stdout", None)  # prepare() gave it a sink; a new start has none
    monkeypatch.setattr(sys, "stderr", None)
    assert app.main(["--version"]) == 2
    assert shown == [console.CLI_HINT] * 2
    assert "camdraw-cli.exe" in console.CLI_HINT


def test_the_window_exe_with_window_options_is_not_stopped() -> None:
    from camdraw import app

    assert not app.wants_console(["--camera", "1", "--self-test"])
    assert not app.wants_console([])
    assert app.wants_console(["doctor"]) and app.wants_console(["--camera", "1", "-h"])
