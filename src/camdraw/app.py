"""Start-up and command line: ``camdraw [options]`` opens the window, ``camdraw draw`` does not."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from camdraw import __version__


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="camdraw",
        description="Point a webcam at the world and press space: the scene is described, "
        "painted and read aloud. 'camdraw draw PHOTO...' does the same without a window; "
        "'camdraw doctor' lists what camdraw finds on this machine.",
    )
    parser.add_argument("--version", action="version", version=f"camdraw {__version__}")
    parser.add_argument(
        "--camera", help="device index (0, 1, ...), a video file (loops) or a stream URL"
    )
    parser.add_argument("--images-dir", help="folder for photos, paintings and records")
    parser.add_argument(
        "--save-narration",
        action="store_true",
        help="also save each spoken description as a WAV file",
    )
    parser.add_argument("--language", help="description language, e.g. cs or en")
    parser.add_argument(
        "--ui-language",
        choices=["cs", "en"],
        help="language of the window (default: the setting, else the system's language)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="take one photo as soon as the camera shows a picture, check that the round saved "
        "its files, then quit (exit code 0 = all good); used to check builds",
    )
    parser.add_argument("--self-test-timeout", type=float, default=120.0, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from camdraw import console
    from camdraw.core import logs

    console.prepare()
    if args[:1] == ["doctor"]:
        from camdraw import doctor

        parser = argparse.ArgumentParser(
            prog="camdraw doctor", description="List what camdraw finds on this machine."
        )
        parser.add_argument("--language", default="cs", help="language of the voice to test")
        logs.setup(console_level=logging.CRITICAL)
        return doctor.run(parser.parse_args(args[1:]).language)
    if args[:1] == ["draw"]:
        from camdraw import cli

        parser = argparse.ArgumentParser(
            prog="camdraw draw", description="Describe, paint and save photos."
        )
        cli.add_arguments(parser)
        # stderr is for the one-line reasons; details go to the log file.
        logs.setup(console_level=logging.ERROR)
        return cli.run(parser.parse_args(args[1:]))
    options = _gui_parser().parse_args(args)
    logs.setup()
    from camdraw.ui.application import run_gui

    return run_gui(options)


if __name__ == "__main__":
    raise SystemExit(main())
