"""The only home of keyring: remember and forget session tokens and signing passphrases."""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError

log = logging.getLogger("meetingroom.credentials")

SERVICE = "meetingroom"


class Credentials:
    """Secrets in the operating system's keyring; never in our files or logs.

    Every method degrades gracefully when no keyring is available (a headless
    machine): saving reports False and loading returns None.
    """

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    @staticmethod
    def _key(server_url: str, username: str) -> str:
        return f"session:{username}@{server_url}"

    def save_token(self, server_url: str, username: str, token: str) -> bool:
        """Store a session token; False if no keyring could take it."""
        try:
            keyring.set_password(self.service, self._key(server_url, username), token)
        except (KeyringError, RuntimeError) as e:
            log.warning("cannot remember the session: %s", type(e).__name__)
            return False
        return True

    def load_token(self, server_url: str, username: str) -> str | None:
        try:
            value = keyring.get_password(self.service, self._key(server_url, username))
        except (KeyringError, RuntimeError) as e:
            log.warning("cannot read the keyring: %s", type(e).__name__)
            return None
        return value if isinstance(value, str) else None

    def forget_token(self, server_url: str, username: str) -> None:
        with contextlib.suppress(KeyringError, RuntimeError):
            keyring.delete_password(self.service, self._key(server_url, username))

    def available(self) -> bool:
        """Whether a usable (non-fail) keyring backend is configured."""
        try:
            backend = keyring.get_keyring()
        except (KeyringError, RuntimeError):
            return False
        return bool(getattr(backend, "priority", 0) > 0)

    @staticmethod
    def _passphrase_key(key_file: str) -> str:
        return f"p12:{key_file}"

    def save_passphrase(self, key_file: str, passphrase: bytes) -> bool:
        """Remember the passphrase of a certificate file (by its absolute path); False if
        no keyring could take it or it is not text."""
        try:
            text = passphrase.decode("utf-8")
            keyring.set_password(self.service, self._passphrase_key(key_file), text)
        except (KeyringError, RuntimeError, UnicodeDecodeError) as e:
            log.warning("cannot remember the passphrase: %s", type(e).__name__)
            return False
        return True

    def load_passphrase(self, key_file: str) -> bytes | None:
        try:
            value = keyring.get_password(self.service, self._passphrase_key(key_file))
        except (KeyringError, RuntimeError) as e:
            log.warning("cannot read the keyring: %s", type(e).__name__)
            return None
        return value.encode("utf-8") if isinstance(value, str) else None

    def forget_passphrase(self, key_file: str) -> None:
        with contextlib.suppress(KeyringError, RuntimeError):
            keyring.delete_password(self.service, self._passphrase_key(key_file))
