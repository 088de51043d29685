"""The minutes through real client windows: draft, review, finalise, sign from the dialog.

Secretary, chair and delegate each run a full client (engine, bridge, widgets)
against the real server; the signatures are real PKCS#12 signatures and the
server validates them before any client shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from signing_fixtures import PASSPHRASE, Pki, SoftToken, write_p12

from meetingroom.domain.minutes import MinutesState
from meetingroom.protocol import requests as rq
from meetingroom.ui.minutes.actions import MinutesAction
from meetingroom.ui.minutes.pane import MinutesPane
from meetingroom.ui.shell.app import ClientApp

A = MinutesAction


def _pane(qtbot: Any, client: ClientApp, mid: str) -> MinutesPane:
    window = client.window
    qtbot.waitUntil(lambda: window.meeting_id == mid and window.minutes.pane is not None,
                    timeout=20_000)
    window.tabs.setCurrentIndex(1)
    pane = window.minutes.pane
    assert pane is not None
    return pane


def _state(qtbot: Any, pane_of: Any, state: MinutesState) -> None:
    qtbot.waitUntil(lambda: pane_of().status.state is state, timeout=30_000)


def _click(qtbot: Any, pane: MinutesPane, action: MinutesAction) -> None:
    button = pane.buttons[action]
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=20_000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _sign(qtbot: Any, client: ClientApp, p12: Path, holder: str) -> None:
    pane = client.window.minutes.pane
    assert pane is not None
    _click(qtbot, pane, A.SIGN)
    dialog = client.window.minutes.dialog
    assert dialog is not None
    dialog.file.path.setText(str(p12))
    dialog.file.passphrase.setText(PASSPHRASE.decode())
    dialog.read_certificate()  # as when the passphrase field loses focus
    qtbot.waitUntil(lambda: dialog.signer.text() == holder, timeout=20_000)
    with qtbot.waitSignal(dialog.signed, timeout=60_000) as signed:
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert signed.args[0].valid and signed.args[0].intact


def test_the_chair_signs_with_a_usb_token_from_the_dialog(
        qtbot: Any, room: Any, clients: Any, login: Any, softhsm_token: SoftToken,
        tmp_path: Path) -> None:
    """The token path of the dialog against a real PKCS#11 module (SoftHSM2)."""
    mid = room.published_meeting()["meeting_id"]
    ca = tmp_path / "ca.pem"
    ca.write_bytes(softhsm_token.pki.ca.cert.public_bytes(Encoding.PEM))
    room.admin.trust_add(ca)
    secretary = login(clients("secretary"), "secretary")
    chair = login(clients("chair"), "chair")
    s_pane, c_pane = _pane(qtbot, secretary, mid), _pane(qtbot, chair, mid)
    s_pane.editor.replace_with_undo("<p>Kết luận: thông qua.</p>")  # as if typed
    _click(qtbot, s_pane, A.SAVE)
    qtbot.waitUntil(lambda: s_pane.status.latest_version == 1, timeout=20_000)
    _click(qtbot, s_pane, A.SUBMIT)
    _click(qtbot, c_pane, A.APPROVE)
    _state(qtbot, lambda: s_pane, MinutesState.APPROVED)
    _click(qtbot, s_pane, A.FINALISE)
    assert s_pane.question is not None and s_pane.question.isVisible()
    s_pane.question.confirm_button.click()
    _state(qtbot, lambda: c_pane, MinutesState.FINAL)
    assert c_pane.status.pdf is not None
    sha = c_pane.status.pdf.sha256
    qtbot.waitUntil(lambda: chair.engine.documents.ready_path(sha) is not None, timeout=30_000)

    _click(qtbot, c_pane, A.SIGN)
    dialog = chair.window.minutes.dialog
    assert dialog is not None
    dialog.use_token.setChecked(True)
    form = dialog.token
    form.module.setCurrentIndex(form.module.findData(str(softhsm_token.module)))
    qtbot.mouseClick(form.find_tokens, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.token_label() == softhsm_token.label, timeout=20_000)
    form.pin.setText(softhsm_token.pin.decode())
    qtbot.mouseClick(form.show_certs, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.signer.text() == softhsm_token.holder, timeout=20_000)
    with qtbot.waitSignal(dialog.signed, timeout=60_000):
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(s_pane.signatures.cards) == 1, timeout=30_000)
    report = s_pane.status.signed.report  # type: ignore[union-attr]
    assert report.all_valid and report.signatures[0].signer_name == softhsm_token.holder
    assert s_pane.signatures.verdict.text() == "All signatures are valid"


