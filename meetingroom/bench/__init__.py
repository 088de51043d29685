"""Benchmarks against the project's targets (``meetingroom bench``); they print, never fail."""
