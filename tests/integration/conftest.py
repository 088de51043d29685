"""Fixtures found by name: signing (test CA, PKCS#12 files, a SoftHSM2 token) for the
tests that sign; a throw-away PostgreSQL cluster for the tests that need one."""

from postgres_fixtures import pg_cluster, pg_url  # noqa: F401 - found by name
from signing_fixtures import keys_dir, pki, softhsm_token  # noqa: F401 - found by name
