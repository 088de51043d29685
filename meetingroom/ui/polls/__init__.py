"""Polls: creating them, the ballot, the result chart and exporting the record."""
