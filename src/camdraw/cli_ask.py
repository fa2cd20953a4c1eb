"""``camdraw ask ROUND "QUESTION"``: a question about a saved round's photo, no window.

ROUND is a round record (``<stem>.json``; the round's photo works too) or ``last``, the newest
round in the images folder. The answer is printed as it streams in, read aloud (unless
``--no-speech``) and added to the record's conversation, so the next ``ask`` on the same round
continues it. A failure is one ``camdraw:`` line and exit code 1. Its options are declared with
the other commands' in ``camdraw.app``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from camdraw import console
from camdraw.core import i18n
from camdraw.core import settings as settings_mod
from camdraw.core.errors import CamdrawError, StorageError
from camdraw.core.i18n import _
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.round.conversation import Conversation
from camdraw.core.round.limits import Limits
from camdraw.core.round.session import Session
from camdraw.core.store import gallery
from camdraw.core.store.record import RoundRecord

LAST = "last"


_print = console.say  # one line of the answer; err=True for the reasons


def _fail(error: CamdrawError | str) -> int:
    _print(f"camdraw: {error}", err=True)
    return 1


def run(args: argparse.Namespace) -> int:
    console.prepare()  # Czech text must never crash output (C locale, cp1250, no console)
    settings, note = settings_mod.load()
    i18n.set_language(i18n.choose(settings.ui_language))
    if note:
        _print(f"camdraw: {note}", err=True)
    if args.images_dir:
        settings = settings.replace(images_dir=str(args.images_dir.expanduser().resolve()))
    try:
        sidecar = find_round(args.round, settings.images_path())
        record = RoundRecord.load(sidecar)
    except CamdrawError as error:
        return _fail(error)
    except ValueError as error:  # a record too damaged to read
        return _fail(str(error))
    session = Session(KeyStore(), limits=Limits(settings.limit_settings()))  # the window's ledger
    conversation = Conversation(
        record,
        lambda: session.provider(settings),
        settings,
        limits=session.limits,
        language=args.language or "",
    )
    shown = ""

    def show(text: str) -> None:
        nonlocal shown
        if text.startswith(shown) and len(text) > len(shown):
            _print(text[len(shown) :], end="")
            shown = text

    try:
        entry = conversation.ask(args.question, on_text=show)
    except CamdrawError as error:
        if shown:
            _print("")
        return _fail(error)
    if entry.answer != shown.strip():
        # Not streamed, or cut back to its last whole sentence: the answer as it is kept.
        _print(f"\n{entry.answer}" if shown else entry.answer, end="")
    _print("")
    _print(f"record: {record.files.sidecar}", err=True)
    if not args.no_speech and not settings.muted:
        _speak(entry.answer, conversation.language, settings)
    return 0


def _speak(text: str, language: str, settings: settings_mod.Settings) -> None:
    from camdraw.core.speech.speaker import Speaker

    speaker = Speaker(
        language,
        voice=settings.voice,
        on_notice=lambda said: _print(f"camdraw: {said}", err=True),
        on_error=lambda said: _print(f"camdraw: {said}", err=True),
    )
    speaker.start()
    try:
        speaker.say(text)
        speaker.wait_idle(timeout=120)
    finally:
        speaker.stop()


def find_round(round_arg: str, images: Path) -> Path:
    """The record of ROUND: ``last`` (the newest round in ``images``), a record, or a round's
    photo (its record is next to it)."""
    if round_arg == LAST:
        for entry in gallery.scan(images):
            if entry.status != gallery.DAMAGED:
                return entry.sidecar
        raise StorageError(
            _("There is no round in {folder} to ask about.").format(folder=images),
            hint=_("Take a photo first, or name the folder with --images-dir."),
        )
    path = Path(round_arg).expanduser()
    if path.suffix.lower() != ".json":
        stem = path.stem.removesuffix("_photo").removesuffix("_painting")
        path = path.with_name(f"{stem}.json")
    if not path.is_file():
        raise StorageError(
            _("There is no round record {path}.").format(path=path),
            hint=_("Name a round's .json record, or 'last' for the newest round."),
        )
    return path
