"""The offline demo: OpenCV describes and paints, and nothing touches the network."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import cv2
import numpy as np
import pytest

from camdraw.core import faces
from camdraw.core.errors import BadRequestError, CamdrawError, RoundCancelledError
from camdraw.core.imaging import encode_jpeg, prepare_upload
from camdraw.core.providers.offline import offline_paint
from camdraw.core.providers.offline.offline_describe import faces_sentence, sentences
from camdraw.core.providers.offline.offline_scene import Scene, analyse, colour_name
from camdraw.core.providers.offline.provider import (
    MODEL,
    OfflineProvider,
    describe_scene,
    paint_photo,
)
from camdraw.core.round import styles
from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.settings import Settings
from tests.media import scene_frame

STYLES = ("", *styles.PRESET_IDS)


def flat(bgr: tuple[int, int, int], width: int = 320, height: int = 240) -> np.ndarray:
    return np.full((height, width, 3), bgr, np.uint8)


def noise(width: int = 320, height: int = 240, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


def busy_left(width: int = 480, height: int = 270) -> np.ndarray:
    """A grey picture with a fine checkerboard in its left third only."""
    frame = flat((128, 128, 128), width, height)
    tile = (np.indices((height, width // 3)).sum(axis=0) // 4 % 2 * 255).astype(np.uint8)
    frame[:, : width // 3] = tile[..., None]
    return frame


class StubDetector:
    """A face detector that 'finds' fixed boxes (Haar cascades ignore drawn faces)."""

    def __init__(self, boxes: list[tuple[int, int, int, int]]) -> None:
        self.boxes = boxes
        self.seen: list[tuple[int, ...]] = []

    def detectMultiScale(self, image: np.ndarray, *args: Any, **kwargs: Any) -> Any:
        self.seen.append(image.shape)
        return np.array(self.boxes, dtype=np.int32).reshape(-1, 4)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every outgoing connection raises (and is recorded)."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args[1:] if len(args) > 1 else args)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("127.0.0.1", 9))  # the block itself works
    attempts.clear()
    return attempts


# -- describing ------------------------------------------------------------------------------


def test_czech_and_english_open_like_the_real_prompts() -> None:
    frame = scene_frame()
    assert describe_scene(frame, "cs").startswith("Na obrázku je ")
    assert describe_scene(frame, "en").startswith("The picture shows ")
    assert describe_scene(frame, "cs-CZ") == describe_scene(frame, "cs")
    # Languages not written out fall back to English.
    assert describe_scene(frame, "de") == describe_scene(frame, "en")
    assert describe_scene(frame, "sk") == describe_scene(frame, "en")


@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize(
    "frame",
    [scene_frame(), flat((0, 0, 0)), flat((255, 255, 255)), noise(), busy_left()],
    ids=["scene", "black", "white", "noise", "busy-left"],
)
def test_a_description_of_real_length(frame: np.ndarray, language: str) -> None:
    text = describe_scene(frame, language)
    assert 140 <= len(text) <= 350, text
    assert 3 <= text.count(".") <= 5, text
    assert text.endswith(".") and "  " not in text


def test_a_mostly_blue_picture_says_blue() -> None:
    frame = flat((200, 90, 20))  # BGR
    frame[:40] = (240, 240, 240)  # a little white, not dominant enough to lead
    assert "modrá" in describe_scene(frame, "cs")
    text = describe_scene(frame, "en")
    assert "blue" in text and "red" not in text
    assert analyse(frame, detector=None).colours[0] == "blue"


def test_dominant_colours_are_listed_most_common_first() -> None:
    frame = flat((30, 30, 210), 300, 200)  # red
    frame[:, 200:] = (40, 170, 40)  # a third green
    assert analyse(frame, detector=None).colours == ("red", "green")
    assert "Převládají barvy: červená a zelená" in describe_scene(frame, "cs")
    assert "The main colours are red and green" in describe_scene(frame, "en")


@pytest.mark.parametrize(
    ("bgr", "name"),
    [
        ((0, 0, 0), "black"),
        ((255, 255, 255), "white"),
        ((128, 128, 128), "grey"),
        ((0, 0, 255), "red"),
        ((0, 140, 255), "orange"),
        ((0, 230, 255), "yellow"),
        ((0, 200, 0), "green"),
        ((220, 210, 0), "turquoise"),
        ((255, 0, 0), "blue"),
        ((200, 0, 140), "purple"),
        ((180, 105, 255), "pink"),
        ((30, 70, 120), "brown"),
        ((90, 20, 10), "dark blue"),
        ((255, 210, 170), "light blue"),
    ],
)
def test_colour_names(bgr: tuple[int, int, int], name: str) -> None:
    assert colour_name(bgr) == name


def test_czech_colour_words_agree_with_barva() -> None:
    scene = Scene(None, ("dark blue", "grey", "white"), "medium", "calm", None, None, "low")
    assert "Převládají barvy: tmavě modrá, šedá a bílá." in sentences(scene, "cs")
    single = Scene(None, ("green",), "medium", "calm", None, None, "low", saturation="vivid")
    assert "Převládá barva: zelená, je výrazná." in sentences(single, "cs")
    assert "The main colour is green; it looks vivid." in sentences(single, "en")


def test_brightness() -> None:
    dark = describe_scene(flat((5, 5, 5)), "cs")
    assert "tmavá" in dark and "jasně" not in dark
    assert "a dark, calm scene" in describe_scene(flat((5, 5, 5)), "en")
    assert "brightly lit" in describe_scene(flat((250, 250, 250)), "en")
    assert "slabě osvětlená" in describe_scene(flat((80, 80, 80)), "cs")


def test_how_busy_and_where_the_detail_is() -> None:
    assert "plná detailů" in describe_scene(noise(), "cs")
    assert "full of detail" in describe_scene(noise(), "en")
    assert "little detail" in describe_scene(flat((120, 120, 120)), "en")
    left = analyse(busy_left(), detector=None)
    assert left.detail != "calm" and left.detail_at == "left"
    assert "most of it on the left" in describe_scene(busy_left(), "en")
    assert "nejvíc jich je vlevo" in describe_scene(busy_left(), "cs")


def test_which_part_is_lighter() -> None:
    frame = flat((40, 40, 40))
    frame[:120] = (230, 230, 230)
    assert analyse(frame, detector=None).lighter == "top"
    assert "Horní část je světlejší než dolní" in describe_scene(frame, "cs")
    assert "The upper part is lighter" in describe_scene(frame, "en")
    assert "Světlo je rovnoměrné" in describe_scene(flat((90, 90, 90)), "cs")


def test_the_same_photo_always_gives_the_same_text() -> None:
    frame = scene_frame(800, 600)
    first = describe_scene(frame, "cs")
    cv2.setRNGSeed(7)
    cv2.randu(np.zeros((10, 10), np.uint8), 0, 255)  # someone else used OpenCV's generator
    assert describe_scene(frame, "cs") == first
    elsewhere: list[str] = []
    thread = threading.Thread(target=lambda: elsewhere.append(describe_scene(frame, "cs")))
    thread.start()
    thread.join()
    assert elsewhere == [first]


def test_face_wording_cs_and_en() -> None:
    assert faces_sentence((), "cs") == "Žádný obličej není vidět."
    assert faces_sentence(("left",), "cs") == "Je vidět jeden obličej, vlevo."
    assert faces_sentence(("middle", "middle"), "cs") == "Jsou vidět dva obličeje, oba uprostřed."
    assert (
        faces_sentence(("left", "left", "right"), "cs")
        == "Jsou vidět tři obličeje: dva vlevo a jeden vpravo."
    )
    assert faces_sentence(("right",) * 6, "cs") == "Je vidět 6 obličejů, všechny vpravo."
    assert faces_sentence((), "en") == "No faces can be seen."
    assert faces_sentence(("right",), "en") == "One face can be seen on the right."
    assert (
        faces_sentence(("left", "middle"), "en")
        == "Two faces can be seen: one on the left and one in the middle."
    )
    assert faces_sentence(("left",) * 3, "en") == "Three faces can be seen, all on the left."


def test_faces_are_placed_left_to_right_by_their_centre() -> None:
    frame = scene_frame(640, 480)
    # Boxes in the detector's picture (at most 640 px long): right third, then left third.
    detector = StubDetector([(500, 100, 80, 80), (20, 120, 90, 90)])
    scene = analyse(frame, detector=detector)
    assert scene.faces == ("left", "right")
    assert detector.seen and len(detector.seen[0]) == 2  # it was given a grey picture
    text = sentences(scene, "en")
    assert "Two faces can be seen: one on the left and one on the right." in text
    assert "No faces" in sentences(analyse(frame, detector=StubDetector([])), "en")


def test_without_a_face_detector_faces_go_unmentioned() -> None:
    scene = analyse(scene_frame(), detector=None)
    assert scene.faces is None
    for language in ("cs", "en"):
        text = sentences(scene, language).lower()
        assert "obličej" not in text and "face" not in text


def test_opencvs_own_cascade_finds_the_face_in_a_real_photo() -> None:
    """scikit-image ships a real portrait (NASA's astronaut photo): one face, in the middle."""
    import skimage.data

    astronaut = skimage.data.astronaut()
    photo = cv2.cvtColor(astronaut, cv2.COLOR_RGB2BGR)
    assert faces.face_detector() is not None
    assert analyse(photo).faces == ("middle",)
    assert "jeden obličej, uprostřed" in describe_scene(photo, "cs")
    assert "One face can be seen in the middle" in describe_scene(photo, "en")
    assert analyse(flat((120, 120, 120), 640, 480)).faces == ()  # a blank wall has no face


def astronaut_photo() -> np.ndarray:
    import skimage.data

    return cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)


