"""The minutes widgets: rich-text editor, minutes pane, sign dialog and signature view.

Nothing here is stood in for. Each pane and sign dialog is built by the product's
``MinutesController`` (as the main window builds it) around a real ``SyncEngine``
logged in to the real test server (127.0.0.1, port 0, fresh SQLite files), and fed
the engine's snapshots as the main window feeds them (the test picks the moment);
the minutes reach each state through the server's own ``minutes.*`` commands sent
by real clients, and a stale save is refused because another client really saved
first. Signing runs the controller's own signer (pyHanko, then the upload the
server validates) with PKCS#12 files and a SoftHSM2 token holding keys and
certificates made with ``cryptography``; the signed file is checked again by
``signing.validate``. The signature view shows reports of really signed and
really tampered PDFs. The tests only record: the documents the pane asks the
window to open, which draft versions a client asks the engine for, and — around the real
signer — what it was given, which thread ran it, and one step it waits at until
the test has looked at the dialog.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextTable
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from signing_fixtures import PASSPHRASE, Identity, Pki, SoftToken, tsa_server, write_p12

from meetingroom.domain.minutes import MinutesState, MinutesStatus
from meetingroom.domain.minutes_draft import AttendanceEntry, MinutesRecord, draft_html
from meetingroom.domain.model import Document
from meetingroom.domain.roles import Role
from meetingroom.domain.signatures import Trust
from meetingroom.errors import ConflictError
from meetingroom.protocol.messages import validate_body
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import Pkcs12Source
from meetingroom.signing.validate import validate_pdf
from meetingroom.sync import events as ev
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.theme import DARK, LIGHT
from meetingroom.ui.minutes.actions import MinutesAction
from meetingroom.ui.minutes.controller import MinutesController, current_file
from meetingroom.ui.minutes.editor import MinutesEditor
from meetingroom.ui.minutes.pane import MinutesPane
from meetingroom.ui.shell.context import UiContext
from meetingroom.ui.signing.dialog import Progress, SignDialog, SignFn
from meetingroom.ui.signing.signature_view import SignatureView
from meetingroom.ui.signing.values import FileKey, Stamp, TokenKey

WAIT = 20_000
"""Milliseconds to wait for the server, the engines and the signer."""
PEOPLE = ("secretary", "secretary2", "chair", "delegate", "observer")
"""The participants of the test meetings (``secretary2``: a second writer)."""
ITEM = "Báo cáo tình hình kinh tế - xã hội"
"""The first agenda item of ``Room.published_meeting``: the draft names it."""


@pytest.fixture
def ui(qapp: Any) -> Any:
    context = UiContext.of(qapp)
    context.configure(language="en", theme="light")
    return context


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


# -- real clients and the minutes' states ----------------------------------------------
class People:
    """Real clients of the test room, one engine per user, logged in on first use."""

    def __init__(self, room: Any, engines: Any, pki: Pki, keys: Path) -> None:
        self.room, self.pki = room, pki
        self._engines, self.keys = engines, keys
        self._logged: dict[str, tuple[SyncEngine, Any]] = {}
        ca = keys / "ca.pem"
        ca.write_bytes(pki.ca.cert.public_bytes(Encoding.PEM))
        room.admin.trust_add(ca)

    def __call__(self, name: str) -> SyncEngine:
        if name not in self._logged:
            engine, recorder = self._engines(name)
            # not remembered: the keyring holds only what the sign dialog puts there
            engine.login(self.room.url, name, self.room.password(name),
                         remember=False).result(WAIT / 1000)
            self._logged[name] = (engine, recorder)
        return self._logged[name][0]

    def events(self, name: str) -> Any:
        """The engine events of ``name``'s client (a ``conftest.Recorder``)."""
        self(name)
        return self._logged[name][1]

    def meeting(self, participants: tuple[str, ...] = PEOPLE) -> str:
        return str(self.room.published_meeting(participants=participants)["meeting_id"])


@pytest.fixture
def people(room: Any, engines: Any, pki: Pki, tmp_path: Path) -> People:
    keys = tmp_path / "keys"
    keys.mkdir()
    return People(room, engines, pki, keys)


