"""The meeting-room server: asyncio + websockets, authorising every message."""
