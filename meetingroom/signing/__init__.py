"""The only home of pyHanko: sign PDFs (PKCS#12 file, PKCS#11 token), validate them,
and answer RFC 3161 timestamp requests for the room server."""
