"""Administration without the GUI: users, meetings, participants, agenda items, documents.

Works directly on the server's database and blob folder (the running server
picks the changes up from the event log within a second).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from meetingroom.domain.model import AgendaItem, Document, MeetingStatus, User
from meetingroom.domain.roles import Role
from meetingroom.errors import NotFoundError
from meetingroom.pdf.check import check_pdf
from meetingroom.server import commands, passwords
from meetingroom.storage.blobs import BlobStore
from meetingroom.storage.db import make_engine
from meetingroom.storage.server_store import ServerStore, new_id


@dataclass
class Admin:
    """Administrative operations on one server data directory."""

    store: ServerStore
    blobs: BlobStore

    @classmethod
    def open(cls, data_dir: Path, db_url: str | None = None) -> Admin:
        from meetingroom.server.config import ServerConfig

        cfg = ServerConfig(data_dir=data_dir, db_url=db_url)
        data_dir.mkdir(parents=True, exist_ok=True)
        store = ServerStore(make_engine(cfg.database_url))
        store.create_all()
        return cls(store, BlobStore(data_dir / "blobs"))

    def close(self) -> None:
        self.store.engine.dispose()

    def _system(self) -> User:
        return User(id="system", username="system", display_name="System", role=Role.ADMIN)

    def _run(self, mtype: str, body: dict[str, object]) -> dict[str, object]:
        handler = commands.HANDLERS[mtype]
        result, _events, _ = self.store.run_command(
            "system", "admin-" + new_id(), mtype, lambda tx: handler(tx, self._system(), body))
        return result

    def add_user(self, username: str, password: str, *, role: Role,
                 display_name: str | None = None) -> User:
        if len(password) < 4:
            raise ValueError("a password needs at least 4 characters")
        with self.store.transaction() as tx:
            return tx.add_user(username=username, display_name=display_name or username,
                               role=role, password_hash=passwords.hash_password(password))

    def set_password(self, username: str, password: str) -> None:
        user = self.store.user_by_username(username)
        self.store.set_password_hash(user.id, passwords.hash_password(password))

    def create_meeting(self, title: str, *, location: str = "", starts_at: str = "",
                       created_by: str = "system", publish: bool = False) -> str:
        result = self._run("meeting.create", {"title": title, "location": location,
                                              "starts_at": starts_at})
        mid = str(result["meeting"]["id"])  # type: ignore[index]
        if created_by != "system":
            from dataclasses import replace

            with self.store.transaction() as tx:
                tx.update_meeting(replace(tx.meeting(mid), created_by=created_by))
        if publish:
            self.publish(mid)
        return mid

    def publish(self, meeting_id: str) -> None:
        self._run("meeting.publish", {"meeting_id": meeting_id})

    def set_participants(self, meeting_id: str, usernames: list[str],
                         *, non_voting: tuple[str, ...] = ()) -> None:
        members = []
        for name in usernames:
            u = self.store.user_by_username(name)
            members.append({"user_id": u.id, "voting": name not in non_voting
                            and u.role.votes_by_default})
        self._run("participants.set", {"meeting_id": meeting_id, "participants": members})

    def add_item(self, meeting_id: str, title: str, *, parent_id: str | None = None,
                 notes: str = "") -> AgendaItem:
        result = self._run("agenda.add", {"meeting_id": meeting_id, "title": title,
                                          "parent_id": parent_id, "notes": notes})
        return AgendaItem.from_dict(result["item"])  # type: ignore[arg-type]

    def attach(self, meeting_id: str, item_id: str, pdf: Path, *,
               name: str | None = None) -> Document:
        """Check ``pdf`` (in a bounded subprocess), store it, and attach it to the item."""
        info = check_pdf(pdf)
        sha = self.blobs.put_file(pdf)
        with self.store.transaction() as tx:
            tx.add_blob(sha, pdf.stat().st_size, info.pages, "system")
        result = self._run("document.attach", {"meeting_id": meeting_id, "item_id": item_id,
                                               "name": name or pdf.name, "sha256": sha})
        return Document.from_dict(result["document"])  # type: ignore[arg-type]

    def meeting_ids(self) -> list[tuple[str, str, MeetingStatus]]:
        return [(m.id, m.title, m.status) for m, _rev, _ids in self.store.all_meetings()]

    def find_meeting(self, id_or_title: str) -> str:
        for mid, title, _ in self.meeting_ids():
            if id_or_title in (mid, title):
                return mid
        raise NotFoundError(f"no meeting {id_or_title!r}")