def test_secretary_and_chair_sign_from_the_dialog_and_every_client_shows_valid(
        qtbot: Any, room_factory: Any, clients: Any, pki: Pki, keys_dir: Path,
        tmp_path: Path) -> None:
    room = room_factory(tsa_port=0)  # with the room's own timestamp service: PAdES-B-T

    def login(client: ClientApp, username: str) -> ClientApp:
        client.start(resume=False)
        with qtbot.waitSignal(client.logged_in, timeout=20_000):
            client.login(room.url, username, room.password(username), remember=True)
        return client

    mid = room.published_meeting()["meeting_id"]
    ca = tmp_path / "ca.pem"
    ca.write_bytes(pki.ca.cert.public_bytes(Encoding.PEM))
    room.admin.trust_add(ca)
    secretary = login(clients("secretary"), "secretary")
    chair = login(clients("chair"), "chair")
    delegate = login(clients("delegate"), "delegate")
    s_pane = _pane(qtbot, secretary, mid)

    # draft from the meeting record, save, submit
    _click(qtbot, s_pane, A.NEW_DRAFT)
    assert "Báo cáo tình hình kinh tế - xã hội" in s_pane.editor.text.toPlainText()
    _click(qtbot, s_pane, A.SAVE)
    qtbot.waitUntil(lambda: s_pane.status.latest_version == 1, timeout=20_000)
    _click(qtbot, s_pane, A.SUBMIT)
    c_pane = _pane(qtbot, chair, mid)
    _state(qtbot, lambda: c_pane, MinutesState.IN_REVIEW)
    assert "Báo cáo tình hình" in c_pane.editor.text.toPlainText()  # the chair reads it
    d_pane = _pane(qtbot, delegate, mid)
    assert d_pane.editor.isHidden()  # delegates see the state, not the draft
    _click(qtbot, c_pane, A.APPROVE)
    _state(qtbot, lambda: s_pane, MinutesState.APPROVED)

    # finalise (it asks first), then both sign from the dialog
    _click(qtbot, s_pane, A.FINALISE)
    assert s_pane.question is not None and s_pane.question.isVisible()
    s_pane.question.confirm_button.click()
    _state(qtbot, lambda: s_pane, MinutesState.FINAL)
    qtbot.waitUntil(lambda: s_pane.status.pdf is not None and secretary.engine.documents.ready_path(
        s_pane.status.pdf.sha256) is not None, timeout=30_000)
    _sign(qtbot, secretary, write_p12(keys_dir / "gui-secretary.p12", pki.ec_signer,
                                      [pki.ca.cert]), "Nguyễn Thị Hằng")
    _state(qtbot, lambda: c_pane, MinutesState.SIGNED)
    first = c_pane.status.signed
    assert first is not None
    for pane in (s_pane, c_pane, _pane(qtbot, delegate, mid)):  # the chair is still awaited
        qtbot.waitUntil(lambda pane=pane: pane.status.signed is not None, timeout=30_000)
        assert pane.state.title.text() == (
            "The secretary has signed · waiting for the chair to sign")
        assert "not official yet" in pane.state.explanation.text()
    qtbot.waitUntil(lambda: chair.engine.documents.ready_path(first.file.sha256) is not None,
                    timeout=30_000)
    _sign(qtbot, chair, write_p12(keys_dir / "gui-chair.p12", pki.rsa_signer, [pki.ca.cert]),
          "Trần Văn Đức")

    for client in (secretary, chair, delegate):
        pane = client.window.minutes.pane
        assert pane is not None
        qtbot.waitUntil(lambda pane=pane: len(pane.signatures.cards) == 2, timeout=30_000)
        assert pane.status.signed is not None and pane.status.signed.report.all_valid
        assert pane.signatures.verdict.text() == "All signatures are valid"
        assert [c.signer.text() for c in pane.signatures.cards] == [
            "Nguyễn Thị Hằng", "Trần Văn Đức"]
        assert all(c.timestamped for c in pane.status.signed.report.signatures)
        assert pane.state.title.text() == "Signed by the secretary and the chair"
        assert "are the official record" in pane.state.explanation.text()


def test_signing_over_tls_uses_the_rooms_ca_for_its_timestamp_service(
        qtbot: Any, room_factory: Any, tls_files: Any, clients: Any, pki: Pki, keys_dir: Path,
        tmp_path: Path) -> None:
    """wss:// with the room's own CA: the https timestamp service is trusted the same way."""
    ca, cert, key = tls_files
    room = room_factory(tsa_port=0, certfile=cert, keyfile=key)
    assert room.url.startswith("wss://")

    def login(name: str) -> ClientApp:
        client = clients(name, ca_file=ca)
        client.start(resume=False)
        with qtbot.waitSignal(client.logged_in, timeout=20_000):
            client.login(room.url, name, room.password(name), remember=True)
        return client

    mid = room.published_meeting()["meeting_id"]
    secretary, chair = login("secretary"), login("chair")
    tsa_url = secretary.engine.server.tsa_url
    assert tsa_url is not None and tsa_url.startswith("https")
    s = secretary.engine
    s.outbox.command(rq.MinutesSave(
        meeting_id=mid, html="<p>Kết luận</p>", base_version=0)).result(20)
    s.outbox.command(rq.MinutesSubmit(meeting_id=mid)).result(20)
    chair.engine.outbox.command(rq.MinutesReview(
        meeting_id=mid, approve=True, comment="")).result(20)
    s.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(60)
    s_pane = _pane(qtbot, secretary, mid)
    _state(qtbot, lambda: s_pane, MinutesState.FINAL)
    assert s_pane.status.pdf is not None
    sha = s_pane.status.pdf.sha256
    qtbot.waitUntil(lambda: s.documents.ready_path(sha) is not None, timeout=30_000)
    _sign(qtbot, secretary, write_p12(keys_dir / "tls-secretary.p12", pki.ec_signer,
                                      [pki.ca.cert]), "Nguyễn Thị Hằng")
    qtbot.waitUntil(lambda: s_pane.status.signed is not None, timeout=30_000)
    assert s_pane.status.signed is not None
    assert s_pane.status.signed.report.signatures[0].timestamped


def test_the_minutes_editor_keeps_its_tools_in_one_row_on_a_1366_screen(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    mid = room.published_meeting()["meeting_id"]
    secretary = login(clients("secretary"), "secretary")
    secretary.window.resize(1366, 768)
    pane = _pane(qtbot, secretary, mid)
    _click(qtbot, pane, A.NEW_DRAFT)
    toolbar = pane.editor.toolbar
    qtbot.waitUntil(lambda: toolbar.isVisible() and toolbar.width() > 0)
    buttons = [b for b in toolbar.findChildren(QWidget) if b.isVisibleTo(toolbar)]
    rows = {b.y() for b in buttons if b.parentWidget() is toolbar and b.height() >= 40}
    assert len(rows) == 1, sorted(rows)  # one row: the text keeps those 50 px