REAL_CASCADE = cv2.CascadeClassifier
REAL_FILE_STORAGE = cv2.FileStorage


class NarrowPathCascade:
    """``cv2.CascadeClassifier`` as it behaves on Windows: a file name reaches OpenCV as UTF-8
    bytes and is opened as an ANSI-code-page path, so one with letters like 'ř' finds no file
    and the classifier stays empty. Every path it is given is recorded."""

    paths: ClassVar[list[str]] = []

    def __init__(self, *args: Any) -> None:
        self._real = REAL_CASCADE()
        if args:
            self.load(args[0])

    def load(self, filename: str) -> bool:
        NarrowPathCascade.paths.append(str(filename))
        return str(filename).isascii() and bool(self._real.load(filename))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def narrow_file_storage(source: str, flags: int, *args: Any) -> Any:
    """``cv2.FileStorage`` that refuses a non-ASCII path the same way (text in memory is fine)."""
    if not flags & cv2.FILE_STORAGE_MEMORY:
        NarrowPathCascade.paths.append(source)
        if not source.isascii():
            return REAL_FILE_STORAGE()  # not opened, as on Windows
    return REAL_FILE_STORAGE(source, flags, *args)


@pytest.fixture
def czech_cascade_folder(tmp_path: Path) -> Path:
    """A copy of OpenCV's cascade folder under a name with Czech letters."""
    folder = tmp_path / "Jiří Šťastný" / "camdraw" / "cv2 data"
    folder.mkdir(parents=True)
    source = Path(cv2.data.haarcascades) / faces.FACE_CASCADE
    (folder / faces.FACE_CASCADE).write_bytes(source.read_bytes())
    return folder


