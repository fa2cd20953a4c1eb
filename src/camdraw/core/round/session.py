"""What lives longer than a round: the keys, the providers (with their open connections), the
round cache, the limits and the speaker; and the one place a Pipeline is wired from them.

The window, ``camdraw draw`` and the soak each hold one ``Session`` and ask it for a
``Pipeline`` per round with that round's settings, so the three run rounds the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from camdraw.core.errors import MissingKeyError
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.providers.provider import Provider
from camdraw.core.round.limits import Limits
from camdraw.core.round.pipeline import Pipeline, SpeechSink
from camdraw.core.round.round_steps import Listener
from camdraw.core.round.warm_up import Warmed, WarmUp
from camdraw.core.settings import Settings
from camdraw.core.store.cache import RoundCache


class Session:
    """``cache`` and ``limits`` are None where they do not apply (the command line's offline
    demo, the soak); ``missing_key_hint`` is added to the hint of a missing key (the command
    line names its --offline way out)."""

    def __init__(
        self,
        keys: KeyStore | None = None,
        *,
        cache: RoundCache | None = None,
        limits: Limits | None = None,
        speaker: SpeechSink | None = None,
        missing_key_hint: str = "",
    ) -> None:
        self.keys = keys if keys is not None else KeyStore()
        self.providers = ProviderCache(self.keys)
        self.warm = WarmUp(self.providers)  # the first round's costs, paid before the press
        self.cache = cache
        self.limits = limits
        self.speaker = speaker
        self.missing_key_hint = missing_key_hint
        # Whether a screen reader is running: the window replaces this with what it found.
        self.screen_reader_running: Callable[[], bool] = lambda: False
        # Whether photobooth mode is on (exact cache matches only): the window replaces this.
        self.photobooth: Callable[[], bool] = lambda: False

    @classmethod
    def standard(
        cls, settings: Settings, keys: KeyStore | None = None, *, speaker: SpeechSink | None = None
    ) -> Session:
        """The window's session: the round cache (its index is read on first use, in a round's
        thread) and the limits of ``settings`` with the day's usage ledger."""
        return cls(
            keys, cache=RoundCache(), limits=Limits(settings.limit_settings()), speaker=speaker
        )

    def provider(self, settings: Settings) -> Provider:
        """The provider for ``settings`` (MissingKeyError or ConfigError when it cannot be had);
        its clients are reused while each server's address and key stay the same."""
        try:
            return self.providers.get(settings)
        except MissingKeyError as error:
            if not self.missing_key_hint:
                raise
            hint = f"{error.hint} {self.missing_key_hint}".strip()
            raise MissingKeyError(error.message, hint=hint) from None

    def pipeline(
        self,
        settings: Settings,
        *,
        listener: Listener | None = None,
        bypass_cache: bool = False,
    ) -> Pipeline:
        """A pipeline for rounds with ``settings``. The provider is built at the first step that
        needs it, so a missing key fails the describe step, not the photo."""
        return Pipeline(
            settings,
            lambda: self.provider(settings),
            speaker=self.speaker,
            listener=listener,
            limits=self.limits,
            cache=self.cache,
            bypass_cache=bypass_cache,
            screen_reader_running=lambda: self.screen_reader_running(),
            exact_cache_only=self.photobooth(),
        )

    def warm_up(self, settings: Settings) -> Warmed:
        """Read the key, build the clients, import what a round needs and open the
        connections now (off the GUI thread), so the first round does not pay for it; offline
        or without a key this quietly does nothing (``warm_up.WarmUp``)."""
        return self.warm.run(settings)

    def apply(self, settings: Settings) -> None:
        """New settings: the limits follow them (the next pipeline takes the rest)."""
        if self.limits is not None:
            self.limits.update(settings.limit_settings())
