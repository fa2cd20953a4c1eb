"""Figures 3f and 3w: the first round after start, and warm rounds, as a user meets them.

The app runs as its own process in a real X server (Xvfb), with a video file as the camera and
its settings aimed at the timed loopback server of this process; Space is pressed from outside
with xdotool, as a person would. Nothing in src/ is changed for it: a launcher run with
``python -c`` (as for the cold start) prints, with ``time.monotonic()`` (CLOCK_MONOTONIC is
system-wide on Linux, so the stamps compare with the server's): the first preview frame painted,
the key event reaching the application, each GUI stall over 3 ms, clients built and TCP
connects, the painting handed to the
view and written to disk. The server's log gives the rest: when the vision request arrived,
how long the server itself took, and from which TCP connection each request came.

The first round is pressed ``PRESS_AFTER_S`` after the preview shows (a person needs longer
to find the key); the warm rounds follow in the same process, ``PRESS_AFTER_S`` apart.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.server import TimedServer
from benchmarks.table import Row, median

DESCRIBE_S = 1.5  # scripted server latency (streamed description)
PAINT_S = 3.0  # (painting with partial images)
PRESS_AFTER_S = 2.0
OVERHEAD_GOAL_PCT = 2.0
FIRST_PRESS_GOAL_MS = 50.0
WARM_PRESS_GOAL_MS = 30.0
STALL_GOAL_MS = 16.0
KEY = "sk-bench-loopback-1234"  # only ever sent to the loopback server
MARK = "BENCH"

LAUNCHER = f"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication
from camdraw.core import disk
from camdraw.ui import preview

def say(*parts):
    os.write(1, ("{MARK} " + " ".join(str(p) for p in parts) + "\\n").encode())

class Watch(QObject):
    def eventFilter(self, watched, event):
        # A shortcut takes Space at its ShortcutOverride: the KeyPress may never come.
        kinds = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
        if event.type() in kinds and event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():  # seen at the QWindow first, then at its widgets
                now, loaded = time.monotonic(), len(sys.modules)
                say("key", "%.6f" % now, int("openai" in sys.modules), loaded)
        return False

    def beat(self):
        now = time.monotonic()
        if now - self.last > 0.003:
            say("gap", "%.6f" % now, "%.6f" % (now - self.last))
        self.last = now

watch = Watch()
seen = []
_paint = preview.PreviewWidget.paintEvent

def paint_and_report(self, event):
    _paint(self, event)
    if self.frame is not None and not seen:
        seen.append(True)
        say("frame", "%.6f" % time.monotonic())
        app = QApplication.instance()
        app.installEventFilter(watch)
        watch.timer = QTimer()
        watch.timer.setTimerType(Qt.TimerType.PreciseTimer)
        watch.timer.setInterval(1)
        watch.last = time.monotonic()
        watch.timer.timeout.connect(watch.beat)
        watch.timer.start()
        for window in app.topLevelWidgets():
            if hasattr(window, "panes") and hasattr(window, "rounds"):
                view = window.panes.painting_view
                set_frame = view.set_frame
                def shown(frame, set_frame=set_frame):
                    set_frame(frame)
                    if frame is not None:
                        say("shown", "%.6f" % time.monotonic())
                view.set_frame = shown
                window.rounds.round_ended.connect(
                    lambda record: say("ended", "%.6f" % time.monotonic())
                )

preview.PreviewWidget.paintEvent = paint_and_report
_write = disk.write_file

def write_file(path, data, what):
    _write(path, data, what)
    say("disk", what.replace(" ", "_"), "%.6f" % time.monotonic())

disk.write_file = write_file
from camdraw.core.providers import client
_client = client.openai_client

def openai_client(*args, **kwargs):
    say("client", "%.6f" % time.monotonic())
    made = _client(*args, **kwargs)
    try:  # imported with openai: watched from its first client on
        from httpcore2._backends.sync import SyncBackend
    except ImportError:
        from httpcore._backends.sync import SyncBackend
    if not hasattr(SyncBackend, "bench_watched"):
        connect = SyncBackend.connect_tcp

        def connect_tcp(self, *args, **kwargs):
            say("connect", "%.6f" % time.monotonic(), len(sys.modules))
            return connect(self, *args, **kwargs)

        SyncBackend.connect_tcp = connect_tcp
        SyncBackend.bench_watched = True
    return made

client.openai_client = openai_client
import camdraw.app
sys.exit(camdraw.app.main(sys.argv[1:]))
"""


