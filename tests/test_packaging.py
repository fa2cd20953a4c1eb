"""camdraw.spec's own rules, checked without building (the build itself: tests/frozen).

The spec is a PyInstaller script (it runs Analysis at import), so its helper functions are taken
out of it by name and run here, for the Linux and the Windows layout of PySide6.
"""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def spec_functions(*names: str, **namespace: Any) -> dict[str, Any]:
    tree = ast.parse((ROOT / "camdraw.spec").read_text(encoding="utf-8"))
    wanted = [
        node
        for node in tree.body
        if (isinstance(node, ast.FunctionDef) and node.name in names)
        or (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)
            and not any(
                isinstance(t, ast.Name) and t.id in ("ROOT", "SRC", "VERSION") for t in node.targets
            )
        )
        or isinstance(node, ast.Import | ast.ImportFrom)
    ]
    scope: dict[str, Any] = dict(namespace)
    exec(compile(ast.Module(wanted, []), "camdraw.spec", "exec"), scope)
    return scope


@pytest.fixture(scope="module")
def trimmed() -> Any:
    return spec_functions("trimmed")["trimmed"]


@pytest.mark.parametrize(
    "path",
    [
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/plugins/imageformats/qtiff.dll",  # Windows layout
        "PySide6/Qt6Network.dll",
        "PySide6/plugins/tls/qschannelbackend.dll",
        "PySide6/translations/qt_fr.qm",
        "PySide6\\plugins\\generic\\qtuiotouchplugin.dll",
    ],
)
def test_parts_camdraw_never_loads_are_trimmed(trimmed: Any, path: str) -> None:
    assert trimmed(path)


@pytest.mark.parametrize(
    "path",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/translations/qtbase_cs.qm",
        "PySide6/plugins/platforms/qwindows.dll",  # Windows layout
        "PySide6/plugins/imageformats/qjpeg.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt6Widgets.dll",
        "PySide6/translations/qtbase_cs.qm",
        "cv2/cv2.abi3.so",
        "numpy.libs/libscipy_openblas64_-32a4b2a6.so",
    ],
)
def test_parts_camdraw_needs_are_kept(trimmed: Any, path: str) -> None:
    assert not trimmed(path)


def test_windows_version_resource_serialises(monkeypatch: pytest.MonkeyPatch) -> None:
    # versioninfo imports Windows-only modules at the top; the structure itself is portable.
    import PyInstaller.compat

    monkeypatch.setattr(PyInstaller.compat, "win32api", types.SimpleNamespace(), raising=False)
    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    info = spec_functions("windows_version_info", VERSION="1.2.3")["windows_version_info"]()
    text = str(info)
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('OriginalFilename', 'camdraw.exe')" in text
    assert "StringStruct('ProductVersion', '1.2.3')" in text
    assert len(info.toRaw()) > 500


def test_the_interface_translations_are_bundled(tmp_path: Path) -> None:
    data_files = spec_functions("data_files")["data_files"]
    i18n = tmp_path / "resources" / "i18n"
    i18n.mkdir(parents=True)
    for name in ("camdraw_cs.qm", "camdraw_cs.ts", "camdraw_de.qm"):
        (i18n / name).write_bytes(b"x")
    bundled = {(Path(source).name, dest) for source, dest in data_files(tmp_path)}
    assert bundled == {
        ("camdraw.png", "resources"),
        ("camdraw.ico", "resources"),
        ("camdraw_cs.qm", "resources/i18n"),
        ("camdraw_de.qm", "resources/i18n"),
        ("haarcascade_frontalface_default.xml", "cv2/data"),  # the offline demo's faces
    }
    # The real checkout ships the compiled Czech file, where the app looks for it.
    real = {(Path(source).name, dest) for source, dest in data_files(ROOT)}
    assert ("camdraw_cs.qm", "resources/i18n") in real
    assert all(Path(source).is_file() for source, _ in data_files(ROOT))