def command(engine: SyncEngine, mid: str, kind: str, **body: Any) -> MinutesStatus:
    """A minutes command through ``engine``'s outbox; the status the server answers."""
    result = engine.outbox.command(validate_body(kind, {"meeting_id": mid, **body})).result(60)
    return MinutesStatus.from_dict(result["minutes"])


def save(engine: SyncEngine, mid: str, html: str, base: int) -> MinutesStatus:
    return command(engine, mid, "minutes.save", html=html, base_version=base, comment="")


def sign_as(people: People, mid: str, who: str, status: MinutesStatus) -> MinutesStatus:
    """``who`` signs the file the server holds now and uploads it, as the controller's
    signer does (the secretary with the EC key, the chair with the RSA key)."""
    engine = people(who)
    file = current_file(status)
    assert file is not None
    people.events(who).wait_for(
        lambda e: isinstance(e, ev.DocumentAvailable) and e.sha256 == file.sha256)
    src = engine.documents.verified_path(file.sha256)
    assert src is not None
    identity = people.pki.ec_signer if who == "secretary" else people.pki.rsa_signer
    p12 = write_p12(people.keys / f"{who}.p12", identity, [people.pki.ca.cert])
    dst = people.keys / f"{who}-{file.sha256[:8]}.pdf"
    sign_pdf(src, dst, Pkcs12Source(p12, PASSPHRASE),
             StampText(role="Chủ tọa" if who == "chair" else "Thư ký"))
    return engine.minutes.upload_signed(mid, dst).result(60)


def advance(people: People, mid: str, state: MinutesState,
            html: str = "<p>Nội dung</p>") -> MinutesStatus:
    """Version 1 saved by the secretary, then the steps of docs/protocol.md up to
    ``state``: submit, the chair's approval, finalise, the secretary's signature."""
    secretary = people("secretary")
    status = save(secretary, mid, html, 0)
    steps: list[Callable[[], MinutesStatus]] = [
        lambda: command(secretary, mid, "minutes.submit"),
        lambda: command(people("chair"), mid, "minutes.review", approve=True, comment=""),
        lambda: command(secretary, mid, "minutes.finalise"),
        lambda: sign_as(people, mid, "secretary", status),
    ]
    for step in steps:
        if status.state is state:
            break
        status = step()
    assert status.state is state
    return status


def seen(qtbot: Any, engine: SyncEngine, mid: str, status: MinutesStatus) -> None:
    """Wait until ``engine``'s snapshot of ``mid`` holds ``status`` (the server's word)."""
    def has() -> bool:
        snap = engine.meetings.snapshot(mid)
        return snap is not None and snap.minutes == status

    qtbot.waitUntil(has, timeout=WAIT)


