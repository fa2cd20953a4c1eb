"""The thin Qt shell around camdraw.core."""
