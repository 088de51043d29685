"""The bench's CPU quota group: finding the cpu hierarchy, making, entering and removing a
group (as root on a machine with a cpu cgroup; skipped elsewhere) and the stale cleanup."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingroom.bench import cpu_quota
from meetingroom.bench.cpu_quota import PREFIX, CpuQuota, Hierarchy, clean_stale, find_hierarchy

V1 = """\
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
33 31 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
34 31 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
"""
V1_SELF = "4:cpuset:/\n3:cpu,cpuacct:/user.slice/session-2.scope\n0::/user.slice\n"


def test_v1_cpu_hierarchy_is_found_by_its_exact_controller_not_cpuset() -> None:
    found = find_hierarchy(V1, V1_SELF)
    assert found == Hierarchy(1, Path("/sys/fs/cgroup/cpu,cpuacct"),
                              Path("/sys/fs/cgroup/cpu,cpuacct/user.slice/session-2.scope"))
    assert found.parent == found.own  # v1: the new group goes under our own
    only_cpuset = "".join(line + "\n" for line in V1.splitlines() if "cpu,cpuacct" not in line)
    assert find_hierarchy(only_cpuset, "4:cpuset:/\n") is None


def test_v2_is_used_only_when_its_root_offers_the_cpu_controller(tmp_path: Path) -> None:
    info = f"29 23 0:26 / {tmp_path} rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
    me = "0::/user.slice/user-0.slice/session-1.scope\n"
    (tmp_path / "cgroup.controllers").write_text("cpuset io memory pids\n")
    assert find_hierarchy(info, me) is None
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    found = find_hierarchy(info, me)
    assert found == Hierarchy(2, tmp_path, tmp_path / "user.slice/user-0.slice/session-1.scope")
    assert found.parent == tmp_path  # v2: at the root, which may hold processes


def test_no_cgroup_mount_means_no_hierarchy() -> None:
    assert find_hierarchy("22 1 0:21 / /proc rw - proc proc rw\n", "0::/\n") is None


# --- on this machine, as root -------------------------------------------------------

needs_cgroup = pytest.mark.skipif(cpu_quota.unavailable() is not None,
                                  reason=cpu_quota.SKIP_REASON)


def _group_of(pid: int | str) -> str:
    """The cpu group of a process as /proc names it (v1 line with cpu, else v2's)."""
    lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    fields = [line.split(":", 2) for line in lines]
    v1 = [path for _n, ctl, path in fields if "cpu" in ctl.split(",")]
    return v1[0] if v1 else next(path for _n, ctl, path in fields if ctl == "")


def _group_dir(pid: int | str) -> Path:
    where = cpu_quota.hierarchy()
    assert where is not None
    return where.mount / _group_of(pid).lstrip("/")


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc
    proc.kill()
    proc.wait(10)


@needs_cgroup
def test_the_process_and_its_children_run_in_a_half_core_group_that_is_removed_after() -> None:
    home = _group_dir("self")
    with CpuQuota() as quota:
        assert quota.group.name == f"{PREFIX}{os.getpid()}"
        assert _group_dir("self") == quota.group
        assert quota.limits() == (5000, 10000)
        child = subprocess.run([sys.executable, "-c",
                                "print(open('/proc/self/cgroup').read())"],
                               capture_output=True, text=True, check=True).stdout
        assert quota.group.name in child  # the child inherited the group
        end = time.process_time() + 0.05
        while time.process_time() < end:  # work: the group runs in periods
            pass
        throttled, periods = quota.throttled()
        assert periods > 0 and 0 <= throttled <= periods
    assert not quota.group.exists()
    assert _group_dir("self") == home


@needs_cgroup
def test_on_error_the_group_is_removed_and_what_was_left_in_it_moved_home(
        sleeper: subprocess.Popen[bytes]) -> None:
    home = _group_dir("self")
    with pytest.raises(RuntimeError, match="bench failed"), CpuQuota() as quota:
        (quota.group / "cgroup.procs").write_text(f"{sleeper.pid}\n")  # a child left behind
        raise RuntimeError("bench failed")
    assert not quota.group.exists()
    assert _group_dir("self") == home
    assert _group_dir(sleeper.pid) == home and sleeper.poll() is None  # moved, not killed


@needs_cgroup
def test_stale_groups_of_dead_runs_are_removed_and_live_runs_kept(
        sleeper: subprocess.Popen[bytes]) -> None:
    where = cpu_quota.hierarchy()
    assert where is not None
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = where.parent / f"{PREFIX}{int(gone.stdout)}"
    live = where.parent / f"{PREFIX}{sleeper.pid}"
    other = where.parent / f"{PREFIX}{int(gone.stdout)}-not-ours"
    for group in (dead, live, other):
        group.mkdir()
    try:
        (dead / "cgroup.procs").write_text(f"{sleeper.pid}\n")  # a leftover of the dead run
        assert dead in clean_stale(where)
        assert not dead.exists()
        assert live.exists() and other.exists()
        assert _group_dir(sleeper.pid) == where.mount and sleeper.poll() is None
    finally:
        for group in (dead, live, other):
            if group.exists():
                group.rmdir()