class Recording(MinutesController):
    """The product's controller, unchanged but for its signer: the real one, wrapped to
    record what it is given, which threads run it and the steps it reports — and,
    with ``hold_at``, to wait at that step until the test has looked at the dialog."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[FileKey | TokenKey, Stamp]] = []
        self.threads: set[int] = set()
        self.steps: list[str] = []
        self.hold_at: str | None = None
        self.release = threading.Event()

    def _signer(self, mid: str) -> SignFn:
        real = super()._signer(mid)

        def sign(key: FileKey | TokenKey, stamp: Stamp, progress: Progress) -> Any:
            self.threads.add(threading.get_ident())
            self.calls.append((key, stamp))

            def step(name: str) -> None:
                self.threads.add(threading.get_ident())
                self.steps.append(name)
                progress(name)
                if name == self.hold_at:
                    assert self.release.wait(30), "the test never saw this step"

            return real(key, stamp, step)

        return sign


class Screen:
    """One client's minutes screen: the product's controller in a host window, fed
    each snapshot as the main window feeds it (``MainWindow._show_minutes``)."""

    def __init__(self, engine: SyncEngine, ui: Any, qtbot: Any) -> None:
        self.engine = engine
        self.host = QWidget()
        qtbot.addWidget(self.host)
        self._layout = QVBoxLayout(self.host)
        self.host.resize(1100, 700)
        self.host.show()
        self.opened: list[Document] = []
        """The documents the screen asked the window to open."""
        self.controller = Recording(engine, EngineBridge(self.host), ui.icons,
                                    open_document=self.opened.append,
                                    language=lambda: "en", parent=self.host)

    def show(self, mid: str) -> MinutesPane:
        pane = self.controller.show(self.engine.meetings.snapshot(mid), self.engine.user)
        assert pane is not None
        if pane.parent() is not self.host:
            self._layout.addWidget(pane)
            pane.show()  # what the layout would do on the next turn of the event loop
        return pane


def shown(pane: MinutesPane) -> set[MinutesAction]:
    return {a for a, b in pane.buttons.items() if b.isVisibleTo(pane)}


A = MinutesAction
LOGIN = {Role.SECRETARY: "secretary", Role.CHAIR: "chair", Role.DELEGATE: "delegate",
         Role.OBSERVER: "observer"}


# -- pane ------------------------------------------------------------------------------
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
        qtbot: Any, ui: Any, people: People, monkeypatch: pytest.MonkeyPatch, role: Role,
        state: MinutesState, expected: set[A]) -> None:
    mid = people.meeting()
    status = advance(people, mid, state)
    me = people(LOGIN[role])
    asked: list[int | None] = []  # the draft versions this client reads from the server
    read = me.minutes.get

    def recorded(meeting_id: str, version: int | None = None) -> Any:
        asked.append(version)
        return read(meeting_id, version)

    monkeypatch.setattr(me.minutes, "get", recorded)
    seen(qtbot, me, mid, status)
    screen = Screen(me, ui, qtbot)
    pane = screen.show(mid)
    assert pane.role is role  # what the controller makes of the user in this meeting
    if role in (Role.SECRETARY, Role.CHAIR):
        qtbot.waitUntil(lambda: pane.base_version == 1, timeout=WAIT)
        assert pane.editor.text.toPlainText() == "Nội dung" and asked == [None]
    else:  # delegates and observers never load the draft text
        assert pane.editor.isHidden() and pane.base_version == 0
        assert asked == []
    assert not pane.messages.isVisible()  # and nothing was refused
    assert shown(pane) == expected
    assert pane.editor.read_only == (not (role is Role.SECRETARY
                                          and state is MinutesState.DRAFT))
    assert pane.signatures.isVisibleTo(pane) == (state is MinutesState.SIGNED)
    if state is MinutesState.IN_REVIEW:
        assert pane.editor.banner_text.text() == "Locked while the chair reviews."
    if A.OPEN_PDF in expected:
        pane.buttons[A.OPEN_PDF].click()
        file = status.signed.file if status.signed is not None else status.pdf
        assert file is not None and [d.sha256 for d in screen.opened] == [file.sha256]
        if status.signed is not None:  # the signed file, not the unsigned PDF
            assert status.pdf is not None and file.sha256 != status.pdf.sha256
            assert screen.opened[0].name == "Minutes (signed).pdf"


def test_secretary_saves_and_a_stale_save_offers_the_latest(
        qtbot: Any, ui: Any, people: People) -> None:
    mid = people.meeting()
    me = people("secretary")
    status = save(me, mid, "<p>Bản một</p>", 0)
    seen(qtbot, me, mid, status)
    screen = Screen(me, ui, qtbot)
    pane = screen.show(mid)
    qtbot.waitUntil(lambda: pane.editor.text.toPlainText() == "Bản một", timeout=WAIT)
    assert not pane.buttons[A.SAVE].isEnabled()  # nothing changed yet
    pane.buttons[A.NEW_DRAFT].click()  # from the meeting record the engine holds
    drafted = pane.editor.text.toPlainText()
    assert "MINUTES OF THE MEETING" in drafted and ITEM in drafted
    pane.comment.setText("Thêm tiêu đề")
    assert pane.buttons[A.SAVE].isEnabled() and not pane.buttons[A.SUBMIT].isEnabled()
    with qtbot.waitSignal(pane.command_sent, timeout=WAIT):
        pane.buttons[A.SAVE].click()
    assert pane.base_version == 2 and not pane.editor.modified and pane.comment.text() == ""
    saved = me.minutes.get(mid, 2).result(WAIT / 1000)  # what the server keeps
    assert saved.info.comment == "Thêm tiêu đề" and saved.info.author_name == "Secretary"
    assert ITEM in saved.html and "MINUTES OF THE MEETING" in saved.html

    # another writer saves version 3 before this client has heard of it: the server
    # refuses this client's save on version 2; a non-modal offer appears
    save(people("secretary2"), mid, "<p>Bản ba của người khác</p>", 2)
    pane.editor.text.append("Sửa thêm")
    pane.buttons[A.SAVE].click()
    stale = "Someone saved a newer version of the minutes meanwhile."
    qtbot.waitUntil(lambda: pane.messages._text.text() == stale, timeout=WAIT)
    refused = people.events("secretary").wait_for(
        lambda e: isinstance(e, ev.CommandFinished) and e.error is not None)
    assert refused.type == "minutes.save" and isinstance(refused.error, ConflictError)
    assert refused.error.reason == "stale_version"
    assert pane.messages.isVisible() and pane.editor.modified  # nothing was thrown away
    assert pane.messages._action.text() == "Load the latest version"
    pane.messages._action.click()
    qtbot.waitUntil(lambda: pane.editor.text.toPlainText() == "Bản ba của người khác",
                    timeout=WAIT)
    assert pane.base_version == 3
    assert "Sửa thêm" in QApplication.clipboard().text()  # the unsaved text is not lost


def test_viewing_and_restoring_an_old_version(qtbot: Any, ui: Any, people: People) -> None:
    mid = people.meeting()
    me = people("secretary")
    save(me, mid, "<p>Một</p>", 0)
    status = save(me, mid, "<p>Hai</p>", 1)
    seen(qtbot, me, mid, status)
    pane = Screen(me, ui, qtbot).show(mid)
    qtbot.waitUntil(lambda: pane.editor.text.toPlainText() == "Hai", timeout=WAIT)
    assert pane.versions.list.count() == 2
    assert pane.versions.list.item(1).text().startswith("Version 1 · Secretary")
    pane.versions.list.itemClicked.emit(pane.versions.list.item(1))
    qtbot.waitUntil(lambda: pane.editor.text.toPlainText() == "Một", timeout=WAIT)
    assert pane.editor.read_only and "Version 1" in pane.editor.banner_text.text()
    assert pane.restore_button.isVisibleTo(pane) and not pane.buttons[A.SAVE].isVisibleTo(pane)
    with qtbot.waitSignal(pane.command_sent, timeout=WAIT):
        pane.restore_button.click()
    restored = me.minutes.get(mid, 3).result(WAIT / 1000)  # saved on version 2
    assert restored.html == me.minutes.get(mid, 1).result(WAIT / 1000).html
    assert restored.info.comment == "Restored from version 1"
    assert pane.base_version == 3
    assert not pane.editor.read_only and pane.editor.text.toPlainText() == "Một"


def test_chair_returns_with_a_comment(qtbot: Any, ui: Any, people: People) -> None:
    mid = people.meeting()
    status = advance(people, mid, MinutesState.IN_REVIEW, "<p>Một</p>")
    chair = people("chair")
    seen(qtbot, chair, mid, status)
    pane = Screen(chair, ui, qtbot).show(mid)
    pane.buttons[A.RETURN].click()
    assert pane.return_row.isVisible() and not pane.return_send.isEnabled()
    pane.return_comment.setText("Bổ sung ý kiến đại biểu")
    with qtbot.waitSignal(pane.command_sent, timeout=WAIT):
        pane.return_send.click()
    assert not pane.return_row.isVisible()
    secretary = people("secretary")  # the server sent the minutes back, with the comment

    def returned() -> bool:
        snap = secretary.meetings.snapshot(mid)
        return (snap is not None and snap.minutes is not None
                and snap.minutes.state is MinutesState.DRAFT
                and snap.minutes.review_comment == "Bổ sung ý kiến đại biểu")

    qtbot.waitUntil(returned, timeout=WAIT)


# -- sign dialog -----------------------------------------------------------------------
def final_for(qtbot: Any, people: People, who: str) -> tuple[str, MinutesStatus]:
    """A meeting with final minutes whose PDF ``who``'s client holds."""
    mid = people.meeting()
    status = advance(people, mid, MinutesState.FINAL)
    engine = people(who)
    seen(qtbot, engine, mid, status)
    assert status.pdf is not None
    sha = status.pdf.sha256
    qtbot.waitUntil(lambda: engine.documents.ready_path(sha) is not None, timeout=WAIT)
    return mid, status


