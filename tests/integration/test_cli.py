"""``python -m camdraw draw`` as a user runs it: a subprocess, no display, real SDK and speech."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import jpeg_file

KEY = "sk-canary-cli-9f8e7d6c5b"


def run_draw(fake: FakeOpenAI, *args: str, key: str | None = KEY, **env: str):
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environ.pop("QT_QPA_PLATFORM", None)
    environ.update({"OPENAI_BASE_URL": fake.base_url, **env})
    if key:
        environ["OPENAI_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "camdraw", "draw", *args],
        env=environ,
        capture_output=True,
        timeout=120,
    )


def test_draw_prints_the_description_and_saves_the_files(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    photo = jpeg_file(tmp_path / "kitchen.jpg")
    out = tmp_path / "out"
    result = run_draw(fake_openai, str(photo), "--images-dir", str(out), "--save-narration")
    stdout = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert f"description: {CZECH_DESCRIPTION}" in stdout
    assert "PySide6" not in result.stderr.decode("utf-8", "replace")
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4, names
    sidecar = next(out.glob("*.json"))
    stem = sidecar.stem
    assert names == sorted(
        [f"{stem}.json", f"{stem}_description.wav", f"{stem}_painting.png", f"{stem}_photo.jpg"]
    )
    for suffix in ("_photo.jpg", "_painting.png", "_description.wav", ".json"):
        assert str(out / f"{stem}{suffix}") in stdout
    with wave.open(str(out / f"{stem}_description.wav")) as narration:
        assert narration.getnframes() / narration.getframerate() > 5
    assert json.loads(sidecar.read_text("utf-8"))["status"] == "done"
    assert not any(KEY.encode() in p.read_bytes() for p in out.iterdir())


def test_draw_fails_with_a_one_line_reason(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.fail("chat", 404, "The model does not exist", code="model_not_found")
    photo = jpeg_file(tmp_path / "a.jpg")
    result = run_draw(fake_openai, str(photo), "--images-dir", str(tmp_path / "out"), "--no-speech")
    assert result.returncode == 1
    errors = [
        line for line in result.stderr.decode("utf-8").splitlines() if line.startswith("camdraw:")
    ]
    assert len(errors) == 1
    assert "Change 'Vision model' in Settings" in errors[0]
    assert "Traceback" not in result.stderr.decode("utf-8")
    assert len(list((tmp_path / "out").glob("*_photo.jpg"))) == 1


def test_draw_without_key_or_with_a_bad_file(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a photo", encoding="utf-8")
    result = run_draw(
        fake_openai,
        str(bad),
        str(tmp_path / "missing.jpg"),
        "--no-speech",
        "--images-dir",
        str(tmp_path / "out"),
        key=None,
    )
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 1
    assert "not a photo camdraw can read" in stderr
    assert "cannot read the file" in stderr
    result = run_draw(
        fake_openai,
        str(jpeg_file(tmp_path / "b.jpg")),
        "--no-speech",
        "--images-dir",
        str(tmp_path / "out"),
        key=None,
    )
    assert result.returncode == 1
    stderr = result.stderr.decode("utf-8")
    assert "No OpenAI API key is set" in stderr
    assert "camdraw draw --offline PHOTO" in stderr  # the way out that needs no key
    assert fake_openai.requests == []


def test_czech_survives_a_pipe_in_the_windows_code_page(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    """On an English Windows, Python writes pipes in cp1252 (PYTHONIOENCODING stands in for it
    here): camdraw writes UTF-8 into pipes and files instead, on both streams."""
    photo = jpeg_file(tmp_path / "c.jpg")
    missing = tmp_path / "Jiří Čermák.jpg"
    result = run_draw(
        fake_openai,
        str(photo),
        str(missing),
        "--no-speech",
        "--images-dir",
        str(tmp_path / "out"),
        PYTHONIOENCODING="cp1252",
    )
    assert result.returncode == 1  # the missing photo
    assert f"description: {CZECH_DESCRIPTION}" in result.stdout.decode("utf-8")
    assert missing.name in result.stderr.decode("utf-8")


def run_in_terminal(command: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Run ``command`` with stdout and stderr on a pseudo-terminal; its exit code and output."""
    import pty

    controller, terminal = pty.openpty()
    with subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=env
    ) as process:
        os.close(terminal)
        output = bytearray()
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            output += chunk
        os.close(controller)
        code = process.wait(timeout=120)
    return code, bytes(output)


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="pseudo-terminals are POSIX; Python writes a Windows console through its "
    "wide-character API, so no code page can lose letters there",
)
@pytest.mark.parametrize(
    ("encoding", "line"),
    [
        ("cp1250", f"description: {CZECH_DESCRIPTION}"),  # a Czech console keeps every letter
        ("ascii", "description: Na obr?zku je"),  # replaced, never a UnicodeEncodeError
    ],
)
def test_a_terminal_keeps_its_own_code_page(
    fake_openai: FakeOpenAI, tmp_path: Path, encoding: str, line: str
) -> None:
    photo = jpeg_file(tmp_path / "c.jpg")
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environ.update(
        OPENAI_BASE_URL=fake_openai.base_url,
        OPENAI_API_KEY=KEY,
        PYTHONIOENCODING=encoding,
        LC_ALL="C",
    )
    command = [sys.executable, "-m", "camdraw", "draw", str(photo), "--no-speech"]
    code, output = run_in_terminal([*command, "--images-dir", str(tmp_path / "out")], environ)
    assert code == 0, output
    assert line in output.decode(encoding)


