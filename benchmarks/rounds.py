"""Figures 3-6: whole rounds in a real window against the timed loopback server."""

from __future__ import annotations

import importlib.util
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks import binding
from benchmarks.media import still_video, varied_video
from benchmarks.server import TimedServer
from benchmarks.table import Row, median
from benchmarks.window import (
    DiskWatch,
    Heartbeat,
    Probe,
    close_window,
    idle_stall_ms,
    open_window,
    play_round,
    wait_until,
)
from camdraw.core.settings import Settings
from camdraw.ui.main_window import MainWindow

DESCRIBE_S = 1.5  # scripted server latency: the vision model
PAINT_S = 4.0  # the image model
OVERHEAD_GOAL_PCT = 2.0
TOKEN_GOAL_MS = 50.0
STALL_GOAL_MS = 16.0
CACHE_REQUESTS_GOAL = 0.0
VARIED_FRAMES = 150  # 5 s of 30 fps, every frame a different scene


def varied(workdir: Path) -> Path:
    """The camera for rounds that must each see a new scene (made once per run)."""
    video = workdir / "varied.avi"
    return video if video.exists() else varied_video(video, frames=VARIED_FRAMES)


@dataclass
class RoundTimes:
    pressed: float
    ended: float
    requests: Counter[str]
    server_s: float
    first_request: float | None
    painting_last_byte: float | None
    painting_set: float | None
    painting_painted: float | None
    painting_on_disk: float | None
    disk_source: str
    first_token: float | None
    token_source: str
    chat_streamed: bool
    text_visible: float | None
    stall_ms: float
    stall_at: float
    status: str

    @property
    def wall_s(self) -> float:
        return self.ended - self.pressed


def measure_round(
    window: MainWindow, probe: Probe, server: TimedServer, disk: DiskWatch, timeout_s: float = 60
) -> RoundTimes:
    probe.arm()
    try:
        pressed = play_round(window, timeout_s)
        ended = probe.ended_at or time.monotonic()
        record = window.rounds.last_record
        frame_at = probe.final_frame_at()
        if frame_at is not None:  # round_ended comes first; the paint follows
            wait_until(lambda: probe.painted_after(frame_at) is not None, 2)
    finally:
        probe.disarm()
    served = server.served(pressed, ended)
    chats = [s for s in served if s.endpoint == "chat"]
    paintings = [s for s in served if s.endpoint == "images" and s.finished is not None]
    token, token_source = server.first_token(pressed, ended)
    on_disk, disk_source = disk.painting_at(record.files.painting if record else None)
    return RoundTimes(
        pressed=pressed,
        ended=ended,
        requests=Counter(s.endpoint for s in served),
        server_s=sum(s.seconds for s in served),
        first_request=chats[0].arrived if chats else None,
        painting_last_byte=paintings[-1].finished if paintings else None,
        painting_set=frame_at,
        painting_painted=probe.painted_after(frame_at) if frame_at is not None else None,
        painting_on_disk=on_disk,
        disk_source=disk_source,
        first_token=token,
        token_source=token_source,
        chat_streamed=server.chat_streamed(pressed, ended),
        text_visible=probe.text_at,
        stall_ms=probe.stall_ms,
        stall_at=probe.heartbeat.worst_at if probe.heartbeat else 0.0,
        status=record.status if record is not None else "no record",
    )


def _ms(values: list[float | None]) -> float | None:
    present = [v * 1000 for v in values if v is not None]
    return median(present)


def _after(rounds: list[RoundTimes], later: str, earlier: str) -> list[float | None]:
    out: list[float | None] = []
    for r in rounds:
        a, b = getattr(r, later), getattr(r, earlier)
        out.append(None if a is None or b is None else a - b)
    return out


@dataclass
class Latency:
    rows: list[Row]
    uncached_ms: float | None  # a whole round that called the server (figure 6's baseline)
    idle_drift: binding.Drift | None  # references the binding lost while the preview ran


def latency_rows(server: TimedServer, disk: DiskWatch, workdir: Path, rounds: int) -> Latency:
    """Figures 3, 4 and 5 over ``rounds`` measured rounds; also the uncached round time."""
    window = open_window(server.fake.base_url, varied(workdir), workdir / "latency-images")
    heartbeat = Heartbeat()
    probe = Probe(window, heartbeat)
    measured: list[RoundTimes] = []
    answered_from_cache = 0
    try:
        server.script(0, 0)
        server.new_description()
        play_round(window)  # warm-up: connections, lazy imports
        server.script(DESCRIBE_S, PAINT_S)
        while len(measured) < rounds and answered_from_cache < 3:
            server.new_description()
            result = measure_round(window, probe, server, disk)
            if not (result.requests["chat"] and result.requests["images"]):
                answered_from_cache += 1  # a cache answered: not the full round 3-5 measure
                continue
            measured.append(result)
        # The stall baseline: as long as the rounds took, same window, camera running, no round.
        idle_s = sum(r.wall_s for r in measured)
        before = binding.refs()
        idle_ms = idle_stall_ms(idle_s) if measured else None
        drift = binding.drift(before, binding.refs(), idle_s)
    finally:
        close_window(window)
    if not measured:
        raise RuntimeError("every round was answered without the server")
    rows = _latency_rows(measured, server, answered_from_cache, idle_ms)
    return Latency(rows, median([r.wall_s * 1000 for r in measured]), drift)