@pytest.fixture
def fresh_face_detector() -> Iterator[None]:
    faces.face_detector.cache_clear()
    yield
    faces.face_detector.cache_clear()


def test_the_face_cascade_loads_from_a_folder_with_czech_letters(
    czech_cascade_folder: Path,
) -> None:
    detector = faces.load_cascade(czech_cascade_folder / faces.FACE_CASCADE)
    assert detector is not None
    assert analyse(astronaut_photo(), detector=detector).faces == ("middle",)


@pytest.mark.usefixtures("fresh_face_detector")
def test_the_face_model_reaches_opencv_from_memory_never_by_path(
    czech_cascade_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cv2, "CascadeClassifier", NarrowPathCascade)
    monkeypatch.setattr(cv2, "FileStorage", narrow_file_storage)
    monkeypatch.setattr(cv2.data, "haarcascades", str(czech_cascade_folder) + os.sep)
    NarrowPathCascade.paths = []
    # The stand-in really fails as Windows does when given the path:
    assert NarrowPathCascade(str(czech_cascade_folder / faces.FACE_CASCADE)).empty()
    NarrowPathCascade.paths = []
    assert faces.face_detector() is not None
    photo = astronaut_photo()
    assert analyse(photo).faces == ("middle",)
    assert "jeden obličej, uprostřed" in describe_scene(photo, "cs")
    assert NarrowPathCascade.paths == []


