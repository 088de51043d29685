"""Signing the minutes: the sign dialog, its key-source forms, and the signatures view."""
