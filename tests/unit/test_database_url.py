"""A database URL in an error message never shows its password."""

from __future__ import annotations

import pytest

from meetingroom.storage.db import DatabaseSetupError, check_database_url, masked_url


def test_an_unparseable_url_is_named_without_its_password() -> None:
    url = "postgresql+psycopg:/bientap:Mat-Khau-2026@db.local/meetingroom"  # a '/' forgotten
    with pytest.raises(DatabaseSetupError) as refused:
        check_database_url(url)
    assert "Mat-Khau-2026" not in str(refused.value)
    assert "not a database URL" in str(refused.value)


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://u:secret@h/db", "postgresql+psycopg:***@h/db"),
    ("postgresql+psycopg:/u:sec/ret@h/db", "postgresql+psycopg:***@h/db"),
    ("nonsense u:secret@h", "nonsense u:***@h"),
    ("sqlite:////srv/meetingroom/server.sqlite", "sqlite:////srv/meetingroom/server.sqlite"),
    ("postgresql://u@h/db", "postgresql:***@h/db"),  # the user name goes too
])
def test_masked_url_hides_the_user_and_password_and_keeps_the_rest(url: str, shown: str) -> None:
    assert masked_url(url) == shown
