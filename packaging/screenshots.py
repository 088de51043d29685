"""Regenerate the guide screenshots from the real app on an X display (e.g. under xvfb-run).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots.py docs/images
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots.py \
        docs/images --lang en                       # the English guides' pictures (-en)
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python packaging/screenshots.py \
        /tmp/shots --lang en --theme dark --size 1280x800   # to look at, not for the guides

Pictures are named ``<screen>-<lang>[-dark].png``; the screen size must match ``--size``.

Starts the demo server, opens real client windows, drives them as a user would
and grabs the X screen (not an offscreen render) for each guide picture.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QTimer

from meetingroom.demo.seed import DEMO_PASSWORD, seed_demo
from meetingroom.paths import font_path
from meetingroom.protocol.messages import validate_body
from meetingroom.server.config import ServerConfig
from meetingroom.server.embedded import EmbeddedServer
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.minutes.actions import MinutesAction
from meetingroom.ui.minutes.pane import MinutesPane
from meetingroom.ui.shell.app import build_client, open_logged_in_window
from meetingroom.ui.shell.context import application


def main(out: Path, *, lang: str = "vi", theme: str = "light",
         size: tuple[int, int] = (1366, 768)) -> int:
    out.mkdir(parents=True, exist_ok=True)
    width, height = size
    tmp = Path(tempfile.mkdtemp(prefix="meetingroom-shots-"))
    seeded = seed_demo(tmp / "server")
    server = EmbeddedServer(ServerConfig(data_dir=tmp / "server", port=0, poll_interval=0.5,
                                         tsa_port=0))
    server.start()
    app = application()
    app.setQuitOnLastWindowClosed(False)
    steps: list[tuple[int, Callable[[], None]]] = []
    state: dict[str, object] = {}

    def shot(name: str) -> Callable[[], None]:
        if name.endswith("-vi"):  # the guide pictures, in the language and theme asked for
            name = f"{name[:-3]}-{lang}{'-dark' if theme == 'dark' else ''}"

        def grab() -> None:
            screen = app.primaryScreen()
            screen.grabWindow(0).save(str(out / f"{name}.png"))
            print("saved", out / f"{name}.png")
        return grab

    def beside(viewer: object, x: int) -> None:
        """A reader window 900 wide at ``x``, or further left if the screen is narrower."""
        viewer.resize(900, min(740, height - 28))  # type: ignore[attr-defined]
        viewer.move(max(8, min(x, width - 908)), 8)  # type: ignore[attr-defined]

    def place(client: object) -> None:
        window = client.window  # type: ignore[attr-defined]
        window.resize(width - 26, height - 28)
        window.move(8, 8)
        window.raise_()
        window.activateWindow()

    # 1. the login dialog a delegate sees first (Vietnamese)
    def login_dialog() -> None:
        c = build_client(tmp / "c-login", server_url=server.url, lang=lang, theme=theme)
        c.start(resume=True)  # nothing saved: shows the login dialog
        state["login"] = c

    def fill_login() -> None:
        c = state["login"]
        dlg = c.login_dialog  # type: ignore[attr-defined]
        dlg.username.setText("delegate1")
        dlg.password.setText(DEMO_PASSWORD)
        dlg.move(420, 160)

    def close_login() -> None:
        state["login"].close()  # type: ignore[attr-defined]

    # 2. a delegate's window with documents downloaded (Vietnamese)
    def delegate() -> None:
        c = open_logged_in_window(tmp / "c-delegate", server.url, "delegate1", DEMO_PASSWORD,
                                  lang=lang, theme=theme)
        state["delegate"] = c

    def select_first_item_with_documents(key: str) -> Callable[[], None]:
        def select() -> None:
            c = state[key]
            place(c)
            w = c.window  # type: ignore[attr-defined]
            w.select_meeting(seeded.meeting_id)
            snap = c.engine.meetings.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
            w.agenda.tree.select_item(next(d.item_id for d in snap.documents))
        return select

    def delegate_open() -> None:
        c = state["delegate"]
        snap = c.engine.meetings.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
        doc = max(snap.documents, key=lambda d: d.pages)
        viewer = c.window.open_document(doc)  # type: ignore[attr-defined]
        beside(viewer, 230)
        state["viewer"] = viewer

    def draw_notes() -> None:
        """A delegate's own notes on the first page: highlighter and pen on real lines of
        text (found with PyMuPDF in the file the reader shows), and a sticky note."""
        import pymupdf

        from meetingroom.domain.notes import Point, Stroke
        from meetingroom.ui.notes.controller import NotesController
        from meetingroom.ui.notes.layer import NoteTool

        viewer = state["viewer"]
        notes = viewer.findChild(NotesController)  # type: ignore[attr-defined]
        with pymupdf.open(viewer._path) as doc:  # type: ignore[attr-defined,no-untyped-call]
            page = doc[0]
            marked = page.search_for("cao hơn mức tăng bình quân")[0]
            under = page.search_for("Tổng thu ngân sách nhà nước")[0]
        mid_y = (marked.y0 + marked.y1) / 2
        notes.set_tool(NoteTool.HIGHLIGHTER)
        notes._stroke_finished(0, Stroke(tuple(Point(x, mid_y, 1.0) for x in range(
            int(marked.x0), int(marked.x1) + 1, 4)), marked.height * 0.9, "#ffd400"))
        notes.set_tool(NoteTool.PEN)
        y = under.y1 + 2
        wave = tuple(Point(under.x0 + t * (under.width / 59), y + 1.5 * ((-1) ** (t // 2)),
                           0.5 + t / 120) for t in range(60))
        notes._stroke_finished(0, Stroke(wave, 1.6, "#d00000"))
        notes.add_text_note(0, marked.x1 + 8, marked.y0 - 18, "Hỏi lại số liệu quý III",
                            tool=NoteTool.STICKY, colour="#ffb300")
        notes.set_tool(NoteTool.READ)
        if not viewer.sidebar.isVisible():  # type: ignore[attr-defined]
            viewer.toggle_sidebar()  # type: ignore[attr-defined]
        viewer.sidebar.setCurrentWidget(notes.panel)  # type: ignore[attr-defined]
        viewer.fit_width()  # type: ignore[attr-defined]

    def close_viewer() -> None:
        state["viewer"].close()  # type: ignore[attr-defined]

    # 2b. the secretary replaces the annotated document with a new version (a cover page
    # put in front); the delegate's notes are carried over
    def version_secretary() -> None:
        state["v-sec"] = open_logged_in_window(tmp / "c-v-sec", server.url, "secretary",
                                               DEMO_PASSWORD, lang=lang, theme=theme)

    def replace_document() -> None:
        import pymupdf

        c = state["delegate"]
        snap = c.engine.meetings.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
        doc = max(snap.documents, key=lambda d: d.pages)
        old = c.engine.documents.ready_path(doc.sha256)  # type: ignore[attr-defined]
        new = tmp / "phien-ban-2.pdf"
        with pymupdf.open(old) as pdf:  # type: ignore[no-untyped-call]
            cover = pdf.new_page(0, width=pdf[0].rect.width, height=pdf[0].rect.height)
            cover.insert_text((72, 120), "Bản sửa đổi ngày 25/11: bổ sung trang bìa",
                              fontsize=16, fontname="dejavu",
                              fontfile=str(font_path()))
            pdf.save(new)
        state["replaced"] = doc
        sec = state["v-sec"]
        sec.engine.uploads.document(  # type: ignore[attr-defined]
            seeded.meeting_id, doc.item_id, new, name=doc.name, replaces=doc.id)

    def delegate_versions(tries: int = 240) -> None:
        """Open the new version once it is here and the notes were carried to it."""
        c = state["delegate"]
        place(c)
        old = state["replaced"]
        snap = c.engine.meetings.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
        c.window.agenda.tree.select_item(old.item_id)  # type: ignore[attr-defined]
        new = snap.current_version(old)
        if (new.id == old.id or c.engine.documents.ready_path(new.sha256) is None  # type: ignore
                or c.engine.notes.carry.outcome(new.id) is None) and tries:  # type: ignore
            QTimer.singleShot(250, lambda: delegate_versions(tries - 1))
            return
        sec = state["v-sec"]  # the secretary's pane: the new version, the old one under it
        place(sec)
        sec.window.select_meeting(seeded.meeting_id)  # type: ignore[attr-defined]
        sec.window.agenda.tree.select_item(old.item_id)  # type: ignore[attr-defined]
        sec.window.documents.list.setCurrentIndex(  # type: ignore[attr-defined]
            sec.window.documents.model.index(0))  # type: ignore[attr-defined]
        QTimer.singleShot(800, shot("versions-pane-vi"))

        def open_new() -> None:
            place(c)
            viewer = c.window.open_document(new)  # type: ignore[attr-defined]
            if viewer is not None:
                beside(viewer, 430)
                viewer.show_view(1, None)  # the first page of the old version, now page 2
                state["viewer"] = viewer
            QTimer.singleShot(3000, shot("versions-vi"))

        QTimer.singleShot(1500, open_new)

    def close_versions() -> None:
        close_viewer()
        state["v-sec"].close()  # type: ignore[attr-defined]

    # 3. the same delegate after the server goes away
    def server_down() -> None:
        server.stop()

    def delegate_close() -> None:
        state["delegate"].close()  # type: ignore[attr-defined]
        server.start()

    # 4. the secretary's agenda editor (English, dark)
    def secretary() -> None:
        c = open_logged_in_window(tmp / "c-secretary", server.url, "secretary", DEMO_PASSWORD,
                                  lang="en", theme="dark")
        state["secretary"] = c

    # 5. the minutes: the secretary drafts, the chair reviews, both sign, a delegate reads
    def minutes_client(key: str, username: str) -> Callable[[], None]:
        def open_client() -> None:
            state[key] = open_logged_in_window(tmp / f"c-min-{key}", server.url, username,
                                               DEMO_PASSWORD, lang=lang, theme=theme)
        return open_client

    def minutes_tab(key: str) -> Callable[[], None]:
        def show() -> None:
            c = state[key]
            place(c)
            c.window.select_meeting(seeded.meeting_id)  # type: ignore[attr-defined]
            c.window.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        return show

    def pane(key: str) -> MinutesPane:
        p = state[key].window.minutes.pane  # type: ignore[attr-defined]
        assert p is not None
        return p  # type: ignore[no-any-return]

    def draft_and_save() -> None:
        pane("m-sec").buttons[MinutesAction.NEW_DRAFT].click()
        pane("m-sec").comment.setText("Bản nháp đầu tiên")
        pane("m-sec").buttons[MinutesAction.SAVE].click()

    def click(key: str, action: MinutesAction) -> Callable[[], None]:
        return lambda: pane(key).buttons[action].click()

    def finalise() -> None:
        pane("m-sec").buttons[MinutesAction.FINALISE].click()
        pane("m-sec").question.confirm_button.click()  # "Finalise the minutes"

    def sign_dialog(key: str, username: str) -> Callable[[], None]:
        def open_dialog() -> None:
            c = state[key]
            dialog = c.window.minutes.open_sign_dialog(seeded.meeting_id)  # type: ignore
            dialog.file.path.setText(str(seeded.certificates.p12[username]))
            dialog.file.passphrase.setText(DEMO_PASSWORD)
            dialog.read_certificate()
            dialog.move(380, 90)
            state[f"{key}-dialog"] = dialog
        return open_dialog

    def sign(key: str) -> Callable[[], None]:
        return lambda: state[f"{key}-dialog"].sign_button.click()  # type: ignore[attr-defined]

    def open_signed_pdf() -> None:
        pane("m-del").buttons[MinutesAction.OPEN_PDF].click()

    def last_page() -> None:
        from meetingroom.ui.reader.viewer import DocumentViewer

        viewer = state["m-del"].window.findChildren(DocumentViewer)[-1]  # type: ignore
        beside(viewer, 230)
        viewer.go_to(viewer.page_count - 1)
        viewer._set_zoom(0.75)  # the whole last page, with both stamps
        state["m-viewer"] = viewer

    # 6. the live session: the secretary's console, a delegate's ballot, the result
    def live_clients() -> None:
        for key, username in (("l-sec", "secretary"), ("l-del", "delegate1")):
            state[key] = open_logged_in_window(tmp / f"c-live-{key}", server.url, username,
                                               DEMO_PASSWORD, lang=lang, theme=theme)

        voters = []  # headless tablets of other delegates, so the result has real votes
        for username in ("chair", "delegate2", "delegate3"):
            engine = SyncEngine(tmp / f"c-live-{username}", listener=lambda _e: None)
            engine.start()
            engine.login(server.url, username, DEMO_PASSWORD, remember=False)
            voters.append(engine)
        state["voters"] = voters

    def others_vote() -> None:
        snap = state["l-sec"].engine.meetings.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
        pid = snap.polls[-1].id
        chair, d2, d3 = cast(list[SyncEngine], state["voters"])
        chair.voting.cast_ballot(seeded.meeting_id, pid, ["yes"])
        d2.voting.cast_ballot(seeded.meeting_id, pid, ["yes"])
        d3.voting.cast_ballot(seeded.meeting_id, pid, ["no"])
        d3.voting.cast_ballot(seeded.meeting_id, pid, ["yes"],
                       member_id=state["ids"]["Đặng Thị Hương Giang"])  # type: ignore[index]

    def live_tab(key: str) -> Callable[[], None]:
        def show() -> None:
            c = state[key]
            place(c)
            c.window.select_meeting(seeded.meeting_id)  # type: ignore[attr-defined]
            c.window.tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
        return show

    def send(key: str, mtype: str, **body: object) -> None:
        state[key].engine.outbox.command(  # type: ignore[attr-defined]
            validate_body(mtype, {"meeting_id": seeded.meeting_id, **body}))

    def live_start() -> None:
        live_tab("l-sec")()
        send("l-sec", "live.phase", phase="in_session")

    def live_attendance() -> None:
        snap = state["l-sec"].engine.meetings.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
        ids = {p.display_name: p.user_id for p in snap.participants}
        marks = {u: "present" for u in ids.values()}
        marks[ids["Vũ Ngọc Sơn"]] = "absent"
        marks[ids["Đặng Thị Hương Giang"]] = "excused"
        send("l-sec", "attendance.set", attendance=marks)
        send("l-sec", "proxies.set", proxies={ids["Đặng Thị Hương Giang"]: ids["Hoàng Minh Khôi"]})
        send("l-sec", "live.current_item", item_id=snap.items[0].id)
        send("l-sec", "speakers.limit", seconds=300)
        send("l-sec", "speakers.grant", user_id=ids["Phạm Đức Thắng"])
        state["ids"] = ids

    def live_requests() -> None:
        send("l-del", "speakers.request", request=True)
        from meetingroom.ui.polls.dialog import PollDialog

        dialog = PollDialog()
        dialog.title.setText("Thông qua Nghị quyết về kế hoạch phát triển kinh tế - xã hội "
                             "năm 2027")
        send("l-sec", "poll.create", item_id=None, spec=dialog.spec().to_dict())
        dialog.deleteLater()

    def live_open() -> None:  # the secretary's app deals the sealed box of a secret poll
        engine = state["l-sec"].engine  # type: ignore[attr-defined]
        snap = engine.meetings.snapshot(seeded.meeting_id)
        engine.voting.open_poll(seeded.meeting_id, snap.polls[-1].id)

    def live_vote() -> None:
        live_tab("l-del")()
        ballot = state["l-del"].window.live.ballot  # type: ignore[attr-defined]
        ballot.option_buttons["yes"].click()
        ballot.vote_button.click()

    def live_send() -> None:
        state["l-del"].window.live.ballot.send_button.click()  # type: ignore[attr-defined]

    def live_console() -> None:
        live_tab("l-sec")()
        state["l-sec"].window.live.console.tabs.setCurrentIndex(2)  # type: ignore

    def live_close() -> None:
        snap = state["l-sec"].engine.meetings.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
        send("l-sec", "poll.close", poll_id=snap.polls[-1].id)

    def last_poll() -> str:
        snap = state["l-sec"].engine.meetings.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
        return str(snap.polls[-1].id)

    def chair_claims() -> None:  # the chair's tablet asks to open the ballot box
        chair = cast(list[SyncEngine], state["voters"])[0]
        chair.voting.box_claim(seeded.meeting_id, last_poll())

    def secretary_releases() -> None:  # the last share needed: the chair's app opens it
        state["l-sec"].engine.voting.box_release(seeded.meeting_id, last_poll())  # type: ignore

    def live_check() -> None:
        live_tab("l-del")()
        state["l-del"].window.live.result.check_button.click()  # type: ignore[attr-defined]

    pick = select_first_item_with_documents
    t = 0
    for delay, action in (
        (300, login_dialog), (900, fill_login), (700, shot("login-vi")), (200, close_login),
        (300, delegate), (3500, pick("delegate")), (1500, shot("delegate-vi")),
        (300, delegate_open), (2500, shot("viewer-vi")), (300, draw_notes),
        (1500, shot("notes-vi")), (300, close_viewer),
        (300, version_secretary), (3500, replace_document), (2000, delegate_versions),
        (65000, close_versions),
        (300, server_down), (2500, shot("offline-vi")), (300, delegate_close),
        (300, secretary), (3500, pick("secretary")), (1500, shot("secretary-en-dark")),
        (300, minutes_client("m-sec", "secretary")), (3500, minutes_tab("m-sec")),
        (500, draft_and_save), (2000, shot("minutes-secretary-vi")),
        (300, click("m-sec", MinutesAction.SUBMIT)),
        (300, minutes_client("m-chair", "chair")), (3500, minutes_tab("m-chair")),
        (2000, shot("minutes-chair-review-vi")),
        (300, click("m-chair", MinutesAction.APPROVE)), (1500, minutes_tab("m-sec")),
        (300, finalise), (4000, sign_dialog("m-sec", "secretary")),
        (1000, shot("sign-dialog-vi")), (300, sign("m-sec")),
        (5000, minutes_tab("m-chair")), (500, sign_dialog("m-chair", "chair")),
        (1000, sign("m-chair")),
        (5000, minutes_client("m-del", "delegate1")), (4000, minutes_tab("m-del")),
        (2000, shot("minutes-signed-vi")), (300, open_signed_pdf), (3000, last_page),
        (2500, shot("minutes-pdf-vi")),
        (300, live_clients), (4000, live_start), (1500, live_attendance),
        (1500, live_requests), (1500, live_open), (1500, others_vote), (1500, live_vote),
        (1500, shot("live-ballot-vi")), (300, live_send), (1500, live_console),
        (2000, shot("live-secretary-vi")), (300, live_close), (1500, chair_claims),
        (1500, live_tab("l-sec")), (1000, shot("live-box-vi")), (300, secretary_releases),
        (2500, live_check),
        (2500, shot("live-result-vi")),
    ):
        t += delay
        steps.append((t, action))
    for at, action in steps:
        QTimer.singleShot(at, action)
    QTimer.singleShot(t + 500, app.quit)
    app.exec()
    for key in ("secretary", "m-sec", "m-chair", "m-del", "l-sec", "l-del"):
        client = state.get(key)
        if client is not None:
            client.close()  # type: ignore[attr-defined]
    for engine in state.get("voters", []):  # type: ignore[attr-defined]
        engine.stop()
    server.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    if out.resolve() == (Path(__file__).resolve().parent.parent / "docs" / "images"):
        from sync_guides import sync  # the app ships the guides' pictures too

        sync()
    return 0


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Screenshots of the real app for the guides.")
    ap.add_argument("out", nargs="?", default="docs/images", type=Path)
    ap.add_argument("--lang", choices=("vi", "en"), default="vi")
    ap.add_argument("--theme", choices=("light", "dark"), default="light")
    ap.add_argument("--size", default="1366x768", help="the X screen's size, WxH")
    args = ap.parse_args()
    w, h = (int(n) for n in args.size.lower().split("x"))
    raise SystemExit(main(args.out, lang=args.lang, theme=args.theme, size=(w, h)))