@pytest.mark.usefixtures("fresh_face_detector")
def test_a_face_model_that_cannot_be_loaded_is_a_warning_not_silence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / faces.FACE_CASCADE).write_text("not a cascade", encoding="utf-8")
    empty = tmp_path / "empty"  # a bundle that lost the file
    empty.mkdir()
    for folder in (broken, empty):
        faces.face_detector.cache_clear()
        monkeypatch.setattr(cv2.data, "haarcascades", str(folder) + os.sep)
        with caplog.at_level(logging.WARNING, logger="camdraw"):
            assert faces.face_detector() is None
        assert [r.levelname for r in caplog.records] == ["WARNING"], folder
        assert "faces are not counted" in caplog.text
        caplog.clear()
    assert analyse(astronaut_photo()).faces is None  # the description simply leaves them out


# -- painting --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paintings() -> dict[str, np.ndarray]:
    photo = scene_frame(480, 360)
    return {style: paint_photo(photo, style) for style in STYLES}


def test_every_style_paints_a_different_picture_of_the_photos_size(
    paintings: dict[str, np.ndarray],
) -> None:
    photo = scene_frame(480, 360)
    for style, painting in paintings.items():
        assert painting.shape == photo.shape and painting.dtype == np.uint8, style
        assert not np.array_equal(painting, photo), style
    named = [s for s in STYLES if s]
    for i, first in enumerate(named):
        for second in named[i + 1 :]:
            difference = cv2.absdiff(paintings[first], paintings[second]).mean()
            assert difference > 2.0, (first, second, difference)


def test_the_default_and_custom_styles_are_watercolour(paintings: dict[str, np.ndarray]) -> None:
    assert np.array_equal(paintings[""], paintings["watercolour"])
    custom = paint_photo(scene_frame(480, 360), "My very own style")
    assert np.array_equal(custom, paintings["watercolour"])


def test_pencil_is_grey(paintings: dict[str, np.ndarray]) -> None:
    pencil = paintings["pencil"].astype(np.int16)
    assert np.array_equal(pencil[..., 0], pencil[..., 1])
    assert np.array_equal(pencil[..., 1], pencil[..., 2])
    lines = (pencil[..., 0] < 160).mean()
    assert 0.005 < lines < 0.5, lines  # a drawing: neither a blank page nor a dark photo
    colour = paintings["watercolour"].astype(np.int16)
    assert np.abs(colour[..., 0] - colour[..., 2]).mean() > 10


def test_pixel_art_has_few_colours_in_big_square_pixels(paintings: dict[str, np.ndarray]) -> None:
    pixel = paintings["pixel"]
    colours = np.unique(pixel.reshape(-1, 3), axis=0)
    assert 2 <= len(colours) <= offline_paint.PIXEL_PALETTE
    # A noisy photo with thousands of colours still comes out in a handful.
    rng = np.random.default_rng(1)
    noisy = np.clip(scene_frame(480, 360) + rng.normal(0, 20, (360, 480, 3)), 0, 255)
    noisy = noisy.astype(np.uint8)
    assert len(np.unique(noisy.reshape(-1, 3), axis=0)) > 1000
    assert len(np.unique(paint_photo(noisy, "pixel").reshape(-1, 3), axis=0)) <= (
        offline_paint.PIXEL_PALETTE
    )
    block = 480 // offline_paint.PIXEL_COLUMNS
    assert (pixel[:block, :block] == pixel[0, 0]).all()  # the first big pixel is one colour


def test_children_and_comic_have_dark_outlines(paintings: dict[str, np.ndarray]) -> None:
    for style in ("comic", "children"):
        ink = (paintings[style].max(axis=2) < 60).mean()
        assert ink > 0.01, (style, ink)


def test_paintings_are_deterministic() -> None:
    photo = scene_frame(320, 240)
    for style in STYLES:
        assert np.array_equal(paint_photo(photo, style), paint_photo(photo, style)), style


