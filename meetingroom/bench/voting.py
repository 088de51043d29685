"""Benchmark: voting under load — a vote burst, the result's fan-out, loop lag during a sync.

One server process (:mod:`meetingroom.bench.vote_server`: a real RoomServer with a lag
probe and a fan-out meter), delegates and listeners in other processes
(:mod:`meetingroom.bench.vote_clients`), the secretary on a thread of this process.

Rounds: a secret poll opens; every delegate votes at one shared instant; the secretary
closes it while the listeners are connected; the record is read back and audited. Then,
with a fresh poll open and some delegates voting at a trickle, a pack syncs to real
sync engines while the server's loop lag is recorded. Times are never asserted.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meetingroom.bench import inputs, vote_room
from meetingroom.bench.harness import Plan, Row, at_most, format_number, summarize, within
from meetingroom.bench.packsync import NULL_KEYRING
from meetingroom.bench.procs import BenchError, Worker
from meetingroom.bench.vote_clients import yield_to_server
from meetingroom.bench.vote_stats import Audit, audit, percentile
from meetingroom.domain.polls import Poll

log = logging.getLogger("meetingroom.bench")

BURST_RATE = 1000.0
"""Target: acknowledged ballots per second (the row's bound is delegates / this)."""
FANOUT_P99_MS = 150.0
OPEN_SECONDS = 2.0
"""Target: the trustee's device opens a 500-ballot box and publishes it within this."""
SEND_COST = within(1.5)
LAG_P99_MS = 10.0
START_MARGIN = 1.0
"""Seconds between sending "vote" to the workers and the shared instant they vote at."""


@dataclass(frozen=True, slots=True)
class VoteSetup:
    """Sizes of one mode (full or quick)."""

    delegates: int
    delegate_workers: int
    listeners: int
    listener_workers: int
    rounds: Plan
    """Burst + fan-out rounds (one poll each)."""
    pack_bytes: int
    sync_clients: int
    trickle: int
    """Delegates voting during the pack sync."""
    trickle_seconds: float


FULL = VoteSetup(500, 4, 1000, 4, Plan(1, 4), 100 * 2**20, 50, 300, 10.0)
QUICK = VoteSetup(100, 2, 200, 2, Plan(1, 2), 20 * 2**20, 10, 100, 3.0)
PACK_DOCUMENTS = 20


def names(s: VoteSetup) -> dict[str, str]:
    return {"wrong": f"vote burst @{s.delegates}: ballots not counted exactly once",
            "burst": f"vote burst @{s.delegates}: first send → last ack",
            "p50": f"vote burst @{s.delegates}: ack latency p50",
            "p99": f"vote burst @{s.delegates}: ack latency p99",
            "fanout": f"result fan-out @{s.listeners}: last trustee share → event p99",
            "open": f"sealed box @{s.delegates}: the trustee's device opens and publishes",
            "cost": f"result fan-out @{s.listeners}: server send cost",
            "lag": f"loop lag p99: pack → {s.sync_clients} clients during a poll"}


@dataclass(slots=True)
class _Rounds:
    audits: list[Audit] = field(default_factory=list)
    windows: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    fanout_p99: list[float] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    ours: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    queued: list[float] = field(default_factory=list)
    counted: list[int] = field(default_factory=list)
    opened: list[float] = field(default_factory=list)
    """Seconds the opening trustee's device took for the box (fetch, open, publish)."""
    lag_p99: list[float] = field(default_factory=list)
    """Server loop lag p99 (ms) over each round (open → burst → close → fan-out)."""
    gc_max: list[float] = field(default_factory=list)
    """Longest garbage-collector pause (ms) in the server in each round."""


class _Rig:
    """The processes of this benchmark and the secretary."""

    def __init__(self, room: vote_room.VoteRoom, server: Worker, url: str,
                 delegates: list[Worker], listeners: list[Worker],
                 secretary: vote_room.Secretary) -> None:
        self.room, self.server, self.url = room, server, url
        self.delegates, self.listeners, self.secretary = delegates, listeners, secretary

    def vote(self, poll_id: str, *, salt: int, spread: float = 0.0,
             count: int | None = None) -> None:
        at = time.monotonic() + START_MARGIN
        for w in self.delegates:
            w.send({"cmd": "vote", "poll_id": poll_id, "at": at, "spread": spread,
                    "salt": salt, "count": count,
                    "public_key": self.secretary.public_keys[poll_id],
                    "spec": self.secretary.specs[poll_id]})

    def voted(self, timeout: float) -> list[dict[str, Any]]:
        return [b for w in self.delegates for b in w.expect("voted", timeout)["ballots"]]

    def audit(self, poll_id: str, closed: Poll, ballots: list[dict[str, Any]]
              ) -> tuple[Audit, int]:
        record = self.secretary.record(poll_id)
        assert closed.result is not None  # counted at close
        counts = dict(closed.result.counts)
        counted = sum(int(w.ask({"cmd": "check", "poll_id": poll_id}, "checked", 300)["counted"])
                      for w in self.delegates)
        return audit(ballots, record.ballots, counts), counted


def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool],
        setup: VoteSetup | None = None) -> list[Row]:
    """The rows of this benchmark; ``setup`` overrides the sizes ``quick`` picks (tests)."""
    setup = setup or (QUICK if quick else FULL)
    rows = names(setup)
    want = {key for key, name in rows.items() if wanted(name)}
    if not want:
        return []
    want_rounds = bool(want - {"lag"})
    want_lag = "lag" in want and _room_on_disk(scratch, setup)
    scratch.mkdir(parents=True, exist_ok=True)
    files = inputs.pack(setup.pack_bytes, PACK_DOCUMENTS, scratch=scratch) if want_lag else []
    room = vote_room.seed(scratch / "server", delegates=setup.delegates, documents=files)
    out: list[Row] = []
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(Worker("vote-server", {
            "data_dir": str(room.data_dir),
            "max_per_address": setup.delegates + setup.listeners + setup.sync_clients + 100}))
        url = f"ws://127.0.0.1:{server.expect('ready', 60)['port']}"
        secretary = vote_room.Secretary(url, room.meeting_id, room.password,
                                        trustee=room.delegates[0])
        stack.callback(secretary.close)
        secretary.start_session()
        delegates = _start_delegates(stack, setup, room, url, scratch)
        listeners = (_start_listeners(stack, setup, room, url)
                     if want & {"fanout", "cost"} else [])
        rig = _Rig(room, server, url, delegates, listeners, secretary)
        if want_rounds:
            out += _rows(setup, want, rows, _rounds(rig, setup))
        for w in listeners:
            w.close()
        if want_lag:
            out.append(_lag(rig, setup, files, scratch, rows["lag"]))
    return out


