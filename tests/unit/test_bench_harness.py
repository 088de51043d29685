"""The benchmark harness: ratios, verdicts, the printed table and the JSON rows (no timing)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from meetingroom.bench.harness import (
    JSON_KEYS,
    Plan,
    Row,
    at_most,
    format_number,
    format_table,
    not_measured,
    repeat,
    repeat_interleaved,
    row_to_json,
    summarize,
    within,
    write_json,
)
from meetingroom.bench.run import matcher


def test_ratio_is_median_over_the_raw_median_and_judged_against_the_factor() -> None:
    row = summarize("sync", "s", [3.0, 1.0, 2.0], target=within(1.5), baseline=[1.0, 2.0, 1.5])
    assert (row.median, row.min, row.max) == (2.0, 1.0, 3.0)
    assert row.limit == 1.5
    assert row.ratio == pytest.approx(2.0 / 1.5)
    assert row.ok is True and row.verdict == "meets"
    assert row.target == "≤ 1.5× raw"


def test_ratio_above_the_factor_misses() -> None:
    row = summarize("sync", "s", [4.0], target=within(1.5), baseline=[2.0])
    assert row.ratio == 2.0
    assert row.ok is False and row.verdict == "MISSES"


def test_a_target_names_its_baseline() -> None:
    row = summarize("sync", "s", [2.6], target=within(1.3, "raw+store"), baseline=[2.0])
    assert row.target == "≤ 1.3× raw+store" and row.ok is True


def test_ratio_equal_to_the_factor_meets() -> None:
    assert summarize("x", "s", [3.0], target=within(1.5), baseline=[2.0]).ok is True


def test_absolute_target_ignores_the_baseline_and_compares_the_median() -> None:
    meets = summarize("rss", "KiB", [20.0, 30.0, 22.0], target=at_most(24))
    assert meets.limit is None and meets.ratio is None
    assert meets.median == 22.0 and meets.ok is True
    assert meets.target == "≤ 24 KiB"
    assert summarize("rss", "KiB", [25.0], target=at_most(24)).ok is False


def test_relative_target_without_a_baseline_cannot_be_judged() -> None:
    row = summarize("x", "s", [1.0], target=within(1.2))
    assert row.ratio is None and row.ok is None and row.verdict == "—"


def test_even_sample_count_takes_the_middle_mean() -> None:
    assert summarize("x", "ms", [1.0, 2.0, 3.0, 10.0], target=at_most(5)).median == 2.5


def test_summarize_refuses_empty_samples() -> None:
    with pytest.raises(ValueError, match="no samples"):
        summarize("x", "s", [], target=at_most(1))


def test_plan_refuses_no_repeats() -> None:
    with pytest.raises(ValueError):
        Plan(warmup=1, repeats=0)
    with pytest.raises(ValueError):
        Plan(warmup=-1, repeats=1)


def test_repeat_discards_warmup_runs() -> None:
    values = iter([100.0, 1.0, 2.0, 3.0])
    assert repeat(lambda: next(values), Plan(1, 3), label="x", unit="s") == [1.0, 2.0, 3.0]


def test_repeat_interleaved_alternates_a_pair_and_keeps_their_values_apart() -> None:
    calls: list[str] = []
    ours_values = iter([10.0, 11.0, 12.0])
    raw_values = iter([1.0, 2.0, 3.0])

    def ours() -> float:
        calls.append("ours")
        return next(ours_values)

    def raw() -> float:
        calls.append("raw")
        return next(raw_values)

    kept = repeat_interleaved({"ours": ours, "raw": raw}, Plan(1, 2), label="x", unit="s")
    assert kept == {"ours": [11.0, 12.0], "raw": [2.0, 3.0]}
    assert calls == ["ours", "raw", "raw", "ours", "ours", "raw"]


def test_repeat_interleaved_rotates_three_measurements() -> None:
    calls: list[str] = []

    def measure(name: str) -> Callable[[], float]:
        def run() -> float:
            calls.append(name)
            return 1.0
        return run

    kept = repeat_interleaved({n: measure(n) for n in "abc"}, Plan(0, 3), label="x", unit="s")
    assert kept == {n: [1.0, 1.0, 1.0] for n in "abc"}
    assert calls == ["a", "b", "c", "b", "c", "a", "c", "a", "b"]


@pytest.mark.parametrize(("value", "text"), [
    (0.0, "0"), (0.01234, "0.0123"), (1.234, "1.23"), (12.34, "12.3"), (123.4, "123"),
    (1234.5, "1234"), (0.5, "0.500"),
])
def test_numbers_show_three_significant_digits(value: float, text: str) -> None:
    assert format_number(value) == text


def _rows() -> list[Row]:
    return [
        summarize("pack sync → 10 clients", "s", [2.0, 2.5, 3.0], target=within(1.5),
                  baseline=[1.0, 1.1, 0.9], note="400 MiB/s vs raw 900 MiB/s"),
        summarize("server RSS per idle connection @1000", "KiB", [16.0], target=at_most(24)),
    ]


def test_table_has_header_rule_rows_and_notes_aligned() -> None:
    text = format_table(_rows())
    lines = text.splitlines()
    assert lines[0].split()[:2] == ["benchmark", "median"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    sync, rss = lines[2], lines[3]
    assert sync.startswith("pack sync → 10 clients")
    for cell in ("2.50 s", "2.00–3.00 s", "1.00 s", "2.50×", "≤ 1.5× raw", "MISSES"):
        assert cell in sync
    for cell in ("16.0 KiB", "16.0–16.0 KiB", "—", "≤ 24 KiB", "meets"):
        assert cell in rss
    # columns line up: every cell of a column starts at the same offset
    header = lines[0]
    assert sync.index("≤ 1.5× raw") == rss.index("≤ 24 KiB") == header.index("target")
    assert sync.index("MISSES") == rss.index("meets") == header.index("verdict")
    # right-aligned numbers end at the same offset as their heading
    assert sync.index("2.50 s") + len("2.50 s") == header.index("median") + len("median")
    assert "notes:" in lines and "  pack sync → 10 clients: 400 MiB/s vs raw 900 MiB/s" in lines


def test_table_without_notes_has_no_notes_section() -> None:
    text = format_table([summarize("x", "s", [1.0], target=at_most(2))])
    assert "notes" not in text and text.endswith("\n")


def test_json_rows_have_exactly_the_documented_keys(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"
    write_json(_rows(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [list(d) for d in data] == [list(JSON_KEYS)] * 2
    assert list(JSON_KEYS) == ["name", "unit", "median", "min", "max", "limit", "ratio", "target"]
    sync, rss = data
    assert sync["name"] == "pack sync → 10 clients" and sync["unit"] == "s"
    assert sync["limit"] == 1.0 and sync["ratio"] == 2.5 and sync["target"] == "≤ 1.5× raw"
    assert rss["limit"] is None and rss["ratio"] is None
    assert not list(tmp_path.glob("*.tmp"))


def test_row_to_json_leaves_out_the_note_and_verdict() -> None:
    assert set(row_to_json(_rows()[0])) == set(JSON_KEYS)


def test_only_matches_row_names_by_substring_any_case() -> None:
    everything = matcher(None)
    assert everything("pack sync → 1 client") and everything("anything")
    some = matcher(["PACK", "rss"])
    assert some("pack sync → 50 clients")
    assert some("server RSS per idle connection @1000")
    assert not some("open cached 300-page PDF → first page pixels")


def test_a_row_without_a_measurement_says_why_and_has_no_numbers(tmp_path: Path) -> None:
    row = not_measured("bundle size", "MiB", "not built", target=at_most(250))
    assert row.ok is None and row.verdict == "—" and row.target == "≤ 250 MiB"
    line = format_table([row, *_rows()]).splitlines()[2]
    assert line.split("  ")[0] == "bundle size" and "not built" in line
    assert "nan" not in line.casefold()
    path = tmp_path / "bench.json"
    write_json([row], path)
    data = json.loads(path.read_text(encoding="utf-8"))  # NaN would not be JSON
    assert list(data[0]) == list(JSON_KEYS)
    assert (data[0]["median"], data[0]["min"], data[0]["max"]) == (None, None, None)
