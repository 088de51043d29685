"""State-changing commands: authorise against role and participation, apply in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from meetingroom.domain import access, agenda, text
from meetingroom.domain.doc_titles import MAX_TITLE
from meetingroom.domain.events import descendants
from meetingroom.domain.model import (
    AgendaItem,
    Document,
    Meeting,
    MeetingStatus,
    User,
    versions,
)
from meetingroom.errors import ConflictError, ForbiddenError, NotFoundError, ProtocolError
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.requests import (
    AgendaAdd,
    AgendaMove,
    AgendaRemove,
    AgendaUpdate,
    DocumentAttach,
    DocumentLabel,
    DocumentRemove,
    DocumentReplace,
    MeetingCreate,
    MeetingPublish,
    MeetingUpdate,
    OnDocument,
    ParticipantsSet,
)
from meetingroom.server.visibility import visible
from meetingroom.storage.server_store import Tx, new_id


def _editable(tx: Tx, user: User, meeting_id: str) -> Meeting:
    """The meeting if ``user`` may edit it; otherwise not-found (if invisible) or forbidden."""
    m, ids = visible(tx, user, meeting_id)
    if not access.can_edit(user, m, ids):
        raise ForbiddenError("only the meeting's secretary or an administrator may change it")
    return m


def _checked(fn: Callable[..., str], *args: Any, **kwargs: Any) -> str:
    """Apply a text rule, turning its complaint into a bad_request with a reason."""
    try:
        return fn(*args, **kwargs)
    except text.TextError as e:
        raise ProtocolError(str(e), reason=e.reason) from None


def _clean(value: str, field: str) -> str:
    return _checked(text.clean_line, value, field)


def meeting_create(tx: Tx, user: User, body: MeetingCreate) -> Reply:
    if not access.can_create_meeting(user):
        raise ForbiddenError("only secretaries and administrators create meetings")
    m = Meeting(id=new_id(), title=_clean(body.title, "title"),
                location=_checked(text.clean_line, body.location, "location",
                                  required=False),
                starts_at=_checked(text.clean_starts_at, body.starts_at),
                status=MeetingStatus.DRAFT, created_by=user.id)
    tx.insert_meeting(m)
    return {"meeting": m.to_dict()}


def meeting_update(tx: Tx, user: User, body: MeetingUpdate) -> Reply:
    m = _editable(tx, user, body.meeting_id)
    new = replace(
        m,
        title=_clean(body.title, "title") if body.title is not None else m.title,
        location=(_checked(text.clean_line, body.location, "location", required=False)
                  if body.location is not None else m.location),
        starts_at=(_checked(text.clean_starts_at, body.starts_at)
                   if body.starts_at is not None else m.starts_at),
    )
    if new != m:
        tx.update_meeting(new)
    return {"meeting": new.to_dict()}


def meeting_publish(tx: Tx, user: User, body: MeetingPublish) -> Reply:
    m = _editable(tx, user, body.meeting_id)
    if m.status is not MeetingStatus.PUBLISHED:
        m = replace(m, status=MeetingStatus.PUBLISHED)
        tx.update_meeting(m)
    return {"meeting": m.to_dict()}


def participants_set(tx: Tx, user: User, body: ParticipantsSet) -> Reply:
    _editable(tx, user, body.meeting_id)
    members: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for entry in body.participants:
        if (not isinstance(entry, dict) or not isinstance(entry.get("user_id"), str)
                or not isinstance(entry.get("voting", True), bool)):
            raise ProtocolError("participants must be objects {user_id: str, voting: bool}")
        if entry["user_id"] in seen:
            continue
        seen.add(entry["user_id"])
        members.append((entry["user_id"], bool(entry.get("voting", True))))
    if len(members) > 5000:
        raise ProtocolError("too many participants")
    tx.set_participants(body.meeting_id, members)
    return {"participants": [p.to_dict() for p in tx.participants(body.meeting_id)]}


def agenda_add(tx: Tx, user: User, body: AgendaAdd) -> Reply:
    mid = body.meeting_id
    _editable(tx, user, mid)
    items = tx.items(mid)
    parent = body.parent_id
    if parent is not None and parent not in {i.id for i in items}:
        raise NotFoundError("no such parent item")
    if agenda.depth_of(items, parent) + 1 > agenda.MAX_DEPTH:
        raise ConflictError(f"agenda items nest at most {agenda.MAX_DEPTH} levels deep",
                            reason="too_deep")
    if len(items) >= 1000:
        raise ConflictError("an agenda holds at most 1000 items")
    item = AgendaItem(id=new_id(), parent_id=parent, position=agenda.next_position(items, parent),
                      title=_clean(body.title, "title"),
                      notes=_checked(text.clean_notes, body.notes))
    tx.upsert_items(mid, [item])
    return {"item": item.to_dict()}


def _item(tx: Tx, mid: str, item_id: str) -> tuple[tuple[AgendaItem, ...], AgendaItem]:
    items = tx.items(mid)
    for it in items:
        if it.id == item_id:
            return items, it
    raise NotFoundError("no such agenda item")


def agenda_update(tx: Tx, user: User, body: AgendaUpdate) -> Reply:
    mid = body.meeting_id
    _editable(tx, user, mid)
    _, it = _item(tx, mid, body.item_id)
    new = replace(it, title=_clean(body.title, "title") if body.title is not None else it.title,
                  notes=(_checked(text.clean_notes, body.notes) if body.notes is not None
                         else it.notes))
    if new != it:
        tx.upsert_items(mid, [new])
    return {"item": new.to_dict()}


def agenda_move(tx: Tx, user: User, body: AgendaMove) -> Reply:
    mid = body.meeting_id
    _editable(tx, user, mid)
    items, _ = _item(tx, mid, body.item_id)
    try:
        changed = agenda.move(items, body.item_id, body.parent_id, body.index)
    except agenda.AgendaMoveError as e:
        raise ConflictError(str(e), reason=e.reason) from None
    tx.upsert_items(mid, changed)
    return {"items": [i.to_dict() for i in changed]}


def agenda_remove(tx: Tx, user: User, body: AgendaRemove) -> Reply:
    mid = body.meeting_id
    _editable(tx, user, mid)
    items, it = _item(tx, mid, body.item_id)
    gone = descendants(items, it.id)
    tx.remove_items(mid, it.id, gone)
    siblings = [i for i in agenda.children_of(items, it.parent_id) if i.id != it.id]
    renumbered = [replace(s, position=n) for n, s in enumerate(siblings) if s.position != n]
    tx.upsert_items(mid, renumbered)
    return {"removed": sorted(gone)}


def document_attach(tx: Tx, user: User, body: DocumentAttach) -> Reply:
    mid = body.meeting_id
    _editable(tx, user, mid)
    _item(tx, mid, body.item_id)
    size, pages = _readable_blob(tx, user, body.sha256)
    name = _checked(text.clean_file_name, body.name)
    existing = [d for d in tx.documents(mid) if d.item_id == body.item_id]
    doc = Document(id=new_id(), item_id=body.item_id, name=name, sha256=body.sha256,
                   size=size, pages=pages,
                   position=max((d.position for d in existing), default=-1) + 1,
                   pdf_title=tx.blob_title(body.sha256))
    tx.insert_document(mid, doc)
    return {"document": doc.to_dict()}


def _readable_blob(tx: Tx, user: User, sha256: str) -> tuple[int, int]:
    """(size, pages) of an uploaded blob this user has shown the server they hold."""
    blob = tx.blob(sha256)
    if blob is None or not tx.may_read_blob(user, sha256):
        raise NotFoundError("upload the document before attaching it")
    return blob[0], blob[1]


def _editable_document(tx: Tx, user: User, body: OnDocument
                        ) -> tuple[str, dict[str, Document], Document]:
    """(meeting id, the meeting's documents by id, the one ``body`` names) for an editor."""
    mid = body.meeting_id
    _editable(tx, user, mid)
    docs = {d.id: d for d in tx.documents(mid)}
    doc = docs.get(body.document_id)
    if doc is None:
        raise NotFoundError("no such document")
    return mid, docs, doc


def document_replace(tx: Tx, user: User, body: DocumentReplace) -> Reply:
    """Make uploaded bytes the new version of a document; the old one stays readable."""
    mid, _docs, old = _editable_document(tx, user, body)
    if not old.current:
        raise ConflictError("this version was already replaced; replace the current one",
                            reason="stale")
    if old.sha256 == body.sha256:
        raise ConflictError("the new version is the same file as the current one",
                            reason="unchanged")
    size, pages = _readable_blob(tx, user, body.sha256)
    name = _checked(text.clean_file_name, body.name) if body.name is not None else old.name
    new = Document(id=new_id(), item_id=old.item_id, name=name, sha256=body.sha256,
                   size=size, pages=pages, position=old.position, version=old.version + 1,
                   replaces=old.id, label=old.label, pdf_title=tx.blob_title(body.sha256))
    tx.mark_replaced(mid, old, new.id)  # first: a client between the two events still
    tx.insert_document(mid, new)        # lists the old one (its successor is not there yet)
    return {"document": new.to_dict()}


def document_label(tx: Tx, user: User, body: DocumentLabel) -> Reply:
    """Give a document the title participants see ("" shows the PDF's title or name)."""
    mid, _docs, doc = _editable_document(tx, user, body)
    label = _checked(lambda v: text.clean_line(v, "a document title", max_len=MAX_TITLE,
                                               required=False), body.label)
    if label == doc.label:
        return {"document": doc.to_dict()}
    return {"document": tx.set_document_label(mid, doc, label).to_dict()}


def document_remove(tx: Tx, user: User, body: DocumentRemove) -> Reply:
    """Remove a document with every version of it."""
    mid, docs, doc = _editable_document(tx, user, body)
    removed = [d.id for d in versions(docs, doc)]
    for doc_id in removed:
        tx.remove_document(mid, doc_id)
    return {"removed": body.document_id, "versions": removed}