def signed_file(qtbot: Any, engine: SyncEngine, mid: str) -> tuple[MinutesStatus, bytes]:
    """The signed minutes the server accepted, as ``engine`` downloaded them."""
    def has() -> bool:
        snap = engine.meetings.snapshot(mid)
        return (snap is not None and snap.minutes is not None
                and snap.minutes.signed is not None
                and engine.documents.ready_path(snap.minutes.signed.file.sha256) is not None)

    qtbot.waitUntil(has, timeout=WAIT)
    snap = engine.meetings.snapshot(mid)
    assert snap is not None and snap.minutes is not None and snap.minutes.signed is not None
    path = engine.documents.ready_path(snap.minutes.signed.file.sha256)
    assert path is not None
    return snap.minutes, path.read_bytes()


def open_dialog(controller: MinutesController, mid: str) -> SignDialog:
    dialog = controller.open_sign_dialog(mid)  # as the pane's "Sign…" button does
    assert dialog is not None
    return dialog


def test_signing_runs_off_the_gui_thread_and_retries_after_a_wrong_passphrase(
        qtbot: Any, ui: Any, people: People, pki: Pki, tmp_path: Path,
        file_keyring: Any) -> None:
    mid, _ = final_for(qtbot, people, "chair")
    chair = people("chair")
    screen = Screen(chair, ui, qtbot)
    controller = screen.controller
    dlg = open_dialog(controller, mid)
    assert dlg.role.text() == "Chair" and dlg.location.text() == "Hội trường A"
    assert dlg.signer.text() == "(the name in your certificate)"
    passphrase = "đúng-mật-khẩu"
    key_file = write_p12(tmp_path / "duc.p12", pki.rsa_signer, [pki.ca.cert],
                         passphrase.encode())
    dlg.file.path.setText(str(key_file))
    dlg.file.passphrase.setText("sai")
    dlg.sign_button.click()
    qtbot.waitUntil(lambda: dlg.error.isVisible(), timeout=WAIT)  # pyHanko refused it
    assert "passphrase" in dlg.error.text() and "wrong" in dlg.error.text()
    assert dlg.isVisible() and dlg.sign_button.isEnabled() and dlg.result_check is None
    assert controller.steps == ["loading_key"]
    snap = chair.meetings.snapshot(mid)
    assert snap is not None and snap.minutes is not None
    assert snap.minutes.state is MinutesState.FINAL  # nothing reached the server

    dlg.file.passphrase.setText(passphrase)
    dlg.read_certificate()  # as when the passphrase field loses focus
    qtbot.waitUntil(lambda: dlg.signer.text() == "Trần Văn Đức", timeout=WAIT)
    dlg.file.remember.setChecked(True)
    dlg.location.setText("Hà Nội")
    controller.hold_at = "signing"
    dlg.sign_button.click()
    qtbot.waitUntil(lambda: dlg.progress.text().startswith("Signing"), timeout=WAIT)
    assert not dlg.sign_button.isEnabled()  # the GUI keeps running while the worker signs
    with qtbot.waitSignal(dlg.signed, timeout=60_000) as got:
        controller.release.set()
    check = got.args[0]
    assert check.signer_name == "Trần Văn Đức" and check.role == "Chair" and check.ok
    assert threading.get_ident() not in controller.threads and controller.threads
    assert controller.steps[-2:] == ["uploading", "done"]
    key, stamp = controller.calls[-1]
    assert key == FileKey(key_file, passphrase.encode())
    assert stamp == Stamp(role="Chair", location="Hà Nội", signer_name="Trần Văn Đức")
    assert "đúng" not in repr(key)
    qtbot.waitUntil(lambda: controller.dialog is None)  # closed (and deleted)

    status, data = signed_file(qtbot, chair, mid)  # the server accepted it; check it again
    assert status.state is MinutesState.SIGNED and status.signed is not None
    assert status.signed.report.all_valid
    report = validate_pdf(data, trust_roots=[pki.ca.pem])
    assert report.all_valid and [(s.signer_name, s.role, s.trust) for s in report.signatures] \
        == [("Trần Văn Đức", "Chair", Trust.TRUSTED)]

    again = open_dialog(controller, mid)  # the passphrase was remembered in the keyring
    again.file.path.setText(str(key_file))
    again.file.path.editingFinished.emit()
    assert again.file.passphrase.text() == passphrase and again.file.remember.isChecked()
    assert len(file_keyring._load()) == 1
    again.reject()


