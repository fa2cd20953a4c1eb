"""Soak test: many rounds of the real pipeline against the fake OpenAI server, with faults.

    python scripts/soak.py [--rounds 300] [--fault-rate 0.2] [--seed N] [--timeout 2]

Run from the repository root. Everything happens in a temporary CAMDRAW_HOME with an
in-process fake server (tests/fake_openai.py) and a canary API key; the system keyring is not
read. Before a round, with probability ``--fault-rate``, one random fault is queued (a fault mode
of the fake server or an HTTP 400/401/403/404 error). Every round is then checked:

* crash:     ``pipeline.run_frame`` (or ``retry``) raised instead of returning a record;
* lost:      the photo of a round that was captured is not on disk;
* silent:    a round that is not "done" gives no reason (``record.errors``, or for a blocked
             round ``record.check["message"]``), or its sidecar on disk says something else;
* recovered: a round that failed after a fault completes when retried once;
* key leaks: the canary key in any file under the temporary home or in any log line
             (a handler on the root logger sees every record at DEBUG, unredacted).

RSS is measured after 5 warm-up rounds and at the end. Exit code 1 when there were crashes,
lost photos, silent failures or key leaks, or (with at least 100 rounds and a measurable RSS)
the RSS grew by 10 MB or more; else 0. ``soak()`` returns the numbers as a dict.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "src"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

# Warm-up rounds (their faults): not counted in the table, but checked like the others.
WARM_UP = ("", "not_image", "http 404 model", "refusal", "server_error")
RSS_LIMIT_MB = 10.0
RSS_MIN_ROUNDS = 100
CANARY = "sk-soak-canary-7c1e5a9f3b2d4e68"


# -- measuring ---------------------------------------------------------------------------------


def rss_mb() -> float | None:
    """This process's resident set size in MB, or None where it cannot be measured."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import psutil  # type: ignore[import-not-found]

        return psutil.Process().memory_info().rss / (1024 * 1024)
    except Exception:
        pass
    # ru_maxrss is the peak, not the current size: only growth can be read from it, and only
    # growth is used.
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    except Exception:
        return None


class LeakWatch(logging.Handler):
    """Sees every log record, formatted, and counts those that contain the canary key."""

    def __init__(self, secret: str) -> None:
        super().__init__(logging.DEBUG)
        self.secret = secret
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self.lines = 0
        self.leaks = 0
        self.leaked_from: list[str] = []  # logger names (never the line: it holds the key)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception:
            text = f"{record.msg!r} {record.args!r}"
        self.lines += 1
        if self.secret in text:
            self.leaks += 1
            if len(self.leaked_from) < 5:
                self.leaked_from.append(record.name)


@contextlib.contextmanager
def isolated(home: Path, watch: LeakWatch) -> Iterator[None]:
    """CAMDRAW_HOME in ``home``, no OPENAI_* variables, no system keyring, the log watcher on
    the root logger; all undone afterwards."""
    import keyring
    import keyring.backends.fail

    saved_env = {k: os.environ.get(k) for k in ("CAMDRAW_HOME", *_OPENAI_VARS)}
    os.environ["CAMDRAW_HOME"] = str(home)
    for name in _OPENAI_VARS:
        os.environ.pop(name, None)
    previous_keyring = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())  # KeyStore then skips the keyring
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(watch)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(watch)
        root.setLevel(previous_level)
        keyring.set_keyring(previous_keyring)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_OPENAI_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID")


# -- faults ------------------------------------------------------------------------------------

Injector = Callable[[Any, random.Random, str], None]


