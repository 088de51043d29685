"""A CPU quota of half of one core for the bench's own process and its children (cgroups).

An old laptop's CPU, approximated: the process (and every process it starts afterwards,
which inherits the group) may use 5 ms of CPU time in each 10 ms period. The period is
short on purpose: with the kernel's default 100 ms period, a process that works for 50
ms is then frozen for 50 ms, so a frame that happens to start late in a period stalls
for tens of milliseconds; that measures the kernel's throttling, not a slow CPU. With
10 ms, a stall is at most 5 ms and a busy process runs about half as fast, throughout.

cgroup v1 (a hierarchy with the ``cpu`` controller): a new group,
``meetingroom-bench-<pid>``, under the process's own group, with ``cpu.cfs_period_us``
10000 and ``cpu.cfs_quota_us`` 5000. cgroup v2 (no v1 ``cpu`` hierarchy): the same group
at the root of the unified hierarchy (whose root may hold processes), ``cpu.max``
"5000 10000". Either needs root. The process moves into the group on entry and back to
the group it came from on exit; whatever else is left in the group (a child that outlived
its run) is moved back too, and the group is removed, also on error. Groups of runs whose
process is gone (killed before they could clean up) are removed by name before a new one
is made.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from meetingroom.bench.procs import pid_alive

log = logging.getLogger("meetingroom.bench")

SKIP_REASON = "needs root and a cpu cgroup"
"""Why the quota cannot be had here (the bench's row text, the tests' skip reason)."""
PREFIX = "meetingroom-bench-"
"""Every group is ``meetingroom-bench-<pid>``; a dead pid's group is stale."""
PERIOD_US = 10_000
QUOTA_US = 5_000
"""Half of one core: 5 ms of CPU time per 10 ms period (see the module docstring)."""
MOUNTINFO = Path("/proc/self/mountinfo")
CGROUP = Path("/proc/self/cgroup")


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """Where the cpu controller is mounted and where this process sits in it."""

    version: int
    """1 (a v1 hierarchy with the cpu controller) or 2 (the unified hierarchy)."""
    mount: Path
    """The mount point of the hierarchy."""
    own: Path
    """This process's group, as a directory under ``mount``."""

    @property
    def parent(self) -> Path:
        """The directory new groups are made in (v2: the root, see the module docstring)."""
        return self.own if self.version == 1 else self.mount


def _mounts(mountinfo: str) -> list[tuple[str, Path, str, set[str]]]:
    """(root within the hierarchy, mount point, fs type, super options) of each cgroup mount."""
    out = []
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 3 or tail[0] not in ("cgroup", "cgroup2"):
            continue
        out.append((fields[3], Path(fields[4]), tail[0], set(tail[2].split(","))))
    return out


def _under(mount: Path, root: str, path: str) -> Path:
    """The directory of group ``path`` (as /proc/self/cgroup names it) in a mount of ``root``."""
    rel = os.path.relpath(path, root) if path.startswith(root) else path.lstrip("/")
    return mount if rel == "." else mount / rel.lstrip("/")


def find_hierarchy(mountinfo: str, cgroup: str) -> Hierarchy | None:
    """The cpu controller's hierarchy (v1 preferred), from the texts of
    ``/proc/self/mountinfo`` and ``/proc/self/cgroup``; None if there is none."""
    groups: dict[str, str] = {}
    for line in cgroup.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            groups[parts[1]] = parts[2]
    mounts = _mounts(mountinfo)
    for root, mount, fstype, options in mounts:
        if fstype == "cgroup" and "cpu" in options:
            path = next((p for c, p in groups.items() if "cpu" in c.split(",")), None)
            if path is not None:
                return Hierarchy(1, mount, _under(mount, root, path))
    for root, mount, fstype, _options in mounts:
        if fstype == "cgroup2" and "" in groups:
            controllers = mount / "cgroup.controllers"
            try:
                if "cpu" in controllers.read_text().split():
                    return Hierarchy(2, mount, _under(mount, root, groups[""]))
            except OSError:
                continue
    return None


def hierarchy() -> Hierarchy | None:
    """This machine's cpu hierarchy as this process sees it (None: none, or not Linux)."""
    try:
        return find_hierarchy(MOUNTINFO.read_text(), CGROUP.read_text())
    except OSError:
        return None


def unavailable() -> str | None:
    """None if a quota can be set here; else :data:`SKIP_REASON` (with why)."""
    if sys.platform != "linux" or not hasattr(os, "geteuid"):
        return f"{SKIP_REASON} (not Linux)"
    if os.geteuid() != 0:
        return f"{SKIP_REASON} (not root)"
    found = hierarchy()
    if found is None:
        return f"{SKIP_REASON} (no cgroup hierarchy with the cpu controller)"
    if not os.access(found.parent, os.W_OK):
        return f"{SKIP_REASON} ({found.parent} is not writable)"
    return None