def test_token_signing_lists_tokens_and_certificates_and_never_keeps_the_pin(
        qtbot: Any, ui: Any, people: People, softhsm_token: SoftToken, tmp_path: Path,
        file_keyring: Any) -> None:
    token = softhsm_token
    ca = tmp_path / "token-ca.pem"
    ca.write_bytes(token.pki.ca.pem)
    people.room.admin.trust_add(ca)
    mid, _ = final_for(qtbot, people, "chair")
    chair = people("chair")
    controller = Screen(chair, ui, qtbot).controller
    dlg = open_dialog(controller, mid)
    dlg.use_token.setChecked(True)
    form = dlg.token
    form.module.setCurrentIndex(form.module.findData(str(token.module)))
    assert form.module_path() == token.module
    form.find_tokens.click()
    qtbot.waitUntil(lambda: form.token_label() == token.label, timeout=WAIT)
    form.pin.setText(token.pin.decode())
    form.show_certs.click()
    qtbot.waitUntil(lambda: form.cert.count() == 1, timeout=WAIT)
    assert dlg.signer.text() == token.holder
    form.pin.setText("000000")
    dlg.sign_button.click()
    qtbot.waitUntil(lambda: dlg.error.isVisible(), timeout=WAIT)  # the token refused it
    assert "PIN is wrong" in dlg.error.text() and form.pin.text() == ""
    form.pin.setText(token.pin.decode())
    with qtbot.waitSignal(dlg.signed, timeout=60_000) as got:
        dlg.sign_button.click()
    assert got.args[0].signer_name == token.holder and got.args[0].ok
    assert threading.get_ident() not in controller.threads
    key, stamp = controller.calls[-1]
    assert key == TokenKey(token.module, token.label, token.pin, "chair-cert")
    assert stamp.signer_name == token.holder
    status, data = signed_file(qtbot, chair, mid)
    assert status.signed is not None and status.signed.report.all_valid
    report = validate_pdf(data, trust_roots=[token.pki.ca.pem])
    assert report.all_valid and report.signatures[0].signer_name == token.holder
    assert file_keyring._load() == {}  # a PIN is never stored


