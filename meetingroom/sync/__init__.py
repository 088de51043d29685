"""Client sync engine: asyncio in its own thread, local cache, outbox, resumable blobs."""
