"""Signing fixtures (test CA, PKCS#12 files) for the integration tests that sign."""

from signing_fixtures import keys_dir, pki  # noqa: F401 - pytest finds fixtures by name