# -- signature view --------------------------------------------------------------------
def test_signature_view_shows_verdicts_and_trust_in_words(
        qtbot: Any, ui: Any, pki: Pki, minutes_pdf: Path, tmp_path: Path) -> None:
    def p12(name: str, who: Identity, chain: list[Any]) -> Pkcs12Source:
        return Pkcs12Source(write_p12(tmp_path / f"{name}.p12", who, chain), PASSPHRASE)

    chair, both = tmp_path / "chair.pdf", tmp_path / "both.pdf"
    with tsa_server(pki.tsa, pki.ca) as tsa:  # the chair's signature is timestamped
        sign_pdf(minutes_pdf, chair, p12("chair", pki.ec_signer, [pki.ca.cert]),
                 StampText(role="Chủ tọa"), tsa_url=tsa)
    sign_pdf(chair, both, p12("self", pki.self_signed, []), StampText(role="Thư ký"))
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(chair.read_bytes())
    with pymupdf.open(tampered) as doc:  # a note added after the signature
        doc[0].add_text_annot((100, 100), "sửa sau khi ký")
        doc.saveIncr()

    view = SignatureView(ui.icons)
    qtbot.addWidget(view)
    view.show()
    assert view.verdict.text() == "Not signed yet."
    view.show_report(validate_pdf(both.read_bytes(), trust_roots=[pki.ca.pem]))
    assert view.verdict.text() == "All signatures are valid"
    assert LIGHT.ok in view.verdict.styleSheet()
    first, second = ([label.text() for label in c.lines] for c in view.cards)
    assert [c.signer.text() for c in view.cards] == ["Nguyễn Thị Hằng", "Lê Tự Ký"]
    assert "Role: Chủ tọa" in first
    assert any("timestamp server" in t for t in first)
    assert "Certificate issued by a trusted authority" in first
    assert "Role: Thư ký" in second
    assert any("claimed by the signer" in t for t in second)
    assert any(t.startswith("Self-signed certificate") for t in second)

    report = validate_pdf(tampered.read_bytes())  # and no trusted authorities given
    (check,) = report.signatures
    assert check.trust is Trust.UNKNOWN_ISSUER and check.modified_after_signing
    view.show_report(report)
    assert view.verdict.text() == "The signatures are NOT valid"
    lines = [label.text() for label in view.cards[0].lines]
    assert any("changed after this signature" in t for t in lines)
    assert any("not among the trusted authorities" in t for t in lines)
    assert check.problem and f"Problem: {check.problem}" in lines
    assert view.cards[0].verdict.text() == "Not valid"

    ui.theme.apply("dark")  # the colours follow the theme; the words do not need them
    try:
        qtbot.waitUntil(lambda: DARK.bad in view.verdict.styleSheet())
    finally:
        ui.theme.apply("light")
    view.show_report(validate_pdf(b"not a PDF"))
    assert view.verdict.text() == "The signatures are NOT valid" and view.error.isVisible()


