"""Administration without the GUI: users, meetings, participants, agenda items, documents,
trusted root certificates.

Works directly on the server's database and blob folder (the running server
picks the changes up from the event log within a second).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from meetingroom.atomic_files import private_dir
from meetingroom.domain import text
from meetingroom.domain.doc_titles import pdf_title
from meetingroom.domain.model import AgendaItem, Document, Meeting, MeetingStatus, User
from meetingroom.domain.roles import Role
from meetingroom.domain.trust import TrustRoot
from meetingroom.errors import NotFoundError, ProtocolError
from meetingroom.pdf.check import check_pdf
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import B
from meetingroom.protocol.limits import MAX_DOCUMENT_BYTES
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.replies import part
from meetingroom.server import commands, passwords, trust
from meetingroom.storage.blobs import BlobStore, sha256_file
from meetingroom.storage.server_store import ServerStore, Tx, new_id
from meetingroom.storage.upgrade import UpgradePolicy

_USERNAME = re.compile(r"^[a-z0-9._-]{1,64}$")
MIN_PASSWORD = 8


def _check_password(password: str, *, allow_weak: bool) -> None:
    if len(password) < (1 if allow_weak else MIN_PASSWORD):
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")


@dataclass
class Admin:
    """Administrative operations on one server data directory."""

    store: ServerStore
    blobs: BlobStore

    @classmethod
    def open(cls, data_dir: Path, db_url: str | None = None) -> Admin:
        """The data in ``data_dir`` (or ``db_url``). Refuses (``DatabaseSetupError``) a
        database that needs upgrading, is newer than this release or is damaged."""
        from meetingroom.server.config import ServerConfig

        cfg = ServerConfig(data_dir=data_dir, db_url=db_url)
        private_dir(data_dir)
        # a new database is created; an older one is left to 'meetingroom admin db upgrade'
        store = ServerStore.open(cfg.database_url, policy=UpgradePolicy(allow=False))
        return cls(store, BlobStore(data_dir / "blobs"))

    def close(self) -> None:
        self.store.engine.dispose()

    def _system(self) -> User:
        return User(id="system", username="system", display_name="System", role=Role.ADMIN)

    def _run(self, handler: Callable[[Tx, User, B], Reply], body: B) -> Reply:
        """Apply one of the server's commands as the system user."""
        result, _events, _ = self.store.run_command(
            "system", "admin-" + new_id(), body.TYPE, lambda tx: handler(tx, self._system(), body))
        return result

    def add_user(self, username: str, password: str, *, role: Role,
                 display_name: str | None = None, allow_weak: bool = False) -> User:
        """Create an account. ``allow_weak`` is for throw-away demo data only."""
        if not _USERNAME.match(username):
            raise ValueError("a username is 1-64 characters of a-z, 0-9, '.', '_' or '-'")
        _check_password(password, allow_weak=allow_weak)
        name = text.clean_line(display_name or username, "the display name", max_len=200)
        with self.store.transaction() as tx:
            return tx.add_user(username=username, display_name=name,
                               role=role, password_hash=passwords.hash_password(password))

    def set_password(self, username: str, password: str) -> int:
        """Change a password and end the user's sessions; returns how many were ended."""
        _check_password(password, allow_weak=False)
        user = self.store.user_by_username(username)
        self.store.set_password_hash(user.id, passwords.hash_password(password))
        return self.store.end_sessions(user.id)

    def set_disabled(self, username: str, disabled: bool) -> int:
        """Disable (or enable) an account; disabling ends its sessions at once."""
        user = self.store.user_by_username(username)
        self.store.set_disabled(user.id, disabled)
        return self.store.end_sessions(user.id) if disabled else 0

    # -- trusted roots for signed minutes ----------------------------------------------
    def trust_add(self, path: Path, *, label: str | None = None) -> list[TrustRoot]:
        """Trust the CA certificate(s) in ``path`` (PEM or DER) when validating signed
        minutes; all or none are added. Bad input raises ``ProtocolError`` with a reason."""
        if label is not None:
            try:
                label = text.clean_line(label, "the label", max_len=200)
            except text.TextError as e:
                raise ProtocolError(str(e), reason=e.reason) from None
        with path.open("rb") as f:
            data = f.read(trust.MAX_CERT_FILE + 1)
        parsed = trust.parse_roots(data, label=label, now=datetime.now(UTC))
        self.store.add_trust_roots([(p.root, p.der) for p in parsed])
        return [p.root for p in parsed]

    def trust_list(self) -> list[TrustRoot]:
        return self.store.list_trust_roots()

    def trust_remove(self, fingerprint: str) -> None:
        self.store.remove_trust_root(trust.normalise_fingerprint(fingerprint))

    def create_meeting(self, title: str, *, location: str = "", starts_at: str = "",
                       created_by: str = "system", publish: bool = False) -> str:
        result = self._run(commands.meeting_create, rq.MeetingCreate(
            title=title, location=location, starts_at=starts_at))
        mid = Meeting.from_dict(part(result, "meeting")).id
        if created_by != "system":
            from dataclasses import replace

            with self.store.transaction() as tx:
                tx.update_meeting(replace(tx.meeting(mid), created_by=created_by))
        if publish:
            self.publish(mid)
        return mid

    def publish(self, meeting_id: str) -> None:
        self._run(commands.meeting_publish, rq.MeetingPublish(meeting_id=meeting_id))

    def set_participants(self, meeting_id: str, usernames: list[str],
                         *, non_voting: tuple[str, ...] = ()) -> None:
        members: list[object] = []
        for name in usernames:
            u = self.store.user_by_username(name)
            members.append({"user_id": u.id, "voting": name not in non_voting
                            and u.role.votes_by_default})
        self._run(commands.participants_set,
                  rq.ParticipantsSet(meeting_id=meeting_id, participants=members))

    def add_item(self, meeting_id: str, title: str, *, parent_id: str | None = None,
                 notes: str = "") -> AgendaItem:
        result = self._run(commands.agenda_add, rq.AgendaAdd(
            meeting_id=meeting_id, title=title, parent_id=parent_id, notes=notes))
        return AgendaItem.from_dict(part(result, "item"))

    def attach(self, meeting_id: str, item_id: str, pdf: Path, *,
               name: str | None = None) -> Document:
        """Copy ``pdf``, check the copy (in a bounded subprocess), attach it to the item.

        Nothing is stored when any step fails: the checks run on a private copy (so
        the file cannot change between check and store), and the blob's row and the
        document are written in one transaction.
        """
        display = text.clean_file_name(name or pdf.name)
        with self.store.transaction() as tx:  # fail early on a wrong meeting or item
            if item_id not in {i.id for i in tx.items(meeting_id)}:
                raise NotFoundError("no such agenda item in this meeting")
        return self._store_document(pdf, lambda tx, user, sha: commands.document_attach(
            tx, user, rq.DocumentAttach(meeting_id=meeting_id, item_id=item_id, name=display,
                                        sha256=sha)), "document.attach")

    def new_version(self, meeting_id: str, document_id: str, pdf: Path, *,
                    name: str | None = None) -> Document:
        """Make ``pdf`` the new version of the current document ``document_id`` (the old
        version stays readable), through the server's own ``document.replace``; checked
        and stored like :meth:`attach`. Without ``name`` the new version keeps the
        document's name."""
        new_name = None if name is None else text.clean_file_name(name)
        with self.store.transaction() as tx:  # fail early on a wrong meeting or document
            if document_id not in {d.id for d in tx.documents(meeting_id)}:
                raise NotFoundError("no such document in this meeting")
        return self._store_document(pdf, lambda tx, user, sha: commands.document_replace(
            tx, user, rq.DocumentReplace(meeting_id=meeting_id, document_id=document_id,
                                         sha256=sha, name=new_name)), "document.replace")

    def documents(self, meeting_id: str) -> list[Document]:
        """Every document of the meeting, every version, in agenda-item and list order."""
        with self.store.transaction() as tx:
            docs = tx.documents(meeting_id)
        return sorted(docs, key=lambda d: (d.item_id, d.position, d.version))

    def _store_document(self, pdf: Path, apply: Callable[[Tx, User, str], Reply],
                        mtype: str) -> Document:
        """Check a private copy of ``pdf``, store it as a blob and run the command
        ``mtype`` (``apply``, given the blob's ``sha256``) in the same transaction as the
        blob's row; on any failure a blob this call added is removed again."""
        size = pdf.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise ValueError(f"documents are limited to {MAX_DOCUMENT_BYTES // 2**20} MiB")
        fd, tmp_name = tempfile.mkstemp(dir=self.blobs.root / "tmp", suffix=".pdf")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            shutil.copyfile(pdf, tmp)
            info = check_pdf(tmp)
            existed = self.blobs.has(sha256_file(tmp))
            sha = self.blobs.put_file(tmp)
            system = self._system()

            def add_and_run(tx: Tx) -> Reply:
                tx.add_blob(sha, size, info.pages, "system", title=pdf_title(info.title))
                return apply(tx, system, sha)

            try:
                result, _events, _ = self.store.run_command(
                    "system", "admin-" + new_id(), mtype, add_and_run)
            except BaseException:
                if not existed:
                    self.blobs.discard(sha)
                raise
        finally:
            tmp.unlink(missing_ok=True)
        return Document.from_dict(part(result, "document"))

    def meeting_ids(self) -> list[tuple[str, str, MeetingStatus]]:
        return [(m.id, m.title, m.status) for m, _rev, _ids in self.store.all_meetings()]

    def find_meeting(self, id_or_title: str) -> str:
        """A meeting by id, or by exact title when exactly one meeting has it."""
        rows = self.meeting_ids()
        for mid, _title, _ in rows:
            if mid == id_or_title:
                return mid
        same = [mid for mid, title, _ in rows if title == id_or_title]
        if len(same) > 1:
            raise ValueError(f"{len(same)} meetings are titled {id_or_title!r}; use the id "
                             "(meetingroom admin meeting list)")
        if not same:
            raise NotFoundError(f"no meeting {id_or_title!r}")
        return same[0]