def _pids(group: Path) -> list[int]:
    try:
        return [int(p) for p in (group / "cgroup.procs").read_text().split()]
    except (OSError, ValueError):
        return []


def _move(pid: int, to: Path) -> None:
    """Move process ``pid`` (all its threads) into group ``to``; a process that has
    exited meanwhile is no error."""
    try:
        (to / "cgroup.procs").write_text(f"{pid}\n")
    except ProcessLookupError:
        pass
    except OSError as e:
        if e.errno != 3:  # ESRCH: gone
            raise


def _remove(group: Path, home: Path) -> None:
    """Move what is left in ``group`` to ``home`` and remove it (its files go with it)."""
    for pid in _pids(group):
        _move(pid, home)
    group.rmdir()


def clean_stale(where: Hierarchy) -> list[Path]:
    """Remove the groups of runs whose process is gone (what is left in them moves to the
    hierarchy's root); the groups removed."""
    removed: list[Path] = []
    try:
        entries = list(where.parent.iterdir())
    except OSError:
        return removed
    for group in entries:
        m = re.fullmatch(rf"{re.escape(PREFIX)}(\d+)", group.name)
        if m is None or not group.is_dir() or pid_alive(int(m.group(1))):
            continue
        try:
            _remove(group, where.mount)
        except OSError as e:
            log.warning("could not remove the stale CPU quota group %s: %s", group, e)
            continue
        removed.append(group)
    if removed:
        log.info("removed CPU quota groups of dead runs: %s",
                 ", ".join(g.name for g in removed))
    return removed


def _read(path: Path) -> str:
    return path.read_text().strip()


class CpuQuota:
    """``with CpuQuota() as q:``: this process (and what it starts inside) is limited to
    half of one core until the block ends. ``q.describe()`` says how, for notes."""

    def __init__(self, where: Hierarchy | None = None, *, name: str | None = None) -> None:
        found = where or hierarchy()
        if found is None:
            raise RuntimeError(f"{SKIP_REASON} (no cgroup hierarchy with the cpu controller)")
        self.where = found
        self.group = found.parent / (name or f"{PREFIX}{os.getpid()}")
        self._home: Path | None = None

    def describe(self) -> str:
        if self.where.version == 1:
            return (f"cgroup v1 cpu: cfs_quota_us {QUOTA_US} per cfs_period_us {PERIOD_US}")
        return f"cgroup v2: cpu.max \"{QUOTA_US} {PERIOD_US}\""

    def limits(self) -> tuple[int, int]:
        """(quota, period) in microseconds as the group has them."""
        if self.where.version == 1:
            return (int(_read(self.group / "cpu.cfs_quota_us")),
                    int(_read(self.group / "cpu.cfs_period_us")))
        quota, period = _read(self.group / "cpu.max").split()
        return int(quota), int(period)

    def throttled(self) -> tuple[int, int]:
        """(periods the group was throttled in, periods it ran in), from ``cpu.stat``."""
        stat = dict(line.partition(" ")[::2]
                    for line in _read(self.group / "cpu.stat").splitlines())
        return int(stat.get("nr_throttled", 0)), int(stat.get("nr_periods", 0))

    def __enter__(self) -> CpuQuota:
        clean_stale(self.where)
        self.group.mkdir()
        try:
            if self.where.version == 1:
                # the period first: a quota larger than the default period's would be refused
                (self.group / "cpu.cfs_period_us").write_text(f"{PERIOD_US}\n")
                (self.group / "cpu.cfs_quota_us").write_text(f"{QUOTA_US}\n")
            else:
                control = self.where.mount / "cgroup.subtree_control"
                if "cpu" not in _read(control).split():
                    control.write_text("+cpu\n")
                (self.group / "cpu.max").write_text(f"{QUOTA_US} {PERIOD_US}\n")
            self._home = self.where.own
            _move(os.getpid(), self.group)
        except BaseException:
            self._close()
            raise
        log.info("CPU quota: this process and its children in %s (%s)", self.group,
                 self.describe())
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._close()

    def _close(self) -> None:
        home = self._home or self.where.own
        _move(os.getpid(), home)
        try:
            _remove(self.group, home)
        except FileNotFoundError:
            pass
        except OSError as e:
            log.warning("could not remove the CPU quota group %s: %s", self.group, e)
