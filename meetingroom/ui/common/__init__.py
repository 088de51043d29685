"""Shared by every room of the client: icons, small widgets, the live session's words."""
