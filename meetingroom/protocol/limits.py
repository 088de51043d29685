"""Size limits of protocol v1 (see docs/protocol.md)."""

PROTOCOL_VERSION = 1
"""The protocol's major version, the ``v`` of every message: it changes only when a field is
removed or changes meaning (docs/protocol.md, "Versions")."""
MAX_VERSION = 65535
"""Largest ``v`` taken for a protocol version (larger: a malformed message)."""
MAX_TEXT_BYTES = 64 * 1024
"""Largest JSON text message either side accepts; larger gets ``too_large``."""
MAX_MINUTES_HTML_BYTES = 512 * 1024
"""Largest text (UTF-8 bytes of the HTML) of one version of the minutes."""
MAX_LARGE_TEXT_BYTES = 2 * 1024 * 1024
"""Largest JSON text message of the few types that carry long text (``minutes.save``):
room for the HTML limit with JSON escaping of quotes and backslashes."""
CHUNK_BYTES = 512 * 1024
"""Largest blob chunk a client may upload in one frame, and the largest it asks for in
one ``blob.get`` until the server has said it serves more (``max_length``)."""
SERVED_CHUNK_BYTES = 2 * 1024 * 1024
"""Largest ``blob.get`` length this server serves; every chunk frame says so in its
``max_length`` header field. Fewer, larger chunks cost less per byte on both ends: with
50 devices syncing at once on two cores, 2 MiB instead of 1 MiB took our clients from
~1.45x to ~1.3x the CPU of a bare hash-write-fsync client (docs/benchmarks.md)."""
PEER_CHUNK_BYTES = 256 * 1024
"""Chunk size between peers (the granularity of the hashes the server gives for a
blob, and the largest ``blob.get`` a peer serves): a laptop's link is slow (~0.4 s per
256 KiB at 5 Mbit) and serves several peers at once, so a small chunk is handed over
sooner, a document of a few hundred KiB comes from several peers at once, and a device
has something to give sooner. In the simulated wired room 256 KiB finished 50 laptops in
26.5 s (median of 4 runs) where 1 MiB took 29.6 (docs/benchmarks.md)."""
MAX_FRAME_HEADER = 4 * 1024
"""Largest JSON header inside a binary frame."""
MAX_BINARY_BYTES = CHUNK_BYTES + MAX_FRAME_HEADER + 2
"""Largest binary message the server accepts; larger gets ``too_large``."""
MAX_CHUNK_FRAME_BYTES = SERVED_CHUNK_BYTES + MAX_FRAME_HEADER + 2
"""Largest binary message (a chunk frame) a client accepts."""
WS_MAX_SIZE = 4 * 1024 * 1024
"""Transport limit: a frame above this closes the connection with code 1009."""
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
"""Largest PDF the server accepts."""
REQUEST_ID_MAX = 64
SHA256_HEX_LEN = 64
MAX_STRING = 2000
"""Longest string field in characters (titles, notes are capped here too), but those a body
declares longer (``minutes.save`` ``html``, ``ballot.cast`` ``sealed``)."""