def _latency_rows(
    rounds: list[RoundTimes], server: TimedServer, skipped: int, idle_ms: float | None
) -> list[Row]:
    n = len(rounds)
    statuses = Counter(r.status for r in rounds)
    status_note = ", ".join(f"{k} {v}" for k, v in statuses.items())
    base = f"median of {n} round(s) ({status_note})"
    if skipped:
        base += f"; {skipped} cached round(s) left out"
    wall = median([r.wall_s for r in rounds])
    server_s = median([r.server_s for r in rounds])
    overhead = median([(r.wall_s - r.server_s) / r.server_s * 100 for r in rounds if r.server_s])
    requests: Counter[str] = Counter()
    for r in rounds:
        requests.update(r.requests)
    per_round = ", ".join(f"{k} {v / n:g}" for k, v in sorted(requests.items()))
    disk_sources = {r.disk_source for r in rounds if r.disk_source}
    rows = [
        Row(
            "3. key press → vision request at server",
            _ms(_after(rounds, "first_request", "pressed")),
            "ms",
            note=f"{base}; take_photo() → request headers in",
        ),
        Row(
            "3. painting last byte → pair on screen",
            _ms(_after(rounds, "painting_painted", "painting_last_byte")),
            "ms",
            note="to the end of painting_view's next paint; set_frame alone: "
            f"{_fmt(_ms(_after(rounds, 'painting_set', 'painting_last_byte')))} ms",
        ),
        Row(
            "3. painting last byte → painting on disk",
            _ms(_after(rounds, "painting_on_disk", "painting_last_byte")),
            "ms",
            note=f"stamped by {', '.join(sorted(disk_sources)) or 'nothing'}",
        ),
        Row(
            "3. round wall time (key press → round_ended)",
            wall,
            "s",
            baseline=server_s,
            digits=3,
            note=f"baseline: server time (scripted {DESCRIBE_S:g} s + {PAINT_S:g} s + "
            f"handling); requests per round: {per_round}",
        ),
        Row(
            "3. app overhead / server time",
            overhead,
            "%",
            goal=OVERHEAD_GOAL_PCT,
            digits=2,
            note="(wall − server time) / server time",
        ),
        _token_row(rounds, server),
        Row(
            "5. longest GUI stall during a round",
            max(r.stall_ms for r in rounds),
            "ms",
            baseline=idle_ms,
            goal=STALL_GOAL_MS,
            note=f"worst of {n} (each: {', '.join(f'{r.stall_ms:.0f}' for r in rounds)} ms, "
            f"worst at +{_worst_at(rounds)}); 1 ms precise-timer heartbeat, max gap − 1 ms; "
            "baseline: same window as long, camera preview only, no round",
        ),
    ]
    return rows


def _token_row(rounds: list[RoundTimes], server: TimedServer) -> Row:
    figure = "4. first description token → text visible"
    if not any(r.chat_streamed for r in rounds) and not any(r.first_token for r in rounds):
        why = (
            "n.a. (server not streaming)"
            if not server.streams_chat
            else "n.a. (the app did not ask for a stream)"
        )
        return Row(figure, None, "ms", goal=TOKEN_GOAL_MS, missing=why)
    values = _after(rounds, "text_visible", "first_token")
    sources = {r.token_source for r in rounds if r.token_source}
    missing = sum(v is None for v in values)
    note = f"token stamped by {', '.join(sorted(sources)) or 'nothing'}"
    if missing:
        note += f"; {missing} round(s) without a token or without text"
    return Row(figure, _ms(values), "ms", goal=TOKEN_GOAL_MS, note=note, missing="n.a.")


def _worst_at(rounds: list[RoundTimes]) -> str:
    worst = max(rounds, key=lambda r: r.stall_ms)
    return f"{worst.stall_at - worst.pressed:.2f} s" if worst.stall_at else "?"


def _fmt(value: float | None) -> str:
    return "n.a." if value is None else f"{value:.1f}"


def cache_rows(
    server: TimedServer, disk: DiskWatch, workdir: Path, uncached_ms: float | None
) -> list[Row]:
    """Figure 6: a second photo of an unchanged scene."""
    video = still_video(workdir / "still.avi")
    window = open_window(server.fake.base_url, video, workdir / "cache-images")
    probe = Probe(window)
    try:
        server.script(0, 0)
        play_round(window)  # the first photo of the scene: fills a cache if there is one
        server.script(DESCRIBE_S, PAINT_S)
        second = measure_round(window, probe, server, disk)
        said = getattr(window.rounds.last_record, "cache", None)  # what the round's record says
    finally:
        close_window(window)
    count = sum(second.requests.values())
    detail = ", ".join(f"{k} {v}" for k, v in sorted(second.requests.items())) or "none"
    if importlib.util.find_spec("camdraw.core.store.cache") is None:
        cache = "this build has no capture cache"
    else:
        distance = getattr(Settings(), "cache_distance", "n.a.")
        cache = f"record.cache {said!r}; cache_distance {distance}"
    return [
        Row(
            "6. cache hit: 2nd photo of the same scene, round time",
            second.wall_s * 1000,
            "ms",
            baseline=uncached_ms,
            digits=0,
            note=f"baseline: uncached round (figure 3); status {second.status}",
        ),
        Row(
            "6. cache hit: API requests of the 2nd photo",
            float(count),
            "",
            goal=CACHE_REQUESTS_GOAL,
            digits=0,
            note=f"requests: {detail}; {cache}",
        ),
    ]
