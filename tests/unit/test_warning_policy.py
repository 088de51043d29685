"""Warnings policy: our own code's warnings are errors; only listed third-party ones are not."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest

from meetingroom.signing.warning_policy import THIRD_PARTY, category_of, quiet_third_party

ROOT = Path(__file__).resolve().parents[2]

IMPORT_EVERY_MODULE = """
import importlib, pkgutil, meetingroom
for m in pkgutil.walk_packages(meetingroom.__path__, "meetingroom."):
    if not m.name.endswith("__main__"):
        importlib.import_module(m.name)
print("imported")
"""


def pytest_filters() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return list(config["tool"]["pytest"]["ini_options"]["filterwarnings"])


def test_pytest_and_run_time_ignore_the_same_third_party_warnings() -> None:
    filters = pytest_filters()
    assert filters[0] == "error"
    expected = {f"ignore::{e.category.removeprefix('builtins.')}:{e.module}"
                for e in THIRD_PARTY}
    assert set(filters[1:]) == expected


def test_every_ignored_entry_names_a_third_party_module_and_a_real_category() -> None:
    for entry in THIRD_PARTY:
        assert not entry.module.startswith("meetingroom"), entry
        assert issubclass(category_of(entry), Warning)


@pytest.mark.parametrize("entry", THIRD_PARTY, ids=lambda e: f"{e.category}@{e.module}")
def test_the_same_warning_from_our_own_code_is_still_an_error(entry: object) -> None:
    assert entry in THIRD_PARTY
    category = category_of(entry)  # type: ignore[arg-type]
    quiet_third_party()
    with pytest.raises(category):
        warnings.warn_explicit("ours", category, "meetingroom/signing/sign.py", 1,
                               module="meetingroom.signing.sign")


def test_a_listed_warning_from_its_library_is_quiet_at_run_time() -> None:
    entry = THIRD_PARTY[-1]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("error")
        quiet_third_party()
        warnings.warn_explicit("theirs", category_of(entry), "pyhanko/sign/x.py", 1,
                               module="pyhanko.sign.signers.pdf_cms")
    assert seen == []


def test_importing_every_module_of_ours_warns_nothing() -> None:
    """Every module imported in a fresh interpreter where any warning is an error."""
    done = subprocess.run([sys.executable, "-W", "error", "-c", IMPORT_EVERY_MODULE],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported"
    assert done.stderr == ""
