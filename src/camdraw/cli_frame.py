"""``camdraw frame PHOTO ...``: framing help for photos on disk, one sentence per photo.

The same sentence the window's F key says about the live camera (``camdraw.core.framing``),
worked out on this computer: no key, no network, no window (no Qt is imported). A file that
cannot be read gets one ``camdraw:`` line on stderr and the others are still looked at; the
exit code is 1 when any failed. Its options are declared with the other commands' in
``camdraw.app``.
"""

from __future__ import annotations

import argparse

from camdraw import console
from camdraw.core import i18n, imaging
from camdraw.core import settings as settings_mod
from camdraw.core.errors import CamdrawError
from camdraw.core.framing import framing_sentence
from camdraw.core.i18n import _

_print = console.say  # one line of the answer; err=True for the reasons


def run(args: argparse.Namespace) -> int:
    console.prepare()  # Czech text must never crash output (C locale, cp1250, no console)
    settings, note = settings_mod.load()
    i18n.set_language(i18n.choose(settings.ui_language))  # messages as the window has them
    if note:
        _print(f"camdraw: {note}", err=True)
    failures = 0
    for photo in args.photos:
        try:
            frame = imaging.decode_photo(photo.read_bytes())
        except OSError as error:
            reason = error.strerror or str(error)
            message = _("{photo}: cannot read the file ({reason}).")
            _print("camdraw: " + message.format(photo=photo, reason=reason), err=True)
            failures += 1
            continue
        except CamdrawError as error:
            _print(f"camdraw: {photo}: {error}", err=True)
            failures += 1
            continue
        _print(f"{photo}: {framing_sentence(frame, args.language)}")
    return 1 if failures else 0
