"""Stand-ins for Windows SAPI's COM objects, shared by the speech tests.

They behave as Microsoft's SAPI 5.4 automation reference describes SpVoice, and come with fake
``comtypes`` and ``pythoncom`` modules, so pyttsx3's own sapi5 driver (and camdraw's real speech
path) runs on top of them on any platform:

- ``SpVoice.Speak`` with SVSFlagsAsync queues the text and returns at once; an "audio device"
  plays it on its own thread, one character every ``seconds_per_char``. Without the flag,
  Speak returns when the text is done. SVSFPurgeBeforeSpeak cuts what is sounding and drops
  what is queued. Text that starts with "<" is parsed as markup unless SVSFIsNotXML is given
  (tags are not spoken).
- ``WaitUntilDone(ms)`` blocks until all queued speech is done (True) or the time is up (False);
  ``Status.RunningState`` is SRSEIsSpeaking while the device sounds, else SRSEDone.
- ``AudioOutputStream`` is the default device unless a stream is set; setting None (Nothing)
  goes back to the device. Rendering into a stream takes no time.
- Events (StartStream, EndStream; only those ``EventInterests`` asks for) reach a sink connected
  with ``comtypes.client.GetEvents`` only when the thread that connected it pumps messages
  (``pythoncom.PumpWaitingMessages``), and no sooner than ``event_delay_s`` after they happened.
- ``SpFileStream.Open(path, SSFMCreateForWrite)`` creates the file, speech rendered while it is
  the output is recorded, and ``Close`` writes a real WAV (22050 Hz, 16-bit mono,
  ``WAV_SECONDS_PER_CHAR`` per character). ``SpMemoryStream`` records what was rendered into it.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
import time
import types
import wave
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

SVSF_ASYNC = 1
SVSF_PURGE_BEFORE_SPEAK = 2
SVSF_IS_NOT_XML = 16
SRSE_DONE = 1
SRSE_IS_SPEAKING = 2
SSFM_CREATE_FOR_WRITE = 3
SVE_START_INPUT_STREAM = 2
SVE_END_INPUT_STREAM = 4
WAV_SECONDS_PER_CHAR = 0.06
WAV_RATE = 22050

SAPI_TOKENS = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\"
ONECORE_VOICES = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech_OneCore\\Voices"
SAPI_VOICES = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices"


class _ComObject:
    """comtypes' wrappers of type-library interfaces ignore case ("stream.close()" works)."""

    def __getattr__(self, name: str) -> Any:
        for candidate in dir(type(self)):
            if candidate.lower() == name.lower() and candidate != name:
                return getattr(self, candidate)
        raise AttributeError(name)


class FakeToken(_ComObject):
    """A voice token (ISpeechObjectToken)."""

    def __init__(self, token_id: str, name: str, language: str) -> None:
        self.Id = token_id
        self._attributes = {"Name": name, "Language": language}

    def GetAttribute(self, name: str) -> str:
        return self._attributes.get(name, "")

    def GetDescription(self) -> str:
        return f"{self._attributes['Name']} - description"


ZIRA = FakeToken(SAPI_TOKENS + "TTS_MS_EN-US_ZIRA_11.0", "Microsoft Zira Desktop", "409")
JAKUB = FakeToken(ONECORE_VOICES + "\\Tokens\\MSTTS_V110_csCZ_Jakub", "Microsoft Jakub", "405")


@dataclass(eq=False)
class Utterance:
    """One Speak call's text on its way to an output."""

    text: str  # what the voice says (markup removed)
    voice_id: str
    rate: int
    number: int
    output: Any = None
    played: str = ""  # the characters that reached the output
    purged: bool = False
    finished: bool = False

    @property
    def complete(self) -> bool:
        return self.finished and not self.purged and self.played == self.text


class AudioDevice:
    """The default audio output (SpMMAudioOut): every utterance routed to it, in order."""

    def __init__(self, seconds_per_char: float) -> None:
        self.seconds_per_char = seconds_per_char
        self.utterances: list[Utterance] = []
        self.sounding = threading.Event()  # set once a character has been played


class FakeMemoryStream(_ComObject):
    """SAPI.SpMemoryStream."""

    def __init__(self) -> None:
        self.utterances: list[Utterance] = []

    def GetData(self) -> bytes:
        return "".join(u.played for u in self.utterances).encode()


