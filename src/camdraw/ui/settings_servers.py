"""One server in the settings: preset, address, its key in the keyring, and "Test connection".

A key belongs to a server (preset and host), so the key field and buttons always act on the
server chosen in this panel as it is typed now, and the status line names that server.

The connection test (and the automatic model fetch on opening) runs on the dialog's
background queue; the result comes back as a queued signal and is shown in plain words.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from camdraw.core.errors import CamdrawError
from camdraw.core.i18n import _
from camdraw.core.providers import apikey, connection, servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.connection import ConnectionReport
from camdraw.core.providers.servers import Server
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.shown_label import ShownTextLabel


class ServerPanel(QGroupBox):
    """The describing (role "describe") or painting (role "paint") server."""

    key_changed = Signal()
    connection_tested = Signal(str, object)  # role, ConnectionReport (after the label shows it)
    error_raised = Signal(str)

    def __init__(
        self,
        role: str,
        preset_id: str,
        address: str,
        keys: KeyStore,
        jobs: BackgroundJobs,
        allow_insecure: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.role = role
        self._all_keys = keys
        self._key_owner: str | None = None  # keyring entry the status line was shown for
        self._jobs = jobs
        self._allow_insecure = allow_insecure
        self.setTitle(
            self.tr("Describing server") if role == "describe" else self.tr("Painting server")
        )
        form = QFormLayout(self)

        self.preset = QComboBox()
        if role == "paint":
            self.preset.addItem(self.tr("Same as describing"), servers.SAME)
        for item in servers.PRESETS:
            self.preset.addItem(_(item.label), item.id)
        index = self.preset.findData(preset_id)
        self.preset.setCurrentIndex(index if index >= 0 else self.preset.findData("custom"))
        self.preset.setAccessibleName(self.title() + " " + self.tr("preset"))
        form.addRow(self.tr("Ser&ver"), self.preset)
        self.hint = ShownTextLabel(self.tr("About this server"))
        self.hint.setWordWrap(True)
        form.addRow(self.hint)

        self.address = QLineEdit(address)
        self.address.setAccessibleName(self.title() + " " + self.tr("address"))
        form.addRow(self.tr("&Address (base URL)"), self.address)

        self.key_status = QLabel()
        self.key_status.setWordWrap(True)
        self.key_status.setAccessibleName(self.tr("Key status"))
        form.addRow(self.key_status)
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("Paste a new key here"))
        self.key_edit.setAccessibleName(
            self.tr("API key") if role == "describe" else self.tr("Painting server API key")
        )
        form.addRow(self.tr("API &key"), self.key_edit)
        row = QHBoxLayout()
        self.save_key_button = QPushButton(self.tr("S&tore in keyring"))
        self.session_key_button = QPushButton(self.tr("Use for this &session only"))
        self.delete_key_button = QPushButton(self.tr("&Delete stored key"))
        for button, slot in (
            (self.save_key_button, self._save_key),
            (self.session_key_button, self._session_key),
            (self.delete_key_button, self._delete_key),
        ):
            button.setAccessibleName(button.text().replace("&", ""))
            button.clicked.connect(slot)
            row.addWidget(button)
        form.addRow(row)

        self.test_button = QPushButton(self.tr("Test &connection"))
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = ShownTextLabel(self.tr("Connection test result"))
        self.test_result.setWordWrap(True)
        form.addRow(self.test_button, self.test_result)

        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.address.textChanged.connect(self._address_changed)
        self._update_for_preset()  # ends with refresh_key_status()

    # -- what is chosen ----------------------------------------------------------------------

    def preset_id(self) -> str:
        return str(self.preset.currentData())

    def is_same(self) -> bool:
        return self.preset_id() == servers.SAME

    def address_text(self) -> str:
        return "" if self.is_same() else self.address.text().strip()

    def server(self) -> Server:
        return servers.make_server(self.preset_id(), self.address_text())

    def key_store(self) -> KeyStore:
        """The store of the key for the server chosen here, as typed now."""
        return self._all_keys.for_server(self.server())

    def _takes_key(self) -> bool:
        return not self.is_same() and servers.preset(self.preset_id()).key != "none"

    def _address_changed(self) -> None:
        # Another host is another server with another key; reading the keyring only when
        # the owner changes keeps typing quick.
        if apikey.username_for(self.server()) != self._key_owner:
            self.refresh_key_status()

    def _preset_changed(self) -> None:
        """A new preset fills in its own address (OpenAI's stays empty: the SDK default)."""
        new = self.preset_id()
        if new != servers.SAME:
            chosen = servers.preset(new)
            typed = self.address.text().strip()
            defaults = {p.base_url for p in servers.PRESETS}
            if not typed or typed in defaults or new != "custom":
                # Quietly: _update_for_preset() below reads the keyring once for the new
                # server, not once more through _address_changed.
                with QSignalBlocker(self.address):
                    self.address.setText("" if chosen.id == servers.OPENAI.id else chosen.base_url)
        self.test_result.clear()
        self._update_for_preset()

    def _update_for_preset(self) -> None:
        same = self.is_same()
        if same:
            self.hint.setText(self.tr("Painting uses the describing server and its key."))
        else:
            self.hint.setText(_(servers.preset(self.preset_id()).hint))
            if self.preset_id() == servers.OPENAI.id:
                self.address.setPlaceholderText(
                    self.tr("empty: OPENAI_BASE_URL or https://api.openai.com/v1")
                )
            else:
                self.address.setPlaceholderText(self.tr("e.g. http://localhost:11434/v1"))
        for widget in (self.address, self.test_button):
            widget.setEnabled(not same)
        self.refresh_key_status()

    # -- key actions (take effect at once: the key is never part of the dialog's result) ----

    def refresh_key_status(self) -> None:
        server = self.server()
        owner = apikey.username_for(server)
        self._key_owner = owner
        takes_key = self._takes_key() and owner is not None and not server.address_problem()
        store = self.key_store()
        found = store.find() if takes_key else None
        name = apikey.server_label(server)
        texts = {
            "keyring": self.tr("A key for {server} is stored in the system keyring."),
            "session": self.tr(
                "A key for {server} is set for this session only (it is forgotten when "
                "camdraw quits)."
            ),
            "environment": self.tr(
                "Using the key from the OPENAI_API_KEY environment variable for {server}."
            ),
        }
        text = (texts[found.source] if found else self.tr("No key is set for {server}.")).format(
            server=name
        )
        if self.is_same():
            text = self.tr("The describing server's key is used.")
        elif servers.preset(self.preset_id()).key == "none":
            text = self.tr("This server needs no key; none is sent.")
        elif not takes_key:
            text = self.tr(
                "Enter this server's address first: a key is kept for one server and sent "
                "only to it."
            )
        has_backend = apikey.backend_available()
        if not has_backend:
            text += f" {_(apikey.NO_BACKEND_MESSAGE)} {_(apikey.NO_BACKEND_HINT)}"
        self.key_status.setText(text)
        self.key_status.setAccessibleDescription(text)
        self.save_key_button.setEnabled(has_backend and takes_key)
        for widget in (self.key_edit, self.session_key_button):
            widget.setEnabled(takes_key)
        self.delete_key_button.setEnabled(found is not None and found.source != "environment")

    def _save_key(self) -> None:
        self._apply_key(self.key_store().store)

    def _session_key(self) -> None:
        self._apply_key(self.key_store().use_for_session)

    def _apply_key(self, action: Callable[[str], None]) -> None:
        key = self.key_edit.text().strip()
        if not key:
            self.error_raised.emit(self.tr("Paste a key into the field first."))
            return
        try:
            action(key)
        except CamdrawError as error:
            self.error_raised.emit(str(error))
            return
        self.key_edit.clear()
        self.error_raised.emit("")
        self.key_changed.emit()  # the dialog refreshes both panels' key status

    def _delete_key(self) -> None:
        try:
            self.key_store().delete()
        except CamdrawError as error:
            self.error_raised.emit(str(error))
        self.key_changed.emit()  # the dialog refreshes both panels' key status

    # -- testing the connection --------------------------------------------------------------

    def test_connection(self, *, quiet: bool = False) -> None:
        """Ask the server for its models off the GUI thread. ``quiet``: the automatic fetch
        on opening, which does not bother a server that needs a key when none is set."""
        server = self.server()
        allow = self._allow_insecure()
        keys = self._all_keys
        if not quiet:
            self.test_button.setEnabled(False)
            self.test_result.setText(self.tr("Testing the connection…"))
        self._jobs.run(
            lambda: (
                None
                if quiet and _needs_missing_key(server, keys)
                else connection.probe_server(server, keys, allow_insecure=allow)
            ),
            on_done=self._tested,
        )

    def _tested(self, report: ConnectionReport | None) -> None:
        self.test_button.setEnabled(not self.is_same())
        if report is None:
            return
        self.test_result.setText(report.message)
        self.test_button.setAccessibleDescription(report.message)
        self.connection_tested.emit(self.role, report)


def _needs_missing_key(server: Server, keys: KeyStore) -> bool:
    return server.preset.needs_key and keys.for_server(server).find() is None
