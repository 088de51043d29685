"""The minutes widgets: rich-text editor, minutes pane, sign dialog and signature view.

The engine commands, the draft builder and the signing library are teammates' parts
that do not exist yet; they are stood in for by small honest functions (completed
futures, a recorded call list) — our own widgets, bridge and keyring are real.
"""

from __future__ import annotations

import concurrent.futures
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextTable
from PySide6.QtWidgets import QApplication

from meetingroom.credentials import Credentials
from meetingroom.domain.minutes import (
    MinutesFile,
    MinutesState,
    MinutesStatus,
    MinutesVersion,
    MinutesVersionInfo,
    SignedMinutes,
)
from meetingroom.domain.minutes_draft import AttendanceEntry, MinutesRecord, draft_html
from meetingroom.domain.roles import Role
from meetingroom.domain.signatures import SignatureCheck, SignatureReport, Trust
from meetingroom.errors import ConflictError, SigningError
from meetingroom.ui.minutes.actions import MinutesAction
from meetingroom.ui.minutes.editor import MinutesEditor
from meetingroom.ui.minutes.pane import MinutesPane
from meetingroom.ui.shell.bridge import EngineBridge
from meetingroom.ui.shell.context import UiContext
from meetingroom.ui.shell.theme import DARK, LIGHT
from meetingroom.ui.signing.dialog import SignDialog
from meetingroom.ui.signing.signature_view import SignatureView
from meetingroom.ui.signing.values import FileKey, Stamp, TokenKey


@pytest.fixture
def ui(qapp: Any) -> Any:
    context = UiContext.of(qapp)
    context.configure(language="en", theme="light")
    return context


def done(value: Any) -> concurrent.futures.Future[Any]:
    f: concurrent.futures.Future[Any] = concurrent.futures.Future()
    if isinstance(value, BaseException):
        f.set_exception(value)
    else:
        f.set_result(value)
    return f


def info(n: int, name: str = "Thư ký", comment: str = "") -> MinutesVersionInfo:
    return MinutesVersionInfo(number=n, author_id="u1", author_name=name,
                              saved_at=f"2026-12-01T0{n}:30:00+00:00", comment=comment)


PDF = MinutesFile(sha256="a" * 64, size=1000, pages=2)


def check(**over: Any) -> SignatureCheck:
    values: dict[str, Any] = dict(
        field_name="Sig1", signer_name="Nguyễn Văn An", role="Chủ tọa",
        signing_time="2026-12-01T10:00:00+00:00", timestamped=True, intact=True, valid=True,
        trust=Trust.TRUSTED, covers_whole_file=True, modified_after_signing=False)
    values.update(over)
    return SignatureCheck(**values)