def _start_delegates(stack: contextlib.ExitStack, setup: VoteSetup,
                     room: vote_room.VoteRoom, url: str, scratch: Path) -> list[Worker]:
    started = time.perf_counter()
    tablets = _tablet_dir(scratch)
    stack.callback(shutil.rmtree, tablets, True)
    per = -(-setup.delegates // setup.delegate_workers)
    workers = []
    for k in range(setup.delegate_workers):
        users = room.delegates[k * per:(k + 1) * per]
        if users:
            workers.append(stack.enter_context(Worker("vote-delegates", {
                "url": url, "meeting_id": room.meeting_id, "users": list(users),
                "password": room.password, "first_index": k * per,
                "cache_dir": str(tablets)})))
    joined = sum(int(w.expect("ready", 900)["count"]) for w in workers)
    log.info("voting: %d delegates logged in, checked in, subscribed in %.1f s", joined,
             time.perf_counter() - started)
    return workers


def _tablet_dir(scratch: Path) -> Path:
    """The delegates' local caches: on tmpfs if there is one — each real tablet has its own
    disk, while here hundreds share one, so their fsyncs would queue behind each other."""
    shm = Path("/dev/shm")
    if shm.is_dir():
        with contextlib.suppress(OSError):
            import tempfile

            return Path(tempfile.mkdtemp(prefix="meetingroom-bench-tablets-", dir=shm))
    return scratch / "tablets"


def _start_listeners(stack: contextlib.ExitStack, setup: VoteSetup,
                     room: vote_room.VoteRoom, url: str) -> list[Worker]:
    started = time.perf_counter()
    per = -(-setup.listeners // setup.listener_workers)
    workers = [stack.enter_context(Worker("vote-listeners", {
        "url": url, "meeting_id": room.meeting_id, "n": min(per, setup.listeners - k * per),
        "username": room.delegates[k % len(room.delegates)], "password": room.password}))
        for k in range(setup.listener_workers) if setup.listeners > k * per]
    opened = sum(int(w.expect("ready", 900)["count"]) for w in workers)
    log.info("voting: %d listeners connected and subscribed in %.1f s", opened,
             time.perf_counter() - started)
    return workers


def _rounds(rig: _Rig, setup: VoteSetup) -> _Rounds:
    got = _Rounds()
    total = setup.rounds.warmup + setup.rounds.repeats
    for r in range(total):
        pid = rig.secretary.open_poll(f"Nghị quyết số {r + 1}/2026")
        rig.server.ask({"cmd": "lag.start"}, "lag.started", 60)
        if rig.listeners:
            rig.server.ask({"cmd": "fanout.arm", "poll_id": pid}, "fanout.armed", 60)
        rig.vote(pid, salt=r)
        ballots = rig.voted(300)
        sent_at, closed = rig.secretary.close_poll(pid)
        fan: dict[str, Any] = {}
        heard: list[float] = []
        if rig.listeners:
            fan = rig.server.ask({"cmd": "fanout.wait", "timeout": 60}, "fanout", 90)
            for w in rig.listeners:
                heard += w.ask({"cmd": "heard", "poll_id": pid, "timeout": 30}, "heard",
                               60)["times"]
            # the raw baseline's copy of the event, once every listener heard the first
            fan["raw"] = rig.server.ask({"cmd": "fanout.raw"}, "fanout.raw", 60)["raw"]
        stopped = rig.server.ask({"cmd": "lag.stop"}, "lag", 60)
        result, counted = rig.audit(pid, closed, ballots)
        acked = [b for b in ballots if b["state"] == "received"]
        if not acked:
            raise BenchError(f"no ballot of round {r + 1} was acknowledged")
        window = max(b["acked"] for b in acked) - min(b["sent"] for b in acked)
        lat = [b["acked"] - b["sent"] for b in acked]
        log.info("voting round %d/%d%s: %d ballots acknowledged in %.3f s (%.0f/s), "
                 "%d wrong, %d counted on the tablets%s", r + 1, total,
                 " (warm-up)" if r < setup.rounds.warmup else "", len(acked), window,
                 len(acked) / window, result.wrong, counted,
                 f"; fan-out to {len(heard)}: ours {fan['ours'] * 1e3:.2f} ms, raw "
                 f"{fan['raw'] * 1e3:.2f} ms" if fan else "")
        if r < setup.rounds.warmup:
            continue
        got.lag_p99.append(percentile([s for _, s, _, _ in stopped["samples"]] or [0.0], 99) * 1e3)
        got.gc_max.append(max((p for _, p in stopped["gc"]), default=0.0) * 1e3)
        got.audits.append(result)
        got.counted.append(counted)
        got.opened.append(rig.secretary.open_seconds[-1])
        got.windows.append(window)
        got.p50.append(percentile(lat, 50) * 1e3)
        got.p99.append(percentile(lat, 99) * 1e3)
        if rig.listeners:
            delays = [(t - sent_at) * 1e3 for t in heard]
            missing = setup.listeners - len(delays)
            delays += [float("inf")] * missing
            got.fanout_p99.append(percentile(delays, 99))
            got.missing.append(missing)
            got.ours.append(fan["ours"] * 1e3)
            got.raw.append(fan["raw"] * 1e3)
            got.queued.append(fan["queued"] * 1e3)
    return got


def _range(values: list[float]) -> str:
    return f"{format_number(min(values))}–{format_number(max(values))}"


def _plain(name: str, unit: str, samples: list[float], note: str = "") -> Row:
    """A row without a target (reported for information)."""
    return Row(name=name, unit=unit, median=float(statistics.median(samples)),
               min=min(samples), max=max(samples), limit=None, ratio=None, target="—",
               ok=None, note=note)


def _rows(setup: VoteSetup, want: set[str], rows: dict[str, str], got: _Rounds) -> list[Row]:
    n = setup.delegates
    out: list[Row] = []
    if "wrong" in want:
        worst = max(got.audits, key=lambda a: a.wrong)
        out.append(summarize(rows["wrong"], "ballots", [float(a.wrong) for a in got.audits],
                             target=at_most(0), note=(
                                 f"per round: {n} sent; worst round {worst.acknowledged} "
                                 f"acknowledged, {worst.lost} missing from the record, "
                                 f"{worst.extra} extra in it, tally off by {worst.tally_off}; "
                                 f"tablets that checked the record and saw COUNTED: "
                                 f"{min(got.counted)}–{max(got.counted)} of {n}")))
    if "burst" in want:
        rates = [n / w for w in got.windows]
        out.append(summarize(rows["burst"], "s", got.windows, target=at_most(n / BURST_RATE),
                             note=f"{format_number(statistics.median(rates))} ballots/s "
                                  f"acknowledged (rounds: {format_number(min(rates))}–"
                                  f"{format_number(max(rates))}; target ≥ "
                                  f"{BURST_RATE:.0f}/s); all {n} sent at one instant from "
                                  f"{setup.delegate_workers} processes; server loop lag p99 "
                                  f"per round {_range(got.lag_p99)} ms, longest GC pause "
                                  f"{_range(got.gc_max)} ms"))
    if "p50" in want:
        out.append(_plain(rows["p50"], "ms", got.p50))
    if "p99" in want:
        out.append(_plain(rows["p99"], "ms", got.p99,
                          note="per ballot: the request on the tablet's own ServerLink to "
                               "the server's answer (group commit included); the tablets' "
                               "local STORED/RECEIVED writes are outside (see docs)"))
    if "fanout" in want and got.fanout_p99:
        out.append(summarize(rows["fanout"], "ms", got.fanout_p99,
                             target=at_most(FANOUT_P99_MS),
                             note=f"from the last trustee sending its key share to each "
                                  f"listener receiving the closed poll (the server handing "
                                  f"the share to the opener, the opener opening and "
                                  f"publishing the box included); never received: "
                                  f"{max(got.missing)}"))
    if "open" in want and got.opened:
        out.append(summarize(rows["open"], "s", got.opened, target=at_most(OPEN_SECONDS),
                             note=f"from the share handed to the opener (the box fetched "
                                  f"at its claim): rebuilding the key from 2 shares, opening "
                                  f"{n} sealed ballots (HPKE) and poll.box.publish, on one "
                                  f"thread of the bench process"))
    if "cost" in want and got.ours:
        out.append(summarize(rows["cost"], "ms", got.ours, target=SEND_COST,
                             baseline=got.raw,
                             note=f"of which inside Hub.publish (encode, access checks, "
                                  f"writes to idle clients, queueing for busy ones) "
                                  f"{format_number(statistics.median(got.queued))} ms, the "
                                  f"rest the queued sends; raw: one pre-framed "
                                  f"transport.write per client, same server, same run, "
                                  f"once the listeners heard the event"))
    return out


def _lag(rig: _Rig, setup: VoteSetup, files: list[inputs.PackFile], scratch: Path,
         name: str) -> Row:
    total = sum(f.size for f in files)
    timeout = 120 + setup.sync_clients * total / 2**20
    pid = rig.secretary.open_poll("Biểu quyết trong khi đồng bộ tài liệu")
    per_worker = -(-setup.trickle // len(rig.delegates))
    with Worker("sync-clients", {}, env=NULL_KEYRING) as syncers:
        yield_to_server(syncers.pid)  # while it still imports: its threads inherit this
        syncers.expect("ready", 60)
        rig.server.ask({"cmd": "lag.start"}, "lag.started", 60)
        rig.vote(pid, salt=7, spread=setup.trickle_seconds, count=per_worker)
        started = time.monotonic()
        res = syncers.ask({"n": setup.sync_clients, "url": rig.url,
                           "users": list(rig.room.delegates[:setup.sync_clients]),
                           "password": rig.room.password, "documents": rig.room.documents,
                           "root": str(scratch / "sync-clients"), "timeout": timeout},
                          "result", timeout + 120)
        synced = time.monotonic() - started
        ballots = rig.voted(300)
        stopped = rig.server.ask({"cmd": "lag.stop"}, "lag", 60)
        raw = stopped["samples"]
        gc_pauses = [float(p) * 1e3 for _, p in stopped["gc"]]
        stamped = [(float(t), float(s) * 1e3) for t, s, _, _ in raw]
        blame = _blame([(float(s), float(c), float(w)) for _, s, c, w in raw])
        lags = [s for _, s in stamped]
        logged_in = started + float(res["login_seconds"])
        phases = {"login": [s for t, s in stamped if t <= logged_in],
                  "transfer": [s for t, s in stamped if t > logged_in]}
    _, closed = rig.secretary.close_poll(pid)
    result, _ = rig.audit(pid, closed, ballots)
    if not lags:
        raise BenchError("the lag probe recorded nothing")
    p99 = percentile(lags, 99)
    log.info("%s: %s ms (%d samples over %.1f s)", name, format_number(p99), len(lags), synced)
    return Row(name=name, unit="ms", median=p99, min=percentile(lags, 50), max=max(lags),
               limit=None, ratio=None, target=at_most(LAG_P99_MS).text("ms"),
               ok=p99 <= LAG_P99_MS, note=(
                   f"{setup.sync_clients} sync engines, {total / 2**20:.0f} MiB each, in "
                   f"{format_number(res['seconds'])} s; {len(ballots)} ballots trickled in "
                   f"over {setup.trickle_seconds:g} s ({result.wrong} not counted exactly "
                   f"once); {len(lags)} probe samples (10 ms sleeps); spread column = "
                   f"p50–max; p99 while the engines log in "
                   f"{_p99_text(phases['login'])}, while the pack transfers "
                   f"{_p99_text(phases['transfer'])}; {blame}; {len(gc_pauses)} GC "
                   f"pauses, longest {format_number(max(gc_pauses, default=0.0))} ms"))


def _blame(samples: list[tuple[float, float, float]]) -> str:
    """Where the time of the late ticks (lag > the target) went, in shares of their span."""
    late = [(lag, cpu, wait) for lag, cpu, wait in samples if lag * 1e3 > LAG_P99_MS]
    if not late:
        return f"no tick was more than {LAG_P99_MS:g} ms late"
    span = sum(lag for lag, _, _ in late) + len(late) * 0.010
    busy = sum(cpu for _, cpu, _ in late) / span
    starved = sum(wait for _, _, wait in late) / span
    return (f"in the {len(late)} ticks more than {LAG_P99_MS:g} ms late the loop thread ran "
            f"{busy:.0%} of the time, waited for a CPU core {starved:.0%}, and was blocked "
            f"(GIL, mostly) {max(0.0, 1 - busy - starved):.0%}")


def _p99_text(values: list[float]) -> str:
    return f"{format_number(percentile(values, 99))} ms" if values else "—"


def _room_on_disk(scratch: Path, setup: VoteSetup) -> bool:
    """Whether the sync clients' copies fit on the temp disk (with a margin)."""
    needed = setup.sync_clients * setup.pack_bytes
    scratch.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(scratch).free
    if free < needed * 1.1 + 512 * 2**20:
        log.warning("skipping the loop-lag row: it needs %.1f GiB free in %s, %.1f GiB is",
                    needed / 2**30, scratch, free / 2**30)
        return False
    return True
