"""Meetingroom: an open-source paperless meeting room (server and desktop client)."""

__version__ = "0.3.0"
