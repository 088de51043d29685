"""Follow the presenter (turn the reader to the shown page) and present one's own page."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtWidgets import QPushButton, QWidget
from shiboken6 import isValid

from meetingroom.domain.model import Document, MeetingSnapshot
from meetingroom.protocol.server_messages import Shown
from meetingroom.sync import events as ev
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.reader.viewer import DocumentViewer

log = logging.getLogger("meetingroom.ui")


def zoom_of(viewer: DocumentViewer) -> int:
    """The viewer's zoom as the protocol carries it: percent, 0 = fit width."""
    return 0 if viewer.zoom is None else max(1, min(400, round(viewer.zoom * 100)))


class PresenterLink(QObject):
    """Owner: the live pane (parent).

    Following: a ``PresenterChanged`` of the shown meeting (from someone else) opens the
    document in the reader, or turns an open reader, to the shown page and zoom.
    Presenting: readers opened by someone who runs the meeting get a "Present this page"
    toggle; while it is on, every page turn is sent with ``engine.presenter.present``.
    """

    def __init__(self, engine: SyncEngine, bridge: EngineBridge, *,
                 open_document: Callable[[Document], DocumentViewer | None],
                 viewers: Callable[[], list[DocumentViewer]],
                 report: Callable[[BaseException], None], parent: QObject) -> None:
        super().__init__(parent)
        self._engine, self._bridge = engine, bridge
        self._open_document, self._viewers, self._report = open_document, viewers, report
        self.meeting_id: str | None = None
        self.following = True
        self.can_present = False
        self.shown: Shown | None = None
        """The presenter's latest page of the shown meeting (also while not following)."""
        self._pending: Shown | None = None
        """A shown page whose document is still being checked before it opens."""
        self.presenting: DocumentViewer | None = None
        bridge.presenter_changed.connect(self._on_presenter)

    def set_meeting(self, snap: MeetingSnapshot | None, *, can_present: bool) -> None:
        mid = snap.meeting.id if snap is not None else None
        if mid != self.meeting_id:
            self.shown = self._pending = None
            self.stop_presenting()
        self.meeting_id, self.can_present = mid, can_present

    def set_following(self, on: bool) -> None:
        self.following = on
        if on and self.shown is not None:
            self._apply(self.shown)

    @Slot(object)
    def _on_presenter(self, event: ev.PresenterChanged) -> None:
        if event.meeting_id != self.meeting_id:
            return
        self.shown = event.shown
        user = self._engine.user
        if event.shown is None or not self.following or (
                user is not None and event.shown.user_id == user.id):
            return
        self._apply(event.shown)

    def _apply(self, shown: Shown) -> None:
        snap = self._engine.meetings.snapshot(self.meeting_id) if self.meeting_id else None
        doc = next((d for d in snap.documents if d.id == shown.document_id),
                   None) if snap is not None else None
        if doc is None:
            return
        viewer = self._viewer_of(doc.id)
        if viewer is None:
            self._pending = shown
            viewer = self._open_document(doc)
            if viewer is None:
                return  # opens later (viewer_opened) or cannot open: said in the window
        self._pending = None
        self._turn(viewer, shown)

    @staticmethod
    def _turn(viewer: DocumentViewer, shown: Shown) -> None:
        zoom = shown.zoom
        viewer.show_view(shown.page, None if zoom == 0 else zoom / 100)
        viewer.raise_()

    def _viewer_of(self, document_id: str) -> DocumentViewer | None:
        return next((v for v in self._viewers()
                     if isValid(v) and v.document.id == document_id), None)

    @Slot(object)
    def viewer_opened(self, viewer: DocumentViewer) -> None:
        """A reader opened: turn it to a pending shown page; offer presenting."""
        pending = self._pending
        if pending is not None and pending.document_id == viewer.document.id:
            self._pending = None
            self._turn(viewer, pending)
        if self.can_present and self.meeting_id is not None:
            button = QPushButton(self.tr("Present this page"), viewer)
            button.setCheckable(True)
            button.setObjectName("present")
            button.toggled.connect(lambda on, v=viewer: self._present_toggled(v, on))
            viewer.tools.addWidget(button)
            viewer.view_changed.connect(lambda v=viewer: self._view_changed(v))
            viewer.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Closing the presented reader stops presenting (while the engine still runs)."""
        if event.type() == QEvent.Type.Close and watched is self.presenting:
            self.stop_presenting()
        return False

    def _present_toggled(self, viewer: DocumentViewer, on: bool) -> None:
        if on:
            previous = self.presenting
            self.presenting = viewer
            if previous is not None and previous is not viewer and isValid(previous):
                _button(previous, False)
            self._present(viewer)
        elif self.presenting is viewer:
            self.stop_presenting()

    def _view_changed(self, viewer: DocumentViewer) -> None:
        if viewer is self.presenting:
            self._present(viewer)

    def _present(self, viewer: DocumentViewer) -> None:
        if self.meeting_id is None:
            return
        self._bridge.then(self._engine.presenter.present(self.meeting_id, viewer.document.id,
                                                         viewer.index, zoom_of(viewer)),
                          lambda _r: None, self._report, context=self)

    def stop_presenting(self) -> None:
        viewer, self.presenting = self.presenting, None
        if viewer is not None and isValid(viewer):
            _button(viewer, False)
        if viewer is not None and self.meeting_id is not None:
            self._bridge.then(self._engine.presenter.stop(self.meeting_id),
                              lambda _r: None, self._report, context=self)


def _button(viewer: QWidget, on: bool) -> None:
    button = viewer.findChild(QPushButton, "present")
    if button is not None:
        button.blockSignals(True)
        button.setChecked(on)
        button.blockSignals(False)
