"""Size of a built camdraw folder by top-level component, optionally beside another build.

    python scripts/bundle_report.py dist/camdraw [BASELINE_FOLDER]

Symlinks count as nothing (they cost no space); sizes are the files' own sizes in MB
(1,000,000 bytes).
"""

from __future__ import annotations

import argparse
import fnmatch
from pathlib import Path

# (component, glob patterns on the path inside _internal/); the first match wins.
COMPONENTS: list[tuple[str, tuple[str, ...]]] = [
    ("Qt: ICU data and libraries", ("PySide6/Qt/lib/libicu*", "icu*.dll")),
    ("Qt: translations", ("PySide6/Qt/translations/*", "PySide6/translations/*")),
    ("Qt: plugins", ("PySide6/Qt/plugins/*", "PySide6/plugins/*")),
    ("Qt: libraries and bindings", ("PySide6/*", "shiboken6/*", "libpyside6*", "libshiboken6*")),
    ("OpenCV (cv2 + FFmpeg, OpenBLAS)", ("cv2/*", "opencv_python_headless.libs/*")),
    ("NumPy (+ OpenBLAS)", ("numpy/*", "numpy.libs/*")),
    ("cryptography (keyring on Linux)", ("cryptography/*", "cryptography-*/*")),
    ("Pillow", ("PIL/*", "pillow.libs/*")),
    ("pydantic-core (openai SDK)", ("pydantic_core/*",)),
    (
        "Python runtime",
        ("libpython*", "python3*", "python3*/*", "base_library.zip", "lib-dynload/*", "*.pyd"),
    ),
    ("OpenSSL", ("libcrypto*", "libssl*")),
    ("system libraries", ("lib*.so*", "*.dll")),
]


def component_of(relative: str) -> str:
    for name, patterns in COMPONENTS:
        if any(fnmatch.fnmatch(relative, pattern) for pattern in patterns):
            return name
    return "other (app code, SDK packages, metadata)"


def sizes(folder: Path) -> dict[str, int]:
    totals: dict[str, int] = {}
    internal = folder / "_internal"
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        if internal in path.parents:
            name = component_of(path.relative_to(internal).as_posix())
        else:
            name = "camdraw + camdraw-cli (each with the Python code)"
        totals[name] = totals.get(name, 0) + path.stat().st_size
    return totals


def table(after: dict[str, int], before: dict[str, int] | None = None) -> str:
    names = sorted(set(after) | set(before or {}), key=lambda n: -after.get(n, 0))
    mb = 1_000_000
    rows = []
    if before is None:
        rows.append(f"| {'component':<52} | {'MB':>7} |")
        rows.append(f"|{'-' * 54}|{'-' * 9}|")
        for name in names:
            rows.append(f"| {name:<52} | {after.get(name, 0) / mb:7.1f} |")
        rows.append(f"| {'total':<52} | {sum(after.values()) / mb:7.1f} |")
    else:
        rows.append(f"| {'component':<52} | {'before':>7} | {'after':>7} |")
        rows.append(f"|{'-' * 54}|{'-' * 9}|{'-' * 9}|")
        for name in names:
            rows.append(
                f"| {name:<52} | {before.get(name, 0) / mb:7.1f} | {after.get(name, 0) / mb:7.1f} |"
            )
        total_before, total_after = sum(before.values()) / mb, sum(after.values()) / mb
        rows.append(f"| {'total':<52} | {total_before:7.1f} | {total_after:7.1f} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the built folder, e.g. dist/camdraw")
    parser.add_argument("baseline", type=Path, nargs="?", help="another build to compare with")
    args = parser.parse_args()
    if not (args.bundle / "_internal").is_dir():
        parser.error(f"{args.bundle} is not a PyInstaller one-folder build")
    before = sizes(args.baseline) if args.baseline else None
    print(table(sizes(args.bundle), before))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
