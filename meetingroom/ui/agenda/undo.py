"""Undoable agenda edits: each QUndoCommand sends a server command and its inverse on undo."""

from __future__ import annotations

import collections
import concurrent.futures
import itertools
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import overload

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from meetingroom.domain import agenda
from meetingroom.domain.model import AgendaItem, Document
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import Body
from meetingroom.protocol.replies import DocumentReply, ItemReply
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge

log = logging.getLogger("meetingroom.ui")

Result = Mapping[str, object]
"""A command's answer as the server sent it (read with a class of protocol/replies.py)."""
Step = Callable[[], "concurrent.futures.Future[Result] | None"]


class CommandRunner(QObject):
    """Sends agenda commands one after another; owner: the AgendaEditor (parent).

    Serial on purpose: an undo may need the id the server gave to an item the
    previous command created. Items are named by *logical* ids: an item's first
    server id; when an undo re-creates a deleted item it gets a new server id
    and ``resolve`` maps the old one to it, so older commands still find it.
    """

    failed = Signal(object)
    """BaseException: a command was refused; the queue was dropped."""
    idle = Signal()
    """Every queued command has been acknowledged."""
    item_created = Signal(str, bool)
    """(server id, first time): an Add command created an item (the editor selects it and,
    the first time, opens its title for typing)."""

    def __init__(self, engine: SyncEngine, bridge: EngineBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._bridge = bridge
        self._ids: dict[str, str] = {}
        self._queue: collections.deque[tuple[Step, Callable[[Result], None] | None]] = (
            collections.deque())
        self._busy = False
        self._local = itertools.count(1)

    def new_logical_id(self) -> str:
        """A placeholder id for an item a command is about to create."""
        return f"local-{next(self._local)}"

    @overload
    def resolve(self, logical: str) -> str: ...
    @overload
    def resolve(self, logical: None) -> None: ...
    @overload
    def resolve(self, logical: str | None) -> str | None: ...

    def resolve(self, logical: str | None) -> str | None:
        """The server's id for a logical id (the same id if the server's already)."""
        seen: set[str] = set()
        while logical is not None and logical in self._ids and logical not in seen:
            seen.add(logical)
            logical = self._ids[logical]
        return logical

    def bind(self, logical: str, server_id: str) -> None:
        if logical != server_id:
            self._ids[logical] = server_id

    @property
    def busy(self) -> bool:
        return self._busy or bool(self._queue)

    def send(self, body: Callable[[], Body], on_ok: Callable[[Result], None] | None = None
             ) -> None:
        """Queue a command; ``body`` is built when its turn comes (ids resolved then)."""
        self._queue.append((lambda: self._engine.outbox.command(body()), on_ok))
        self._pump()

    def attach_again(self, meeting_id: str, doc: Document,
                     on_ok: Callable[[Result], None] | None = None) -> None:
        """Queue attaching ``doc``'s bytes to its item again (undoing its removal).

        The server attaches only bytes the user has shown it has, and may have let
        go of them once no meeting held them: so the verified copy on this computer
        is uploaded again (only what the server lacks travels). Without a local
        copy, the bytes are named by hash and the server decides.
        """
        def step() -> concurrent.futures.Future[Result]:
            item_id = self.resolve(doc.item_id) or doc.item_id
            local = self._engine.documents.ready_path(doc.sha256)
            if local is None:
                return self._engine.outbox.command(rq.DocumentAttach(meeting_id=meeting_id,
                                                                     item_id=item_id,
                                                                     name=doc.name,
                                                                     sha256=doc.sha256))
            uploaded = self._engine.uploads.document(meeting_id, item_id, local, name=doc.name)
            return _as_result(uploaded)

        self._queue.append((step, on_ok))
        self._pump()

    def _pump(self) -> None:
        if self._busy:
            return
        if not self._queue:
            self.idle.emit()
            return
        step, on_ok = self._queue.popleft()
        self._busy = True
        try:
            future = step()
        except Exception as exc:  # a body that cannot be built (item vanished)
            self._fail(exc)
            return
        if future is None:
            self._busy = False
            self._pump()
            return
        self._bridge.then(future, lambda r: self._done(r, on_ok), self._fail, context=self)

    def _done(self, result: Result, on_ok: Callable[[Result], None] | None) -> None:
        self._busy = False
        if on_ok is not None:
            try:
                on_ok(result)
            except Exception as exc:
                log.exception("handling a command result failed")
                self._fail(exc)
                return
        self._pump()

    def _fail(self, exc: BaseException) -> None:
        self._busy = False
        self._queue.clear()
        self.failed.emit(exc)


def _as_result(future: concurrent.futures.Future[Document]) -> concurrent.futures.Future[Result]:
    """``{"document": ...}`` like the attach command's result, from an upload's Document."""
    out: concurrent.futures.Future[Result] = concurrent.futures.Future()

    def done(f: concurrent.futures.Future[Document]) -> None:
        if f.cancelled():
            out.cancel()
        elif (exc := f.exception()) is not None:
            out.set_exception(exc)
        else:
            out.set_result({"document": f.result().to_dict()})

    future.add_done_callback(done)
    return out


@dataclass(frozen=True, slots=True)
class Place:
    """Where an item sits: parent (logical id or None) and index among its siblings."""

    parent: str | None
    index: int


class _Base(QUndoCommand):
    def __init__(self, runner: CommandRunner, meeting_id: str, text: str) -> None:
        super().__init__(text)
        self.runner = runner
        self.meeting_id = meeting_id

    def move(self, logical: str, place: Place) -> None:
        r = self.runner
        self.runner.send(lambda: rq.AgendaMove(
            meeting_id=self.meeting_id, item_id=r.resolve(logical),
            parent_id=r.resolve(place.parent), index=place.index))


class AddItem(_Base):
    """Add an item (redo) / remove it (undo)."""

    def __init__(self, runner: CommandRunner, meeting_id: str, text: str, *,
                 parent: str | None, title: str, notes: str = "",
                 index: int | None = None) -> None:
        super().__init__(runner, meeting_id, text)
        self.parent_logical, self.title, self.notes = parent, title, notes
        self.index = index
        """Place among the siblings; None: last."""
        self.logical = runner.new_logical_id()
        self._first = True

    def redo(self) -> None:
        r = self.runner
        first, self._first = self._first, False

        def created(result: Result) -> None:
            r.bind(self.logical, ItemReply.from_wire(result).item.id)
            if self.index is None:
                announce(result)

        def announce(_result: Result) -> None:
            new_id = r.resolve(self.logical)
            if new_id is not None:
                r.item_created.emit(new_id, first)

        r.send(lambda: rq.AgendaAdd(meeting_id=self.meeting_id, title=self.title, notes=self.notes,
                                    parent_id=r.resolve(self.parent_logical)), created)
        index = self.index
        if index is not None:  # then put it in its place, and only then announce it
            r.send(lambda: rq.AgendaMove(
                meeting_id=self.meeting_id, item_id=r.resolve(self.logical),
                parent_id=r.resolve(self.parent_logical), index=index), announce)

    def undo(self) -> None:
        r = self.runner
        r.send(lambda: rq.AgendaRemove(meeting_id=self.meeting_id, item_id=r.resolve(self.logical)))


class UpdateItem(_Base):
    """Change a title or notes (redo) / put the old value back (undo)."""

    def __init__(self, runner: CommandRunner, meeting_id: str, text: str, *, item: str,
                 field: str, old: str, new: str) -> None:
        super().__init__(runner, meeting_id, text)
        self.item, self.field, self.old, self.new = item, field, old, new

    def _send(self, value: str) -> None:
        r = self.runner
        r.send(lambda: rq.AgendaUpdate(meeting_id=self.meeting_id,
                                       item_id=r.resolve(self.item) or self.item,
                                       **{self.field: value}))

    def redo(self) -> None:
        self._send(self.new)

    def undo(self) -> None:
        self._send(self.old)


class MoveItem(_Base):
    """Move an item to a new place (redo) / back to where it was (undo)."""

    def __init__(self, runner: CommandRunner, meeting_id: str, text: str, *, item: str,
                 old: Place, new: Place) -> None:
        super().__init__(runner, meeting_id, text)
        self.item, self.old, self.new = item, old, new

    def redo(self) -> None:
        self.move(self.item, self.new)

    def undo(self) -> None:
        self.move(self.item, self.old)


class RemoveItem(_Base):
    """Remove an item and its sub-items (redo) / re-create them with their documents (undo)."""

    def __init__(self, runner: CommandRunner, meeting_id: str, text: str, *,
                 items: tuple[AgendaItem, ...], documents: tuple[Document, ...],
                 root: str) -> None:
        super().__init__(runner, meeting_id, text)
        self.root = root
        root_item = next(i for i in items if i.id == root)
        siblings = agenda.children_of(items, root_item.parent_id)
        self.place = Place(root_item.parent_id, [s.id for s in siblings].index(root))
        subtree = _subtree_ids(items, root)
        self.items = [o.item for o in agenda.ordered(items) if o.item.id in subtree]
        self.documents = sorted((d for d in documents if d.item_id in subtree),
                                key=lambda d: (d.item_id, d.position))

    def redo(self) -> None:
        r = self.runner
        r.send(lambda: rq.AgendaRemove(meeting_id=self.meeting_id, item_id=r.resolve(self.root)))

    def undo(self) -> None:
        r = self.runner
        for it in self.items:  # depth-first display order: parents before children
            def created(result: Result, logical: str = it.id) -> None:
                r.bind(logical, ItemReply.from_wire(result).item.id)

            r.send(lambda it=it: rq.AgendaAdd(  # type: ignore[misc]  # loop binding
                meeting_id=self.meeting_id, title=it.title, notes=it.notes,
                parent_id=r.resolve(it.parent_id) if it.id != self.root else
                r.resolve(self.place.parent)), created)
        self.move(self.root, self.place)
        for d in self.documents:
            r.send(lambda d=d: rq.DocumentAttach(  # type: ignore[misc]  # loop binding
                meeting_id=self.meeting_id, item_id=r.resolve(d.item_id), name=d.name,
                sha256=d.sha256))


class RemoveDocument(_Base):
    """Detach a document (redo) / attach the same bytes again (undo)."""

    def __init__(self, runner: CommandRunner, meeting_id: str, text: str, *,
                 document: Document) -> None:
        super().__init__(runner, meeting_id, text)
        self.document = document
        self.current_id = document.id

    def redo(self) -> None:
        r = self.runner
        r.send(lambda: rq.DocumentRemove(meeting_id=self.meeting_id, document_id=self.current_id))

    def undo(self) -> None:
        r = self.runner

        def attached(result: Result) -> None:
            self.current_id = DocumentReply.from_wire(result).document.id

        r.attach_again(self.meeting_id, self.document, attached)


def _subtree_ids(items: tuple[AgendaItem, ...], root: str) -> set[str]:
    out = {root}
    grew = True
    while grew:
        grew = False
        for it in items:
            if it.parent_id in out and it.id not in out:
                out.add(it.id)
                grew = True
    return out
