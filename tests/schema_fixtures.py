"""The committed 0.1.0 room (tests/fixtures/schema-0.1.0): copies of it, its manifest, and
checks that a database still holds every row the manifest lists."""

from __future__ import annotations

import hashlib
import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import column, create_engine, inspect, select, table
from sqlalchemy.pool import NullPool

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "schema-0.1.0"
VERSION_TABLE = "alembic_version"


@cache
def manifest() -> dict[str, Any]:
    return json.loads((FIXTURE / "manifest.json").read_text(encoding="utf-8"))


def expect() -> dict[str, Any]:
    return manifest()["expect"]


def copy_server(dest: Path) -> Path:
    """A copy of the fixture's server data directory at ``dest`` (server.sqlite, blobs/)."""
    shutil.copytree(FIXTURE / "server", dest)
    return dest


def copy_cache(dest_dir: Path) -> Path:
    """The fixture's tablet cache copied to ``dest_dir/cache.sqlite``."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(FIXTURE / "client" / "cache.sqlite", dest_dir / "cache.sqlite"))


def table_keys(url: str) -> dict[str, list[Any]]:
    """Per table (not the version table): its primary keys, sorted (any dialect)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            insp = inspect(conn)
            out: dict[str, list[Any]] = {}
            for name in insp.get_table_names():
                if name == VERSION_TABLE:
                    continue
                pk = insp.get_pk_constraint(name)["constrained_columns"]
                rows = conn.execute(select(*(column(c) for c in pk)).select_from(table(name)))
                out[name] = sorted(list(r) if len(pk) > 1 else r[0] for r in rows)
            return out
    finally:
        engine.dispose()


def row_differences(url: str, part: str = "server", *, added: bool = True
                    ) -> dict[str, dict[str, Any]]:
    """How the database differs from the manifest's ``part`` (server or client): per table
    the keys ``lost`` and (with ``added``) the keys ``added`` since. Empty when the rows
    are the same. Volatile tables (expired sessions are deleted at start) are skipped."""
    want = manifest()[part]["tables"]
    have = table_keys(url)
    skip = set(manifest()["volatile_tables"]) if part == "server" else set()
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(set(want) | set(have)):
        if name in skip:
            continue
        wanted = {json.dumps(k) for k in want.get(name, {}).get("keys", [])}
        held = {json.dumps(k) for k in have.get(name, [])}
        diff = {"lost": sorted(wanted - held)}
        if added:
            diff["added"] = sorted(held - wanted)
        if any(diff.values()):
            out[name] = diff
    return out


def snapshot_files(root: Path) -> dict[str, str]:
    """Every file under ``root`` (relative path -> SHA-256): to prove nothing changed."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}
