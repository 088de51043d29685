"""Carries engine events and finished futures from the engine thread to the GUI thread."""

from __future__ import annotations

import concurrent.futures
import itertools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from shiboken6 import isValid

from meetingroom.sync import events as ev

log = logging.getLogger("meetingroom.ui")
T = TypeVar("T")


class EngineBridge(QObject):
    """The engine's listener: re-emits every engine event as a Qt signal.

    The engine calls the bridge on its own thread; the bridge lives in the GUI
    thread, so every connected slot runs queued on the GUI thread. Owner: the
    ClientApp (parent), which stops the engine before the bridge goes away.
    """

    connection_changed = Signal(object)
    """ConnectionChanged: online / connecting / reconnecting / offline / logged out."""
    session_started = Signal(object)
    """SessionStarted: a user is logged in (by password or a resumed session)."""
    auth_required = Signal(object)
    """AuthRequired: the saved session was refused; the user must log in again."""
    meetings_changed = Signal(object)
    """MeetingsChanged: the list of meetings the user can see changed."""
    meeting_updated = Signal(object)
    """MeetingUpdated: one meeting's snapshot changed (with the events that changed it)."""
    meeting_removed = Signal(object)
    """MeetingRemoved: a meeting is no longer visible to this user."""
    sync_progressed = Signal(object)
    """SyncProgress: background document download progress over all meetings."""
    document_available = Signal(object)
    """DocumentAvailable: a document is complete and SHA-256 verified on disk."""
    download_failed = Signal(object)
    """DownloadFailed: a document's bytes did not match its SHA-256, or it was refused."""
    upload_progressed = Signal(object)
    """UploadProgress: bytes of a document upload acknowledged by the server."""
    command_finished = Signal(object)
    """CommandFinished: the server acknowledged (or refused) a queued command."""
    outbox_changed = Signal(object)
    """OutboxChanged: the number of commands waiting to reach the server changed."""
    ballot_changed = Signal(object)
    """BallotChanged: one of this device's ballots was stored, acknowledged, refused or
    checked against the published record."""
    notes_changed = Signal(object)
    """NotesChanged: the notes of a meeting changed here or arrived from the server."""
    presenter_changed = Signal(object)
    """PresenterChanged: the presenter showed another page, or stopped presenting."""
    notes_carried = Signal(object)
    """NotesCarried: notes were carried to a new version of a document (or failed to)."""

    _future_done = Signal(int, object)
    """Internal: (token, future) of a finished future, queued to the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._routes: dict[type, Any] = {
            ev.ConnectionChanged: self.connection_changed,
            ev.SessionStarted: self.session_started,
            ev.AuthRequired: self.auth_required,
            ev.MeetingsChanged: self.meetings_changed,
            ev.MeetingUpdated: self.meeting_updated,
            ev.MeetingRemoved: self.meeting_removed,
            ev.SyncProgress: self.sync_progressed,
            ev.DocumentAvailable: self.document_available,
            ev.DownloadFailed: self.download_failed,
            ev.UploadProgress: self.upload_progressed,
            ev.CommandFinished: self.command_finished,
            ev.OutboxChanged: self.outbox_changed,
            ev.BallotChanged: self.ballot_changed,
            ev.PresenterChanged: self.presenter_changed,
            ev.NotesChanged: self.notes_changed,
            ev.NotesCarried: self.notes_carried,
        }
        self._tokens = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[concurrent.futures.Future[Any]], None],
                                       QObject | None]] = {}
        self._future_done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def __call__(self, event: ev.EngineEvent) -> None:
        """The engine listener (engine thread): emit the matching signal."""
        signal = self._routes.get(type(event))
        if signal is None:
            log.warning("unknown engine event %s", type(event).__name__)
            return
        if isValid(self):
            signal.emit(event)

    def when_done(self, future: concurrent.futures.Future[T],
                  callback: Callable[[concurrent.futures.Future[T]], None], *,
                  context: QObject | None = None) -> None:
        """Call ``callback(future)`` on the GUI thread once ``future`` is done.

        Never blocks. If ``context`` is given and has been deleted by then, the
        callback is dropped (a closed dialog does not receive a late answer).
        """
        token = next(self._tokens)
        self._pending[token] = (callback, context)

        def done(f: concurrent.futures.Future[T]) -> None:
            if isValid(self):
                self._future_done.emit(token, f)

        future.add_done_callback(done)

    def then(self, future: concurrent.futures.Future[T], on_ok: Callable[[T], None],
             on_error: Callable[[BaseException], None] | None = None, *,
             context: QObject | None = None) -> None:
        """Like :meth:`when_done` but split into a result and an error callback."""

        def split(f: concurrent.futures.Future[T]) -> None:
            if f.cancelled():
                return
            exc = f.exception()
            if exc is None:
                on_ok(f.result())
            elif on_error is not None:
                on_error(exc)
            else:
                log.warning("background request failed: %s", type(exc).__name__)

        self.when_done(future, split, context=context)

    @property
    def pending_futures(self) -> int:
        """Futures still awaited (tests check nothing leaks)."""
        return len(self._pending)

    @Slot(int, object)
    def _deliver(self, token: int, future: concurrent.futures.Future[Any]) -> None:
        entry = self._pending.pop(token, None)
        if entry is None:
            return
        callback, context = entry
        if context is not None and not isValid(context):
            return
        try:
            callback(future)
        except Exception:
            log.exception("a future callback failed")