class FakeFileStream(_ComObject):
    """SAPI.SpFileStream: a real WAV file once closed."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.closed = False
        self.utterances: list[Utterance] = []

    def Open(self, FileName: str, FileMode: int = 0, DoEvents: bool = False) -> None:
        if FileMode != SSFM_CREATE_FOR_WRITE:
            raise OSError(f"the stand-in only writes files (mode {FileMode})")
        self.path = Path(FileName)
        self.path.write_bytes(b"")

    def Close(self) -> None:
        assert self.path is not None and not self.closed
        frames = int(sum(len(u.played) for u in self.utterances) * WAV_SECONDS_PER_CHAR * WAV_RATE)
        with wave.open(str(self.path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(WAV_RATE)
            wav.writeframes(b"\0\0" * frames)
        self.closed = True


class FakeCategory(_ComObject):
    """SAPI.SpObjectTokenCategory over the world's SAPI or OneCore voices."""

    def __init__(self, world: SapiWorld) -> None:
        self._world = world
        self._id = ""

    def SetId(self, category_id: str, create_if_not_exist: bool = False) -> None:
        if category_id not in (SAPI_VOICES, ONECORE_VOICES):
            raise OSError(f"no such category: {category_id}")
        self._id = category_id

    def EnumerateTokens(self, *args: Any) -> list[FakeToken]:
        return list(
            self._world.onecore_tokens if self._id == ONECORE_VOICES else self._world.tokens
        )