def test_draw_twice_reuses_the_first_round_and_no_cache_asks_again(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    photo = jpeg_file(tmp_path / "same.jpg")
    home = tmp_path / "home"
    out = tmp_path / "out"
    args = (str(photo), "--images-dir", str(out), "--no-speech")
    first = run_draw(fake_openai, *args, CAMDRAW_HOME=str(home))
    assert first.returncode == 0, first.stderr
    second = run_draw(fake_openai, *args, CAMDRAW_HOME=str(home))
    assert second.returncode == 0, second.stderr
    assert "cache:       reused (exact" in second.stdout.decode("utf-8")
    assert len(fake_openai.requests_to("images")) == 1
    third = run_draw(fake_openai, *args, "--no-cache", CAMDRAW_HOME=str(home))
    assert third.returncode == 0 and len(fake_openai.requests_to("images")) == 2
    assert len(list(out.glob("*_photo.jpg"))) == 3  # every photo is saved


def test_draw_with_a_style_and_likeness(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    photo = jpeg_file(tmp_path / "kitchen.jpg")
    out = tmp_path / "out"
    args = ("--images-dir", str(out), "--no-speech", "--style", "Pencil", "--likeness")
    result = run_draw(fake_openai, str(photo), *args)
    stdout = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "style:       Pencil sketch (pencil)" in stdout
    assert "painted:     from the photo (likeness)" in stdout
    [request] = fake_openai.requests_to("edits")
    saved = next(out.glob("*_photo.jpg"))
    assert request["files"]["image"]["data"] == saved.read_bytes()
    assert request["form"]["prompt"].endswith("hatching and light shading.")
    data = json.loads(next(out.glob("*.json")).read_text("utf-8"))
    assert data["style"] == "pencil" and data["likeness"] is True
    assert data["paint_mode"] == "likeness"


def test_draw_refuses_an_unknown_style(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    photo = jpeg_file(tmp_path / "a.jpg")
    result = run_draw(fake_openai, str(photo), "--style", "cubism", "--no-speech")
    assert result.returncode == 2
    stderr = result.stderr.decode("utf-8")
    assert "no style 'cubism'" in stderr and "watercolour" in stderr
    assert fake_openai.requests == []


def test_draw_offline_needs_no_key_and_sends_nothing(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    photo = jpeg_file(tmp_path / "kitchen.jpg")
    out = tmp_path / "out"
    args = (
        "--images-dir",
        str(out),
        "--no-speech",
        "--offline",
        "--style",
        "comic",
        "--language",
        "en",
    )
    result = run_draw(fake_openai, str(photo), *args, key=None)
    stdout = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "offline demo" in stdout
    assert "painted:     offline demo" in stdout and "style:       Comic (comic)" in stdout
    assert fake_openai.requests == []  # not a single request, though the server was there
    data = json.loads(next(out.glob("*.json")).read_text("utf-8"))
    assert data["status"] == "done" and data["offline"] is True
    assert data["paint_mode"] == "offline" and data["style"] == "comic"
    assert data["cost"] == {} and data["description"]
    assert next(out.glob("*_painting.png")).stat().st_size > 0


def test_draw_runs_its_rounds_through_a_session(
    fake_openai: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window, draw and the soak wire their pipelines in one place: draw's rounds use the
    session's cache, limits and providers, and its pipeline is the session's."""
    from camdraw import app, cli
    from camdraw.core.round.limits import Limits
    from camdraw.core.round.session import Session
    from camdraw.core.store.cache import RoundCache

    sessions: list[Session] = []
    pipelines: list[object] = []

    class Watched(Session):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            sessions.append(self)

        def pipeline(self, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            made = super().pipeline(*args, **kwargs)  # type: ignore[arg-type]
            pipelines.append(made)
            return made

    monkeypatch.setattr(cli, "Session", Watched)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    photo = jpeg_file(tmp_path / "kitchen.jpg")
    args = app.parse(["draw", str(photo), "--images-dir", str(tmp_path / "out"), "--no-speech"])
    assert cli.run(args) == 0
    [session] = sessions
    [pipeline] = pipelines
    assert isinstance(session.cache, RoundCache) and pipeline.cache is session.cache
    assert isinstance(session.limits, Limits) and pipeline.limits is session.limits
    assert pipeline.provider() is session.providers.get(pipeline.settings)
    assert fake_openai.requests_to("chat") and len(list((tmp_path / "out").glob("*.json"))) == 1
