"""What the engine's feature mixins (``live.py``, ``notes.py``) need from ``SyncEngine``."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

from meetingroom.domain.model import MeetingSnapshot, User
from meetingroom.storage.cache import ClientCache
from meetingroom.sync import events as ev
from meetingroom.sync.connection import ServerLink

T = TypeVar("T")


class EngineParts:
    """The engine's loop, link, cache and snapshots, as the mixins see them; every method
    here is implemented by :class:`~meetingroom.sync.engine.SyncEngine`."""

    cache: ClientCache

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        raise NotImplementedError

    def _emit(self, event: ev.EngineEvent) -> None:
        raise NotImplementedError

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        raise NotImplementedError

    def _carry_soon(self, meeting_id: str | None = None) -> None:
        """Carry notes to new document versions soon (``sync/carry.py``)."""
        raise NotImplementedError

    def snapshot(self, meeting_id: str) -> MeetingSnapshot | None:
        raise NotImplementedError

    @property
    def user(self) -> User | None:
        raise NotImplementedError

    @property
    def link(self) -> ServerLink | None:
        raise NotImplementedError

    async def _require_link(self, wait: float = 0.0) -> ServerLink:
        raise NotImplementedError

    async def _command(self, mtype: str, body: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError
