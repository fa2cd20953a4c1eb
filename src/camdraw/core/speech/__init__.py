"""Reading descriptions aloud: the speech thread, its voices and engine quirks."""
