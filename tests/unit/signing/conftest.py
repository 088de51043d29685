"""Fixtures for signing tests: a real test CA, PKCS#12 files, a minutes-like PDF."""

from signing_fixtures import (  # noqa: F401 - pytest finds fixtures by name
    ec_source,
    keys_dir,
    minutes_pdf,
    pki,
    rsa_source,
    self_signed_source,
)
