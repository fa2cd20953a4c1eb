"""Start-up and command line: ``camdraw [options]`` opens the window, ``camdraw draw`` does not.

One argparse parser with subcommands, so ``camdraw --help`` lists every command. Building it
imports nothing heavy (no Qt, OpenCV or openai): ``--help`` and ``--version`` answer at once,
and each command imports what it needs only once it runs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from camdraw import __version__
from camdraw.core.round import styles

COMMANDS = ("draw", "ask", "doctor", "key", "frame")
# camdraw key --server: the roles and the presets of core.providers.servers (not imported here:
# --help stays light; a test checks the lists agree).
KEY_SERVERS = ("describe", "paint", "openai", "azure", "ollama", "lmstudio", "custom")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="camdraw",
        usage="%(prog)s [window options]\n"
        "       %(prog)s draw [options] PHOTO [PHOTO ...]\n"
        '       %(prog)s ask [options] ROUND "QUESTION"\n'
        "       %(prog)s doctor [--language LANGUAGE]\n"
        "       %(prog)s key {set,status,remove} [--server NAME]\n"
        "       %(prog)s frame [--language cs|en] PHOTO [PHOTO ...]",
        description="Point a webcam at the world and press space: the scene is described, "
        "painted and read aloud. Without a command camdraw opens the window (the window "
        "options below); 'camdraw draw PHOTO...' does the same without a window; 'camdraw ask "
        "ROUND QUESTION' asks about a saved round's photo; "
        "'camdraw doctor' lists what camdraw finds on this machine; 'camdraw frame PHOTO...' "
        "says what each photo shows for framing (faces, light, blur), offline; 'camdraw key set' "
        "stores the API key in the system keyring.",
        epilog="'camdraw COMMAND --help' shows the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"camdraw {__version__}")
    window = parser.add_argument_group("window options (no command)")
    window.add_argument(
        "--camera", help="device index (0, 1, ...), a video file (loops) or a stream URL"
    )
    window.add_argument("--images-dir", help="folder for photos, paintings and records")
    window.add_argument(
        "--save-narration",
        action="store_true",
        help="also save each spoken description as a WAV file",
    )
    window.add_argument("--language", help="description language, e.g. cs or en")
    window.add_argument(
        "--ui-language",
        choices=["cs", "en"],
        help="language of the window (default: the setting, else the system's language)",
    )
    window.add_argument(
        "--self-test",
        action="store_true",
        help="take one photo as soon as the camera shows a picture, check that the round saved "
        "its files, then quit (exit code 0 = all good); used to check builds",
    )
    window.add_argument("--self-test-timeout", type=float, default=120.0, help=argparse.SUPPRESS)

    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    draw = commands.add_parser(
        "draw",
        help="describe, paint and save photos without a window: draw PHOTO [PHOTO ...]",
        description="Describe, paint and save photos.",
    )
    _add_draw_arguments(draw)
    ask = commands.add_parser(
        "ask",
        prog="camdraw ask",  # not the top-level usage's lines in front of it
        help='ask about a saved round\'s photo without a window: ask ROUND "QUESTION"',
        description="Ask the vision model a question about a saved round's photo; the answer "
        "is printed, read aloud and added to the round's conversation.",
    )
    _add_ask_arguments(ask)
    doctor = commands.add_parser(
        "doctor",
        help="list what camdraw finds on this machine (Qt, OpenCV, keyring, voice, folders)",
        description="List what camdraw finds on this machine.",
    )
    doctor.add_argument("--language", default="cs", help="language of the voice to test")
    _add_key_commands(commands)
    frame = commands.add_parser(
        "frame",
        help="say in one sentence what each photo shows for framing: faces and where, too "
        "dark, too bright, blurred (offline)",
        description="Framing help: one sentence per photo on what the camera sees, worked "
        "out on this computer with nothing sent anywhere.",
    )
    frame.add_argument("photos", nargs="+", type=Path, metavar="PHOTO", help="JPEG or PNG files")
    frame.add_argument(
        "--language", choices=["cs", "en"], default="cs", help="language of the sentences"
    )
    return parser


def _add_key_commands(commands: argparse._SubParsersAction) -> None:
    key = commands.add_parser(
        "key",
        prog="camdraw key",
        help="store, check or remove a server's API key in the system keyring: "
        "key set|status|remove",
        description="The API keys in the system keyring (the same entries as Settings → "
        "Service). A key is sent only to the server it was stored for.",
    )
    actions = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    server_help = (
        "describe (the describing server, default), paint (the painting server) or a preset: "
        + ", ".join(KEY_SERVERS[2:])
    )
    key_set = actions.add_parser(
        "set",
        prog="camdraw key set",
        help="store a key: read from standard input when piped, else asked for without echo",
        description="Store a server's API key in the system keyring. The key is read from "
        "standard input when it is not a terminal (e.g. 'camdraw key set < key.txt'), else "
        "asked for without echo.",
    )
    key_set.add_argument("--server", metavar="NAME", help=server_help)
    actions.add_parser(
        "status",
        prog="camdraw key status",
        help="where each configured server's key comes from (never the key); exit status 0 "
        "when the describing server has one",
        description="Say where each configured server's key comes from: the keyring, the "
        "environment, this session or none. Exit status 1 when the describing server has none.",
    )
    key_remove = actions.add_parser(
        "remove",
        prog="camdraw key remove",
        help="delete a server's key from the system keyring",
        description="Delete a server's API key from the system keyring.",
    )
    key_remove.add_argument("--server", metavar="NAME", help=server_help)


def _add_draw_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("photos", nargs="+", type=Path, metavar="PHOTO", help="JPEG or PNG files")
    parser.add_argument("--images-dir", type=Path, help="where to save the round files")
    parser.add_argument(
        "--save-narration",
        action="store_true",
        help="also save the spoken description as <timestamp>_description.wav",
    )
    parser.add_argument(
        "--no-speech", action="store_true", help="do not read the description aloud"
    )
    parser.add_argument("--language", help="description language, e.g. cs or en")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="describe and paint even if the same (or a nearly identical) photo was done before",
    )
    parser.add_argument(
        "--style",
        metavar="ID",
        help=f"paint in this style: {', '.join(styles.PRESET_IDS)} or one of your own "
        '("" for none; default: the one in Settings)',
    )
    parser.add_argument(
        "--likeness",
        action="store_true",
        help="paint from the photo itself (gpt-image models), keeping people recognisable",
    )
    parser.add_argument(
        "--blur-faces",
        action="store_true",
        help="blur faces in what is sent to the server (the saved photo stays as taken)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="the offline demo: describe and paint on this computer, no key and no network",
    )


def _add_ask_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "round", metavar="ROUND", help="a round's record (.json) or 'last' for the newest round"
    )
    parser.add_argument(
        "question", metavar="QUESTION", help="the question (at most 500 characters)"
    )
    parser.add_argument("--images-dir", type=Path, help="the folder of the rounds ('last')")
    parser.add_argument("--no-speech", action="store_true", help="do not read the answer aloud")
    parser.add_argument(
        "--language", help="language of the answer, e.g. cs or en (default: the description's)"
    )


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.command is not None and argv[0] != options.command:
        # The command's own --images-dir or --language would silently replace these.
        parser.error(
            f"the options before '{options.command}' are the window's; put the command first: "
            f"camdraw {options.command} [options]"
        )
    return options


def wants_console(args: Sequence[str]) -> bool:
    """A command whose whole answer is printed (a subcommand, help, version)."""
    return bool(args) and (
        args[0] in COMMANDS or any(a in ("-h", "--help", "--version") for a in args)
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from camdraw import console
    from camdraw.core import logs

    has_output = console.prepare()
    if not has_output and wants_console(args):
        console.tell_to_use_the_console_exe()
        return 2
    options = parse(args)
    if options.command == "doctor":
        from camdraw import doctor

        logs.setup(console_level=logging.CRITICAL)
        return doctor.run(options.language)
    if options.command == "ask":
        from camdraw import cli_ask

        logs.setup(console_level=logging.ERROR)
        return cli_ask.run(options)
    if options.command == "key":
        from camdraw import cli_key

        logs.setup(console_level=logging.CRITICAL)
        return cli_key.run(options)
    if options.command == "draw":
        from camdraw import cli

        # stderr is for the one-line reasons; details go to the log file.
        logs.setup(console_level=logging.ERROR)
        return cli.run(options)
    if options.command == "frame":
        from camdraw import cli_frame

        logs.setup(console_level=logging.ERROR)
        return cli_frame.run(options)
    logs.setup()
    from camdraw.ui.application import run_gui

    return run_gui(options)


if __name__ == "__main__":
    raise SystemExit(main())
