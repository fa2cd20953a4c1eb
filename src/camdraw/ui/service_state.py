"""Which service the window uses: the API (is there a key?) or the offline demo.

``look`` may read the keyring, so ``ServiceWatch`` runs it on the window's background queue
and reports the answer with its ``changed`` signal; the window shows it (title, status bar)
and has the watch put its notes on the banner. The decision is the core's
(``client.choose_service``, the same rule the rounds follow); this only words it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot

from camdraw.core.providers import apikey, client, servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.banner import Banner

OFFLINE_NOTE = QT_TRANSLATE_NOOP(
    "ServiceWatch",
    "No API key: camdraw runs the offline demo — descriptions and paintings made on this "
    "computer by OpenCV, nothing is sent anywhere. Add a key in Settings to use the online "
    "service.",
)


@dataclass(frozen=True)
class ServiceState:
    key_found: bool
    has_backend: bool  # a usable keyring
    offline: bool  # the offline demo runs the rounds
    server: str = "OpenAI"  # whose key it is, for people ("Custom at host:8000")
    own_key: bool = False  # the OpenAI preset at another address: the OpenAI key is not sent
    keyring_problem: str = ""  # why the keyring could not be read, and the way out ("" if it could)


def look(settings: Settings, keys: KeyStore) -> ServiceState:
    """``key_found``: the describing server has the key it needs (Ollama and LM Studio need
    none; OPENAI_API_KEY counts only for OpenAI), as the core decides it for the rounds."""
    choice = client.choose_service(settings, keys)
    # A keyring that did not answer fails at once here: the stuck call is not repeated.
    unreadable = (
        apikey.unreadable_note(keys.for_server(choice.server)) if choice.key_missing else ""
    )
    return ServiceState(
        choice.key_missing is not True,
        apikey.backend_available(),
        choice.offline,
        apikey.server_label(choice.server),
        choice.server.preset.id == servers.OPENAI.id and not servers.is_openai_home(choice.server),
        unreadable,
    )


def offline_note() -> str:
    """What the banner says while the offline demo runs for want of a key."""
    return QCoreApplication.translate("ServiceWatch", OFFLINE_NOTE)


def missing_key_note(state: ServiceState) -> str:
    """What the banner says when the describing server needs a key and has none."""
    if state.own_key:
        text = QCoreApplication.translate(
            "ServiceWatch",
            "No OpenAI API key is set for {server}: this server needs its own key (the key "
            "stored for OpenAI is sent only to https://api.openai.com). Add one in Settings "
            "(Ctrl+,), or set the OPENAI_API_KEY environment variable and restart camdraw.",
        ).format(server=state.server)
    elif state.server == "OpenAI":
        text = QCoreApplication.translate(
            "ServiceWatch",
            "No OpenAI API key is set. Add one in Settings (Ctrl+,), or set the "
            "OPENAI_API_KEY environment variable and restart camdraw.",
        )
    else:
        text = QCoreApplication.translate(
            "ServiceWatch", "No API key is set for {server}. Add one in Settings (Ctrl+,)."
        ).format(server=state.server)
    if not state.has_backend:
        text += " " + QCoreApplication.translate(
            "ServiceWatch",
            "This system has no secure keyring: enter the key for this session only.",
        )
    return text


class ServiceWatch(QObject):
    """The service the rounds use, asked off the GUI thread whenever ``check`` is called (at
    start, after the settings or the key changed); ``changed`` carries each answer."""

    changed = Signal(object)  # ServiceState

    def __init__(
        self,
        keys: KeyStore,
        settings: Callable[[], Settings],
        jobs: BackgroundJobs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._keys = keys
        self._settings = settings
        self._jobs = jobs
        self._state: ServiceState | None = None
        self._demo_kept = False

    @property
    def state(self) -> ServiceState | None:
        """The last answer (None until the first one arrives)."""
        return self._state

    @property
    def offline(self) -> bool:
        return self._state is not None and self._state.offline

    @property
    def demo_kept(self) -> bool:
        """ "Keep the demo" was chosen: the offline note stays away for this session."""
        return self._demo_kept

    @Slot()
    def keep_demo(self) -> None:
        self._demo_kept = True

    @Slot()
    def check(self) -> None:
        """Ask again: a keyring may wait on an unlock prompt, so not on the GUI thread."""
        keys, settings = self._keys, self._settings()
        self._jobs.run(lambda: look(settings, keys), self._found)

    def show_notes(
        self, banner: Banner, state: ServiceState, add_key: Callable[[], object]
    ) -> None:
        """The banner's notes for ``state``: the offline demo's (until "Keep the demo"; only
        when it runs for want of a key) or the missing key's, whose buttons run ``add_key``."""
        if state.offline:
            banner.hide_message("key")
            if self._settings().service_mode == "auto" and not self._demo_kept:
                banner.show_message(
                    "demo",
                    " ".join(filter(None, (offline_note(), state.keyring_problem))),
                    self.tr("Add key…"),
                    add_key,
                    dismiss=self.tr("Keep the demo"),
                    on_dismiss=self.keep_demo,
                )
            return
        banner.hide_message("demo")
        if state.key_found:
            banner.hide_message("key")
        else:
            note = " ".join(filter(None, (missing_key_note(state), state.keyring_problem)))
            banner.show_message("key", note, self.tr("Open settings"), add_key)

    def _found(self, state: ServiceState) -> None:
        self._state = state
        self.changed.emit(state)