@dataclass
class Child:
    """What the app's process printed, as (kind, stamp, rest) in order."""

    process: subprocess.Popen[str]
    events: list[tuple[str, float, list[str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    errors: list[str] = field(default_factory=list)

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            parts = line.split()
            if len(parts) < 3 or parts[0] != MARK:
                continue
            kind, rest = parts[1], parts[2:]
            stamp = float(rest[1] if kind == "disk" else rest[0])
            with self.lock:
                self.events.append((kind, stamp, rest))

    def read_errors(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line.rstrip())

    def first(self, kind: str, after: float = 0.0, what: str = "") -> float | None:
        with self.lock:
            for event_kind, stamp, rest in self.events:
                if event_kind == kind and stamp >= after and (not what or rest[0] == what):
                    return stamp
        return None

    def count(self, kind: str, start: float, end: float) -> int:
        with self.lock:
            return sum(1 for k, stamp, _rest in self.events if k == kind and start <= stamp <= end)

    def imported(self, pressed: float, asked: float) -> int:
        """Modules imported between the key event at ``pressed`` and the last TCP connect
        before ``asked`` (the vision request): what the press path paid to import."""
        with self.lock:
            at_key = [int(r[2]) for k, t, r in self.events if k == "key" and t == pressed]
            at_connect = [
                int(r[1]) for k, t, r in self.events if k == "connect" and pressed <= t <= asked
            ]
        if not at_key:
            return 0
        if not at_connect:  # no connect seen: openai was not even imported at the key
            return 1
        return max(0, at_connect[-1] - at_key[0])

    def gaps(self, start: float, end: float) -> list[float]:
        """Stalls (ms, less the 1 ms beat) that ended between ``start`` and ``end``."""
        with self.lock:
            return [
                float(rest[1]) * 1000 - 1
                for kind, stamp, rest in self.events
                if kind == "gap" and start <= stamp <= end
            ]

    def wait_for(self, kind: str, after: float, timeout_s: float, what: str = "") -> float:
        limit = time.monotonic() + timeout_s
        while time.monotonic() < limit:
            found = self.first(kind, after, what)
            if found is not None:
                return found
            if self.process.poll() is not None:
                tail = (self.errors or ["no output"])[-1]
                raise RuntimeError(f"camdraw exited ({self.process.returncode}): {tail}")
            time.sleep(0.005)
        raise RuntimeError(f"no {kind} {what} within {timeout_s:g} s")


@dataclass
class Measured:
    press_to_request_ms: float
    overhead_pct: float
    overhead_ms: float
    stall_ms: float
    press_path_work: int  # clients built and modules imported between the key and the request
    connects: int  # TCP connects between the key and the vision request
    last_byte_to_disk_ms: float | None


class Xvfb:
    """A private X server for the app; stopped with ``stop``."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def available() -> str:
    """Why the figures cannot be measured here ("" when they can)."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if sys.platform != "linux":
        return "n.a. (needs Linux: Xvfb and xdotool)"
    return f"n.a. ({' and '.join(missing)} not installed)" if missing else ""


def _press_space(display: str, pid: int) -> None:
    env = dict(os.environ, DISPLAY=display)
    found = subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(pid)],
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    ).stdout.split()
    # The main window is the first the app maps; focus it (there is no window manager).
    subprocess.run(["xdotool", "windowfocus", "--sync", found[0]], env=env, check=True, timeout=10)
    subprocess.run(["xdotool", "key", "space"], env=env, check=True, timeout=10)


def _settings(base_url: str, video: Path, images: Path) -> dict[str, object]:
    return {
        "camera": str(video),
        "base_url": base_url,
        "images_dir": str(images),
        "cooldown_s": 0,
        "max_rounds_per_hour": 0,
        "daily_budget_usd": 0,
        "use_cache": False,  # every round goes to the server
        "muted": True,
    }


def _child_env(home: Path, display: str, src: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        CAMDRAW_HOME=str(home),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",  # never the real keyring
        OPENAI_API_KEY=KEY,  # the OpenAI preset's key, at the loopback address of the settings
        PYTHONPATH=os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).strip(os.pathsep),
    )
    return env


def _round(child: Child, server: TimedServer, display: str) -> Measured:
    server.new_description()
    before = time.monotonic()
    _press_space(display, child.process.pid)
    pressed = child.wait_for("key", before, 10)
    on_disk = child.wait_for("disk", pressed, 60, what="painting")
    child.wait_for("ended", pressed, 30)
    served = server.served(pressed, on_disk)
    chats = [s for s in served if s.endpoint == "chat"]
    if not chats:
        raise RuntimeError("the round sent no vision request")
    paintings = [s for s in served if s.endpoint == "images" and s.finished is not None]
    server_s = sum(s.seconds for s in served)
    overhead_s = on_disk - pressed - server_s
    asked = chats[0].arrived
    work = child.count("client", pressed, asked) + child.imported(pressed, asked)
    stalls = child.gaps(pressed, on_disk)
    return Measured(
        press_to_request_ms=(chats[0].arrived - pressed) * 1000,
        overhead_pct=overhead_s / server_s * 100,
        overhead_ms=overhead_s * 1000,
        stall_ms=max(stalls, default=0.0),
        press_path_work=work,
        connects=child.count("connect", pressed, asked),
        last_byte_to_disk_ms=(on_disk - paintings[-1].finished) * 1000 if paintings else None,
    )