def test_big_photos_are_painted_at_a_capped_size() -> None:
    photo = cv2.resize(scene_frame(640, 360), (3840, 2160))
    cap = offline_paint.MAX_OUTPUT_LONG_SIDE
    assert paint_photo(photo, "comic").shape == (cap * 9 // 16, cap, 3)
    assert offline_paint.output_size(1280, 720) == (1280, 720)


# -- the provider ----------------------------------------------------------------------------


def test_describe_through_the_provider() -> None:
    frame = scene_frame(1280, 720)
    upload = prepare_upload(frame, "low")
    seen: list[str] = []
    result = OfflineProvider("en").describe(
        upload,
        prompt="ignored",
        model="gpt-whatever",
        detail="low",
        max_tokens=300,
        timeout=30,
        on_text=seen.append,
    )
    assert result.model == MODEL == "offline-demo"
    assert result.text.startswith("The picture shows") and not result.truncated
    assert seen == [result.text]
    czech = OfflineProvider().describe(
        upload, prompt="", model="", detail="low", max_tokens=1, timeout=1
    )
    assert czech.text.startswith("Na obrázku je")


def test_paint_through_the_provider_gives_a_png_of_the_photo() -> None:
    photo = scene_frame(640, 480)
    painting = OfflineProvider().paint(
        "a cat", model="gpt-image-1", size="1024x1024", quality="low", timeout=30,
        reference=encode_jpeg(photo), style="pencil",
    )  # fmt: skip
    assert painting.model == MODEL and painting.source == "offline"
    assert painting.image.startswith(b"\x89PNG")
    decoded = cv2.imdecode(np.frombuffer(painting.image, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == (480, 640, 3)
    assert painting.params["size"] == "640x480"


def test_painting_needs_the_photo() -> None:
    provider = OfflineProvider()
    with pytest.raises(BadRequestError) as caught:
        provider.paint("a cat", model="m", size="1024x1024", quality="low", timeout=1)
    assert isinstance(caught.value, CamdrawError) and caught.value.step == "paint"
    assert "photo" in str(caught.value)
    with pytest.raises(BadRequestError, match="cannot read the photo"):
        provider.paint("x", model="m", size="s", quality="q", timeout=1, reference=b"not a jpeg")


def test_cancelling_stops_between_stages() -> None:
    provider = OfflineProvider()
    upload = prepare_upload(scene_frame(), "low")
    with pytest.raises(RoundCancelledError):
        provider.describe(
            upload, prompt="", model="", detail="low", max_tokens=1, timeout=1,
            cancelled=lambda: True,
        )  # fmt: skip
    answers = iter([False, True])  # not yet before painting, then the user pressed Esc
    with pytest.raises(RoundCancelledError):
        provider.paint(
            "x", model="", size="", quality="", timeout=1,
            reference=encode_jpeg(scene_frame()), cancelled=lambda: next(answers),
        )  # fmt: skip


def test_moderation_has_nothing_to_check() -> None:
    result = OfflineProvider().moderate("anything at all", model="omni", timeout=1)
    assert not result.flagged and result.categories == ()
    assert OfflineProvider.offline is True


# -- no network ------------------------------------------------------------------------------


def test_importing_the_offline_demo_does_not_import_openai() -> None:
    code = (
        "import camdraw.core.providers.offline.provider, sys; "
        "assert 'openai' not in sys.modules, 'openai'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_the_provider_works_with_the_network_blocked(no_network: list[object]) -> None:
    provider = OfflineProvider("cs")
    photo = scene_frame(1280, 720)
    text = provider.describe(
        prepare_upload(photo, "high"), prompt="", model="", detail="high", max_tokens=1, timeout=1
    ).text
    assert not provider.moderate(text, model="", timeout=1).flagged
    painting = provider.paint(
        text, model="", size="", quality="", timeout=1, reference=encode_jpeg(photo), style="oil"
    )
    assert text and painting.image.startswith(b"\x89PNG")
    assert no_network == []


def test_a_whole_round_runs_offline_with_the_network_blocked(
    tmp_path: Path, no_network: list[object]
) -> None:
    settings = Settings(images_dir=str(tmp_path / "images"), language="en", style="pencil")
    events: list[RoundEvent] = []
    pipeline = Pipeline(settings, OfflineProvider("en"), listener=events.append)
    record = pipeline.run_frame(scene_frame(1280, 720))
    failures = [(e.step, e.message) for e in events if e.status == "failed"]
    assert record.status == "done", failures
    assert record.offline and record.paint_mode == "offline"
    assert record.description.startswith("The picture shows")
    assert record.files.painting.read_bytes().startswith(b"\x89PNG")
    painting = cv2.imread(str(record.files.painting), cv2.IMREAD_COLOR)
    assert painting.shape == (720, 1280, 3)
    assert np.array_equal(painting[..., 0], painting[..., 2])  # the style reached the filter
    saved = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    assert saved["description"] == record.description
    assert no_network == []
