"""The simulated room itself: every machine of a room of 34 reaches every other at once.

The kernel keeps one neighbour (ARP) table for all namespaces, 1024 entries by default;
34 machines that each talk to every other need 1,122. Past the limit connections failed
after 3 s or hung (the wired-room bench's peers lost seconds to it) — an artefact of the
simulator, since a real room's machines each keep their own table. ``Lan`` raises the
limits while it runs and puts them back when the last LAN is gone.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from lan_room import needs_lan

from meetingroom.bench import lan

pytestmark = [pytest.mark.lan, pytest.mark.timeout(300)]

HOSTS = 34
PORT = 7000

MESH = r"""
import socket, sys, time
me, others, port = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
listener = socket.create_server((me, port), backlog=256)
print("listening", flush=True)
sys.stdin.readline()  # every host listens: go
failed = []
for address in others:
    try:
        socket.create_connection((address, port), timeout=10).close()
    except OSError as e:
        failed.append(f"{address}: {e}")
print("failed " + "; ".join(failed) if failed else "ok", flush=True)
sys.stdin.readline()  # the others are done too
"""


def test_every_machine_of_a_34_machine_room_reaches_every_other() -> None:
    needs_lan()
    others_running = any(line.startswith(lan.PREFIX)
                         for line in lan.ip("netns", "list", check=False).splitlines())
    before = lan._neigh_limits()
    with lan.Lan() as room:
        hosts = [room.host(f"m{k}", mbit=100) for k in range(HOSTS)]
        low, soft, hard = lan._neigh_limits()
        assert hard >= 4 * HOSTS * HOSTS and soft >= 2 * HOSTS * HOSTS, (low, soft, hard)
        addresses = [h.address for h in hosts]
        procs = [h.popen([sys.executable, "-c", MESH, h.address,
                          ",".join(a for a in addresses if a != h.address), str(PORT)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                 for h in hosts]
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "listening"
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        answers = [p.stdout.readline().strip() for p in procs if p.stdout is not None]
        for p in procs:
            assert p.stdin is not None
            p.stdin.close()
        assert answers == ["ok"] * HOSTS, [a for a in answers if a != "ok"][:3]
    if not others_running and not any(
            line.startswith(lan.PREFIX)
            for line in lan.ip("netns", "list", check=False).splitlines()):
        assert lan._neigh_limits() == before  # put back once no LAN runs
        assert not lan.NEIGH_SAVED.exists()
