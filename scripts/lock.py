"""Write the pinned, hashed requirement files bootstrap.py installs from, with uv.

    python scripts/lock.py                      pin again, keeping the versions already pinned
    python scripts/lock.py --upgrade            move every package to its newest allowed version
    python scripts/lock.py --upgrade-package X  move only X (and what it needs)

- requirements/lock.txt: camdraw with its test and build tools (bootstrap.py test, build, bench);
- requirements/app.txt: camdraw alone (python bootstrap.py), at the same versions as lock.txt.

Both are universal: one file for Linux, Windows and macOS and every Python from pyproject's
requires-python on; what only one platform or Python needs carries an environment marker
(``comtypes ... ; sys_platform == 'win32'``). Every file gets its sha256 hashes, so pip checks
each download. uv is a tool here, not a dependency: ``python -m pip install uv`` into any
virtual environment (or use ``uvx``), then run this with that environment's Python.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = "requirements/lock.txt"
APP = "requirements/app.txt"
# pyproject.toml's requires-python: the files must serve every Python camdraw says it runs on.
OLDEST_PYTHON = "3.10"
COMMON = [
    "pip",
    "compile",
    "pyproject.toml",
    "--universal",
    "--generate-hashes",
    "--python-version",
    OLDEST_PYTHON,
    "--custom-compile-command",
    "python scripts/lock.py",
    "--quiet",
]


def uv() -> list[str]:
    found = shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def main(argv: list[str]) -> int:
    commands = [
        # Everything the tests and the build need; --upgrade and friends apply here.
        [*uv(), *COMMON, "--extra", "test", "--extra", "build", "-o", LOCK, *argv],
        # The app alone, held to lock.txt's versions so that both installs agree.
        [*uv(), *COMMON, "--constraint", LOCK, "-o", APP],
    ]
    for command in commands:
        print("running: " + " ".join(command), flush=True)
        code = subprocess.run(command, cwd=ROOT, check=False).returncode
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
