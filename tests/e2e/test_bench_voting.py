"""End to end: the voting benchmark at a tiny size — worker processes, a real server, the
secretary closing real sealed polls and the trustees opening them — proves its own
bookkeeping (times are never asserted)."""

from __future__ import annotations

from pathlib import Path

from meetingroom.bench import voting
from meetingroom.bench.harness import Plan

TINY = voting.VoteSetup(delegates=6, delegate_workers=2, listeners=9, listener_workers=2,
                        rounds=Plan(0, 2), pack_bytes=2**20, sync_clients=1, trickle=2,
                        trickle_seconds=0.2)


def test_voting_bench_counts_every_ballot_once_and_the_result_reaches_every_listener(
        tmp_path: Path) -> None:
    rows = voting.run(quick=True, scratch=tmp_path, setup=TINY,
                      wanted=lambda name: "loop lag" not in name)
    by = {row.name.split(": ", 1)[1]: row for row in rows}
    assert set(by) == {"ballots not counted exactly once", "first send → last ack",
                       "ack latency p50", "ack latency p99", "last trustee share → event p99",
                       "server send cost", "the trustee's device opens and publishes"}
    wrong = by["ballots not counted exactly once"]
    assert (wrong.median, wrong.max, wrong.ok) == (0, 0, True)
    assert "saw COUNTED: 6–6 of 6" in wrong.note
    assert "never received: 0" in by["last trustee share → event p99"].note
    opened = by["the trustee's device opens and publishes"]  # the sealed box, opened
    assert opened.median > 0 and opened.target == "≤ 2 s"
    cost = by["server send cost"]
    assert cost.limit is not None and cost.limit > 0 and cost.ratio is not None
    assert by["first send → last ack"].median > 0


def test_only_selects_rows_and_nothing_selected_starts_nothing(tmp_path: Path) -> None:
    assert voting.run(quick=True, scratch=tmp_path / "none", setup=TINY,
                      wanted=lambda name: False) == []
    assert not (tmp_path / "none").exists()
