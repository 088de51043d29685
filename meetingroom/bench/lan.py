"""A meeting room's LAN on one Linux machine: network namespaces, a bridge, shaped links.

``with Lan() as lan:`` makes a switch (a bridge in its own namespace) and, on demand,
hosts plugged into it: ``lan.host("server", mbit=1000)`` is a namespace whose ``eth0``
is one end of a veth pair, the other end a switch port; ``lan.here(mbit=20)`` plugs this
process's own (root) namespace in the same way, so engines in the test process reach the
room's addresses. Every link is shaped with ``tc tbf`` in both directions (upload on the
host's side, download on the switch port). ``host.cut()`` sets the switch port down — a
pulled cable: no reset, no close, only silence — and ``host.mend()`` sets it up again.
``lan.host(..., impaired=True)`` puts a user-space wire (:mod:`meetingroom.bench.lan_wire`)
in place of the veth pair, whose ``host.impair(loss, delay)`` drops and delays frames
(tc's netem is not on every kernel). Addresses are private (a free 10.x.y.0/24 per run),
names carry the process id, so parallel runs never meet; leaving the block removes every
namespace, device and process it made, and entering it removes those of dead runs.

The kernel keeps one neighbour (ARP) table for all namespaces, at most
``net.ipv4.neigh.default.gc_thresh3`` entries (1024 by default): a room of 50 laptops that
fetch from each other needs ~2,500 (a real room's machines each keep their own ~50), and
past the limit new connections fail after 3 s (no reply to ARP) or hang. So while LANs
run the thresholds are raised to fit their hosts, and put back when the last is left.

Needs root and ``ip``/``tc`` (iproute2); :func:`unavailable` says why not, or None.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from meetingroom.bench.procs import pid_alive
from meetingroom.processes import worker_command

log = logging.getLogger("meetingroom.bench.lan")

SKIP_REASON = "needs root and network namespaces"
"""Why the simulator cannot run here (the tests' skip reason, the bench's message)."""
PREFIX = "mrlan"
"""Every namespace of a run is ``mrlan<pid>-<name>``; a dead pid's are stale."""
LOCK = Path("/run/meetingroom-lan.lock")
"""Held from picking a subnet until it is on a device of this namespace (``Lan.here``; or
the end of the run without one), so that parallel runs pick different ones. (The TAP
devices of an impaired link vanish with their wire process: never stale.)"""


def unavailable() -> str | None:
    """None if this machine can run the simulator; else :data:`SKIP_REASON` (with why)."""
    if sys.platform != "linux" or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return SKIP_REASON
    if shutil.which("ip") is None or shutil.which("tc") is None:
        return f"{SKIP_REASON} (iproute2's ip and tc are missing)"
    probe = f"{PREFIX}{os.getpid()}-probe"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, check=False)
    if made.returncode != 0:
        return f"{SKIP_REASON} ({made.stderr.decode(errors='replace').strip()})"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True, check=False)
    return None


NEIGH_THRESHOLDS = Path("/proc/sys/net/ipv4/neigh/default")
"""``gc_thresh1..3``: the neighbour table's sizes (below 1 no clean-up; 3 the hard limit)."""
NEIGH_SAVED = Path("/run/meetingroom-lan-neigh")
"""The limits as they were before the first of the LANs running now raised them."""


def _neigh_limits() -> tuple[int, int, int]:
    low, soft, hard = (int((NEIGH_THRESHOLDS / f"gc_thresh{i}").read_text())
                       for i in (1, 2, 3))
    return low, soft, hard


def _set_neigh_limits(limits: tuple[int, int, int]) -> None:
    # the hard limit first when raising, last when lowering: always low <= soft <= hard
    order = (3, 2, 1) if limits[2] >= _neigh_limits()[2] else (1, 2, 3)
    for i in order:
        (NEIGH_THRESHOLDS / f"gc_thresh{i}").write_text(f"{limits[i - 1]}\n")


