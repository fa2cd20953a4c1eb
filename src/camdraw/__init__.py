"""camdraw: point a webcam, press space, get the scene described, painted and read aloud."""

import os
import sys

__version__ = "0.1.0"

if sys.platform == "win32":
    # Must be set before any module imports cv2 (imaging, the preview, the camera): with
    # hardware transforms on, opening a webcam through Media Foundation can take 10-30 s.
    os.environ.setdefault("OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS", "0")
