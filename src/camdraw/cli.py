"""``camdraw draw PHOTO ...``: the same pipeline with no window (no Qt is imported).

Its options are declared with the other commands' in ``camdraw.app``.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from datetime import datetime

from camdraw import console
from camdraw.core import i18n, imaging, memory
from camdraw.core import settings as settings_mod
from camdraw.core.errors import CamdrawError
from camdraw.core.i18n import N_, _, ngettext
from camdraw.core.providers import destinations
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.pricing import format_usd
from camdraw.core.round import styles
from camdraw.core.round.limits import Limits
from camdraw.core.round.pipeline import RoundEvent
from camdraw.core.round.session import Session
from camdraw.core.store import retention
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.record import RoundRecord

OFFLINE_HINT = N_("Or try the offline demo, which needs no key: camdraw draw --offline PHOTO.")


_print = console.say  # one line of the answer; err=True for the reasons


def run(args: argparse.Namespace) -> int:
    console.prepare()  # Czech text must never crash output (C locale, cp1250, no console)
    memory.configure_allocator()
    i18n.set_language(i18n.choose())  # a note about a damaged settings file: defaults' language
    settings, note = settings_mod.load()
    i18n.set_language(i18n.choose(settings.ui_language))  # messages as the window has them
    if note:
        _print(f"camdraw: {note}", err=True)
    changes: dict[str, object] = {}
    if args.images_dir:
        changes["images_dir"] = str(args.images_dir.expanduser().resolve())
    if args.save_narration:
        changes["save_narration"] = True
    if args.language:
        changes["language"] = args.language
    if args.style is not None:
        style = styles.find(args.style, settings.custom_styles)
        if style is None and args.style.strip():
            known = ", ".join(s.id for s in styles.all_styles(settings.custom_styles))
            _print(
                "camdraw: "
                + _("there is no style '{style}'. Styles: {known}.").format(
                    style=args.style, known=known
                ),
                err=True,
            )
            return 2
        changes["style"] = style.id if style is not None else ""
    if args.likeness:
        changes["likeness"] = True
    if getattr(args, "blur_faces", False):
        changes["blur_faces"] = True
    settings = settings.replace(**changes) if changes else settings
    offline = bool(args.offline) or settings.service_mode == "offline"
    _remove_old_rounds(settings)
    _say_where_photos_go(settings, offline)
    if offline:
        _print(
            "camdraw: "
            + _("offline demo: described and painted on this computer, nothing is sent.")
        )

    speaker = None
    if not args.no_speech or settings.save_narration:
        from camdraw.core.speech.speaker import Speaker

        speaker = Speaker(
            settings.language,
            voice=settings.voice,
            on_notice=lambda text: _print(f"camdraw: {text}", err=True),
            on_error=lambda text: _print(f"camdraw: {text}", err=True),
        )
        speaker.set_muted(args.no_speech or settings.muted)
        speaker.start()
    # The offline demo is free and local: no limits to wait for, nothing worth caching.
    session = Session(
        KeyStore(),
        cache=None if offline else RoundCache(),
        limits=None if offline else Limits(settings.limit_settings()),  # the window's ledger
        speaker=speaker,
        missing_key_hint=_(OFFLINE_HINT),
    )
    # This command asks for the demo only by --offline (or the settings): never "auto", so a
    # missing key is said, with the way out.
    chosen = settings.replace(service_mode="offline" if offline else "api")
    pipeline = session.pipeline(chosen, listener=_report, bypass_cache=args.no_cache)
    limits = session.limits
    failures = 0
    try:
        for photo in args.photos:
            if limits is not None and not _wait_for_limits(limits):
                failures += len(args.photos) - args.photos.index(photo)
                break
            try:
                # Checked before decoding: a folder, device, pipe, empty, text or huge file
                # is one line here, and the batch goes on.
                frame = imaging.load_photo(photo)
                record = pipeline.run_frame(frame)
            except OSError as error:
                reason = _("cannot read the file ({reason}).").format(reason=error.strerror)
                _print(f"camdraw: {photo}: {reason}", err=True)
                failures += 1
                continue
            except CamdrawError as error:
                _print(f"camdraw: {photo}: {error}", err=True)
                failures += 1
                continue
            if record.status != "done":
                failures += 1
        if speaker is not None:
            speaker.wait_idle(timeout=120)
    finally:
        if speaker is not None:
            speaker.stop()
    return 1 if failures else 0


def _remove_old_rounds(settings: settings_mod.Settings) -> None:
    """Rounds older than the settings keep are deleted before new ones are made."""
    if settings.keep_days <= 0:
        return
    cleanup = retention.remove_expired(settings.images_path(), settings.keep_days)
    if cleanup.deleted:
        n = len(cleanup.deleted)
        text = ngettext(
            "{n} round older than the set number of days was deleted.",
            "{n} rounds older than the set number of days were deleted.",
            n,
        )
        _print(f"camdraw: {text.format(n=n)}")
    for _stem, message in cleanup.failed:
        _print(f"camdraw: {message}", err=True)


def _say_where_photos_go(settings: settings_mod.Settings, offline: bool) -> None:
    """The first time photos go to a server (and after a change), one line says where and
    what is kept; running the command is the confirmation, remembered as in the window."""
    places = destinations.unconfirmed(settings, offline)
    if not places:
        return
    _print("camdraw: " + " ".join(destinations.notice(settings, offline).splitlines()))
    with contextlib.suppress(CamdrawError):  # not saved: said again next time
        settings_mod.save_changes(
            {"confirmed_servers": destinations.with_confirmed(settings, places)}
        )


def _wait_for_limits(limits: Limits) -> bool:
    """A batch waits out the cooldown between photos; the hourly cap and the budget stop it."""
    while (hit := limits.check()) is not None:
        if hit.limit != "cooldown":
            _print(f"camdraw: {hit.message}", err=True)
            return False
        time.sleep(max(0.05, (hit.resets_at - datetime.now(hit.resets_at.tzinfo)).total_seconds()))
    return True


def _line(label: str, value: object) -> str:
    """One line of a round's summary: the label, padded so the values line up."""
    return f"{label:<12} {value}"


