"""errors.py's docstring draws the exception tree: every class in it, under its parent."""

from __future__ import annotations

import inspect
import re

from meetingroom import errors


def test_the_drawn_tree_names_every_error_under_its_own_parent() -> None:
    drawn: dict[str, int] = {}  # class name -> depth in the drawing
    parents: dict[str, str] = {}
    stack: list[str] = []
    for line in (errors.__doc__ or "").splitlines():
        m = re.match(r"^([│ ├└─]*)([A-Z]\w+Error)\b", line)
        if not m:
            continue
        depth = len(m.group(1)) // 4
        name = m.group(2)
        drawn[name] = depth
        del stack[depth:]
        if stack:
            parents[name] = stack[-1]
        stack.append(name)
    classes = {c.__name__: c for _, c in inspect.getmembers(errors, inspect.isclass)
               if issubclass(c, errors.MeetingroomError)}
    assert set(drawn) == set(classes)
    for name, cls in classes.items():
        if cls is not errors.MeetingroomError:
            assert parents[name] == cls.__bases__[0].__name__, name