def fault_catalogue(timeout_s: float, retries: int, moderation: bool) -> dict[str, Injector]:
    """Fault label -> a function queueing it on the fake (``fake, rng, endpoint``)."""
    lasting = retries + 1  # beats the SDK's own retries, so the step fails

    def times(rng: random.Random) -> int:
        return rng.choice([1, lasting])  # 1: the SDK's retry absorbs it

    def http(status: int, message: str, code: str | None = None) -> Injector:
        return lambda fake, rng, ep: fake.fail(ep, status, f"{message} ({CANARY})", code=code)

    catalogue: dict[str, Injector] = {
        "timeout": lambda fake, rng, ep: fake.fault(
            "timeout", ep, times(rng), delay_s=timeout_s + 1.0
        ),
        "not_json": lambda fake, rng, ep: fake.fault("not_json", ep),
        "rate_limited": lambda fake, rng, ep: fake.fault(
            "rate_limited", ep, times(rng), code=rng.choice(["rate_limit_exceeded", None])
        ),
        "server_error": lambda fake, rng, ep: fake.fault(
            "server_error", ep, times(rng), status=rng.choice([500, 503])
        ),
        "bad_base64": lambda fake, rng, ep: fake.fault("bad_base64"),
        "not_image": lambda fake, rng, ep: fake.fault("not_image"),
        "bad_url": lambda fake, rng, ep: fake.fault("bad_url"),
        "policy": lambda fake, rng, ep: fake.fault(
            "policy", code=rng.choice(["moderation_blocked", "content_policy_violation"])
        ),
        "refusal": lambda fake, rng, ep: fake.fault("refusal"),
        "empty": lambda fake, rng, ep: fake.fault("empty"),
        "http 401": http(401, "Incorrect API key provided", "invalid_api_key"),
        "http 403": http(403, "You are not allowed to use this model"),
        "http 404 model": http(404, "The model does not exist", "model_not_found"),
        "http 400": http(400, "Invalid value for 'size'", "invalid_value"),
    }
    if moderation:
        catalogue["flagged"] = lambda fake, rng, ep: fake.fault(
            "flagged", categories=rng.sample(["violence", "hate", "sexual", "illicit"], 1)
        )
    return catalogue


# Which endpoints a fault may hit; None: the fault's own endpoint.
_GENERIC = {"timeout", "not_json", "rate_limited", "server_error", "http 401", "http 403"}
_GENERIC |= {"http 400"}


def endpoints_for(label: str, moderation: bool) -> list[str]:
    if label in _GENERIC:
        return ["chat", "images", "moderations"] if moderation else ["chat", "images"]
    if label == "http 404 model":
        # a 404 from /moderations means "no such endpoint": the provider stops asking it, for
        # the rest of the run, which would leave later moderation faults unused
        return ["chat", "images"]
    return [""]


# -- the soak ----------------------------------------------------------------------------------


def reason(record: Any) -> str:
    """What the user is told about a round that did not end "done"."""
    parts = [str(m) for m in (record.errors or {}).values() if m]
    check = getattr(record, "check", None) or {}
    if record.status == "blocked" and check.get("message"):
        parts.append(str(check["message"]))
    return " ".join(parts).strip()