def _report(event: RoundEvent) -> None:
    if event.step == "photo" and event.status == "done":
        _print(_line(_("photo:"), event.data))
    elif event.step == "describe" and event.status == "text":
        _print(_line(_("description:"), event.data))
    elif event.step == "paint" and event.status == "image":
        _print(_line(_("painting:"), event.data))
    elif event.step == "speech" and event.status == "started" and event.data:
        _print(_line(_("narration:"), event.data))
    elif event.step == "round" and event.status == "done":
        _print(_line(_("style:"), _style_line(event.data)))
        if where := destinations.places_line(event.data.privacy):
            _print(_line(_("where:"), where))
        mode = event.data.paint_mode
        _print(_line(_("painted:"), _(_MODES[mode]) if mode in _MODES else mode))
        if event.data.cache:
            reused = ", ".join(map(str, event.data.cache.values()))
            _print(_line(_("cache:"), _("reused ({what})").format(what=reused)))
        elif event.data.cost:
            _print(_line(_("cost:"), format_usd(event.data.cost.get("usd"))))
        _print(_line(_("record:"), event.data.files.sidecar))
    elif event.step == "round" and event.status in ("failed", "blocked"):
        _print(f"camdraw: {event.message}", err=True)
        _print(_line(_("record:"), event.data.files.sidecar))
    elif event.status in ("retrying", "note"):
        _print(f"camdraw: {event.message}", err=True)


_MODES = {
    "text": N_("from the description"),
    "likeness": N_("from the photo (likeness)"),
    "offline": N_("offline demo (OpenCV filters on this computer)"),
}


def _style_line(record: RoundRecord) -> str:
    style = styles.find(record.style)
    if style is not None:
        return f"{style.name(i18n.language())} ({style.id})"
    return record.style or _("none")
