"""How worker processes are started: ``python -m`` from a checkout, the program itself when
frozen (meetingroom/processes.py). The frozen form is run for real by tests/packaging/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from meetingroom import processes
from meetingroom.pdf.samples import make_document
from meetingroom.processes import WORKER_OPTION, WORKERS, run_worker, worker_command


def test_from_a_checkout_a_worker_is_python_dash_m() -> None:
    assert not processes.is_frozen()
    assert worker_command("meetingroom.pdf._render_worker") == [
        sys.executable, "-m", "meetingroom.pdf._render_worker"]


def test_in_the_bundle_a_worker_is_the_program_with_the_hidden_option(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/meetingroom/meetingroom")
    assert worker_command("meetingroom.pdf._check_worker") == [
        "/opt/meetingroom/meetingroom", WORKER_OPTION, "meetingroom.pdf._check_worker"]


def test_only_listed_modules_can_be_started() -> None:
    with pytest.raises(ValueError):
        worker_command("os")
    assert run_worker(["meetingroom", WORKER_OPTION, "os", "-c"]) == 2
    assert run_worker(["meetingroom", WORKER_OPTION]) == 2


def test_an_ordinary_command_line_is_not_a_worker() -> None:
    assert run_worker(["meetingroom", "--version"]) is None
    assert run_worker(["meetingroom"]) is None


def test_every_worker_module_has_a_main() -> None:
    import importlib

    for name in WORKERS:
        if name == "meetingroom.bench.reader_window":
            continue  # imports Qt; tests/e2e/test_bench_reader.py starts it for real
        assert callable(importlib.import_module(name).main), name


def test_the_hidden_option_runs_a_worker_through_the_programs_entry_point(
        tmp_path: Path) -> None:
    """``python -m meetingroom --run-worker`` goes through the same ``main`` as the bundle."""
    pdf = make_document(tmp_path / "a.pdf", title="Báo cáo", pages=2)
    done = subprocess.run(
        [sys.executable, "-m", "meetingroom", WORKER_OPTION, "meetingroom.pdf._check_worker",
         str(pdf), "--memory-mb", "768", "--cpu-seconds", "30"],
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert '"ok": true' in done.stdout and '"pages": 2' in done.stdout
