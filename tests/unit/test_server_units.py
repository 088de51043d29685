"""Server pieces without a network: password hashing, tokens, configuration checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingroom.server import passwords
from meetingroom.server.config import ServerConfig


def test_password_hash_verifies_and_is_salted() -> None:
    fast = passwords.ScryptParams(n=2**10)
    a = passwords.hash_password("mật khẩu", fast)
    b = passwords.hash_password("mật khẩu", fast)
    assert a != b and a.startswith("scrypt$")
    assert passwords.verify_password("mật khẩu", a)
    assert not passwords.verify_password("mat khau", a)
    assert not passwords.verify_password("x", "garbage")
    assert not passwords.verify_password("x", "scrypt$1$2$3$!!$!!")


def test_default_hash_is_memory_hard() -> None:
    assert passwords.DEFAULT_PARAMS.n * passwords.DEFAULT_PARAMS.r * 128 >= 16 * 2**20


def test_tokens_are_random_and_stored_hashed() -> None:
    t1, t2 = passwords.new_token(), passwords.new_token()
    assert t1 != t2 and len(t1) >= 40
    assert passwords.token_hash(t1) != t1 and len(passwords.token_hash(t1)) == 64


def test_plain_ws_on_a_network_address_needs_insecure(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--insecure"):
        ServerConfig(data_dir=tmp_path, host="0.0.0.0").validate()
    ServerConfig(data_dir=tmp_path, host="0.0.0.0", insecure=True).validate()
    ServerConfig(data_dir=tmp_path, host="::1").validate()
    with pytest.raises(ValueError, match="together"):
        ServerConfig(data_dir=tmp_path, certfile=tmp_path / "c.pem").validate()
