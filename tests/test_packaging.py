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


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.2.0rc1", (0, 2, 0, 0)),  # a release candidate: int("0rc1") used to stop the build
        ("1.2", (1, 2, 0, 0)),
        ("1.2.3.4.5", (1, 2, 3, 4)),
        ("2.0.0.post1", (2, 0, 0, 0)),
        ("1!3.1.dev4", (3, 1, 0, 0)),
        ("70000.1", (65535, 1, 0, 0)),  # each number of the resource is 16 bits
    ],
)
def test_windows_version_numbers_come_from_any_pep440_version(
    version: str, numbers: tuple[int, ...]
) -> None:
    assert spec_functions("version_numbers")["version_numbers"](version) == numbers


@pytest.mark.parametrize(
    ("name", "description"),
    [("camdraw", "describe, paint and read aloud"), ("camdraw-cli", "for the command line")],
)
def test_windows_version_resource_serialises(
    monkeypatch: pytest.MonkeyPatch, name: str, description: str
) -> None:
    # versioninfo imports Windows-only modules at the top; the structure itself is portable.
    import PyInstaller.compat

    monkeypatch.setattr(PyInstaller.compat, "win32api", types.SimpleNamespace(), raising=False)
    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    scope = spec_functions("windows_version_info", "version_numbers", VERSION="0.2.0rc1")
    info = scope["windows_version_info"](name)
    text = str(info)
    assert "filevers=(0, 2, 0, 0)" in text
    assert f"StringStruct('OriginalFilename', '{name}.exe')" in text
    assert "StringStruct('ProductVersion', '0.2.0rc1')" in text
    assert description in text
    assert len(info.toRaw()) > 500


def test_the_version_is_pyprojects_as_installed(tmp_path: Path) -> None:
    from importlib.metadata import version

    read_version = spec_functions("read_version", ROOT=ROOT)["read_version"]
    assert read_version() == version("camdraw")
    # An install older than pyproject.toml would stamp the old version on the exe: refused.
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "camdraw"\nversion = "99.0rc1"\n', encoding="utf-8"
    )
    stale = spec_functions("read_version", ROOT=tmp_path)["read_version"]
    with pytest.raises(SystemExit, match="pip install -e"):
        stale()


class FakeComtypesClient(types.ModuleType):
    """comtypes.client.GetModule as it behaves for sapi.dll: it generates (or finds) the
    wrapper of the type library, its friendly alias SpeechLib, and stdole, which it uses."""

    generated = (
        "comtypes.gen._C866CA3A_32F7_11D2_9602_00C04F8EE628_0_5_4",
        "comtypes.gen.SpeechLib",
        "comtypes.gen._00020430_0000_0000_C000_000000000046_0_2_0",
        "comtypes.gen.stdole",
    )

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        super().__init__("comtypes.client")
        self.monkeypatch = monkeypatch
        self.loaded: list[str] = []

    def GetModule(self, typelib: str) -> types.ModuleType:  # comtypes spells it so
        self.loaded.append(typelib)
        for name in self.generated:
            self.monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
        return sys.modules["comtypes.gen.SpeechLib"]


def test_the_sapi_wrappers_are_generated_at_build_time_and_bundled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sapi_wrappers = spec_functions("sapi_wrappers")["sapi_wrappers"]
    client = FakeComtypesClient(monkeypatch)
    comtypes = types.ModuleType("comtypes")
    comtypes.client = client  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "comtypes", comtypes)
    monkeypatch.setitem(sys.modules, "comtypes.client", client)
    monkeypatch.setenv("SYSTEMROOT", "C:\\Windows")
    monkeypatch.setattr(sys, "platform", "win32")
    assert sapi_wrappers() == sorted(FakeComtypesClient.generated)
    assert [Path(p).parts[-4:] for p in client.loaded] == [
        ("System32", "Speech", "Common", "sapi.dll")
    ]
    # Elsewhere there is no SAPI and nothing to generate.
    monkeypatch.setattr(sys, "platform", "linux")
    client.loaded.clear()
    assert sapi_wrappers() == [] and client.loaded == []


def test_the_analysis_bundles_the_wrappers_and_the_version_metadata() -> None:
    tree = ast.parse((ROOT / "camdraw.spec").read_text(encoding="utf-8"))
    analysis = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "a"
    )
    keywords = {k.arg: ast.unparse(k.value) for k in analysis.keywords}
    assert keywords["hiddenimports"] == "sapi_wrappers()"
    assert "version_metadata()" in keywords["datas"]
    assert keywords["pathex"] == "[str(SRC)]"  # this checkout's sources, not the installed ones


@pytest.mark.parametrize(
    ("dest", "dropped"),
    [
        ("camdraw-0.2.0rc1.dist-info/METADATA", False),  # the version the app reports
        ("camdraw-0.2.0rc1.dist-info/direct_url.json", True),  # names the build folder
        ("camdraw-0.1.0.dist-info\\RECORD", True),
        ("camdraw-0.1.0.dist-info/entry_points.txt", True),
        ("keyring-25.7.0.dist-info/entry_points.txt", False),  # how keyring finds back-ends
        ("camdraw/resources/camdraw.png", False),
    ],
)
def test_of_camdraws_own_metadata_only_the_version_is_shipped(dest: str, dropped: bool) -> None:
    assert spec_functions("build_folder_metadata")["build_folder_metadata"](dest) is dropped


def test_only_the_metadata_file_of_camdraw_is_bundled() -> None:
    version_metadata = spec_functions("version_metadata")["version_metadata"]
    [(source, dest)] = version_metadata()
    assert Path(source).name == "METADATA" and Path(source).is_file()
    assert dest.startswith("camdraw-") and dest.endswith(".dist-info")


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


def test_an_installed_camdraw_has_the_same_two_programs_as_the_bundle() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["gui-scripts"] == {"camdraw": "camdraw.app:main"}  # no console on Windows
    assert project["scripts"] == {"camdraw-cli": "camdraw.app:main"}  # the terminal waits
    assert set(spec_functions()["PROGRAMS"]) == {"camdraw", "camdraw-cli"}
