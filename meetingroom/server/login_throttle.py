"""When a password may be checked: growing delays per (user, address), per address and per user.

Nothing here locks an account. Wrong passwords slow down the place they come from; a
user's own devices are never slowed by guesses from elsewhere (docs/protocol.md,
"Connection rules"). Every attempt is reserved synchronously, before the password hash
is computed, and the checks in flight from one place are capped, so parallel attempts
cannot race past a limit; yet logins that are still being checked are not failures, so
a room's laptops behind one address can all log in at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from meetingroom.errors import RateLimitError

WINDOW = 900.0
"""Seconds after its last failure that a counter is forgotten."""
PAIR_FREE = 5
"""Failed logins for one username from one address before each further one waits."""
ADDRESS_FREE = 40
"""Failed logins or resumes from one address (all usernames) before each further one waits
(higher: a room may share one address behind NAT)."""
ADDRESS_PENDING = 64
"""Password checks from one address in flight at once: a room behind one NAT address logs
in together at the start of a meeting; beyond this, an attempt waits a second."""
MAX_DELAY = 60.0
"""The longest wait between two attempts; delays double from 1 s up to this."""
USER_CEILING = 20
"""Failed logins for one username from all addresses together in ``WINDOW`` after which
attempts from addresses it never logged in from are spaced ``USER_SPACING`` apart."""
USER_SPACING = 5.0
"""Seconds between two password checks for a username under distributed guessing."""
KNOWN_FOR = 30 * 24 * 3600.0
"""How long an address where a username logged in stays exempt from ``USER_SPACING``."""
_SWEEP_AT = 10_000
"""Counters kept before forgotten ones are swept (bounds memory under username sprays)."""

K = TypeVar("K")


def delay_after(failures: int, free: int) -> float:
    """Seconds to wait after ``failures`` failed attempts when ``free`` cost nothing:
    0 below ``free``, then 1, 2, 4, … up to ``MAX_DELAY``."""
    if failures < free:
        return 0.0
    return min(MAX_DELAY, 2.0 ** min(failures - free, 16))


@dataclass(slots=True)
class _Counter:
    """Failures at one key and when the next attempt may start."""

    failures: int = 0
    next_at: float = 0.0
    last_at: float = 0.0
    pending: int = 0
    """Attempts reserved and not answered yet."""

    def forgettable(self, now: float) -> bool:
        """Nothing to remember: no failure within ``WINDOW``, no wait, nothing in flight."""
        return now - self.last_at > WINDOW and now >= self.next_at and not self.pending


@dataclass(frozen=True, slots=True)
class Ticket:
    """A reserved login attempt; give it back with ``succeeded`` when the password was right."""

    username: str
    address: str


class LoginThrottle:
    """Counts failed logins and resumes and says when the next one may be tried.

    ``reserve_login`` (before any await) raises RateLimitError, naming the wait, when the
    attempt must not be tried yet — earlier failures from that place make it wait, or too
    many checks from there are in flight — and else holds the attempt as in flight. Its
    answer then settles it: ``failed`` counts a wrong password (the delays grow),
    ``succeeded`` a right one, ``abandoned`` an attempt never answered.
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._pairs: dict[tuple[str, str], _Counter] = {}
        self._addresses: dict[str, _Counter] = {}
        self._users: dict[str, _Counter] = {}
        self._known: dict[tuple[str, str], float] = {}
        """(username, address) -> when it last logged in successfully."""

    def reserve_login(self, username: str, address: str) -> Ticket:
        now = self._clock()
        pair = self._get(self._pairs, (username, address), now)
        addr = self._get(self._addresses, address, now)
        user = self._get(self._users, username, now)
        known = now - self._known.get((username, address), -math.inf) < KNOWN_FOR
        wait = max(pair.next_at, addr.next_at,
                   user.next_at if user.failures >= USER_CEILING and not known else 0.0) - now
        if wait > 0:
            raise _refusal(wait)
        if pair.pending and pair.failures + pair.pending >= PAIR_FREE:
            raise _refusal(1.0)  # the answers in flight may make this one wait: ask then
        if addr.pending >= ADDRESS_PENDING:
            raise _refusal(1.0)
        pair.pending += 1
        addr.pending += 1
        user.failures += 1
        user.next_at = now + USER_SPACING
        for c in (pair, addr, user):
            c.last_at = now
        return Ticket(username, address)

    def failed(self, ticket: Ticket) -> None:
        """The reserved attempt had a wrong password: count it where it came from."""
        now = self._clock()
        pair, _ = self._settle(ticket, now)
        pair.failures += 1
        pair.next_at = max(pair.next_at, now + delay_after(pair.failures, PAIR_FREE))
        self.address_failed(ticket.address)

    def succeeded(self, ticket: Ticket) -> None:
        """The reserved attempt had the right password: it was no guess."""
        now = self._clock()
        pair, _ = self._settle(ticket, now)
        if pair.pending == 0:
            self._pairs.pop((ticket.username, ticket.address), None)
        user = self._users.get(ticket.username)
        if user is not None:
            user.failures = max(0, user.failures - 1)
        self._known[(ticket.username, ticket.address)] = now

    def abandoned(self, ticket: Ticket) -> None:
        """The reserved attempt was never answered (its connection went)."""
        self._settle(ticket, self._clock())

    def _settle(self, ticket: Ticket, now: float) -> tuple[_Counter, _Counter]:
        pair = self._get(self._pairs, (ticket.username, ticket.address), now)
        addr = self._get(self._addresses, ticket.address, now)
        for c in (pair, addr):
            c.pending = max(0, c.pending - 1)
            c.last_at = now
        return pair, addr

    def check_address(self, address: str) -> None:
        """Raise RateLimitError while failures from ``address`` make it wait."""
        now = self._clock()
        wait = self._get(self._addresses, address, now).next_at - now
        if wait > 0:
            raise _refusal(wait)

    def address_failed(self, address: str) -> None:
        """A wrong password, a failed resume or a malformed request before authentication
        from ``address``."""
        now = self._clock()
        addr = self._get(self._addresses, address, now)
        addr.failures += 1
        addr.next_at = max(addr.next_at, now + delay_after(addr.failures, ADDRESS_FREE))
        addr.last_at = now

    def _get(self, table: dict[K, _Counter], key: K, now: float) -> _Counter:
        c = table.get(key)
        if c is not None and c.forgettable(now):
            c = None
        if c is None:
            if len(table) >= _SWEEP_AT:
                self._sweep(now)
            c = table[key] = _Counter()
        return c

    def _sweep(self, now: float) -> None:
        _forget(self._pairs, now)
        _forget(self._addresses, now)
        _forget(self._users, now)
        self._known = {k: t for k, t in self._known.items() if now - t < KNOWN_FOR}


def _forget(table: dict[K, _Counter], now: float) -> None:
    for key in [k for k, c in table.items() if c.forgettable(now)]:
        del table[key]


def _refusal(wait: float) -> RateLimitError:
    seconds = max(1, math.ceil(wait))
    return RateLimitError(f"too many failed logins; try again in {seconds} s",
                          retry_after=seconds)
