"""A throw-away PostgreSQL cluster for tests, from Debian's server binaries.

``pg_cluster`` (one per test session) runs ``initdb`` and ``pg_ctl`` from
``/usr/lib/postgresql/<newest>/bin`` — as the ``postgres`` system user via ``runuser``
when the tests run as root, since initdb refuses root — in a fresh directory under the
system temp dir, listening on a unix socket there and on 127.0.0.1 at a free port
(trust authentication, fsync off). ``pg_url`` gives each test its own database.

Without the binaries (Debian: ``apt-get install postgresql``) or psycopg the tests are
skipped with the reason, unless MEETINGROOM_REQUIRE_POSTGRES=1, where that is a failure.

Why not under ``tmp_path``: pytest makes its base temp dir 0700 for root, so the
``postgres`` user could not reach a cluster there, and a unix socket path must stay
under 108 bytes, which pytest's long test paths can exceed.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRED = os.environ.get("MEETINGROOM_REQUIRE_POSTGRES") == "1"


def unavailable(reason: str) -> NoReturn:
    if REQUIRED:
        pytest.fail(f"{reason} (and MEETINGROOM_REQUIRE_POSTGRES=1)", pytrace=False)
    pytest.skip(f"{reason}; set MEETINGROOM_REQUIRE_POSTGRES=1 to make this a failure")


def server_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl."""
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")
             if (p.parent / "pg_ctl").exists()]
    version = re.compile(r"/postgresql/(\d+)")
    return max(found, key=lambda p: int(m.group(1)) if (m := version.search(str(p))) else 0,
               default=None)


@dataclass(frozen=True)
class PgCluster:
    """A running cluster; ``postgres`` may connect without a password."""

    bindir: Path
    socket_dir: Path
    port: int

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin_sql(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(sql.encode())  # CREATE/DROP DATABASE: no parameters possible


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    try:
        import psycopg  # noqa: F401 - the driver the server uses for postgresql+psycopg
    except ImportError:
        unavailable("psycopg is not installed (pip install '.[postgres]')")
    bindir = server_bindir()
    if bindir is None:
        unavailable("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin "
                    "(Debian: apt-get install postgresql)")
    as_root = os.geteuid() == 0
    run_as: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="mr-pg-"))
    if as_root:
        try:
            pg_user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base)
            unavailable("running as root and there is no 'postgres' user to run initdb as")
        os.chown(base, pg_user.pw_uid, pg_user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    try:
        subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                        "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
                       check=True, capture_output=True, text=True, timeout=120)
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-l",
                        str(base / "log"), "-w", "-t", "60", "-o",
                        f"-k {base} -h 127.0.0.1 -p {port} -c fsync=off "
                        "-c full_page_writes=off -c synchronous_commit=off", "start"],
                       check=True, capture_output=True, text=True, timeout=120)
    except subprocess.CalledProcessError as e:
        log = (base / "log").read_text() if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {e.stderr}{log}", pytrace=False)
    try:
        yield PgCluster(bindir=bindir, socket_dir=base, port=port)
    finally:
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=60, check=False)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """A new, empty database of its own for one test."""
    name = "t_" + uuid.uuid4().hex[:12]
    pg_cluster.admin_sql(f"CREATE DATABASE {name}")
    try:
        yield pg_cluster.url(name)
    finally:
        pg_cluster.admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
