"""The Qt binding itself: guards against known-broken PySide6 releases."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal()
    carried = Signal(object)


def test_emitting_signals_does_not_leak_references_to_true() -> None:
    """PySide6 6.12.0 dropped a reference to ``True`` on every emit, which aborts the
    interpreter ("bool_dealloc") after about a thousand emits — a long meeting's worth of
    engine events. pyproject.toml excludes it; this catches a release that regresses."""
    emitter = _Emitter()
    got: list[object] = []
    emitter.carried.connect(got.append)
    before = sys.getrefcount(True)
    for n in range(200):
        emitter.fired.emit()
        emitter.carried.emit(n)
    # a leaking binding loses 400 here; allow a few references taken elsewhere meanwhile
    assert abs(sys.getrefcount(True) - before) < 50
    assert got == list(range(200))
