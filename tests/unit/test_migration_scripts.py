"""The migration scripts themselves: the head constants the fast start path compares with,
one straight line of revisions, and every script shipped in the package."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from meetingroom.storage import migrate
from meetingroom.storage.cache import CACHE_SCHEMA
from meetingroom.storage.schema_version import CACHE_HEAD, SERVER_HEAD, Schema
from meetingroom.storage.server_store import SERVER_SCHEMA

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("schema", "constant"), [(SERVER_SCHEMA, SERVER_HEAD),
                                                  (CACHE_SCHEMA, CACHE_HEAD)])
def test_the_head_constant_is_the_newest_script(schema: Schema, constant: str) -> None:
    assert schema.head == constant
    assert migrate.head(schema) == constant, (
        f"a migration was added to migrations/{schema.name}: set the head constant in "
        "storage/schema_version.py to it")


@pytest.mark.parametrize("schema", [SERVER_SCHEMA, CACHE_SCHEMA])
def test_revisions_form_one_numbered_line_each_with_a_description(schema: Schema) -> None:
    revisions = migrate.history(schema)
    assert [r.revision for r in revisions] == [f"{n:04d}" for n in range(1, len(revisions) + 1)]
    assert [r.down_revision for r in revisions] == [None] + [r.revision for r in revisions[:-1]]
    for r in revisions:
        assert r.description and "\n" not in r.description, r
    assert revisions[-1].revision == schema.head


def test_every_migration_file_is_in_the_wheel_and_the_bundle() -> None:
    """Alembic reads the scripts from files beside the package: the wheel (and so the
    PyInstaller bundle, which collects package data) must carry each of them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    package = "meetingroom.storage"
    assert package in config["packages"]
    patterns = config["package-data"][package]
    scripts = sorted(p.relative_to(migrate.MIGRATIONS.parent).as_posix()
                     for p in migrate.MIGRATIONS.rglob("*.py"))
    assert len(scripts) >= 5  # two env.py, at least three versions
    unshipped = [s for s in scripts if not any(fnmatch.fnmatch(s, g) for g in patterns)]
    assert unshipped == []
