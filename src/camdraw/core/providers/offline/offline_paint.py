"""The offline demo's painting: the photo itself through OpenCV's non-photorealistic filters.

The style id picks the filter (``PAINTERS``); "", "watercolour" and any custom style get
``cv2.stylization``. The filters run on a copy at most ``WORK_LONG_SIDE`` pixels long (they
cost roughly with the pixel count: stylization takes ~0.5 s on a 1280x720 frame here, ~0.2 s
at 960x540) and the result is scaled back to the photo's size, capped at
``MAX_OUTPUT_LONG_SIDE``. Every filter is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from camdraw.core.imaging import shrink_to
from camdraw.core.providers.offline.offline_cv import kmeans

WORK_LONG_SIDE = 960
MAX_OUTPUT_LONG_SIDE = 1920
PIXEL_COLUMNS = 80  # pixel art: this many big pixels across
PIXEL_PALETTE = 12  # ... in at most this many colours
Painter = Callable[[np.ndarray], np.ndarray]


def output_size(width: int, height: int) -> tuple[int, int]:
    """The painting's size for a photo of ``width`` x ``height``: the same, up to the cap."""
    scale = min(1.0, MAX_OUTPUT_LONG_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _dark_edges(bgr: np.ndarray, thickness: int, smoothing: int = 7) -> np.ndarray:
    """A mask (True = ink) of the photo's outlines, ``thickness`` pixels wide; more
    ``smoothing`` (an odd median size) keeps only the larger shapes' outlines."""
    gray = cv2.medianBlur(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), smoothing)
    edges = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 11, 7
    )
    edges = cv2.morphologyEx(edges, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    if thickness > 1:
        edges = cv2.dilate(edges, np.ones((thickness, thickness), np.uint8))
    return edges > 0


def _posterise(bgr: np.ndarray, levels: int) -> np.ndarray:
    step = 256 // levels
    return ((bgr // step) * step + step // 2).astype(np.uint8)


def _saturate(bgr: np.ndarray, factor: float, lift: float = 0.0) -> np.ndarray:
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV).astype(np.float32)
    hsv[..., 1] = np.clip(hsv[..., 1] * factor, 0, 255)
    hsv[..., 2] = np.clip(hsv[..., 2] + lift, 0, 255)
    return cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2BGR)


def watercolour(bgr: np.ndarray) -> np.ndarray:
    return cv2.stylization(bgr, sigma_s=60, sigma_r=0.45)


def oil(bgr: np.ndarray) -> np.ndarray:
    # Flattened areas with their texture brought back up read as thick brush strokes.
    smooth = cv2.edgePreservingFilter(bgr, flags=cv2.RECURS_FILTER, sigma_s=40, sigma_r=0.35)
    strokes = cv2.detailEnhance(cv2.medianBlur(smooth, 5), sigma_s=12, sigma_r=0.2)
    return _saturate(strokes, 1.25)


def pencil(bgr: np.ndarray) -> np.ndarray:
    """OpenCV's pencil sketch for texture, a colour-dodge sketch for the outlines of flat
    shapes (which pencilSketch leaves nearly blank), and a little of the photo's tone."""
    sketch, _colour = cv2.pencilSketch(bgr, sigma_s=60, sigma_r=0.15, shade_factor=0.08)
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    dodge = cv2.divide(gray, 255 - cv2.GaussianBlur(255 - gray, (0, 0), 3), scale=256)
    tone = 0.75 + 0.25 * cv2.GaussianBlur(gray, (0, 0), 8).astype(np.float32) / 255
    drawing = (cv2.min(sketch, dodge).astype(np.float32) * tone).astype(np.uint8)
    return cv2.cvtColor(drawing, cv2.COLOR_GRAY2BGR)


def comic(bgr: np.ndarray) -> np.ndarray:
    flat = cv2.edgePreservingFilter(bgr, flags=cv2.RECURS_FILTER, sigma_s=50, sigma_r=0.4)
    flat = _posterise(_saturate(flat, 1.3), 5)
    flat[_dark_edges(bgr, 2)] = (20, 20, 20)
    return flat


def pixel(bgr: np.ndarray) -> np.ndarray:
    """Few, big pixels in a small palette (k-means), scaled up without smoothing."""
    height, width = bgr.shape[:2]
    columns = min(PIXEL_COLUMNS, width)
    rows = max(1, round(height * columns / width))
    small = cv2.resize(bgr, (columns, rows), interpolation=cv2.INTER_AREA)
    samples = small.reshape(-1, 3).astype(np.float32)
    colours = min(PIXEL_PALETTE, len(samples))
    labels, centres = kmeans(samples, colours, attempts=1)
    palette = np.clip(np.rint(centres), 0, 255).astype(np.uint8)
    quantised = palette[labels.ravel()].reshape(small.shape)
    return cv2.resize(quantised, (width, height), interpolation=cv2.INTER_NEAREST)


def children(bgr: np.ndarray) -> np.ndarray:
    """Flat, bright colours on light paper with thick crayon outlines."""
    flat = cv2.bilateralFilter(shrink_to(bgr, max(bgr.shape[:2]) // 2), 9, 80, 80)
    flat = cv2.medianBlur(flat, 7)
    flat = _posterise(_saturate(flat, 1.6, lift=25), 3)
    flat = cv2.resize(flat, (bgr.shape[1], bgr.shape[0]), interpolation=cv2.INTER_NEAREST)
    flat[_dark_edges(bgr, 4, smoothing=11)] = (40, 30, 30)
    return flat


PAINTERS: dict[str, Painter] = {
    "watercolour": watercolour,
    "oil": oil,
    "pencil": pencil,
    "comic": comic,
    "pixel": pixel,
    "children": children,
}


def painter_for(style: str) -> Painter:
    """The filter for a style id; the default one for "" and custom styles."""
    return PAINTERS.get(style.strip().lower(), watercolour)


def paint_photo(bgr: np.ndarray, style: str = "") -> np.ndarray:
    """The photo painted in ``style``: a BGR picture of the photo's size (capped)."""
    if bgr.ndim != 3 or bgr.shape[2] != 3 or bgr.size == 0:
        raise ValueError("expected a BGR picture")
    height, width = bgr.shape[:2]
    size = output_size(width, height)
    painter = painter_for(style)
    # Pixel art shrinks the photo to a few dozen columns anyway: it works at the final size,
    # so its big pixels stay square and its palette exact.
    long_side = max(size) if painter is pixel else min(WORK_LONG_SIDE, max(size))
    work = shrink_to(bgr, long_side)
    painted = painter(np.ascontiguousarray(work))
    if painted.shape[1::-1] == size:
        return painted
    return cv2.resize(painted, size, interpolation=cv2.INTER_CUBIC)