def raise_neighbour_limits(hosts: int) -> None:
    """Let ``hosts`` machines each know every other (n² entries, twice that before the
    kernel cleans up), noting the limits as they were unless a running LAN did already."""
    now = _neigh_limits()
    if not NEIGH_SAVED.exists():
        NEIGH_SAVED.write_text(" ".join(map(str, now)))
    pairs = hosts * hosts
    wanted = (max(now[0], pairs), max(now[1], 2 * pairs), max(now[2], 4 * pairs))
    if wanted != now:
        _set_neigh_limits(wanted)


def restore_neighbour_limits() -> None:
    """Put the limits back once no LAN of ours runs any more (parallel runs share them)."""
    if not NEIGH_SAVED.exists() or any(
            line.startswith(PREFIX) for line in ip("netns", "list", check=False).splitlines()):
        return
    with contextlib.suppress(OSError, ValueError):
        low, soft, hard = (int(v) for v in NEIGH_SAVED.read_text().split())
        _set_neigh_limits((low, soft, hard))
    NEIGH_SAVED.unlink(missing_ok=True)


def ip(*args: str, ns: str | None = None, check: bool = True) -> str:
    """Run ``ip [-n NS] ARGS``; its output."""
    cmd = ["ip", *(("-n", ns) if ns else ()), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {done.stderr.strip()}")
    return done.stdout


def tc(*args: str, ns: str | None = None) -> None:
    cmd = [*(("ip", "netns", "exec", ns) if ns else ()), "tc", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {done.stderr.strip()}")


def shape(dev: str, mbit: float, *, ns: str | None) -> None:
    """Limit ``dev``'s egress to ``mbit`` Mbit/s with a token bucket (burst: 10 ms of it,
    at least 32 KiB; up to 50 ms of queue, then drops, as a switch port would)."""
    burst = max(32 * 1024, int(mbit * 1e6 / 8 / 100))
    tc("qdisc", "replace", "dev", dev, "root", "tbf", "rate", f"{mbit:g}mbit",
       "burst", str(burst), "latency", "50ms", ns=ns)


def _kill_in(ns: str) -> None:
    """End every process still running in the namespace ``ns`` (one of ours)."""
    pids = [int(p) for p in ip("netns", "pids", ns, check=False).split()]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def clean_stale() -> list[str]:
    """Remove the namespaces and root-namespace devices of runs whose process is gone."""
    removed: list[str] = []
    for line in ip("netns", "list", check=False).splitlines():
        name = line.split()[0] if line.split() else ""
        m = re.fullmatch(rf"{PREFIX}(\d+)-.+", name)
        if m and not pid_alive(int(m.group(1))):
            _kill_in(name)
            ip("netns", "del", name, check=False)
            removed.append(name)
    for m in re.finditer(r"^\d+: (mrl(\d+))[@:]", ip("-o", "link", "show", check=False),
                         re.MULTILINE):  # our end of a dead run's ``here`` link
        if not pid_alive(int(m.group(2))):
            ip("link", "del", m.group(1), check=False)
            removed.append(m.group(1))
    if removed:
        log.info("removed what dead runs left: %s", ", ".join(removed))
    return removed


def _taken_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    nets = []
    for m in re.finditer(r"^(\d+\.\d+\.\d+\.\d+(?:/\d+)?)", ip("-4", "route", "show", "table",
                                                               "all", check=False), re.MULTILINE):
        with contextlib.suppress(ValueError):
            nets.append(ipaddress.ip_network(m.group(1), strict=False))
    for m in re.finditer(r"inet (\d+\.\d+\.\d+\.\d+/\d+)", ip("-4", "addr", check=False)):
        nets.append(ipaddress.ip_interface(m.group(1)).network)
    return nets


def _free_subnet(pid: int) -> ipaddress.IPv4Network:
    """A 10.x.y.0/24 that no route or address of this machine overlaps (start from the pid)."""
    taken = _taken_networks()
    for k in range(20000):
        n = (pid + k * 7919) % (100 * 256)
        net = ipaddress.IPv4Network(f"10.{150 + n // 256}.{n % 256}.0/24")
        if not any(net.overlaps(t) for t in taken if t.prefixlen > 0):
            return net
    raise RuntimeError("no free 10.x.y.0/24 for the simulated LAN")


@dataclass
class Host:
    """One machine of the room: its namespace (None: this process's own), address, link."""

    lan: Lan
    name: str
    ns: str | None
    address: str
    port: str
    """Its switch port (a device in the switch's namespace)."""
    dev: str
    """Its own end of the link (in its namespace)."""
    mbit: float
    wire: subprocess.Popen[str] | None = None

    def cut(self) -> None:
        """Pull the cable: the switch port goes down; nothing is sent, not even a reset."""
        ip("link", "set", self.port, "down", ns=self.lan.switch)

    def mend(self) -> None:
        ip("link", "set", self.port, "up", ns=self.lan.switch)

    def set_rate(self, mbit: float) -> None:
        shape(self.dev, mbit, ns=self.ns)
        shape(self.port, mbit, ns=self.lan.switch)
        self.mbit = mbit

    def impair(self, *, loss: float, delay: float) -> None:
        """Drop ``loss`` (a fraction) of the frames and hold the rest ``delay`` seconds,
        each way (only a host made with ``impaired=True``)."""
        if self.wire is None or self.wire.stdin is None or self.wire.stdout is None:
            raise RuntimeError(f"{self.name} has a plain link; make it with impaired=True")
        self.wire.stdin.write(f"set {loss} {delay}\n")
        self.wire.stdin.flush()
        if self.wire.stdout.readline().strip() != "ok":
            raise RuntimeError("the impaired wire did not take the setting")

    def wire_stats(self) -> tuple[int, int]:
        """Frames (forwarded, dropped) by the impaired wire so far."""
        assert self.wire is not None and self.wire.stdin is not None
        assert self.wire.stdout is not None
        self.wire.stdin.write("stats\n")
        self.wire.stdin.flush()
        _, fwd, drop = self.wire.stdout.readline().split()
        return int(fwd), int(drop)

    def received_bytes(self) -> int:
        """Bytes this host's link has delivered to it so far (its device's counter)."""
        text = ip("-s", "-j", "link", "show", self.dev, ns=self.ns)
        m = re.search(r'"rx":\{"bytes":(\d+)', text)
        if m is None:
            raise RuntimeError(f"no counters for {self.dev}")
        return int(m.group(1))

    def command(self, args: Sequence[str]) -> list[str]:
        """``args`` as run inside this host (``ip netns exec``)."""
        return ["ip", "netns", "exec", self.ns, *args] if self.ns else list(args)

    def popen(self, args: Sequence[str], **kw: object) -> subprocess.Popen[str]:
        """Start ``args`` inside this host; the LAN ends it when it is torn down."""
        proc: subprocess.Popen[str] = subprocess.Popen(  # type: ignore[call-overload]
            self.command(args), text=True, **kw)
        self.lan.processes.append(proc)
        return proc


@dataclass
class Lan:
    """The room's network; a context manager (see the module docstring)."""

    tag: str = ""
    pid: int = field(default_factory=os.getpid)
    hosts: dict[str, Host] = field(default_factory=dict)
    processes: list[subprocess.Popen[str]] = field(default_factory=list)
    subnet: ipaddress.IPv4Network | None = None
    _root_devs: list[str] = field(default_factory=list)
    _namespaces: list[str] = field(default_factory=list)
    _count: int = 0
    _lock: int | None = None

    @property
    def switch(self) -> str:
        return self._ns("switch")

    def _ns(self, name: str) -> str:
        return f"{PREFIX}{self.pid}-{self.tag}{name}"

    def __enter__(self) -> Lan:
        why = unavailable()
        if why is not None:
            raise RuntimeError(why)
        clean_stale()
        try:
            self._add_ns(self.switch)
            ip("link", "add", "br0", "type", "bridge", ns=self.switch)
            ip("link", "set", "br0", "up", ns=self.switch)
            self._lock = os.open(LOCK, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._lock, fcntl.LOCK_EX)  # held until ``here`` has its address
            self.subnet = _free_subnet(self.pid)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _add_ns(self, ns: str) -> None:
        ip("netns", "add", ns)
        self._namespaces.append(ns)
        ip("link", "set", "lo", "up", ns=ns)

    def _address(self) -> str:
        assert self.subnet is not None
        self._count += 1
        return str(self.subnet[self._count])

    def _plug(self, name: str, port: str, mbit: float) -> None:
        ip("link", "set", port, "master", "br0", ns=self.switch)
        ip("link", "set", port, "up", ns=self.switch)
        shape(port, mbit, ns=self.switch)

    def here(self, *, mbit: float) -> Host:
        """Plug this process's own namespace in (the test's engines, the bench's clients)."""
        dev, port = f"mrl{self.pid}{self.tag[:2]}", "p-here"
        ip("link", "add", dev, "type", "veth", "peer", "name", port)
        self._root_devs.append(dev)
        ip("link", "set", port, "netns", self.switch)
        address = self._address()
        assert self.subnet is not None
        ip("addr", "add", f"{address}/{self.subnet.prefixlen}", "dev", dev)
        ip("link", "set", dev, "up")
        shape(dev, mbit, ns=None)
        self._plug("here", port, mbit)
        if self._lock is not None:  # the subnet is now on a device: others see it taken
            os.close(self._lock)
            self._lock = None
        host = Host(self, "here", None, address, port, dev, mbit)
        self.hosts["here"] = host
        raise_neighbour_limits(len(self.hosts) + 1)
        return host

    def host(self, name: str, *, mbit: float, impaired: bool = False) -> Host:
        """A machine in its own namespace with a ``mbit`` link (``impaired``: through the
        user-space wire, whose loss and delay :meth:`Host.impair` sets)."""
        ns = self._ns(name)
        self._add_ns(ns)
        port = f"p-{name}"[:15]
        wire = None
        if impaired:
            a, b = f"mrt{self.pid}{len(self.hosts)}a", f"mrt{self.pid}{len(self.hosts)}b"
            wire = subprocess.Popen([*worker_command("meetingroom.bench.lan_wire"), a, b,
                                     str(self.pid)], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True)
            self.processes.append(wire)
            assert wire.stdout is not None
            if wire.stdout.readline().strip() != "ready":
                raise RuntimeError("the impaired wire did not start")
            ip("link", "set", a, "netns", ns)
            ip("link", "set", a, "name", "eth0", ns=ns)
            ip("link", "set", b, "netns", self.switch)
            ip("link", "set", b, "name", port, ns=self.switch)
        else:
            ip("link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", port,
               "netns", self.switch)
        address = self._address()
        assert self.subnet is not None
        ip("addr", "add", f"{address}/{self.subnet.prefixlen}", "dev", "eth0", ns=ns)
        ip("link", "set", "eth0", "up", ns=ns)
        shape("eth0", mbit, ns=ns)
        self._plug(name, port, mbit)
        host = Host(self, name, ns, address, port, "eth0", mbit, wire)
        self.hosts[name] = host
        raise_neighbour_limits(len(self.hosts) + 1)
        return host

    def close(self) -> None:
        """Remove everything this LAN made; safe to call twice."""
        for proc in reversed(self.processes):
            if proc.poll() is None:
                with contextlib.suppress(OSError):
                    if proc.stdin is not None:
                        proc.stdin.close()  # the wire ends at end of input
                proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            for pipe in (proc.stdout, proc.stderr):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
        self.processes.clear()
        for ns in reversed(self._namespaces):
            _kill_in(ns)
            ip("netns", "del", ns, check=False)  # its devices go with it
        self._namespaces.clear()
        for dev in self._root_devs:
            ip("link", "del", dev, check=False)
        self._root_devs.clear()
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None
        restore_neighbour_limits()

