"""Paying the first round's start-up costs before the first press.

A round's first request otherwise waits for what only the first one needs: ``import openai``
(~0.6 s) and the modules a round uses, the key read from the keyring, the client built, and a
TCP (and TLS) connection opened to each server. ``WarmUp.run`` does all of that off the GUI
thread with a free request, the server's model list (GET /models), through the very clients
the rounds will use (``ProviderCache`` keeps them while the address and key stay the same), so
their connection pools hold the open connections when the user presses the key.

It runs again when the settings that choose the servers change, when told the key changed
(``forget``), and when the kept-alive connection has likely been closed for idleness
(``is_due`` after ``REWARM_AFTER_S`` without a request). Never in the offline demo, never
without a key, and never a paid request.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from camdraw.core import imaging
from camdraw.core.errors import CamdrawError
from camdraw.core.providers.client import ProviderCache, choose_service
from camdraw.core.settings import Settings

log = logging.getLogger(__name__)

# client.KEEP_ALIVE_S keeps idle connections in the pool this long; a warm-up a little before
# that keeps the way open (a server that closed its end sooner costs one new connection).
REWARM_AFTER_S = 50.0

# What a round imports on first use (lazily, so that start-up stays quick).
ROUND_MODULES = (
    "openai",
    "openai.types",
    "openai.types.chat",
    "camdraw.core.round.describe_step",
    "camdraw.core.round.check_step",
    "camdraw.core.round.paint_step",
    "camdraw.core.round.speech_step",
    "camdraw.core.round.round_files",
    "camdraw.core.store.record",
)


# The SDK's parts a round uses (``client.chat`` and its siblings are imported when first
# touched): touching them builds them, and sends nothing.
CLIENT_RESOURCES = ("chat", "images", "moderations", "models")


@dataclass(frozen=True)
class Warmed:
    """What one warm-up did: ``skipped`` says why it did nothing ("offline", "no key",
    "error"); ``servers`` lists the addresses whose model list was asked for."""

    skipped: str = ""
    servers: tuple[str, ...] = ()


def signature(settings: Settings) -> tuple[object, ...]:
    """The settings a warm-up depends on: a change in any of them warms up again."""
    return (
        settings.service_mode,
        settings.describe_server,
        settings.effective_base_url(),
        settings.paint_server,
        settings.paint_base_url,
        settings.allow_insecure_http,
        settings.vision_model,
        settings.image_model,
        settings.language,
    )


class WarmUp:
    """Warms the providers of ``providers`` for the settings it is given (``run``, off the GUI
    thread); ``is_due`` and ``note_used`` are cheap and safe to call on the GUI thread."""

    def __init__(
        self,
        providers: ProviderCache,
        *,
        clock: Callable[[], float] = time.monotonic,
        rewarm_after_s: float = REWARM_AFTER_S,
    ) -> None:
        self._providers = providers
        self._clock = clock
        self._rewarm_after_s = rewarm_after_s
        self._lock = threading.Lock()
        self._warmed: tuple[object, ...] | None = None  # signature of the last warm-up
        self._skipped = ""  # why the last warm-up did nothing
        self._last_used = 0.0  # when the servers were last talked to
        self.runs = 0  # warm-ups that sent requests (tests and the log count them)

    def is_due(self, settings: Settings) -> bool:
        """Whether ``run`` would do something new: never warmed for these settings, told to
        ``forget``, or the connections idle long enough to have been closed."""
        with self._lock:
            if self._warmed != signature(settings):
                return True
            if self._skipped:  # offline or no key: nothing to keep open
                return False
            return self._clock() - self._last_used >= self._rewarm_after_s

    def note_used(self) -> None:
        """A round just talked to the servers: its connections are fresh again."""
        with self._lock:
            self._last_used = self._clock()

    def forget(self) -> None:
        """The key (or anything else outside the settings) changed: warm up again."""
        with self._lock:
            self._warmed = None

    def run(self, settings: Settings) -> Warmed:
        """Read the key, build the clients, import a round's modules and open a connection to
        each server with its model list. Reads the keyring and the network: off the GUI
        thread. Never raises for a missing key or a server that cannot be reached: the round
        that needs them says why."""
        warmed = self._warm(settings)
        with self._lock:
            self._warmed = signature(settings)
            self._skipped = warmed.skipped
            if not warmed.skipped:
                self._last_used = self._clock()
                self.runs += 1
        if warmed.skipped:
            log.debug("warm-up skipped: %s", warmed.skipped)
        else:
            log.info("warmed up the connection to %s", ", ".join(warmed.servers))
        return warmed

    def _warm(self, settings: Settings) -> Warmed:
        try:
            if choose_service(settings, self._providers.keys).offline:
                return Warmed("offline")
            provider = self._providers.get(settings)
        except CamdrawError:  # no key, or an address the round will refuse
            return Warmed("no key")
        for name in ROUND_MODULES:
            importlib.import_module(name)
        # OpenCV's first resize and JPEG encode pay for their set-up (~6 ms); Pillow loads its
        # file format plugins when it first opens a picture (the painting, as it arrives).
        imaging.prepare_upload(np.zeros((64, 64, 3), np.uint8), settings.detail)
        Image.preinit()
        asked: list[str] = []
        for server in _server_providers(provider):
            for resource in CLIENT_RESOURCES:  # the SDK imports each one on first use (~50 ms)
                getattr(server.client, resource)
            # Free: the model list. Its answer does not matter, only the open connection.
            server.available_models()
            asked.append(str(getattr(server.client, "base_url", "")))
        return Warmed(servers=tuple(asked))


def _server_providers(provider: Any) -> list[Any]:
    """The OpenAIProviders behind ``provider`` (a RoutedProvider has two), each once."""
    found: list[Any] = []
    for part in (getattr(provider, "describer", None), getattr(provider, "painter", None)):
        if part is not None and all(part is not seen for seen in found):
            found.append(part)
    if not found:
        found.append(provider)
    return [p for p in found if callable(getattr(p, "available_models", None))]