class _MessageQueue:
    """One thread's posted messages: dispatched only when that thread pumps."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: deque[tuple[float, Callable[[], None]]] = deque()

    def post(self, due: float, call: Callable[[], None]) -> None:
        with self._lock:
            self._items.append((due, call))

    def pump(self) -> None:
        now = time.monotonic()
        while True:
            with self._lock:
                if not self._items or self._items[0][0] > now:
                    return
                _, call = self._items.popleft()
            call()


class FakeVoice(_ComObject):
    """SAPI.SpVoice."""

    def __init__(self, world: SapiWorld) -> None:
        self._world = world
        self.Voice: FakeToken = world.tokens[0]
        self.Rate = 0
        self.Volume = 100
        self.EventInterests = 0
        self.speak_calls: list[tuple[str, int, int]] = []  # (text, flags, calling thread)
        self.utterances: list[Utterance] = []  # every text it accepted, played or not
        self._output: Any = world.device
        self._lock = threading.Condition()
        self._queue: deque[Utterance] = deque()
        self._current: Utterance | None = None
        self._worker: threading.Thread | None = None
        self._numbers = 0
        self._sinks: list[tuple[Any, _MessageQueue]] = []

    @property
    def AudioOutputStream(self) -> Any:
        return self._output

    @AudioOutputStream.setter
    def AudioOutputStream(self, stream: Any) -> None:
        self._output = self._world.device if stream is None else stream

    @property
    def Status(self) -> SimpleNamespace:
        with self._lock:
            sounding = self._current is not None and self._current.output is self._world.device
        return SimpleNamespace(RunningState=SRSE_IS_SPEAKING if sounding else SRSE_DONE)

    def GetVoices(self, RequiredAttributes: str = "", OptionalAttributes: str = "") -> list[Any]:
        return list(self._world.tokens)

    def Speak(self, Text: str, Flags: int = 0) -> int:
        self.speak_calls.append((Text, Flags, threading.get_ident()))
        if Text.startswith("<") and not Flags & SVSF_IS_NOT_XML:
            Text = re.sub(r"<[^>]*>", "", Text)  # SAPI's default: parse it as markup
        output = self._output
        if isinstance(output, FakeFileStream) and (output.path is None or output.closed):
            raise OSError("the output stream is not open")
        with self._lock:
            if Flags & SVSF_PURGE_BEFORE_SPEAK:
                self._purge_locked()
            self._numbers += 1
            if not Text:
                return self._numbers
            utterance = Utterance(Text, self.Voice.Id, self.Rate, self._numbers, output)
            self.utterances.append(utterance)
            self._queue.append(utterance)
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._play, name="sapi-stand-in-audio", daemon=True
                )
                self._worker.start()
            if not Flags & SVSF_ASYNC:
                self._lock.wait_for(lambda: utterance.finished)
            return utterance.number

    def WaitUntilDone(self, msTimeout: int) -> bool:
        timeout = None if msTimeout < 0 else msTimeout / 1000
        with self._lock:
            return self._lock.wait_for(lambda: not self._queue and self._current is None, timeout)

    def connect(self, sink: Any, messages: _MessageQueue) -> None:
        self._sinks.append((sink, messages))

    def join(self) -> None:
        with self._lock:
            self._purge_locked()
            worker = self._worker
        if worker is not None:
            worker.join(10)

    def _purge_locked(self) -> None:
        if self._current is not None:
            self._current.purged = True
        for queued in self._queue:
            queued.purged = queued.finished = True
        self._queue.clear()
        self._lock.notify_all()

    def _play(self) -> None:
        device = self._world.device
        while True:
            with self._lock:
                if not self._queue:
                    self._worker = None
                    return
                utterance = self._current = self._queue.popleft()
                utterance.output.utterances.append(utterance)
            self._post(SVE_START_INPUT_STREAM, "StartStream", utterance.number, 0)
            for char in utterance.text:
                with self._lock:
                    if utterance.purged:
                        break
                    utterance.played += char
                    if utterance.output is device:
                        device.sounding.set()
                        # Real time; a purge wakes the device at once.
                        self._lock.wait(device.seconds_per_char)
            with self._lock:
                utterance.finished = True
                self._current = None
                self._lock.notify_all()
            self._post(SVE_END_INPUT_STREAM, "EndStream", utterance.number, len(utterance.played))

    def _post(self, interest: int, event: str, *args: Any) -> None:
        if not self.EventInterests & interest:
            return
        due = time.monotonic() + self._world.event_delay_s
        for sink, messages in self._sinks:
            handler = getattr(sink, f"_ISpeechVoiceEvents_{event}", None)
            if handler is not None:
                messages.post(due, lambda h=handler: h(*args))


class SapiWorld:
    """The COM classes, the audio device and each thread's message queue."""

    def __init__(self, *, seconds_per_char: float = 0.002, event_delay_s: float = 0.0) -> None:
        self.device = AudioDevice(seconds_per_char)
        self.event_delay_s = event_delay_s
        self.tokens: list[FakeToken] = [ZIRA]
        self.onecore_tokens: list[FakeToken] = [JAKUB]
        self.voices: list[FakeVoice] = []
        self.file_streams: list[FakeFileStream] = []
        self.memory_streams: list[FakeMemoryStream] = []
        self._queues: dict[int, _MessageQueue] = {}

    def create_object(self, progid: str, *args: Any, **kwargs: Any) -> Any:
        kind = progid.lower()  # ProgIDs are case-insensitive ("SAPI.SPVoice" in pyttsx3)
        if kind == "sapi.spvoice":
            self.voices.append(FakeVoice(self))
            return self.voices[-1]
        if kind == "sapi.spfilestream":
            self.file_streams.append(FakeFileStream())
            return self.file_streams[-1]
        if kind == "sapi.spmemorystream":
            self.memory_streams.append(FakeMemoryStream())
            return self.memory_streams[-1]
        if kind == "sapi.spobjecttokencategory":
            return FakeCategory(self)
        raise OSError(f"class not registered: {progid}")

    def get_events(self, source: FakeVoice, sink: Any, interface: Any = None) -> object:
        source.connect(sink, self._messages())
        return object()

    def pump_waiting_messages(self) -> int:
        self._messages().pump()
        return 0

    def wait_until_quiet(self) -> None:
        for voice in self.voices:
            assert voice.WaitUntilDone(10_000), "the stand-in voice never finished"

    def close(self) -> None:
        for voice in self.voices:
            voice.join()

    def modules(self) -> dict[str, types.ModuleType]:
        comtypes = types.ModuleType("comtypes")
        client = types.ModuleType("comtypes.client")
        gen = types.ModuleType("comtypes.gen")
        speech_lib = types.ModuleType("comtypes.gen.SpeechLib")
        pythoncom = types.ModuleType("pythoncom")
        comtypes.__path__ = gen.__path__ = []  # type: ignore[attr-defined]
        client.CreateObject = self.create_object  # type: ignore[attr-defined]
        client.GetEvents = self.get_events  # type: ignore[attr-defined]
        speech_lib.SSFMCreateForWrite = SSFM_CREATE_FOR_WRITE  # type: ignore[attr-defined]
        gen.SpeechLib = speech_lib  # type: ignore[attr-defined]
        comtypes.client, comtypes.gen = client, gen  # type: ignore[attr-defined]
        pythoncom.PumpWaitingMessages = self.pump_waiting_messages  # type: ignore[attr-defined]
        for module in (comtypes, pythoncom):
            module.CoInitialize = lambda: None  # type: ignore[attr-defined]
            module.CoUninitialize = lambda: None  # type: ignore[attr-defined]
        return {
            "comtypes": comtypes,
            "comtypes.client": client,
            "comtypes.gen": gen,
            "comtypes.gen.SpeechLib": speech_lib,
            "pythoncom": pythoncom,
        }

    def _messages(self) -> _MessageQueue:
        return self._queues.setdefault(threading.get_ident(), _MessageQueue())


@contextlib.contextmanager
def windows_with_sapi(monkeypatch: pytest.MonkeyPatch, **options: Any) -> Iterator[SapiWorld]:
    """Pretend to be Windows: pyttsx3.init() builds its real sapi5 driver on the stand-ins."""
    import pyttsx3

    world = SapiWorld(**options)
    for name, module in world.modules().items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(pyttsx3, "_activeEngines", weakref.WeakValueDictionary())
    # The driver module binds comtypes when imported: import it afresh over the stand-ins, and
    # let monkeypatch forget that copy (or restore a real one) afterwards.
    driver_module = "pyttsx3.drivers.sapi5"
    monkeypatch.setitem(sys.modules, driver_module, None)  # type: ignore[arg-type]
    del sys.modules[driver_module]
    try:
        yield world
    finally:
        world.close()
