"""Checking a published record: a clean record checks; each kind of tampering is named."""

from __future__ import annotations

import json

import pytest
from poll_fixtures import closed, motion

from meetingroom.domain.poll_check import check_record, load_record, normalise_receipt
from meetingroom.domain.polls import format_receipt
from meetingroom.domain.voting import BallotType, VotingError


def exported(ballot_type: BallotType = BallotType.SECRET) -> dict[str, object]:
    named = [(f"Đại biểu {n}", f"Đại biểu {n}") for n in range(5)] \
        if ballot_type is BallotType.NAMED else []
    rec = closed(motion(ballot_type), [("yes",), ("yes",), ("yes",), ("no",), ("abstain",)],
                 present=5, members=6, named=named)
    return {"format": "meetingroom.poll-record/1", "meeting_title": "Kỳ họp thứ 12",
            "item_title": "2. Dự toán", **rec.to_dict()}


def check(doc: dict[str, object], *, receipt: str | None = None,
          choices: tuple[str, ...] | None = None, lang: str = "en") -> tuple[bool, str]:
    report = check_record(load_record(json.dumps(doc, ensure_ascii=False)), receipt=receipt,
                          choices=choices, lang=lang)
    return report.ok, "\n".join(report.lines)


def test_a_clean_record_checks_and_prints_the_recount() -> None:
    ok, out = check(exported(), lang="vi")
    assert ok
    assert "  Tán thành: 3 (60,0 %)" in out and "  Không tán thành: 1 (20,0 %)" in out
    assert "Kết quả: Thông qua: 3/5 phiếu tán thành" in out
    assert "Cuộc họp: Kỳ họp thứ 12" in out
    assert out.splitlines()[-1].startswith("ĐÚNG")


def test_a_changed_choice_is_found() -> None:
    doc = exported()
    ballots = doc["ballots"]
    assert isinstance(ballots, list)
    first_yes = next(b for b in ballots if b[1] == ["yes"])
    first_yes[1] = ["no"]
    ok, out = check(doc)
    assert not ok
    assert "PROBLEM: the recomputed result differs from the published result" in out
    assert "  Tán thành: 2" in out  # the recount, not the stored numbers


def test_a_changed_choice_in_a_named_list_is_found() -> None:
    doc = exported(BallotType.NAMED)
    named = doc["named"]
    assert isinstance(named, list)
    named[0][1] = ["no"] if named[0][1] != ["no"] else ["yes"]
    ok, out = check(doc)
    assert not ok and "the named list's choices differ from the ballots" in out


def test_a_duplicated_receipt_is_found() -> None:
    doc = exported()
    ballots = doc["ballots"]
    assert isinstance(ballots, list)
    ballots.append(list(ballots[0]))
    ballots.sort()
    ok, out = check(doc)
    assert not ok
    assert "PROBLEM: a receipt code appears twice" in out
    assert "PROBLEM: 6 ballots but 5 voters" in out


def test_an_edited_stored_result_is_found() -> None:
    doc = exported()
    poll = doc["poll"]
    assert isinstance(poll, dict)
    poll["result"]["counts"] = [["yes", 4], ["no", 0], ["abstain", 1]]
    ok, out = check(doc)
    assert not ok and "the recomputed result differs from the published result" in out


def test_receipts_are_found_as_typed_and_missing_ones_named() -> None:
    doc = exported()
    ballots = doc["ballots"]
    assert isinstance(ballots, list)
    code, choice = ballots[0][0], ballots[0][1]
    typed = format_receipt(code).lower()
    ok, out = check(doc, receipt=typed, choices=tuple(choice))
    assert ok and f"Receipt {format_receipt(code)}: in the record" in out
    ok, out = check(doc, receipt=typed, choices=("maybe",))
    assert not ok and "your ballot is recorded with other choices" in out
    ok, out = check(doc, receipt="A" * 20)
    assert not ok and "NOT in the record" in out and "your receipt is not in the record" in out
    assert normalise_receipt(" abcd-efgh ") == "ABCDEFGH"


@pytest.mark.parametrize("text", ["not json", "[]", '{"poll": {}}', '{"record": 3}',
                                  '{"poll": {"id": 1}, "ballots": 3, "voters": []}'])
def test_something_that_is_not_a_record_is_refused(text: str) -> None:
    with pytest.raises(VotingError) as e:
        load_record(text)
    assert e.value.reason == "bad_record"


def test_a_poll_reply_body_is_accepted_too() -> None:
    doc = exported()
    ok, _ = check({"record": doc})
    assert ok


def sealed_record(*, invalid: int = 1, extra_tags: int = 0) -> dict[str, object]:
    """A sealed poll's record: 5 members voted, 4 ballots opened, ``invalid`` listed
    invalid (the fifth voter, present but not counted in the opened list)."""
    from dataclasses import replace

    from meetingroom.domain.polls import new_receipt

    rec = closed(motion(BallotType.SECRET), [("yes",), ("yes",), ("no",), ("abstain",)],
                 present=5, members=6)
    assert rec.lists is not None
    fifth = next(p for p in rec.lists.present if p not in rec.lists.voted)
    voted = tuple(sorted((*rec.lists.voted, fifth)))
    lists = replace(rec.lists, voted=voted,
                    sealed=tuple(sorted(new_receipt() for _ in range(5 + extra_tags))),
                    invalid=tuple((new_receipt(), "does_not_open") for _ in range(invalid)),
                    opened_by=voted[0])
    rec = replace(rec, voters=voted, lists=lists)
    return {"format": "meetingroom.poll-record/2", **rec.to_dict()}


def test_a_sealed_record_lists_its_box_and_every_invalid_ballot() -> None:
    doc = sealed_record()
    ok, out = check(doc)
    assert ok, out
    assert "Sealed ballot box: 5 ballots; opened 4; invalid 1" in out
    (void,) = [line for line in out.splitlines() if line.startswith("  Invalid: ")]
    assert void.endswith(" — does not open")
    ok, out = check(doc, lang="vi")
    assert "Hòm phiếu niêm phong: 5 phiếu; mở được 4; không hợp lệ 1" in out


def test_a_sealed_box_that_does_not_add_up_is_found() -> None:
    ok, out = check(sealed_record(extra_tags=1), lang="vi")
    assert not ok
    assert "SAI: 6 phiếu niêm phong nhưng 5 thành viên đã bỏ phiếu" in out
    assert "SAI: 6 phiếu niêm phong nhưng 5 phiếu được mở hoặc không hợp lệ" in out
    ok, out = check(sealed_record(invalid=0))
    assert not ok and "PROBLEM: 4 ballots but 5 voters" in out


def test_your_receipt_listed_invalid_is_said_plainly() -> None:
    doc = sealed_record()
    void = doc["invalid"][0][0]  # type: ignore[index]
    ok, out = check(doc, receipt=str(void), lang="vi")
    assert not ok
    assert "SAI: phiếu của bạn bị ghi là không hợp lệ: does_not_open" in out
