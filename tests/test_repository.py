"""The promises the repository makes to a new user and to CI."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def readme_commands(section: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.+?)\n```", body)


def test_readme_has_exactly_two_set_up_commands_and_ci_runs_the_test_one() -> None:
    commands = readme_commands("Set up")
    assert commands == ["python bootstrap.py", "python bootstrap.py test"]
    build = readme_commands("Build the Windows app")
    assert build == ["python bootstrap.py build"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    run_lines = [
        line
        for line in ci.splitlines()
        if line and not line.startswith(("#", "set ", "cd ", "export "))
    ]
    # The README's test command, its slow group (named in the README), then the build.
    assert run_lines == [commands[1], f"{commands[1]} -m slow", build[0]]
    assert "python bootstrap.py test -m slow" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_windows_workflow_is_valid_and_builds_only_with_the_spec() -> None:
    text = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    job = workflow["jobs"]["windows"]
    assert job["runs-on"] == "windows-latest"
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == [
        "python bootstrap.py test",
        "python bootstrap.py test -m slow",
        "python bootstrap.py build",
    ]
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["path"] == "dist/camdraw/"
    # bootstrap's build runs PyInstaller on camdraw.spec and nothing else.
    bootstrap = (ROOT / "bootstrap.py").read_text(encoding="utf-8")
    assert '"PyInstaller", "--noconfirm", "--log-level", "WARN", "camdraw.spec"' in bootstrap
    assert "pyinstaller" not in text.lower()
    # The tests run in the code page a user's Python has (cp1252 there), not in UTF-8 mode.
    assert job["env"]["PYTHONUTF8"] == "0"
    # Only the test step forces Qt offscreen: the frozen checks start the window exe once on
    # Windows' own display plugin.
    test_step, slow_step, build_step = (s for s in job["steps"] if "run" in s)
    assert test_step["env"]["QT_QPA_PLATFORM"] == "offscreen"
    assert slow_step["env"]["QT_QPA_PLATFORM"] == "offscreen"
    assert "QT_QPA_PLATFORM" not in {**job["env"], **build_step.get("env", {})}


def test_bootstrap_finds_the_venvs_python_on_windows_too(monkeypatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bootstrap_under_test", ROOT / "bootstrap.py")
    bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bootstrap)
    monkeypatch.setattr(bootstrap.os, "name", "nt")
    assert bootstrap.venv_python().relative_to(ROOT).parts == (".venv", "Scripts", "python.exe")
    monkeypatch.setattr(bootstrap.os, "name", "posix")
    assert bootstrap.venv_python().relative_to(ROOT).parts == (".venv", "bin", "python")


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "src",
            "tests",
            "scripts",
            "bootstrap.py",
            "camdraw.spec",
        ],
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
