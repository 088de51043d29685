"""Keep my trustee key on my token, from the app's menu (SoftHSM as the token)."""

from __future__ import annotations

import base64
from typing import Any

from signing_fixtures import SoftToken, softhsm_token

from meetingroom.sealing.token import trustee_key

__all__ = ["softhsm_token"]  # a fixture

WAIT = 20_000


def test_the_menu_puts_the_trustee_key_on_the_token(
        qtbot: Any, room: Any, clients: Any, login: Any, softhsm_token: SoftToken) -> None:
    mid = room.published_meeting(participants=("secretary", "chair", "delegate"))[
        "meeting_id"]
    chair = login(clients("chair"), "chair")
    engine, window = chair.engine, chair.window
    qtbot.waitUntil(lambda: engine.trustee.is_registered(mid), timeout=WAIT)
    derived = engine.trustee.public_key(mid)
    dialog = window.ask_trustee_token()
    assert window.app_menu.token_action.text() == "Trustee key on my token…"
    dialog.module.setEditText(str(softhsm_token.module))
    dialog.label.setText(softhsm_token.label)
    dialog.pin_field.setText(softhsm_token.pin.decode())
    assert dialog.labels[2].buddy() is dialog.pin_field  # named for a screen reader
    dialog.accept()
    qtbot.waitUntil(lambda: engine.trustee.token() is not None, timeout=WAIT)
    token, public = engine.trustee.token()
    assert public != derived and engine.trustee.public_key(mid) == public
    key = trustee_key(token, softhsm_token.pin, engine.user.id)  # on the token, by PIN
    assert key.public_key().public_bytes_raw() == base64.b64decode(public)
    qtbot.waitUntil(lambda: window.messages.text.startswith(
        "Your trustee key is now on your token"), timeout=WAIT)
    registered = room.admin.store.read(lambda tx: tx.trustee_keys(mid))[engine.user.id]
    assert registered[0] == public  # the meeting now seals the chair's share to it


def test_the_trustee_token_is_spoken_of_as_the_signing_token_is(qapp: Any) -> None:
    from meetingroom.errors import ConflictError, SigningError
    from meetingroom.ui.base.errors import error_text
    from meetingroom.ui.common.live_text import live_error_text

    for trustee, signing in (("bad_pin", "bad_pin"), ("token_not_found", "token_not_found"),
                             ("token_module", "module")):
        said = live_error_text(ConflictError("x", reason=trustee))
        assert said == error_text(SigningError("x", reason=signing)) and "token" in said.lower()
