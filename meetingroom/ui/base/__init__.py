"""What every room of the client stands on: the engine bridge, error texts, the language,
the theme and its marks, the text size."""
