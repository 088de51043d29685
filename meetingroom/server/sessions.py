"""Sessions on the room server: login, resume and logout, and the check that a
connection's session is still valid before each request it makes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor

from meetingroom import __version__
from meetingroom.domain.model import User
from meetingroom.errors import AuthError, SessionExpiredError
from meetingroom.protocol import messages as msg
from meetingroom.protocol import requests as rq
from meetingroom.protocol.limits import PROTOCOL_VERSION
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.session import SessionState
from meetingroom.server import passwords
from meetingroom.server.dbthread import DbThread
from meetingroom.server.hub import Client, Hub
from meetingroom.server.login_throttle import LoginThrottle
from meetingroom.storage.server_store import ServerStore

log = logging.getLogger("meetingroom.server")

SESSION_RECHECK = 30.0
"""Seconds between database checks of an open connection's session (revocation delay)."""
SERVER_INFO = {"version": __version__, "protocol": PROTOCOL_VERSION}
"""The ``server`` field of the login and resume results (docs/protocol.md, "Versions")."""


class Sessions:
    """Owner: the RoomServer. Binds a connection to its user once a login or resume
    succeeds, and ends it on logout, expiry or revocation (on every connection of the
    session)."""

    def __init__(self, *, store: ServerStore, db: DbThread, hub: Hub, throttle: LoginThrottle,
                 hashing: Executor, session_hours: float, clock: Callable[[], float],
                 tsa_advert: Callable[[], Reply | None], peers: bool = False) -> None:
        self.store, self.db, self.hub, self.throttle = store, db, hub, throttle
        self._hashing = hashing
        """Password checks run here (scrypt), never on the event loop."""
        self._session_hours = session_hours
        self.clock = clock
        self._tsa_advert = tsa_advert
        self._about: Reply = {"server": SERVER_INFO, **({"peers": True} if peers else {})}
        """What the login and resume results say of the server besides its timestamps."""

    async def login(self, client: Client, body: rq.Login) -> Reply:
        username = body.username.strip()
        ticket = self.throttle.reserve_login(username, client.address)  # before any await
        try:
            found = await self.db.run(self.store.user_credentials, username)
            stored = found[1] if found else passwords.dummy_hash()
            ok = await asyncio.get_running_loop().run_in_executor(
                self._hashing, passwords.verify_password, body.password, stored)
        except BaseException:  # the connection went, say: no answer was given
            self.throttle.abandoned(ticket)
            raise
        if not ok or found is None or found[2]:
            self.throttle.failed(ticket)
            log.info("failed login for %r from %s", username[:64], client.address)
            raise AuthError("wrong username or password")
        self.throttle.succeeded(ticket)
        user = found[0]
        token = passwords.new_token()
        th = passwords.token_hash(token)
        expires = self.clock() + self._session_hours * 3600
        await self.db.run(self.store.create_session, th, user.id, expires)
        self.bind(client, user, th, expires)
        log.info("login %s from %s", user.username, client.address)
        return {"token": token, "user": user.to_dict(), "expires_at": expires,
                "tsa": self._tsa_advert(), **self._about}

    async def resume(self, client: Client, body: rq.Resume) -> Reply:
        th = passwords.token_hash(body.token)
        found = await self.db.run(self.store.session_user, th)
        if found is None:  # a valid token always works; a wrong one counts for the address
            self.throttle.check_address(client.address)
            self.throttle.address_failed(client.address)
            raise SessionExpiredError("your session has expired; log in again")
        user, expires = found
        self.bind(client, user, th, expires)
        return {"user": user.to_dict(), "expires_at": expires, "tsa": self._tsa_advert(),
                **self._about}

    async def check(self, client: Client) -> None:
        """Refuse a request on a session that expired, or was ended since it was checked."""
        now = self.clock()
        ok = now < client.expires_at
        if ok and now - client.checked_at > SESSION_RECHECK and client.token_hash:
            ok = await self.db.run(self.store.session_user, client.token_hash) is not None
            client.checked_at = now
        if not ok:
            self.end(client)
            raise SessionExpiredError("your session has ended; log in again")

    def bind(self, client: Client, user: User, token_hash: str,
                      expires_at: float) -> None:
        client.user, client.token_hash = user, token_hash
        client.expires_at = expires_at
        client.checked_at = self.clock()

    def end(self, client: Client) -> None:
        client.user = None
        client.token_hash = None
        client.forget_access()
        for mid in list(client.subscriptions):
            self.hub.unsubscribe(client, mid)
        if client.session.state is SessionState.READY:
            client.session.logged_out()

    async def logout(self, client: Client, user: User, body: rq.Logout, rid: str) -> None:
        """Answer, then end this session here and on every other connection that uses its
        token (tabs, retries)."""
        if client.token_hash:
            await self.db.run(self.store.delete_session, client.token_hash)
        client.out.send_live(msg.encode_result(rid, {}))
        token_hash = client.token_hash
        self.end(client)
        if token_hash:
            for other in self.hub.clients_of_session(token_hash):
                self.end(other)
                other.out.disconnect(1008, "logged out")

