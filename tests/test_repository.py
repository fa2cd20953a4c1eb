"""The promises the repository makes to a new user and to CI."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.+?)\n```", setup)


def test_readme_has_exactly_two_set_up_commands_and_ci_runs_the_test_one() -> None:
    commands = readme_commands()
    assert commands == ["python bootstrap.py", "python bootstrap.py test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    run_lines = [
        line
        for line in ci.splitlines()
        if line and not line.startswith(("#", "set ", "cd ", "export "))
    ]
    assert run_lines == [commands[1]]


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "bootstrap.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_machine_paths_or_keys_are_committed() -> None:
    if (ROOT / ".git").exists():
        files = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    else:  # an unpacked archive: every file that is not generated
        skip = {".venv", ".git", ".pytest_cache", ".ruff_cache", "images", "build", "dist"}
        files = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if not skip & set(p.relative_to(ROOT).parts) and "__pycache__" not in p.parts
        ]
    pattern = re.compile(r"(/root/|/home/\w+|C:\\\\Users\\\\|sk-proj-|sk-[A-Za-z0-9]{32,})")
    offenders = []
    for name in files:
        path = ROOT / name
        if path.suffix in {".png", ".ico"} or not path.is_file() or path == Path(__file__):
            continue
        if pattern.search(path.read_text(encoding="utf-8", errors="ignore")):
            offenders.append(name)
    assert offenders == []
