"""The Qt-free heart of camdraw: pipeline, providers, settings, storage, speech.

Nothing in this package may import PySide6 (enforced by tests/core/test_no_qt.py).
"""
