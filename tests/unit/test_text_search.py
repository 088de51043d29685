"""Searching Vietnamese text: tone marks, đ and case folded by default, exact on request,
NFC and NFD alike, and every match mapped back to the original characters."""

from __future__ import annotations

import unicodedata

import pytest

from meetingroom.domain.text_search import contains, find_all, fold, fold_query

BODY = "Dự toán NGÂN SÁCH nhà nước năm 2027; Đề nghị điều chỉnh ngân sách địa phương."


def found(text: str, query: str, *, exact: bool = False) -> list[str]:
    return [text[a:b] for a, b in find_all(fold(text, exact=exact), query, exact=exact)]


def test_typing_without_marks_finds_the_words_with_them_in_any_case() -> None:
    assert found(BODY, "ngan sach") == ["NGÂN SÁCH", "ngân sách"]
    assert found(BODY, "NGÂN sách") == ["NGÂN SÁCH", "ngân sách"]


def test_d_with_stroke_folds_to_d_both_ways() -> None:
    assert found(BODY, "de nghi dieu chinh") == ["Đề nghị điều chỉnh"]
    assert found(BODY, "đia phuong") == ["địa phương"]
    assert fold_query("ĐĐđđ") == "dddd"


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_nfc_and_nfd_text_and_queries_match_each_other(form: str) -> None:
    text = unicodedata.normalize(form, BODY)
    for query_form in ("NFC", "NFD"):
        query = unicodedata.normalize(query_form, "ngân sách")
        hits = found(text, query)
        assert [unicodedata.normalize("NFC", h) for h in hits] == ["NGÂN SÁCH", "ngân sách"]
        exact = found(text, query, exact=True)
        assert [unicodedata.normalize("NFC", h) for h in exact] == ["ngân sách"]


def test_nfd_match_takes_each_letter_with_all_its_marks() -> None:
    text = unicodedata.normalize("NFD", "kiểm tra việc")
    assert len(text) > len("kiểm tra việc")  # ể and ệ are three code points each
    (start, end), = find_all(fold(text), "viec")
    assert unicodedata.normalize("NFC", text[start:end]) == "việc"
    assert end == len(text)  # the marks after the last letter belong to the match


def test_marks_in_a_non_canonical_order_still_match_exactly() -> None:
    # e + circumflex + dot below (some keyboards type this order); NFD puts the dot first
    typed = "vie\u0302\u0323c"
    assert found(typed, "việc", exact=True) == [typed]
    assert found(typed, "viec") == [typed]


def test_exact_matching_respects_marks_case_and_whole_letters() -> None:
    assert found(BODY, "ngan sach", exact=True) == []
    assert found(BODY, "ngân sách", exact=True) == ["ngân sách"]
    assert found(BODY, "NGÂN SÁCH", exact=True) == ["NGÂN SÁCH"]
    assert found("việc", "vie", exact=True) == []  # "e" is not the "ệ"'s base alone


def test_white_space_and_line_breaks_count_as_one_space() -> None:
    text = "Dự toán ngân\n  sách\tnăm"
    assert found(text, "ngan sach") == ["ngân\n  sách"]
    assert found(text, "  ngân   sách ") == ["ngân\n  sách"]


def test_folding_that_changes_length_maps_back_to_the_right_characters() -> None:
    text = "Straße ﬁnanz Ngân"
    assert found(text, "strasse") == ["Straße"]
    assert found(text, "finanz") == ["ﬁnanz"]
    folded = fold(text)
    assert len(folded.text) == len(folded.spans)
    assert found(text, "ngan") == ["Ngân"]


def test_matches_come_in_text_order_and_do_not_overlap() -> None:
    assert find_all(fold("aaaa"), "aa") == [(0, 2), (2, 4)]
    assert find_all(fold("ab ab ab"), "ab", limit=2) == [(0, 2), (3, 5)]


def test_an_empty_or_blank_query_finds_nothing() -> None:
    assert find_all(fold(BODY), "") == []
    assert find_all(fold(BODY), "   ") == []
    assert not contains(BODY, " ")


def test_contains_agrees_with_find_all() -> None:
    assert contains(BODY, "dia phuong")
    assert not contains(BODY, "dia phuong", exact=True)
    assert not contains(BODY, "ngân sách trung ương")