# -- editor ----------------------------------------------------------------------------
def test_editor_shortcuts_format_save_and_lock(qtbot: Any, ui: Any) -> None:
    editor = MinutesEditor(ui.icons)
    qtbot.addWidget(editor)
    editor.resize(700, 400)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    editor.text.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.text)
    qtbot.keyClicks(editor.text, "Bien ban: ")
    commit = QInputMethodEvent()  # how Vietnamese input methods (ibus-unikey) deliver text
    commit.setCommitString("cuộc họp thứ 12")
    QApplication.sendEvent(editor.text, commit)
    assert editor.modified
    assert editor.text.toPlainText() == "Bien ban: cuộc họp thứ 12"
    editor.text.selectAll()
    qtbot.keyClick(editor.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert "font-weight:700" in editor.html()
    assert editor.actions_by_name["bold"].isChecked()
    qtbot.keyClick(editor.text, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert "font-style:italic" in editor.html()
    editor.set_heading(1)
    assert "<h1" in editor.html()
    editor.actions_by_name["numbers"].trigger()
    assert "<ol" in editor.html()
    editor.actions_by_name["numbers"].trigger()  # toggles the list off again
    assert "<ol" not in editor.html()
    with qtbot.waitSignal(editor.save_requested, timeout=2000):
        qtbot.keyClick(editor.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    editor.set_read_only(True, "Locked while the chair reviews.")
    assert editor.banner.isVisible() and not editor.toolbar.isVisible()
    assert editor.banner_text.text() == "Locked while the chair reviews."
    saves: list[bool] = []
    editor.save_requested.connect(lambda: saves.append(True))
    qtbot.keyClick(editor.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.text, "x")
    assert saves == [] and "x" not in editor.text.toPlainText()


def test_editor_replace_is_undoable(qtbot: Any, ui: Any) -> None:
    editor = MinutesEditor(ui.icons)
    qtbot.addWidget(editor)
    editor.set_html("<p>Bản cũ</p>")
    assert not editor.modified
    editor.replace_with_undo("<h1>Biên bản</h1><p>Mới</p>")
    assert "Bản cũ" not in editor.text.toPlainText() and editor.modified
    editor.text.undo()
    assert editor.text.toPlainText() == "Bản cũ"


def test_the_attendance_table_has_ruled_cells_so_columns_never_run_together(
        qtbot: Any, ui: Any) -> None:
    record = MinutesRecord(
        title="Họp", starts_at="", location="", chair="", secretary="", items=(),
        attendance=(AttendanceEntry("Lê Văn Cường (Văn phòng)", "observer", "present"),))
    editor = MinutesEditor(ui.icons)
    qtbot.addWidget(editor)
    editor.resize(800, 500)
    editor.show()
    qtbot.waitExposed(editor)
    for load in (editor.set_html, editor.replace_with_undo):
        load(draft_html(record))
        tables = [f for f in editor.text.document().rootFrame().childFrames()
                  if isinstance(f, QTextTable)]
        assert len(tables) == 1
        fmt = tables[0].format()
        assert fmt.border() >= 1 and fmt.cellPadding() >= 3
        # the name's cell ends, by the padding and a rule, before the role's cell begins
        doc_layout = editor.text.document().documentLayout()
        name, role = tables[0].cellAt(1, 1), tables[0].cellAt(1, 2)
        name_end = editor.text.cursorRect(name.lastCursorPosition()).right()
        role_start = editor.text.cursorRect(role.firstCursorPosition()).left()
        assert role_start - name_end >= 2 * fmt.cellPadding(), (name_end, role_start)
        assert doc_layout is not None
    editor.set_html(draft_html(record))
    assert not editor.modified and not editor.text.document().isUndoAvailable()


# -- pane ------------------------------------------------------------------------------
class FakeEngine:
    """The engine's minutes calls, as plain functions over a dict of versions."""

    def __init__(self) -> None:
        self.versions: dict[int, MinutesVersion] = {}
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.refuse: BaseException | None = None
        self.opened: list[str] = []
        self.sign_clicks = 0
        self.loaded: list[int | None] = []

    def add(self, n: int, html: str) -> MinutesVersionInfo:
        self.versions[n] = MinutesVersion(info(n), html)
        return self.versions[n].info

    def load_version(self, n: int | None) -> concurrent.futures.Future[Any]:
        self.loaded.append(n)
        return done(self.versions[max(self.versions) if n is None else n])

    def send(self, kind: str, body: dict[str, Any]) -> concurrent.futures.Future[Any]:
        self.sent.append((kind, body))
        if self.refuse is not None:
            return done(self.refuse)
        return done({"version": max(self.versions, default=0) + 1})

    def pane(self, role: Role, ui: Any, qtbot: Any) -> MinutesPane:
        def sign() -> None:
            self.sign_clicks += 1

        pane = MinutesPane("m1", role, bridge=EngineBridge(), icons=ui.icons,
                           load_version=self.load_version, send=self.send,
                           make_draft=lambda: "<h1>BIÊN BẢN</h1><p>Kỳ họp thứ 12</p>",
                           open_pdf=self.opened.append, sign=sign)
        qtbot.addWidget(pane)
        pane.resize(1100, 700)
        pane.show()
        return pane


def shown(pane: MinutesPane) -> set[MinutesAction]:
    return {a for a, b in pane.buttons.items() if b.isVisibleTo(pane)}


A = MinutesAction
SIGNED = SignedMinutes(file=MinutesFile("b" * 64, 1200, 2),
                       report=SignatureReport((check(),)), uploaded_by="u2",
                       uploaded_at="2026-12-01T10:01:00+00:00")


@pytest.mark.parametrize(("role", "state", "expected"), [
    (Role.SECRETARY, MinutesState.DRAFT, {A.NEW_DRAFT, A.SAVE, A.SUBMIT}),
    (Role.SECRETARY, MinutesState.IN_REVIEW, {A.REOPEN}),
    (Role.SECRETARY, MinutesState.APPROVED, {A.REOPEN, A.FINALISE}),
    (Role.SECRETARY, MinutesState.FINAL, {A.OPEN_PDF, A.SIGN}),
    (Role.CHAIR, MinutesState.DRAFT, set()),
    (Role.CHAIR, MinutesState.IN_REVIEW, {A.APPROVE, A.RETURN}),
    (Role.CHAIR, MinutesState.SIGNED, {A.OPEN_PDF, A.SIGN}),
    (Role.DELEGATE, MinutesState.IN_REVIEW, set()),
    (Role.DELEGATE, MinutesState.FINAL, {A.OPEN_PDF}),
    (Role.OBSERVER, MinutesState.SIGNED, {A.OPEN_PDF}),
])
def test_pane_offers_exactly_the_actions_of_the_role_and_state(
        qtbot: Any, ui: Any, role: Role, state: MinutesState, expected: set[A]) -> None:
    engine = FakeEngine()
    v1 = engine.add(1, "<p>Nội dung</p>")
    final = state in (MinutesState.FINAL, MinutesState.SIGNED)
    pane = engine.pane(role, ui, qtbot)
    pane.set_status(MinutesStatus(state=state, versions=(v1,), pdf=PDF if final else None,
                                  signed=SIGNED if state is MinutesState.SIGNED else None))
    if role in (Role.SECRETARY, Role.CHAIR):
        qtbot.waitUntil(lambda: pane.base_version == 1)
    else:  # delegates and observers never load the draft text
        assert pane.editor.isHidden() and pane.base_version == 0
        assert engine.loaded == []
    assert shown(pane) == expected
    assert pane.editor.read_only == (not (role is Role.SECRETARY
                                          and state is MinutesState.DRAFT))
    assert pane.signatures.isVisibleTo(pane) == (state is MinutesState.SIGNED)
    if state is MinutesState.IN_REVIEW:
        assert pane.editor.banner_text.text() == "Locked while the chair reviews."
    if A.OPEN_PDF in expected:
        pane.buttons[A.OPEN_PDF].click()
        assert engine.opened == [("b" if state is MinutesState.SIGNED else "a") * 64]


def test_secretary_saves_and_a_stale_save_offers_the_latest(qtbot: Any, ui: Any) -> None:
    engine = FakeEngine()
    v1 = engine.add(1, "<p>Bản một</p>")
    pane = engine.pane(Role.SECRETARY, ui, qtbot)
    pane.set_status(MinutesStatus(versions=(v1,)))
    qtbot.waitUntil(lambda: pane.editor.text.toPlainText() == "Bản một")
    assert not pane.buttons[A.SAVE].isEnabled()  # nothing changed yet
    pane.buttons[A.NEW_DRAFT].click()
    assert "BIÊN BẢN" in pane.editor.text.toPlainText()
    pane.comment.setText("Thêm tiêu đề")
    assert pane.buttons[A.SAVE].isEnabled() and not pane.buttons[A.SUBMIT].isEnabled()
    with qtbot.waitSignal(pane.command_sent, timeout=3000):
        pane.buttons[A.SAVE].click()
    kind, body = engine.sent[-1]
    assert kind == "minutes.save" and body["meeting_id"] == "m1"
    assert body["base_version"] == 1 and body["comment"] == "Thêm tiêu đề"
    assert "BIÊN BẢN" in body["html"]
    assert pane.base_version == 2 and not pane.editor.modified and pane.comment.text() == ""

    # someone else saved meanwhile: the server refuses; a non-modal offer appears
    pane.editor.text.append("Sửa thêm")
    engine.refuse = ConflictError("stale", reason="stale_version")
    pane.buttons[A.SAVE].click()
    qtbot.waitUntil(lambda: "newer version" in pane.messages._text.text())
    assert pane.messages.isVisible() and pane.editor.modified  # nothing was thrown away
    assert pane.messages._action.text() == "Load the latest version"
    engine.refuse = None
    engine.add(3, "<p>Bản ba của người khác</p>")
    pane.messages._action.click()
    qtbot.waitUntil(lambda: pane.editor.text.toPlainText() == "Bản ba của người khác")
    assert pane.base_version == 3
    assert "Sửa thêm" in QApplication.clipboard().text()  # the unsaved text is not lost


def test_viewing_and_restoring_an_old_version(qtbot: Any, ui: Any) -> None:
    engine = FakeEngine()
    versions = (engine.add(1, "<p>Một</p>"), engine.add(2, "<p>Hai</p>"))
    pane = engine.pane(Role.SECRETARY, ui, qtbot)
    pane.set_status(MinutesStatus(versions=versions))
    qtbot.waitUntil(lambda: pane.editor.text.toPlainText() == "Hai")
    assert pane.versions.list.count() == 2
    assert pane.versions.list.item(1).text().startswith("Version 1 · Thư ký")
    pane.versions.list.itemClicked.emit(pane.versions.list.item(1))
    qtbot.waitUntil(lambda: pane.editor.text.toPlainText() == "Một")
    assert pane.editor.read_only and "Version 1" in pane.editor.banner_text.text()
    assert pane.restore_button.isVisibleTo(pane) and not pane.buttons[A.SAVE].isVisibleTo(pane)
    with qtbot.waitSignal(pane.command_sent, timeout=3000):
        pane.restore_button.click()
    kind, body = engine.sent[-1]
    assert (kind, body["html"], body["base_version"]) == ("minutes.save", "<p>Một</p>", 2)
    assert body["comment"] == "Restored from version 1"
    assert not pane.editor.read_only and pane.editor.text.toPlainText() == "Một"


def test_chair_returns_with_a_comment(qtbot: Any, ui: Any) -> None:
    engine = FakeEngine()
    v1 = engine.add(1, "<p>Một</p>")
    pane = engine.pane(Role.CHAIR, ui, qtbot)
    pane.set_status(MinutesStatus(state=MinutesState.IN_REVIEW, versions=(v1,)))
    pane.buttons[A.RETURN].click()
    assert pane.return_row.isVisible() and not pane.return_send.isEnabled()
    pane.return_comment.setText("Bổ sung ý kiến đại biểu")
    with qtbot.waitSignal(pane.command_sent, timeout=3000):
        pane.return_send.click()
    assert engine.sent[-1] == ("minutes.review", {"meeting_id": "m1", "approve": False,
                                                  "comment": "Bổ sung ý kiến đại biểu"})
    assert not pane.return_row.isVisible()


# -- sign dialog -----------------------------------------------------------------------
@dataclass(frozen=True)
class Token:
    label: str
    manufacturer: str
    model: str
    serial: str


@dataclass(frozen=True)
class Cert:
    label: str
    subject_name: str
    issuer_name: str
    not_after: str


class FakeSigner:
    """Stands in for ``signing.sign_pdf``: records its thread, reports steps, may refuse."""

    def __init__(self) -> None:
        self.threads: list[int] = []
        self.calls: list[tuple[FileKey | TokenKey, Stamp]] = []
        self.release = threading.Event()
        self.refuse: SigningError | None = None

    def __call__(self, key: FileKey | TokenKey, stamp: Stamp, progress: Any) -> SignatureCheck:
        self.threads.append(threading.get_ident())
        self.calls.append((key, stamp))
        progress("loading_key")
        if self.refuse is not None:
            raise self.refuse
        progress("signing")
        assert self.release.wait(10), "the test never saw the progress"
        progress("done")
        return check(signer_name=stamp.signer_name, role=stamp.role)


def dialog(qtbot: Any, ui: Any, signer: FakeSigner, **kw: Any) -> SignDialog:
    dlg = SignDialog(bridge=EngineBridge(), icons=ui.icons, sign=signer,
                     list_tokens=lambda module: [Token("SoftHSM tok", "SoftHSM", "v2", "1")],
                     list_certificates=lambda m, t, pin: [
                         Cert("key1", "Trần Thị Bình", "CA Test", "2028-01-01T00:00:00Z")],
                     credentials=Credentials(), signer_name="Nguyễn Văn An",
                     role="Chủ tọa", **kw)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_signing_runs_off_the_gui_thread_and_retries_after_a_wrong_passphrase(
        qtbot: Any, ui: Any, tmp_path: Path, file_keyring: Any) -> None:
    signer = FakeSigner()
    dlg = dialog(qtbot, ui, signer)
    assert dlg.signer.text() == "Nguyễn Văn An" and dlg.role.text() == "Chủ tọa"
    key_file = tmp_path / "an.p12"
    dlg.file.path.setText(str(key_file))
    dlg.file.passphrase.setText("sai")
    signer.refuse = SigningError("bad", reason="bad_passphrase")
    dlg.sign_button.click()
    qtbot.waitUntil(lambda: dlg.error.isVisible())
    assert "passphrase" in dlg.error.text() and "wrong" in dlg.error.text()
    assert dlg.isVisible() and dlg.sign_button.isEnabled() and dlg.result_check is None

    signer.refuse = None
    dlg.file.passphrase.setText("đúng-mật-khẩu")
    dlg.file.remember.setChecked(True)
    dlg.location.setText("Hà Nội")
    dlg.sign_button.click()
    qtbot.waitUntil(lambda: dlg.progress.text().startswith("Signing"))
    assert not dlg.sign_button.isEnabled()  # the GUI keeps running while the worker signs
    with qtbot.waitSignal(dlg.signed, timeout=5000) as got:
        signer.release.set()
    assert got.args[0].signer_name == "Nguyễn Văn An"
    assert threading.get_ident() not in signer.threads
    key, stamp = signer.calls[-1]
    assert key == FileKey(key_file, "đúng-mật-khẩu".encode())
    assert stamp == Stamp(role="Chủ tọa", location="Hà Nội", signer_name="Nguyễn Văn An")
    assert "đúng" not in repr(key)
    assert not dlg.isVisible() and dlg.result_check is not None

    again = dialog(qtbot, ui, FakeSigner())  # the passphrase was remembered in the keyring
    again.file.path.setText(str(key_file))
    again.file.path.editingFinished.emit()
    assert again.file.passphrase.text() == "đúng-mật-khẩu" and again.file.remember.isChecked()
    assert len(file_keyring._load()) == 1


def test_token_signing_lists_tokens_and_certificates_and_never_keeps_the_pin(
        qtbot: Any, ui: Any, tmp_path: Path, file_keyring: Any) -> None:
    module = tmp_path / "libsofthsm2.so"
    signer = FakeSigner()
    signer.release.set()
    dlg = dialog(qtbot, ui, signer, modules=[module])
    dlg.use_token.setChecked(True)
    assert dlg.token.module_path() == module
    dlg.token.find_tokens.click()
    qtbot.waitUntil(lambda: dlg.token.token.count() == 1)
    dlg.token.pin.setText("1234")
    dlg.token.show_certs.click()
    qtbot.waitUntil(lambda: dlg.token.cert.count() == 1)
    assert dlg.signer.text() == "Trần Thị Bình"
    signer.refuse = SigningError("pin", reason="bad_pin")
    dlg.sign_button.click()
    qtbot.waitUntil(lambda: dlg.error.isVisible())
    assert "PIN is wrong" in dlg.error.text() and dlg.token.pin.text() == ""
    signer.refuse = None
    dlg.token.pin.setText("1234")
    with qtbot.waitSignal(dlg.signed, timeout=5000):
        dlg.sign_button.click()
    key, stamp = signer.calls[-1]
    assert key == TokenKey(module, "SoftHSM tok", b"1234", "key1")
    assert stamp.signer_name == "Trần Thị Bình"
    assert file_keyring._load() == {}  # a PIN is never stored


# -- signature view --------------------------------------------------------------------
def test_signature_view_shows_verdicts_and_trust_in_words(qtbot: Any, ui: Any) -> None:
    view = SignatureView(ui.icons)
    qtbot.addWidget(view)
    view.show()
    assert view.verdict.text() == "Not signed yet."
    view.show_report(SignatureReport((check(), check(
        field_name="Sig2", signer_name="Lê Văn Cường", role="Thư ký", timestamped=False,
        trust=Trust.SELF_SIGNED))))
    assert view.verdict.text() == "All signatures are valid"
    assert LIGHT.ok in view.verdict.styleSheet()
    first, second = ([label.text() for label in c.lines] for c in view.cards)
    assert "Role: Chủ tọa" in first
    assert any("timestamp server" in t for t in first)
    assert "Certificate issued by a trusted authority" in first
    assert any("claimed by the signer" in t for t in second)
    assert any(t.startswith("Self-signed certificate") for t in second)

    view.show_report(SignatureReport((check(
        trust=Trust.UNKNOWN_ISSUER, modified_after_signing=True,
        problem="content changed after signing"),)))
    assert view.verdict.text() == "The signatures are NOT valid"
    lines = [label.text() for label in view.cards[0].lines]
    assert any("changed after this signature" in t for t in lines)
    assert any("not among the trusted authorities" in t for t in lines)
    assert "Problem: content changed after signing" in lines
    assert view.cards[0].verdict.text() == "Not valid"

    ui.theme.apply("dark")  # the colours follow the theme; the words do not need them
    try:
        qtbot.waitUntil(lambda: DARK.bad in view.verdict.styleSheet())
    finally:
        ui.theme.apply("light")
    view.show_report(SignatureReport((), error="not a PDF"))
    assert view.verdict.text() == "The signatures are NOT valid" and view.error.isVisible()


def test_the_banner_says_who_signed_and_calls_only_fully_signed_minutes_official(
        qtbot: Any, ui: Any) -> None:
    from meetingroom.domain.model import Participant

    people = (Participant("u1", "Nguyễn Văn An", Role.CHAIR, True),
              Participant("u2", "Trần Thị Bình", Role.SECRETARY, True))
    engine = FakeEngine()
    v1 = engine.add(1, "<p>Nội dung</p>")
    pane = engine.pane(Role.DELEGATE, ui, qtbot)

    def signed(*by: str) -> MinutesStatus:
        return MinutesStatus(state=MinutesState.SIGNED, versions=(v1,), pdf=PDF,
                             signed=SignedMinutes(file=SIGNED.file, report=SIGNED.report,
                                                  uploaded_by=by[-1], uploaded_at="",
                                                  signed_by=by))

    pane.set_status(MinutesStatus(state=MinutesState.FINAL, versions=(v1,), pdf=PDF), people)
    assert pane.state.title.text() == "Finalised – waiting for signatures"
    pane.set_status(signed("u2"))  # the participants given before still count
    assert pane.state.title.text() == "The secretary has signed · waiting for the chair to sign"
    assert "official record" not in pane.state.title.text()
    ui.configure(language="vi", theme="light")
    try:
        qtbot.waitUntil(lambda: pane.state.title.text() == "Thư ký đã ký · chờ Chủ tọa ký")
        assert pane.state.explanation.text().startswith("Biên bản chưa phải là văn bản chính")
        pane.set_status(signed("u1"))
        assert pane.state.title.text() == "Chủ tọa đã ký · chờ Thư ký ký"
        pane.set_status(signed("u2", "u1"))
        assert pane.state.title.text() == "Thư ký và Chủ tọa đã ký"
        assert "là văn bản chính thức" in pane.state.explanation.text()
        pane.set_status(signed("u2"), people[1:])  # a meeting without a chair
        assert pane.state.title.text() == "Thư ký đã ký"
    finally:
        ui.configure(language="en", theme="light")