def run_process(
    server: TimedServer, display: str, video: Path, src: Path, warm_rounds: int
) -> list[Measured]:
    """One app process: the first round, then ``warm_rounds`` more; their measures."""
    with tempfile.TemporaryDirectory(prefix="camdraw-bench-first-") as tmp:
        home = Path(tmp) / "home"
        (home / "config").mkdir(parents=True)
        settings = _settings(server.fake.base_url, video, Path(tmp) / "images")
        (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, "--camera", str(video)],
            env=_child_env(home, display, src),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        child = Child(process)
        readers = [threading.Thread(target=r, daemon=True) for r in (child.read, child.read_errors)]
        for reader in readers:
            reader.start()
        try:
            shown = child.wait_for("frame", 0.0, 60)
            measured: list[Measured] = []
            for index in range(warm_rounds + 1):
                ready = shown if index == 0 else time.monotonic()
                time.sleep(max(0.0, ready + PRESS_AFTER_S - time.monotonic()))
                measured.append(_round(child, server, display))
            return measured
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for reader in readers:
                reader.join(5)


def first_round_rows(video: Path, processes: int, src: Path) -> list[Row]:
    """Figures 3f (first round of ``processes`` fresh app processes) and 3w (their warm
    rounds, two per process)."""
    why = available()
    names = figure_names()
    if why:
        return [Row(name, None, "", missing=why) for name in names]
    server = TimedServer()
    xvfb = Xvfb()
    first: list[Measured] = []
    warm: list[Measured] = []
    try:
        server.script(DESCRIBE_S, PAINT_S)
        for _ in range(processes):
            measured = run_process(server, xvfb.display, video, src, warm_rounds=2)
            first.append(measured[0])
            warm.extend(measured[1:])
    finally:
        xvfb.stop()
        server.stop()
    return _rows("3f. first round", first, FIRST_PRESS_GOAL_MS) + _rows(
        "3w. warm round", warm, WARM_PRESS_GOAL_MS
    )


def figure_names() -> list[str]:
    out = []
    for prefix in ("3f. first round", "3w. warm round"):
        out += [f"{prefix}: {what}" for what in _WHATS]
    return out


_WHATS = (
    "key press → vision request (xdotool, Xvfb)",
    "app overhead / server time (xdotool, Xvfb)",
    "longest GUI stall, key → painting on disk",
    "clients built + modules imported, key → vision request",
    "TCP connects, key → vision request",
)


def _spread(values: list[float], unit: str) -> str:
    digits = 1 if unit == "%" else 0
    return (", ".join(f"{v:.{digits}f}" for v in values) + f" {unit}").strip()


def _rows(prefix: str, rounds: list[Measured], press_goal: float) -> list[Row]:
    n = len(rounds)
    press = [r.press_to_request_ms for r in rounds]
    overhead = [r.overhead_pct for r in rounds]
    stall = [r.stall_ms for r in rounds]
    work = [float(r.press_path_work) for r in rounds]
    connects = [float(r.connects) for r in rounds]
    tails = [r.last_byte_to_disk_ms for r in rounds if r.last_byte_to_disk_ms is not None]
    server = f"describe {DESCRIBE_S:g} s streamed, paint {PAINT_S:g} s with partial images"
    return [
        Row(
            f"{prefix}: {_WHATS[0]}",
            median(press),
            "ms",
            goal=press_goal,
            note=f"median of {n} ({_spread(press, 'ms')}); key event in the app → chat request",
        ),
        Row(
            f"{prefix}: {_WHATS[1]}",
            median(overhead),
            "%",
            goal=OVERHEAD_GOAL_PCT,
            digits=2,
            note=(
                f"median of {n} ({_spread(overhead, '%')}; "
                f"{_spread([r.overhead_ms for r in rounds], 'ms')}); (painting on disk - key - "
                f"server time) / server time; {server}; last byte → on disk "
                f"{_spread(tails, 'ms') if tails else 'n.a.'}"
            ),
        ),
        Row(
            f"{prefix}: {_WHATS[2]}",
            median(stall),
            "ms",
            goal=STALL_GOAL_MS,
            note=(
                f"median of {n} ({_spread(stall, 'ms')}); 1 ms precise timer in the app "
                "(gaps under 3 ms are not reported: 0)"
            ),
        ),
        Row(
            f"{prefix}: {_WHATS[3]}",
            max(work, default=0.0),
            "",
            goal=0,
            digits=0,
            note=(
                f"the most in {n} rounds ({_spread(work, '')}); stamped in the app: "
                "openai_client calls, and len(sys.modules) at the key and at the connect"
            ),
        ),
        Row(
            f"{prefix}: {_WHATS[4]}",
            max(connects, default=0.0),
            "",
            digits=0,
            note=(
                f"the most in {n} rounds; the loopback fake closes every connection after its "
                "answer (werkzeug), so each request connects here; reuse of a kept-alive "
                "connection is shown by tests/core/test_warm_up.py"
            ),
        ),
    ]
