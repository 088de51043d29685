"""A bad cable in user space: two TAP devices joined by a loop that drops and delays frames.

tc's netem is missing on some kernels (and its ``gact`` random-drop action with it), so the
LAN simulator (:mod:`meetingroom.bench.lan`) makes an impaired host link out of two TAP
devices: this process opens both, the simulator moves one into the host's namespace (its
``eth0``) and plugs the other into the switch, and every Ethernet frame that crosses is
dropped with probability ``loss`` or held ``delay`` seconds, each way, independently.
Because it works on frames, TCP underneath sees real loss (retransmits, shrinking
windows) and a real round trip; it does not reorder, duplicate, corrupt or limit the rate
(``tc tbf`` on the TAP devices does that). Python forwards some tens of thousands of frames
a second: enough for a 20–100 Mbit laptop link, not for a 1 Gbit one.

Run as ``python -m meetingroom.bench.lan_wire TAP_A TAP_B [SEED]``; it prints ``ready``
once both devices exist, then reads commands on stdin: ``set LOSS DELAY`` (loss as a
fraction, delay in seconds), ``stats`` (prints ``stats FORWARDED DROPPED``); end of stdin
ends it. Linux only; needs root (``/dev/net/tun``).
"""

from __future__ import annotations

import contextlib
import fcntl
import heapq
import os
import random
import selectors
import struct
import sys
import threading
import time
from dataclasses import dataclass, field

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
FRAME_MAX = 65536


def open_tap(name: str) -> int:
    """Create the TAP device ``name`` (in this process's namespace); its file descriptor."""
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    try:
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    except OSError:
        os.close(fd)
        raise
    return fd


@dataclass(slots=True)
class Impairment:
    """What the wire does to each frame, each way; changed while it runs."""

    loss: float = 0.0
    delay: float = 0.0
    forwarded: int = 0
    dropped: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def carry(fds: tuple[int, int], bad: Impairment, rng: random.Random,
          stop: threading.Event) -> None:
    """Forward frames between the two devices until ``stop`` is set."""
    other = {fds[0]: fds[1], fds[1]: fds[0]}
    sel = selectors.DefaultSelector()
    for fd in fds:
        sel.register(fd, selectors.EVENT_READ)
    due: list[tuple[float, int, int, bytes]] = []
    seq = 0
    while not stop.is_set():
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, _, to, frame = heapq.heappop(due)
            with contextlib.suppress(OSError):  # a device down (a cut link): frame lost
                os.write(to, frame)
        wait = min(0.05, max(0.0, due[0][0] - now)) if due else 0.05
        for key, _ in sel.select(wait):
            fd = int(key.fd)  # registered as an int
            for _ in range(64):  # a burst, then look at the clock again
                try:
                    frame = os.read(fd, FRAME_MAX)
                except (BlockingIOError, OSError):
                    break
                with bad.lock:
                    loss, delay = bad.loss, bad.delay
                    if loss and rng.random() < loss:
                        bad.dropped += 1
                        continue
                    bad.forwarded += 1
                if delay:
                    seq += 1
                    heapq.heappush(due, (time.monotonic() + delay, seq, other[fd], frame))
                else:
                    with contextlib.suppress(OSError):
                        os.write(other[fd], frame)
    sel.close()


def main(argv: list[str]) -> int:
    a, b = argv[0], argv[1]
    rng = random.Random(int(argv[2]) if len(argv) > 2 else None)
    fds = open_tap(a), open_tap(b)
    bad = Impairment()
    stop = threading.Event()
    worker = threading.Thread(target=carry, args=(fds, bad, rng, stop), daemon=True)
    worker.start()
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if words[:1] == ["set"] and len(words) == 3:
            with bad.lock:
                bad.loss, bad.delay = float(words[1]), float(words[2])
            print("ok", flush=True)
        elif words[:1] == ["stats"]:
            with bad.lock:
                print(f"stats {bad.forwarded} {bad.dropped}", flush=True)
    stop.set()
    worker.join(5)
    for fd in fds:
        os.close(fd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
