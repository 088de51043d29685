"""Signing fixtures (test CA, PKCS#12 files, a SoftHSM2 token) for the tests that sign."""

from signing_fixtures import keys_dir, pki, softhsm_token  # noqa: F401 - found by name