def soak(
    rounds: int = 300,
    fault_rate: float = 0.2,
    seed: int | None = None,
    *,
    timeout_s: float = 2.0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the soak; returns the counts (see the module docstring) and ``ok``."""
    seed = random.randrange(1_000_000) if seed is None else seed
    rng = random.Random(seed)
    watch = LeakWatch(CANARY)
    with tempfile.TemporaryDirectory(prefix="camdraw-soak-") as temp:
        home = Path(temp)
        with isolated(home, watch):
            result = _soak(home, rounds, fault_rate, rng, timeout_s, watch, progress)
    result.update(seed=seed, fault_rate=fault_rate, log_lines=watch.lines)
    result["key_leaks"] = result["key_leaks_files"] + watch.leaks
    result["key_leaks_logs"] = watch.leaks
    result["key_leaked_from"] = result["key_leaked_files"] + watch.leaked_from
    growth = result["rss_growth_mb"]
    result["rss_too_high"] = bool(
        growth is not None and rounds >= RSS_MIN_ROUNDS and growth >= RSS_LIMIT_MB
    )
    result["ok"] = not (
        result["crashes"]
        or result["photos_lost"]
        or result["silent_failures"]
        or result["key_leaks"]
        or result["rss_too_high"]
    )
    return result


def _soak(
    home: Path,
    rounds: int,
    fault_rate: float,
    rng: random.Random,
    timeout_s: float,
    watch: LeakWatch,
    progress: Callable[[str], None] | None,
) -> dict[str, Any]:
    from tests.fake_openai import REFUSAL, FakeOpenAI
    from tests.media import scene_frame

    from camdraw.core.providers.apikey import KeyStore
    from camdraw.core.providers.client import MAX_RETRIES
    from camdraw.core.round.pipeline import RoundEvent
    from camdraw.core.round.session import Session
    from camdraw.core.settings import Settings
    from camdraw.core.store.record import RoundRecord

    started = time.monotonic()
    fake = FakeOpenAI().start()
    try:
        settings = Settings(base_url=fake.base_url, images_dir=str(home / "images"))
        changes: dict[str, Any] = {
            "describe_timeout_s": timeout_s,
            "paint_timeout_s": timeout_s,
            # no pacing or budget: the soak is about robustness, not about the rate limiter
            "cooldown_s": 0.0,
            "max_rounds_per_hour": 0,
            "daily_budget_usd": 0.0,
        }
        names = set(Settings.model_fields)
        settings = settings.replace(**{k: v for k, v in changes.items() if k in names})
        moderation = bool(str(getattr(settings, "moderation_model", "")).strip())
        keys = KeyStore({"OPENAI_API_KEY": CANARY})
        events: list[RoundEvent] = []
        # The window's and draw's way to a round; no cache (every round must reach the
        # server and its faults) and no limits (robustness, not the rate limiter).
        pipeline = Session(keys).pipeline(settings, listener=events.append)
        catalogue = fault_catalogue(timeout_s, MAX_RETRIES, moderation)
        labels = sorted(catalogue)

        stats: Counter[str] = Counter()
        injected: Counter[str] = Counter()
        outcomes: Counter[str] = Counter()
        problems: list[str] = []  # one line per bad round, for people
        photos: list[str] = []

        def note(kind: str, index: int, label: str, detail: str) -> None:
            stats[kind] += 1
            if len(problems) < 20:
                problems.append(f"round {index}: {kind} [{label or 'no fault'}] {detail}")

        def check_round(index: int, label: str, action: Callable[[], Any]) -> Any:
            """Run ``action`` (a round or a retry) and check what it left behind."""
            events.clear()
            try:
                record = action()
            except Exception as error:  # a crash: count it, never stop the soak
                note("crashes", index, label, f"{type(error).__name__}: {error}"[:200])
                record = None
            photo = record.files.photo if record is not None else None
            if photo is None:  # crashed: the events still say which photo was captured
                done = [e for e in events if e.step == "photo" and e.status == "done"]
                photo = done[-1].data if done else None
            if photo is not None:
                photos.append(str(photo))
                if not os.path.isfile(photo):
                    note("photos_lost", index, label, Path(photo).name)
            if record is None:
                return None
            if record.status != "done" and not reason(record):
                note("silent_failures", index, label, f"status {record.status}, no reason")
            try:
                saved = RoundRecord.load(record.files.sidecar)
                if saved.status != record.status or reason(saved) != reason(record):
                    note("silent_failures", index, label, "the sidecar says something else")
            except Exception as error:
                note("silent_failures", index, label, f"sidecar unreadable: {error}")
            return record

        def one_round(index: int, label: str) -> None:
            frame = scene_frame(640, 480, shift=(index * 7) % 200)
            record = check_round(index, label, lambda: pipeline.run_frame(frame))
            leftovers = fake.pending()
            if leftovers:  # a fault nobody asked for (e.g. after an earlier step failed)
                stats["faults_unused"] += 1
                fake.clear_faults()
            if record is None:
                outcomes["crash"] += 1
                return
            outcomes[record.status] += 1
            if record.status == "done" and record.description.strip() == REFUSAL:
                note("refusals_painted", index, label, "the refusal was painted")
            if record.status == "failed":
                stats["failed_rounds"] += 1
                if not label:
                    note("unexplained_failures", index, label, reason(record)[:160])
                    return
                sidecar = record.files.sidecar
                retried = check_round(index, label, lambda: pipeline.retry(sidecar))
                if retried is not None and retried.status == "done":
                    stats["recovered_by_retry"] += 1
                elif retried is not None:
                    note("not_recovered", index, label, reason(retried)[:160])
            elif record.status == "blocked":
                stats["blocked_rounds"] += 1
                if not label:
                    note("unexplained_blocks", index, label, reason(record)[:160])
            elif record.status != "done":
                note("incomplete_rounds", index, label, f"status {record.status}")
            elif label:
                stats["faults_absorbed"] += 1  # the SDK's retries or camdraw coped

        # Warm-up: a clean round, then faults whose paths import or build things only once
        # (PIL's other image plugins, the model list, the content check, retry).
        for offset, label in enumerate(WARM_UP):
            index = offset - len(WARM_UP)
            if label:
                catalogue[label](fake, random.Random(index), "chat")
            one_round(index, label)
            fake.forget()
        gc.collect()
        rss_start = rss_mb()
        warm_stats = stats.copy()
        stats.clear()
        outcomes.clear()
        measured_from = time.monotonic()

        for index in range(rounds):
            label = ""
            if rng.random() < fault_rate:
                label = rng.choice(labels)
                endpoint = rng.choice(endpoints_for(label, moderation))
                catalogue[label](fake, rng, endpoint or "")
                injected[label] += 1
            one_round(index, label)
            fake.forget()  # the server's request log would grow with every round
            if progress and (index + 1) % 50 == 0:
                progress(f"  {index + 1}/{rounds} rounds, {time.monotonic() - started:.0f} s")

        gc.collect()
        rss_end = rss_mb()
        # Photos: each captured round's photo must still be there at the end, too.
        stats["photos_lost"] += sum(1 for p in set(photos) if not os.path.isfile(p))
        leaked_files = [
            str(p.relative_to(home))
            for p in home.rglob("*")
            if p.is_file() and CANARY.encode() in p.read_bytes()
        ]
    finally:
        fake.stop()

    for kind, count in warm_stats.items():  # a warm-up round that went wrong still counts
        if kind in ("crashes", "photos_lost", "silent_failures", "unexplained_failures"):
            stats[kind] += count
    growth = None if rss_start is None or rss_end is None else rss_end - rss_start
    return {
        "rounds": rounds,
        "warm_up_rounds": len(WARM_UP),
        "faults_injected": sum(injected.values()),
        "faults_by_kind": dict(sorted(injected.items())),
        "outcomes": dict(outcomes),
        "failed_rounds": stats["failed_rounds"],
        "recovered_by_retry": stats["recovered_by_retry"],
        "not_recovered": stats["not_recovered"],
        "blocked_rounds": stats["blocked_rounds"],
        "faults_absorbed": stats["faults_absorbed"],
        "faults_unused": stats["faults_unused"],
        "unexplained_failures": stats["unexplained_failures"] + stats["unexplained_blocks"],
        "incomplete_rounds": stats["incomplete_rounds"],
        "refusals_painted": stats["refusals_painted"],
        "crashes": stats["crashes"],
        "photos_lost": stats["photos_lost"],
        "silent_failures": stats["silent_failures"],
        "key_leaks_files": len(leaked_files),
        "key_leaked_files": leaked_files,
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
        "rss_growth_mb": growth,
        "wall_time_s": time.monotonic() - started,
        "measured_time_s": time.monotonic() - measured_from,
        "problems": problems,
    }


# -- the report --------------------------------------------------------------------------------


def table(result: dict[str, Any]) -> str:
    def mb(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1f} MB"

    growth = result["rss_growth_mb"]
    rows: list[tuple[str, str]] = [
        ("rounds", f"{result['rounds']} (+{result['warm_up_rounds']} warm-up)"),
        ("faults injected", str(result["faults_injected"])),
        *((f"  {kind}", str(n)) for kind, n in result["faults_by_kind"].items()),
        ("faults absorbed (round done)", str(result["faults_absorbed"])),
        ("failed rounds", str(result["failed_rounds"])),
        ("recovered by retry", str(result["recovered_by_retry"])),
        ("not recovered by retry", str(result["not_recovered"])),
        ("blocked rounds (not painted)", str(result["blocked_rounds"])),
        ("failed/blocked without a fault", str(result["unexplained_failures"])),
        ("refusals painted", str(result["refusals_painted"])),
        ("crashes", str(result["crashes"])),
        ("photos lost", str(result["photos_lost"])),
        ("silent failures", str(result["silent_failures"])),
        ("key leaks (files + log lines)", f"{result['key_leaks']} ({result['log_lines']} lines)"),
        ("RSS start", mb(result["rss_start_mb"])),
        ("RSS end", mb(result["rss_end_mb"])),
        ("RSS growth", "n/a" if growth is None else f"{growth:+.1f} MB"),
        ("wall time", f"{result['wall_time_s']:.1f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    title = (
        f"camdraw soak: seed {result['seed']}, fault rate {result['fault_rate']:.2f} -> "
        f"{'OK' if result['ok'] else 'FAILED'}"
    )
    lines = [title, "-" * max(len(title), width + 14)]
    lines += [f"{name:<{width}}  {value}" for name, value in rows]
    if result["problems"]:
        lines += ["", "details (first 20):", *(f"  {p}" for p in result["problems"])]
    if result["key_leaked_from"]:
        lines += ["", "the key leaked in: " + ", ".join(result["key_leaked_from"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--timeout", type=float, default=2.0, help="describe/paint time-out in seconds (>= 1)"
    )
    args = parser.parse_args(argv)
    if args.rounds < 1 or not 0 <= args.fault_rate <= 1 or args.timeout < 1:
        parser.error("need --rounds >= 1, 0 <= --fault-rate <= 1 and --timeout >= 1")
    print(f"soaking {args.rounds} rounds ...", flush=True)
    result = soak(
        args.rounds,
        args.fault_rate,
        args.seed,
        timeout_s=args.timeout,
        progress=lambda line: print(line, flush=True),
    )
    print(table(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
