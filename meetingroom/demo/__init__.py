"""The demo: an embedded server seeded with a realistic provincial committee meeting."""
