"""Logging set-up, with a filter that keeps API keys out of every log record."""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

from camdraw.core import paths

LOG_NAME = "camdraw.log"

# Anything shaped like a secret key: OpenAI-style keys, bearer tokens and api-key headers
# (Azure), whoever's key it is.
_KEY_SHAPE = re.compile(
    r"\b(sk-[A-Za-z0-9_\-]{8,}|sess-[A-Za-z0-9]{16,})"
    r"|(?<=Bearer )[A-Za-z0-9._~+/=\-]{12,}"
    r"|(?i:(?<=api-key: )|(?<=api-key=)|(?<=api_key=))[A-Za-z0-9._\-]{12,}"
)
_secrets: set[str] = set()


def register_secret(value: str) -> None:
    """Make sure ``value`` never appears in a log line, whatever its shape."""
    if value and len(value) >= 6:
        _secrets.add(value)


def redact(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, "[redacted]")
    return _KEY_SHAPE.sub("[redacted]", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.exc_info:
            record.msg, record.args = cleaned, None
            if record.exc_info:
                # Tracebacks can quote request headers; keep the type, drop the details.
                record.msg = (
                    f"{cleaned} ({record.exc_info[0].__name__ if record.exc_info[0] else ''})"
                )
                record.exc_info, record.exc_text = None, None
        return True


def log_file() -> Path | None:
    """The file setup() made this process log to, or None (not set up, or not writable)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler) and any(
            isinstance(f, RedactingFilter) for f in handler.filters
        ):
            return Path(handler.baseFilename)
    return None


def setup(
    level: int = logging.INFO, *, console_level: int = logging.INFO, to_file: bool = True
) -> None:
    root = logging.getLogger()
    if any(isinstance(f, RedactingFilter) for h in root.handlers for f in h.filters):
        return
    # A windowed (no console) build has no stderr to write to.
    handlers: list[logging.Handler] = []
    if sys.stderr:
        console = logging.StreamHandler()
        console.setLevel(console_level)
        handlers.append(console)
    if to_file:
        try:
            paths.log_dir().mkdir(parents=True, exist_ok=True)
            handlers.append(
                logging.handlers.RotatingFileHandler(
                    paths.log_dir() / LOG_NAME,
                    maxBytes=1_000_000,
                    backupCount=3,
                    encoding="utf-8",
                )
            )
        except OSError:
            pass
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in handlers:
        handler.setFormatter(fmt)
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    root.setLevel(level)
    # The SDK's HTTP layers log request details at DEBUG; keep them quiet.
    for noisy in ("openai", "httpx", "httpcore", "httpx2", "httpcore2"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
