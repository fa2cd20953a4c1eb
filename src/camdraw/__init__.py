"""camdraw: point a webcam, press space, get the scene described, painted and read aloud."""

__version__ = "0.1.0"