def test_the_banner_says_who_signed_and_calls_only_fully_signed_minutes_official(
        qtbot: Any, ui: Any, people: People) -> None:
    both, chair_first, no_chair = (people.meeting(("secretary", "chair", "delegate"))
                                   for _ in range(3))
    final = {mid: advance(people, mid, MinutesState.FINAL)
             for mid in (both, chair_first, no_chair)}
    delegate = people("delegate")
    screen = Screen(delegate, ui, qtbot)
    seen(qtbot, delegate, both, final[both])
    pane = screen.show(both)
    assert pane.state.title.text() == "Finalised – waiting for signatures"

    status = sign_as(people, both, "secretary", final[both])
    seen(qtbot, delegate, both, status)
    pane.set_status(status)  # the participants given before still count
    assert pane.state.title.text() == "The secretary has signed · waiting for the chair to sign"
    assert "official record" not in pane.state.title.text()
    assert screen.show(both) is pane  # and so do the ones the window passes along
    assert pane.state.title.text() == "The secretary has signed · waiting for the chair to sign"
    ui.configure(language="vi", theme="light")
    try:
        qtbot.waitUntil(lambda: pane.state.title.text() == "Thư ký đã ký · chờ Chủ tọa ký")
        assert pane.state.explanation.text().startswith("Biên bản chưa phải là văn bản chính")

        status = sign_as(people, chair_first, "chair", final[chair_first])
        seen(qtbot, delegate, chair_first, status)
        pane = screen.show(chair_first)  # another meeting: another pane
        assert pane.state.title.text() == "Chủ tọa đã ký · chờ Thư ký ký"

        status = sign_as(people, both, "chair", status_of(delegate, both))
        seen(qtbot, delegate, both, status)
        pane = screen.show(both)
        assert pane.state.title.text() == "Thư ký và Chủ tọa đã ký"
        assert "là văn bản chính thức" in pane.state.explanation.text()

        sign_as(people, no_chair, "secretary", final[no_chair])
        # a meeting without a chair (the chair approved, then left the meeting)
        people.room.admin.set_participants(no_chair, ["secretary", "delegate"])
        qtbot.waitUntil(lambda: chairless(delegate, no_chair), timeout=WAIT)
        pane = screen.show(no_chair)
        assert pane.state.title.text() == "Thư ký đã ký"
    finally:
        ui.configure(language="en", theme="light")


def chairless(engine: SyncEngine, mid: str) -> bool:
    """``engine`` holds the signed minutes of ``mid`` and a chair no longer takes part."""
    snap = engine.meetings.snapshot(mid)
    return (snap is not None and snap.minutes is not None and snap.minutes.signed is not None
            and all(p.role is not Role.CHAIR for p in snap.participants))


def status_of(engine: SyncEngine, mid: str) -> MinutesStatus:
    snap = engine.meetings.snapshot(mid)
    assert snap is not None and snap.minutes is not None
    return snap.minutes
