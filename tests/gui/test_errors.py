"""Refusals from the real server get a specific, translated text chosen by their reason."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path
from typing import Any

import pytest

from meetingroom.errors import ConflictError, MeetingroomError, ProtocolError, SigningError
from meetingroom.protocol.messages import validate_body
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import Pkcs12Source
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.shell.app import ClientApp
from meetingroom.ui.shell.context import UiContext

TEXTS = {
    "empty": ("Please enter a title.", "Vui lòng nhập tiêu đề."),
    "too_long": ("The text is too long. Please shorten it (a title or place may have at most "
                 "500 characters, notes at most 2,000).",
                 "Nội dung quá dài. Vui lòng rút gọn (tiêu đề hoặc địa điểm tối đa 500 ký tự, "
                 "ghi chú tối đa 2.000 ký tự)."),
    "hidden_characters": ("The text contains hidden control characters (often copied along "
                          "from another program). Please type it again.",
                          "Nội dung có ký tự điều khiển ẩn (thường bị sao chép kèm từ chương "
                          "trình khác). Vui lòng gõ lại."),
    "bad_name": ("This document name is not allowed. Use a plain file name without folders or "
                 "slashes and without hidden characters, at most 200 characters.",
                 "Tên tài liệu không hợp lệ. Hãy dùng tên tệp đơn giản, không có thư mục hay "
                 "dấu gạch chéo, không có ký tự ẩn, tối đa 200 ký tự."),
    "bad_time": ("The meeting time is not valid. Please choose a date and time again.",
                 "Thời gian cuộc họp không hợp lệ. Vui lòng chọn lại ngày và giờ."),
    "too_deep": ("The agenda allows at most three levels (1, 1.1, 1.1.1).",
                 "Chương trình nghị sự chỉ cho phép tối đa ba cấp (1, 1.1, 1.1.1)."),
    "into_itself": ("An item cannot be moved inside itself.",
                    "Không thể chuyển một mục vào bên trong chính nó."),
}


def outcome(qtbot: Any, client: ClientApp,
            future: concurrent.futures.Future[dict[str, Any]]) -> Any:
    """The future's result or exception, awaited through the bridge (never blocking)."""
    box: list[concurrent.futures.Future[dict[str, Any]]] = []
    client.bridge.when_done(future, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=20_000)
    return box[0].exception() or box[0].result()


def test_each_refusal_reason_from_the_server_has_its_own_text(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    m = room.published_meeting()
    client = login(clients("s"), "secretary")
    mid, first = m["meeting_id"], m["items"][0]

    def run(mtype: str, **body: Any) -> Any:
        return outcome(qtbot, client,
                       client.engine.outbox.command(
                           validate_body(mtype, {"meeting_id": mid, **body})))

    top = run("agenda.add", title="Cấp 1")["item"]["id"]
    mid_level = run("agenda.add", title="Cấp 2", parent_id=top)["item"]["id"]
    low = run("agenda.add", title="Cấp 3", parent_id=mid_level)["item"]["id"]
    refusals = {
        "empty": run("agenda.update", item_id=first.id, title="   "),
        "too_long": run("meeting.update", title="Kỳ họp " * 100),
        "hidden_characters": run("agenda.update", item_id=first.id,
                                 title="Báo cáo\u202efdp.exe"),
        "bad_name": run("document.attach", item_id=first.id, name="../../bao-cao.pdf",
                        sha256=m["document"].sha256),
        "bad_time": run("meeting.update", starts_at="sáng mai"),
        "too_deep": run("agenda.add", title="Cấp 4", parent_id=low),
        "into_itself": run("agenda.move", item_id=top, parent_id=low, index=0),
    }
    for reason, exc in refusals.items():
        assert isinstance(exc, MeetingroomError), (reason, exc)
        assert exc.reason == reason
        assert error_text(exc) == TEXTS[reason][0], reason
    client.set_language("vi")
    for reason, exc in refusals.items():
        assert error_text(exc) == TEXTS[reason][1], reason


@pytest.mark.parametrize("exc", [
    ConflictError("Mục lồng quá sâu", reason="too_deep"),
    ConflictError("", reason="into_itself"),
    ProtocolError("tiêu đề trống", reason="empty"),
    ProtocolError("", reason="bad_time"),
], ids=lambda e: e.reason)
def test_the_text_follows_the_reason_not_the_wording(qapp: Any, exc: MeetingroomError) -> None:
    UiContext.of(qapp).configure(language="en", theme="light")
    assert error_text(exc) == TEXTS[exc.reason][0]


def test_a_reason_the_client_does_not_know_gets_the_general_text(qapp: Any) -> None:
    UiContext.of(qapp).configure(language="en", theme="light")
    assert error_text(ProtocolError("levels deep, must not be empty", reason="new_rule")) == (
        "The server refused the request. Please check what you entered.")
    assert error_text(ConflictError("levels deep into itself", reason="unknown")) == (
        "This change is not possible now; the meeting was changed meanwhile.")


def test_a_file_whose_earlier_signature_is_broken_is_not_co_signed_and_says_why(
        qapp: Any, tmp_path: Path, ec_source: Pkcs12Source, rsa_source: Pkcs12Source,
        minutes_pdf: Path) -> None:
    """A real refusal of our signer (one byte of the secretary's signed range flipped),
    shown in Vietnamese: not the general "Signing failed" text."""
    signed = tmp_path / "signed.pdf"
    sign_pdf(minutes_pdf, signed, ec_source, StampText(role="Thư ký"))
    data = bytearray(signed.read_bytes())
    data[200] ^= 0x01  # inside the first signature's signed byte range
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    with pytest.raises(SigningError) as refused:
        sign_pdf(broken, tmp_path / "out.pdf", rsa_source, StampText(role="Chủ tọa"))
    assert refused.value.reason == "earlier_invalid"
    UiContext.of(qapp).configure(language="vi", theme="light")
    try:
        text = error_text(refused.value)
    finally:
        UiContext.of(qapp).configure(language="en", theme="light")
    assert text.startswith("Một chữ ký trước đó trên biên bản này không hợp lệ")
