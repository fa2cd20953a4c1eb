"""The offline demo: OpenCV describes and paints on this computer."""
